"""The posts work queue for many workers: claims committed under a lease, fenced completion.

The local `awas detect run` claims, detects and writes in one transaction. Workers on a cluster
must not hold a transaction (and row locks) open while they compute, so here:

1. `claim(db, size, lease)` commits the move of up to `size` posts to `detecting`, stamped with the
   claim time (`detect.store.claim_batch`: FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional
   UPDATE under SQLite's write lock). A post still `detecting` after `lease` belonged to a worker
   that died (SIGKILL, lost node) and is claimable again.
2. The worker computes its findings with no transaction open.
3. `finish(db, claim, findings)` moves to `detected` only the posts still carrying this claim's
   stamp (the fencing token: a claim taken over after the lease has a newer stamp), and writes the
   findings of exactly those posts, in one transaction. A worker that outlived its lease therefore
   writes nothing, and a post's findings are committed once. Findings are upserted on their unique
   key, so even a repeated write could not duplicate one.

Workers' clocks must agree to well within the lease (NTP); the default lease is 15 minutes against
batches that take seconds.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from awas.detect.pipeline import post_subject_id
from awas.detect.store import (
    DEFAULT_LEASE,
    DETECTED,
    DETECTING,
    NEW,
    claim_batch,
    drop_stale_findings,
    finding_row,
    upsert_findings,
)
from awas.domain.findings import Finding
from awas.domain.posts import Post
from awas.store.db import Database
from awas.store.tables import posts
from awas.timeutil import utcnow

log = logging.getLogger(__name__)
Detector = Callable[[Sequence[Post]], list[Finding]]


@dataclass(frozen=True)
class Claim:
    """Posts claimed together, and the stamp that proves the claim is still this worker's."""

    at: datetime
    items: list[tuple[int, Post]]


@dataclass
class BatchOutcome:
    """What one claim-detect-finish cycle did (`lost`: posts taken over after the lease expired)."""

    posts: int = 0
    findings: int = 0
    lost: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    committed: list[int] = field(default_factory=list)  # pks this cycle finished (not summed by `add`)

    def add(self, other: BatchOutcome) -> None:
        self.posts += other.posts
        self.findings += other.findings
        self.lost += other.lost
        self.by_category.update(other.by_category)


def claim(db: Database, size: int, lease: timedelta = DEFAULT_LEASE) -> Claim:
    """Commit a claim of up to `size` posts (possibly none)."""
    at = utcnow()
    with db.transaction() as conn:
        return Claim(at, claim_batch(conn, size, at=at, lease=lease))


def finish(db: Database, claimed: Claim, found: list[Finding]) -> BatchOutcome:
    """Commit the findings of the posts this claim still holds; see the module docstring."""
    pks = [pk for pk, _ in claimed.items]
    with db.transaction() as conn:
        now = utcnow()
        held = set(
            conn.execute(
                posts.update()
                .where(posts.c.id.in_(pks), posts.c.stage == DETECTING, posts.c.stage_at == claimed.at)
                .values(stage=DETECTED, stage_at=now)
                .returning(posts.c.id)
            ).scalars()
        )
        pk_of = {post_subject_id(p): pk for pk, p in claimed.items if pk in held}
        mine = [f for f in found if f.subject_id in pk_of]
        upsert_findings(conn, [finding_row(f, pk_of[f.subject_id], now) for f in mine])
        drop_stale_findings(conn, list(pk_of), {(f.subject_id, f.category) for f in mine})
    if len(held) < len(pks):
        log.warning(
            "claim taken over after its lease", extra={"lost": len(pks) - len(held), "claimed_at": claimed.at}
        )
    categories = Counter(f.category for f in mine)
    return BatchOutcome(len(held), len(mine), len(pks) - len(held), categories, sorted(held))


def work_once(db: Database, detect: Detector, size: int, lease: timedelta = DEFAULT_LEASE) -> BatchOutcome:
    """Claim a batch, detect, finish; an empty outcome when nothing was claimable."""
    claimed = claim(db, size, lease)
    if not claimed.items:
        return BatchOutcome()
    return finish(db, claimed, detect([p for _, p in claimed.items]))


def claimable_count(db: Database, lease: timedelta = DEFAULT_LEASE) -> int:
    """Posts waiting: `new`, plus `detecting` ones whose lease has expired."""
    cutoff = utcnow() - lease
    waiting = (posts.c.stage == NEW) | ((posts.c.stage == DETECTING) & (posts.c.stage_at < cutoff))
    with db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(posts).where(waiting)).scalar_one())
