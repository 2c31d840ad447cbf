"""Reports: the weekly supervision report (HTML and PDF), built from section providers.

Add a section (cases handled this week, recap anomalies, clusters...):

1. Subclass `SectionProvider` (one abstract method `build(core, principal, week) -> BaseModel`),
   set `key`, `title_key`, `template` (rendered with `section.data`, from your package's templates)
   and `order`.
2. Add one line to `BUILTIN_SECTIONS`. The HTML, the PDF and `GET /api/reports/weekly/{week}` pick it up.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.core.registry import Registry

BUILTIN_SECTIONS: dict[str, str] = {
    "findings": "awas.web.reports.findings_section:FindingsSection",
    "risk": "awas.web.reports.risk_section:RiskSection",
    "reference": "awas.web.reports.reference_section:ReferenceSection",
    "cases": "awas.web.reports.cases_section:CasesSection",
    "recap": "awas.web.reports.recap_section:RecapSection",
    "clusters": "awas.web.reports.clusters_section:ClustersSection",
}


@dataclass(frozen=True, slots=True)
class ReportWeek:
    """An ISO week in WIB: `label` is `2024-W47`, `start` Monday 00:00 WIB, `end` the next Monday."""

    label: str
    start: datetime
    end: datetime


class SectionProvider(ABC):
    key: ClassVar[str]
    title_key: ClassVar[str]
    template: ClassVar[str]
    order: ClassVar[int] = 100

    @abstractmethod
    def build(self, core: App, principal: Principal, week: ReportWeek, lang: str) -> BaseModel:
        """The section's data for this reader and week."""


def sections() -> list[SectionProvider]:
    registry = Registry[SectionProvider]("report_section", BUILTIN_SECTIONS)
    return sorted((registry.get(n)() for n in registry.names()), key=lambda s: (s.order, s.key))
