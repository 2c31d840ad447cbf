"""Daily Merkle roots, the daily report, and RFC 3161 stamps from a local TSA."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awas.app import App
from awas.evidence.config import EvidenceSettings
from awas.evidence.merkle import inclusion_proof, merkle_root, root_from_proof
from awas.evidence.package_verify import verify_package
from awas.evidence.records import Subject
from awas.evidence.service import EvidenceService
from awas.evidence.tsa import TimestampError, load_roots, root_message, verify_token
from awas.timeutil import utcnow, wib_date
from tests.evidence.servers import Server, TestCA
from tests.evidence.tsa_server import local_tsa


@given(st.lists(st.binary(min_size=32, max_size=32).map(bytes.hex), min_size=1, max_size=40), st.data())
def test_every_inclusion_proof_leads_to_the_root(hashes: list[str], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(hashes) - 1))
    assert root_from_proof(hashes[index], inclusion_proof(hashes, index)) == merkle_root(hashes)
    other = "ff" * 32 if hashes[index] != "ff" * 32 else "ee" * 32
    assert root_from_proof(other, inclusion_proof(hashes, index)) != merkle_root(hashes)


def test_roots_depend_on_order_and_content() -> None:
    a, b = "aa" * 32, "bb" * 32
    assert merkle_root([a, b]) != merkle_root([b, a]) and merkle_root([a]) != merkle_root([a, a])
    with pytest.raises(ValueError):
        merkle_root([])


@pytest.fixture
def service(app: App, evidence_settings: EvidenceSettings) -> EvidenceService:
    return EvidenceService(app, evidence_settings)


def test_the_daily_report_shows_a_provisional_then_sealed_root(service: EvidenceService, web: Server) -> None:
    service.capture_url(web.base + "/page", actor="analis", subject=Subject.parse("case:1"))
    service.capture_url("http://tidak-ada.invalid/", actor="analis")
    today = wib_date(utcnow())
    running = service.daily_report(today)
    assert running.entry_count == 8 and running.actions == {"captured": 4, "attached": 4}
    assert (running.captures_stored, running.captures_failed, running.sealed) == (1, 1, False)
    assert running.notes and running.root
    assert service.seal_days(today) == []  # today is not over
    sealed = service.seal_days(today + timedelta(days=1))
    report = service.daily_report(today)
    assert report.sealed and report.root == sealed[0].root == running.root


def test_roots_are_stamped_by_a_local_tsa_and_verified(
    app: App, evidence_settings: EvidenceSettings, test_ca: TestCA, web: Server, tmp_path: Path
) -> None:
    with local_tsa(test_ca) as tsa:
        settings = evidence_settings.model_copy(update={"tsa_url": tsa.url, "tsa_ca_file": tsa.ca_file})
        service = EvidenceService(app, settings)
        service.capture_url(web.base + "/page", actor="analis", subject=Subject.parse("case:tsa"))
        today = wib_date(utcnow())
        [root] = service.seal_days(today + timedelta(days=1))
        assert root.tsa_token and root.tsa_time and len(tsa.requests) == 1
    roots = load_roots(tsa.ca_file)
    assert abs(root.tsa_time - utcnow()) < timedelta(minutes=5)
    verify_token(root.tsa_token, root_message(today, root.root), roots)
    with pytest.raises(TimestampError):
        verify_token(root.tsa_token, root_message(today, "00" * 32), roots)
    with pytest.raises(TimestampError):
        verify_token(root.tsa_token, root_message(today, root.root), [TestCA.create("asing").cert])
    assert service.verify().ok
    out = tmp_path / "paket.zip"
    service.export("tsa", out, actor="analis")
    report = verify_package(out, roots)
    assert report.ok and report.tokens_checked == 1 and report.proofs_checked >= 4, report.problems
    with zipfile.ZipFile(out) as zf:
        assert f"cap-waktu/{today.isoformat()}.tsr" in zf.namelist()


def test_an_unreachable_tsa_leaves_the_root_sealed_without_a_token(
    app: App, evidence_settings: EvidenceSettings, test_ca: TestCA, web: Server, tmp_path: Path
) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_bytes(test_ca.pem())
    settings = evidence_settings.model_copy(update={"tsa_url": "http://127.0.0.1:1/tsa", "tsa_ca_file": ca})
    service = EvidenceService(app, settings)
    service.capture_url(web.base + "/page", actor="analis")
    [root] = service.seal_days(wib_date(utcnow()) + timedelta(days=1))
    assert root.tsa_token is None
    with pytest.raises(TimestampError, match="tidak dapat dihubungi"):
        service.stamp_day(root.day)
