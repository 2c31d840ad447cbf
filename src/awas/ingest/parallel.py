"""Parse and run the intake steps in worker processes; write in this one, in file order.

Workers run `prepare_chunk` (parse a block, skip posts already stored, `run_intake`): they only read
the database. The parent is the single writer: it commits the prepared chunks in job order with
`write_chunks`, grouping the ones that are ready into one transaction, and yields their results so
the caller advances the run's checkpoint. One writer means no lock hand-off between processes, one
warm page cache (SQLite drops a connection's cache whenever another connection has written), and
near-duplicates linked across chunks exactly as in a one-process run. A chunk already committed by
an earlier, interrupted run is recognised by its record and skipped (see `chunkstore`).

Workers are started with `spawn` (Polars' thread pool does not survive `fork`), with one Polars
thread each. At most `2 × workers` jobs are in flight, so memory stays flat in file size.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from awas.ingest.chunkstore import ChunkResult, PreparedChunk, prepare_chunk, write_chunks
from awas.ingest.frame import empty_frame
from awas.ingest.importers.base import Chunk
from awas.ingest.steps.pipeline import IntakeContext
from awas.store.db import Database

Job = Callable[[], Chunk]
GROUP_POSTS = 60_000  # posts committed together at most (ready chunks only; never waits for one)
_state: dict[str, object] = {}


def _init_worker(database_url: str, ctx: IntakeContext) -> None:
    _state.update(db=Database(database_url, pool_size=1), ctx=ctx)


def _prepare(job: Job) -> PreparedChunk:
    db, ctx = _state["db"], _state["ctx"]
    assert isinstance(db, Database) and isinstance(ctx, IntakeContext)
    chunk = job()
    prepared = prepare_chunk(db, ctx, chunk)
    # Only the processed posts travel back; the parsed frame is not needed for the write.
    return PreparedChunk(replace(chunk, frame=empty_frame(), records=chunk.read), prepared.processed)


Pending = deque[Future[PreparedChunk] | ChunkResult]


def stored_chunks(
    db: Database,
    jobs: Iterable[tuple[int, Job]],
    recorded: Callable[[int], ChunkResult | None],
    ctx: IntakeContext,
    run_id: int,
    workers: int,
) -> Iterator[ChunkResult]:
    """Run `(start, job)` pairs on `workers` processes, commit them here; yield results in job order.

    `recorded(start)` returns the result of a chunk already committed, which is then not run again.
    Raises whatever a job raised (InputError for an unreadable file), after the chunks before it.
    """
    previous = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"  # read by workers, spawned lazily while the pool runs
    try:
        context = multiprocessing.get_context("spawn")
        url = db.url.render_as_string(hide_password=False)
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker, initargs=(url, ctx)
        ) as pool:
            pending: Pending = deque()
            for start, job in jobs:
                done = recorded(start)
                pending.append(done if done is not None else pool.submit(_prepare, job))
                while len(pending) > 2 * workers or (pending and isinstance(pending[0], ChunkResult)):
                    yield from _commit_ready(db, pending, run_id)
            while pending:
                yield from _commit_ready(db, pending, run_id)
    finally:
        _restore("POLARS_MAX_THREADS", previous)


def _commit_ready(db: Database, pending: Pending, run_id: int) -> list[ChunkResult]:
    """Results for the head of `pending`: a recorded chunk as is, or the head job (waited for) and
    the jobs right behind it that are already done, committed together."""
    head = pending.popleft()
    if isinstance(head, ChunkResult):
        return [head]
    group = [head.result()]
    size = group[0].processed.height
    while size < GROUP_POSTS and pending and _succeeded(pending[0]):
        group.append(pending.popleft().result())  # type: ignore[union-attr]
        size += group[-1].processed.height
    return write_chunks(db, group, run_id)


def _succeeded(item: Future[PreparedChunk] | ChunkResult) -> bool:
    # A failed job stays at the head, so the chunks before it commit before its error is raised.
    return isinstance(item, Future) and item.done() and item.exception() is None


def _restore(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
