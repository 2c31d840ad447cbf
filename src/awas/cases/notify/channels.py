"""Where an organisation wants case notifications: e-mail addresses and webhook URLs (admins only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.cases.access import ADMIN_ROLES, Principal, Refusal, refusals
from awas.cases.notify.payload import EVENTS
from awas.cases.notify.transport import NOTIFIERS
from awas.cases.tables import notify_channels
from awas.domain.audit import AuditEvent
from awas.errors import InputError, InputProblem
from awas.store.audit import append_audit
from awas.timeutil import utcnow

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


@dataclass(frozen=True, slots=True)
class Channel:
    id: int
    org_id: str
    kind: str
    address: str
    events: tuple[str, ...]
    signed: bool
    active: bool
    created_at: datetime


def add_channel(
    app: App,
    principal: Principal,
    org_id: str,
    kind: str,
    address: str,
    *,
    events: tuple[str, ...] = EVENTS,
    secret: str | None = None,
) -> int:
    """Add (or re-activate) a channel; return its id. PermissionDenied (logged) unless an admin;
    InputError for an unknown organisation, kind or event, or a malformed address."""
    if principal.role not in ADMIN_ROLES:
        with refusals(app, principal, org_id):
            raise Refusal("menambah kanal notifikasi", "hanya admin")
    _check(app, org_id, kind, address, events)
    values: dict[str, Any] = {
        "events": list(events),
        "secret_sealed": app.sealer.seal(secret) if secret else None,
        "active": True,
    }
    with app.db.transaction() as conn:
        found = _upsert(conn, principal, org_id, kind, address, values)
        event = AuditEvent(
            action="notify.channel_added",
            actor=principal.username,
            object_type="notify_channel",
            object_id=str(found),
            org_id=org_id,
            details={"kind": kind, "events": list(events)},
        )
        append_audit(conn, event)
    return found


def _upsert(
    conn: sa.Connection, principal: Principal, org_id: str, kind: str, address: str, values: dict[str, Any]
) -> int:
    key = sa.and_(
        notify_channels.c.org_id == org_id,
        notify_channels.c.kind == kind,
        notify_channels.c.address == address,
    )
    found = conn.execute(sa.select(notify_channels.c.id).where(key)).scalar_one_or_none()
    if found is None:
        new = {"org_id": org_id, "kind": kind, "address": address, "created_by": principal.username}
        insert = notify_channels.insert().values(**new, created_at=utcnow(), **values)
        return int(conn.execute(insert.returning(notify_channels.c.id)).scalar_one())
    conn.execute(notify_channels.update().where(notify_channels.c.id == found).values(**values))
    return int(found)


def _check(app: App, org_id: str, kind: str, address: str, events: tuple[str, ...]) -> None:
    problems = []
    if org_id not in app.reference.organisations:
        problems.append(InputProblem("channel", f"organisasi {org_id!r} tidak dikenal", field="org"))
    if kind not in NOTIFIERS.names():
        problems.append(
            InputProblem(
                "channel", f"jenis {kind!r} tidak dikenal ({', '.join(NOTIFIERS.names())})", field="kind"
            )
        )
    pattern = EMAIL if kind == "email" else URL
    if not pattern.match(address) or len(address) > 2000:
        problems.append(InputProblem("channel", f"alamat {kind} tidak valid", field="address"))
    for event in events:
        if event not in (*EVENTS, "*"):
            problems.append(
                InputProblem(
                    "channel", f"peristiwa {event!r} tidak dikenal ({', '.join(EVENTS)})", field="events"
                )
            )
    if problems:
        raise InputError(problems, "kanal notifikasi tidak valid")


def list_channels(app: App, org_id: str | None = None) -> list[Channel]:
    query = sa.select(notify_channels).order_by(notify_channels.c.org_id, notify_channels.c.id)
    if org_id:
        query = query.where(notify_channels.c.org_id == org_id)
    with app.db.read() as conn:
        return [
            Channel(
                r.id,
                r.org_id,
                r.kind,
                r.address,
                tuple(r.events),
                r.secret_sealed is not None,
                r.active,
                r.created_at,
            )
            for r in conn.execute(query)
        ]
