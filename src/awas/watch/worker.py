"""One check of one endpoint, in a worker thread, without the database: fetch, then the features
the judge needs (page features and leaks for sites, the published values for Sirekap JSON). Page
text leaves this module masked; response bodies are dropped except a Sirekap record's (small).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from awas.timeutil import utcnow
from awas.watch.certs import cert_facts, unverified_cert
from awas.watch.config import WatchSettings
from awas.watch.content import PageFeatures, page_features, table_text
from awas.watch.fetching import ProbeFailure, WatchFetcher
from awas.watch.leaks import HIDDEN_ROW, LeakReport, masked_text, merge, scan_text
from awas.watch.markers import MarkerSet
from awas.watch.records import CertFacts, Endpoint, EndpointKind, Observation
from awas.watch.sirekap_watch import SirekapVersion, read_version

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
STATUS_IN_REASON = re.compile(r"HTTP (\d{3})")


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    endpoint: Endpoint
    observation: Observation
    features: PageFeatures | None = None
    leak: LeakReport | None = None
    sirekap: SirekapVersion | None = None
    sirekap_error: str = ""
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class CheckContext:
    fetcher: WatchFetcher
    settings: WatchSettings
    markers: MarkerSet
    kecamatan: frozenset[str]


def check_endpoint(endpoint: Endpoint, ctx: CheckContext) -> CheckOutcome:
    """Never raises: an unexpected error is a failed check with its reason."""
    try:
        observation = observe(endpoint, ctx)
        return analyse(endpoint, observation, ctx)
    except Exception as exc:  # noqa: BLE001 - one broken endpoint must not stop the cycle
        reason = f"kesalahan tak terduga: {type(exc).__name__}: {str(exc)[:200]}"
        return CheckOutcome(endpoint, Observation(endpoint.id, utcnow(), False, "error", reason))


def observe(endpoint: Endpoint, ctx: CheckContext) -> Observation:
    at = utcnow()
    try:
        probed = ctx.fetcher.probe(endpoint.url)
    except ProbeFailure as exc:
        status = STATUS_IN_REASON.search(exc.reason)
        cert = _invalid_cert(endpoint.url, exc.reason, ctx) if exc.code == "tls" else None
        http_status = int(status.group(1)) if status and exc.code == "http_status" else None
        return Observation(endpoint.id, at, False, exc.code, exc.reason[:500], http_status, cert=cert)
    fetched = probed.fetched
    cert = cert_facts(probed.cert_der, True) if probed.cert_der else None
    return Observation(
        endpoint.id,
        at,
        True,
        "ok",
        "",
        fetched.status,
        probed.latency_ms,
        fetched.body,
        fetched.content_type,
        fetched.url,
        fetched.headers,
        cert,
    )


def _invalid_cert(url: str, reason: str, ctx: CheckContext) -> CertFacts | None:
    parts = urlsplit(url)
    der = unverified_cert(parts.hostname or "", parts.port or 443, ctx.settings.timeout_s)
    return cert_facts(der, False, reason) if der else None


def analyse(endpoint: Endpoint, observation: Observation, ctx: CheckContext) -> CheckOutcome:
    body = observation.body
    slim = dataclasses.replace(observation, body=b"")
    if not observation.ok:
        return CheckOutcome(endpoint, slim)
    if endpoint.kind is EndpointKind.SIREKAP_JSON:
        try:
            return CheckOutcome(endpoint, slim, sirekap=read_version(body), body=body)
        except (ValueError, UnicodeDecodeError) as exc:
            return CheckOutcome(
                endpoint, slim, sirekap_error=f"JSON Sirekap tidak dapat dibaca: {str(exc)[:200]}"
            )
    if observation.content_type not in HTML_TYPES and not observation.content_type.startswith("text/"):
        return CheckOutcome(endpoint, slim)
    page = page_features(
        body, observation.final_url or endpoint.url, ctx.markers, ctx.settings.max_text_chars
    )
    tables = table_text(body)
    leak = merge([scan_text(page.text, ctx.kecamatan), scan_text(tables, ctx.kecamatan)])
    if leak.numbers:
        text = hide_table_cells(page.text, tables) if leak.table_rows else page.text
        page = dataclasses.replace(page, text=masked_text(text, leak, ctx.kecamatan))
    return CheckOutcome(endpoint, slim, features=page, leak=leak)


def hide_table_cells(text: str, tables: str) -> str:
    """Page text with the lines that are table cells (names, addresses of a DPT table) hidden."""
    cells = {cell for row in tables.splitlines() for cell in row.split("\t") if cell}
    out: list[str] = []
    for line in text.splitlines():
        shown = HIDDEN_ROW if line in cells else line
        if not (shown == HIDDEN_ROW and out and out[-1] == HIDDEN_ROW):
            out.append(shown)
    return "\n".join(out)
