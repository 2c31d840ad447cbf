"""Typed records of the watch: endpoints, observations of one check, signals, incidents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class EndpointKind(StrEnum):
    SITE = "site"  # an HTML page: availability, TLS, headers, content integrity
    SIREKAP_JSON = "sirekap_json"  # a Sirekap JSON endpoint: also values changed after final


class OwnerKind(StrEnum):
    KPU = "kpu"
    BAWASLU = "bawaslu"
    SIREKAP = "sirekap"
    PASLON = "paslon"
    PEMDA = "pemda"
    OTHER = "lainnya"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def score(self) -> float:
        """The finding score recorded for an incident of this severity."""
        return {"low": 0.4, "medium": 0.6, "high": 0.8, "critical": 0.95}[self.value]

    @property
    def label(self) -> str:
        return {"low": "rendah", "medium": "sedang", "high": "tinggi", "critical": "kritis"}[self.value]


SEVERITY_ORDER = (Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


def max_severity(*levels: Severity) -> Severity:
    return max(levels, key=SEVERITY_ORDER.index)


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    id: int
    url: str
    kind: EndpointKind
    name: str
    owner_kind: OwnerKind
    owner_org: str | None = None
    region_code: str | None = None
    paslon_id: str | None = None
    election_id: str | None = None
    source: str = ""
    status: str = "unverified"
    active: bool = True


@dataclass(frozen=True, slots=True)
class CertFacts:
    """The certificate a host presented (leaf), and whether it verified."""

    sha256: str
    issuer: str
    subject: str
    not_before: str  # ISO 8601 UTC
    not_after: str
    sans: tuple[str, ...]
    verified: bool
    verify_error: str = ""
    pem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "issuer": self.issuer,
            "subject": self.subject,
            "not_before": self.not_before,
            "not_after": self.not_after,
            "sans": list(self.sans),
            "verified": self.verified,
            "verify_error": self.verify_error,
            "pem": self.pem,
        }


@dataclass(frozen=True, slots=True)
class Observation:
    """What one check of one endpoint saw: a response (ok) or a failure with its code and reason."""

    endpoint_id: int
    at: datetime
    ok: bool
    code: str  # "ok" or a failure code (timeout, refused, dns, http_status, too_large, redirects, tls...)
    reason: str = ""
    http_status: int | None = None
    latency_ms: int | None = None
    body: bytes = b""
    content_type: str = ""
    final_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    cert: CertFacts | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    """One anomaly a check found (`kind`), how strong, and what shows it (masked text only)."""

    kind: str
    severity: Severity
    detail: str
    strong: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentDraft:
    """An incident to raise: `key` identifies it while open (a second draft with the same key only
    adds a sighting)."""

    key: str
    category: str  # defacement | service_outage | data_leak | phishing
    kind: str
    severity: Severity
    subject: str
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    endpoint_id: int | None = None
    region_code: str | None = None
    source_type: str = "endpoint"  # endpoint | post | domain
    source_id: str = ""
    capture_url: str | None = None
    post_pk: int | None = None
    observation: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    id: int
    key: str
    category: str
    kind: str
    severity: Severity
    endpoint_id: int | None
    subject: str
    status: str
    opened_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None
    sightings: int
    summary: str
    details: dict[str, Any]
    region_code: str | None
    finding_id: int | None
    case_id: int | None
    case_number: str | None
    evidence: list[dict[str, Any]]
    errors: list[str]
