"""Report section: the vulnerability index and map as of the end of the week."""

from __future__ import annotations

import base64

from pydantic import BaseModel, Field

from awas.access.permissions import Principal
from awas.app import App
from awas.risk.service import RiskService
from awas.timeutil import utcnow
from awas.web.i18n import Translator
from awas.web.mapping import risk_map_svg
from awas.web.reports import ReportWeek, SectionProvider


class RiskRow(BaseModel):
    code: str
    name: str
    index: float
    level: str
    baseline_score: float | None
    baseline_category: str | None
    findings: int


class RiskSectionData(BaseModel):
    as_of: str
    formula_version: str
    units: list[RiskRow]
    map_uri: str = Field(default="", exclude=True)


class RiskSection(SectionProvider):
    key = "risk"
    title_key = "report.risk.title"
    template = "report_sections/risk.html"
    order = 20

    def build(self, core: App, principal: Principal, week: ReportWeek, lang: str) -> RiskSectionData:
        as_of = min(week.end, utcnow())
        risk = RiskService(core).compute(as_of)
        svg = risk_map_svg(core, risk, Translator(lang)("map.svg_title"), lang)
        rows = [
            RiskRow(
                code=u.facts.code,
                name=u.facts.name,
                index=u.index,
                level=u.level.value,
                baseline_score=u.facts.baseline.score if u.facts.baseline else None,
                baseline_category=u.facts.baseline.category if u.facts.baseline else None,
                findings=u.findings,
            )
            for u in sorted(risk.units, key=lambda u: -u.index)
        ]
        return RiskSectionData(
            as_of=as_of.isoformat(),
            formula_version=risk.formula_version,
            units=rows,
            map_uri="data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"),
        )
