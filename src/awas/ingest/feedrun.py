"""Running feeders: `awas ingest run [--source S] [--follow]`.

`FeedRunner.run_once` fetches each enabled source (or the one named) once:
1. load the source's cursor; 2. `feeder.fetch(cursor)`; 3. store posts through the same intake
steps as imports (`IngestService.store_posts`), quarantine rejected records; 4. save the new cursor.
A source that cannot be read (timeout, endless redirects, HTML instead of XML, HTTP errors) is
quarantined with the reason and keeps its old cursor; the run goes on with the next source.
`follow` repeats, running each source when its interval has passed, until stopped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from awas.app import App
from awas.ingest import runs
from awas.ingest.feeders.base import Feeder
from awas.ingest.fetcher import Fetcher, FetchError, FetchPolicy
from awas.ingest.plugins import FEEDERS
from awas.ingest.records import Rejection, RunSummary, Source
from awas.ingest.service import IngestService
from awas.ingest.sources import SourceService, load_cursor, save_cursor


class FeedRunner:
    def __init__(self, app: App, fetcher: Fetcher | None = None) -> None:
        self.app = app
        self.fetcher = fetcher or Fetcher(FetchPolicy())
        self.intake = IngestService(app)
        self._due: dict[str, float] = {}

    def run_once(self, name: str | None = None) -> list[RunSummary]:
        """One fetch of each enabled source (or only `name`, enabled or not)."""
        sources = (
            [SourceService(self.app).get(name)]
            if name
            else [s for s in SourceService(self.app).all() if s.enabled]
        )
        return [self.run_source(s) for s in sources]

    def run_source(self, source: Source) -> RunSummary:
        feeder: Feeder = FEEDERS.get(source.kind)(source, self.fetcher, self.app.db)
        run = runs.open_run(self.app.db, "feed", source.name, source.kind, None)
        summary = RunSummary(source.name, source.kind, run.id)
        cursor = load_cursor(self.app.db, source.name)
        try:
            result = feeder.fetch(cursor)
        except FetchError as exc:
            self.intake.store_posts([], [Rejection(source.name, str(exc), excerpt=source.url)], run, summary)
            save_cursor(self.app.db, source.name, cursor, "gagal", failed=True)
            status = "failed"
        else:
            self.intake.store_posts(result.posts, result.rejections, run, summary)
            save_cursor(
                self.app.db, source.name, result.cursor, "304" if result.not_modified else "ok", failed=False
            )
            status = "done"
        runs.close_run(self.app.db, run, status)
        summary.accepted, summary.existing, summary.rejected = run.accepted, run.existing, run.rejected
        self._due[source.name] = time.monotonic() + feeder.interval_s
        return summary

    def follow(
        self,
        name: str | None,
        on_result: Callable[[RunSummary], None],
        stop: threading.Event,
        rounds: int | None = None,
        tick_s: float = 5.0,
    ) -> None:
        """Run sources whenever they are due until `stop` is set (or `rounds` passes are done)."""
        done = 0
        while not stop.is_set() and (rounds is None or done < rounds):
            self.intake.refresh()  # pick up registry changes made meanwhile (awas accounts import)
            sources = [SourceService(self.app).get(name)] if name else SourceService(self.app).all()
            for source in sources:
                if (source.enabled or name) and self._due.get(source.name, 0.0) <= time.monotonic():
                    on_result(self.run_source(source))
            done += 1
            stop.wait(tick_s)
