"""Overview panel: open cases the reader may see, by status, with overdue and due-soon deadlines."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.cases.catalogue import workflow_catalogue
from awas.web.case_access import case_principal
from awas.web.case_stats import CaseCounts, case_counts
from awas.web.memo import IdentityMemo
from awas.web.panels import PanelProvider


class StatusRow(BaseModel):
    status: str
    name: str
    count: int
    overdue: int


class CasesPanelData(BaseModel):
    computed_at: datetime
    open: int
    overdue: int
    due_today: int
    due_soon: int
    by_status: list[StatusRow]


class CasesPanel(PanelProvider):
    key = "cases"
    title_key = "panel.cases.title"
    template = "panels/cases.html"
    permission = "cases.view"
    order = 20

    def build(self, core: App, principal: Principal) -> CasesPanelData:
        """Built once per cached count object (so the overview can reuse its rendering too)."""
        counts = case_counts(core, case_principal(principal))
        return _models.get(counts, None, lambda: _data(core, counts))


_models: IdentityMemo[CasesPanelData] = IdentityMemo()


def _data(core: App, counts: CaseCounts) -> CasesPanelData:
    statuses = sorted(workflow_catalogue(core).statuses.values(), key=lambda s: s.position)
    open_ids = frozenset(s.id for s in statuses if s.open)
    totals = counts.open_totals(open_ids)
    rows = [
        StatusRow(
            status=s.id,
            name=s.name,
            count=counts.by_status[s.id].total,
            overdue=counts.by_status[s.id].overdue,
        )
        for s in statuses
        if s.open and s.id in counts.by_status
    ]
    return CasesPanelData(
        computed_at=counts.computed_at,
        open=totals.total,
        overdue=totals.overdue,
        due_today=totals.due_today,
        due_soon=totals.due_soon,
        by_status=rows,
    )
