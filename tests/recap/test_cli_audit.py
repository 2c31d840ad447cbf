"""`awas recap audit|import` end to end: the contract JSON, CSV, HTML, storage, idempotence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.recap import queries
from awas.recap.describe import describe_recap_finding
from awas.recap.tables import recap_findings, recap_snapshots
from tests.recap.conftest import FIXTURES, TPS_SAMPLE, stored_files
from tests.support.cli import run_cli


def count(app: App, table: sa.Table) -> int:
    with app.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_audit_json_reports_exactly_the_oracle_tps(
    on_app_db: App, capsys: pytest.CaptureFixture[str], oracle: dict[str, list[str]]
) -> None:
    result = run_cli(capsys, "recap", "audit", str(TPS_SAMPLE), "--format", "json")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["units"] == 2752 and list(doc)[:3] == ["units", "findings", "summary"]
    for rule, units in oracle.items():
        assert sorted(f["unit"] for f in doc["findings"] if f["rule"] == rule) == sorted(units)
        assert doc["summary"][rule] == len(units)
    example = next(f for f in doc["findings"] if f["rule"] == "C08" and f["unit"] == "1501092012003")
    assert example == {
        "rule": "C08", "unit": "1501092012003", "level": "tps",
        "values": {"votes_sum": 214, "pemilih_dpt_j": 146},
        "message": "Jumlah suara paslon (214) melebihi DPT (146) ditambah cadangan 2%",
    }  # fmt: skip
    assert all(
        set(f) == {"rule", "unit", "level", "values", "message"}
        for f in doc["findings"]
        if f["rule"][0] in "CH"
    )


def test_reimporting_the_same_snapshot_stores_nothing_new(
    on_app_db: App, capsys: pytest.CaptureFixture[str]
) -> None:
    first = run_cli(capsys, "recap", "import", str(TPS_SAMPLE), "--format", "json")
    files = stored_files(on_app_db)
    second = run_cli(capsys, "recap", "import", str(TPS_SAMPLE), "--format", "json")
    assert json.loads(first.stdout)["snapshots"][0]["new"] is True
    assert json.loads(second.stdout)["snapshots"][0]["new"] is False
    assert stored_files(on_app_db) == files and count(on_app_db, recap_snapshots) == 1
    blob = next(p for p in files if "blobs" in p.parts)
    assert blob.read_bytes() == TPS_SAMPLE.read_bytes()  # the raw bytes are kept, under their SHA-256


def test_audit_csv_and_html(on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv = run_cli(capsys, "recap", "audit", str(TPS_SAMPLE), "--format", "csv", "--no-store")
    assert csv.code == 0 and csv.stdout.splitlines()[0] == "rule,unit,level,paslon,values,message"
    assert count(on_app_db, recap_snapshots) == 0  # --no-store
    out = tmp_path / "laporan.html"
    html = run_cli(capsys, "recap", "audit", str(TPS_SAMPLE), "--format", "html", "--out", str(out))
    assert html.code == 0
    text = out.read_text()
    assert "Laporan audit rekapitulasi suara" in text and "1501092012003" in text and "bukan bukti" in text
    pngs = sorted((tmp_path / "laporan-gambar").glob("*.png"))
    assert [p.name for p in pngs] == ["sidik-jari-ppwp-1501.png", "sidik-jari-ppwp-1571.png"]
    assert pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_findings_are_stored_with_lifetime_and_describable(
    on_app_db: App, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "recap", "audit", str(TPS_SAMPLE), "--format", "json").code == 0
    stored = queries.findings(on_app_db, unit="1501092012003")
    assert {f.rule for f in stored} >= {"C06", "C07", "C08", "C09", "C11"}
    c08 = next(f for f in stored if f.rule == "C08")
    assert c08.first_snapshot_id == c08.last_snapshot_id and c08.is_open
    summary = describe_recap_finding(on_app_db, c08.id)
    assert summary.region_code == "15.01.09.2012" and summary.election_id is None
    assert "214" in summary.description and summary.photo_urls and summary.actionable
    again = run_cli(capsys, "recap", "audit", str(TPS_SAMPLE), "--format", "json")
    assert again.code == 0 and count(on_app_db, recap_findings) == len(
        queries.findings(on_app_db, limit=100000)
    )


def test_a_tps_json_tree_gives_the_same_findings_as_the_csv(app: App) -> None:
    from awas.recap import service

    tree = service.audit_inputs(app, [FIXTURES / "tps_json"], actor="test", persist=False)
    csv = service.audit_inputs(app, [TPS_SAMPLE], actor="test", persist=False)
    units = {p.stem for p in (FIXTURES / "tps_json").glob("*.json")}
    from_csv = csv.outcome.findings.filter(
        csv.outcome.findings["unit"].is_in(list(units)) & csv.outcome.findings["rule"].str.starts_with("C")
    )
    from_tree = tree.outcome.findings.filter(tree.outcome.findings["rule"].str.starts_with("C"))
    assert sorted(from_tree.select("rule", "unit", "values").rows()) == sorted(
        from_csv.select("rule", "unit", "values").rows()
    )
    assert tree.snapshots[0].race == "ppwp" and tree.outcome.units == 6
