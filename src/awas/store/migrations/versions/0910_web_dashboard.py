"""web: shared throttle events (login and public report limits across worker processes); indexes for
the content feed (keyset pages by category or paslon) and the case board's change stamp.

Revision ID: 0910_web_dashboard
Revises: 0901_web_initial
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0910_web_dashboard"
down_revision = "0901_web_initial"
branch_labels = None
# The indexes below are on tables of the intake/detection (findings: foundation) and cases branches.
depends_on = ("0700_cases_initial",)

BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "web_throttle_events",
        sa.Column("id", BIGID, autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_throttle_events")),
    )
    op.create_index("ix_web_throttle_events_key_at", "web_throttle_events", ["key", "at"])
    # Feed pages filtered by category or paslon walk these backwards by id (keyset), no sort.
    op.create_index("ix_findings_category_id", "findings", ["category", "id"])
    op.create_index("ix_findings_paslon_id", "findings", ["paslon_id", "id"])
    # The case board's cached counts are re-read when the newest change moves: one index probe.
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_updated_at", table_name="cases")
    op.drop_index("ix_findings_paslon_id", table_name="findings")
    op.drop_index("ix_findings_category_id", table_name="findings")
    op.drop_index("ix_web_throttle_events_key_at", table_name="web_throttle_events")
    op.drop_table("web_throttle_events")
