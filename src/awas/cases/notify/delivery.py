"""Delivering the outbox, and queuing reminders for deadlines that are near or passed.

Each notification is claimed with a conditional update (pending → sending) so two workers never
send it twice (C11); a failure is recorded on the notification and retried with exponential
back-off until `AWAS_NOTIFY_MAX_ATTEMPTS`, then left `failed` for an operator. The case it
announces was committed before and is never touched here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.cases.catalogue import workflow_catalogue
from awas.cases.clocks import describe_rule
from awas.cases.notify.outbox import FAILED, PENDING, SENDING, SENT, channels_for, enqueue
from awas.cases.notify.payload import DeadlineNote, build_payload, wib_text
from awas.cases.notify.settings import NotifySettings, load_notify_settings
from awas.cases.notify.transport import NOTIFIERS, DeliveryFailed
from awas.cases.tables import case_deadlines, case_shares, cases, notifications, notify_channels
from awas.timeutil import utcnow

STALE_CLAIM = timedelta(minutes=10)  # a worker that died mid-send: its claim is given back


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_pending(
    app: App, *, now: datetime | None = None, settings: NotifySettings | None = None, limit: int = 500
) -> DeliveryReport:
    """Send every notification due now (up to `limit`); return what happened."""
    now = now or utcnow()
    settings = settings or load_notify_settings()
    _release_stale(app, now)
    report = DeliveryReport()
    for _ in range(limit):
        claimed = _claim_next(app, now)
        if claimed is None:
            break
        _deliver(app, claimed, settings, now, report)
    return report


def _release_stale(app: App, now: datetime) -> None:
    with app.db.transaction() as conn:
        conn.execute(
            notifications.update()
            .where(notifications.c.state == SENDING, notifications.c.claimed_at < now - STALE_CLAIM)
            .values(state=PENDING)
        )


def _claim_next(app: App, now: datetime) -> Any | None:
    with app.db.transaction() as conn:
        query = (
            sa.select(
                notifications,
                notify_channels.c.kind,
                notify_channels.c.address,
                notify_channels.c.secret_sealed,
            )
            .join(notify_channels, notify_channels.c.id == notifications.c.channel_id)
            .where(notifications.c.state == PENDING, notifications.c.next_attempt_at <= now)
            .order_by(notifications.c.next_attempt_at, notifications.c.id)
            .limit(1)
        )
        row = conn.execute(query).first()
        if row is None:
            return None
        claim = notifications.update().where(notifications.c.id == row.id, notifications.c.state == PENDING)
        return row if conn.execute(claim.values(state=SENDING, claimed_at=now)).rowcount == 1 else None


def _deliver(app: App, row: Any, settings: NotifySettings, now: datetime, report: DeliveryReport) -> None:
    secret = app.sealer.open(row.secret_sealed) if row.secret_sealed else None
    try:
        NOTIFIERS.get(row.kind)(settings).send(row.address, row.payload, secret)
    except DeliveryFailed as exc:
        _failed(app, row, str(exc), settings, now, report)
        return
    with app.db.transaction() as conn:
        conn.execute(
            notifications.update()
            .where(notifications.c.id == row.id)
            .values(state=SENT, sent_at=now, attempts=row.attempts + 1, last_error=None)
        )
    report.sent += 1


def _failed(
    app: App, row: Any, error: str, settings: NotifySettings, now: datetime, report: DeliveryReport
) -> None:
    attempts = row.attempts + 1
    final = attempts >= settings.notify_max_attempts
    delay = timedelta(seconds=settings.notify_retry_base_s * 2 ** (attempts - 1))
    values = {
        "state": FAILED if final else PENDING,
        "attempts": attempts,
        "last_error": error[:500],
        "next_attempt_at": now if final else now + delay,
    }
    with app.db.transaction() as conn:
        conn.execute(notifications.update().where(notifications.c.id == row.id).values(**values))
    if final:
        report.failed += 1
    else:
        report.retrying += 1


def enqueue_deadline_reminders(
    app: App, *, now: datetime | None = None, within: timedelta | None = None
) -> int:
    """Queue one notice per unmet obligation of an open case due within `within` (or already passed),
    to the owning office and the organisations it is shared with; return how many were queued."""
    now = now or utcnow()
    within = within or timedelta(hours=load_notify_settings().notify_due_soon_hours)
    catalogue = workflow_catalogue(app)
    queued = 0
    with app.db.transaction() as conn:
        due = conn.execute(
            sa.select(cases, case_deadlines.c.clock_id, case_deadlines.c.due_at.label("deadline_due"))
            .join(case_deadlines, case_deadlines.c.case_id == cases.c.id)
            .where(
                cases.c.is_open.is_(True),
                case_deadlines.c.obligation.is_(True),
                case_deadlines.c.met_at.is_(None),
            )
            .where(case_deadlines.c.due_at <= now + within)
        ).all()
        for row in due:
            clock = catalogue.clocks.get(row.clock_id)
            if clock is None:
                continue
            note = DeadlineNote(
                clock.id, clock.name, wib_text(row.deadline_due), describe_rule(clock), clock.source
            )
            for channel_id, org_id in channels_for(conn, _recipients(conn, row), "deadline"):
                payload = build_payload(row, "deadline", org_id, deadline=note)
                key = f"deadline:{row.id}:{channel_id}:{clock.id}:{row.deadline_due.isoformat()}"
                queued += enqueue(conn, channel_id, payload, key, now)
    return queued


def _recipients(conn: sa.Connection, row: Any) -> list[str]:
    shared = conn.execute(
        sa.select(case_shares.c.org_id).where(
            case_shares.c.case_id == row.id,
            case_shares.c.revoked_at.is_(None),
            case_shares.c.tlp_rank >= row.tlp_rank,
        )
    ).scalars()
    return [row.owner_org_id, *shared]
