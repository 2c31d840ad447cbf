"""The case board (by status, deadline colours) and the case page (evidence, custody log, routing,
sharing, and the transitions this user may take). Every read goes through `awas.cases.api`, which
filters by organisation (partners see only what is routed or shared to them) and logs it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from awas.access.permissions import Principal
from awas.app import App
from awas.cases.access import owner_scope
from awas.cases.api import CaseFilter, case_detail, list_cases
from awas.cases.catalogue import workflow_catalogue
from awas.domain.orgs import Tlp
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.timeutil import utcnow
from awas.web.case_access import case_principal
from awas.web.case_models import ArtefactOut, CaseCard, CaseOut, artefact_out, case_card, case_out
from awas.web.case_stats import case_counts
from awas.web.deps import CoreDep, PrincipalDep
from awas.web.labels import Option, handler_names, options, organisation_names
from awas.web.pages import add_page

router = APIRouter()
CaseRefPath = Annotated[
    str, Path(pattern=r"^(\d{1,12}|[A-Z]{2,4}-\d{4}-\d{5,7})$", description="id or number")
]
BOARD_LIMIT = 60
STATUS_LIMIT = 200


class BoardColumn(BaseModel):
    status: str
    name: str
    open: bool
    total: int
    overdue: int
    due_today: int
    due_soon: int
    cases: list[CaseCard]


class BoardPage(BaseModel):
    generated_at: datetime
    status: str | None
    overdue_only: bool
    shown: int
    limit: int
    open_total: int
    overdue_total: int
    due_today_total: int
    columns: list[BoardColumn]


def case_board(
    principal: PrincipalDep,
    core: CoreDep,
    status: Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]+$")] = None,
    overdue: bool = False,
) -> BoardPage:
    """Visible cases by status, soonest deadline first: the soonest `limit` overall (or of one status)."""
    now = utcnow()
    cp = case_principal(principal)
    limit = STATUS_LIMIT if status else BOARD_LIMIT
    shown = list_cases(
        core, cp, CaseFilter(open_only=status is None, status=status, overdue=overdue, limit=limit), now=now
    )
    counts = case_counts(core, cp)
    catalogue = workflow_catalogue(core)
    totals = counts.open_totals(frozenset(s.id for s in catalogue.statuses.values() if s.open))
    columns = []
    for st in sorted(catalogue.statuses.values(), key=lambda s: s.position):
        c = counts.by_status.get(st.id)
        # One status when asked; otherwise the open statuses that hold cases (closed ones are a tab away).
        if (status and st.id != status) or (not status and (not st.open or c is None)):
            continue
        cards = [case_card(s, now) for s in shown if s.header.status == st.id]
        columns.append(
            BoardColumn(
                status=st.id,
                name=st.name,
                open=st.open,
                total=c.total if c else 0,
                overdue=c.overdue if c else 0,
                due_today=c.due_today if c else 0,
                due_soon=c.due_soon if c else 0,
                cases=cards,
            )
        )
    return BoardPage(
        generated_at=now,
        status=status,
        overdue_only=overdue,
        shown=len(shown),
        limit=limit,
        open_total=totals.total,
        overdue_total=totals.overdue,
        due_today_total=totals.due_today,
        columns=columns,
    )


class CasePage(BaseModel):
    case: CaseOut
    evidence: list[ArtefactOut]
    may_manage: bool
    handler_label: str | None
    handler_org_label: str | None
    owner_label: str
    tlp_levels: list[str] = Field(default_factory=list, exclude=True)
    partners: list[Option] = Field(default_factory=list, exclude=True)
    handlers: list[Option] = Field(default_factory=list, exclude=True)


def case_evidence(core: App, case_id: int, number: str) -> list[ArtefactOut]:
    """Artefacts linked to the case (by id, the cases contract; or by number), with their custody logs."""
    service = EvidenceService(core)
    found = {
        a.id: a
        for ref in (str(case_id), number)
        for a in service.artefacts_of(Subject(SubjectType.CASE, ref))
    }
    return [artefact_out(a, service.custody_log(a.id)) for a in sorted(found.values(), key=lambda a: a.id)]


def build_case_page(core: App, principal: Principal, ref: str) -> CasePage:
    """The case as this principal may see it (logged by the cases capability); NotFoundError otherwise."""
    cp = case_principal(principal)
    detail = case_detail(core, cp, ref)
    orgs = organisation_names(core)
    out = case_out(detail, utcnow(), orgs)
    card = out.card
    manage = principal.can("cases.manage") and card.owner_org_id in owner_scope(workflow_catalogue(core), cp)
    return CasePage(
        case=out,
        evidence=case_evidence(core, card.id, card.number),
        may_manage=manage and detail.summary.is_open,
        handler_label=handler_names(core).get(card.handler or "", card.handler),
        handler_org_label=orgs.get(card.handler_org_id or "", card.handler_org_id),
        owner_label=orgs.get(card.owner_org_id, card.owner_org_id),
        tlp_levels=[t.value for t in Tlp],
        partners=options({k: v for k, v in orgs.items() if k != card.owner_org_id}),
        handlers=options(handler_names(core)),
    )


def case_page(principal: PrincipalDep, core: CoreDep, ref: CaseRefPath) -> CasePage:
    """One case; 404 (logged) for a case this user may not see, whether or not it exists."""
    return build_case_page(core, principal, ref)


add_page(router, "/cases", case_board, template="cases/board.html", permission="cases.view", tag="cases")
add_page(router, "/cases/{ref}", case_page, template="cases/case.html", permission="cases.view", tag="cases")
