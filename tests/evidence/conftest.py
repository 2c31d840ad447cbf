"""Fixtures for evidence tests: loopback web servers, a test CA, settings pointing at them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from awas.app import App
from awas.evidence.capture import Capturer
from awas.evidence.config import EvidenceSettings, load_evidence_settings
from tests.evidence.servers import Server, TestCA, send, serve, tls_context

PAGE = (
    b"<html><head><title>Kampanye di Masjid</title><style>p{color:red}</style></head>"
    b"<body><h1>Paslon 02 berkampanye</h1><p>Ajakan memilih di tempat ibadah.</p>"
    b"<script>var x = 1;</script></body></html>"
)


def site_routes() -> dict[str, object]:
    return {
        "/": lambda h: send(h, 200, PAGE),
        "/page": lambda h: send(h, 200, PAGE),
        "/moved": lambda h: send(h, 302, b"", headers={"Location": "/page"}),
    }


@pytest.fixture(scope="session")
def test_ca() -> TestCA:
    return TestCA.create()


@pytest.fixture
def web() -> Iterator[Server]:
    with serve(site_routes()) as server:  # type: ignore[arg-type]
        yield server


@pytest.fixture
def tls_web(test_ca: TestCA, tmp_path: Path) -> Iterator[Server]:
    with serve(site_routes(), tls_context(test_ca, tmp_path)) as server:  # type: ignore[arg-type]
        yield server


@pytest.fixture
def evidence_settings(test_ca: TestCA, tmp_path: Path) -> EvidenceSettings:
    ca_file = tmp_path / "test-ca.pem"
    ca_file.write_bytes(test_ca.pem())
    return load_evidence_settings(ca_file=ca_file, timeout_s=5, deadline_s=20, browser_timeout_s=10)


@pytest.fixture
def capturer(app: App, evidence_settings: EvidenceSettings) -> Capturer:
    return Capturer(app, evidence_settings)
