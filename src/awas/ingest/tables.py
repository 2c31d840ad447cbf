"""Intake tables: sources and their cursors, import runs, the quarantine, per-post intake annotations,
watched-page versions, public tips and content-addressed attachments.

Posts themselves live in the foundation `posts` table; `post_intake` carries what the intake steps
found about each post (duplicate keys, shortener domains, region candidates, campaign signal, the
paslon whose registered account wrote it), keyed by the same (platform, post_id) identity.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime, json_type

BIGID = sa.BigInteger().with_variant(sa.Integer, "sqlite")

ingest_sources = sa.Table(
    "ingest_sources",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("config", json_type(), nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("status", sa.String(12), nullable=False, server_default="unverified"),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

ingest_cursors = sa.Table(
    "ingest_cursors",
    metadata,
    sa.Column("source", sa.String(64), primary_key=True),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("position", sa.Text),
    sa.Column("last_fetch_at", UTCDateTime),
    sa.Column("last_status", sa.String(32)),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
)

ingest_runs = sa.Table(
    "ingest_runs",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("format", sa.String(32), nullable=False),
    sa.Column("file_key", sa.String(64), index=True),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("byte_offset", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("line", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("accepted", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("existing", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("rejected", sa.BigInteger, nullable=False, server_default="0"),
)

# One row per committed chunk of a run, written in the chunk's own transaction: a chunk committed before
# the run's checkpoint moved past it (a kill in between) is recognised on resume and not processed (or
# counted) twice.
ingest_run_chunks = sa.Table(
    "ingest_run_chunks",
    metadata,
    sa.Column("run_id", sa.BigInteger, primary_key=True),
    sa.Column("start", sa.BigInteger, primary_key=True),
    sa.Column("end_line", sa.BigInteger, nullable=False),
    sa.Column("end_offset", sa.BigInteger, nullable=False),
    sa.Column("accepted", sa.Integer, nullable=False),
    sa.Column("existing", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
)

ingest_quarantine = sa.Table(
    "ingest_quarantine",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.BigInteger, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("line", sa.BigInteger),
    sa.Column("field", sa.String(64)),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("excerpt", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # A re-run of the same file quarantines the same line once; source-level failures (line NULL)
    # are events and are kept each time.
    sa.UniqueConstraint("source", "line", "reason", name="uq_ingest_quarantine_source"),
)

post_intake = sa.Table(
    "post_intake",
    metadata,
    sa.Column("platform", sa.String(16), primary_key=True),
    sa.Column("post_id", sa.String(256), primary_key=True),
    sa.Column("text_sha256", sa.String(64), nullable=False),
    sa.Column("near_key", sa.String(32), nullable=False),
    sa.Column("duplicate_of", sa.String(280)),
    sa.Column("shorteners", json_type(), nullable=False),
    sa.Column("region_candidates", json_type(), nullable=False),
    sa.Column("lang_score", sa.Float),
    sa.Column("campaign", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("campaign_terms", json_type(), nullable=False),
    sa.Column("paslon_id", sa.String(48)),
    sa.Column("run_id", sa.BigInteger),
    # Partial indexes (migration 0401): the stored original of a near key, and the posts of
    # registered accounts; copies and unlinked posts cost no index write.
    sa.Index(
        "ix_post_intake_original_near_key",
        "near_key",
        sqlite_where=sa.text("duplicate_of IS NULL"),
        postgresql_where=sa.text("duplicate_of IS NULL"),
    ),
    sa.Index(
        "ix_post_intake_linked_paslon_id",
        "paslon_id",
        sqlite_where=sa.text("paslon_id IS NOT NULL"),
        postgresql_where=sa.text("paslon_id IS NOT NULL"),
    ),
    # Rows live in the primary-key b-tree on SQLite: one index fewer to update per post.
    sqlite_with_rowid=False,
)

page_versions = sa.Table(
    "page_versions",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("fetched_at", UTCDateTime, nullable=False),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("text_sha256", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("diff", sa.Text, nullable=False, server_default=""),
    sa.Column("added_lines", sa.Integer, nullable=False, server_default="0"),
    sa.Column("removed_lines", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint("url", "version", name="uq_page_versions_url"),
)

ingest_attachments = sa.Table(
    "ingest_attachments",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("content_type", sa.String(128), nullable=False),
    sa.Column("original_name", sa.Text, nullable=False, server_default=""),
    sa.Column("stored_at", UTCDateTime, nullable=False),
)

tips = sa.Table(
    "tips",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("submitted_at", UTCDateTime, nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("links", json_type(), nullable=False),
    sa.Column("attachments", json_type(), nullable=False),
    sa.Column("region_code", sa.String(16)),
    sa.Column("contact_sealed", sa.Text),
    sa.Column("channel", sa.String(16), nullable=False, server_default="web"),
)
