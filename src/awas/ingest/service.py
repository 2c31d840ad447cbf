"""Intake orchestration: importer or feeder output → intake steps → storage, with exact counts.

`IngestService.import_file` is what `awas ingest import` and the demo call:
1. open (or resume) the run for this file's identity and format;
2. for each chunk the importer yields: skip posts already stored, run the intake steps on the
   rest, link near-duplicates to stored originals (`chunkstore.store_chunk`);
3. write posts, annotations, quarantined records and the chunk's record in one transaction, then
   advance the run's checkpoint (a chunk already recorded by an interrupted run is skipped);
4. close the run and append an audit event. A file that cannot be read at all is quarantined as
   one rejected source and the run is marked failed; nothing already stored is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.domain.posts import Post
from awas.errors import InputError
from awas.ingest import runs
from awas.ingest.chunkstore import ChunkResult, ReadyJob, recorded_chunk, store_chunk
from awas.ingest.frame import posts_to_frame
from awas.ingest.importers.base import Chunk, Importer
from awas.ingest.parallel import stored_chunks
from awas.ingest.plugins import IMPORTERS
from awas.ingest.records import Rejection, RunSummary
from awas.ingest.steps.pipeline import IntakeContext

Progress = Callable[[int], None]
Job = Callable[[], Chunk]
# An engine hook (awas.scale): runs `(start, job)` pairs, skipping what `recorded(start)` returns,
# and yields each chunk's committed result in job order.
ChunkRunner = Callable[
    [Iterator[tuple[int, Job]], Callable[[int], "ChunkResult | None"], int], Iterator[ChunkResult]
]
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


class IngestService:
    def __init__(self, app: App) -> None:
        self.app = app
        self._ctx: IntakeContext | None = None

    @property
    def context(self) -> IntakeContext:
        if self._ctx is None:
            self._ctx = IntakeContext.load(self.app.db, self.app.reference)
        return self._ctx

    def refresh(self) -> None:
        """Reload the reference data and the account registry the steps use (long-running feeders)."""
        self._ctx = None

    def import_file(
        self,
        path: Path,
        fmt: str,
        *,
        actor: str,
        progress: Progress | None = None,
        workers: int = 1,
        runner: ChunkRunner | None = None,
        **options: Any,
    ) -> RunSummary:
        """Import one file; see the module docstring. Raises SetupError for an unknown format.

        `workers` > 1 parses and runs the intake steps in that many processes while this one writes
        (formats that split a file into independent jobs, i.e. JSONL, and files over
        PARALLEL_MIN_BYTES).
        `runner` (the scale-out engine) replaces both: it gets every chunk as a job.
        """
        importer: Importer = IMPORTERS.get(fmt)(**options)
        key = runs.file_key(path) if path.is_file() else None
        run = runs.open_run(self.app.db, "import", str(path), fmt, key)
        summary = RunSummary(str(path), fmt, run.id, resumed_from_line=run.position if run.resumed else 0)
        status = "done"
        try:
            results = runner(self._jobs(importer, path, run), self._recorded(run), run.id) if runner else None
            for result in results or self._results(importer, path, run, workers):
                self._count(run, result, summary)
                if progress:
                    progress(run.position)
        except (InputError, OSError) as exc:
            status = "failed"
            self._refuse_source(str(path), exc, run, summary)
        runs.close_run(self.app.db, run, status)
        summary.accepted, summary.existing, summary.rejected = run.accepted, run.existing, run.rejected
        details = summary.as_dict() | {"problems": len(summary.problems)}
        event = AuditEvent(
            action="ingest.imported", actor=actor, object_type="ingest_run", object_id=str(run.id)
        )
        self.app.audit(replace(event, details=details))
        return summary

    def store_posts(
        self, posts: Iterable[Post], rejections: list[Rejection], run: runs.Run, summary: RunSummary
    ) -> None:
        """Store what a feeder produced (same steps and guarantees as an import)."""
        chunk = Chunk(posts_to_frame(list(posts)), rejections, run.position, run.offset, start=run.position)
        self._count(run, store_chunk(self.app.db, self.context, chunk, run.id), summary)

    def _results(self, importer: Importer, path: Path, run: runs.Run, workers: int) -> Iterator[ChunkResult]:
        jobs = getattr(importer, "jobs", None)
        big = path.is_file() and path.stat().st_size - run.offset >= PARALLEL_MIN_BYTES
        if workers > 1 and jobs is not None and big:
            pairs = ((job.start, job) for job in jobs(path, run.position, run.offset))
            yield from stored_chunks(self.app.db, pairs, self._recorded(run), self.context, run.id, workers)
            return
        for chunk in importer.chunks(path, run.position, run.offset):
            done = self._recorded(run)(chunk.start)
            yield done if done is not None else store_chunk(self.app.db, self.context, chunk, run.id)

    def _jobs(self, importer: Importer, path: Path, run: runs.Run) -> Iterator[tuple[int, Job]]:
        jobs = getattr(importer, "jobs", None)
        if jobs is not None:
            yield from ((job.start, job) for job in jobs(path, run.position, run.offset))
            return
        yield from ((c.start, ReadyJob(c)) for c in importer.chunks(path, run.position, run.offset))

    def _recorded(self, run: runs.Run) -> Callable[[int], ChunkResult | None]:
        return lambda start: recorded_chunk(self.app.db, run.id, start) if run.resumed else None

    def _count(self, run: runs.Run, result: ChunkResult, summary: RunSummary) -> None:
        runs.advance(self.app.db, run, result)
        summary.problems.extend(result.rejections)

    def _refuse_source(
        self, source: str, exc: InputError | OSError, run: runs.Run, summary: RunSummary
    ) -> None:
        """The whole file is unreadable from here on: one quarantined source, nothing else touched."""
        if isinstance(exc, InputError):
            reasons = [p.reason for p in exc.problems]
        else:
            reasons = [f"berkas tidak dapat dibaca: {exc}"]
        rejections = [Rejection(source, r) for r in reasons]
        chunk = Chunk(posts_to_frame([]), rejections, run.position, run.offset, start=-1 - run.offset)
        self._count(run, store_chunk(self.app.db, self.context, chunk, run.id), summary)
