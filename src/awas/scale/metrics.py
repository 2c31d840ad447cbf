"""Prometheus metrics (text exposition format 0.0.4) for operators: queue, findings, database, process.

Gauges are read from the shared database, so any web server answers for the whole deployment; a
scrape runs a few indexed aggregate queries, cached for `CACHE_SECONDS` per process so that many
scrapers (or a short scrape interval) cost the database no more than one query set per interval.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from awas import __version__
from awas.app import App
from awas.detect.store import DEFAULT_LEASE, DETECTING, NEW
from awas.store.tables import findings, posts
from awas.timeutil import utcnow

CACHE_SECONDS = 15.0
Labels = tuple[tuple[str, str], ...]


@dataclass
class Family:
    """One metric: name, help text, type, and (labels, value) samples."""

    name: str
    help: str
    kind: str = "gauge"
    samples: list[tuple[Labels, float]] = field(default_factory=list)

    def add(self, value: float, **labels: str) -> Family:
        self.samples.append((tuple(sorted(labels.items())), float(value)))
        return self


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def render(families: list[Family]) -> str:
    """The text exposition format: HELP and TYPE lines, then one line per sample."""
    lines: list[str] = []
    for family in families:
        lines += [f"# HELP {family.name} {family.help}", f"# TYPE {family.name} {family.kind}"]
        for labels, value in family.samples:
            text = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
            lines.append(f"{family.name}{{{text}}} {value:g}" if text else f"{family.name} {value:g}")
    return "\n".join(lines) + "\n"


def queue_families(conn: sa.Connection, lease: timedelta) -> list[Family]:
    by_stage = Family("awas_posts", "Posts in the store by work-queue stage.")
    for stage, count in conn.execute(sa.select(posts.c.stage, sa.func.count()).group_by(posts.c.stage)):
        by_stage.add(count, stage=str(stage))
    expired = conn.execute(
        sa.select(sa.func.count()).where(posts.c.stage == DETECTING, posts.c.stage_at < utcnow() - lease)
    ).scalar_one()
    oldest = conn.execute(
        sa.select(posts.c.ingested_at).where(posts.c.stage == NEW).order_by(posts.c.id).limit(1)
    ).scalar()
    age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
    return [
        by_stage,
        Family("awas_queue_expired_leases", "Posts claimed by a worker whose lease expired.").add(expired),
        Family("awas_queue_oldest_new_age_seconds", "Age of the oldest post waiting for detection.").add(age),
    ]


def findings_family(conn: sa.Connection) -> Family:
    family = Family("awas_findings", "Findings by category and review status.")
    query = sa.select(findings.c.category, findings.c.review_status, sa.func.count()).group_by(
        findings.c.category, findings.c.review_status
    )
    for category, status, count in conn.execute(query):
        family.add(count, category=str(category), review_status=str(status))
    return family


def process_families() -> list[Family]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    fds = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0
    return [
        Family("process_cpu_seconds_total", "CPU time of this process.", "counter").add(
            usage.ru_utime + usage.ru_stime
        ),
        Family("process_max_resident_memory_bytes", "Peak resident memory of this process.").add(
            usage.ru_maxrss * 1024
        ),
        Family("process_open_fds", "Open file descriptors of this process.").add(fds),
    ]


def pool_family(app: App) -> Family:
    pool = app.db.engine.pool
    checked_out = getattr(pool, "checkedout", lambda: 0)()
    return Family("awas_db_pool_checked_out", "Database connections in use by this process.").add(checked_out)


class MetricsCollector:
    """Collects and caches the families for one App."""

    def __init__(self, app: App, lease: timedelta = DEFAULT_LEASE) -> None:
        self.app, self.lease = app, lease
        self._cached: tuple[float, list[Family]] | None = None

    def collect(self) -> list[Family]:
        """Every family; database families come from cache when fresh. Never raises for a dead database."""
        now = time.monotonic()
        if self._cached is None or now - self._cached[0] > CACHE_SECONDS:
            self._cached = (now, self._database_families())
        info = Family("awas_build_info", "awas version.").add(1, version=__version__)
        return [info, *self._cached[1], pool_family(self.app), *process_families()]

    def _database_families(self) -> list[Family]:
        started = time.perf_counter()
        try:
            with self.app.db.read() as conn:
                families = [*queue_families(conn, self.lease), findings_family(conn)]
            up = 1.0
        except sa.exc.SQLAlchemyError:
            families, up = [], 0.0
        took = time.perf_counter() - started
        return [
            Family("awas_db_up", "1 when the database answered the last scrape's queries.").add(up),
            Family("awas_db_scrape_seconds", "Time the database queries of the last scrape took.").add(took),
            *families,
        ]
