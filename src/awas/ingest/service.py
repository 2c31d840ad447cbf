"""Intake orchestration: importer or feeder output → intake steps → storage, with exact counts.

`IngestService.import_file` is what `awas ingest import` and the demo call:
1. open (or resume) the run for this file's identity and format;
2. for each chunk the importer yields: skip posts already stored, run the intake steps on the
   rest, link near-duplicates to stored originals;
3. write posts, annotations, quarantined records and the checkpoint in one transaction;
4. close the run and append an audit event. A file that cannot be read at all is quarantined as
   one rejected source and the run is marked failed; nothing already stored is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.domain.posts import Post
from awas.errors import InputError
from awas.ingest import runs
from awas.ingest.frame import posts_to_frame
from awas.ingest.importers.base import Chunk, Importer
from awas.ingest.parallel import prepare, prepared_chunks
from awas.ingest.plugins import IMPORTERS
from awas.ingest.records import Rejection, RunSummary
from awas.ingest.steps.pipeline import IntakeContext
from awas.ingest.writer import insert_batch, link_stored_duplicates, quarantine
from awas.timeutil import utcnow

Progress = Callable[[int], None]
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

    def import_file(
        self,
        path: Path,
        fmt: str,
        *,
        actor: str,
        progress: Progress | None = None,
        workers: int = 1,
        **options: Any,
    ) -> RunSummary:
        """Import one file; see the module docstring. Raises SetupError for an unknown format.

        `workers` > 1 parses and runs the intake steps in that many processes (formats that can
        split a file into independent jobs, i.e. JSONL, and files over PARALLEL_MIN_BYTES).
        """
        importer: Importer = IMPORTERS.get(fmt)(**options)
        source = str(path)
        run = runs.open_run(
            self.app.db, "import", source, fmt, runs.file_key(path) if path.is_file() else None
        )
        summary = RunSummary(source, fmt, run.id, resumed_from_line=run.position if run.resumed else 0)
        status = "done"
        try:
            for chunk in self._chunks(importer, path, run, workers):
                self._store(chunk, run, summary)
                if progress:
                    progress(run.position)
        except (InputError, OSError) as exc:
            status = "failed"
            reasons = (
                [p.reason for p in exc.problems]
                if isinstance(exc, InputError)
                else [f"berkas tidak dapat dibaca: {exc}"]
            )
            self._store(
                Chunk(posts_to_frame([]), [Rejection(source, r) for r in reasons], run.position, run.offset),
                run,
                summary,
            )
        runs.close_run(self.app.db, run, status)
        self._totals(summary, run)
        self.app.audit(
            AuditEvent(
                action="ingest.imported",
                actor=actor,
                object_type="ingest_run",
                object_id=str(run.id),
                details=summary.as_dict() | {"problems": len(summary.problems)},
            )
        )
        return summary

    def store_posts(
        self, posts: Iterable[Post], rejections: list[Rejection], run: runs.Run, summary: RunSummary
    ) -> None:
        """Store what a feeder produced (same steps and guarantees as an import)."""
        self._store(Chunk(posts_to_frame(list(posts)), rejections, run.position, run.offset), run, summary)

    def _chunks(self, importer: Importer, path: Path, run: runs.Run, workers: int) -> Iterator[Chunk]:
        jobs = getattr(importer, "jobs", None)
        big = path.is_file() and path.stat().st_size - run.offset >= PARALLEL_MIN_BYTES
        if workers > 1 and jobs is not None and big:
            url = self.app.db.url.render_as_string(hide_password=False)
            return prepared_chunks(jobs(path, run.position, run.offset), url, self.context, workers)
        return importer.chunks(path, run.position, run.offset)

    def _store(self, chunk: Chunk, run: runs.Run, summary: RunSummary) -> None:
        if not chunk.prepared:
            chunk = prepare(chunk, self.app.db, self.context)
        processed = chunk.frame
        now = utcnow()
        with self.app.db.transaction() as conn:
            if processed.height:
                processed = link_stored_duplicates(conn, processed)
            inserted = insert_batch(conn, processed, run.id, now)
            quarantine(conn, chunk.rejections, run.id, now)
            run.accepted += inserted
            run.existing += chunk.read - inserted
            run.rejected += len(chunk.rejections)
            run.position, run.offset = chunk.position, chunk.offset
            runs.checkpoint(conn, run)
        summary.problems.extend(chunk.rejections)

    @staticmethod
    def _totals(summary: RunSummary, run: runs.Run) -> None:
        summary.accepted, summary.existing, summary.rejected = run.accepted, run.existing, run.rejected
