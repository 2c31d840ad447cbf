"""User accounts of the task force: create, look up, authenticate, change password, deactivate.

Every change is written to the audit log in the same transaction.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from awas.access.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from awas.app import App
from awas.domain.audit import AuditEvent
from awas.domain.orgs import Role, User
from awas.errors import InputError, InputProblem, NotFoundError
from awas.store.audit import append_audit
from awas.store.tables import organisations, users
from awas.timeutil import utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def _problem(field: str, reason: str) -> InputError:
    return InputError(InputProblem("user", reason, field=field))


def _to_user(row: Any) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        org_id=row.org_id,
        role=Role(row.role),
        active=row.active,
    )


class UserService:
    """Accounts in the `users` table; organisations come from the reference data."""

    def __init__(self, app: App) -> None:
        self._app = app

    def create(
        self,
        username: str,
        *,
        org_id: str,
        role: Role | str,
        password: str,
        display_name: str = "",
        email: str | None = None,
        actor: str = "system",
    ) -> User:
        """Create an active user; InputError for a bad or taken username, unknown org, weak password."""
        role = self._check_new(username, org_id, role, password)
        row = {
            "username": username,
            "display_name": display_name or username,
            "email": email,
            "org_id": org_id,
            "role": role.value,
            "password_hash": hash_password(password),
            "active": True,
            "created_at": utcnow(),
        }
        with self._app.db.transaction() as conn:
            new_id = conn.execute(users.insert().values(**row).returning(users.c.id)).scalar_one()
            append_audit(
                conn,
                AuditEvent(
                    action="user.created",
                    actor=actor,
                    object_type="user",
                    object_id=username,
                    org_id=org_id,
                    details={"role": role.value},
                ),
            )
        return User(
            id=new_id, username=username, display_name=display_name or username, org_id=org_id, role=role
        )

    def _check_new(self, username: str, org_id: str, role: Role | str, password: str) -> Role:
        if not USERNAME.match(username):
            raise _problem("username", "3-64 characters: lowercase letters, digits, '.', '_' or '-'")
        try:
            role = Role(role)
        except ValueError:
            raise _problem(
                "role", f"unknown role {role!r}; one of {', '.join(r.value for r in Role)}"
            ) from None
        if len(password) < MIN_PASSWORD_LENGTH:
            raise _problem("password", f"must have at least {MIN_PASSWORD_LENGTH} characters")
        with self._app.db.read() as conn:
            if (
                conn.execute(sa.select(organisations.c.id).where(organisations.c.id == org_id)).first()
                is None
            ):
                raise _problem("org", f"unknown organisation {org_id!r}")
            if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first() is not None:
                raise _problem("username", f"user {username!r} already exists")
        return role

    def get(self, username: str) -> User:
        with self._app.db.read() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        if row is None:
            raise NotFoundError(f"unknown user {username!r}")
        return _to_user(row)

    def list(self, org_id: str | None = None) -> list[User]:
        query = sa.select(users).order_by(users.c.org_id, users.c.username)
        if org_id:
            query = query.where(users.c.org_id == org_id)
        with self._app.db.read() as conn:
            return [_to_user(row) for row in conn.execute(query)]

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with this password, or None (same answer for unknown user and wrong password)."""
        with self._app.db.read() as conn:
            row = conn.execute(sa.select(users).where(users.c.username == username)).first()
        stored = row.password_hash if row is not None else None
        ok = verify_password(password, stored)
        return _to_user(row) if ok and row is not None and row.active else None

    def set_password(self, username: str, password: str, *, actor: str = "system") -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise _problem("password", f"must have at least {MIN_PASSWORD_LENGTH} characters")
        self._update(username, {"password_hash": hash_password(password)}, "user.password_changed", actor)

    def set_active(self, username: str, active: bool, *, actor: str = "system") -> None:
        self._update(username, {"active": active}, "user.activated" if active else "user.deactivated", actor)

    def _update(self, username: str, values: dict[str, Any], action: str, actor: str) -> None:
        user = self.get(username)
        with self._app.db.transaction() as conn:
            conn.execute(users.update().where(users.c.username == username).values(**values))
            append_audit(
                conn,
                AuditEvent(
                    action=action, actor=actor, object_type="user", object_id=username, org_id=user.org_id
                ),
            )
