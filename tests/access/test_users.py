from __future__ import annotations

import pytest
import sqlalchemy as sa

from awas.access.passwords import hash_password, verify_password
from awas.access.users import UserService
from awas.app import App
from awas.domain.orgs import Role
from awas.errors import InputError, NotFoundError
from awas.store.audit import recent_audit
from awas.store.tables import users
from tests.support.cli import run_cli

PASSWORD = "kata-sandi-panjang"


def test_passwords_verify_and_never_store_plaintext() -> None:
    stored = hash_password(PASSWORD)
    assert PASSWORD not in stored and stored.startswith("scrypt$")
    assert verify_password(PASSWORD, stored)
    assert not verify_password("salah-sandi-panjang", stored)
    assert not verify_password(PASSWORD, "garbage") and not verify_password(PASSWORD, None)


def test_a_user_is_created_authenticated_and_audited(app: App) -> None:
    service = UserService(app)
    user = service.create(
        "analis.jambi", org_id="bawaslu-15", role=Role.ANALYST, password=PASSWORD, actor="admin"
    )
    assert service.authenticate("analis.jambi", PASSWORD) == user
    assert service.authenticate("analis.jambi", "wrong-password-x") is None
    assert service.authenticate("nobody", PASSWORD) is None
    with app.db.read() as conn:
        assert [r["action"] for r in recent_audit(conn, object_type="user")] == ["user.created"]
        assert PASSWORD not in conn.execute(sa.select(users.c.password_hash)).scalar_one()


def test_a_deactivated_user_cannot_log_in(app: App) -> None:
    service = UserService(app)
    service.create("liaison.kpid", org_id="kpid-jambi", role=Role.PARTNER_LIAISON, password=PASSWORD)
    service.set_active("liaison.kpid", False)
    assert service.authenticate("liaison.kpid", PASSWORD) is None
    assert not service.get("liaison.kpid").active


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"username": "X"}, "username"),
        ({"org_id": "no-such-org"}, "org"),
        ({"role": "superuser"}, "role"),
        ({"password": "short"}, "password"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(app: App, kwargs: dict[str, str], field: str) -> None:
    args = {
        "username": "valid.user",
        "org_id": "bawaslu-15",
        "role": "analyst",
        "password": PASSWORD,
    } | kwargs
    with pytest.raises(InputError) as info:
        UserService(app).create(**args)  # type: ignore[arg-type]
    assert info.value.problems[0].field == field


def test_a_taken_username_is_refused(app: App) -> None:
    UserService(app).create("dup.user", org_id="bawaslu-15", role="analyst", password=PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        UserService(app).create("dup.user", org_id="polda-jambi", role="analyst", password=PASSWORD)


def test_unknown_user_is_not_found(app: App) -> None:
    with pytest.raises(NotFoundError):
        UserService(app).get("ghost")


def test_cli_adds_and_lists_users(
    app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    added = run_cli(
        capsys, "users", "add", "ketua.bawaslu", "--org", "bawaslu-15", "--role", "admin", "--password-stdin"
    )
    assert added.code == 0, added.stderr
    listed = run_cli(capsys, "users", "list", "--format", "json")
    assert [(u["username"], u["peran"]) for u in __import__("json").loads(listed.stdout)] == [
        ("ketua.bawaslu", "admin")
    ]
    assert run_cli(capsys, "users", "disable", "ghost").code == 2


def test_demo_users_are_created_once_and_can_log_in(app: App) -> None:
    from awas.access.demo import DEMO_PASSWORD, ensure_demo_users

    created = ensure_demo_users(app)
    ensure_demo_users(app)
    service = UserService(app)
    assert len(service.list()) == len(created) == 7
    assert {u.role for u in created} == set(Role)
    assert service.authenticate("liaison.kpid", DEMO_PASSWORD).org_id == "kpid-jambi"  # type: ignore[union-attr]
