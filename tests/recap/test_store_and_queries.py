"""Findings lifetime, drill-down queries, history, recap tables from the form (X02), the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from awas.errors import InputError
from awas.recap import compare, queries, service
from awas.recap.describe import describe_recap_finding
from awas.recap.recap_table import RecapTableEntry
from tests.recap.conftest import NEW, OLD, TPS_SAMPLE
from tests.support.cli import run_cli


def test_findings_resolve_when_the_next_snapshot_is_consistent(app: App) -> None:
    first = service.audit_inputs(app, [OLD], actor="test")
    stale = queries.x_differences(app, race="pkwkk")
    assert len(stale) == 10 and all(f.values["status"] == "stale" for f in stale)
    second = service.audit_inputs(app, [NEW], actor="test")
    assert sum(c.resolved for c in second.stored.values()) == 10 and first.stored
    assert queries.x_differences(app, race="pkwkk") == []
    resolved = queries.findings(app, rules=("X01",), open_only=False)
    assert all(
        f.resolved_at is not None and f.resolved_snapshot_id == second.snapshots[0].id or f.race != "pkwkk"
        for f in resolved
    )
    summary = describe_recap_finding(app, resolved[0].id)
    assert summary.election_id == "pilbup-15.01-2024" or summary.election_id.startswith("pil")  # type: ignore[union-attr]
    assert (
        summary.region_code and summary.paslon_id and summary.paslon_id.startswith(summary.election_id or "")
    )


def test_drill_down_from_province_to_tps(app: App) -> None:
    service.import_inputs(app, [TPS_SAMPLE, NEW], actor="test")
    kab = queries.children(app, "ppwp", "15")
    assert [k.unit for k in kab] == ["1501", "1571"] and kab[0].name == "Kabupaten Kerinci"
    tps = queries.children(app, "ppwp", "1501092012")
    example = next(t for t in tps if t.unit == "1501092012003")
    assert example.votes == {"01": 26, "02": 161, "03": 27}
    kec = queries.children(app, "pkwkp", "1501")
    assert kec[0].unit == "150101" and kec[0].votes == {"01": 2446, "02": 2741} and kec[0].tps_total == 19
    photos = queries.photos(app, "1501092012003")
    assert [p.page for p in photos] == [1, 2, 3] and photos[0].url.endswith(".jpg")


def test_history_shows_every_value_in_every_snapshot(
    on_app_db: App, capsys: pytest.CaptureFixture[str]
) -> None:
    service.import_inputs(on_app_db, [OLD, NEW], actor="test")
    found = queries.history(on_app_db, "1502", race="pkwkp")
    sources = [(e.snapshot_id[:6], e.source) for e in found.entries]
    assert len(sources) == 4  # chart of 1502.json and row in 15.json, in both snapshots
    assert ("paslon_02", "137803", "138948") in [(f, o, n) for f, o, n, _ in found.changes()]
    result = run_cli(capsys, "recap", "history", "1502", "--race", "pkwkp", "--format", "json")
    assert result.code == 0 and json.loads(result.stdout)["unit"] == "1502"


def entries(sah_kec: int = 2446) -> list[RecapTableEntry]:
    return [
        RecapTableEntry("kecamatan", "15.01.01", {1: sah_kec, 2: 2741}, "2024-11-29 10:00:00"),
        RecapTableEntry("kabkota", "15.01", {1: 62408, 2: 81700}, "2024-12-01 14:00:00"),
    ]


def test_a_recap_table_from_the_form_is_reconciled(app: App) -> None:
    service.import_inputs(app, [NEW], actor="test")
    info = service.record_recap_table(app, entries(), race="pkwkp", actor="operator")
    again = service.record_recap_table(app, entries(), race="pkwkp", actor="operator")
    assert info.new and not again.new and again.id == info.id
    rows = {(r.unit, r.paslon): r for r in compare.reconcile(app, "pkwkp")}
    assert rows[("150101", "01")].status == "cocok"
    assert rows[("1501", "02")].status == "beda" and rows[("1501", "02")].sirekap == 81743
    run = service.audit_inputs(
        app,
        [],
        snapshot_ids=(
            info.id[:10],
            next(s.id for s in queries.snapshots(app, "pkwkp") if s.kind.value == "aggregate"),
        ),
        actor="test",
    )
    x02 = [
        json.loads(v) for v in run.outcome.findings.filter(run.outcome.findings["rule"] == "X02")["values"]
    ]
    assert x02 == [
        {
            "recap": 81700,
            "recap_ts": "2024-12-01 14:00:00",
            "sirekap": 81743,
            "sirekap_ts": "2024-11-28 01:00:00",
            "tps_sum": None,
            "difference_sirekap": -43,
            "difference_tps": None,
        }
    ]


def test_a_bad_form_entry_is_refused(app: App) -> None:
    with pytest.raises(InputError) as caught:
        service.record_recap_table(
            app, [RecapTableEntry("kecamatan", "15.01", {1: -3}, "kemarin")], race="pkwkp", actor="op"
        )
    text = str(caught.value)
    assert "C12" in text and "kode" in text and "[ts]" in text
    assert queries.snapshots(app) == []


def test_the_demo_step_is_idempotent(app: App, tmp_path: Path) -> None:
    from awas.recap.demo import run_recap_demo

    first = run_recap_demo(app, "demo")
    second = run_recap_demo(app, "demo")
    assert first.summary["TPS Pemilu 2024 dibaca (Kerinci, Kota Jambi)"] == 2752
    assert "C01 79" in first.summary["temuan aturan C01–C11"]
    assert (
        first.summary["D01 satuan berubah 01:23 → 12:25"]
        == second.summary["D01 satuan berubah 01:23 → 12:25"]
    )
    assert len(queries.snapshots(app)) == 5
    assert Path(first.summary["laporan HTML"]).exists()
