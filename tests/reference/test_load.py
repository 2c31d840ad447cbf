"""Loading the reference package: counts match the sources, loading twice changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.domain.legal import CATEGORY_IDS, Track
from awas.domain.regions import RegionLevel
from awas.reference.loader import load_package
from awas.reference.package import bundled_package_dir
from awas.reference.validate import validate_package
from awas.store import tables as t
from awas.timeutil import WIB
from tests.reference.conftest import replace_in
from tests.support.cli import run_cli


def snapshot(app: App) -> dict[str, list[tuple[object, ...]]]:
    tables = (
        t.regions,
        t.elections,
        t.paslon,
        t.schedule_phases,
        t.violation_categories,
        t.handlers,
        t.legal_clocks,
        t.holidays,
        t.ikp_baseline,
        t.region_stats,
        t.organisations,
        t.reference_packages,
    )
    with app.db.read() as conn:
        return {
            tab.name: [tuple(r) for r in conn.execute(sa.select(tab).order_by(*tab.primary_key.columns))]
            for tab in tables
        }


def test_counts_match_the_sources(empty_app: App) -> None:
    load_package(empty_app.db, validate_package(bundled_package_dir()))
    ref = empty_app.reference
    levels = [r.level for r in ref.regions.values()]
    assert levels.count(RegionLevel.KABKOTA) == 11
    assert levels.count(RegionLevel.KECAMATAN) == 144
    assert levels.count(RegionLevel.DESA) == 1585
    assert [e.kind.value for e in ref.elections.values()].count("pilbup") == 9
    assert len(ref.elections) == 12 and len(ref.paslon) == 35
    assert set(ref.categories) == set(CATEGORY_IDS)


def test_loading_twice_changes_nothing(empty_app: App) -> None:
    package = validate_package(bundled_package_dir())
    first = load_package(empty_app.db, package)
    before = snapshot(empty_app)
    second = load_package(empty_app.db, package)
    assert first.changed and not second.changed
    assert all(s.inserted == s.updated == 0 for s in second.tables.values())
    assert snapshot(empty_app) == before


def test_a_changed_row_is_updated_in_place(app: App, package_copy: Path) -> None:
    replace_in(
        package_copy / "ikp_baseline.csv",
        "15.08,pemetaan_kerawanan_pilkada_2024_bawaslu_jambi,2.30",
        "15.08,pemetaan_kerawanan_pilkada_2024_bawaslu_jambi,3.30",
    )
    report = load_package(app.db, validate_package(package_copy))
    assert {n: (s.inserted, s.updated) for n, s in report.tables.items() if s.changed} == {
        "ikp_baseline": (0, 1)
    }


def test_a_failed_validation_loads_nothing_and_keeps_what_was_there(
    app: App, package_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(app)
    with (package_copy / "wilayah.csv").open("a", encoding="utf-8") as fh:
        fh.write("15.99.01,kecamatan,Tanpa Induk\n")
    replace_in(package_copy / "ikp_baseline.csv", "2.30", "9.99")
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    result = run_cli(capsys, "reference", "load", str(package_copy))
    assert result.code == 2
    assert "wilayah.csv:1743 [code]" in result.stderr
    assert snapshot(app) == before


def test_batanghari_is_a_single_candidate_race_against_the_empty_column(app: App) -> None:
    paslon = app.reference.paslon_of("pilbup-15.04-2024")
    assert [(p.nomor_urut, p.kolom_kosong) for p in paslon] == [(1, True), (2, False)]
    assert paslon[1].short_name == "Fadhil-Bakhtiar"


def test_sirekap_ids_map_to_ballot_numbers(app: App) -> None:
    by_id = app.reference.paslon_by_sirekap_id()
    assert (by_id["1000010"].election_id, by_id["1000010"].nomor_urut) == ("pilgub-15-2024", 1)
    assert (by_id["1000011"].election_id, by_id["1000011"].nomor_urut) == ("pilgub-15-2024", 2)
    assert by_id["1000402"].election_id == "pilwako-15.72-2024"


def test_the_quiet_period_is_24_to_26_november_wib(app: App) -> None:
    phase = app.reference.schedule["masa_tenang"]
    assert phase.starts_at == datetime(2024, 11, 24, 0, 0, tzinfo=WIB)
    assert phase.ends_at == datetime(2024, 11, 26, 23, 59, 59, tzinfo=WIB)
    assert phase.contains(datetime(2024, 11, 25, 21, 3, tzinfo=WIB))
    assert not phase.contains(datetime(2024, 11, 27, 0, 0, tzinfo=WIB))


def test_asn_neutrality_moves_from_kasn_to_bkn_on_24_august_2024(app: App) -> None:
    handlers = app.reference.handlers
    assert handlers["kasn"].valid_on(date(2024, 8, 23)) and not handlers["kasn"].valid_on(date(2024, 8, 24))
    assert handlers["bkn"].valid_on(date(2024, 8, 24)) and not handlers["bkn"].valid_on(date(2024, 8, 23))


def test_categories_carry_track_handler_and_legal_basis(app: App) -> None:
    money = app.reference.categories["money_politics"]
    assert money.default_track is Track.PIDANA and money.handler == "gakkumdu"
    assert any("187A" in basis for basis in money.legal_basis)


def test_unverified_items_stay_marked(app: App) -> None:
    assert app.reference.categories["child_involvement"].status == "unverified"
    assert all(h.status == "unverified" for h in app.reference.holidays.values())


def test_kab_kota_have_boundaries(app: App) -> None:
    with app.db.read() as conn:
        shapes = conn.execute(
            sa.select(t.regions.c.code, t.regions.c.geometry).where(t.regions.c.level == "kabkota")
        ).all()
    assert len(shapes) == 11 and all(g["type"] in ("Polygon", "MultiPolygon") for _, g in shapes)
