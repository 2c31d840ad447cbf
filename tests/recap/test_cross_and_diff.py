"""X01 on the real Pilkada snapshots and on injected differences; D01 between the two snapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from awas.app import App
from awas.recap import service
from tests.recap.conftest import NEW, OLD, copy_snapshot, edit_json
from tests.support.cli import run_cli


def x01(app: App, folder: Path, race: str) -> list[dict[str, Any]]:
    run = service.audit_inputs(app, [folder], actor="test", race=race, persist=False)
    found = run.outcome.findings.filter((pl.col("rule") == "X01") & (pl.col("race") == race))
    return [row | {"values": json.loads(row["values"])} for row in found.iter_rows(named=True)]


def test_no_false_difference_on_the_real_snapshots(app: App) -> None:
    for race in ("pkwkp", "pkwkk"):
        assert x01(app, NEW, race) == []
        assert all(f["values"]["status"] == "stale" for f in x01(app, OLD, race))
    # 01:23 snapshot: the province file (00:45) lags three kab/kota files (01:00): stale, not changed votes.
    stale = {(f["unit"], f["paslon"], f["values"]["difference"]) for f in x01(app, OLD, "pkwkk")}
    assert ("1501", "01", -10) in stale and len(stale) == 10


def test_an_injected_kecamatan_change_is_found(app: App, tmp_path: Path) -> None:
    folder = copy_snapshot(NEW, tmp_path / "snap")
    edit_json(
        folder / "pkwkp/15/1501.json",
        lambda d: d["tungsura"]["table"]["150104"].update({"1000010": 2887 + 37}),
    )
    found = x01(app, folder, "pkwkp")
    assert [(f["unit"], f["paslon"], f["values"]["difference"], f["values"]["status"]) for f in found] == [
        ("1501", "01", -37, "mismatch")
    ]


def test_an_injected_kab_total_change_is_found(app: App, tmp_path: Path) -> None:
    folder = copy_snapshot(NEW, tmp_path / "snap")
    edit_json(
        folder / "pkwkp/15/1502.json",
        lambda d: d["tungsura"]["chart"].update({"1000011": d["tungsura"]["chart"]["1000011"] + 500}),
    )
    found = {(f["unit"], f["paslon"]): f["values"] for f in x01(app, folder, "pkwkp")}
    assert found[("1502", "02")]["difference"] == 500 and found[("1502", "02")]["status"] == "mismatch"
    assert len(found) == 1


def test_votes_moved_between_paslon_are_found_on_both_sides(app: App, tmp_path: Path) -> None:
    folder = copy_snapshot(NEW, tmp_path / "snap")

    def move(d: dict[str, Any]) -> None:
        row = d["tungsura"]["table"]["150305"]
        row["1000373" if "1000373" in row else next(k for k in row if k.isdigit())] += 0
        ids = sorted(k for k in row if k.isdigit())
        row[ids[0]] -= 120
        row[ids[1]] += 120

    edit_json(folder / "pkwkk/15/1503.json", move)
    found = {(f["unit"], f["paslon"]): f["values"]["difference"] for f in x01(app, folder, "pkwkk")}
    assert found == {("1503", "01"): 120, ("1503", "02"): -120}


def _unit_numbers(folder: Path, race: str) -> dict[str, dict[str, int]]:
    """Independent reading of the raw files: own chart first, else the parent's table row."""
    own: dict[str, dict[str, int]] = {}
    rows: dict[str, dict[str, int]] = {}
    for path in (folder / race / "15").glob("*.json"):
        body = json.loads(path.read_text())["tungsura"]
        own[path.stem] = {k: v for k, v in body["chart"].items() if k.isdigit()}
        for child, values in body["table"].items():
            rows[child] = {k: v for k, v in values.items() if k.isdigit()}
    return {unit: own.get(unit) or rows[unit] for unit in {*own, *rows} if own.get(unit) or rows.get(unit)}


@pytest.mark.parametrize("race", ["pkwkp", "pkwkk"])
def test_diff_lists_exactly_the_units_whose_numbers_moved(
    on_app_db: App, capsys: pytest.CaptureFixture[str], race: str
) -> None:
    result = run_cli(capsys, "recap", "diff", str(OLD), str(NEW), "--race", race, "--format", "json")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    old, new = _unit_numbers(OLD, race), _unit_numbers(NEW, race)
    moved = {u for u in old if old[u] != new.get(u)}
    assert {c["unit"] for c in doc["changed"]} == moved and moved
    assert (
        doc["added"] == [] and doc["removed"] == [] and set(doc) == {"changed", "added", "removed", "summary"}
    )
    one = doc["changed"][0]
    assert set(one) == {"unit", "field", "old", "new"} and one["field"].startswith("paslon_")
    assert isinstance(one["old"], str) and int(one["new"]) == new[one["unit"]][_sirekap_id(race, one)]


def _sirekap_id(race: str, change: dict[str, str]) -> str:
    from awas.reference.package import bundled_package_dir

    nomor = int(change["field"].removeprefix("paslon_"))
    area = "15" if race == "pkwkp" else change["unit"][:4]
    paslon = pl.read_csv(bundled_package_dir() / "paslon.csv", infer_schema=False)
    elections = pl.read_csv(bundled_package_dir() / "elections.csv", infer_schema=False)
    election = elections.filter((pl.col("sirekap_race") == race) & (pl.col("sirekap_area") == area)).item(
        0, "id"
    )
    return str(
        paslon.filter((pl.col("election_id") == election) & (pl.col("nomor_urut") == str(nomor))).item(
            0, "sirekap_id"
        )
    )


def test_diff_of_tps_files_reports_text_as_read(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.recap.conftest import TPS_SAMPLE

    lines = TPS_SAMPLE.read_text().splitlines()
    lines[2] = lines[2].replace(",43,108,10,", ",43,103,10,")  # 1501011004002: paslon_02 108 → 103
    del lines[3]  # 1501011004003 removed
    edited = tmp_path / "edited.csv"
    edited.write_text("\n".join(lines) + "\n")
    doc = json.loads(
        run_cli(capsys, "recap", "diff", str(TPS_SAMPLE), str(edited), "--format", "json").stdout
    )
    assert doc["changed"] == [{"unit": "1501011004002", "field": "paslon_02", "old": "108", "new": "103"}]
    assert doc["removed"] == ["1501011004003"] and doc["added"] == []
    kab = {
        (m["unit"], m["paslon"]): m["delta"]
        for m in doc["summary"]["votes"]["by_level"]["kabkota"]["largest"]
    }
    assert kab == {
        ("1501", "01"): -48,
        ("1501", "02"): -5 - 119,
        ("1501", "03"): -4,
    }  # the edit + TPS 003 gone


def test_x01_compares_an_aggregate_with_the_sum_of_its_tps(app: App, tmp_path: Path) -> None:
    from tests.recap.conftest import FIXTURES

    tree = tmp_path / "ppwp"
    (tree / "tps").mkdir(parents=True)
    table: dict[str, dict[str, int]] = {}
    for code in ("1501011004001", "1501011004002", "1501011004004"):
        record = json.loads((FIXTURES / "tps_json" / f"{code}.json").read_text())
        (tree / "tps" / f"{code}.json").write_text(json.dumps(record))
        chart = record["chart"] or {}
        table[code] = {k: v for k, v in chart.items() if k.isdigit()}
    chart = {pid: sum(row.get(pid, 0) for row in table.values()) for pid in ("100025", "100026", "100027")}
    chart["100025"] += 5  # the desa total says 5 more than its TPS
    desa = {"mode": "hhcw", "chart": chart, "table": table, "ts": "2024-02-20 12:00:00"}
    (tree / "1501011004.json").write_text(json.dumps(desa))
    run = service.audit_inputs(app, [tree], actor="test", persist=False)
    found = run.outcome.findings.filter(pl.col("rule") == "X01")
    assert found.select("unit", "paslon").rows() == [("1501011004", "01")]
    values = json.loads(found.item(0, "values"))
    assert values["difference"] == 5 and values["status"] == "mismatch" and values["comparisons"] == 2
