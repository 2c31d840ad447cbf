"""One watch cycle over the watch list.

1. claim the lease (another cycle running: report it and stop);
2. load the active endpoints and their state;
3. check them with bounded concurrency and per-host politeness (worker threads: fetch and analyse);
4. for each result, in this thread: store a Sirekap version in recap's snapshot store when it
   changed, judge it, and write checks and state in batches;
5. respond to the drafts (incidents, findings, evidence, cases) and resolve what cleared;
6. delete checks older than the retention; release the lease.
"""

from __future__ import annotations

import os
import socket
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from awas.app import App
from awas.ingest.pagewatch import PageWatch
from awas.timeutil import utcnow
from awas.watch import lease
from awas.watch.config import WatchSettings
from awas.watch.endpoints import EndpointStore
from awas.watch.fetching import WatchFetcher, policy_from
from awas.watch.incidents import IncidentStore
from awas.watch.judge import EndpointState, Verdict, judge, page_html
from awas.watch.markers import load_markers
from awas.watch.records import Endpoint, IncidentDraft
from awas.watch.responder import Responder
from awas.watch.scheduler import run_polite
from awas.watch.sirekap_watch import save_snapshot
from awas.watch.tables import watch_checks, watch_state
from awas.watch.worker import CheckContext, CheckOutcome, check_endpoint

LEASE = "lease:cycle"
FLUSH_EVERY = 100
STATE_COLUMNS = (
    "status",
    "failures",
    "successes",
    "last_ok_at",
    "cert",
    "headers",
    "baseline",
    "pending",
    "sirekap",
)


@dataclass
class CycleReport:
    started_at: datetime
    finished_at: datetime | None = None
    endpoints: int = 0
    ok: int = 0
    failed: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    opened: list[int] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)
    busy: bool = False

    @property
    def seconds(self) -> float:
        return ((self.finished_at or utcnow()) - self.started_at).total_seconds()


def kecamatan_codes(app: App) -> frozenset[str]:
    """Plain 6-digit kecamatan codes of the loaded wilayah reference (what a NIK must start with)."""
    return frozenset(r.plain_code for r in app.reference.regions.values() if r.level.value == "kecamatan")


class WatchCycle:
    def __init__(self, app: App, settings: WatchSettings, actor: str) -> None:
        self.app, self.settings, self.actor = app, settings, actor
        self.holder = f"{actor}@{socket.gethostname()}:{os.getpid()}"

    def run(self, progress: Callable[[int, int], None] | None = None) -> CycleReport:
        """Steps 1-6 of the module docstring."""
        report = CycleReport(utcnow())
        if not lease.claim(self.app, LEASE, self.holder):  # 1 - lease
            report.busy, report.finished_at = True, utcnow()
            return report
        try:
            endpoints = EndpointStore(self.app).all(active_only=True)  # 2 - load
            states = self._states()
            report.endpoints = len(endpoints)
            drafts, resolve = self._check_all(endpoints, states, report, progress)  # 3, 4 - check, judge
            self._respond(drafts, resolve, {e.id: e for e in endpoints}, report)  # 5 - respond
            self._prune()  # 6 - retention
        finally:
            lease.release(self.app, LEASE, self.holder)
        report.finished_at = utcnow()
        return report

    def _context(self, fetcher: WatchFetcher) -> CheckContext:
        return CheckContext(fetcher, self.settings, load_markers(), kecamatan_codes(self.app))

    def _check_all(
        self,
        endpoints: list[Endpoint],
        states: dict[int, EndpointState],
        report: CycleReport,
        progress: Callable[[int, int], None] | None,
    ) -> tuple[list[tuple[IncidentDraft, Endpoint]], list[str]]:
        fetcher = WatchFetcher(
            policy_from(self.settings),
            deadline_s=self.settings.deadline_s,
            ca_file=self.settings.ca_file,
            max_connections=self.settings.workers * 2,
        )
        context, pages = self._context(fetcher), PageWatch(self.app.db, fetcher)
        drafts: list[tuple[IncidentDraft, Endpoint]] = []
        resolve: list[str] = []
        batch: list[tuple[CheckOutcome, Verdict, EndpointState]] = []
        codes: Counter[str] = Counter()
        try:
            results = run_polite(
                endpoints,
                _host,
                lambda e: check_endpoint(e, context),
                workers=self.settings.workers,
                interval=self.settings.host_interval_s,
            )
            for done, outcome in enumerate(results, 1):
                state = states.setdefault(outcome.endpoint.id, EndpointState())
                snapshot, why = self._snapshot(outcome, state)
                verdict = judge(outcome, state, self.settings, snapshot)
                if why:
                    verdict.check["signals"].append(f"snapshot recap ditolak: {why}"[:500])
                codes[outcome.observation.code] += 1
                drafts += [(d, outcome.endpoint) for d in verdict.drafts]
                resolve += verdict.resolve
                batch.append((outcome, verdict, state))
                if len(batch) >= FLUSH_EVERY:
                    self._flush(batch, pages)
                if progress:
                    progress(done, len(endpoints))
            self._flush(batch, pages)
        finally:
            fetcher.close()
        report.codes = dict(codes)
        report.ok, report.failed = codes.get("ok", 0), sum(codes.values()) - codes.get("ok", 0)
        return drafts, resolve

    def _snapshot(self, outcome: CheckOutcome, state: EndpointState) -> tuple[str | None, str]:
        """(recap snapshot id, "") of a Sirekap version that changed (stored now); (None, why) when recap
        refused it; (None, "") when nothing changed."""
        if outcome.sirekap is None or state.sirekap.get("digest") == outcome.sirekap.digest:
            return None, ""
        return save_snapshot(self.app, outcome.endpoint.url, outcome.body, self.actor)

    def _flush(self, batch: list[tuple[CheckOutcome, Verdict, EndpointState]], pages: PageWatch) -> None:
        if not batch:
            return
        with self.app.db.transaction() as conn:
            conn.execute(watch_checks.insert(), [verdict.check for _, verdict, _ in batch])
            existing = set(
                conn.execute(
                    sa.select(watch_state.c.endpoint_id).where(
                        watch_state.c.endpoint_id.in_([o.endpoint.id for o, _, _ in batch])
                    )
                ).scalars()
            )
            for outcome, _verdict, state in batch:
                _write_state(conn, outcome, state, outcome.endpoint.id in existing)
        for outcome, verdict, _ in batch:
            if verdict.page_version is not None:
                pages.record(outcome.endpoint.url, page_html(*verdict.page_version))
        lease.renew(self.app, LEASE, self.holder)
        batch.clear()

    def _respond(
        self,
        drafts: list[tuple[IncidentDraft, Endpoint]],
        resolve: list[str],
        endpoints: dict[int, Endpoint],
        report: CycleReport,
    ) -> None:
        responder = Responder(self.app, self.settings)
        for draft, endpoint in drafts:
            raised = responder.handle(draft, endpoints.get(endpoint.id))
            if raised.new:
                report.opened.append(raised.incident.id)
        report.resolved = IncidentStore(self.app).resolve(sorted(set(resolve)), "kondisi pulih")

    def _states(self) -> dict[int, EndpointState]:
        with self.app.db.read() as conn:
            rows = conn.execute(sa.select(watch_state)).mappings().all()
        return {r["endpoint_id"]: EndpointState(**{c: _copy(r[c]) for c in STATE_COLUMNS}) for r in rows}

    def _prune(self) -> None:
        cutoff = utcnow() - timedelta(days=self.settings.retention_days)
        with self.app.db.transaction() as conn:
            conn.execute(watch_checks.delete().where(watch_checks.c.at < cutoff))


def _host(endpoint: Endpoint) -> str:
    return urlsplit(endpoint.url).netloc.lower()


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


def _write_state(conn: sa.Connection, outcome: CheckOutcome, state: EndpointState, exists: bool) -> None:
    obs = outcome.observation
    values: dict[str, Any] = {c: getattr(state, c) for c in STATE_COLUMNS}
    values |= {
        "last_check_at": obs.at,
        "last_code": obs.code,
        "last_reason": obs.reason,
        "latency_ms": obs.latency_ms,
    }
    if exists:
        conn.execute(
            watch_state.update().where(watch_state.c.endpoint_id == outcome.endpoint.id).values(**values)
        )
    else:
        conn.execute(watch_state.insert().values(endpoint_id=outcome.endpoint.id, **values))
