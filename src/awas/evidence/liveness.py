"""Liveness: re-check captured URLs on a schedule and record when content changed or was removed.

Every stored URL capture gets a watch (one per URL). `check_due` claims watches whose time has come
(a conditional UPDATE, so two workers never check the same URL: the database is the queue), fetches
the URL again into a throw-away folder, compares the content with the capture (extracted text when
there is text, the body otherwise), and records a check row. A change of status (changed, removed,
back again) is also written to the custody ledger of the capture's WARC, so takedowns are evidence.
Run it from cron or a timer: `awas evidence liveness run`.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from awas.app import App
from awas.evidence import ledger
from awas.evidence.config import EvidenceSettings
from awas.evidence.fetch import CaptureFailed, Fetcher
from awas.evidence.hashing import sha256_bytes, sha256_file
from awas.evidence.records import Capture
from awas.evidence.tables import evidence_liveness_checks, evidence_watches
from awas.evidence.text_extract import extract_text
from awas.timeutil import utcnow

REMOVED_STATUSES = (404, 410, 451)


@dataclass(frozen=True, slots=True, kw_only=True)
class LivenessCheck:
    watch_id: int
    url: str
    checked_at: datetime
    status: str  # available | changed | removed | unreachable | error
    http_status: int | None
    detail: str
    status_changed: bool


def watch_capture(conn: Connection, capture: Capture, interval_s: int) -> None:
    """Start watching a stored URL capture's URL (kept as is if the URL is already watched)."""
    if capture.source_kind != "url" or not capture.url or not capture.stored:
        return
    warc = next(a for a in capture.artefacts if a.kind == "warc")
    text = next((a for a in capture.artefacts if a.kind == "text"), None)
    baseline = text.digest if text else capture.metadata["http"]["body_digest"]
    row = {
        "url": capture.url,
        "capture_id": capture.id,
        "artefact_id": warc.id,
        "baseline_digest": baseline,
        "interval_s": interval_s,
        "next_check_at": capture.finished_at + timedelta(seconds=interval_s),
        "last_status": "available",
    }
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(
        dialect.insert(evidence_watches).values(**row).on_conflict_do_nothing(index_elements=["url"])
    )


def check_due(
    app: App, settings: EvidenceSettings, *, now: datetime | None = None, limit: int = 100
) -> list[LivenessCheck]:
    """Check every watch that is due at `now` (at most `limit`); return what was found."""
    now = now or utcnow()
    with app.db.read() as conn:
        due = conn.execute(
            sa.select(evidence_watches)
            .where(evidence_watches.c.next_check_at <= now)
            .order_by(evidence_watches.c.next_check_at)
            .limit(limit)
        ).all()
    results = []
    for watch in due:
        if _claim(app, watch, now):
            results.append(_check(app, settings, watch, now))
    return results


def _claim(app: App, watch: Any, now: datetime) -> bool:
    with app.db.transaction() as conn:
        claimed = conn.execute(
            evidence_watches.update()
            .where(evidence_watches.c.id == watch.id, evidence_watches.c.next_check_at == watch.next_check_at)
            .values(next_check_at=now + timedelta(seconds=watch.interval_s))
        )
    return claimed.rowcount == 1


def _check(app: App, settings: EvidenceSettings, watch: Any, now: datetime) -> LivenessCheck:
    status, http_status, digest, detail = _probe(settings, watch.url, watch.baseline_digest)
    changed = status != watch.last_status
    with app.db.transaction() as conn:
        conn.execute(
            evidence_liveness_checks.insert().values(
                watch_id=watch.id,
                checked_at=now,
                status=status,
                http_status=http_status,
                content_digest=digest,
                detail=detail,
            )
        )
        conn.execute(
            evidence_watches.update()
            .where(evidence_watches.c.id == watch.id)
            .values(**_watch_update(watch, status, now))
        )
        if changed:
            _ledger_transition(conn, watch, status, http_status, detail)
    return LivenessCheck(
        watch_id=watch.id,
        url=watch.url,
        checked_at=now,
        status=status,
        http_status=http_status,
        detail=detail,
        status_changed=changed,
    )


def _probe(settings: EvidenceSettings, url: str, baseline: str) -> tuple[str, int | None, str | None, str]:
    workdir = Path(tempfile.mkdtemp(prefix="awas-liveness-"))
    try:
        final = Fetcher(settings, workdir).fetch(url)[-1]
        if final.status in REMOVED_STATUSES:
            return "removed", final.status, None, f"HTTP {final.status}: konten tidak tersedia lagi"
        if final.status >= 400:
            return "error", final.status, None, f"HTTP {final.status}"
        digest = _content_digest(final.body_file, final.media_type, final.header("Content-Type") or "")
        if digest == baseline:
            return "available", final.status, digest, "konten sama dengan tangkapan"
        return "changed", final.status, digest, "konten berbeda dari tangkapan"
    except CaptureFailed as exc:
        return "unreachable", None, None, exc.reason
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _content_digest(body: Path, media_type: str, content_type: str) -> str:
    extracted = extract_text(body, media_type, content_type)
    if extracted is None:
        return sha256_file(body)[0]
    return sha256_bytes(extracted[0].encode("utf-8"))


def _watch_update(watch: Any, status: str, now: datetime) -> dict[str, Any]:
    values: dict[str, Any] = {"last_status": status, "last_checked_at": now}
    if status == "changed" and watch.changed_at is None:
        values["changed_at"] = now
    if status == "removed" and watch.removed_at is None:
        values["removed_at"] = now
    return values


def _ledger_transition(
    conn: Connection, watch: Any, status: str, http_status: int | None, detail: str
) -> None:
    ledger.append(
        conn,
        [
            ledger.EntryDraft(
                artefact_id=watch.artefact_id,
                action=ledger.Action.LIVENESS_CHANGED,
                actor="system:liveness",
                reason=detail,
                details={
                    "url": watch.url,
                    "from": watch.last_status,
                    "to": status,
                    "http_status": http_status,
                },
            )
        ],
    )


def watches(app: App) -> list[dict[str, Any]]:
    """Every watched URL with its latest status, for reports."""
    with app.db.read() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(sa.select(evidence_watches).order_by(evidence_watches.c.id))
        ]
