"""The status board: every watched endpoint with its current state, availability and latency over
time, certificate, security headers, and its incident history (all masked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.timeutil import utcnow
from awas.watch.certs import days_left
from awas.watch.endpoints import EndpointStore
from awas.watch.incidents import IncidentStore
from awas.watch.records import Endpoint, Incident
from awas.watch.tables import watch_checks, watch_state


@dataclass(frozen=True, slots=True)
class EndpointStatus:
    endpoint: Endpoint
    status: str
    last_check_at: datetime | None
    last_code: str | None
    last_reason: str | None
    latency_ms: int | None
    availability_24h: float | None
    availability_7d: float | None
    mean_latency_ms: int | None
    checks_7d: int
    cert_issuer: str | None
    cert_expires_in_days: int | None
    cert_verified: bool | None
    headers_score: int | None
    headers_missing: tuple[str, ...]
    baseline: str
    open_incidents: int
    incidents: tuple[Incident, ...] = field(default_factory=tuple)


def board(app: App, *, history: int = 10, now: datetime | None = None) -> list[EndpointStatus]:
    """One row per endpoint (active first), with up to `history` incidents each."""
    now = now or utcnow()
    endpoints = EndpointStore(app).all()
    with app.db.read() as conn:
        states = {r["endpoint_id"]: dict(r) for r in conn.execute(sa.select(watch_state)).mappings()}
        stats_24h = _availability(conn, now - timedelta(hours=24))
        stats_7d = _availability(conn, now - timedelta(days=7))
    incidents = IncidentStore(app).all(limit=5000)
    by_endpoint: dict[int, list[Incident]] = {}
    for incident in incidents:
        if incident.endpoint_id is not None:
            by_endpoint.setdefault(incident.endpoint_id, []).append(incident)
    rows = [
        _row(
            e,
            states.get(e.id, {}),
            stats_24h.get(e.id),
            stats_7d.get(e.id),
            by_endpoint.get(e.id, []),
            history,
        )
        for e in endpoints
    ]
    return sorted(rows, key=lambda r: (not r.endpoint.active, -r.open_incidents, r.endpoint.id))


def _availability(conn: sa.Connection, since: datetime) -> dict[int, tuple[float, int, int | None]]:
    """endpoint → (share of good checks, number of checks, mean latency of good checks), in SQL."""
    t = watch_checks
    good = sa.case((t.c.ok.is_(True), 1), else_=0)
    query = (
        sa.select(
            t.c.endpoint_id,
            sa.func.count(),
            sa.func.sum(good),
            sa.func.avg(sa.case((t.c.ok.is_(True), t.c.latency_ms))),
        )
        .where(t.c.at >= since)
        .group_by(t.c.endpoint_id)
    )
    return {
        int(eid): (float(ok or 0) / n, int(n), int(latency) if latency is not None else None)
        for eid, n, ok, latency in conn.execute(query)
    }


def _row(
    endpoint: Endpoint,
    state: dict[str, Any],
    day: tuple[float, int, int | None] | None,
    week: tuple[float, int, int | None] | None,
    incidents: list[Incident],
    history: int,
) -> EndpointStatus:
    cert = (state.get("cert") or {}).get("current") or {}
    headers = state.get("headers") or {}
    baseline = state.get("baseline") or {}
    return EndpointStatus(
        endpoint=endpoint,
        status=state.get("status", "unknown") if endpoint.active else "nonaktif",
        last_check_at=state.get("last_check_at"),
        last_code=state.get("last_code"),
        last_reason=state.get("last_reason"),
        latency_ms=state.get("latency_ms"),
        availability_24h=day[0] if day else None,
        availability_7d=week[0] if week else None,
        mean_latency_ms=week[2] if week else None,
        checks_7d=week[1] if week else 0,
        cert_issuer=cert.get("issuer"),
        cert_expires_in_days=days_left(cert) if cert else None,
        cert_verified=cert.get("verified") if cert else None,
        headers_score=headers.get("score"),
        headers_missing=tuple(headers.get("missing", [])),
        baseline="siap" if baseline.get("ready") else f"belajar ({baseline.get('samples', 0)})",
        open_incidents=sum(1 for i in incidents if i.status == "open"),
        incidents=tuple(incidents[:history]),
    )
