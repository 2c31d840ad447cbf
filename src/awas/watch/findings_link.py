"""Each incident is also a row of the foundation `findings` table (category, score from severity,
legal basis and handler from the legal catalogue), so the overview, the risk index, the weekly
report and `open_temuan_from_finding` see it like any other finding.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from awas.app import App
from awas.domain.findings import EvidenceSpan, SubjectType
from awas.store.tables import findings
from awas.watch.records import Incident, IncidentDraft

DETECTOR = "watch"
DETECTOR_VERSION = "1"


def subject_of(draft: IncidentDraft, incident: Incident) -> tuple[SubjectType, str]:
    """Posts are their `<platform>:<post_id>`; endpoints get the incident number (an endpoint may
    have several incidents of one category over time); look-alike domains their domain."""
    if draft.source_type == "post":
        return SubjectType.POST, draft.source_id
    if draft.source_type == "domain":
        return SubjectType.URL, draft.subject
    return SubjectType.ENDPOINT, f"{draft.subject} #{incident.id}"[:256]


def record_finding(app: App, draft: IncidentDraft, incident: Incident) -> int:
    """Insert the finding of `incident` (or find it, when a retry already did); its id."""
    subject_type, subject_id = subject_of(draft, incident)
    category = app.reference.categories.get(draft.category)
    key = (
        findings.c.subject_type == subject_type.value,
        findings.c.subject_id == subject_id,
        findings.c.category == draft.category,
        findings.c.detector == DETECTOR,
    )
    with app.db.transaction() as conn:
        found = conn.execute(sa.select(findings.c.id).where(*key)).scalar_one_or_none()
        if found is not None:
            return int(found)
        row = _row(draft, incident, subject_type, subject_id)
        if category is not None:
            row |= {"legal_basis": list(category.legal_basis), "handler": category.handler}
        return int(conn.execute(findings.insert().values(**row).returning(findings.c.id)).scalar_one())


def _row(
    draft: IncidentDraft, incident: Incident, subject_type: SubjectType, subject_id: str
) -> dict[str, Any]:
    evidence = EvidenceSpan(kind="feature", text=draft.kind, detail=draft.summary[:500])
    return {
        "subject_type": subject_type.value,
        "subject_id": subject_id,
        "post_pk": draft.post_pk,
        "category": draft.category,
        "score": draft.severity.score,
        "detector": DETECTOR,
        "detector_version": DETECTOR_VERSION,
        "evidence": [{k: getattr(evidence, k) for k in evidence.__slots__}],
        "legal_basis": [],
        "handler": None,
        "region_code": draft.region_code,
        "election_id": None,
        "paslon_id": None,
        "details": {
            "incident_id": incident.id,
            "kind": draft.kind,
            "severity": draft.severity.value,
            "summary": draft.summary[:500],
        },
        "created_at": incident.opened_at,
    }
