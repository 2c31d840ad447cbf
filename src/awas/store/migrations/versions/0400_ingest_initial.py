"""Content intake: sources, cursors, runs, quarantine, post intake annotations, page versions, tips.

Revision ID: 0400_ingest_initial
Revises: 0001_foundation
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0400_ingest_initial"
down_revision = "0001_foundation"
branch_labels = ("ingest",)
depends_on = None

JSON = sa.JSON().with_variant(JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    _sources()
    _runs()
    _posts()
    _pages_and_tips()


def downgrade() -> None:
    for name in (
        "tips",
        "ingest_attachments",
        "page_versions",
        "post_intake",
        "ingest_quarantine",
        "ingest_run_chunks",
        "ingest_runs",
        "ingest_cursors",
        "ingest_sources",
    ):
        op.drop_table(name)


def _sources() -> None:
    op.create_table(
        "ingest_sources",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("config", JSON, nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("status", sa.String(12), server_default="unverified", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_ingest_sources"),
    )
    op.create_table(
        "ingest_cursors",
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("position", sa.Text()),
        sa.Column("last_fetch_at", TS),
        sa.Column("last_status", sa.String(32)),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("source", name="pk_ingest_cursors"),
    )


def _runs() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("file_key", sa.String(64)),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("byte_offset", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("line", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("accepted", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("existing", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("rejected", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )
    op.create_index("ix_ingest_runs_file_key", "ingest_runs", ["file_key"])
    op.create_table(
        "ingest_run_chunks",
        sa.Column("run_id", sa.BigInteger(), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("end_line", sa.BigInteger(), nullable=False),
        sa.Column("end_offset", sa.BigInteger(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("existing", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "start", name="pk_ingest_run_chunks"),
    )
    op.create_table(
        "ingest_quarantine",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("run_id", sa.BigInteger()),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("line", sa.BigInteger()),
        sa.Column("field", sa.String(64)),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_quarantine"),
        sa.UniqueConstraint("source", "line", "reason", name="uq_ingest_quarantine_source"),
    )
    op.create_index("ix_ingest_quarantine_run_id", "ingest_quarantine", ["run_id"])


def _posts() -> None:
    op.create_table(
        "post_intake",
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("post_id", sa.String(256), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("near_key", sa.String(32), nullable=False),
        sa.Column("duplicate_of", sa.String(280)),
        sa.Column("shorteners", JSON, nullable=False),
        sa.Column("region_candidates", JSON, nullable=False),
        sa.Column("lang_score", sa.Float()),
        sa.Column("campaign", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("campaign_terms", JSON, nullable=False),
        sa.Column("paslon_id", sa.String(48)),
        sa.Column("run_id", sa.BigInteger()),
        sa.PrimaryKeyConstraint("platform", "post_id", name="pk_post_intake"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_post_intake_near_key", "post_intake", ["near_key"])
    op.create_index("ix_post_intake_paslon_id", "post_intake", ["paslon_id"])


def _pages_and_tips() -> None:
    op.create_table(
        "page_versions",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fetched_at", TS, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("diff", sa.Text(), server_default="", nullable=False),
        sa.Column("added_lines", sa.Integer(), server_default="0", nullable=False),
        sa.Column("removed_lines", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_page_versions"),
        sa.UniqueConstraint("url", "version", name="uq_page_versions_url"),
    )
    op.create_table(
        "ingest_attachments",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content_type", sa.String(128), nullable=False),
        sa.Column("original_name", sa.Text(), server_default="", nullable=False),
        sa.Column("stored_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_ingest_attachments"),
    )
    op.create_table(
        "tips",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("submitted_at", TS, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("links", JSON, nullable=False),
        sa.Column("attachments", JSON, nullable=False),
        sa.Column("region_code", sa.String(16)),
        sa.Column("contact_sealed", sa.Text()),
        sa.Column("channel", sa.String(16), server_default="web", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tips"),
    )
    op.create_index("ix_tips_submitted_at", "tips", ["submitted_at"])
