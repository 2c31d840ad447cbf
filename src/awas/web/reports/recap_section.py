"""Report section: recapitulation anomalies first seen and resolved in the week, by race and rule
family, and the snapshots imported in the week."""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.recap.tables import recap_findings, recap_snapshots
from awas.web.reports import ReportWeek, SectionProvider
from awas.web.reports.cases_section import within


class RaceWeek(BaseModel):
    race: str
    new: dict[str, int]
    resolved: int


class RecapSectionData(BaseModel):
    new: int
    resolved: int
    snapshots: int
    races: list[RaceWeek]


class RecapSection(SectionProvider):
    key = "recap"
    title_key = "report.recap.title"
    template = "report_sections/recap.html"
    order = 40

    def build(self, core: App, principal: Principal, week: ReportWeek, lang: str) -> RecapSectionData:
        t = recap_findings
        family = sa.func.substr(t.c.rule, 1, 1)
        new_query = sa.select(t.c.race, family, sa.func.count()).where(within(t.c.first_seen_at, week))
        resolved_query = sa.select(t.c.race, sa.func.count()).where(within(t.c.resolved_at, week))
        imported = sa.select(sa.func.count()).select_from(recap_snapshots)
        with core.db.read() as conn:
            new = conn.execute(new_query.group_by(t.c.race, family)).all()
            resolved = conn.execute(resolved_query.group_by(t.c.race)).all()
            snapshots = int(
                conn.execute(imported.where(within(recap_snapshots.c.imported_at, week))).scalar_one()
            )
        races: dict[str, RaceWeek] = {}
        for race, letter, n in new:
            races.setdefault(race, RaceWeek(race=race, new={}, resolved=0)).new[str(letter)] = int(n)
        for race, n in resolved:
            races.setdefault(race, RaceWeek(race=race, new={}, resolved=0)).resolved = int(n)
        return RecapSectionData(
            new=sum(sum(r.new.values()) for r in races.values()),
            resolved=sum(r.resolved for r in races.values()),
            snapshots=snapshots,
            races=[races[k] for k in sorted(races)],
        )
