"""The overview: every registered panel the reader may see (findings, reference; later cases, recap...)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from awas.timeutil import utcnow
from awas.web.deps import CoreDep, PrincipalDep, TranslatorDep
from awas.web.pages import add_page
from awas.web.panels import panels_for

router = APIRouter()


class PanelOut(BaseModel):
    key: str
    title: str
    data: dict[str, Any]
    template: str = Field(exclude=True)


class OverviewPage(BaseModel):
    generated_at: datetime
    region_scope: str | None
    panels: list[PanelOut]


def overview(principal: PrincipalDep, core: CoreDep, t: TranslatorDep) -> OverviewPage:
    panels = [
        PanelOut(
            key=p.key, title=t(p.title_key), data=p.build(core, principal).model_dump(), template=p.template
        )
        for p in panels_for(principal)
    ]
    return OverviewPage(generated_at=utcnow(), region_scope=principal.region_scope, panels=panels)


add_page(router, "/overview", overview, template="overview.html", permission="overview.view", tag="overview")


@router.get("/", include_in_schema=False)
def home(principal: PrincipalDep) -> RedirectResponse:
    """The overview for task-force readers; partner liaisons start on the map (no finding counts)."""
    return RedirectResponse("/overview" if principal.can("overview.view") else "/map", status_code=303)
