"""Open recap findings counted per race and per child unit (drill-down badges, overview, indicator).

Read-only aggregates over `recap_findings` (the recap capability's findings table), one GROUP BY each.
Plain unit codes (`1571010001001`): a unit's children share its code as a prefix.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.app import App
from awas.recap.tables import recap_findings

SCREENING_PREFIX = "F"  # statistical screening rules: signals to look at, not anomalies to act on


def open_by_race(core: App) -> dict[str, dict[str, int]]:
    """race → rule family letter (C, X, D, H, F...) → open findings."""
    t = recap_findings
    family = sa.func.substr(t.c.rule, 1, 1)
    query = (
        sa.select(t.c.race, family, sa.func.count())
        .where(t.c.resolved_at.is_(None))
        .group_by(t.c.race, family)
    )
    out: dict[str, dict[str, int]] = {}
    with core.db.read() as conn:
        for race, letter, n in conn.execute(query):
            out.setdefault(race, {})[letter] = int(n)
    return out


def open_by_child(core: App, race: str, unit: str, width: int) -> dict[str, int]:
    """Open findings (screening excluded) under each child unit of `unit`, by the child's code."""
    t = recap_findings
    child = sa.func.substr(t.c.unit, 1, width)
    query = (
        sa.select(child, sa.func.count())
        .where(
            t.c.race == race,
            t.c.resolved_at.is_(None),
            t.c.unit.startswith(unit),
            sa.func.length(t.c.unit) >= width,
            sa.func.substr(t.c.rule, 1, 1) != SCREENING_PREFIX,
        )
        .group_by(child)
    )
    with core.db.read() as conn:
        return {str(code): int(n) for code, n in conn.execute(query)}
