"""Storing one chunk: skip posts already stored, run the intake steps, and write posts, annotations,
quarantined records and the chunk's own record in a single transaction.

The chunk record (`ingest_run_chunks`, keyed by run and the chunk's start) is what makes a run
resumable when chunks commit out of order (parallel workers): a chunk found there on resume is not
processed again, and its counts come from the record, so every post is stored and counted once.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import sqlalchemy as sa

from awas.ingest.importers.base import Chunk
from awas.ingest.records import Rejection
from awas.ingest.steps.pipeline import IntakeContext, run_intake
from awas.ingest.tables import ingest_run_chunks
from awas.ingest.writer import insert_batch, known_keys, link_stored_duplicates, quarantine
from awas.store.db import Database
from awas.timeutil import utcnow

MAX_REPORTED = 200  # rejections carried back for the summary; all of them are in the quarantine


@dataclass(frozen=True)
class ChunkResult:
    start: int
    position: int
    offset: int
    accepted: int
    existing: int
    rejected: int
    rejections: list[Rejection] = field(default_factory=list)


def fresh_posts(db: Database, frame: pl.DataFrame) -> pl.DataFrame:
    """Posts of this chunk not stored yet (the first of any identity repeated within the chunk)."""
    if frame.height == 0:
        return frame
    frame = frame.unique(["platform", "post_id"], keep="first", maintain_order=True)
    with db.read() as conn:
        known = known_keys(conn, frame)
    return frame.join(known, on=["platform", "post_id"], how="anti") if known.height else frame


@dataclass(frozen=True)
class ReadyJob:
    """A chunk already read, as a job (`job() -> Chunk`), for engines that take jobs."""

    chunk: Chunk

    def __call__(self) -> Chunk:
        return self.chunk


@dataclass(frozen=True)
class PreparedChunk:
    """A chunk after the intake steps, before the write: what an engine's worker hands back."""

    chunk: Chunk
    processed: pl.DataFrame


def prepare_chunk(db: Database, ctx: IntakeContext, chunk: Chunk) -> PreparedChunk:
    """Skip posts already stored and run the intake steps (reads only; any process may do it)."""
    fresh = fresh_posts(db, chunk.frame)
    processed = run_intake(fresh, ctx) if fresh.height else fresh
    return PreparedChunk(chunk, processed)


def store_chunk(
    db: Database,
    ctx: IntakeContext,
    chunk: Chunk,
    run_id: int,
    write_lock: AbstractContextManager[Any] | None = None,
) -> ChunkResult:
    """Process and commit one chunk; see the module docstring.

    `write_lock` serialises writers across processes before SQLite's own lock does: a writer waiting
    on SQLite's busy handler sleeps in steps of up to 100 ms, one waiting on the lock wakes at once.
    """
    return write_chunk(db, prepare_chunk(db, ctx, chunk), run_id, write_lock)


def write_chunk(
    db: Database,
    prepared: PreparedChunk,
    run_id: int,
    write_lock: AbstractContextManager[Any] | None = None,
) -> ChunkResult:
    """Commit a prepared chunk: posts, annotations, quarantine and the chunk record in one transaction.

    Posts stored since `prepare_chunk` ran (by an earlier chunk of the same file) are left alone by
    the insert's ON CONFLICT and counted as existing; near keys are linked to originals stored by then.
    """
    chunk, processed = prepared.chunk, prepared.processed
    now = utcnow()
    with write_lock or nullcontext(), db.transaction() as conn:
        if processed.height:
            processed = link_stored_duplicates(conn, processed)
        inserted = insert_batch(conn, processed, run_id, now)
        quarantine(conn, chunk.rejections, run_id, now)
        result = ChunkResult(
            chunk.start,
            chunk.position,
            chunk.offset,
            inserted,
            chunk.read - inserted,
            len(chunk.rejections),
            chunk.rejections[:MAX_REPORTED],
        )
        _record(conn, run_id, result)
    return result


def _record(conn: sa.Connection, run_id: int, result: ChunkResult) -> None:
    conn.execute(
        ingest_run_chunks.insert().values(
            run_id=run_id,
            start=result.start,
            end_line=result.position,
            end_offset=result.offset,
            accepted=result.accepted,
            existing=result.existing,
            rejected=result.rejected,
        )
    )


def recorded_chunk(db: Database, run_id: int, start: int) -> ChunkResult | None:
    """The committed chunk of this run that began at `start`, if any."""
    with db.read() as conn:
        row = conn.execute(
            sa.select(ingest_run_chunks).where(
                ingest_run_chunks.c.run_id == run_id, ingest_run_chunks.c.start == start
            )
        ).first()
    if row is None:
        return None
    return ChunkResult(row.start, row.end_line, row.end_offset, row.accepted, row.existing, row.rejected)
