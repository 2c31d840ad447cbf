"""coord (scale-out): clusters of one kind, best first (`awas coord list --kind`, the clusters page).

Revision ID: 1001_coord_list_index
Revises: 0800_coord_initial
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "1001_coord_list_index"
down_revision = "0800_coord_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_coord_clusters_kind_score", "coord_clusters", ["kind", "score"])


def downgrade() -> None:
    op.drop_index("ix_coord_clusters_kind_score", table_name="coord_clusters")
