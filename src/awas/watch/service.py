"""The watch's front door: what the CLI, the web board and other capabilities call.

    svc = WatchService(app)
    svc.add(EndpointInput(url=..., kind="site", ...), actor=...)   # or svc.import_csv(path), svc.seed()
    svc.run_cycle(actor=...)          # check every endpoint once → CycleReport
    svc.scan_posts()                  # leaks and look-alikes in stored posts → ScanReport
    svc.board()                       # the status board rows
    svc.incidents(status="open")      # incidents, newest first
Errors: InputError (exit 2) for bad endpoints or files; ConfigError for bad AWAS_WATCH_* settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from awas.app import App
from awas.watch.config import WatchSettings, load_watch_settings
from awas.watch.cycle import CycleReport, WatchCycle
from awas.watch.endpoints import EndpointInput, EndpointStore
from awas.watch.incidents import IncidentStore
from awas.watch.posts_scan import PostScanner, ScanReport
from awas.watch.records import Endpoint, Incident
from awas.watch.status import EndpointStatus, board


class WatchService:
    def __init__(self, app: App, settings: WatchSettings | None = None) -> None:
        self.app = app
        self.settings = settings or load_watch_settings()

    def add(self, item: EndpointInput, *, actor: str) -> Endpoint:
        return EndpointStore(self.app).add(item, actor=actor)

    def import_csv(self, path: Path, *, actor: str) -> list[Endpoint]:
        return EndpointStore(self.app).import_csv(path, actor=actor)

    def seed(self, *, actor: str) -> list[Endpoint]:
        return EndpointStore(self.app).seed(actor=actor)

    def set_active(self, url: str, active: bool, *, actor: str) -> bool:
        return EndpointStore(self.app).set_active(url, active, actor=actor)

    def endpoints(self, *, active_only: bool = False) -> list[Endpoint]:
        return EndpointStore(self.app).all(active_only=active_only)

    def run_cycle(self, *, actor: str, progress: Callable[[int, int], None] | None = None) -> CycleReport:
        return WatchCycle(self.app, self.settings, actor).run(progress)

    def scan_posts(self, progress: Callable[[int], None] | None = None) -> ScanReport:
        return PostScanner(self.app, self.settings).run(progress)

    def board(self, history: int = 10) -> list[EndpointStatus]:
        return board(self.app, history=history)

    def incidents(
        self, *, status: str | None = None, category: str | None = None, limit: int = 200
    ) -> list[Incident]:
        return IncidentStore(self.app).all(status=status, category=category, limit=limit)

    def incident(self, incident_id: int) -> Incident:
        return IncidentStore(self.app).get(incident_id)
