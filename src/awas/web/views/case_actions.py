"""Case actions: transition, route, share (forms and their JSON twins) and evidence downloads.

Each calls the cases (or evidence) service with the signed-in principal; the service decides and logs
(refusals come back as PermissionDenied → 403 with the reason, invisible cases as 404, a stale
`expected_version` as 409). Evidence is opened only through a case the user may see; any other attempt
is recorded in the custody ledger (`record_access_denied`) and answered 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, StreamingResponse
from pydantic import BaseModel, Field

from awas.access.permissions import Principal, can_access
from awas.app import App
from awas.cases.api import TransitionRequest, route_case, share_case, transition
from awas.cases.queries import case_header
from awas.domain.legal import Track
from awas.domain.orgs import Tlp
from awas.errors import NotFoundError
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.web.case_access import CaseRef, case_principal
from awas.web.deps import CoreDep, CsrfDep, require
from awas.web.rendering import flash
from awas.web.views.cases import CaseRefPath

router = APIRouter()
CasePrincipalDep = Annotated[Principal, Depends(require("cases.view"))]
ManagerDep = Annotated[Principal, Depends(require("cases.manage"))]
ArtefactId = Annotated[int, Path(ge=1, le=2**62)]
NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
Reason = Annotated[str, Field(default="", max_length=2000, pattern=NO_CONTROL)]
FormReason = Annotated[str, Form(max_length=2000, pattern=NO_CONTROL)]


class TransitionIn(BaseModel):
    to_status: str = Field(min_length=1, max_length=32, pattern=r"^[a-z_]+$")
    reason: Reason = ""
    extend: bool = False
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class TransitionDone(BaseModel):
    version: int
    from_status: str | None
    to_status: str


class RouteIn(BaseModel):
    handler: str | None = Field(default=None, max_length=32, pattern=r"^[a-z0-9_-]+$")
    track: Track | None = None
    reason: Reason = ""


class RouteDone(BaseModel):
    number: str
    track: str
    handler: str
    handler_org_id: str | None
    overridden: bool
    version: int


class ShareIn(BaseModel):
    org_id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9.-]+$")
    tlp: Tlp | None = None
    reason: Reason = ""
    revoke: bool = False


class ShareDone(BaseModel):
    org_id: str
    tlp: str
    revoked: bool


def _transition(core: App, principal: Principal, ref: str, body: TransitionIn) -> TransitionDone:
    request = TransitionRequest(body.to_status, body.reason, body.extend, body.expected_version)
    record = transition(core, case_principal(principal), ref, request)
    return TransitionDone(version=record.version, from_status=record.from_status, to_status=record.to_status)


def _route(core: App, principal: Principal, ref: str, body: RouteIn) -> RouteDone:
    track = body.track.value if body.track else None
    d = route_case(
        core, case_principal(principal), ref, handler=body.handler, track=track, reason=body.reason
    )
    return RouteDone(
        number=d.number,
        track=d.track,
        handler=d.handler,
        handler_org_id=d.handler_org_id,
        overridden=d.overridden,
        version=d.version,
    )


def _share(core: App, principal: Principal, ref: str, body: ShareIn) -> ShareDone:
    level = share_case(
        core,
        case_principal(principal),
        ref,
        body.org_id,
        tlp=body.tlp,
        reason=body.reason,
        revoke=body.revoke,
    )
    return ShareDone(org_id=body.org_id, tlp=level, revoked=body.revoke)


@router.post("/api/cases/{ref}/transition", tags=["cases"], dependencies=[CsrfDep])
def transition_api(
    ref: CaseRefPath, body: TransitionIn, principal: CasePrincipalDep, core: CoreDep
) -> TransitionDone:
    """Move the case to `to_status` if the catalogue allows it to this user now (else 403 with the reason)."""
    return _transition(core, principal, ref, body)


@router.post("/api/cases/{ref}/route", tags=["cases"], dependencies=[CsrfDep])
def route_api(ref: CaseRefPath, body: RouteIn, principal: ManagerDep, core: CoreDep) -> RouteDone:
    """Route the case to the competent agency (the catalogue's choice, or an override with a reason)."""
    return _route(core, principal, ref, body)


@router.post("/api/cases/{ref}/share", tags=["cases"], dependencies=[CsrfDep])
def share_api(ref: CaseRefPath, body: ShareIn, principal: ManagerDep, core: CoreDep) -> ShareDone:
    """Share the case with a partner organisation at a TLP level within its clearance (or revoke)."""
    return _share(core, principal, ref, body)


def _back(request: Request, ref: str, key: str, detail: str = "") -> RedirectResponse:
    flash(request, key, detail)
    return RedirectResponse(f"/cases/{ref}", status_code=303)


@router.post("/cases/{ref}/transition", include_in_schema=False, dependencies=[CsrfDep])
def transition_form(
    request: Request,
    ref: CaseRefPath,
    principal: CasePrincipalDep,
    core: CoreDep,
    to_status: Annotated[str, Form(max_length=32, pattern=r"^[a-z_]+$")],
    expected_version: Annotated[int, Form(ge=1, le=2**31 - 1)],
    reason: FormReason = "",
    extend: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    done = _transition(
        core,
        principal,
        ref,
        TransitionIn(to_status=to_status, reason=reason, extend=extend, expected_version=expected_version),
    )
    return _back(request, ref, "case.transitioned", done.to_status)


@router.post("/cases/{ref}/route", include_in_schema=False, dependencies=[CsrfDep])
def route_form(
    request: Request,
    ref: CaseRefPath,
    principal: ManagerDep,
    core: CoreDep,
    handler: Annotated[str, Form(max_length=32, pattern=r"^[a-z0-9_-]*$")] = "",
    track: Annotated[Track | None, Form()] = None,
    reason: FormReason = "",
) -> RedirectResponse:
    done = _route(core, principal, ref, RouteIn(handler=handler or None, track=track, reason=reason))
    return _back(request, ref, "case.routed", done.handler)


@router.post("/cases/{ref}/share", include_in_schema=False, dependencies=[CsrfDep])
def share_form(
    request: Request,
    ref: CaseRefPath,
    principal: ManagerDep,
    core: CoreDep,
    org_id: Annotated[str, Form(max_length=40, pattern=r"^[a-z0-9.-]+$")],
    tlp: Annotated[Tlp | None, Form()] = None,
    reason: FormReason = "",
    revoke: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    done = _share(core, principal, ref, ShareIn(org_id=org_id, tlp=tlp, reason=reason, revoke=revoke))
    return _back(request, ref, "case.share_revoked" if done.revoked else "case.shared", done.org_id)


def _open_evidence(core: App, principal: Principal, ref: str, artefact_id: int) -> StreamingResponse:
    """The artefact's bytes if it belongs to a case this user may see; else logged and NotFoundError."""
    service = EvidenceService(core)
    actor = principal.user.username
    visible = can_access(principal, "case", CaseRef(core, ref))
    header = case_header(core, ref) if visible else None
    linked = header is not None and any(
        a.id == artefact_id
        for key in (str(header.id), header.number)
        for a in service.artefacts_of(Subject(SubjectType.CASE, key))
    )
    if header is None or not linked:
        _deny(service, artefact_id, actor, ref)
        raise NotFoundError(f"artefak {artefact_id} tidak ditemukan pada perkara {ref}")
    artefact = service.artefact(artefact_id)
    stream = service.open_artefact(
        artefact_id, actor=actor, reason=f"dasbor: dibuka dari perkara {header.number}"
    )
    filename = "".join(c if c.isalnum() or c in "._-" else "_" for c in artefact.name)[:100] or "artefak"
    return StreamingResponse(
        stream,
        # Never rendered by the browser: a captured web page may hold script.
        media_type="application/octet-stream",
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "x-awas-sha256": artefact.digest,
        },
    )


def _deny(service: EvidenceService, artefact_id: int, actor: str, ref: str) -> None:
    try:
        service.record_access_denied(
            artefact_id, actor=actor, reason=f"dasbor: bukan bukti perkara {ref} yang dapat diakses"
        )
    except NotFoundError:
        pass  # no such artefact: nothing to record in a ledger of artefacts


@router.get("/cases/{ref}/evidence/{artefact_id}", include_in_schema=False)
def evidence_download(
    ref: CaseRefPath, artefact_id: ArtefactId, principal: CasePrincipalDep, core: CoreDep
) -> StreamingResponse:
    return _open_evidence(core, principal, ref, artefact_id)


@router.get("/api/cases/{ref}/evidence/{artefact_id}", tags=["cases"], response_class=StreamingResponse)
def evidence_download_api(
    ref: CaseRefPath, artefact_id: ArtefactId, principal: CasePrincipalDep, core: CoreDep
) -> StreamingResponse:
    """The evidence copy of an artefact of the case (logged `viewed` in its custody ledger)."""
    return _open_evidence(core, principal, ref, artefact_id)
