"""Every new incident becomes a temuan of Bawaslu, forwarded through the cases workflow:

1. `open_temuan` (source: the incident's finding; idempotent, so a retried incident reuses it);
2. `route_case`: the catalogue picks the handler by category (defacement and data leaks: the
   police cyber unit; outages and phishing: Komdigi); a Sirekap value changed after final is an
   administrative matter for the KPU running that election (track `administrasi`, with the reason);
3. `share_case` with the site's owner (KPU, Bawaslu office, provincial government) when known.
Refusals are returned as messages for the incident's error list, never raised.
"""

from __future__ import annotations

from datetime import datetime

from awas.app import App
from awas.cases.api import TemuanInput, open_temuan, route_case, share_case, system_principal
from awas.domain.cases import TemuanSource
from awas.errors import AwasError
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.watch.records import Endpoint, Incident, IncidentDraft

SIREKAP_KIND = "sirekap_final_changed"


def open_case(
    app: App, draft: IncidentDraft, incident: Incident, endpoint: Endpoint | None, now: datetime
) -> tuple[int | None, str | None, list[str]]:
    """(case id, case number, problems) for the incident's temuan."""
    problems: list[str] = []
    principal = system_principal(app, "watch")
    region = draft.region_code if draft.region_code in app.reference.regions else None
    election = endpoint.election_id if endpoint is not None else None
    data = TemuanInput(
        source_type=TemuanSource.FINDING,
        source_id=str(incident.finding_id),
        summary=draft.summary[:200],
        description=_description(draft, incident),
        category=draft.category,
        region_code=region,
        election_id=election,
        known_at=now,
    )
    result = open_temuan(app, principal, data, now=now)
    problems += _route(app, principal, result.case_id, draft, endpoint, now)
    if endpoint is not None and endpoint.owner_org:
        problems += _share(app, principal, result.case_id, endpoint, now)
    return result.case_id, result.number, problems


def _description(draft: IncidentDraft, incident: Incident) -> str:
    lines = [draft.summary, f"Insiden pemantauan #{incident.id}, tingkat {draft.severity.label}."]
    lines += [f"{k}: {v}" for k, v in draft.details.items() if isinstance(v, str | int | float)]
    return "\n".join(lines)[:20_000]


def _route(
    app: App, principal: object, case_id: int, draft: IncidentDraft, endpoint: Endpoint | None, now: datetime
) -> list[str]:
    handler = track = None
    reason = ""
    if draft.kind == SIREKAP_KIND:
        kab_level = endpoint is not None and endpoint.region_code and endpoint.region_code.count(".") >= 1
        handler, track = ("kpu_kabkota" if kab_level else "kpu_provinsi"), "administrasi"
        reason = "nilai Sirekap berubah setelah final: pelanggaran administrasi KPU penyelenggara"
    try:
        route_case(app, principal, case_id, handler=handler, track=track, reason=reason, now=now)  # type: ignore[arg-type]
    except AwasError as exc:
        return [f"penerusan perkara gagal: {exc}"]
    return []


def _share(app: App, principal: object, case_id: int, endpoint: Endpoint, now: datetime) -> list[str]:
    org = endpoint.owner_org or ""
    try:
        share_case(app, principal, case_id, org, reason=f"pemilik situs {endpoint.name}", now=now)  # type: ignore[arg-type]
    except AwasError as exc:
        return [f"berbagi perkara dengan {org} gagal: {exc}"]
    return []


def attach_evidence(app: App, case_id: int, incident: Incident, entries: list[dict[str, object]]) -> int:
    """Link the incident's artefacts to the case too (its evidence package then holds them)."""
    ids = [int(a) for e in entries for a in e.get("artefacts", []) or []]  # type: ignore[attr-defined]
    if not ids:
        return 0
    reason = f"bukti insiden pemantauan #{incident.id}"
    return EvidenceService(app).attach_many(
        ids, Subject(SubjectType.CASE, str(case_id)), actor="system:watch", reason=reason
    )
