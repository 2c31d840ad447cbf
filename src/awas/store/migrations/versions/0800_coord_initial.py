"""Coordinated behaviour: incremental state (texts, LSH buckets, items, settings) and clusters.

Revision ID: 0800_coord_initial
Revises: 0001_foundation
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0800_coord_initial"
down_revision = "0001_foundation"
branch_labels = ("coord",)
depends_on = None

JSON = sa.JSON().with_variant(JSONB(astext_type=sa.Text()), "postgresql")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    _state()
    _clusters()


def downgrade() -> None:
    for name in (
        "coord_cluster_posts",
        "coord_cluster_accounts",
        "coord_clusters",
        "coord_state",
        "coord_items",
        "coord_buckets",
        "coord_texts",
    ):
        op.drop_table(name)


def _state() -> None:
    op.create_table(
        "coord_texts",
        sa.Column("text_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("grp", sa.BigInteger, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_coord_texts_grp", "coord_texts", ["grp"])
    op.create_table(
        "coord_buckets",
        sa.Column("bucket", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("text_id", sa.BigInteger, primary_key=True, autoincrement=False),
    )
    op.create_table(
        "coord_items",
        sa.Column("kind", sa.String(24), primary_key=True),
        sa.Column("item", sa.Text, primary_key=True),
        sa.Column("pid", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("account", sa.String(300), nullable=False),
        sa.Column("t", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_coord_items_account", "coord_items", ["account"])
    op.create_table(
        "coord_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", JSON, nullable=False),
    )


def _clusters() -> None:
    op.create_table(
        "coord_clusters",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("n_accounts", sa.Integer, nullable=False),
        sa.Column("n_posts", sa.Integer, nullable=False),
        sa.Column("first_at", TS, nullable=False),
        sa.Column("last_at", TS, nullable=False),
        sa.Column("window_s", sa.Integer, nullable=False),
        sa.Column("features", JSON, nullable=False),
        sa.Column("items", JSON, nullable=False),
        sa.Column("edges", JSON, nullable=False),
        sa.Column("paslon_ids", JSON, nullable=False),
        sa.Column("detected_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    for column in ("kind", "score", "last_at"):
        op.create_index(f"ix_coord_clusters_{column}", "coord_clusters", [column])
    op.create_table(
        "coord_cluster_accounts",
        sa.Column(
            "cluster_id",
            sa.String(32),
            sa.ForeignKey("coord_clusters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("account", sa.String(300), primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("author_id", sa.String(256), nullable=False),
        sa.Column("handle", sa.String(256)),
        sa.Column("registered_paslon_id", sa.String(48)),
    )
    op.create_index("ix_coord_cluster_accounts_account", "coord_cluster_accounts", ["account"])
    op.create_table(
        "coord_cluster_posts",
        sa.Column(
            "cluster_id",
            sa.String(32),
            sa.ForeignKey("coord_clusters.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("post_id", sa.String(256), primary_key=True),
        sa.Column("post_pk", sa.BigInteger),
    )
