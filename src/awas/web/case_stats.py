"""Counts of the cases a principal may see, by status and deadline state (board columns, overview).

Aggregates only (no case is read, so nothing to audit), within the cases capability's visibility rule.
Cached per organisation and role: re-read when the newest change to any case moves (`max(updated_at)`,
read at most once a second), and at least every 30 s, so deadline states are never older than that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from awas.app import App
from awas.cases.access import Principal as CasePrincipal
from awas.cases.access import visibility_clause
from awas.cases.catalogue import workflow_catalogue
from awas.cases.tables import cases
from awas.timeutil import utcnow
from awas.web.cache import VersionedCache
from awas.web.case_models import DUE_SOON, DUE_TODAY

_cache = VersionedCache(ttl=30.0)


@dataclass(frozen=True, slots=True)
class StatusCount:
    status: str
    total: int
    overdue: int
    due_today: int
    due_soon: int


@dataclass(frozen=True, slots=True)
class CaseCounts:
    computed_at: datetime
    by_status: dict[str, StatusCount] = field(default_factory=dict)

    def open_totals(self, open_statuses: frozenset[str]) -> StatusCount:
        """Sums over the open statuses (`status` is "*")."""
        shown = [c for s, c in self.by_status.items() if s in open_statuses]
        return StatusCount(
            "*",
            sum(c.total for c in shown),
            sum(c.overdue for c in shown),
            sum(c.due_today for c in shown),
            sum(c.due_soon for c in shown),
        )


def cases_version(core: App) -> object:
    with core.db.read() as conn:
        return conn.execute(sa.select(sa.func.max(cases.c.updated_at))).scalar()


def case_counts(core: App, principal: CasePrincipal) -> CaseCounts:
    key = (core.db.describe(), principal.org_id, principal.role.value)
    return _cache.get(key, lambda: cases_version(core), lambda: _count(core, principal, utcnow()))


def _count(core: App, principal: CasePrincipal, now: datetime) -> CaseCounts:
    due = cases.c.next_due_at
    is_open = cases.c.is_open.is_(True)

    def tally(*conditions: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((sa.and_(is_open, *conditions), 1), else_=0)), 0)

    query = (
        sa.select(
            cases.c.status,
            sa.func.count(),
            tally(due < now),
            tally(due >= now, due <= now + DUE_TODAY),
            tally(due >= now, due <= now + DUE_SOON),
        )
        .where(visibility_clause(workflow_catalogue(core), principal))
        .group_by(cases.c.status)
    )
    with core.db.read() as conn:
        rows = conn.execute(query).all()
    return CaseCounts(now, {s: StatusCount(s, int(n), int(o), int(d), int(w)) for s, n, o, d, w in rows})
