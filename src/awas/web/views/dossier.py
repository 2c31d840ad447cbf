"""The case dossier (berkas perkara): the case, its deadlines, history, routing, sharing and evidence
with custody logs, as HTML and as PDF (WeasyPrint), in Bahasa Indonesia. Reading it is a logged case
read (`case.viewed`), like the case page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel

from awas.access.permissions import Principal
from awas.timeutil import utcnow
from awas.web.deps import CoreDep, PrincipalDep, require
from awas.web.pages import add_page
from awas.web.rendering import render
from awas.web.reports.weekly import render_pdf
from awas.web.views.cases import CasePage, CaseRefPath, build_case_page

router = APIRouter()
DossierPrincipal = Annotated[Principal, Depends(require("cases.view"))]


class DossierPage(BaseModel):
    generated_at: datetime
    generated_by: str
    organisation: str
    page: CasePage


def case_dossier(principal: PrincipalDep, core: CoreDep, ref: CaseRefPath) -> DossierPage:
    return DossierPage(
        generated_at=utcnow(),
        generated_by=principal.user.display_name,
        organisation=principal.org.name,
        page=build_case_page(core, principal, ref),
    )


@router.get("/cases/{ref}/dossier.pdf", include_in_schema=False)
def case_dossier_pdf(
    request: Request, principal: DossierPrincipal, core: CoreDep, ref: CaseRefPath
) -> Response:
    dossier = case_dossier(principal, core, ref)
    html = bytes(render(request, "cases/dossier.html", page=dossier, for_pdf=True).body).decode("utf-8")
    number = dossier.page.case.card.number
    return Response(
        render_pdf(html),
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="berkas-{number}.pdf"'},
    )


add_page(
    router,
    "/cases/{ref}/dossier",
    case_dossier,
    template="cases/dossier.html",
    permission="cases.view",
    tag="cases",
)
