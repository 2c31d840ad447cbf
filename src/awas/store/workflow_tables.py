"""Reference tables of the case workflow catalogue, loaded from a reference package like the rest of
the legal catalogue (statuses, transitions, clock events, routing, intake requirements, TLP clearances).

Created by the `cases` Alembic branch (0700_cases_initial); filled by `awas reference load`.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata, provenance_columns
from awas.store.types import json_type

case_statuses = sa.Table(
    "case_statuses",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("open", sa.Boolean, nullable=False),
    sa.Column("events", json_type(), nullable=False),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    *provenance_columns(),
)

case_transition_rules = sa.Table(
    "case_transition_rules",
    metadata,
    sa.Column("from_status", sa.String(32), primary_key=True),
    sa.Column("to_status", sa.String(32), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kinds", json_type(), nullable=False),
    sa.Column("roles", json_type(), nullable=False),
    sa.Column("org_scope", sa.String(8), nullable=False),
    sa.Column("guard", sa.String(32)),
    sa.Column("requires_reason", sa.Boolean, nullable=False),
    sa.Column("may_extend", sa.Boolean, nullable=False),
    *provenance_columns(),
)

case_clock_rules = sa.Table(
    "case_clock_rules",
    metadata,
    sa.Column("clock_id", sa.String(40), primary_key=True),
    sa.Column("requires_event", sa.String(32)),
    sa.Column("met_by", json_type(), nullable=False),
    sa.Column("obligation", sa.Boolean, nullable=False),
    *provenance_columns(),
)

routing_rules = sa.Table(
    "routing_rules",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("priority", sa.Integer, nullable=False),
    sa.Column("track", sa.String(16), nullable=False),
    sa.Column("category", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(16), nullable=False),
    sa.Column("election", sa.String(10), nullable=False),
    sa.Column("handler", sa.String(32), nullable=False),
    sa.Column("legal_basis", json_type(), nullable=False),
    *provenance_columns(),
)

track_rules = sa.Table(
    "track_rules",
    metadata,
    sa.Column("category", sa.String(40), primary_key=True),
    sa.Column("actor", sa.String(16), primary_key=True),
    sa.Column("track", sa.String(16), nullable=False),
    sa.Column("legal_basis", json_type(), nullable=False),
    *provenance_columns(),
)

intake_requirements = sa.Table(
    "intake_requirements",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("applies_to", json_type(), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("failure_reason", sa.Text, nullable=False),
    sa.Column("fixable", sa.Boolean, nullable=False),
    sa.Column("legal_basis", sa.Text, nullable=False),
    *provenance_columns(),
)

tlp_clearances = sa.Table(
    "tlp_clearances",
    metadata,
    sa.Column("org_kind", sa.String(32), primary_key=True),
    sa.Column("max_tlp", sa.String(12), nullable=False),
    *provenance_columns(),
)
