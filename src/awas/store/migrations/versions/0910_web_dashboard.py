"""web: shared throttle events (login and public report limits across worker processes); indexes for
the content feed (keyset pages by category or paslon).

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
# Only foundation tables besides our own: a `depends_on` another branch would hide that branch's head
# from `alembic_version` (and `App.schema_is_current()` compares against every branch head).
depends_on = None

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


def downgrade() -> None:
    op.drop_index("ix_findings_paslon_id", table_name="findings")
    op.drop_index("ix_findings_category_id", table_name="findings")
    op.drop_index("ix_web_throttle_events_key_at", table_name="web_throttle_events")
    op.drop_table("web_throttle_events")
