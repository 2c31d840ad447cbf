"""scale: indexes for many workers and web servers on one shared database.

- `ix_posts_stage_at` (stage, stage_at): the queue's take-over of expired leases and the
  `awas_queue_oldest_seconds` metric read `detecting`/`new` posts by age without a scan;
- `ix_posts_region_created` (region_code, created_at): post feeds and counts per region and day;
- `ix_findings_detector_id` (detector, id): the newest-first findings list of one detector
  (`awas detect findings`, the review queue) walks the index backwards and stops at the limit;
The findings panel's group-bys are covered by risk's indexes (0900_risk_initial); indexes on
capability tables are in those capabilities' branches (1001_coord_list_index, 1002_recap_list_index).

Revision ID: 1000_scale_indexes
Revises: 0001_foundation
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "1000_scale_indexes"
down_revision = "0001_foundation"
branch_labels = ("scale",)
depends_on = None

INDEXES = (
    ("ix_posts_stage_at", "posts", ["stage", "stage_at"]),
    ("ix_posts_region_created", "posts", ["region_code", "created_at"]),
    ("ix_findings_detector_id", "findings", ["detector", "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
