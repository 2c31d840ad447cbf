"""Report section: findings of the week by category, kab/kota and day, against the previous week."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, Field

from awas.access.permissions import Principal
from awas.app import App
from awas.domain.regions import RegionLevel
from awas.risk.findings_stats import FindingScope, count_total
from awas.risk.summary import summarise_findings
from awas.web.i18n import Translator
from awas.web.models import CountRow, DayCount, count_rows
from awas.web.reports import ReportWeek, SectionProvider
from awas.web.reports.charts import daily_bars, horizontal_bars


class FindingsSectionData(BaseModel):
    region_scope: str | None
    total: int
    previous_week_total: int
    posts_total: int
    by_category: list[CountRow]
    by_kabkota: list[CountRow]
    by_day: list[DayCount]
    day_chart: str = Field(default="", exclude=True)
    category_chart: str = Field(default="", exclude=True)


class FindingsSection(SectionProvider):
    key = "findings"
    title_key = "report.findings.title"
    template = "report_sections/findings.html"
    order = 10

    def build(self, core: App, principal: Principal, week: ReportWeek, lang: str) -> FindingsSectionData:
        t = Translator(lang)
        scope = FindingScope(region_prefix=principal.region_scope, start=week.start, end=week.end)
        summary = summarise_findings(core, scope)
        previous = FindingScope(
            region_prefix=scope.region_prefix, start=week.start - timedelta(days=7), end=week.start
        )
        with core.db.read() as conn:
            previous_total = count_total(conn, previous)
        names = {c.id: (c.name_en if lang == "en" else c.name) for c in core.reference.categories.values()}
        kabkota = {r.code: r.name for r in core.reference.regions.values() if r.level is RegionLevel.KABKOTA}
        categories = count_rows(summary.by_category, names)
        return FindingsSectionData(
            region_scope=scope.region_prefix,
            total=summary.total,
            previous_week_total=previous_total,
            posts_total=summary.posts_total,
            by_category=categories,
            by_kabkota=count_rows(summary.by_kabkota, kabkota, all_keys=scope.region_prefix is None),
            by_day=[DayCount(day=d, count=n) for d, n in summary.by_day.items()],
            day_chart=daily_bars(
                list(summary.by_day), list(summary.by_day.values()), t("report.findings.per_day")
            ),
            category_chart=horizontal_bars(
                [r.label for r in categories],
                [r.count for r in categories],
                t("report.findings.per_category"),
            )
            if categories
            else "",
        )
