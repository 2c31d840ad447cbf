"""Counts of findings by category, kab/kota, kecamatan and WIB day, in SQL (one GROUP BY each).

Shared by the overview, the live indicators and the weekly report, so every number agrees.
Region codes are dotted Kemendagri codes, so the kab/kota of `15.71.01.1001` is its first 5 characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from awas.store.tables import findings

KABKOTA_CODE_LENGTH = 5  # "15.71"
KECAMATAN_CODE_LENGTH = 8  # "15.71.01"


@dataclass(frozen=True, slots=True)
class FindingScope:
    """Which findings a reader may count: all (None) or those inside one region (code prefix)."""

    region_prefix: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    include_rejected: bool = True

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """WHERE clauses; the prefix is a range so the region index is used on both databases."""
        where: list[sa.ColumnElement[bool]] = []
        if self.region_prefix:
            where += [
                findings.c.region_code >= self.region_prefix,
                findings.c.region_code < self.region_prefix + "/",  # '/' sorts right after '.'
            ]
        if self.start is not None:
            where.append(findings.c.created_at >= self.start)
        if self.end is not None:
            where.append(findings.c.created_at < self.end)
        if not self.include_rejected:
            where.append(findings.c.review_status != "rejected")
        return where


def region_prefix_expr(length: int) -> sa.ColumnElement[Any]:
    return sa.func.substr(findings.c.region_code, 1, length)


def wib_day_expr(dialect: str) -> sa.ColumnElement[Any]:
    """The WIB calendar day of `created_at` (UTC in storage), as the database computes it."""
    if dialect == "sqlite":
        return sa.func.date(findings.c.created_at, "+7 hours")
    return sa.cast(sa.func.timezone("Asia/Jakarta", findings.c.created_at), sa.Date)


def _grouped(conn: Connection, key: sa.ColumnElement[Any], scope: FindingScope) -> list[tuple[Any, int]]:
    query = (
        sa.select(key.label("k"), sa.func.count().label("n"))
        .where(*scope.conditions())
        .group_by(key)
        .order_by(key)
    )
    return [(row.k, int(row.n)) for row in conn.execute(query)]


def count_total(conn: Connection, scope: FindingScope) -> int:
    query = sa.select(sa.func.count()).select_from(findings).where(*scope.conditions())
    return int(conn.execute(query).scalar_one())


def count_by_category(conn: Connection, scope: FindingScope) -> dict[str, int]:
    return dict(_grouped(conn, findings.c.category, scope))


def count_by_review_status(conn: Connection, scope: FindingScope) -> dict[str, int]:
    return dict(_grouped(conn, findings.c.review_status, scope))


def count_by_kabkota(conn: Connection, scope: FindingScope) -> dict[str, int]:
    """Findings per kab/kota code; findings without a kab/kota (province-wide, none) are left out."""
    rows = _grouped(conn, region_prefix_expr(KABKOTA_CODE_LENGTH), scope)
    return {k: n for k, n in rows if k and len(k) == KABKOTA_CODE_LENGTH}


def count_by_kecamatan(conn: Connection, scope: FindingScope) -> dict[str, int]:
    rows = _grouped(conn, region_prefix_expr(KECAMATAN_CODE_LENGTH), scope)
    return {k: n for k, n in rows if k and len(k) == KECAMATAN_CODE_LENGTH}


def count_by_day(conn: Connection, scope: FindingScope) -> dict[date, int]:
    rows = _grouped(conn, wib_day_expr(conn.dialect.name), scope)
    return {_as_date(k): n for k, n in rows if k is not None}


def count_by_kabkota_and_category(
    conn: Connection, scope: FindingScope, categories: Sequence[str] | None = None
) -> dict[str, dict[str, int]]:
    """{kab/kota: {category: n}}; restricted to `categories` when given."""
    key = region_prefix_expr(KABKOTA_CODE_LENGTH)
    where = scope.conditions()
    if categories is not None:
        where.append(findings.c.category.in_(list(categories)))
    query = (
        sa.select(key.label("k"), findings.c.category, sa.func.count().label("n"))
        .where(*where)
        .group_by(key, findings.c.category)
    )
    result: dict[str, dict[str, int]] = {}
    for row in conn.execute(query):
        if row.k and len(row.k) == KABKOTA_CODE_LENGTH:
            result.setdefault(row.k, {})[row.category] = int(row.n)
    return result


def latest_finding_id(conn: Connection) -> int:
    """The highest finding id (0 when none): a cheap version stamp for caches."""
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(findings.c.id), 0))).scalar_one())


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
