"""The overview: every registered panel the reader may see (findings, reference; later cases, recap...)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from awas.timeutil import utcnow
from awas.web.deps import CoreDep, PrincipalDep, TranslatorDep
from awas.web.memo import IdentityMemo
from awas.web.pages import add_page
from awas.web.panels import panels_for

router = APIRouter()


class PanelOut(BaseModel):
    key: str
    title: str
    data: dict[str, Any]
    template: str = Field(exclude=True)
    model: Any = Field(default=None, exclude=True)  # the provider's typed data (the HTML is memoised on it)


_dumps: IdentityMemo[dict[str, Any]] = IdentityMemo()


class OverviewPage(BaseModel):
    generated_at: datetime
    region_scope: str | None
    panels: list[PanelOut]


def overview(principal: PrincipalDep, core: CoreDep, t: TranslatorDep) -> OverviewPage:
    panels = [
        _panel(p.key, t(p.title_key), p.template, p.build(core, principal)) for p in panels_for(principal)
    ]
    return OverviewPage(generated_at=utcnow(), region_scope=principal.region_scope, panels=panels)


def _panel(key: str, title: str, template: str, model: BaseModel) -> PanelOut:
    """A panel; its JSON is dumped once per data object (providers serve cached objects)."""
    data = _dumps.get(model, None, model.model_dump)
    return PanelOut.model_construct(key=key, title=title, data=data, template=template, model=model)


add_page(router, "/overview", overview, template="overview.html", permission="overview.view", tag="overview")


@router.get("/", include_in_schema=False)
def home(principal: PrincipalDep) -> RedirectResponse:
    """The overview for task-force readers; partner liaisons start on the map (no finding counts)."""
    return RedirectResponse("/overview" if principal.can("overview.view") else "/map", status_code=303)
