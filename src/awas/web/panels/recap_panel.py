"""Overview panel: open recap anomalies per race and rule family (screening rules shown apart)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.recap.tables import recap_audits, recap_snapshots
from awas.timeutil import utcnow
from awas.web.cache import VersionedCache
from awas.web.panels import PanelProvider
from awas.web.recap_stats import SCREENING_PREFIX, open_by_race

_cache = VersionedCache(ttl=60.0)


class RaceRow(BaseModel):
    race: str
    anomalies: int
    screening: int
    by_family: dict[str, int]


class RecapPanelData(BaseModel):
    computed_at: datetime
    anomalies: int
    screening: int
    races: list[RaceRow]


def recap_version(core: App) -> tuple[object, object]:
    """Findings change only through an audit and snapshots only by import: the newest of each."""
    with core.db.read() as conn:
        audits = conn.execute(sa.select(sa.func.max(recap_audits.c.id))).scalar()
        imported = conn.execute(sa.select(sa.func.max(recap_snapshots.c.imported_at))).scalar()
    return audits, imported


class RecapPanel(PanelProvider):
    key = "recap"
    title_key = "panel.recap.title"
    template = "panels/recap.html"
    permission = "recap.view"
    order = 30

    def build(self, core: App, principal: Principal) -> RecapPanelData:
        return _cache.get(core.db.describe(), lambda: recap_version(core), lambda: _compute(core))


def _compute(core: App) -> RecapPanelData:
    races = []
    for race, families in sorted(open_by_race(core).items()):
        screening = families.get(SCREENING_PREFIX, 0)
        races.append(
            RaceRow(
                race=race,
                anomalies=sum(families.values()) - screening,
                screening=screening,
                by_family=families,
            )
        )
    return RecapPanelData(
        computed_at=utcnow(),
        anomalies=sum(r.anomalies for r in races),
        screening=sum(r.screening for r in races),
        races=races,
    )
