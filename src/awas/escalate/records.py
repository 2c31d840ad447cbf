"""What an escalation did: the case (new or already open) and the evidence captured for it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from awas.app import App
from awas.cases.access import Principal
from awas.cases.records import IntakeResult
from awas.evidence.post_batch import PostCaptures
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService

Advance = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Escalation:
    """`case.merged` is True when the source had been opened as a case before (nothing new opened)."""

    source: str  # "coord_cluster:<id>", "finding:<id>", "recap_anomaly:<id>"
    case: IntakeResult
    evidence: PostCaptures


def capture_for_case(
    app: App,
    principal: Principal,
    case: IntakeResult,
    post_pks: Sequence[int],
    reason: str,
    advance: Advance | None = None,
) -> PostCaptures:
    """Capture the posts as evidence of the case (each once), as the principal who opened it."""
    if not post_pks:
        return PostCaptures()
    return EvidenceService(app).capture_posts(
        post_pks,
        actor=principal.username,
        reason=reason,
        subject=Subject(SubjectType.CASE, str(case.case_id)),
        advance=advance,
    )
