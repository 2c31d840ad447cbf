"""The verdict on one check: availability (outage after N failures, recovery after M successes),
certificate changes, content integrity against the baseline (debounced), leaks on the page, and
Sirekap values changed after final. Pure: it reads and updates an `EndpointState`, and returns the
check row, the incident drafts and the incident keys to resolve; the cycle writes them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from awas.ingest.pagewatch import text_diff
from awas.watch.baseline import Baseline, evaluate
from awas.watch.certs import judge as judge_cert
from awas.watch.config import WatchSettings
from awas.watch.headers import header_changes, security_headers
from awas.watch.leaks import LeakReport
from awas.watch.records import Endpoint, IncidentDraft, OwnerKind, Severity, Signal, max_severity
from awas.watch.sirekap_watch import changed_after_final
from awas.watch.worker import CheckOutcome

NOT_OUTAGE = frozenset({"robots", "tls"})  # not the site being down: a refusal, or the certificate's incident
CRITICAL_OWNERS = (OwnerKind.SIREKAP,)


@dataclass
class EndpointState:
    status: str = "unknown"
    failures: int = 0
    successes: int = 0
    last_ok_at: Any = None
    cert: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)
    baseline: dict[str, Any] = field(default_factory=dict)
    pending: dict[str, Any] = field(default_factory=dict)
    sirekap: dict[str, Any] = field(default_factory=dict)


@dataclass
class Verdict:
    check: dict[str, Any]
    drafts: list[IncidentDraft] = field(default_factory=list)
    resolve: list[str] = field(default_factory=list)
    page_version: tuple[str, str] | None = None  # (title, masked text) to keep in the page history


def judge(
    outcome: CheckOutcome, state: EndpointState, settings: WatchSettings, snapshot: str | None
) -> Verdict:
    obs, endpoint = outcome.observation, outcome.endpoint
    verdict = Verdict(_check_row(outcome, [outcome.sirekap_error] if outcome.sirekap_error else []))
    _availability(verdict, outcome, state, settings)
    if obs.cert is not None:
        _certificate(verdict, outcome, state, settings)
    if obs.ok:
        current = security_headers(obs.headers, urlsplit(obs.final_url or endpoint.url).scheme == "https")
        current["changes"] = header_changes(state.headers, current) if state.headers else []
        state.headers = current
    if outcome.features is not None:
        _content(verdict, outcome, state, settings)
    if outcome.sirekap is not None:
        _sirekap(verdict, outcome, state, snapshot)
    return verdict


def _check_row(outcome: CheckOutcome, notes: list[str]) -> dict[str, Any]:
    obs = outcome.observation
    return {
        "endpoint_id": obs.endpoint_id,
        "at": obs.at,
        "ok": obs.ok,
        "code": obs.code,
        "reason": obs.reason,
        "http_status": obs.http_status,
        "latency_ms": obs.latency_ms,
        "bytes": None,
        "content_sha256": None,
        "cert_sha256": obs.cert.sha256 if obs.cert else None,
        "signals": list(notes),
    }


def _availability(
    verdict: Verdict, outcome: CheckOutcome, state: EndpointState, settings: WatchSettings
) -> None:
    obs, endpoint = outcome.observation, outcome.endpoint
    if obs.code in NOT_OUTAGE:
        state.status = "tls" if obs.code == "tls" else "blocked"
        return
    if obs.ok:
        state.failures, state.successes, state.last_ok_at = 0, state.successes + 1, obs.at
        if state.status == "down" and state.successes < settings.recover_after:
            return
        if state.status == "down":
            verdict.resolve.append(f"outage:{endpoint.id}")
        slow = (obs.latency_ms or 0) > settings.slow_ms
        state.status = "slow" if slow else "up"
        return
    state.failures, state.successes = state.failures + 1, 0
    if state.failures >= settings.outage_after:
        if state.status != "down":
            verdict.drafts.append(_outage_draft(endpoint, obs.reason, obs.code, state.failures))
        state.status = "down"
    elif state.status != "down":
        state.status = "failing"


def _outage_draft(endpoint: Endpoint, reason: str, code: str, failures: int) -> IncidentDraft:
    severity = Severity.CRITICAL if endpoint.owner_kind in CRITICAL_OWNERS else Severity.HIGH
    if endpoint.owner_kind in (OwnerKind.PASLON, OwnerKind.OTHER):
        severity = Severity.MEDIUM
    summary = (
        f"Tidak dapat diakses: {endpoint.name} ({endpoint.url}); {failures} pemeriksaan gagal "
        f"berturut-turut, terakhir: {reason}"
    )
    return IncidentDraft(
        key=f"outage:{endpoint.id}",
        category="service_outage",
        kind="outage",
        severity=severity,
        subject=endpoint.url,
        summary=summary,
        endpoint_id=endpoint.id,
        region_code=endpoint.region_code,
        source_id=endpoint.url,
        details={"url": endpoint.url, "code": code, "reason": reason, "failures": failures},
    )


def _certificate(
    verdict: Verdict, outcome: CheckOutcome, state: EndpointState, settings: WatchSettings
) -> None:
    obs, endpoint = outcome.observation, outcome.endpoint
    assert obs.cert is not None
    previous = state.cert
    change = judge_cert(previous, obs.cert, settings.cert_renewal_days)
    was_valid = bool((previous.get("current") or {}).get("verified", True))
    state.cert = {"current": obs.cert.as_dict(), "known": change.known}
    if change.signal is not None:
        verdict.drafts.append(_cert_draft(endpoint, change.signal, obs.cert.sha256))
    elif not obs.cert.verified and was_valid and previous:
        verdict.drafts.append(_tls_invalid_draft(endpoint, obs.cert.verify_error))
    if obs.cert.verified:
        verdict.resolve.append(f"tls:{endpoint.id}")


def _cert_draft(endpoint: Endpoint, signal: Signal, sha: str) -> IncidentDraft:
    summary = f"Sertifikat TLS {endpoint.name} berganti: {signal.detail}"
    old, new = signal.data.get("old") or {}, signal.data.get("new") or {}
    files = {
        "sertifikat-sebelum.pem": str(old.get("pem", "")).encode(),
        "sertifikat-sesudah.pem": str(new.get("pem", "")).encode(),
    }
    return IncidentDraft(
        key=f"cert:{endpoint.id}:{sha[:16]}",
        category="defacement",
        kind="certificate_changed",
        severity=signal.severity,
        subject=endpoint.url,
        summary=summary[:2000],
        endpoint_id=endpoint.id,
        region_code=endpoint.region_code,
        source_id=endpoint.url,
        capture_url=endpoint.url,
        details={"url": endpoint.url, "signal": signal.detail},
        observation={"certificate": signal.data},
        files=files,
    )


def _tls_invalid_draft(endpoint: Endpoint, reason: str) -> IncidentDraft:
    return IncidentDraft(
        key=f"tls:{endpoint.id}",
        category="service_outage",
        kind="tls_invalid",
        severity=Severity.HIGH,
        subject=endpoint.url,
        summary=f"Sertifikat TLS {endpoint.name} tidak sah lagi: {reason}",
        endpoint_id=endpoint.id,
        region_code=endpoint.region_code,
        source_id=endpoint.url,
        details={"url": endpoint.url, "reason": reason},
    )


def _content(verdict: Verdict, outcome: CheckOutcome, state: EndpointState, settings: WatchSettings) -> None:
    page, endpoint = outcome.features, outcome.endpoint
    assert page is not None
    baseline = Baseline.from_json(state.baseline)
    before_text = baseline.text
    result = evaluate(
        baseline, page, urlsplit(endpoint.url).hostname or "", settings.learn_checks, settings.relearn_after
    )
    state.baseline = baseline.to_json()
    verdict.check["signals"] += [f"{s.kind}: {s.detail}" for s in result.signals]
    if result.learning and baseline.ready:
        verdict.page_version = (page.title, page.text)
    _debounce_content(verdict, outcome, state, settings, result.signals, before_text)
    if outcome.leak is not None and outcome.leak.is_incident(1):
        verdict.drafts.append(_page_leak_draft(endpoint, outcome.leak))


def _debounce_content(
    verdict: Verdict,
    outcome: CheckOutcome,
    state: EndpointState,
    settings: WatchSettings,
    signals: tuple[Signal, ...],
    before: str,
) -> None:
    endpoint, page = outcome.endpoint, outcome.features
    assert page is not None
    pending = state.pending
    if not signals:
        pending["content"], pending["clean"] = 0, int(pending.get("clean", 0)) + 1
        if pending["clean"] >= settings.recover_after:
            verdict.resolve.append(f"defacement:{endpoint.id}")
        return
    pending["content"], pending["clean"] = int(pending.get("content", 0)) + 1, 0
    if not any(s.strong for s in signals) and pending["content"] < settings.confirm_checks:
        return
    diff = text_diff(before, page.text)[0] if before else ""
    verdict.drafts.append(_defacement_draft(endpoint, signals, diff, page.title))
    verdict.page_version = (page.title, page.text)


def _defacement_draft(
    endpoint: Endpoint, signals: tuple[Signal, ...], diff: str, title: str
) -> IncidentDraft:
    severity = max_severity(*(s.severity for s in signals))
    if (
        endpoint.owner_kind in (OwnerKind.KPU, OwnerKind.BAWASLU, OwnerKind.SIREKAP)
        and severity is Severity.HIGH
    ):
        severity = Severity.CRITICAL
    detail = "; ".join(s.detail for s in signals)
    return IncidentDraft(
        key=f"defacement:{endpoint.id}",
        category="defacement",
        kind="defacement",
        severity=severity,
        subject=endpoint.url,
        summary=f"Dugaan perusakan tampilan {endpoint.name} ({endpoint.url}): {detail}"[:2000],
        endpoint_id=endpoint.id,
        region_code=endpoint.region_code,
        source_id=endpoint.url,
        capture_url=endpoint.url,
        details={
            "url": endpoint.url,
            "signals": [s.kind for s in signals],
            "title": title[:200],
            "detail": detail[:1000],
        },
        files={"perbedaan-teks.diff": diff.encode()} if diff else {},
    )


def _page_leak_draft(endpoint: Endpoint, leak: LeakReport) -> IncidentDraft:
    return IncidentDraft(
        key=f"leak-page:{endpoint.id}:{leak.key(endpoint.url)}",
        category="data_leak",
        kind="page_leak",
        severity=leak.severity,
        subject=endpoint.url,
        endpoint_id=endpoint.id,
        region_code=endpoint.region_code,
        summary=f"Data pribadi pemilih di halaman {endpoint.name}: {leak.describe()}"[:2000],
        source_id=endpoint.url,
        capture_url=endpoint.url,
        details={"url": endpoint.url, "leak": leak.as_dict()},
    )


def _sirekap(verdict: Verdict, outcome: CheckOutcome, state: EndpointState, snapshot: str | None) -> None:
    version, endpoint = outcome.sirekap, outcome.endpoint
    assert version is not None
    previous = state.sirekap
    if previous.get("digest") == version.digest:
        return
    signal = changed_after_final(previous, version) if previous else None
    state.sirekap = {
        "values": version.values,
        "flags": version.flags,
        "digest": version.digest,
        "ts": version.ts,
        "snapshot": snapshot,
        "previous_snapshot": previous.get("snapshot"),
    }
    if signal is None:
        return
    snapshots = {"sebelum": previous.get("snapshot"), "sesudah": snapshot}
    verdict.check["signals"].append(f"{signal.kind}: {signal.detail}")
    verdict.drafts.append(
        IncidentDraft(
            key=f"sirekap:{endpoint.id}:{version.digest[:16]}",
            category="defacement",
            kind="sirekap_final_changed",
            severity=signal.severity,
            subject=endpoint.url,
            endpoint_id=endpoint.id,
            region_code=endpoint.region_code,
            summary=f"Nilai Sirekap berubah setelah final: {endpoint.name}; {signal.detail}"[:2000],
            source_id=endpoint.url,
            capture_url=endpoint.url,
            details={
                "url": endpoint.url,
                "recap_snapshots": snapshots,
                "changes": signal.data["changes"][:50],
            },
            observation={
                "sebelum": {
                    "values": previous.get("values"),
                    "flags": previous.get("flags"),
                    "ts": previous.get("ts"),
                },
                "sesudah": {"values": version.values, "flags": version.flags, "ts": version.ts},
            },
        )
    )


def _json(value: Any) -> bytes:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()


def page_html(title: str, text: str) -> bytes:
    """A minimal page with the same visible text, for intake's page history (PageWatch)."""
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines())
    return f"<html><head><title>{html.escape(title)}</title></head><body>{lines}</body></html>".encode()
