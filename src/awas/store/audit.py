"""The append-only audit log: every read and write that matters, who did it and when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.domain.audit import AuditEvent
from awas.store.tables import audit_log
from awas.timeutil import utcnow


def append_audit(conn: Connection, event: AuditEvent) -> None:
    """Append one event inside the caller's transaction, so it commits (or not) with the change."""
    conn.execute(audit_log.insert().values(**_row(event)))


def append_audit_many(conn: Connection, events: Sequence[AuditEvent]) -> None:
    if events:
        conn.execute(audit_log.insert(), [_row(e) for e in events])


def recent_audit(
    conn: Connection, *, object_type: str | None = None, object_id: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Newest first, optionally for one object."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if object_type:
        query = query.where(audit_log.c.object_type == object_type)
    if object_id:
        query = query.where(audit_log.c.object_id == object_id)
    return [dict(r._mapping) for r in conn.execute(query)]


def _row(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at or utcnow(),
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "org_id": event.org_id,
        "details": event.details,
    }
