"""Content intake: leaner post_intake indexes for bulk imports.

- `ix_post_intake_near_key` (every post) becomes a partial index over originals only
  (`duplicate_of IS NULL`): the one query that uses it looks up the stored original of a near key,
  and with every copy in the index that lookup read all copies of a key, so it grew with the
  database (quadratic over a large import).
- `ix_post_intake_paslon_id` keeps only posts of registered campaign accounts (`paslon_id IS NOT
  NULL`); the rest of the entries were all NULL and cost an index write per post.

Revision ID: 0401_ingest_lean_indexes
Revises: 0400_ingest_initial
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0401_ingest_lean_indexes"
down_revision = "0400_ingest_initial"
branch_labels = None
depends_on = None

ORIGINALS = sa.text("duplicate_of IS NULL")
LINKED = sa.text("paslon_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_post_intake_near_key", table_name="post_intake")
    op.drop_index("ix_post_intake_paslon_id", table_name="post_intake")
    op.create_index(
        "ix_post_intake_original_near_key",
        "post_intake",
        ["near_key"],
        sqlite_where=ORIGINALS,
        postgresql_where=ORIGINALS,
    )
    op.create_index(
        "ix_post_intake_linked_paslon_id",
        "post_intake",
        ["paslon_id"],
        sqlite_where=LINKED,
        postgresql_where=LINKED,
    )


def downgrade() -> None:
    op.drop_index("ix_post_intake_linked_paslon_id", table_name="post_intake")
    op.drop_index("ix_post_intake_original_near_key", table_name="post_intake")
    op.create_index("ix_post_intake_near_key", "post_intake", ["near_key"])
    op.create_index("ix_post_intake_paslon_id", "post_intake", ["paslon_id"])
