"""Build the files of a URL capture in scratch space: WARC, TLS chain, text, WACZ, browser views.

Nothing here touches the database or the vault; `capture.Capturer` stores what this returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awas.evidence import browser_capture
from awas.evidence.config import EvidenceSettings
from awas.evidence.environment import both_times, capture_host, software_name, tool_versions
from awas.evidence.fetch import Exchange, Fetcher
from awas.evidence.hashing import sha256_bytes, sha256_file
from awas.evidence.records import ArtefactKind, BuiltFile
from awas.evidence.text_extract import extract_text
from awas.evidence.wacz import write_wacz
from awas.evidence.warc import chain_pem, write_warc
from awas.timeutil import utcnow

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class UrlCaptureFiles:
    """What a URL capture produced: the files and the facts for `capture.json`."""

    files: list[BuiltFile] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    final: Exchange | None = None


def build_url_capture(url: str, workdir: Path, settings: EvidenceSettings, browser: bool) -> UrlCaptureFiles:
    """Fetch `url` and build its evidence files in `workdir`; raises CaptureFailed."""
    exchanges = Fetcher(settings, workdir).fetch(url)
    final = exchanges[-1]
    result = UrlCaptureFiles(final=final)
    warc = workdir / "exchange.warc.gz"
    index = write_warc(warc, exchanges, software_name())
    result.files.append(BuiltFile(ArtefactKind.WARC, warc.name, warc, "application/warc"))
    if final.tls is not None:
        result.files.append(_tls_file(workdir, final))
    extracted = extract_text(final.body_file, final.media_type, final.header("Content-Type") or "")
    title = extracted[1] if extracted else ""
    if extracted is not None:
        text = workdir / "text.txt"
        text.write_text(extracted[0], encoding="utf-8")
        result.files.append(BuiltFile(ArtefactKind.TEXT, text.name, text, "text/plain; charset=utf-8"))
    wacz = workdir / "page.wacz"
    write_wacz(wacz, warc, index, final.url, title, final.started_at, software_name())
    result.files.append(BuiltFile(ArtefactKind.WACZ, wacz.name, wacz, "application/wacz"))
    result.facts = _facts(url, exchanges, title)
    if browser:
        _add_browser_views(result, workdir, settings)
    return result


def _tls_file(workdir: Path, final: Exchange) -> BuiltFile:
    assert final.tls is not None
    path = workdir / "tls-chain.pem"
    path.write_bytes(chain_pem(final.tls))
    return BuiltFile(ArtefactKind.TLS_CHAIN, path.name, path, "application/x-pem-file")


def _add_browser_views(result: UrlCaptureFiles, workdir: Path, settings: EvidenceSettings) -> None:
    final = result.final
    assert final is not None
    if final.media_type not in HTML_TYPES:
        result.facts["browser"] = {
            "used": False,
            "note": f"tidak dirender: konten {final.media_type or '?'} bukan HTML",
        }
        return
    rendering = browser_capture.render(final.url, workdir, settings)
    result.files.append(
        BuiltFile(ArtefactKind.SCREENSHOT, "screenshot.png", rendering.screenshot, "image/png")
    )
    result.files.append(BuiltFile(ArtefactKind.PDF, "page.pdf", rendering.pdf, "application/pdf"))
    result.facts["browser"] = {"used": True, "chromium": rendering.browser_version, "title": rendering.title}
    result.facts["tools"]["chromium"] = rendering.browser_version


def _facts(url: str, exchanges: list[Exchange], title: str) -> dict[str, Any]:
    final = exchanges[-1]
    return {
        "source": {
            "kind": "url",
            "url": url,
            "final_url": final.url,
            "redirects": [e.url for e in exchanges[:-1]],
        },
        "http": {
            "status": final.status,
            "media_type": final.media_type,
            "content_length": final.body_file.stat().st_size,
            "body_digest": sha256_file(final.body_file)[0],
            "peer_ip": final.peer_ip,
            "title": title,
            "tls": _tls_facts(final),
        },
        "capture_host": capture_host(final.local_ip),
        "fetched_at": both_times(final.started_at),
        "finished_at": both_times(utcnow()),
        "tools": dict(tool_versions()),
        "browser": {"used": False},
    }


def _tls_facts(final: Exchange) -> dict[str, Any] | None:
    if final.tls is None:
        return None
    return {
        "version": final.tls.version,
        "cipher": final.tls.cipher,
        "verified": final.tls.verified,
        "chain_sha256": [sha256_bytes(der) for der in final.tls.chain_der],
    }
