"""`awas ingest import --engine ray`: parsing and the intake steps on the engine, writes in order here.

Each chunk's job (a JSONL block, or a chunk another importer read) runs on a worker as
`prepare_chunk`: parse, skip posts already stored, `run_intake` (the same function the local import
calls). The prepared chunks come back in file order and are committed here with `write_chunk`, the
second half of the local import's `store_chunk`: near keys are linked to originals stored by earlier
chunks, the run checkpoint advances in order, a killed import resumes from its last committed chunk.
So the database ends up exactly as after a local import of the same file (same rows, same ids).
Workers read the database (to skip stored posts), so it must be reachable from them: PostgreSQL on
a cluster, or a SQLite file on this machine with a local Ray.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from awas.app import App
from awas.ingest.chunkstore import ChunkResult, PreparedChunk, prepare_chunk, write_chunk
from awas.ingest.frame import empty_frame
from awas.ingest.records import RunSummary
from awas.ingest.service import ChunkRunner, IngestService, Job, Progress
from awas.ingest.steps.pipeline import IntakeContext
from awas.scale.engine import Engine
from awas.scale.workerdb import worker_database


@dataclass(frozen=True)
class IntakeSetup:
    """What every worker needs: where the database is, and the intake context (plain data)."""

    database_url: str
    context: IntakeContext


def prepare_job(setup: IntakeSetup, item: Job | ChunkResult) -> PreparedChunk | ChunkResult:
    """On a worker: a committed chunk passes through; a job is read and prepared (nothing written)."""
    if isinstance(item, ChunkResult):
        return item
    chunk = item()
    prepared = prepare_chunk(worker_database(setup.database_url), setup.context, chunk)
    # The raw frame is not needed for the write, only its size: don't ship it back.
    return PreparedChunk(replace(chunk, frame=empty_frame(), records=chunk.read), prepared.processed)


def engine_runner(app: App, engine: Engine, context: IntakeContext) -> ChunkRunner:
    """The `IngestService.import_file(runner=...)` hook that runs jobs on `engine`."""
    setup = IntakeSetup(app.db.url.render_as_string(hide_password=False), context)

    def run(
        jobs: Iterator[tuple[int, Job]], recorded: Callable[[int], ChunkResult | None], run_id: int
    ) -> Iterator[ChunkResult]:
        items = (recorded(start) or job for start, job in jobs)
        for out in engine.map_ordered(prepare_job, setup, items):
            yield out if isinstance(out, ChunkResult) else write_chunk(app.db, out, run_id)

    return run


def import_file(
    app: App,
    path: Path,
    fmt: str,
    *,
    actor: str,
    engine: Engine | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    **options: Any,
) -> RunSummary:
    """Import one file on `engine` (None or the local engine: the local import, `workers` processes)."""
    service = IngestService(app)
    runner = None if engine is None or engine.name == "local" else engine_runner(app, engine, service.context)
    return service.import_file(
        path, fmt, actor=actor, progress=progress, workers=workers, runner=runner, **options
    )
