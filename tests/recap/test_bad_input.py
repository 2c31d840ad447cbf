"""Bad input: a clear message naming file, record and field; exit 2; nothing stored; the previous
state intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from tests.recap.conftest import FIXTURES, NEW, TPS_SAMPLE, copy_snapshot, stored_files
from tests.support.cli import CliRunnerResult, run_cli

HEADER, *ROWS = TPS_SAMPLE.read_text().splitlines()


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def rejected(capsys: pytest.CaptureFixture[str], app: App, path: Path, *expected: str) -> CliRunnerResult:
    """Audit `path` after a good import; assert exit 2, the message, and an unchanged store."""
    assert run_cli(capsys, "recap", "import", str(TPS_SAMPLE)).code == 0
    before = stored_files(app)
    snapshots = run_cli(capsys, "recap", "snapshots", "--format", "json").stdout
    result = run_cli(capsys, "recap", "audit", str(path), "--format", "json")
    assert result.code == 2, result.stderr
    assert result.stdout == ""
    for text in expected:
        assert text in result.stderr, result.stderr
    assert stored_files(app) == before
    assert run_cli(capsys, "recap", "snapshots", "--format", "json").stdout == snapshots
    return result


def replace_cell(row: str, column: str, value: str) -> str:
    cells = row.split(",")
    cells[HEADER.split(",").index(column)] = value
    return ",".join(cells)


def test_text_in_a_number_field(on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = [replace_cell(ROWS[1], "suara_sah", "seratus"), *ROWS[2:5]]
    path = write_csv(tmp_path / "teks.csv", HEADER, rows)
    rejected(capsys, on_app_db, path, f"{path}:2 [suara_sah]", "C12", "'seratus'")


def test_negative_and_fractional_counts(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = [replace_cell(ROWS[1], "paslon_01", "-5"), replace_cell(ROWS[2], "paslon_02", "12.5"), *ROWS[3:5]]
    path = write_csv(tmp_path / "negatif.csv", HEADER, rows)
    rejected(capsys, on_app_db, path, f"{path}:2 [paslon_01]: C12 nilai -5 negatif", f"{path}:3 [paslon_02]")


def test_missing_and_renamed_columns(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    header = HEADER.replace("suara_sah", "Suara Sah").replace(",suara_total", ",jumlah")
    path = write_csv(tmp_path / "kolom.csv", header, ROWS[:3])
    rejected(
        capsys,
        on_app_db,
        path,
        f"{path}:1 [suara_sah]: kolom wajib tidak ada (ada kolom 'Suara Sah'",
        "[suara_total]",
    )


def test_duplicate_tps_codes(on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ganda.csv", HEADER, [ROWS[1], ROWS[2], ROWS[1]])
    rejected(capsys, on_app_db, path, f"{path}:2 [kode_tps]: C13 kode TPS ganda", f"{path}:4 [kode_tps]")


def test_codes_outside_the_wilayah_reference(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unknown = ROWS[1].replace("1501011004002", "1501019999002").replace(",1501011004,", ",1501019999,")
    short = ROWS[2].replace("1501011004003", "150101100403")
    path = write_csv(tmp_path / "wilayah.csv", HEADER, [unknown, short])
    rejected(
        capsys,
        on_app_db,
        path,
        "C14 desa/kelurahan tidak ada dalam referensi wilayah (1501019999002)",
        "C14 kode TPS harus 13 digit",
    )


def test_wrong_encoding(on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes(
        "\n".join([HEADER, ROWS[1], replace_cell(ROWS[2], "nama_desa", "DUSUN SÉBERANG")]).encode("latin-1")
    )
    rejected(capsys, on_app_db, latin, f"{latin}:3", "bukan UTF-8")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("\n".join([HEADER, ROWS[1]]).encode("utf-16"))
    rejected(capsys, on_app_db, utf16, f"{utf16}:1", "pengodean bukan UTF-8 (UTF-16/biner)")


def test_truncated_and_invalid_json(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tree = tmp_path / "tps"
    tree.mkdir()
    good = (FIXTURES / "tps_json" / "1501011004002.json").read_text()
    (tree / "1501011004002.json").write_text(good)
    (tree / "1501011004003.json").write_text(good[: len(good) // 2])
    (tree / "1501011004005.json").write_text(good.replace('"suara_sah":161', '"suara_sah":"161"'))
    result = rejected(capsys, on_app_db, tree, "1501011004003.json:1", "JSON rusak atau terpotong")
    assert "1501011004005.json" not in result.stderr  # the broken file stops it before records are checked
    (tree / "1501011004003.json").unlink()
    result = run_cli(capsys, "recap", "audit", str(tree))
    assert (
        result.code == 2
        and "1501011004005.json [administrasi.suara_sah]: C12 nilai '\"161\"'" in result.stderr
    )


def test_unknown_paslon_id_in_an_aggregate(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_snapshot(NEW, tmp_path / "snap")
    path = folder / "pkwkp/15/1501.json"
    path.write_text(path.read_text().replace('"1000010"', '"9999999"', 1))
    rejected(capsys, on_app_db, folder, str(path), "id paslon 9999999 tidak dikenal")


def test_an_aggregate_with_a_child_outside_its_parent(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = copy_snapshot(NEW, tmp_path / "snap")
    path = folder / "pkwkp/15/1501.json"
    data = json.loads(path.read_text())
    data["tungsura"]["table"]["150299"] = data["tungsura"]["table"].pop("150101")
    path.write_text(json.dumps(data))
    rejected(capsys, on_app_db, folder, "C14 kode anak 150299 tidak berada di bawah 1501")


def test_an_empty_file_and_a_header_only_file(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    rejected(capsys, on_app_db, empty, "berkas kosong")
    rejected(capsys, on_app_db, write_csv(tmp_path / "judul.csv", HEADER, []), "tidak ada baris data")


def test_a_ragged_csv_names_the_line(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "ragam.csv", HEADER, [ROWS[1], ROWS[2] + ",99,98"])
    rejected(capsys, on_app_db, path, f"{path}:3", "jumlah kolom")


@pytest.mark.slow
def test_a_one_gigabyte_file_is_refused_cleanly(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    huge = tmp_path / "besar.csv"
    with huge.open("wb") as handle:
        handle.write((HEADER + "\n").encode())
        handle.truncate(1 << 30)  # 1 GiB (sparse: costs no disk)
    rejected(capsys, on_app_db, huge, "berkas terlalu besar (1.0 GiB; batas 768.0 MiB)")
    big_json = tmp_path / "tree"
    big_json.mkdir()
    with (big_json / "1501011004002.json").open("wb") as handle:
        handle.truncate(1 << 30)
    rejected(capsys, on_app_db, big_json, "berkas terlalu besar")
