"""Report section: election stages that overlap the week, and the elections supervised."""

from __future__ import annotations

from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.web.formatting import format_wib
from awas.web.reports import ReportWeek, SectionProvider


class StageRow(BaseModel):
    name: str
    starts: str
    ends: str
    status: str


class ReferenceSectionData(BaseModel):
    stages: list[StageRow]
    elections: int
    paslon: int


class ReferenceSection(SectionProvider):
    key = "reference"
    title_key = "report.reference.title"
    template = "report_sections/reference.html"
    order = 90

    def build(self, core: App, principal: Principal, week: ReportWeek, lang: str) -> ReferenceSectionData:
        stages = [
            StageRow(
                name=p.name, starts=format_wib(p.starts_at), ends=format_wib(p.ends_at), status=p.status.value
            )
            for p in core.reference.schedule.values()
            if p.starts_at < week.end and p.ends_at >= week.start
        ]
        return ReferenceSectionData(
            stages=stages, elections=len(core.reference.elections), paslon=len(core.reference.paslon)
        )
