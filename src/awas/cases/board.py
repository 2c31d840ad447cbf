"""The case board: open cases visible to a user with their next legal deadline, soonest first.

The hot path of the web board and of the benchmark (10,000 cases, target ≤ 100 ms on SQLite): one
query on an index of (is_open, next_due_at), no join, rows unpacked as tuples, status names and clock texts
looked up once, times converted only where the driver returns them naive, the cyclic garbage
collector paused while the records are built. Every listing is written to the audit log.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal, visibility_clause
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.clocks import DeadlineState, describe_rule
from awas.cases.records import CaseHeader, CaseSummary, NextDeadline
from awas.cases.tables import cases
from awas.domain.audit import AuditEvent
from awas.store.audit import append_audit
from awas.timeutil import utcnow

# The next deadline is stored on the case (next_due_clock, next_due_at) by every write, so the board
# needs no join.
CASE_FIELDS = (
    "id", "number", "kind", "title", "status", "category", "track", "handler", "tlp", "owner_org_id",
    "handler_org_id", "is_open", "version", "received_at", "known_at", "next_due_clock", "next_due_at",
)  # fmt: skip
KNOWN_AT = CASE_FIELDS.index("known_at")
# Reading 10,000 rows, per-value Python work dominates: on SQLite the times are read as ISO text with
# the UTC offset appended (one C call each to parse), on PostgreSQL as the driver's aware datetimes;
# neither goes through the UTCDateTime decorator.
_TIMES = {"received_at", "known_at", "next_due_at"}
_COLUMNS = tuple(cases.c[n] for n in CASE_FIELDS)


def summary_columns(sqlite: bool) -> tuple[sa.ColumnElement[Any], ...]:
    """The list query's columns, times read as described above for the dialect."""

    def read(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
        if column.name not in _TIMES:
            return column
        if sqlite:
            return (sa.type_coerce(column, sa.String()) + "+00:00").label(column.name)
        return sa.type_coerce(column, sa.DateTime(timezone=True)).label(column.name)

    return tuple(read(column) for column in _COLUMNS)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    open_only: bool = True
    status: str | None = None
    overdue: bool = False
    due_within: timedelta | None = None
    limit: int | None = None


def list_cases(
    app: App, principal: Principal, filters: CaseFilter = CaseFilter(), *, now: datetime | None = None
) -> list[CaseSummary]:
    """Cases this principal may see, soonest deadline first (no deadline last), logged as one read."""
    now = now or utcnow()
    catalogue = workflow_catalogue(app)
    with app.db.transaction() as conn, _collection_paused():
        rows = _rows(conn, catalogue, principal, filters, now, app.db.is_sqlite)
        _audit_listing(conn, principal, [row[0] for row in rows])
        return board_rows(catalogue, rows, now)


def _rows(
    conn: sa.Connection,
    catalogue: WorkflowCatalogue,
    principal: Principal,
    f: CaseFilter,
    now: datetime,
    sqlite: bool,
) -> list[Any]:
    """The listing's rows. With a limit, cases with a deadline are read first in the order of the
    (is_open, next_due_at) index, then, if the page is not full, those without one: a board page of
    60 reads about 60 rows instead of sorting every open case (`NULLS LAST` defeats the index)."""
    if not f.limit:
        return list(conn.execute(_list_query(catalogue, principal, f, now, sqlite)).all())
    due = _list_query(catalogue, principal, f, now, sqlite, due=True).limit(f.limit)
    rows = list(conn.execute(due).all())
    if len(rows) < f.limit and not (f.overdue or f.due_within is not None):
        undated = _list_query(catalogue, principal, f, now, sqlite, due=False).limit(f.limit - len(rows))
        rows += conn.execute(undated).all()
    return rows


def open_cases_with_deadlines(
    app: App, principal: Principal, *, now: datetime | None = None
) -> list[CaseSummary]:
    """The case board: every open case visible to the principal with its next deadline."""
    return list_cases(app, principal, CaseFilter(), now=now)


def _list_query(
    catalogue: WorkflowCatalogue,
    principal: Principal,
    f: CaseFilter,
    now: datetime,
    sqlite: bool,
    due: bool | None = None,
) -> sa.Select[Any]:
    """`due=None`: every matching case, nulls last; True: only those with a deadline, in index order;
    False: only those without, by id."""
    query = sa.select(*summary_columns(sqlite)).where(visibility_clause(catalogue, principal))
    if f.open_only or f.overdue or f.due_within is not None:
        query = query.where(cases.c.is_open.is_(True))
    if f.status:
        query = query.where(cases.c.status == f.status)
    if f.overdue:
        query = query.where(cases.c.next_due_at < now)
    if f.due_within is not None:
        query = query.where(cases.c.next_due_at >= now, cases.c.next_due_at <= now + f.due_within)
    if due is True:
        return query.where(cases.c.next_due_at.is_not(None)).order_by(cases.c.next_due_at, cases.c.id)
    if due is False:
        return query.where(cases.c.next_due_at.is_(None)).order_by(cases.c.id)
    query = query.order_by(cases.c.next_due_at.is_(None), cases.c.next_due_at, cases.c.id)
    return query.limit(f.limit) if f.limit else query


def board_rows(catalogue: WorkflowCatalogue, rows: Sequence[Any], now: datetime) -> list[CaseSummary]:
    """Typed summaries from rows of the list query (columns in SUMMARY_COLUMNS order)."""
    names = {s.id: s.name for s in catalogue.statuses.values()}
    clocks = {
        c.id: (c.name, describe_rule(c), c.legal_basis, c.source, c.status.value)
        for c in catalogue.clocks.values()
    }
    # SQLite gives ISO text, PostgreSQL aware datetimes in the session's zone: convert only if needed.
    text = bool(rows) and isinstance(rows[0][KNOWN_AT], str)
    convert = text or (bool(rows) and rows[0][KNOWN_AT].utcoffset() != timedelta(0))
    parse = _parse_utc if text else _as_utc
    overdue, pending, expired = DeadlineState.OVERDUE, DeadlineState.PENDING, DeadlineState.EXPIRED
    summaries: list[CaseSummary] = []
    for (case_id, number, kind, title, status, category, track, handler, tlp, owner, handler_org, is_open,
         version, received, known, clock_id, due) in rows:  # fmt: skip
        if convert:
            received, known, due = parse(received), parse(known), parse(due)
        name = names.get(status, status)
        header = CaseHeader(case_id, number, kind, title, status, name, category, track, handler, tlp)
        upcoming = None
        info = clocks.get(clock_id) if due is not None else None
        if info is not None:  # an unmet obligation by construction (cases.next_due_clock)
            state = (pending if now <= due else overdue) if is_open else expired
            upcoming = NextDeadline(clock_id, info[0], due, state, info[1], info[2], info[3], info[4])
        summaries.append(CaseSummary(header, owner, handler_org, is_open, version, received, known, upcoming))
    return summaries


def _parse_utc(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a board is read: 10,000 rows become ~40,000 objects
    without a single cycle, and the collector's passes over them cost more than building them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _audit_listing(conn: sa.Connection, principal: Principal, ids: list[int]) -> None:
    event = AuditEvent(
        action="case.listed",
        actor=principal.username,
        object_type="case",
        object_id="*",
        org_id=principal.org_id,
        details={"count": len(ids), "ids": ids},
    )
    append_audit(conn, event)
