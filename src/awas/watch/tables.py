"""Watch tables on the shared metadata (created by migration 1100_watch_initial).

- `watch_endpoints`: the watch list (reference data a user edits: bundled seed + `awas watch add`).
- `watch_state`: one row per endpoint: learned baseline, debounce counters, certificate, headers.
- `watch_checks`: one row per check (availability and latency over time; pruned after the retention).
- `watch_incidents` and `watch_sightings`: incidents with their lifetime and every place seen.
- `watch_domains`: look-alike hosts already seen (a host raises an incident once).
- `watch_cursors`: scan positions (last post id scanned) and the run lease.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime, json_type

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

watch_endpoints = sa.Table(
    "watch_endpoints",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("owner_kind", sa.String(16), nullable=False),
    sa.Column("owner_org", sa.String(40)),
    sa.Column("region_code", sa.String(16)),
    sa.Column("paslon_id", sa.String(48)),
    sa.Column("election_id", sa.String(40)),
    sa.Column("source", sa.Text, nullable=False, server_default=""),
    sa.Column("status", sa.String(12), nullable=False, server_default="unverified"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("added_at", UTCDateTime, nullable=False),
    sa.Column("added_by", sa.String(128), nullable=False),
)

watch_state = sa.Table(
    "watch_state",
    metadata,
    sa.Column("endpoint_id", sa.Integer, sa.ForeignKey("watch_endpoints.id"), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False, server_default="unknown"),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("successes", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_check_at", UTCDateTime),
    sa.Column("last_ok_at", UTCDateTime),
    sa.Column("last_code", sa.String(24)),
    sa.Column("last_reason", sa.Text),
    sa.Column("latency_ms", sa.Integer),
    sa.Column("cert", json_type(), nullable=False),
    sa.Column("headers", json_type(), nullable=False),
    sa.Column("baseline", json_type(), nullable=False),
    sa.Column("pending", json_type(), nullable=False),
    sa.Column("sirekap", json_type(), nullable=False),
)

watch_checks = sa.Table(
    "watch_checks",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("endpoint_id", sa.Integer, sa.ForeignKey("watch_endpoints.id"), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Column("code", sa.String(24), nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("http_status", sa.Integer),
    sa.Column("latency_ms", sa.Integer),
    sa.Column("bytes", sa.Integer),
    sa.Column("content_sha256", sa.String(64)),
    sa.Column("cert_sha256", sa.String(64)),
    sa.Column("signals", json_type(), nullable=False),
    sa.Index("ix_watch_checks_endpoint_at", "endpoint_id", "at"),
)

watch_incidents = sa.Table(
    "watch_incidents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), nullable=False, index=True),
    sa.Column("category", sa.String(40), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("severity", sa.String(12), nullable=False),
    sa.Column("endpoint_id", sa.Integer, sa.ForeignKey("watch_endpoints.id"), index=True),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("status", sa.String(12), nullable=False, server_default="open"),
    sa.Column("opened_at", UTCDateTime, nullable=False, index=True),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.Column("resolved_at", UTCDateTime),
    sa.Column("sightings", sa.Integer, nullable=False, server_default="1"),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("details", json_type(), nullable=False),
    sa.Column("region_code", sa.String(16)),
    sa.Column("finding_id", sa.BigInteger),
    sa.Column("case_id", sa.Integer),
    sa.Column("case_number", sa.String(40)),
    sa.Column("evidence", json_type(), nullable=False),
    sa.Column("errors", json_type(), nullable=False),
)

watch_sightings = sa.Table(
    "watch_sightings",
    metadata,
    sa.Column("id", BIGID, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.Integer, sa.ForeignKey("watch_incidents.id"), nullable=False, index=True),
    sa.Column("source_type", sa.String(16), nullable=False),
    sa.Column("source_id", sa.String(256), nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("incident_id", "source_type", "source_id", name="uq_watch_sightings_source"),
)

watch_domains = sa.Table(
    "watch_domains",
    metadata,
    sa.Column("host", sa.String(253), primary_key=True),
    sa.Column("registrable", sa.String(253), nullable=False, index=True),
    sa.Column("lookalike_of", sa.String(253), nullable=False),
    sa.Column("reasons", json_type(), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("first_seen_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.Column("sightings", sa.Integer, nullable=False, server_default="1"),
    sa.Column("first_source", sa.String(256), nullable=False),
    sa.Column("incident_id", sa.Integer),
)

watch_cursors = sa.Table(
    "watch_cursors",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("holder", sa.String(128)),
    sa.Column("expires_at", UTCDateTime),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
