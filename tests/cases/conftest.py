"""Fixtures for the case tests: users in every role (inserted directly: no password hashing per test),
report builders, a fixed "now" in the Pilkada 2024 period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal, principal_for
from awas.cases.intake_models import LaporanInput, TemuanInput
from awas.domain.orgs import Role
from awas.store.tables import users
from awas.timeutil import WIB

NOW = datetime(2024, 11, 30, 12, 0, tzinfo=WIB).astimezone(UTC)

PELAPOR = {
    "name": "Rahmat Hidayatullah",
    "address": "Jl. Kapten Pattimura No. 77, Kota Jambi",
    "nik": "1571020304850007",
    "phone": "+62 852-6677-8899",
    "email": "rahmat.pelapor@example.org",
}
WITNESS = {
    "name": "Nurhasanah Lubis",
    "phone": "0811 7788 9900",
    "address": "Perumahan Griya Melati Indah Blok C9",
}
# What must never be readable outside the seal (long enough not to occur by chance, e.g. in coordinates).
SECRET_TERMS = (
    "Rahmat Hidayatullah", "Kapten Pattimura", "1571020304850007", "852-6677-8899", "85266778899",
    "rahmat.pelapor", "Nurhasanah", "0811 7788 9900", "081177889900", "Griya Melati",
)  # fmt: skip


def wib(text: str) -> datetime:
    """`2024-11-20 10:00` in WIB, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def add_user(app: App, username: str, org_id: str, role: Role | str, active: bool = True) -> None:
    with app.db.transaction() as conn:
        conn.execute(
            users.insert().values(
                username=username, display_name=username, org_id=org_id, role=Role(role).value,
                password_hash=None, active=active, created_at=NOW,
            )
        )  # fmt: skip


STAFF = {
    "admin": ("bawaslu-15", Role.ADMIN),
    "analis": ("bawaslu-15", Role.ANALYST),
    "investigator": ("bawaslu-15", Role.INVESTIGATOR),
    "analis.kota": ("bawaslu-15.71", Role.ANALYST),
    "analis.kerinci": ("bawaslu-15.01", Role.ANALYST),
    "pantau.bawaslu": ("bawaslu-15", Role.READ_ONLY),
    "penyidik.polda": ("polda-jambi", Role.INVESTIGATOR),
    "liaison.polda": ("polda-jambi", Role.PARTNER_LIAISON),
    "liaison.kpid": ("kpid-jambi", Role.PARTNER_LIAISON),
    "liaison.kpu": ("kpu-15", Role.PARTNER_LIAISON),
    "liaison.kpukota": ("kpu-15.71", Role.PARTNER_LIAISON),
    "pantau.iwo": ("iwo-jambi", Role.READ_ONLY),
}


@pytest.fixture
def staff(app: App) -> Callable[[str], Principal]:
    """Users of every kind; `staff("analis")` is that user's Principal."""
    for name, (org, role) in STAFF.items():
        add_user(app, name, org, role)
    return lambda name: principal_for(app, name)


def laporan(**changes: Any) -> LaporanInput:
    """A complete, admissible report of vote buying in Kota Jambi (override any field)."""
    data: dict[str, Any] = {
        "pelapor": PELAPOR,
        "witnesses": [WITNESS],
        "terlapor": "Tim kampanye paslon nomor urut 2",
        "occurred_at": wib("2024-11-20 10:00"),
        "place": "Pasar Angso Duo, Kota Jambi",
        "known_at": wib("2024-11-20 12:00"),
        "received_at": wib("2024-11-22 09:00"),
        "description": "Pembagian amplop berisi uang kepada warga di pasar oleh tim kampanye, dilihat oleh "
        "Rahmat Hidayatullah (0852 6677 8899).",
        "evidence": [{"description": "foto amplop", "filename": "amplop.jpg", "size_bytes": 120_000}],
        "signed": True,
        "category": "money_politics",
        "actor": "tim_kampanye",
        "election_id": "pilwako-15.71-2024",
    }
    data.update(changes)
    return LaporanInput.model_validate(data)


def temuan(**changes: Any) -> TemuanInput:
    data: dict[str, Any] = {
        "source_type": "analyst",
        "source_id": "tm-1",
        "summary": "Akun resmi paslon berkampanye pada masa tenang",
        "description": "Unggahan kampanye pada 25 November 2024 oleh akun resmi terdaftar.",
        "category": "off_schedule_campaign",
        "actor": "paslon",
        "election_id": "pilbup-15.01-2024",
        "occurred_at": wib("2024-11-25 08:00"),
        "known_at": wib("2024-11-25 09:00"),
        "place": "Instagram",
    }
    data.update(changes)
    return TemuanInput.model_validate(data)


def audit_actions(app: App, action: str) -> list[dict[str, Any]]:
    from awas.store.tables import audit_log

    with app.db.read() as conn:
        rows = conn.execute(sa.select(audit_log).where(audit_log.c.action == action).order_by(audit_log.c.id))
        return [dict(r._mapping) for r in rows]


def count(app: App, table: sa.Table) -> int:
    with app.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


@pytest.fixture
def on_app_db(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    """Point the CLI (run in-process by run_cli) at the test's database and sealing key."""
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    monkeypatch.setenv("AWAS_SECRET_KEY", app.settings.secret_key.get_secret_value())
    return app


@pytest.fixture(scope="session")
def catalogue_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite database with the bundled package, for tests of pure catalogue logic (routing
    tables, clocks) that need no fresh database per case and gain nothing from a second backend."""
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.store.db import Database
    from awas.store.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('catalogue') / 'awas.db'}"
    db = Database(url)
    upgrade(db)
    load_package(db, validate_package(bundled_package_dir()))
    db.dispose()
    return url


@pytest.fixture
def on_catalogue_db(catalogue_db: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> str:
    monkeypatch.setenv("AWAS_DATABASE_URL", catalogue_db)
    monkeypatch.setenv("AWAS_HOME", str(tmp_path))
    return catalogue_db


@pytest.fixture
def catalogue_app(catalogue_db: str, tmp_path: Any) -> Any:
    """An App on the shared catalogue database (read-only use)."""
    from awas.settings import load_settings

    core = App(load_settings(env="test", home=tmp_path, database_url=catalogue_db))
    yield core
    core.close()


@pytest.fixture
def sqlite_app(templates: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A fresh SQLite database with the reference data, the CLI pointed at it (for CLI-heavy tests
    whose logic is the same on both backends; the service-level twin runs on both)."""
    import shutil

    from awas.settings import load_settings

    path = tmp_path / "awas.db"
    shutil.copyfile(templates.sqlite("reference"), path)
    settings = load_settings(env="test", home=tmp_path, database_url=f"sqlite:///{path}",
                             secret_key="test-secret-key-with-enough-length-0123456789")  # fmt: skip
    monkeypatch.setenv("AWAS_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(tmp_path))
    monkeypatch.setenv("AWAS_SECRET_KEY", settings.secret_key.get_secret_value())
    core = App(settings)
    yield core
    core.close()
