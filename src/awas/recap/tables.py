"""Recap tables on the shared metadata (created by migration 0300_recap_initial).

Snapshots are content-addressed: `recap_snapshots.id` is the SHA-256 of the raw bytes (one file) or
of the sorted file manifest (a tree). Raw files live under `<data dir>/recap/blobs/`, each under
its own SHA-256; `frame_path` is the parsed frame (Parquet), derived and rebuildable from the raw.
Findings keep their lifetime per series (race + province): first and last snapshot seen, resolved.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime, json_type

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

recap_snapshots = sa.Table(
    "recap_snapshots",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("race", sa.String(8), nullable=False, index=True),
    sa.Column("series", sa.String(40), nullable=False, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("label", sa.Text, nullable=False, server_default=""),
    sa.Column("captured_at", UTCDateTime),
    sa.Column("imported_at", UTCDateTime, nullable=False, index=True),
    sa.Column("imported_by", sa.String(128), nullable=False),
    sa.Column("units", sa.Integer, nullable=False),
    sa.Column("files", sa.Integer, nullable=False),
    sa.Column("bytes", sa.BigInteger, nullable=False),
    sa.Column("frame_path", sa.Text, nullable=False),
    sa.Column("details", json_type(), nullable=False),
)

recap_snapshot_files = sa.Table(
    "recap_snapshot_files",
    metadata,
    sa.Column("snapshot_id", sa.String(64), sa.ForeignKey("recap_snapshots.id"), primary_key=True),
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("bytes", sa.BigInteger, nullable=False),
)

recap_findings = sa.Table(
    "recap_findings",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("series", sa.String(40), nullable=False),
    sa.Column("race", sa.String(8), nullable=False),
    sa.Column("rule", sa.String(8), nullable=False, index=True),
    sa.Column("unit", sa.String(16), nullable=False, index=True),
    sa.Column("level", sa.String(12), nullable=False),
    sa.Column("paslon", sa.String(8), nullable=False, server_default=""),
    sa.Column("election_id", sa.String(40)),
    sa.Column("values_json", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("first_snapshot_id", sa.String(64), nullable=False),
    sa.Column("last_snapshot_id", sa.String(64), nullable=False),
    sa.Column("first_seen_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.Column("resolved_at", UTCDateTime),
    sa.Column("resolved_snapshot_id", sa.String(64)),
    sa.UniqueConstraint("series", "rule", "unit", "paslon", name="uq_recap_findings_key"),
)

recap_audits = sa.Table(
    "recap_audits",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("audited_at", UTCDateTime, nullable=False, index=True),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("snapshot_ids", json_type(), nullable=False),
    sa.Column("summary", json_type(), nullable=False),
    sa.Column("new_findings", sa.Integer, nullable=False),
    sa.Column("resolved_findings", sa.Integer, nullable=False),
)
