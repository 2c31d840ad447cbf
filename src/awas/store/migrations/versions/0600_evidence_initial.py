"""evidence: vault artefacts, captures, hash-chained custody ledger, daily roots, links, liveness

Revision ID: 0600_evidence_initial
Revises: 0001_foundation
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0600_evidence_initial"
down_revision = "0001_foundation"
branch_labels = ("evidence",)
depends_on = None

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(JSONB(), "postgresql")
TS = sa.DateTime(timezone=True)
DIGEST = sa.String(length=71)
GENESIS = "0" * 64  # prev_hash of the first ledger entry

LEDGER_SQLITE_TRIGGER = """
CREATE TRIGGER evidence_ledger_no_{verb} BEFORE {verb_upper} ON evidence_ledger
BEGIN SELECT RAISE(ABORT, 'evidence_ledger is append-only'); END
"""
# awas_refuse_change() is created by 0001_foundation for the audit log.
LEDGER_PG_TRIGGER = """
CREATE TRIGGER evidence_ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON evidence_ledger
FOR EACH STATEMENT EXECUTE FUNCTION awas_refuse_change()
"""
TABLES = (
    "evidence_liveness_checks",
    "evidence_watches",
    "evidence_exports",
    "evidence_links",
    "evidence_daily_roots",
    "evidence_ledger_head",
    "evidence_ledger",
    "evidence_artefacts",
    "evidence_captures",
)


def upgrade() -> None:
    _create_captures_and_artefacts()
    _create_ledger()
    # The head row exists from the start, so appenders only ever lock and update it (no insert race).
    op.execute(f"INSERT INTO evidence_ledger_head (id, seq, entry_hash) VALUES (1, 0, '{GENESIS}')")
    _create_links_exports_and_liveness()
    _make_ledger_append_only()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS evidence_ledger_append_only ON evidence_ledger")
    for table in TABLES:
        op.drop_table(table)


def _make_ledger_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("update", "delete"):
            op.execute(LEDGER_SQLITE_TRIGGER.format(verb=verb, verb_upper=verb.upper()))
    else:
        op.execute(LEDGER_PG_TRIGGER)


def _create_captures_and_artefacts() -> None:
    op.create_table(
        "evidence_captures",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("source_kind", sa.String(length=8), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("post_pk", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("failure_code", sa.String(length=32), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("peer_ip", sa.String(length=64), nullable=True),
        sa.Column("media_type", sa.String(length=128), nullable=True),
        sa.Column("metadata", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_captures")),
    )
    op.create_index("ix_evidence_captures_url", "evidence_captures", ["url"])
    op.create_table(
        "evidence_artefacts",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("capture_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("digest", DIGEST, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["capture_id"],
            ["evidence_captures.id"],
            name=op.f("fk_evidence_artefacts_capture_id_evidence_captures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_artefacts")),
    )
    op.create_index("ix_evidence_artefacts_capture_id", "evidence_artefacts", ["capture_id"])
    op.create_index("ix_evidence_artefacts_digest", "evidence_artefacts", ["digest"])


def _create_ledger() -> None:
    op.create_table(
        "evidence_ledger",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("artefact_id", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_evidence_ledger")),
    )
    op.create_index("ix_evidence_ledger_artefact_id", "evidence_ledger", ["artefact_id"])
    op.create_table(
        "evidence_ledger_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_ledger_head")),
    )
    op.create_table(
        "evidence_daily_roots",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("root", sa.String(length=64), nullable=False),
        sa.Column("sealed_at", TS, nullable=False),
        sa.Column("tsa_url", sa.Text(), nullable=True),
        sa.Column("tsa_token", sa.LargeBinary(), nullable=True),
        sa.Column("tsa_time", TS, nullable=True),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_evidence_daily_roots")),
    )


def _create_links_exports_and_liveness() -> None:
    op.create_table(
        "evidence_links",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("artefact_id", sa.BigInteger(), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("linked_at", TS, nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["artefact_id"],
            ["evidence_artefacts.id"],
            name=op.f("fk_evidence_links_artefact_id_evidence_artefacts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_links")),
        sa.UniqueConstraint("artefact_id", "subject_type", "subject_id", name="uq_evidence_links_subject"),
    )
    op.create_index("ix_evidence_links_subject", "evidence_links", ["subject_type", "subject_id"])
    op.create_table(
        "evidence_exports",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=128), nullable=False),
        sa.Column("digest", DIGEST, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("artefact_count", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("exported_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_exports")),
    )
    op.create_index("ix_evidence_exports_case_id", "evidence_exports", ["case_id"])
    op.create_table(
        "evidence_watches",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("capture_id", sa.BigInteger(), nullable=False),
        sa.Column("artefact_id", sa.BigInteger(), nullable=False),
        sa.Column("baseline_digest", DIGEST, nullable=False),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("next_check_at", TS, nullable=False),
        sa.Column("last_checked_at", TS, nullable=True),
        sa.Column("last_status", sa.String(length=12), server_default="available", nullable=False),
        sa.Column("changed_at", TS, nullable=True),
        sa.Column("removed_at", TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["capture_id"],
            ["evidence_captures.id"],
            name=op.f("fk_evidence_watches_capture_id_evidence_captures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_watches")),
        sa.UniqueConstraint("url", name=op.f("uq_evidence_watches_url")),
    )
    op.create_index("ix_evidence_watches_next_check_at", "evidence_watches", ["next_check_at"])
    op.create_table(
        "evidence_liveness_checks",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("watch_id", sa.BigInteger(), nullable=False),
        sa.Column("checked_at", TS, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("content_digest", DIGEST, nullable=True),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["watch_id"],
            ["evidence_watches.id"],
            name=op.f("fk_evidence_liveness_checks_watch_id_evidence_watches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_liveness_checks")),
    )
    op.create_index("ix_evidence_liveness_checks_watch_id", "evidence_liveness_checks", ["watch_id"])
