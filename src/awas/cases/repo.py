"""Reading and writing case rows inside a transaction: look-ups, the conditional (versioned) update
that keeps concurrent edits from overwriting each other, events, and the stored deadlines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.cases.catalogue import WorkflowCatalogue
from awas.cases.clocks import CaseFacts, Deadline, compute_deadlines, next_due
from awas.cases.tables import case_deadlines, case_events, case_transitions, cases
from awas.errors import AwasError

T = TypeVar("T")


class ConcurrentUpdate(AwasError):
    """Someone else changed the case since it was read; nothing was written. Reload and retry."""

    exit_code = 2


def case_key(ref: str | int) -> sa.ColumnElement[bool]:
    """WHERE clause for a case given by id (`12`) or number (`LP-2024-00012`)."""
    text = str(ref).strip()
    return cases.c.id == int(text) if text.isdigit() else cases.c.number == text.upper()


def fetch_case(conn: Connection, ref: str | int) -> Any | None:
    return conn.execute(sa.select(cases).where(case_key(ref))).first()


def claim(conn: Connection, row: Any, values: Mapping[str, Any], now: datetime) -> int:
    """Write `values` only if the case is still at `row.version`; return the new version.

    Raises ConcurrentUpdate when another writer got there first (zero rows matched), so an update is
    never applied on top of a state the writer did not see.
    """
    new_version = int(row.version) + 1
    result = conn.execute(
        cases.update()
        .where(cases.c.id == row.id, cases.c.version == row.version)
        .values(**values, version=new_version, updated_at=now)
    )
    if result.rowcount != 1:
        raise ConcurrentUpdate(
            f"perkara {row.number} telah diubah oleh pengguna lain; muat ulang lalu coba lagi"
        )
    return new_version


def add_transition(
    conn: Connection,
    case_id: int,
    *,
    from_status: str | None,
    to_status: str,
    actor: str,
    actor_org: str,
    at: datetime,
    reason: str,
    version: int,
    extended: bool = False,
) -> None:
    conn.execute(
        case_transitions.insert().values(
            case_id=case_id,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            actor_org=actor_org,
            at=at,
            reason=reason,
            version=version,
            extended=extended,
        )
    )


def load_events(conn: Connection, case_id: int) -> dict[str, datetime]:
    rows = conn.execute(
        sa.select(case_events.c.event, case_events.c.at).where(case_events.c.case_id == case_id)
    )
    return {r.event: r.at for r in rows}


def record_events(
    conn: Connection,
    case_id: int,
    events: Mapping[str, datetime],
    *,
    actor: str,
    now: datetime,
    reason: str = "",
) -> list[str]:
    """Record each event the first time it happens (a repeat keeps the first date); return the new ones."""
    existing = load_events(conn, case_id)
    new = [name for name in events if name not in existing]
    if new:
        conn.execute(
            case_events.insert(),
            [
                {
                    "case_id": case_id,
                    "event": n,
                    "at": events[n],
                    "actor": actor,
                    "recorded_at": now,
                    "reason": reason,
                }
                for n in new
            ],
        )
    return new


def facts_of(row: Any) -> CaseFacts:
    return CaseFacts(row.kind, row.track, row.handler, routed=row.routed_at is not None)


def refresh_deadlines(
    conn: Connection, catalogue: WorkflowCatalogue, case_id: int, facts: CaseFacts, is_open: bool
) -> list[Deadline]:
    """Recompute and store the case's deadlines from its events; update the case's next deadline."""
    deadlines = compute_deadlines(catalogue, facts, load_events(conn, case_id))
    conn.execute(case_deadlines.delete().where(case_deadlines.c.case_id == case_id))
    if deadlines:
        conn.execute(
            case_deadlines.insert(),
            [
                {
                    "case_id": case_id,
                    "clock_id": d.clock_id,
                    "anchor_at": d.anchor_at,
                    "due_at": d.due_at,
                    "met_at": d.met_at,
                    "obligation": d.obligation,
                }
                for d in deadlines
            ],
        )
    upcoming = next_due(deadlines) if is_open else None
    conn.execute(
        cases.update()
        .where(cases.c.id == case_id)
        .values(
            next_due_at=upcoming.due_at if upcoming else None,
            next_due_clock=upcoming.clock_id if upcoming else None,
        )
    )
    return deadlines


def retrying(attempt: Callable[[], T], tries: int = 5) -> T:
    """Run a write that reads the case itself, again from a fresh read when it lost a race to another
    writer; the last ConcurrentUpdate propagates. Used where the caller named no expected version."""
    for _ in range(tries - 1):
        try:
            return attempt()
        except ConcurrentUpdate:
            continue
    return attempt()
