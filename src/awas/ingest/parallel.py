"""Parse, intake and write in worker processes, for big files on several cores.

Each worker runs whole chunks through `store_chunk` (its own transactions: SQLite queues writers on
its write lock, PostgreSQL takes them side by side), so only a small result travels back. The parent
consumes results in job order and advances the run's checkpoint; a chunk already committed by an
earlier, interrupted run is recognised by its record and skipped (see `chunkstore`). Workers are
started with `spawn` (Polars' thread pool does not survive `fork`), with one Polars thread each.
At most `2 × workers` jobs are in flight, so memory stays flat in file size.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from awas.ingest.chunkstore import ChunkResult, store_chunk
from awas.ingest.importers.base import Chunk
from awas.ingest.steps.pipeline import IntakeContext
from awas.store.db import Database

Job = Callable[[], Chunk]
_state: dict[str, object] = {}


def _init_worker(database_url: str, ctx: IntakeContext, run_id: int, lock: Any) -> None:
    db = Database(database_url, pool_size=1)
    _state.update(db=db, ctx=ctx, run_id=run_id, lock=lock if db.is_sqlite else None)


def _run_job(job: Job) -> ChunkResult:
    db, ctx, run_id = _state["db"], _state["ctx"], _state["run_id"]
    assert isinstance(db, Database) and isinstance(ctx, IntakeContext) and isinstance(run_id, int)
    return store_chunk(db, ctx, job(), run_id, _state["lock"])  # type: ignore[arg-type]


def stored_chunks(
    jobs: Iterable[tuple[int, Job]],
    recorded: Callable[[int], ChunkResult | None],
    setup: tuple[str, IntakeContext, int],
    workers: int,
) -> Iterator[ChunkResult]:
    """Run `(start, job)` pairs on `workers` processes; yield results in job order.

    `recorded(start)` returns the result of a chunk already committed, which is then not run again.
    """
    previous = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"  # read by workers, spawned lazily while the pool runs
    try:
        context = multiprocessing.get_context("spawn")
        initargs: tuple[Any, ...] = (*setup, context.Lock())
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=initargs
        ) as pool:
            pending: deque[Future[ChunkResult] | ChunkResult] = deque()
            for start, job in jobs:
                done = recorded(start)
                pending.append(done if done is not None else pool.submit(_run_job, job))
                while len(pending) > 2 * workers or (pending and isinstance(pending[0], ChunkResult)):
                    yield _result(pending.popleft())
            while pending:
                yield _result(pending.popleft())
    finally:
        _restore("POLARS_MAX_THREADS", previous)


def _result(item: Future[ChunkResult] | ChunkResult) -> ChunkResult:
    return item if isinstance(item, ChunkResult) else item.result()


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
