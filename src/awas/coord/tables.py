"""Coordination tables: the incremental state (texts, LSH buckets, items per post, settings) and the
stored clusters with their accounts and posts (case evidence, web pages, exports).
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime, json_type

coord_texts = sa.Table(
    "coord_texts",
    metadata,
    sa.Column("text_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("grp", sa.BigInteger, nullable=False, index=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

coord_buckets = sa.Table(
    "coord_buckets",
    metadata,
    sa.Column("bucket", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("text_id", sa.BigInteger, primary_key=True, autoincrement=False),
)

coord_items = sa.Table(
    "coord_items",
    metadata,
    sa.Column("kind", sa.String(24), primary_key=True),
    sa.Column("item", sa.Text, primary_key=True),
    sa.Column("pid", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("account", sa.String(300), nullable=False, index=True),
    sa.Column("t", sa.BigInteger, nullable=False),
)

coord_state = sa.Table(
    "coord_state",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", json_type(), nullable=False),
)

coord_clusters = sa.Table(
    "coord_clusters",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(24), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=False, index=True),
    sa.Column("n_accounts", sa.Integer, nullable=False),
    sa.Column("n_posts", sa.Integer, nullable=False),
    sa.Column("first_at", UTCDateTime, nullable=False),
    sa.Column("last_at", UTCDateTime, nullable=False, index=True),
    sa.Column("window_s", sa.Integer, nullable=False),
    sa.Column("features", json_type(), nullable=False),
    sa.Column("items", json_type(), nullable=False),
    sa.Column("edges", json_type(), nullable=False),
    sa.Column("paslon_ids", json_type(), nullable=False),
    sa.Column("detected_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

coord_cluster_accounts = sa.Table(
    "coord_cluster_accounts",
    metadata,
    sa.Column(
        "cluster_id", sa.String(32), sa.ForeignKey("coord_clusters.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("account", sa.String(300), primary_key=True),
    sa.Column("platform", sa.String(16), nullable=False),
    sa.Column("author_id", sa.String(256), nullable=False),
    sa.Column("handle", sa.String(256)),
    sa.Column("registered_paslon_id", sa.String(48)),
    sa.Index("ix_coord_cluster_accounts_account", "account"),
)

coord_cluster_posts = sa.Table(
    "coord_cluster_posts",
    metadata,
    sa.Column(
        "cluster_id", sa.String(32), sa.ForeignKey("coord_clusters.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("platform", sa.String(16), primary_key=True),
    sa.Column("post_id", sa.String(256), primary_key=True),
    sa.Column("post_pk", sa.BigInteger),
)
