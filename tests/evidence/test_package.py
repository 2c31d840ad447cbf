"""Evidence packages: export a case, check it with the real `sha256sum -c` and with verify-package."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from awas.app import App
from awas.errors import NotFoundError
from awas.evidence.berita_acara import berita_acara_html, tanggal_panjang
from awas.evidence.config import EvidenceSettings
from awas.evidence.package_verify import verify_package
from awas.evidence.records import Subject
from awas.evidence.service import EvidenceService
from tests.evidence.servers import Server
from tests.support.cli import run_cli

CASE = Subject.parse("case:2024-007")


@pytest.fixture
def service(app: App, evidence_settings: EvidenceSettings) -> EvidenceService:
    return EvidenceService(app, evidence_settings)


@pytest.fixture
def package(service: EvidenceService, web: Server, tls_web: Server, tmp_path: Path) -> Path:
    for url in (web.base + "/page", tls_web.base + "/moved"):
        assert service.capture_url(url, actor="analis", reason="temuan kampanye", subject=CASE).stored
    out = tmp_path / "out" / "paket.zip"
    service.export("2024-007", out, actor="analis", reason="penerusan ke Gakkumdu")
    return out


def _rewrite(src: Path, dest: Path, name: str, data: bytes | None) -> Path:
    """Copy a ZIP, replacing (or with None dropping) one member."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename != name:
                zout.writestr(info, zin.read(info.filename))
            elif data is not None:
                zout.writestr(info, data)
    return dest


def test_an_exported_package_verifies_with_sha256sum(package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert all(line.endswith(": OK") for line in lines)
    names = {line.rsplit(":", 1)[0] for line in lines}
    assert {"manifest.json", "log-lacak.jsonl", "berita-acara.pdf", "BACA-SAYA.txt"} <= names
    assert any(n.endswith("exchange.warc.gz") for n in names) and any(
        n.endswith("tls-chain.pem") for n in names
    )


def test_sha256sum_notices_a_changed_file(package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    text = next(folder.glob("bukti/*/text.txt"))
    text.write_text("diubah", encoding="utf-8")
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0 and f"{text.relative_to(folder)}: FAILED" in done.stdout


def test_verify_package_passes_and_names_the_case(package: Path) -> None:
    report = verify_package(package)
    assert report.ok, report.problems
    assert report.artefacts >= 8 and report.entries >= report.artefacts
    with zipfile.ZipFile(package) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        pdf = zf.read("berita-acara.pdf")
    assert manifest["case"] == {"id": "2024-007", "number": "2024-007", "title": "", "status": ""}
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert {c["http_status"] for c in manifest["captures"]} == {200}


def test_the_berita_acara_is_in_bahasa_indonesia(package: Path) -> None:
    with zipfile.ZipFile(package) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        entries = [json.loads(line) for line in zf.read("log-lacak.jsonl").decode().splitlines()]
    html = berita_acara_html(manifest, entries)
    assert "BERITA ACARA" in html and "sha256sum -c SHA256SUMS" in html and "2024-007" in html
    for artefact in manifest["artefacts"]:
        assert artefact["sha256"] in html
    assert tanggal_panjang("2024-11-05T14:30:00+07:00") == "Selasa, 5 November 2024 pukul 14.30 WIB"


@pytest.mark.parametrize(
    ("member", "data", "named"),
    [
        ("manifest.json", b"{}", "berkas manifest.json: hash SHA-256 tidak cocok"),
        ("BACA-SAYA.txt", None, "berkas BACA-SAYA.txt: hilang dari paket"),
    ],
)
def test_verify_package_names_a_changed_or_missing_member(
    package: Path, tmp_path: Path, member: str, data: bytes | None, named: str
) -> None:
    report = verify_package(_rewrite(package, tmp_path / "t.zip", member, data))
    assert any(named in p for p in report.problems), report.problems


def test_verify_package_names_a_changed_artefact(package: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(package) as zf:
        name = next(n for n in zf.namelist() if n.endswith("text.txt"))
    report = verify_package(_rewrite(package, tmp_path / "t.zip", name, b"lain"))
    assert f"berkas {name}: hash SHA-256 tidak cocok dengan SHA256SUMS" in report.problems


def test_verify_package_names_an_edited_custody_entry_even_with_fixed_sums(
    package: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(package) as zf:
        lines = zf.read("log-lacak.jsonl").decode().splitlines()
        sums = zf.read("SHA256SUMS").decode()
    entry = json.loads(lines[0])
    entry["actor"] = "orang-lain"
    lines[0] = json.dumps(entry, sort_keys=True)
    data = ("\n".join(lines) + "\n").encode()
    import hashlib

    old = next(line.split("  ")[0] for line in sums.splitlines() if line.endswith("  log-lacak.jsonl"))
    tampered = _rewrite(package, tmp_path / "a.zip", "log-lacak.jsonl", data)
    tampered = _rewrite(
        tampered,
        tmp_path / "b.zip",
        "SHA256SUMS",
        sums.replace(old, hashlib.sha256(data).hexdigest()).encode(),
    )
    report = verify_package(tampered)
    assert f"entri catatan lacak #{entry['seq']}: isi entri berubah (hash tidak cocok)" in report.problems


def test_the_cli_checks_a_package_without_a_database(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWAS_HOME", str(tmp_path / "nowhere"))
    monkeypatch.setenv("AWAS_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert run_cli(capsys, "evidence", "verify-package", str(package)).code == 0
    bad = _rewrite(package, tmp_path / "t.zip", "manifest.json", b"{}")
    result = run_cli(capsys, "evidence", "verify-package", str(bad))
    assert result.code == 3 and "manifest.json" in result.stderr
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    assert run_cli(capsys, "evidence", "verify-package", str(tmp_path / "junk.zip")).code == 2


def test_exporting_a_case_without_evidence_is_refused(service: EvidenceService, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        service.export("tidak-ada", tmp_path / "x.zip", actor="analis")
    assert not (tmp_path / "x.zip").exists()


def test_an_export_is_logged_for_every_artefact(service: EvidenceService, package: Path) -> None:
    artefacts = service.artefacts_of(CASE)
    for artefact in artefacts:
        actions = [e.action for e in service.custody_log(artefact.id)]
        assert actions == ["captured", "attached", "exported"]
    assert service.verify().ok
