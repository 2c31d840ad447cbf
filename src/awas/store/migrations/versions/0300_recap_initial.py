"""Recap audit: snapshots (content-addressed), their files, findings with lifetime, audit runs.

Revision ID: 0300_recap_initial
Revises: 0001_foundation
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0300_recap_initial"
down_revision = "0001_foundation"
branch_labels = ("recap",)
depends_on = None

JSON = sa.JSON().with_variant(JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "recap_snapshots",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("race", sa.String(8), nullable=False),
        sa.Column("series", sa.String(40), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), server_default="", nullable=False),
        sa.Column("captured_at", TS, nullable=True),
        sa.Column("imported_at", TS, nullable=False),
        sa.Column("imported_by", sa.String(128), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("frame_path", sa.Text(), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recap_snapshots")),
    )
    with op.batch_alter_table("recap_snapshots") as batch:
        batch.create_index(batch.f("ix_recap_snapshots_race"), ["race"])
        batch.create_index(batch.f("ix_recap_snapshots_series"), ["series"])
        batch.create_index(batch.f("ix_recap_snapshots_imported_at"), ["imported_at"])
    op.create_table(
        "recap_snapshot_files",
        sa.Column("snapshot_id", sa.String(64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["recap_snapshots.id"],
            name=op.f("fk_recap_snapshot_files_snapshot_id_recap_snapshots"),
        ),
        sa.PrimaryKeyConstraint("snapshot_id", "path", name=op.f("pk_recap_snapshot_files")),
    )
    with op.batch_alter_table("recap_snapshot_files") as batch:
        batch.create_index(batch.f("ix_recap_snapshot_files_sha256"), ["sha256"])
    _create_findings()
    op.create_table(
        "recap_audits",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("audited_at", TS, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("snapshot_ids", JSON, nullable=False),
        sa.Column("summary", JSON, nullable=False),
        sa.Column("new_findings", sa.Integer(), nullable=False),
        sa.Column("resolved_findings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recap_audits")),
    )
    with op.batch_alter_table("recap_audits") as batch:
        batch.create_index(batch.f("ix_recap_audits_audited_at"), ["audited_at"])


def _create_findings() -> None:
    op.create_table(
        "recap_findings",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("series", sa.String(40), nullable=False),
        sa.Column("race", sa.String(8), nullable=False),
        sa.Column("rule", sa.String(8), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("level", sa.String(12), nullable=False),
        sa.Column("paslon", sa.String(8), server_default="", nullable=False),
        sa.Column("election_id", sa.String(40), nullable=True),
        sa.Column("values_json", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("first_snapshot_id", sa.String(64), nullable=False),
        sa.Column("last_snapshot_id", sa.String(64), nullable=False),
        sa.Column("first_seen_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("resolved_at", TS, nullable=True),
        sa.Column("resolved_snapshot_id", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recap_findings")),
        sa.UniqueConstraint("series", "rule", "unit", "paslon", name="uq_recap_findings_key"),
    )
    with op.batch_alter_table("recap_findings") as batch:
        batch.create_index(batch.f("ix_recap_findings_rule"), ["rule"])
        batch.create_index(batch.f("ix_recap_findings_unit"), ["unit"])


def downgrade() -> None:
    for name in ("recap_audits", "recap_findings", "recap_snapshot_files", "recap_snapshots"):
        op.drop_table(name)
