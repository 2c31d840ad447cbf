"""A finding: something that may break the law, with how sure we are and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class SubjectType(StrEnum):
    """What a finding is about."""

    POST = "post"
    CLUSTER = "cluster"
    RECAP_UNIT = "recap_unit"
    ENDPOINT = "endpoint"
    URL = "url"


class ReviewStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """Why a finding was raised: a matched text span (start/end offsets) or a named feature."""

    kind: str  # "span" | "feature" | "rule"
    text: str
    start: int | None = None
    end: int | None = None
    weight: float | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    category: str
    score: float
    subject_type: SubjectType
    subject_id: str
    detector: str
    detector_version: str
    evidence: tuple[EvidenceSpan, ...] = ()
    legal_basis: tuple[str, ...] = ()
    handler: str | None = None
    region_code: str | None = None
    election_id: str | None = None
    paslon_id: str | None = None
    created_at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)
