"""Incidents and their lifetime: open on the first confirmed draft, refreshed (never duplicated) by
later drafts with the same key while open, resolved when the condition has cleared.

The key is what makes "no incident storm": a site down for a day is one `outage:<endpoint>`
incident, the same leak reposted by fifty accounts is one `leak:<digest>` incident with fifty
sightings. Everything stored here is already masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.errors import NotFoundError
from awas.store.audit import append_audit
from awas.timeutil import utcnow
from awas.watch.records import Incident, IncidentDraft, Severity
from awas.watch.tables import watch_incidents, watch_sightings

ACTOR = "system:watch"


class IncidentStore:
    def __init__(self, app: App) -> None:
        self.app = app

    def raise_draft(self, draft: IncidentDraft, now: datetime | None = None) -> tuple[Incident, bool]:
        """(incident, True) when a new incident was opened; (open incident, False) when refreshed."""
        now = now or utcnow()
        with self.app.db.transaction() as conn:
            row = _open_by_key(conn, draft.key)
            if row is not None:
                _refresh(conn, row, draft, now)
                return _load(conn, row["id"]), False
            incident_id = _insert(conn, draft, now)
            _sighting(conn, incident_id, draft, now)
            details = {"category": draft.category, "kind": draft.kind, "severity": draft.severity.value}
            append_audit(conn, _event("watch.incident_opened", incident_id, details))
            return _load(conn, incident_id), True

    def resolve(self, keys: Sequence[str], reason: str, now: datetime | None = None) -> list[int]:
        """Resolve the open incidents with these keys; their ids."""
        if not keys:
            return []
        now = now or utcnow()
        t = watch_incidents
        with self.app.db.transaction() as conn:
            ids = list(
                conn.execute(sa.select(t.c.id).where(t.c.key.in_(keys), t.c.status == "open")).scalars()
            )
            for incident_id in ids:
                conn.execute(
                    t.update().where(t.c.id == incident_id).values(status="resolved", resolved_at=now)
                )
                append_audit(conn, _event("watch.incident_resolved", incident_id, {"reason": reason}))
        return ids

    def update(self, incident_id: int, **values: Any) -> None:
        with self.app.db.transaction() as conn:
            conn.execute(watch_incidents.update().where(watch_incidents.c.id == incident_id).values(**values))

    def get(self, incident_id: int) -> Incident:
        with self.app.db.read() as conn:
            return _load(conn, incident_id)

    def all(
        self,
        *,
        status: str | None = None,
        category: str | None = None,
        endpoint_id: int | None = None,
        limit: int = 200,
    ) -> list[Incident]:
        t = watch_incidents
        query = sa.select(t).order_by(t.c.opened_at.desc(), t.c.id.desc()).limit(limit)
        for column, value in (("status", status), ("category", category), ("endpoint_id", endpoint_id)):
            if value is not None:
                query = query.where(t.c[column] == value)
        with self.app.db.read() as conn:
            return [incident_from_row(r) for r in conn.execute(query).mappings()]

    def sightings(self, incident_id: int) -> list[tuple[str, str, datetime]]:
        t = watch_sightings
        query = sa.select(t.c.source_type, t.c.source_id, t.c.seen_at).where(t.c.incident_id == incident_id)
        with self.app.db.read() as conn:
            return [(a, b, c) for a, b, c in conn.execute(query.order_by(t.c.id))]


def _open_by_key(conn: Connection, key: str) -> Any:
    t = watch_incidents
    query = sa.select(t).where(t.c.key == key, t.c.status == "open").order_by(t.c.id).limit(1)
    return conn.execute(query).mappings().first()


def _refresh(conn: Connection, row: Any, draft: IncidentDraft, now: datetime) -> None:
    added = _sighting(conn, row["id"], draft, now)
    values: dict[str, Any] = {"last_seen_at": now}
    if added:
        values["sightings"] = row["sightings"] + 1
    conn.execute(watch_incidents.update().where(watch_incidents.c.id == row["id"]).values(**values))


def _sighting(conn: Connection, incident_id: int, draft: IncidentDraft, now: datetime) -> bool:
    """Record where the incident was seen; False when this source was already recorded."""
    t = watch_sightings
    source_id = (draft.source_id or draft.subject)[:256]
    exists = conn.execute(
        sa.select(t.c.id).where(
            t.c.incident_id == incident_id, t.c.source_type == draft.source_type, t.c.source_id == source_id
        )
    ).first()
    if exists is not None:
        return False
    conn.execute(
        t.insert().values(
            incident_id=incident_id, source_type=draft.source_type, source_id=source_id, seen_at=now
        )
    )
    return True


def _insert(conn: Connection, draft: IncidentDraft, now: datetime) -> int:
    values: dict[str, Any] = {
        "key": draft.key[:200],
        "category": draft.category,
        "kind": draft.kind,
        "severity": draft.severity.value,
        "endpoint_id": draft.endpoint_id,
        "subject": draft.subject,
        "status": "open",
        "opened_at": now,
        "last_seen_at": now,
        "sightings": 1,
        "summary": draft.summary[:2000],
        "details": draft.details,
        "region_code": draft.region_code,
        "evidence": [],
        "errors": [],
    }
    return int(
        conn.execute(watch_incidents.insert().values(**values).returning(watch_incidents.c.id)).scalar_one()
    )


def _load(conn: Connection, incident_id: int) -> Incident:
    row = (
        conn.execute(sa.select(watch_incidents).where(watch_incidents.c.id == incident_id)).mappings().first()
    )
    if row is None:
        raise NotFoundError(f"insiden {incident_id} tidak ada")
    return incident_from_row(row)


def incident_from_row(row: Any) -> Incident:
    return Incident(
        id=row["id"],
        key=row["key"],
        category=row["category"],
        kind=row["kind"],
        severity=Severity(row["severity"]),
        endpoint_id=row["endpoint_id"],
        subject=row["subject"],
        status=row["status"],
        opened_at=row["opened_at"],
        last_seen_at=row["last_seen_at"],
        resolved_at=row["resolved_at"],
        sightings=row["sightings"],
        summary=row["summary"],
        details=dict(row["details"] or {}),
        region_code=row["region_code"],
        finding_id=row["finding_id"],
        case_id=row["case_id"],
        case_number=row["case_number"],
        evidence=list(row["evidence"] or []),
        errors=list(row["errors"] or []),
    )


def _event(action: str, incident_id: int, details: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        action=action, actor=ACTOR, object_type="watch_incident", object_id=str(incident_id), details=details
    )
