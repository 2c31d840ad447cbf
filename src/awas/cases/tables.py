"""Tables of the case capability (Alembic branch `cases`, 0700_cases_initial).

`cases` keeps the current state with a `version` for conditional updates; `case_transitions` keeps
every status change as a row (C11); `case_events` the dated facts the legal clocks hang on;
`case_deadlines` the clocks computed from them; `case_reporters` the sealed reporter identities;
`case_shares` who else may see a case and at which TLP; `notify_channels` and `notifications` the
outbox of e-mails and webhooks.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime, json_type

BIGID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def _case_fk() -> sa.ForeignKey:
    return sa.ForeignKey("cases.id", ondelete="CASCADE")


cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("number", sa.String(32), nullable=False, unique=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("category", sa.String(40)),
    sa.Column("track", sa.String(16)),
    sa.Column("actor", sa.String(16)),
    sa.Column("election_id", sa.String(40)),
    sa.Column("region_code", sa.String(16)),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("is_open", sa.Boolean, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("owner_org_id", sa.String(40), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("tlp", sa.String(12), nullable=False),
    sa.Column("tlp_rank", sa.Integer, nullable=False),
    sa.Column("handler", sa.String(32)),
    sa.Column("handler_org_id", sa.String(40)),
    sa.Column("route_legal_basis", json_type(), nullable=False),
    sa.Column("route_overridden", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("route_reason", sa.Text),
    sa.Column("routed_at", UTCDateTime),
    sa.Column("routed_by", sa.String(64)),
    sa.Column("occurred_at", UTCDateTime),
    sa.Column("known_at", UTCDateTime, nullable=False),
    sa.Column("received_at", UTCDateTime),
    sa.Column("place", sa.Text),
    sa.Column("terlapor", sa.Text),
    sa.Column("admissible", sa.Boolean, nullable=False),
    sa.Column("requirements", json_type(), nullable=False),
    sa.Column("incident_key", sa.String(64)),
    sa.Column("source_type", sa.String(16), nullable=False),
    sa.Column("source_id", sa.String(128)),
    sa.Column("next_due_at", UTCDateTime),
    sa.Column("next_due_clock", sa.String(40)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime),
    sa.UniqueConstraint("source_type", "source_id", name="uq_cases_source"),
    sa.Index("ix_cases_open_due", "is_open", "next_due_at"),
    sa.Index("ix_cases_owner", "owner_org_id"),
    sa.Index("ix_cases_incident", "incident_key"),
)

case_transitions = sa.Table(
    "case_transitions",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("case_id", BIGID, _case_fk(), nullable=False),
    sa.Column("from_status", sa.String(32)),
    sa.Column("to_status", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("actor_org", sa.String(40), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("extended", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("version", sa.Integer, nullable=False),
    sa.UniqueConstraint("case_id", "version", name="uq_case_transitions_case_version"),
)

case_events = sa.Table(
    "case_events",
    metadata,
    sa.Column("case_id", BIGID, _case_fk(), primary_key=True),
    sa.Column("event", sa.String(32), primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
)

case_deadlines = sa.Table(
    "case_deadlines",
    metadata,
    sa.Column("case_id", BIGID, _case_fk(), primary_key=True),
    sa.Column("clock_id", sa.String(40), primary_key=True),
    sa.Column("anchor_at", UTCDateTime, nullable=False),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("met_at", UTCDateTime),
    sa.Column("obligation", sa.Boolean, nullable=False),
    sa.Index("ix_case_deadlines_due", "met_at", "due_at"),
)

case_reporters = sa.Table(
    "case_reporters",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("case_id", BIGID, _case_fk(), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("identity_sealed", sa.Text, nullable=False),
    sa.Column("witnesses_sealed", sa.Text, nullable=False),
    sa.Column("has_nik", sa.Boolean, nullable=False),
    sa.Column("signed", sa.Boolean, nullable=False),
    sa.Column("known_at", UTCDateTime, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("admissible", sa.Boolean, nullable=False),
    sa.Column("evidence", json_type(), nullable=False),
    sa.Column("submission_id", sa.String(128), unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("case_id", "seq", name="uq_case_reporters_case_seq"),
)

case_shares = sa.Table(
    "case_shares",
    metadata,
    sa.Column("case_id", BIGID, _case_fk(), primary_key=True),
    sa.Column("org_id", sa.String(40), sa.ForeignKey("organisations.id"), primary_key=True),
    sa.Column("tlp", sa.String(12), nullable=False),
    sa.Column("tlp_rank", sa.Integer, nullable=False),
    sa.Column("via", sa.String(8), nullable=False),
    sa.Column("shared_by", sa.String(64), nullable=False),
    sa.Column("shared_at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("revoked_at", UTCDateTime),
    sa.Column("revoked_by", sa.String(64)),
    sa.Index("ix_case_shares_org", "org_id"),
)

notify_channels = sa.Table(
    "notify_channels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("org_id", sa.String(40), sa.ForeignKey("organisations.id"), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("events", json_type(), nullable=False),
    sa.Column("secret_sealed", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.UniqueConstraint("org_id", "kind", "address", name="uq_notify_channels_target"),
)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("case_id", BIGID, _case_fk(), nullable=False),
    sa.Column("channel_id", sa.Integer, sa.ForeignKey("notify_channels.id"), nullable=False),
    sa.Column("event", sa.String(24), nullable=False),
    sa.Column("dedupe_key", sa.String(160), nullable=False, unique=True),
    sa.Column("payload", json_type(), nullable=False),
    sa.Column("state", sa.String(8), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("claimed_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime),
    sa.Index("ix_notifications_due", "state", "next_attempt_at"),
)
