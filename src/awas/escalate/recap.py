"""A recap finding turned into a temuan (issue 3's "a recap finding can be turned into a temuan").

The temuan takes the finding's description (`awas.recap.describe.describe_recap_finding`): title,
description (with the C.Hasil photo links), the wilayah of the unit and the election; vote counting
is an administrative matter (`administrasi` track, routed to the KPU of the election). The
statistical F-rules only rank units for review and are refused with that reason: a screening
result is not an alleged violation.
"""

from __future__ import annotations

from awas.app import App
from awas.cases.access import Principal
from awas.cases.api import TemuanInput, open_temuan
from awas.domain.cases import TemuanSource
from awas.domain.legal import Track
from awas.errors import InputError, InputProblem
from awas.escalate.records import Escalation
from awas.evidence.post_batch import PostCaptures
from awas.recap import queries
from awas.recap.describe import describe_recap_finding
from awas.recap.model import RecapFindingSummary

MAX_PHOTOS = 20


def open_case_from_recap_finding(app: App, principal: Principal, finding_id: int) -> Escalation:
    """Open (or find) the temuan for a stored recap finding.

    Raises NotFoundError for an unknown finding, InputError for a statistical screening finding
    (F-rules, with the reason), PermissionDenied or InputError as `open_temuan`.
    """
    summary = describe_recap_finding(app, finding_id)
    if not summary.actionable:
        raise InputError(_screening_refusal(summary))
    first_seen = queries.get_finding(app, finding_id).first_seen_at
    election = summary.election_id if summary.election_id in app.reference.elections else None
    data = TemuanInput(
        source_type=TemuanSource.RECAP_ANOMALY,
        source_id=str(finding_id),
        summary=summary.title[:200],
        description=_description(summary),
        track=Track.ADMINISTRASI,
        election_id=election,
        region_code=summary.region_code,
        known_at=first_seen,
    )
    case = open_temuan(app, principal, data)
    return Escalation(f"{TemuanSource.RECAP_ANOMALY.value}:{finding_id}", case, PostCaptures())


def _screening_refusal(summary: RecapFindingSummary) -> InputProblem:
    reason = (
        f"aturan {summary.rule} ({summary.rule_name}) adalah skrining statistik: hanya mengurutkan "
        "wilayah untuk diperiksa, bukan dugaan pelanggaran; periksa wilayah itu dan buka temuan dari "
        "temuan aturan C, X atau D yang menyertainya"
    )
    return InputProblem(f"temuan rekap {summary.finding_id}", reason, field="rule")


def _description(summary: RecapFindingSummary) -> str:
    photos = [f"Foto C.Hasil: {url}" for url in summary.photo_urls[:MAX_PHOTOS]]
    return "\n".join([summary.description, *photos])
