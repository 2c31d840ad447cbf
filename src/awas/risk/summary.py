"""The findings summary the overview and the weekly report show: totals by category, kab/kota, day
and review status, for one reader's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from awas.app import App
from awas.risk.findings_stats import (
    FindingScope,
    count_by_category,
    count_by_day,
    count_by_kabkota,
    count_by_review_status,
    count_total,
)
from awas.store.tables import posts
from awas.timeutil import WIB

DAYS_SHOWN = 30


@dataclass(frozen=True, slots=True)
class FindingsSummary:
    total: int
    by_category: dict[str, int]
    by_kabkota: dict[str, int]
    by_review_status: dict[str, int]
    by_day: dict[date, int]  # every day of the shown period, zeros included
    first_day: date | None
    last_day: date | None
    posts_total: int


def summarise_findings(app: App, scope: FindingScope) -> FindingsSummary:
    """Counts for `scope`; the per-day series covers the last DAYS_SHOWN days that end on the latest
    day with a finding (so past elections still show their activity), or the window when bounded."""
    with app.db.read() as conn:
        days = count_by_day(conn, scope)
        return FindingsSummary(
            total=count_total(conn, scope),
            by_category=count_by_category(conn, scope),
            by_kabkota=count_by_kabkota(conn, scope),
            by_review_status=count_by_review_status(conn, scope),
            by_day=_day_series(days, scope),
            first_day=min(days) if days else None,
            last_day=max(days) if days else None,
            posts_total=_count_posts(conn, scope),
        )


def _day_series(days: dict[date, int], scope: FindingScope) -> dict[date, int]:
    if scope.start is not None and scope.end is not None:
        first, last = _wib_day(scope.start), _wib_day(scope.end - timedelta(microseconds=1))
    elif days:
        last = max(days)
        first = last - timedelta(days=DAYS_SHOWN - 1)
    else:
        return {}
    span = (last - first).days + 1
    return {first + timedelta(days=i): days.get(first + timedelta(days=i), 0) for i in range(span)}


def _wib_day(moment: datetime) -> date:
    return moment.astimezone(WIB).date()


def _count_posts(conn: sa.Connection, scope: FindingScope) -> int:
    query = sa.select(sa.func.count()).select_from(posts)
    if scope.region_prefix:
        query = query.where(
            posts.c.region_code >= scope.region_prefix, posts.c.region_code < scope.region_prefix + "/"
        )
    if scope.start is not None:
        query = query.where(posts.c.created_at >= scope.start)
    if scope.end is not None:
        query = query.where(posts.c.created_at < scope.end)
    return int(conn.execute(query).scalar_one())


def wib_week_bounds(year: int, week: int) -> tuple[datetime, datetime]:
    """Monday 00:00 WIB to the next Monday 00:00 WIB of ISO week `year`-W`week` (ValueError if none)."""
    monday = date.fromisocalendar(year, week, 1)
    start = datetime.combine(monday, time(0, 0), tzinfo=WIB)
    return start, start + timedelta(days=7)
