"""Cases: the workflow catalogue tables and the case tables (cases, transitions, events, deadlines,
sealed reporters, shares, notification outbox).

Revision ID: 0700_cases_initial
Revises: 0001_foundation
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0700_cases_initial"
down_revision = "0001_foundation"
branch_labels = ("cases",)
depends_on = None

JSON = sa.JSON().with_variant(JSONB(astext_type=sa.Text()), "postgresql")
# 64-bit ids on PostgreSQL; SQLite only auto-increments a column declared exactly INTEGER.
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Rendered by Alembic autogenerate from awas/store/workflow_tables.py and awas/cases/tables.py
    # at this revision, then reviewed.
    op.create_table(
        "case_clock_rules",
        sa.Column("clock_id", sa.String(length=40), nullable=False),
        sa.Column("requires_event", sa.String(length=32), nullable=True),
        sa.Column("met_by", JSON, nullable=False),
        sa.Column("obligation", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("clock_id", name=op.f("pk_case_clock_rules")),
    )
    op.create_table(
        "case_statuses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("events", JSON, nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_statuses")),
    )
    op.create_table(
        "case_transition_rules",
        sa.Column("from_status", sa.String(length=32), nullable=False),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kinds", JSON, nullable=False),
        sa.Column("roles", JSON, nullable=False),
        sa.Column("org_scope", sa.String(length=8), nullable=False),
        sa.Column("guard", sa.String(length=32), nullable=True),
        sa.Column("requires_reason", sa.Boolean(), nullable=False),
        sa.Column("may_extend", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("from_status", "to_status", name=op.f("pk_case_transition_rules")),
    )
    op.create_table(
        "intake_requirements",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("applies_to", JSON, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("failure_reason", sa.Text(), nullable=False),
        sa.Column("fixable", sa.Boolean(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_requirements")),
    )
    op.create_table(
        "routing_rules",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("track", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("election", sa.String(length=10), nullable=False),
        sa.Column("handler", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", JSON, nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rules")),
    )
    op.create_table(
        "tlp_clearances",
        sa.Column("org_kind", sa.String(length=32), nullable=False),
        sa.Column("max_tlp", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("org_kind", name=op.f("pk_tlp_clearances")),
    )
    op.create_table(
        "track_rules",
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=False),
        sa.Column("track", sa.String(length=16), nullable=False),
        sa.Column("legal_basis", JSON, nullable=False),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(length=12), server_default="unverified", nullable=False),
        sa.PrimaryKeyConstraint("category", "actor", name=op.f("pk_track_rules")),
    )
    op.create_table(
        "cases",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("category", sa.String(length=40), nullable=True),
        sa.Column("track", sa.String(length=16), nullable=True),
        sa.Column("actor", sa.String(length=16), nullable=True),
        sa.Column("election_id", sa.String(length=40), nullable=True),
        sa.Column("region_code", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("owner_org_id", sa.String(length=40), nullable=False),
        sa.Column("tlp", sa.String(length=12), nullable=False),
        sa.Column("tlp_rank", sa.Integer(), nullable=False),
        sa.Column("handler", sa.String(length=32), nullable=True),
        sa.Column("handler_org_id", sa.String(length=40), nullable=True),
        sa.Column("route_legal_basis", JSON, nullable=False),
        sa.Column("route_overridden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("route_reason", sa.Text(), nullable=True),
        sa.Column("routed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("routed_by", sa.String(length=64), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("known_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("terlapor", sa.Text(), nullable=True),
        sa.Column("admissible", sa.Boolean(), nullable=False),
        sa.Column("requirements", JSON, nullable=False),
        sa.Column("incident_key", sa.String(length=64), nullable=True),
        sa.Column("source_type", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=True),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due_clock", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_org_id"], ["organisations.id"], name=op.f("fk_cases_owner_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
        sa.UniqueConstraint("source_type", "source_id", name="uq_cases_source"),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_incident", ["incident_key"], unique=False)
        batch_op.create_index("ix_cases_open_due", ["is_open", "next_due_at"], unique=False)
        batch_op.create_index("ix_cases_owner", ["owner_org_id"], unique=False)

    op.create_table(
        "notify_channels",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("events", JSON, nullable=False),
        sa.Column("secret_sealed", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_notify_channels_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_channels")),
        sa.UniqueConstraint("org_id", "kind", "address", name="uq_notify_channels_target"),
    )
    op.create_table(
        "case_deadlines",
        sa.Column("case_id", BIGID, nullable=False),
        sa.Column("clock_id", sa.String(length=40), nullable=False),
        sa.Column("anchor_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("met_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("obligation", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_deadlines_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", "clock_id", name=op.f("pk_case_deadlines")),
    )
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.create_index("ix_case_deadlines_due", ["met_at", "due_at"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("case_id", BIGID, nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", "event", name=op.f("pk_case_events")),
    )
    op.create_table(
        "case_reporters",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("case_id", BIGID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("identity_sealed", sa.Text(), nullable=False),
        sa.Column("witnesses_sealed", sa.Text(), nullable=False),
        sa.Column("has_nik", sa.Boolean(), nullable=False),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("known_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("admissible", sa.Boolean(), nullable=False),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("submission_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_reporters_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_reporters")),
        sa.UniqueConstraint("case_id", "seq", name="uq_case_reporters_case_seq"),
        sa.UniqueConstraint("submission_id", name=op.f("uq_case_reporters_submission_id")),
    )
    op.create_table(
        "case_shares",
        sa.Column("case_id", BIGID, nullable=False),
        sa.Column("org_id", sa.String(length=40), nullable=False),
        sa.Column("tlp", sa.String(length=12), nullable=False),
        sa.Column("tlp_rank", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("shared_by", sa.String(length=64), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_shares_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_case_shares_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("case_id", "org_id", name=op.f("pk_case_shares")),
    )
    with op.batch_alter_table("case_shares", schema=None) as batch_op:
        batch_op.create_index("ix_case_shares_org", ["org_id"], unique=False)

    op.create_table(
        "case_transitions",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("case_id", BIGID, nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_org", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("extended", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_transitions_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transitions")),
        sa.UniqueConstraint("case_id", "version", name="uq_case_transitions_case_version"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("case_id", BIGID, nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=24), nullable=False),
        sa.Column("dedupe_key", sa.String(length=160), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_notifications_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["notify_channels.id"], name=op.f("fk_notifications_channel_id_notify_channels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_notifications_dedupe_key")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_due", ["state", "next_attempt_at"], unique=False)


TABLES = (
    "notifications",
    "notify_channels",
    "case_shares",
    "case_reporters",
    "case_deadlines",
    "case_events",
    "case_transitions",
    "cases",
    "tlp_clearances",
    "intake_requirements",
    "track_rules",
    "routing_rules",
    "case_clock_rules",
    "case_transition_rules",
    "case_statuses",
)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
