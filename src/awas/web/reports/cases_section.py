"""Report section: cases of the week (opened, closed, status changes) and the legal deadlines that fell
due in the week (met on time, late, still unmet), for the cases the reader may see. Aggregates only."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.cases.access import visibility_clause
from awas.cases.catalogue import workflow_catalogue
from awas.cases.tables import case_deadlines, case_transitions, cases
from awas.web.case_access import case_principal
from awas.web.models import CountRow
from awas.web.reports import ReportWeek, SectionProvider


class CasesSectionData(BaseModel):
    opened: int
    opened_by_kind: dict[str, int]
    closed: int
    transitions: int
    due_in_week: int
    met_on_time: int
    met_late: int
    unmet: int
    to_status: list[CountRow]


class CasesSection(SectionProvider):
    key = "cases"
    title_key = "report.cases.title"
    template = "report_sections/cases.html"
    order = 30

    def build(self, core: App, principal: Principal, week: ReportWeek, lang: str) -> CasesSectionData:
        catalogue = workflow_catalogue(core)
        visible = visibility_clause(catalogue, case_principal(principal))
        with core.db.read() as conn:
            opened = {str(k): int(n) for k, n in conn.execute(_opened(visible, week))}
            closed = int(conn.execute(_closed(visible, week)).scalar_one())
            moves = [(str(s), int(n)) for s, n in conn.execute(_moves(visible, week))]
            total, on_time, late = (int(v) for v in conn.execute(_deadlines(visible, week)).one())
        names = {s.id: s.name for s in catalogue.statuses.values()}
        rows = [CountRow(key=s, label=names.get(s, s), count=n) for s, n in moves]
        return CasesSectionData(
            opened=sum(opened.values()),
            opened_by_kind=opened,
            closed=closed,
            transitions=sum(n for _s, n in moves),
            due_in_week=total,
            met_on_time=on_time,
            met_late=late,
            unmet=total - on_time - late,
            to_status=sorted(rows, key=lambda r: -r.count),
        )


def within(column: sa.ColumnElement[Any], week: ReportWeek) -> sa.ColumnElement[bool]:
    """`column` falls in the week (Monday 00:00 WIB up to the next Monday)."""
    return sa.and_(column >= week.start, column < week.end)


def _opened(visible: sa.ColumnElement[bool], week: ReportWeek) -> sa.Select[Any]:
    query = sa.select(cases.c.kind, sa.func.count()).where(visible, within(cases.c.created_at, week))
    return query.group_by(cases.c.kind)


def _closed(visible: sa.ColumnElement[bool], week: ReportWeek) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(cases).where(visible, within(cases.c.closed_at, week))


def _moves(visible: sa.ColumnElement[bool], week: ReportWeek) -> sa.Select[Any]:
    t = case_transitions
    return (
        sa.select(t.c.to_status, sa.func.count())
        .join(cases, cases.c.id == t.c.case_id)
        .where(visible, within(t.c.at, week), t.c.from_status.is_not(None))
        .group_by(t.c.to_status)
    )


def _deadlines(visible: sa.ColumnElement[bool], week: ReportWeek) -> sa.Select[Any]:
    d = case_deadlines

    def tally(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    return (
        sa.select(sa.func.count(), tally(d.c.met_at <= d.c.due_at), tally(d.c.met_at > d.c.due_at))
        .join(cases, cases.c.id == d.c.case_id)
        .where(visible, within(d.c.due_at, week), d.c.obligation.is_(True))
    )
