"""Findings and the posts work queue in the database.

The queue is the `posts.stage` column: intake writes `new`; `claim_batch` moves up to N of them to
`detecting` with one conditional UPDATE (`WHERE stage = 'new'`) returning the rows it changed, so two
workers never get the same post (on PostgreSQL the candidates are locked FOR UPDATE SKIP LOCKED, so a
second worker takes the next rows instead of waiting). Here the claim, the findings and the move to
`detected` happen in one transaction: a crash rolls the posts back to `new`. The scale-out queue
(`awas.scale.queue`) commits the claim first and finishes under a lease instead.

Findings are upserted on (subject_type, subject_id, category, detector): a re-run updates score and
evidence and keeps the analyst's review; an open finding that no longer fires is removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.detect.context import DETECTOR
from awas.domain.findings import Finding
from awas.domain.posts import Post
from awas.ingest.frame import post_from_mapping
from awas.store.tables import findings, posts
from awas.timeutil import utcnow

NEW, DETECTING, DETECTED = "new", "detecting", "detected"
DEFAULT_LEASE = timedelta(minutes=15)  # a claim older than this, still `detecting`, is taken over


def post_from_row(row: Any) -> Post:
    """A Post from a `posts` row (mapping), by intake's one conversion."""
    return post_from_mapping(row)


def claim_batch(
    conn: Connection, size: int, *, at: datetime | None = None, lease: timedelta = DEFAULT_LEASE
) -> list[tuple[int, Post]]:
    """Move up to `size` claimable posts to `detecting` at `at` (default now), oldest id first; return
    (pk, Post) of those claimed.

    Claimable: `new`, or `detecting` since longer than `lease` (claimed by a worker that died before
    finishing; see `awas.scale.queue`). On PostgreSQL the candidate rows are locked with
    FOR UPDATE SKIP LOCKED, so concurrent workers take disjoint batches without waiting on each other;
    on SQLite the write transaction (BEGIN IMMEDIATE) serialises claims and the conditional UPDATE
    re-checks the stage.
    """
    at = at or utcnow()
    claimable = (posts.c.stage == NEW) | ((posts.c.stage == DETECTING) & (posts.c.stage_at < at - lease))
    # A materialised CTE runs the locking SELECT once: as an IN (subquery) PostgreSQL may re-run it per
    # row, and with SKIP LOCKED each re-run returns further rows (a batch larger than `size`).
    candidates = (
        sa.select(posts.c.id)
        .where(claimable)
        .order_by(posts.c.id)
        .limit(size)
        .with_for_update(skip_locked=True)
        .cte("candidates")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    claimed = conn.execute(
        posts.update()
        .where(claimable, posts.c.id.in_(sa.select(candidates.c.id)))
        .values(stage=DETECTING, stage_at=at)
        .returning(*posts.c)
    ).mappings()
    return sorted(((row["id"], post_from_row(row)) for row in claimed), key=lambda item: item[0])


def mark_detected(conn: Connection, pks: Sequence[int], at: datetime) -> None:
    if pks:
        conn.execute(posts.update().where(posts.c.id.in_(pks)).values(stage=DETECTED, stage_at=at))


def finding_row(finding: Finding, post_pk: int | None, at: datetime) -> dict[str, Any]:
    return {
        "subject_type": str(finding.subject_type),
        "subject_id": finding.subject_id,
        "post_pk": post_pk,
        "category": finding.category,
        "score": finding.score,
        "detector": finding.detector,
        "detector_version": finding.detector_version,
        "evidence": [asdict(e) for e in finding.evidence],
        "legal_basis": list(finding.legal_basis),
        "handler": finding.handler,
        "region_code": finding.region_code,
        "election_id": finding.election_id,
        "paslon_id": finding.paslon_id,
        "details": finding.details,
        "created_at": at,
    }


_UPDATED = (
    "score",
    "detector_version",
    "evidence",
    "legal_basis",
    "handler",
    "region_code",
    "election_id",
    "paslon_id",
    "details",
    "post_pk",
)


def upsert_findings(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert or update findings on their unique key; the review columns are never touched."""
    if not rows:
        return
    statement: Any
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        statement = postgresql.insert(findings)
    else:
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(findings)
    statement = statement.on_conflict_do_update(
        index_elements=["subject_type", "subject_id", "category", "detector"],
        set_={name: statement.excluded[name] for name in _UPDATED},
    )
    conn.execute(statement, rows)


def drop_stale_findings(conn: Connection, subject_ids: Sequence[str], kept: set[tuple[str, str]]) -> None:
    """Remove open findings of this detector for these posts that the latest run did not raise."""
    if not subject_ids:
        return
    existing = conn.execute(
        sa.select(findings.c.id, findings.c.subject_id, findings.c.category).where(
            findings.c.subject_type == "post",
            findings.c.detector == DETECTOR,
            findings.c.review_status == "open",
            findings.c.subject_id.in_(subject_ids),
        )
    ).all()
    stale = [r.id for r in existing if (r.subject_id, r.category) not in kept]
    if stale:
        conn.execute(findings.delete().where(findings.c.id.in_(stale)))
