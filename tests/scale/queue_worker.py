"""A queue worker process for the concurrency tests (started with `spawn`, killed with SIGKILL).

It loops claim → (optional pause) → probe detection → fenced finish, and appends the pks it
committed to its own file, one per line, after each commit. While posts are held by another
worker's unexpired lease it waits for them instead of exiting, so a killed worker's batch is
taken over once its lease runs out.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from awas.detect.pipeline import post_subject_id
from awas.domain.findings import Finding, SubjectType
from awas.domain.posts import Post
from awas.scale.queue import claim, finish
from awas.store.db import Database
from awas.store.tables import posts


def probe(batch: Sequence[Post]) -> list[Finding]:
    """One finding per post: what the test counts."""
    return [
        Finding(
            category="probe",
            score=1.0,
            subject_type=SubjectType.POST,
            subject_id=post_subject_id(p),
            detector="awas.detect",
            detector_version="probe",
        )
        for p in batch
    ]


def _someone_holds(db: Database) -> bool:
    with db.read() as conn:
        query = sa.select(sa.func.count()).select_from(posts).where(posts.c.stage == "detecting")
        return bool(conn.execute(query).scalar_one())


def run(url: str, out: str, size: int, lease_s: float, pause_s: float = 0.0, deadline_s: float = 120) -> None:
    db = Database(url, pool_size=1)
    target, lease, stop = Path(out), timedelta(seconds=lease_s), time.monotonic() + deadline_s
    while time.monotonic() < stop:
        claimed = claim(db, size, lease)
        if not claimed.items:
            if not _someone_holds(db):
                return
            time.sleep(0.2)
            continue
        if pause_s:
            target.with_suffix(".claimed").write_text("\n".join(str(pk) for pk, _ in claimed.items))
            time.sleep(pause_s)  # the test kills the process here, mid-batch
        outcome = finish(db, claimed, probe([p for _, p in claimed.items]))
        with target.open("a") as fh:
            fh.writelines(f"{pk}\n" for pk in outcome.committed)
