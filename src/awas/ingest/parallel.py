"""Parse and intake in worker processes while the parent writes, for big files on several cores.

Workers are started with `spawn` (Polars' thread pool does not survive `fork`). Each worker opens
its own read-only view of the database to skip posts already stored and runs the intake steps; the
parent consumes results in submission order and writes them, so checkpoints stay in file order and
a crash resumes exactly as in the sequential path. At most `2 × workers` chunks are in flight, so
memory stays flat in file size.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import polars as pl

from awas.ingest.importers.base import Chunk
from awas.ingest.steps.pipeline import IntakeContext, run_intake
from awas.ingest.writer import known_keys
from awas.store.db import Database

_state: dict[str, object] = {}


def _init_worker(database_url: str, ctx: IntakeContext) -> None:
    _state["db"] = Database(database_url, pool_size=1)
    _state["ctx"] = ctx


def fresh_posts(db: Database, frame: pl.DataFrame) -> pl.DataFrame:
    """Posts of this chunk not stored yet (the first of any identity repeated within the chunk)."""
    if frame.height == 0:
        return frame
    frame = frame.unique(["platform", "post_id"], keep="first", maintain_order=True)
    with db.read() as conn:
        known = known_keys(conn, frame)
    return frame.join(known, on=["platform", "post_id"], how="anti") if known.height else frame


def prepare(chunk: Chunk, db: Database, ctx: IntakeContext) -> Chunk:
    """Skip stored posts and run the intake steps; the result is ready for the writer."""
    records = chunk.read
    fresh = fresh_posts(db, chunk.frame)
    processed = run_intake(fresh, ctx) if fresh.height else fresh
    return Chunk(processed, chunk.rejections, chunk.position, chunk.offset, records=records, prepared=True)


def _run_job(job: Callable[[], Chunk]) -> Chunk:
    db, ctx = _state["db"], _state["ctx"]
    assert isinstance(db, Database) and isinstance(ctx, IntakeContext)
    return prepare(job(), db, ctx)


def prepared_chunks(
    jobs: Iterable[Callable[[], Chunk]], database_url: str, ctx: IntakeContext, workers: int
) -> Iterator[Chunk]:
    """Run `jobs` on `workers` processes; yield prepared chunks in job order."""
    context = multiprocessing.get_context("spawn")
    # One Polars thread per worker: the workers are the parallelism; more threads only contend.
    # Workers are spawned lazily on submit, so the variable stays set while the pool runs.
    previous = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(database_url, ctx)
        ) as pool:
            pending: deque[Future[Chunk]] = deque()
            for job in jobs:
                pending.append(pool.submit(_run_job, job))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        if previous is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = previous
