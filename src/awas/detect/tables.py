"""Tables of the detect capability (migration `0500_detect_initial`)."""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime

factchecks = sa.Table(
    "detect_factchecks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(64), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("url_sha256", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("claim", sa.Text, nullable=False),
    sa.Column("verdict", sa.String(32), nullable=False),
    sa.Column("published_at", UTCDateTime),
    sa.Column("imported_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("source", "url_sha256", name="uq_detect_factchecks_source_url"),
)
