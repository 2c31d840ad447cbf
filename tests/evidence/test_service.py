"""The service other capabilities call, and the CLI around it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from awas.app import App
from awas.errors import InputError, NotFoundError
from awas.evidence.config import EvidenceSettings
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from tests.evidence.servers import Server
from tests.support.cli import run_cli


@pytest.fixture
def service(app: App, evidence_settings: EvidenceSettings) -> EvidenceService:
    return EvidenceService(app, evidence_settings)


def test_every_event_on_an_artefact_is_in_its_custody_log(
    service: EvidenceService, web: Server, tmp_path: Path
) -> None:
    capture = service.capture_url(web.base + "/page", actor="analis", reason="temuan")
    text = next(a for a in capture.artefacts if a.kind == "text")
    assert service.attach(text.id, SubjectType.CASE, "5", actor="analis", reason="kasus 5")
    assert not service.attach(text.id, "case", "5", actor="analis", reason="lagi")
    with service.open_artefact(text.id, actor="penyidik", reason="telaah") as fh:
        assert b"Paslon 02" in fh.read()
    copy = service.copy_out(text.id, tmp_path / "kerja" / "text.txt", actor="penyidik", reason="anotasi")
    copy.write_text("catatan di salinan kerja")  # the working copy is writable ...
    service.share([text.id], "polda-jambi", actor="analis", reason="penerusan ke Gakkumdu")
    service.record_access_denied(text.id, actor="tamu", reason="peran read_only")
    log = service.custody_log(text.id)
    assert [e.action for e in log] == ["captured", "attached", "viewed", "copied", "shared", "access_denied"]
    assert log[4].details == {"org_id": "polda-jambi"} and log[5].actor == "tamu"
    assert all(e.prev_hash for e in log) and service.verify().ok  # ... and the evidence copy did not change
    assert [a.id for a in service.artefacts_of(Subject(SubjectType.CASE, "5"))] == [text.id]


def test_unknown_artefacts_and_bad_subjects_are_refused(service: EvidenceService) -> None:
    with pytest.raises(NotFoundError):
        service.custody_log(12345)
    with pytest.raises(NotFoundError):
        service.share([12345], "polda-jambi", actor="a", reason="-")
    for text in ("kasus:1", "case:", "case"):
        with pytest.raises(InputError):
            Subject.parse(text)


@pytest.fixture
def cli_env(app: App, monkeypatch: pytest.MonkeyPatch, evidence_settings: EvidenceSettings) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    monkeypatch.setenv("AWAS_DATA_DIR", str(app.settings.resolved_data_dir))
    monkeypatch.setenv("AWAS_EVIDENCE_CA_FILE", str(evidence_settings.ca_file))
    return app


def test_the_cli_captures_lists_logs_and_exports(
    cli_env: App, web: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run_cli(
        capsys, "evidence", "capture", web.base + "/page", "--subject", "case:77", "--format", "json"
    )
    assert done.code == 0, done.stderr
    captured = json.loads(done.stdout)
    assert captured["status"] == "stored" and len(captured["artefacts"]) == 4
    listed = json.loads(
        run_cli(capsys, "evidence", "list", "--subject", "case:77", "--format", "json").stdout
    )
    assert len(listed) == 4
    log = json.loads(run_cli(capsys, "evidence", "log", str(listed[0]["artefak"]), "--format", "json").stdout)
    assert [e["action"] for e in log] == ["captured", "attached"]
    out = tmp_path / "paket.zip"
    assert run_cli(capsys, "evidence", "export", "77", "--out", str(out)).code == 0 and out.is_file()
    assert run_cli(capsys, "evidence", "verify-package", str(out)).code == 0
    report = json.loads(run_cli(capsys, "evidence", "report", "daily", "--format", "json").stdout)
    assert report["entries"] == 0  # yesterday (WIB) had nothing
    assert os.access(out, os.R_OK)


def test_the_cli_reports_a_failed_capture_and_bad_arguments(
    cli_env: App, capsys: pytest.CaptureFixture[str]
) -> None:
    failed = run_cli(capsys, "evidence", "capture", "http://tidak-ada.invalid/")
    assert failed.code == 2 and "gagal" in failed.stderr and "unreachable" in failed.stderr
    assert run_cli(capsys, "evidence", "capture").code == 2
    assert run_cli(capsys, "evidence", "capture", "http://x/", "--subject", "salah").code == 2
    assert run_cli(capsys, "evidence", "capture", "--post", "tanpa-titik-dua").code == 2
    assert run_cli(capsys, "evidence", "capture", "--post", "x:999").code == 2
    assert run_cli(capsys, "evidence", "report", "daily", "--date", "kemarin").code == 2
