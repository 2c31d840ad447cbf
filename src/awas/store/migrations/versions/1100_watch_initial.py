"""Election-infrastructure watch: endpoints, state, checks, incidents, sightings, domains, cursors.

Revision ID: 1100_watch_initial
Revises: 0001_foundation
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "1100_watch_initial"
down_revision = "0001_foundation"
branch_labels = ("watch",)
depends_on = None

JSON = sa.JSON().with_variant(JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    _endpoints()
    _checks()
    _incidents()
    _domains_and_cursors()


def downgrade() -> None:
    for name in (
        "watch_cursors",
        "watch_domains",
        "watch_sightings",
        "watch_incidents",
        "watch_checks",
        "watch_state",
        "watch_endpoints",
    ):
        op.drop_table(name)


def _endpoints() -> None:
    op.create_table(
        "watch_endpoints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("owner_kind", sa.String(16), nullable=False),
        sa.Column("owner_org", sa.String(40)),
        sa.Column("region_code", sa.String(16)),
        sa.Column("paslon_id", sa.String(48)),
        sa.Column("election_id", sa.String(40)),
        sa.Column("source", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.String(12), server_default="unverified", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("added_at", TS, nullable=False),
        sa.Column("added_by", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_watch_endpoints"),
        sa.UniqueConstraint("url", name="uq_watch_endpoints_url"),
    )
    op.create_table(
        "watch_state",
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), server_default="unknown", nullable=False),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("successes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_check_at", TS),
        sa.Column("last_ok_at", TS),
        sa.Column("last_code", sa.String(24)),
        sa.Column("last_reason", sa.Text()),
        sa.Column("latency_ms", sa.Integer()),
        sa.Column("cert", JSON, nullable=False),
        sa.Column("headers", JSON, nullable=False),
        sa.Column("baseline", JSON, nullable=False),
        sa.Column("pending", JSON, nullable=False),
        sa.Column("sirekap", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"], ["watch_endpoints.id"], name="fk_watch_state_endpoint_id_watch_endpoints"
        ),
        sa.PrimaryKeyConstraint("endpoint_id", name="pk_watch_state"),
    )


def _checks() -> None:
    op.create_table(
        "watch_checks",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(24), nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("http_status", sa.Integer()),
        sa.Column("latency_ms", sa.Integer()),
        sa.Column("bytes", sa.Integer()),
        sa.Column("content_sha256", sa.String(64)),
        sa.Column("cert_sha256", sa.String(64)),
        sa.Column("signals", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"], ["watch_endpoints.id"], name="fk_watch_checks_endpoint_id_watch_endpoints"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_watch_checks"),
    )
    op.create_index("ix_watch_checks_endpoint_at", "watch_checks", ["endpoint_id", "at"])


def _incidents() -> None:
    op.create_table(
        "watch_incidents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(12), nullable=False),
        sa.Column("endpoint_id", sa.Integer()),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), server_default="open", nullable=False),
        sa.Column("opened_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("resolved_at", TS),
        sa.Column("sightings", sa.Integer(), server_default="1", nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.Column("region_code", sa.String(16)),
        sa.Column("finding_id", sa.BigInteger()),
        sa.Column("case_id", sa.Integer()),
        sa.Column("case_number", sa.String(40)),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("errors", JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"], ["watch_endpoints.id"], name="fk_watch_incidents_endpoint_id_watch_endpoints"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_watch_incidents"),
    )
    for column in ("key", "category", "endpoint_id", "opened_at"):
        op.create_index(f"ix_watch_incidents_{column}", "watch_incidents", [column])
    op.create_table(
        "watch_sightings",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("source_type", sa.String(16), nullable=False),
        sa.Column("source_id", sa.String(256), nullable=False),
        sa.Column("seen_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["watch_incidents.id"], name="fk_watch_sightings_incident_id_watch_incidents"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_watch_sightings"),
        sa.UniqueConstraint("incident_id", "source_type", "source_id", name="uq_watch_sightings_source"),
    )
    op.create_index("ix_watch_sightings_incident_id", "watch_sightings", ["incident_id"])


def _domains_and_cursors() -> None:
    op.create_table(
        "watch_domains",
        sa.Column("host", sa.String(253), nullable=False),
        sa.Column("registrable", sa.String(253), nullable=False),
        sa.Column("lookalike_of", sa.String(253), nullable=False),
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("first_seen_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("sightings", sa.Integer(), server_default="1", nullable=False),
        sa.Column("first_source", sa.String(256), nullable=False),
        sa.Column("incident_id", sa.Integer()),
        sa.PrimaryKeyConstraint("host", name="pk_watch_domains"),
    )
    op.create_index("ix_watch_domains_registrable", "watch_domains", ["registrable"])
    op.create_table(
        "watch_cursors",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("position", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("holder", sa.String(128)),
        sa.Column("expires_at", TS),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_watch_cursors"),
    )
