"""detect: the fact-check store used for hoax claim matching.

Revision ID: 0500_detect_initial
Revises: 0001_foundation
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0500_detect_initial"
down_revision = "0001_foundation"
branch_labels = ("detect",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "detect_factchecks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("url_sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("claim", sa.Text, nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source", "url_sha256", name="uq_detect_factchecks_source_url"),
    )


def downgrade() -> None:
    op.drop_table("detect_factchecks")
