"""Who may see and do what with a case: the task-force access rules.

- Bawaslu users see the cases owned by their Bawaslu office and the offices below it (the province
  sees the kab/kota cases), plus what is shared with their office.
- Every other organisation sees only cases routed or shared to it, and only while the case's TLP
  marking is at or below the level of the share and of the organisation's clearance
  (tlp_clearances.csv).
- A reporter's identity is shown only to admins, analysts and investigators of the owning Bawaslu
  office (or one above it), on an explicit request that is logged.
Refusals raise PermissionDenied (or NotFoundError, for a case the user may not know exists) after
recording the attempt in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NoReturn

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.access.users import UserService
from awas.app import App
from awas.cases.catalogue import WorkflowCatalogue
from awas.cases.repo import case_key
from awas.cases.tables import case_shares, cases
from awas.domain.audit import AuditEvent
from awas.domain.cases import tlp_rank
from awas.domain.orgs import Role
from awas.errors import NotFoundError, PermissionDenied

BAWASLU_KIND = "bawaslu"
OPEN_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.INVESTIGATOR})
MANAGE_ROLES = frozenset({Role.ADMIN, Role.ANALYST})  # route, share, supplement
REVEAL_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.INVESTIGATOR})
MILESTONE_OWNER_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.INVESTIGATOR})
MILESTONE_PARTNER_ROLES = frozenset({Role.INVESTIGATOR, Role.PARTNER_LIAISON})
ADMIN_ROLES = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class Principal:
    """The user (or engine) acting, with what the access rules need about their organisation."""

    username: str
    org_id: str
    org_kind: str
    org_region: str | None
    role: Role
    system: bool = False

    @property
    def is_bawaslu(self) -> bool:
        return self.org_kind == BAWASLU_KIND


def principal_for(app: App, username: str) -> Principal:
    """The active user `username`; NotFoundError for an unknown user, PermissionDenied for a disabled one."""
    user = UserService(app).get(username)
    if not user.active:
        app.audit(
            AuditEvent(
                action="case.access_denied",
                actor=username,
                object_type="user",
                object_id=username,
                org_id=user.org_id,
                details={"reason": "user disabled"},
            )
        )
        raise PermissionDenied(f"pengguna {username!r} dinonaktifkan")
    org = app.reference.organisations.get(user.org_id)
    if org is None:
        raise NotFoundError(f"organisasi {user.org_id!r} pengguna {username!r} tidak ada di data referensi")
    return Principal(username, org.id, org.kind, org.region_code, user.role)


def system_principal(app: App, name: str, org_id: str = "bawaslu-15") -> Principal:
    """An engine acting for a Bawaslu office (recap, coord, the public report form): `system:<name>`."""
    org = app.reference.organisations.get(org_id)
    if org is None or org.kind != BAWASLU_KIND:
        raise NotFoundError(f"{org_id!r} is not a Bawaslu organisation")
    return Principal(f"system:{name}", org.id, org.kind, org.region_code, Role.ANALYST, system=True)


def owner_scope(catalogue: WorkflowCatalogue, principal: Principal) -> frozenset[str]:
    """Bawaslu offices whose cases this principal's office oversees (itself and those below it)."""
    if not principal.is_bawaslu:
        return frozenset()
    region = principal.org_region or ""
    return frozenset(
        org.id
        for org in catalogue.organisations.values()
        if org.kind == BAWASLU_KIND
        and (org.id == principal.org_id or (org.region_code or "").startswith(region))
    )


def clearance_rank(catalogue: WorkflowCatalogue, org_kind: str) -> int:
    """Highest TLP rank an organisation kind may receive; -1 when it has no clearance at all."""
    tlp = catalogue.clearances.get(org_kind)
    return tlp_rank(tlp) if tlp is not None else -1


def visibility_clause(catalogue: WorkflowCatalogue, principal: Principal) -> sa.ColumnElement[bool]:
    """SQL condition on `cases` selecting exactly the cases `principal` may see."""
    shared = sa.exists().where(
        case_shares.c.case_id == cases.c.id,
        case_shares.c.org_id == principal.org_id,
        case_shares.c.revoked_at.is_(None),
        case_shares.c.tlp_rank >= cases.c.tlp_rank,
    )
    cleared = cases.c.tlp_rank <= clearance_rank(catalogue, principal.org_kind)
    scope = owner_scope(catalogue, principal)
    if scope:
        return sa.or_(cases.c.owner_org_id.in_(sorted(scope)), sa.and_(shared, cleared))
    return sa.and_(shared, cleared)


def in_owner_scope(catalogue: WorkflowCatalogue, principal: Principal, row: Any) -> bool:
    return row.owner_org_id in owner_scope(catalogue, principal)


def is_handler_org(principal: Principal, row: Any) -> bool:
    return (
        row.handler_org_id is not None
        and row.handler_org_id == principal.org_id
        and row.routed_at is not None
    )


def refuse(
    app: App, principal: Principal, action: str, object_id: str, reason: str, *, hide: bool = False
) -> NoReturn:
    """Log a refused attempt, then raise (NotFoundError when the case's existence must not leak)."""
    app.audit(
        AuditEvent(
            action="case.access_denied",
            actor=principal.username,
            object_type="case",
            object_id=object_id,
            org_id=principal.org_id,
            details={"attempted": action, "role": principal.role.value, "reason": reason},
        )
    )
    if hide:
        raise NotFoundError(f"perkara {object_id} tidak ditemukan atau tidak dapat Anda akses")
    raise PermissionDenied(f"{action} ditolak: {reason}")


class Refusal(Exception):
    """Raised inside a transaction to refuse an action; `refusals` logs it once the transaction is gone.

    (Logging from inside a SQLite write transaction would wait on the lock that transaction holds.)
    """

    def __init__(self, action: str, reason: str, *, hide: bool = False) -> None:
        super().__init__(reason)
        self.action, self.reason, self.hide = action, reason, hide


@contextmanager
def refusals(app: App, principal: Principal, object_id: str) -> Iterator[None]:
    """Turn a Refusal raised in the block into a logged PermissionDenied / NotFoundError."""
    try:
        yield
    except Refusal as exc:
        refuse(app, principal, exc.action, object_id, exc.reason, hide=exc.hide)


def visible_case(
    conn: Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    ref: str | int,
    action: str,
    *,
    lock: bool = False,
) -> Any:
    """The case row if `principal` may see it; Refusal (shown as "not found") otherwise.

    `lock` (for writers) takes the row lock on PostgreSQL (`FOR UPDATE`), so concurrent writers
    queue instead of failing their conditional update; SQLite's write transactions already queue.
    """
    query = sa.select(cases).where(case_key(ref), visibility_clause(catalogue, principal))
    row = conn.execute(query.with_for_update(of=cases) if lock else query).first()
    if row is None:
        raise Refusal(action, "perkara tidak ada atau di luar akses organisasi", hide=True)
    return row
