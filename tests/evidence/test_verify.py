"""Tamper tests: every kind of change to the vault or the ledger fails verification, naming the item."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.evidence.config import EvidenceSettings
from awas.evidence.ledger import GENESIS, LedgerEntry, compute_hash
from awas.evidence.local_storage import LocalStorage
from awas.evidence.records import Capture, Subject
from awas.evidence.service import EvidenceService
from awas.evidence.tables import evidence_artefacts, evidence_ledger
from awas.timeutil import utcnow, wib_date
from tests.evidence.servers import Server
from tests.support.cli import run_cli


@pytest.fixture
def service(app: App, evidence_settings: EvidenceSettings) -> EvidenceService:
    return EvidenceService(app, evidence_settings)


@pytest.fixture
def captured(service: EvidenceService, web: Server) -> list[Capture]:
    subject = Subject.parse("case:9")
    return [
        service.capture_url(web.base + p, actor="analis", reason="uji", subject=subject)
        for p in ("/page", "/")
    ]


def _attacker(app: App, statement: str, **params: object) -> None:
    """Run SQL as someone with direct database access who first switches the append-only guard off."""
    with app.db.transaction() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS evidence_ledger_no_update")
            conn.exec_driver_sql("DROP TRIGGER IF EXISTS evidence_ledger_no_delete")
        else:
            conn.exec_driver_sql("ALTER TABLE evidence_ledger DISABLE TRIGGER evidence_ledger_append_only")
        conn.execute(sa.text(statement), params)


def _problems(service: EvidenceService) -> list[str]:
    report = service.verify()
    assert not report.ok
    return report.problems


def _last_seq(app: App) -> int:
    with app.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.max(evidence_ledger.c.seq))).scalar_one())


def test_an_untouched_vault_verifies(service: EvidenceService, captured: list[Capture]) -> None:
    report = service.verify()
    assert report.ok, report.problems
    assert report.artefacts_checked == sum(len(c.artefacts) for c in captured)
    assert report.entries_checked == 2 * report.artefacts_checked  # captured + attached


def test_the_ledger_refuses_updates_and_deletes(app: App, captured: list[Capture]) -> None:
    for statement in ("UPDATE evidence_ledger SET actor = 'x'", "DELETE FROM evidence_ledger"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), app.db.transaction() as conn:
            conn.execute(sa.text(statement))


def test_a_modified_file_is_named(service: EvidenceService, captured: list[Capture]) -> None:
    artefact = captured[0].artefacts[0]  # the WARC: unique to its capture (text is shared by content)
    storage = service.vault.storage
    assert isinstance(storage, LocalStorage)
    path = storage.path_of(artefact.digest)
    assert (
        not os.access(path, os.W_OK) or os.geteuid() == 0
    )  # evidence copies are read-only (root ignores it)
    os.chmod(path, 0o644)
    path.write_bytes(b"isi palsu")
    problems = _problems(service)
    assert problems == [
        f"artefak {artefact.id} ({artefact.name}, {artefact.digest}): isi berkas berubah "
        f"(sekarang sha256:{__import__('hashlib').sha256(b'isi palsu').hexdigest()})"
    ]


def test_a_missing_file_is_named(service: EvidenceService, captured: list[Capture]) -> None:
    artefact = captured[1].artefacts[0]
    storage = service.vault.storage
    assert isinstance(storage, LocalStorage)
    storage.path_of(artefact.digest).unlink()
    assert _problems(service) == [
        f"artefak {artefact.id} ({artefact.name}, {artefact.digest}): berkas hilang dari brankas"
    ]


def test_a_modified_artefact_row_is_named(
    app: App, service: EvidenceService, captured: list[Capture]
) -> None:
    artefact, other = captured[0].artefacts[0], captured[1].artefacts[0]
    with app.db.transaction() as conn:
        conn.execute(
            evidence_artefacts.update()
            .where(evidence_artefacts.c.id == artefact.id)
            .values(digest=other.digest, size=other.size)
        )
    problems = _problems(service)
    assert len(problems) == 1 and problems[0].startswith(f"artefak {artefact.id} (")
    assert "catatan basis data berbeda dari entri buku besar" in problems[0]


def test_a_modified_ledger_row_is_named(app: App, service: EvidenceService, captured: list[Capture]) -> None:
    _attacker(app, "UPDATE evidence_ledger SET reason = 'tidak ada apa-apa' WHERE seq = 3")
    assert _problems(service) == ["entri buku besar #3: isi entri berubah (hash tidak cocok)"]


def test_a_deleted_ledger_row_is_named(app: App, service: EvidenceService, captured: list[Capture]) -> None:
    _attacker(app, "DELETE FROM evidence_ledger WHERE seq = 4")
    problems = _problems(service)
    assert problems[0] == "entri buku besar #4: hilang (dihapus)"
    assert "entri buku besar #5: tautan ke entri sebelumnya putus (setelah entri yang hilang)" in problems


def test_a_deleted_last_row_is_named(app: App, service: EvidenceService, captured: list[Capture]) -> None:
    last = _last_seq(app)
    _attacker(app, "DELETE FROM evidence_ledger WHERE seq = :seq", seq=last)
    assert f"entri buku besar #{last}: hilang (kepala buku besar mencatat #{last})" in _problems(service)


def test_reordered_entries_are_named(app: App, service: EvidenceService, captured: list[Capture]) -> None:
    _attacker(app, "UPDATE evidence_ledger SET seq = -1 WHERE seq = 2")
    _attacker(app, "UPDATE evidence_ledger SET seq = 2 WHERE seq = 3")
    _attacker(app, "UPDATE evidence_ledger SET seq = 3 WHERE seq = -1")
    problems = _problems(service)
    assert "entri buku besar #2: urutan diubah (entri ini semula #3)" in problems
    assert "entri buku besar #3: urutan diubah (entri ini semula #2)" in problems


def test_a_forged_entry_with_a_wrong_link_is_named(
    app: App, service: EvidenceService, captured: list[Capture]
) -> None:
    seq = _last_seq(app) + 1
    forged = LedgerEntry(
        seq=seq,
        at=utcnow(),
        actor="penyusup",
        action="viewed",
        artefact_id=1,
        reason="-",
        details={},
        prev_hash="ab" * 32,
        entry_hash="",
    )
    row = {
        f: getattr(forged, f)
        for f in ("seq", "at", "actor", "action", "artefact_id", "reason", "details", "prev_hash")
    }
    row["entry_hash"] = compute_hash(forged)  # a well-formed entry: only its link is wrong
    with app.db.transaction() as conn:
        conn.execute(evidence_ledger.insert().values(**row))
    problems = _problems(service)
    assert (
        f"entri buku besar #{seq}: tautan ke #{seq - 1} putus (prev_hash tidak cocok; entri palsu?)"
        in problems
    )
    assert (
        f"entri buku besar #{seq}: ditambahkan di luar awas (kepala buku besar mencatat #{seq - 1})"
        in problems
    )


def test_a_change_inside_a_sealed_day_breaks_its_root(
    app: App, service: EvidenceService, captured: list[Capture]
) -> None:
    today = wib_date(utcnow())
    sealed = service.seal_days(today + timedelta(days=1))
    assert [r.day for r in sealed] == [today] and service.verify().ok
    _attacker(app, "DELETE FROM evidence_ledger WHERE seq = 1")
    problems = _problems(service)
    assert f"akar harian {today.isoformat()}: tidak cocok lagi dengan entri buku besar hari itu" in problems
    assert "entri buku besar #1: hilang (dihapus)" in problems


def test_verifying_named_artefacts_checks_only_those_files(
    service: EvidenceService, captured: list[Capture]
) -> None:
    first = captured[0].artefacts[0]
    report = service.verify([first.id, 999])
    assert report.artefacts_checked == 1 and report.problems == ["artefak 999: tidak ada di basis data"]


def test_the_cli_exits_3_naming_each_item(
    app: App,
    captured: list[Capture],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    evidence_settings: EvidenceSettings,
) -> None:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    monkeypatch.setenv("AWAS_DATA_DIR", str(app.settings.resolved_data_dir))
    assert run_cli(capsys, "evidence", "verify", "--all").code == 0
    _attacker(app, "UPDATE evidence_ledger SET actor = 'x' WHERE seq = 2")
    _attacker(app, "DELETE FROM evidence_ledger WHERE seq = 5")
    result = run_cli(capsys, "evidence", "verify", "--all", "--format", "json")
    assert result.code == 3
    assert (
        "entri buku besar #2: isi entri berubah" in result.stderr
        and "entri buku besar #5: hilang" in result.stderr
    )
    assert '"ok": false' in result.stdout
    assert run_cli(capsys, "evidence", "verify").code == 2
    assert GENESIS == "0" * 64
