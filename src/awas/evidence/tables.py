"""Evidence tables, on the shared metadata; created by migration 0600_evidence_initial.

`evidence_ledger` is append-only (triggers refuse UPDATE and DELETE); its single-row companion
`evidence_ledger_head` remembers the last entry so a truncated tail is noticed.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime, json_type

BIGID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
DIGEST = sa.String(71)  # "sha256:" + 64 hex

evidence_captures = sa.Table(
    "evidence_captures",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("source_kind", sa.String(8), nullable=False),  # url | post
    sa.Column("url", sa.Text),
    sa.Column("post_pk", sa.BigInteger),
    sa.Column("status", sa.String(8), nullable=False),  # stored | failed
    sa.Column("failure_code", sa.String(32)),
    sa.Column("failure_reason", sa.Text),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=False),
    sa.Column("http_status", sa.Integer),
    sa.Column("final_url", sa.Text),
    sa.Column("peer_ip", sa.String(64)),
    sa.Column("media_type", sa.String(128)),
    sa.Column("metadata", json_type(), nullable=False),
    sa.Index("ix_evidence_captures_url", "url"),
)

evidence_artefacts = sa.Table(
    "evidence_artefacts",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("capture_id", sa.BigInteger, sa.ForeignKey("evidence_captures.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("digest", DIGEST, nullable=False, index=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("media_type", sa.String(128), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

evidence_ledger = sa.Table(
    "evidence_ledger",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("artefact_id", sa.BigInteger, nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("details", json_type(), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
)

evidence_ledger_head = sa.Table(
    "evidence_ledger_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
)

evidence_daily_roots = sa.Table(
    "evidence_daily_roots",
    metadata,
    sa.Column("day", sa.Date, primary_key=True),  # calendar day in WIB
    sa.Column("first_seq", sa.BigInteger, nullable=False),
    sa.Column("last_seq", sa.BigInteger, nullable=False),
    sa.Column("entry_count", sa.Integer, nullable=False),
    sa.Column("root", sa.String(64), nullable=False),
    sa.Column("sealed_at", UTCDateTime, nullable=False),
    sa.Column("tsa_url", sa.Text),
    sa.Column("tsa_token", sa.LargeBinary),
    sa.Column("tsa_time", UTCDateTime),
)

evidence_links = sa.Table(
    "evidence_links",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("artefact_id", sa.BigInteger, sa.ForeignKey("evidence_artefacts.id"), nullable=False),
    sa.Column("subject_type", sa.String(16), nullable=False),
    sa.Column("subject_id", sa.String(128), nullable=False),
    sa.Column("linked_at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.UniqueConstraint("artefact_id", "subject_type", "subject_id", name="uq_evidence_links_subject"),
    sa.Index("ix_evidence_links_subject", "subject_type", "subject_id"),
)

evidence_exports = sa.Table(
    "evidence_exports",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(128), nullable=False, index=True),
    sa.Column("digest", DIGEST, nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("artefact_count", sa.Integer, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("exported_at", UTCDateTime, nullable=False),
)

evidence_watches = sa.Table(
    "evidence_watches",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("capture_id", sa.BigInteger, sa.ForeignKey("evidence_captures.id"), nullable=False),
    sa.Column("artefact_id", sa.BigInteger, nullable=False),
    sa.Column("baseline_digest", DIGEST, nullable=False),
    sa.Column("interval_s", sa.Integer, nullable=False),
    sa.Column("next_check_at", UTCDateTime, nullable=False, index=True),
    sa.Column("last_checked_at", UTCDateTime),
    sa.Column("last_status", sa.String(12), nullable=False, server_default="available"),
    sa.Column("changed_at", UTCDateTime),
    sa.Column("removed_at", UTCDateTime),
)

evidence_liveness_checks = sa.Table(
    "evidence_liveness_checks",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("watch_id", sa.BigInteger, sa.ForeignKey("evidence_watches.id"), nullable=False, index=True),
    sa.Column("checked_at", UTCDateTime, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("http_status", sa.Integer),
    sa.Column("content_digest", DIGEST),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
)
