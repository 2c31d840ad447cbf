"""Overview panels: each capability shows its numbers on the overview through a panel provider.

Write one (cases: open cases and deadlines; recap: anomalies; coord: clusters):

1. Subclass `PanelProvider` in `awas/<capability>/web/<thing>_panel.py` (or any module of yours);
   set `key`, `title_key` (a key in both message catalogues), `template` (a Jinja template that
   receives `panel.data`, shipped in your package's `templates/` folder) and `permission`.
2. Implement `build(core, principal)` returning a pydantic model: it is the panel's JSON in
   `GET /api/overview` and the `panel.data` of the template. Filter by `principal` (region scope,
   routed/shared cases) here, in the provider, never in the template.
3. Add one line to `BUILTIN_PANELS` below and, if you ship templates, your package to
   `awas.web.rendering.TEMPLATE_PACKAGES`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.app import App
from awas.core.registry import Registry

BUILTIN_PANELS: dict[str, str] = {
    "findings": "awas.web.panels.findings_panel:FindingsPanel",
    "reference": "awas.web.panels.reference_panel:ReferencePanel",
    "cases": "awas.web.panels.cases_panel:CasesPanel",
    "recap": "awas.web.panels.recap_panel:RecapPanel",
    "clusters": "awas.web.panels.clusters_panel:ClustersPanel",
}


class PanelProvider(ABC):
    key: ClassVar[str]
    title_key: ClassVar[str]
    template: ClassVar[str]
    permission: ClassVar[str]
    order: ClassVar[int] = 100

    @abstractmethod
    def build(self, core: App, principal: Principal) -> BaseModel:
        """The panel's data for this principal; raises nothing for empty tables (zeros are data)."""


_registry: Registry[PanelProvider] | None = None


def panel_registry() -> Registry[PanelProvider]:
    """The panel registry, built once per process (reading entry points costs milliseconds)."""
    global _registry
    if _registry is None:
        _registry = Registry[PanelProvider]("web_panel", BUILTIN_PANELS)
    return _registry


def panels_for(principal: Principal) -> list[PanelProvider]:
    """Instances of the registered panels this principal may see, in display order."""
    registry = panel_registry()
    panels = [registry.get(name)() for name in registry.names()]
    return sorted((p for p in panels if principal.can(p.permission)), key=lambda p: (p.order, p.key))
