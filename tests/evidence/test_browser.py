"""Browser capture with Debian's headless Chromium (marker `browser`)."""

from __future__ import annotations

import time

import pytest

from awas.evidence.capture import Capturer
from tests.evidence.servers import Server, send, serve

pytestmark = pytest.mark.browser


def _never_loads(handler: object) -> None:
    """Headers and a page whose image never arrives, so the load event never fires."""
    send(handler, 200, b"<html><body><p>menunggu</p><img src='/stall'></body></html>")  # type: ignore[arg-type]


def _stall(handler: object) -> None:
    h = handler
    h.send_response(200)  # type: ignore[attr-defined]
    h.send_header("Content-Type", "image/png")  # type: ignore[attr-defined]
    h.send_header("Content-Length", "100000")  # type: ignore[attr-defined]
    h.end_headers()  # type: ignore[attr-defined]
    time.sleep(20)


def test_a_page_gets_a_full_page_screenshot_and_pdf(capturer: Capturer, tls_web: Server) -> None:
    capture = capturer.capture_url(tls_web.base + "/page", actor="analis", browser=True)
    assert capture.stored, capture.failure_reason
    files = {a.name: capturer.vault.open(a.digest).read() for a in capture.artefacts}
    assert files["screenshot.png"].startswith(b"\x89PNG") and files["page.pdf"].startswith(b"%PDF")
    assert capture.metadata["browser"]["used"] and "Chromium" in capture.metadata["browser"]["chromium"]
    assert capture.metadata["browser"]["title"] == "Kampanye di Masjid"


def test_a_page_that_never_finishes_loading_fails_and_stores_nothing(capturer: Capturer) -> None:
    settings = capturer.settings.model_copy(update={"browser_timeout_s": 3.0})
    slow = Capturer(capturer.app, settings)
    with serve({"/": _never_loads, "/stall": _stall}) as server:  # type: ignore[dict-item]
        capture = slow.capture_url(server.base + "/", actor="analis", browser=True)
    assert (capture.status, capture.failure_code) == ("failed", "browser_timeout")
    assert capture.artefacts == ()


def test_non_html_content_is_not_rendered(capturer: Capturer) -> None:
    with serve({"/data.json": lambda h: send(h, 200, b'{"a": 1}', "application/json")}) as server:
        capture = capturer.capture_url(server.base + "/data.json", actor="analis", browser=True)
    assert capture.stored and not capture.metadata["browser"]["used"]
