"""API tokens for systems: created for a user, shown once, stored only as SHA-256, revocable.

A token is 32 random bytes (high entropy), so a fast hash is enough: there is nothing to brute-force.
Every change is audited in the same transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from awas.access.users import UserService
from awas.app import App
from awas.domain.audit import AuditEvent
from awas.domain.orgs import User
from awas.errors import InputError, InputProblem, NotFoundError
from awas.store.audit import append_audit
from awas.store.tables import users
from awas.timeutil import utcnow
from awas.web.tables import api_tokens

TOKEN_PREFIX = "awas_"
NAME = re.compile(r"^[\w .:@-]{1,64}$")
LAST_USED_PRECISION = timedelta(minutes=1)  # write last_used_at at most once a minute per token


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    user_id: int
    username: str
    org_id: str
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        now = utcnow()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True, slots=True)
class NewToken:
    info: TokenInfo
    secret: str  # shown once; never stored


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class TokenService:
    def __init__(self, app: App) -> None:
        self._app = app

    def create(self, username: str, name: str, *, actor: str, days: int | None = None) -> NewToken:
        """A new token for a user; InputError for a bad name or lifetime, NotFoundError for the user."""
        user = UserService(self._app).get(username)
        _check(name, days)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = utcnow()
        row = {
            "user_id": user.id,
            "name": name,
            "prefix": secret[:12],
            "token_sha256": hash_token(secret),
            "created_at": now,
            "expires_at": now + timedelta(days=days) if days else None,
        }
        with self._app.db.transaction() as conn:
            token_id = conn.execute(api_tokens.insert().values(**row).returning(api_tokens.c.id)).scalar_one()
            append_audit(conn, _event("api_token.created", actor, token_id, user, {"name": name}))
        return NewToken(self.get(token_id), secret)

    def get(self, token_id: int) -> TokenInfo:
        with self._app.db.read() as conn:
            row = conn.execute(_select().where(api_tokens.c.id == token_id)).first()
        if row is None:
            raise NotFoundError(f"unknown token {token_id}")
        return _info(row)

    def list(self, *, user_id: int | None = None, org_id: str | None = None) -> list[TokenInfo]:
        query = _select().order_by(api_tokens.c.id)
        if user_id is not None:
            query = query.where(api_tokens.c.user_id == user_id)
        if org_id is not None:
            query = query.where(users.c.org_id == org_id)
        with self._app.db.read() as conn:
            return [_info(r) for r in conn.execute(query)]

    def revoke(self, token_id: int, *, actor: str) -> TokenInfo:
        """Revoke (idempotent); NotFoundError for an unknown id."""
        info = self.get(token_id)
        if info.revoked_at is None:
            owner = UserService(self._app).get(info.username)
            with self._app.db.transaction() as conn:
                conn.execute(
                    api_tokens.update().where(api_tokens.c.id == token_id).values(revoked_at=utcnow())
                )
                append_audit(conn, _event("api_token.revoked", actor, token_id, owner, {"name": info.name}))
        return self.get(token_id)

    def authenticate(self, secret: str) -> User | None:
        """The active owner of an active token, or None; records the use (at most once a minute)."""
        if not secret.startswith(TOKEN_PREFIX) or len(secret) > 128:
            return None
        with self._app.db.read() as conn:
            row = conn.execute(_select().where(api_tokens.c.token_sha256 == hash_token(secret))).first()
        if row is None or not _info(row).active or not row.active:
            return None
        self._touch(row.id, row.last_used_at)
        return UserService(self._app).get(row.username)

    def _touch(self, token_id: int, last_used: datetime | None) -> None:
        now = utcnow()
        if last_used is None or now - last_used > LAST_USED_PRECISION:
            with self._app.db.transaction() as conn:
                conn.execute(api_tokens.update().where(api_tokens.c.id == token_id).values(last_used_at=now))


def _check(name: str, days: int | None) -> None:
    if not NAME.match(name):
        raise InputError(InputProblem("token", "1-64 letters, digits, spaces or . : @ _ -", field="name"))
    if days is not None and not 1 <= days <= 3650:
        raise InputError(InputProblem("token", "lifetime must be 1-3650 days", field="days"))


def _select() -> sa.Select[tuple[object, ...]]:
    return sa.select(api_tokens, users.c.username, users.c.org_id, users.c.active).join(
        users, users.c.id == api_tokens.c.user_id
    )


def _info(row: sa.Row[tuple[object, ...]]) -> TokenInfo:
    m = row._mapping
    return TokenInfo(
        id=m["id"],
        user_id=m["user_id"],
        username=m["username"],
        org_id=m["org_id"],
        name=m["name"],
        prefix=m["prefix"],
        created_at=m["created_at"],
        expires_at=m["expires_at"],
        last_used_at=m["last_used_at"],
        revoked_at=m["revoked_at"],
    )


def _event(action: str, actor: str, token_id: int, owner: User, details: dict[str, object]) -> AuditEvent:
    return AuditEvent(
        action=action,
        actor=actor,
        object_type="api_token",
        object_id=str(token_id),
        org_id=owner.org_id,
        details={"owner": owner.username, **details},
    )
