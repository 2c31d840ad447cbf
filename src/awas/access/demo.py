"""Demo accounts, one per role across task-force and partner organisations (demo only).

The password is public on purpose: these accounts exist only on the embedded demo database that
`awas demo` builds, and the dashboard's demo banner prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from awas.access.users import UserService
from awas.app import App
from awas.domain.orgs import Role
from awas.errors import NotFoundError

DEMO_PASSWORD = "awas-demo-2024"


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    org_id: str
    role: Role


DEMO_USERS = (
    DemoUser("admin.bawaslu", "Admin Bawaslu Provinsi Jambi", "bawaslu-15", Role.ADMIN),
    DemoUser("analis.bawaslu", "Analis Bawaslu Provinsi Jambi", "bawaslu-15", Role.ANALYST),
    DemoUser("analis.kotajambi", "Analis Bawaslu Kota Jambi", "bawaslu-15.71", Role.ANALYST),
    DemoUser("penyidik.polda", "Penyidik Polda Jambi", "polda-jambi", Role.INVESTIGATOR),
    DemoUser("liaison.kpid", "Penghubung KPID Jambi", "kpid-jambi", Role.PARTNER_LIAISON),
    DemoUser("liaison.kpu", "Penghubung KPU Provinsi Jambi", "kpu-15", Role.PARTNER_LIAISON),
    DemoUser("pantau.iwo", "Pemantau IWO Jambi", "iwo-jambi", Role.READ_ONLY),
)


def ensure_demo_users(app: App, actor: str = "demo") -> list[DemoUser]:
    """Create any missing demo account (idempotent); return all of them."""
    service = UserService(app)
    for user in DEMO_USERS:
        try:
            service.get(user.username)
        except NotFoundError:
            service.create(
                user.username,
                org_id=user.org_id,
                role=user.role,
                password=DEMO_PASSWORD,
                display_name=user.display_name,
                actor=actor,
            )
    return list(DEMO_USERS)
