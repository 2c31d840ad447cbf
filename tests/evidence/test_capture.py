"""Capturing URLs and posts against real loopback servers, including hostile and broken ones."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from warcio.archiveiterator import ArchiveIterator

from awas.app import App
from awas.evidence.capture import Capturer
from awas.evidence.config import EvidenceSettings
from awas.evidence.records import Capture, Subject
from awas.evidence.tables import evidence_artefacts, evidence_captures, evidence_ledger
from awas.store.tables import posts
from tests.evidence.conftest import PAGE
from tests.evidence.servers import Server, TestCA, endless, send, send_chunked, serve, tls_context


def _files(capturer: Capturer, capture: Capture) -> dict[str, bytes]:
    return {a.name: capturer.vault.open(a.digest).read() for a in capture.artefacts}


def _counts(app: App) -> tuple[int, int]:
    with app.db.read() as conn:
        arte = conn.execute(sa.select(sa.func.count()).select_from(evidence_artefacts)).scalar_one()
        entries = conn.execute(sa.select(sa.func.count()).select_from(evidence_ledger)).scalar_one()
    return arte, entries


def test_an_https_page_is_kept_as_warc_with_tls_chain_and_peer(
    capturer: Capturer, tls_web: Server, test_ca: TestCA
) -> None:
    capture = capturer.capture_url(tls_web.base + "/moved", actor="analis", reason="bukti")
    assert capture.stored and capture.http_status == 200 and capture.final_url == tls_web.base + "/page"
    files = _files(capturer, capture)
    assert set(files) == {"exchange.warc.gz", "tls-chain.pem", "text.txt", "page.wacz", "capture.json"}
    records = [
        (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(files["exchange.warc.gz"]))
    ]
    kinds = [r[0] for r in records]
    assert kinds == ["warcinfo", "response", "request", "metadata", "response", "request", "metadata"]
    _, warc_headers, http_headers, body = records[4]
    assert warc_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert http_headers.get_statuscode() == "200" and body == PAGE
    assert records[5][2].protocol == "GET" and records[5][2].get_header("Host") == tls_web.base.split("//")[1]
    assert b"tls-version: TLSv1" in records[6][3] and b"BEGIN CERTIFICATE" in records[6][3]
    assert test_ca.pem().strip() in files["tls-chain.pem"]  # the chain ends at our CA
    assert files["text.txt"].decode() == "Paslon 02 berkampanye\nAjakan memilih di tempat ibadah."
    meta = json.loads(files["capture.json"])
    assert meta["captured_by"] == "analis" and meta["http"]["tls"]["version"].startswith("TLS")
    assert meta["started_at"]["wib"].endswith("+07:00") and meta["capture_host"]["ip"] == "127.0.0.1"
    assert {"awas", "warcio", "openssl"} <= set(meta["tools"])


def test_the_wacz_is_a_valid_package(capturer: Capturer, web: Server) -> None:
    capture = capturer.capture_url(web.base + "/page", actor="analis")
    wacz = _files(capturer, capture)["page.wacz"]
    path = capturer.vault.scratch / "t.wacz"
    path.write_bytes(wacz)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        package = json.loads(zf.read("datapackage.json"))
        digest = json.loads(zf.read("datapackage-digest.json"))
        for resource in package["resources"]:
            data = zf.read(resource["path"])
            assert "sha256:" + __import__("hashlib").sha256(data).hexdigest() == resource["hash"]
        cdx = zf.read("indexes/index.cdx").decode()
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
    assert names == {
        "archive/data.warc.gz",
        "indexes/index.cdx",
        "pages/pages.jsonl",
        "datapackage.json",
        "datapackage-digest.json",
    }
    assert (
        digest["hash"]
        == "sha256:"
        + __import__("hashlib").sha256(zipfile.ZipFile(path).read("datapackage.json")).hexdigest()
    )
    assert cdx.startswith("127.0.0.1:") and '"status": "200"' in cdx and package["wacz_version"] == "1.1.1"
    path.unlink()


def test_vault_copies_are_read_only_and_named_by_content(capturer: Capturer, web: Server) -> None:
    capture = capturer.capture_url(web.base + "/page", actor="analis")
    for artefact in capture.artefacts:
        path = capturer.vault.storage.path_of(artefact.digest)  # type: ignore[attr-defined]
        assert path.name == artefact.digest.removeprefix("sha256:") and path.stat().st_mode & 0o777 == 0o444


def test_a_capture_for_a_subject_is_linked_and_ledgered(app: App, capturer: Capturer, web: Server) -> None:
    capture = capturer.capture_url(web.base + "/page", actor="analis", subject=Subject.parse("finding:12"))
    with app.db.read() as conn:
        actions = (
            conn.execute(sa.select(evidence_ledger.c.action).order_by(evidence_ledger.c.seq)).scalars().all()
        )
    assert actions == ["captured"] * len(capture.artefacts) + ["attached"] * len(capture.artefacts)


def test_chunked_and_badly_encoded_pages_are_captured(capturer: Capturer) -> None:
    latin = "<html><body><p>Kab. Muaro Jambi: caf\xe9</p></body></html>".encode("latin-1")
    routes = {
        "/chunked": lambda h: send_chunked(
            h, [b"<html><body><p>bagian satu ", b"bagian dua</p></body></html>"]
        ),
        "/latin": lambda h: send(h, 200, latin, "text/html; charset=iso-8859-1"),
        "/garbage": lambda h: send(
            h, 200, b"<p>\xff\xfe\x00 rusak \xc3\x28</p>", "text/html; charset=klingon"
        ),
    }
    with serve(routes) as server:  # type: ignore[arg-type]
        chunked, latin_cap, garbage = (capturer.capture_url(server.base + p, actor="a") for p in routes)
    assert _files(capturer, chunked)["text.txt"] == b"bagian satu bagian dua"
    assert "café" in _files(capturer, latin_cap)["text.txt"].decode()
    assert garbage.stored and "rusak" in _files(capturer, garbage)["text.txt"].decode()


def test_non_html_content_is_kept_without_text(capturer: Capturer) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
    with serve({"/img": lambda h: send(h, 200, png, "image/png")}) as server:  # type: ignore[arg-type]
        capture = capturer.capture_url(server.base + "/img", actor="a")
    assert capture.stored and capture.media_type == "image/png"
    assert {a.name for a in capture.artefacts} == {"exchange.warc.gz", "page.wacz", "capture.json"}


def test_a_404_page_is_evidence_too(capturer: Capturer, web: Server) -> None:
    capture = capturer.capture_url(web.base + "/hilang", actor="a")
    assert capture.stored and capture.http_status == 404


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server that accepts connections and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for s in held:
        s.close()
    listener.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://127.0.0.1/x", "invalid_url"),
        ("http:///tanpa-host", "invalid_url"),
        ("http://127.0.0.1:99999/", "invalid_url"),
        ("http://tidak-ada.invalid/", "unreachable"),
    ],
)
def test_bad_urls_fail_with_a_reason(app: App, capturer: Capturer, url: str, code: str) -> None:
    capture = capturer.capture_url(url, actor="a")
    assert not capture.stored and capture.failure_code == code and capture.failure_reason
    assert _counts(app) == (0, 0)


def test_failures_of_hostile_servers_are_recorded_and_nothing_is_stored(
    app: App, evidence_settings: EvidenceSettings, silent_port: int, test_ca: TestCA, tmp_path: Path
) -> None:
    settings = evidence_settings.model_copy(update={"max_bytes": 1024 * 1024, "timeout_s": 1.0})
    capturer = Capturer(app, settings)
    routes = {
        "/loop": lambda h: send(h, 302, b"", headers={"Location": "/loop"}),
        "/endless": endless,
        "/truncated": lambda h: (
            h.send_response(200),
            h.send_header("Content-Length", "1000"),
            h.end_headers(),
            h.wfile.write(b"terlalu pendek"),
            h.wfile.flush(),
            h.connection.shutdown(socket.SHUT_RDWR),
        ),
        "/garbage-status": lambda h: h.wfile.write(b"BUKAN HTTP\r\n\r\n"),
    }
    other_ca = TestCA.create("CA lain")
    with (
        serve(routes) as web,
        serve({"/": lambda h: send(h, 200, b"x")}, tls_context(other_ca, tmp_path)) as untrusted,
    ):  # type: ignore[arg-type]
        started = time.monotonic()
        results = {
            "too_many_redirects": capturer.capture_url(web.base + "/loop", actor="a"),
            "size_limit": capturer.capture_url(web.base + "/endless", actor="a"),
            "truncated": capturer.capture_url(web.base + "/truncated", actor="a"),
            "http_protocol": capturer.capture_url(web.base + "/garbage-status", actor="a"),
            "tls_error": capturer.capture_url(untrusted.base + "/", actor="a"),
            "timeout": capturer.capture_url(f"http://127.0.0.1:{silent_port}/", actor="a"),
            "unreachable": capturer.capture_url(f"http://127.0.0.1:{_closed_port()}/", actor="a"),
        }
    assert time.monotonic() - started < 30
    for code, capture in results.items():
        assert (capture.status, capture.failure_code) == ("failed", code), (code, capture.failure_reason)
    assert "1.0 MiB" in (results["size_limit"].failure_reason or "")
    assert "sertifikat TLS" in (results["tls_error"].failure_reason or "")
    assert _counts(app) == (0, 0)
    with app.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(evidence_captures)).scalar_one() == len(
            results
        )
    assert not any(capturer.vault.scratch.glob("cap-*")), "scratch folders are cleaned up"


def test_a_stored_post_is_captured_with_its_raw_record(app: App, capturer: Capturer) -> None:
    raw = {"id": "9876", "text": "Ayo pilih paslon 01!", "user": {"screen_name": "relawan"}}
    now = datetime(2024, 11, 20, 3, 0, tzinfo=UTC)
    with app.db.transaction() as conn:
        conn.execute(
            posts.insert().values(
                platform="x",
                post_id="9876",
                author_id="u1",
                author_handle="relawan",
                text=raw["text"],
                created_at=now,
                url="https://x.com/relawan/status/9876",
                urls=[],
                hashtags=[],
                mentions=[],
                media=[],
                metrics={},
                raw=raw,
                raw_sha256="0" * 64,
                ingested_at=now,
            )
        )
    capture = capturer.capture_post(actor="analis", key=("x", "9876"), subject=Subject.parse("post:x:9876"))
    files = _files(capturer, capture)
    assert json.loads(files["post.json"]) == raw and files["text.txt"].decode() == raw["text"]
    meta = json.loads(files["capture.json"])
    assert meta["source"] == {
        "kind": "post",
        "platform": "x",
        "post_id": "9876",
        "url": "https://x.com/relawan/status/9876",
    }
    assert meta["post"]["created_at"]["wib"] == "2024-11-20T10:00:00+07:00"


def test_capturing_many_urls_concurrently(app: App, capturer: Capturer, web: Server) -> None:
    captures = capturer.capture_urls([web.base + f"/page?n={i}" for i in range(12)], actor="a", workers=6)
    assert all(c.stored for c in captures)
    assert capturer.app is app
