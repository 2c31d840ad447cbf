"""The outbox: notifications written in the same transaction as the case change they announce."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.cases.notify.payload import NotificationPayload
from awas.cases.tables import notifications, notify_channels

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def channels_for(conn: Connection, org_ids: Iterable[str], event: str) -> list[tuple[int, str]]:
    """(channel id, org id) of the active channels of these organisations that want `event`."""
    query = sa.select(notify_channels.c.id, notify_channels.c.org_id, notify_channels.c.events).where(
        notify_channels.c.org_id.in_(sorted(set(org_ids))), notify_channels.c.active.is_(True)
    )
    return [(r.id, r.org_id) for r in conn.execute(query) if event in r.events or "*" in r.events]


def enqueue(
    conn: Connection, channel_id: int, payload: NotificationPayload, dedupe_key: str, now: datetime
) -> bool:
    """Queue one notification unless one with the same key exists; True when queued."""
    exists = conn.execute(
        sa.select(notifications.c.id).where(notifications.c.dedupe_key == dedupe_key)
    ).first()
    if exists is not None:
        return False
    conn.execute(
        notifications.insert().values(
            case_id=payload.case_id,
            channel_id=channel_id,
            event=payload.event,
            dedupe_key=dedupe_key,
            payload=payload.as_dict(),
            state=PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    return True
