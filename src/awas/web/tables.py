"""Tables of the web front end: API tokens for systems (only a SHA-256 of each token is stored) and
throttle events."""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("name", sa.String(64), nullable=False),
    # The first characters of the token, shown in lists so people can tell tokens apart.
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime),
    sa.Column("last_used_at", UTCDateTime),
    sa.Column("revoked_at", UTCDateTime),
)

# Failed logins and public report submissions per key (address, username) in a sliding window, shared by
# every worker process (an in-memory limit would let N workers allow N times the attempts).
throttle_events = sa.Table(
    "web_throttle_events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(160), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_web_throttle_events_key_at", "key", "at"),
)
