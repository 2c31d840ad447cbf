"""risk: index snapshots per kab/kota; indexes on findings for the risk and overview queries.

Revision ID: 0900_risk_initial
Revises: 0001_foundation
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0900_risk_initial"
down_revision = "0001_foundation"
branch_labels = ("risk",)
depends_on = None

JSON = sa.JSON().with_variant(JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "risk_snapshots",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("region_code", sa.String(length=16), nullable=False),
        sa.Column("index_value", sa.Float(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("components", JSON, nullable=False),
        sa.Column("formula_version", sa.String(length=16), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_risk_snapshots_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_snapshots")),
        sa.UniqueConstraint("as_of", "region_code", "formula_version", name="uq_risk_snapshots_as_of"),
    )
    op.create_index("ix_risk_snapshots_region_as_of", "risk_snapshots", ["region_code", "as_of"])
    # The window queries (created_at range, grouped by kab/kota prefix and category) read only this
    # index on both databases instead of the wide findings rows.
    op.create_index(
        "ix_findings_created_region_category", "findings", ["created_at", "region_code", "category"]
    )
    # Region-scoped readers (a kab/kota Bawaslu) range-scan by region code first.
    op.create_index(
        "ix_findings_region_category_created", "findings", ["region_code", "category", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_findings_region_category_created", table_name="findings")
    op.drop_index("ix_findings_created_region_category", table_name="findings")
    op.drop_index("ix_risk_snapshots_region_as_of", table_name="risk_snapshots")
    op.drop_table("risk_snapshots")
