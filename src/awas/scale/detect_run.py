"""`awas detect run --engine ...`: the detection queue on the local engine or on Ray workers.

Local: `awas.detect.service.run_detection`, unchanged (claim, detect and write in one transaction).
Ray: each Ray task is one queue cycle on its worker (`queue.work_once` with `detect_batch`, the
same pure function): claim a batch under a lease, detect, write its findings with the fenced
`finish`. Tasks write straight to the shared database in batches, so the driver only counts. A task
Ray retries after its worker died claims a fresh batch; the dead task's posts are claimed again when
their lease expires (by this run's next round, or the next run).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from awas.app import App
from awas.detect.context import DetectionContext, build_context
from awas.detect.pipeline import detect_batch
from awas.detect.service import BATCH_SIZE, RunSummary, run_detection
from awas.detect.store import DEFAULT_LEASE
from awas.domain.audit import AuditEvent
from awas.scale.engine import Engine
from awas.scale.queue import BatchOutcome, claimable_count, work_once
from awas.scale.workerdb import worker_database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueSetup:
    database_url: str
    context: DetectionContext
    lease_seconds: float


def detect_claimed(setup: QueueSetup, size: int) -> BatchOutcome:
    """On a worker: one claim-detect-finish cycle of up to `size` posts."""
    db = worker_database(setup.database_url)
    detect = lambda batch: detect_batch(batch, setup.context)  # noqa: E731
    return work_once(db, detect, size, timedelta(seconds=setup.lease_seconds))


def run_detection_on(
    app: App,
    actor: str,
    engine: Engine | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    limit: int | None = None,
    lease: timedelta = DEFAULT_LEASE,
    context: DetectionContext | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> RunSummary:
    """Detect every claimable post (or up to `limit`) on `engine`; None or local: the local run."""
    started = time.perf_counter()
    if engine is None or engine.name == "local":
        summary = run_detection(
            app, actor, batch_size=batch_size, limit=limit, context=context, on_batch=on_batch
        )
        _log(summary, "local", 1, 0, started)
        return summary
    context = context or build_context(app)
    setup = QueueSetup(app.db.url.render_as_string(hide_password=False), context, lease.total_seconds())
    total = BatchOutcome()
    while sizes := _round(app, batch_size, limit, total.posts, lease):
        done = BatchOutcome()
        for outcome in engine.map_ordered(detect_claimed, setup, sizes):
            done.add(outcome)
            if on_batch:
                on_batch(outcome.posts)
        total.add(done)
        if done.posts == 0:  # the rest was claimed by other workers meanwhile
            break
    summary = RunSummary(total.posts, total.findings, total.by_category, context.detector_version)
    _audit(app, actor, engine, summary, total.lost)
    _log(summary, engine.name, engine.parallelism, total.lost, started)
    return summary


def _log(summary: RunSummary, engine: str, workers: int, lost: int, started: float) -> None:
    seconds = round(time.perf_counter() - started, 3)
    fields = {"engine": engine, "workers": workers, "posts": summary.posts, "findings": summary.findings}
    log.info("detection run finished", extra=fields | {"lost_leases": lost, "seconds": seconds})


def _round(app: App, batch_size: int, limit: int | None, done: int, lease: timedelta) -> list[int]:
    """Batch sizes for the next round: what is claimable now, within the limit."""
    waiting = claimable_count(app.db, lease)
    if limit is not None:
        waiting = min(waiting, limit - done)
    return list(_sizes(waiting, batch_size))


def _sizes(total: int, batch_size: int) -> Iterator[int]:
    while total > 0:
        yield min(batch_size, total)
        total -= batch_size


def _audit(app: App, actor: str, engine: Engine, summary: RunSummary, lost: int) -> None:
    if not summary.posts:
        return
    details = {
        "posts": summary.posts,
        "findings": summary.findings,
        "detector_version": summary.detector_version,
        "engine": engine.name,
        "workers": engine.parallelism,
        "lost_leases": lost,
    }
    app.audit(
        AuditEvent(action="detect.run", actor=actor, object_type="posts", object_id="queue", details=details)
    )
