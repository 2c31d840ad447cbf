"""recap (scale-out): recap anomalies newest first (`recap.queries`, the dashboard list).

Revision ID: 1002_recap_list_index
Revises: 0300_recap_initial
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "1002_recap_list_index"
down_revision = "0300_recap_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_recap_findings_last_seen", "recap_findings", ["last_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_recap_findings_last_seen", table_name="recap_findings")
