"""Plain, JSON-ready views of the watch's records for the CLI, the web board and exports. Only
masked material ever reaches these records, so every output built from them is masked too."""

from __future__ import annotations

from typing import Any

from awas.watch.cycle import CycleReport
from awas.watch.posts_scan import ScanReport
from awas.watch.records import Endpoint, Incident
from awas.watch.status import EndpointStatus

STATUS_LABELS = {
    "up": "normal",
    "slow": "lambat",
    "failing": "gagal (belum dipastikan)",
    "down": "tidak dapat diakses",
    "tls": "TLS bermasalah",
    "blocked": "dilarang robots.txt",
    "unknown": "belum diperiksa",
    "nonaktif": "nonaktif",
}
CATEGORY_LABELS = {
    "defacement": "perusakan tampilan / integritas",
    "service_outage": "gangguan layanan",
    "data_leak": "kebocoran data pemilih",
    "phishing": "domain tiruan / phishing",
}


def endpoint_dict(e: Endpoint) -> dict[str, Any]:
    return {
        "id": e.id,
        "url": e.url,
        "kind": e.kind.value,
        "name": e.name,
        "owner_kind": e.owner_kind.value,
        "owner_org": e.owner_org,
        "region_code": e.region_code,
        "paslon_id": e.paslon_id,
        "election_id": e.election_id,
        "source": e.source,
        "status": e.status,
        "active": e.active,
    }


def incident_dict(i: Incident) -> dict[str, Any]:
    return {
        "id": i.id,
        "category": i.category,
        "category_label": CATEGORY_LABELS.get(i.category, i.category),
        "kind": i.kind,
        "severity": i.severity.value,
        "severity_label": i.severity.label,
        "status": i.status,
        "subject": i.subject,
        "summary": i.summary,
        "endpoint_id": i.endpoint_id,
        "region_code": i.region_code,
        "opened_at": i.opened_at,
        "last_seen_at": i.last_seen_at,
        "resolved_at": i.resolved_at,
        "sightings": i.sightings,
        "finding_id": i.finding_id,
        "case_id": i.case_id,
        "case_number": i.case_number,
        "evidence": i.evidence,
        "errors": i.errors,
        "details": i.details,
    }


def status_dict(s: EndpointStatus) -> dict[str, Any]:
    return {
        "endpoint": endpoint_dict(s.endpoint),
        "status": s.status,
        "status_label": STATUS_LABELS.get(s.status, s.status),
        "last_check_at": s.last_check_at,
        "last_code": s.last_code,
        "last_reason": s.last_reason,
        "latency_ms": s.latency_ms,
        "availability_24h": s.availability_24h,
        "availability_7d": s.availability_7d,
        "mean_latency_ms": s.mean_latency_ms,
        "checks_7d": s.checks_7d,
        "certificate": {
            "issuer": s.cert_issuer,
            "expires_in_days": s.cert_expires_in_days,
            "verified": s.cert_verified,
        },
        "headers": {"score": s.headers_score, "missing": list(s.headers_missing)},
        "baseline": s.baseline,
        "open_incidents": s.open_incidents,
        "incidents": [incident_dict(i) for i in s.incidents],
    }


def cycle_dict(r: CycleReport) -> dict[str, Any]:
    return {
        "started_at": r.started_at,
        "finished_at": r.finished_at,
        "seconds": round(r.seconds, 3),
        "endpoints": r.endpoints,
        "ok": r.ok,
        "failed": r.failed,
        "codes": r.codes,
        "incidents_opened": r.opened,
        "incidents_resolved": r.resolved,
        "busy": r.busy,
    }


def scan_dict(r: ScanReport) -> dict[str, Any]:
    return {
        "posts": r.posts,
        "leak_posts": r.leak_posts,
        "masked_posts": r.masked_posts,
        "lookalikes": r.lookalikes,
        "incidents_opened": r.opened,
        "last_post_id": r.last_id,
    }
