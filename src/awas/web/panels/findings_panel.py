"""Overview panel: findings by category, kab/kota and day, within the reader's region scope."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.domain.regions import RegionLevel
from awas.risk.findings_stats import FindingScope, latest_finding_id
from awas.risk.summary import summarise_findings
from awas.timeutil import utcnow
from awas.web.cache import VersionedCache
from awas.web.models import CountRow, DayCount, count_rows
from awas.web.panels import PanelProvider

_cache = VersionedCache(ttl=30.0)


class FindingsPanelData(BaseModel):
    computed_at: datetime
    region_scope: str | None
    total: int
    posts_total: int
    by_category: list[CountRow]
    by_kabkota: list[CountRow]
    by_review_status: list[CountRow]
    by_day: list[DayCount]
    max_day_count: int


class FindingsPanel(PanelProvider):
    key = "findings"
    title_key = "panel.findings.title"
    template = "panels/findings.html"
    permission = "overview.view"
    order = 10

    def build(self, core: App, principal: Principal) -> FindingsPanelData:
        scope = principal.region_scope
        return _cache.get((core.db.describe(), scope), lambda: _version(core), lambda: _compute(core, scope))


def _version(core: App) -> int:
    with core.db.read() as conn:
        return latest_finding_id(conn)


def _compute(core: App, scope: str | None) -> FindingsPanelData:
    summary = summarise_findings(core, FindingScope(region_prefix=scope))
    categories = {c.id: c.name for c in core.reference.categories.values()}
    kabkota = {
        r.code: r.name
        for r in core.reference.regions.values()
        if r.level is RegionLevel.KABKOTA and (scope is None or r.code == scope)
    }
    return FindingsPanelData(
        computed_at=utcnow(),
        region_scope=scope,
        total=summary.total,
        posts_total=summary.posts_total,
        by_category=count_rows(summary.by_category, categories),
        by_kabkota=count_rows(summary.by_kabkota, kabkota, all_keys=True),
        by_review_status=count_rows(summary.by_review_status, {}),
        by_day=[DayCount(day=d, count=n) for d, n in summary.by_day.items()],
        max_day_count=max(summary.by_day.values(), default=0),
    )
