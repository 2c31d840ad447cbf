"""`validate_package` names file, line and field of every problem and accepts the bundled package."""

from __future__ import annotations

from pathlib import Path

import pytest

from awas.errors import InputError, InputProblem
from awas.reference.package import bundled_package_dir
from awas.reference.validate import validate_package
from tests.reference.conftest import line_of, replace_in


def problems_of(folder: Path) -> list[InputProblem]:
    with pytest.raises(InputError) as info:
        validate_package(folder)
    return info.value.problems


def test_the_bundled_package_is_valid() -> None:
    package = validate_package(bundled_package_dir())
    assert package.manifest.name == "jambi-2024"
    levels = [r["level"] for r in package.rows("wilayah.csv")]
    assert (levels.count("kabkota"), levels.count("kecamatan"), levels.count("desa")) == (11, 144, 1585)
    assert len(package.rows("elections.csv")) == 12
    assert len(package.shapes) == 11


def test_a_missing_column_is_named(package_copy: Path) -> None:
    path = package_copy / "elections.csv"
    replace_in(path, "id,kind,name,region_code", "id,kind,title,region_code")
    [problem] = problems_of(package_copy)
    assert (Path(problem.file).name, problem.line, problem.field) == ("elections.csv", 1, "name")
    assert "missing" in problem.reason


def test_a_duplicate_code_names_both_lines(package_copy: Path) -> None:
    path = package_copy / "wilayah.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("15.01.01,kecamatan,Gunung Raya Lagi\n")
    [problem] = problems_of(package_copy)
    assert Path(problem.file).name == "wilayah.csv"
    assert problem.line == 1743 and problem.field == "code"
    assert f"first on line {line_of(path, '15.01.01,kecamatan')}" in problem.reason


def test_a_kecamatan_pointing_to_a_missing_kab_is_refused(package_copy: Path) -> None:
    path = package_copy / "wilayah.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("15.99.01,kecamatan,Tanpa Induk\n")
    [problem] = problems_of(package_copy)
    assert (Path(problem.file).name, problem.line, problem.field) == ("wilayah.csv", 1743, "code")
    assert "15.99" in problem.reason and "not in wilayah.csv" in problem.reason


def test_an_unparsable_date_is_named(package_copy: Path) -> None:
    path = package_copy / "schedule.csv"
    line = line_of(path, "masa_tenang,")
    replace_in(path, "2024-11-26T23:59:59+07:00,PKPU", "26/11/2024,PKPU")
    [problem] = problems_of(package_copy)
    assert (Path(problem.file).name, problem.line, problem.field) == ("schedule.csv", line, "ends_at")


def test_a_naive_time_is_refused(package_copy: Path) -> None:
    path = package_copy / "schedule.csv"
    replace_in(path, "2024-11-24T00:00:00+07:00", "2024-11-24T00:00:00")
    [problem] = problems_of(package_copy)
    assert problem.field == "starts_at" and "offset" in problem.reason


def test_dates_must_be_ordered(package_copy: Path) -> None:
    path = package_copy / "schedule.csv"
    line = line_of(path, "kampanye,Masa kampanye")
    replace_in(
        path,
        "2024-09-25T00:00:00+07:00,2024-11-23T23:59:59+07:00",
        "2024-11-25T00:00:00+07:00,2024-09-23T23:59:59+07:00",
    )
    [problem] = problems_of(package_copy)
    assert (problem.line, problem.field, problem.reason) == (line, "ends_at", "ends before it starts")


def test_a_non_utf8_file_names_the_line_of_the_bad_byte(package_copy: Path) -> None:
    path = package_copy / "handlers.csv"
    data = path.read_text(encoding="utf-8").replace("Dewan Pers,", "Dewan Pers Caf\u00e9,")
    path.write_bytes(data.encode("latin-1"))
    [problem] = problems_of(package_copy)
    assert Path(problem.file).name == "handlers.csv"
    assert problem.line == 14  # the dewan_pers row
    assert "UTF-8" in problem.reason


def test_every_category_needs_a_known_handler(package_copy: Path) -> None:
    path = package_copy / "categories.csv"
    line = line_of(path, "money_politics,")
    replace_in(path, "integritas,pidana,gakkumdu", "integritas,pidana,pengadilan_langit")
    [problem] = problems_of(package_copy)
    assert (problem.line, problem.field) == (line, "handler")
    assert "pengadilan_langit" in problem.reason


def test_a_missing_required_file_is_named(package_copy: Path) -> None:
    (package_copy / "paslon.csv").unlink()
    problems = problems_of(package_copy)
    assert [(Path(p.file).name, p.reason) for p in problems] == [("paslon.csv", "required file is missing")]


def test_an_election_in_the_wrong_kind_of_region_is_refused(package_copy: Path) -> None:
    replace_in(package_copy / "elections.csv", "pilbup-15.01-2024,pilbup", "pilbup-15.01-2024,pilgub")
    [problem] = problems_of(package_copy)
    assert problem.field == "kind" and "provinsi" in problem.reason


def test_paslon_of_an_unknown_election_is_refused(package_copy: Path) -> None:
    replace_in(package_copy / "paslon.csv", "pilbup-15.09-2024,1,", "pilbup-15.99-2024,1,")
    [problem] = problems_of(package_copy)
    assert problem.field == "election_id"


def test_a_short_row_is_refused(package_copy: Path) -> None:
    with (package_copy / "holidays.csv").open("a", encoding="utf-8") as fh:
        fh.write("2025-03-31,Idul Fitri\n")
    [problem] = problems_of(package_copy)
    assert "expected 5 fields, found 2" in problem.reason


def test_broken_geojson_is_refused(package_copy: Path) -> None:
    (package_copy / "kabkota.geojson").write_text(
        '{"type": "FeatureCollection", "features": [', encoding="utf-8"
    )
    [problem] = problems_of(package_copy)
    assert Path(problem.file).name == "kabkota.geojson" and "JSON" in problem.reason


def test_a_manifest_without_a_name_is_refused(package_copy: Path) -> None:
    replace_in(package_copy / "package.yaml", "name: jambi-2024", "name: ''")
    [problem] = problems_of(package_copy)
    assert (Path(problem.file).name, problem.field) == ("package.yaml", "name")


def test_several_problems_are_all_reported(package_copy: Path) -> None:
    replace_in(
        package_copy / "clocks.csv",
        "report_window,Batas waktu penyampaian laporan,laporan,known_at,7",
        "report_window,Batas waktu penyampaian laporan,laporan,known_at,tujuh",
    )
    replace_in(package_copy / "ikp_baseline.csv", "26.05,tinggi", "26.05,sangat tinggi")
    assert {(Path(p.file).name, p.field) for p in problems_of(package_copy)} == {
        ("clocks.csv", "amount"),
        ("ikp_baseline.csv", "category"),
    }
