"""Tables of the risk capability: stored index snapshots (the trend over time)."""

from __future__ import annotations

import sqlalchemy as sa

from awas.store.tables import metadata
from awas.store.types import UTCDateTime, json_type

# One row per kab/kota and moment described (`as_of`); `components` keeps each term of the formula so
# an old snapshot can be explained even after weights change (`formula_version` says which applied).
risk_snapshots = sa.Table(
    "risk_snapshots",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("as_of", UTCDateTime, nullable=False),
    sa.Column("region_code", sa.String(16), sa.ForeignKey("regions.code"), nullable=False),
    sa.Column("index_value", sa.Float, nullable=False),
    sa.Column("level", sa.String(8), nullable=False),
    sa.Column("components", json_type(), nullable=False),
    sa.Column("formula_version", sa.String(16), nullable=False),
    sa.Column("taken_at", UTCDateTime, nullable=False),
    sa.Column("taken_by", sa.String(128), nullable=False),
    sa.UniqueConstraint("as_of", "region_code", "formula_version", name="uq_risk_snapshots_as_of"),
    sa.Index("ix_risk_snapshots_region_as_of", "region_code", "as_of"),
)
