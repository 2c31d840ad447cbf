"""Overview panel: what reference data is loaded and which election stages are running now."""

from __future__ import annotations

from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.domain.elections import SchedulePhase
from awas.reference.views import show_rows
from awas.timeutil import utcnow
from awas.web.cache import VersionedCache
from awas.web.formatting import format_wib
from awas.web.panels import PanelProvider

_cache = VersionedCache(ttl=60.0)


class PhaseRow(BaseModel):
    stage: str
    name: str
    starts: str
    ends: str
    status: str


class ReferencePanelData(BaseModel):
    counts: dict[str, int]
    current_phases: list[PhaseRow]
    next_phase: PhaseRow | None


class ReferencePanel(PanelProvider):
    key = "reference"
    title_key = "panel.reference.title"
    template = "panels/reference.html"
    permission = "reference.view"
    order = 90

    def build(self, core: App, principal: Principal) -> ReferencePanelData:
        # Reference data changes only when a package is loaded: recount at most once a minute.
        return _cache.get(core.db.describe(), lambda: 0, lambda: _compute(core))


def _compute(core: App) -> ReferencePanelData:
    _title, _columns, rows = show_rows(core, "summary")  # the same view `awas reference show` prints
    now = utcnow()
    phases = list(core.reference.schedule.values())
    current = [p for p in phases if p.contains(now)]
    upcoming = sorted((p for p in phases if p.starts_at > now), key=lambda p: p.starts_at)
    return ReferencePanelData(
        counts={str(name): int(n) for name, n in rows},
        current_phases=[_phase(p) for p in current],
        next_phase=_phase(upcoming[0]) if upcoming else None,
    )


def _phase(phase: SchedulePhase) -> PhaseRow:
    return PhaseRow(
        stage=phase.stage,
        name=phase.name,
        starts=format_wib(phase.starts_at),
        ends=format_wib(phase.ends_at),
        status=phase.status.value,
    )
