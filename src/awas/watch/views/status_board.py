"""The watch's status board (`/watch`, JSON twin `/api/watch`): every watched endpoint with its state,
availability, latency, certificate and security headers, and the incident history (masked)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from awas.access.permissions import TASK_FORCE_READERS, register_permission
from awas.timeutil import utcnow
from awas.watch.describe import CATEGORY_LABELS, STATUS_LABELS
from awas.watch.records import Incident
from awas.watch.service import WatchService
from awas.watch.status import EndpointStatus
from awas.web.deps import CoreDep
from awas.web.pages import add_page

PERMISSION = "watch.view"
register_permission(PERMISSION, TASK_FORCE_READERS)
router = APIRouter()


class IncidentOut(BaseModel):
    id: int
    category: str
    category_label: str
    kind: str
    severity: str
    severity_label: str
    status: str
    subject: str
    summary: str
    opened_at: datetime
    resolved_at: datetime | None
    sightings: int
    case_number: str | None


class EndpointOut(BaseModel):
    id: int
    name: str
    url: str
    kind: str
    owner_kind: str
    provenance: str
    active: bool
    status: str
    status_label: str
    last_check_at: datetime | None
    last_reason: str | None
    availability_24h: float | None
    availability_7d: float | None
    mean_latency_ms: int | None
    cert_issuer: str | None
    cert_expires_in_days: int | None
    cert_verified: bool | None
    headers_score: int | None
    headers_missing: list[str]
    baseline: str
    open_incidents: int
    incidents: list[IncidentOut]


class WatchBoardPage(BaseModel):
    generated_at: datetime
    endpoints: list[EndpointOut]
    open_incidents: list[IncidentOut]
    counts: dict[str, int]


def _incident(i: Incident) -> IncidentOut:
    return IncidentOut(
        id=i.id,
        category=i.category,
        category_label=CATEGORY_LABELS.get(i.category, i.category),
        kind=i.kind,
        severity=i.severity.value,
        severity_label=i.severity.label,
        status=i.status,
        subject=i.subject,
        summary=i.summary,
        opened_at=i.opened_at,
        resolved_at=i.resolved_at,
        sightings=i.sightings,
        case_number=i.case_number,
    )


def _endpoint(s: EndpointStatus) -> EndpointOut:
    e = s.endpoint
    return EndpointOut(
        id=e.id,
        name=e.name,
        url=e.url,
        kind=e.kind.value,
        owner_kind=e.owner_kind.value,
        provenance=e.status,
        active=e.active,
        status=s.status,
        status_label=STATUS_LABELS.get(s.status, s.status),
        last_check_at=s.last_check_at,
        last_reason=s.last_reason,
        availability_24h=s.availability_24h,
        availability_7d=s.availability_7d,
        mean_latency_ms=s.mean_latency_ms,
        cert_issuer=s.cert_issuer,
        cert_expires_in_days=s.cert_expires_in_days,
        cert_verified=s.cert_verified,
        headers_score=s.headers_score,
        headers_missing=list(s.headers_missing),
        baseline=s.baseline,
        open_incidents=s.open_incidents,
        incidents=[_incident(i) for i in s.incidents],
    )


def watch_board(core: CoreDep) -> WatchBoardPage:
    svc = WatchService(core)
    open_now = svc.incidents(status="open", limit=500)
    counts: dict[str, int] = {}
    for incident in open_now:
        counts[incident.category] = counts.get(incident.category, 0) + 1
    return WatchBoardPage(
        generated_at=utcnow(),
        endpoints=[_endpoint(s) for s in svc.board()],
        open_incidents=[_incident(i) for i in open_now],
        counts=counts,
    )


add_page(router, "/watch", watch_board, template="watch/board.html", permission=PERMISSION, tag="watch")
