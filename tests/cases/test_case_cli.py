"""`awas case` end to end as a user runs it: opening from files (and every way a file can be bad),
JSON output, refusals with exit 2 and a message naming the problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from awas.app import App
from awas.cases.intake_models import LaporanInput
from tests.cases.conftest import PELAPOR, WITNESS, add_user
from tests.support.cli import CliRunnerResult, run_cli

REPORT: dict[str, Any] = {
    "kind": "laporan",
    "pelapor": PELAPOR,
    "witnesses": [WITNESS],
    "terlapor": "Tim kampanye paslon nomor urut 2",
    "occurred_at": "2024-11-20T10:00:00+07:00",
    "place": "Pasar Angso Duo, Kota Jambi",
    "known_at": "2024-11-20T12:00:00+07:00",
    "received_at": "2024-11-22T09:00:00+07:00",
    "description": "Pembagian amplop berisi uang kepada warga di pasar oleh tim kampanye paslon.",
    "evidence": [{"description": "foto amplop", "filename": "amplop.jpg", "size_bytes": 120000}],
    "signed": True,
    "category": "money_politics",
    "actor": "tim_kampanye",
    "election_id": "pilwako-15.71-2024",
}


@pytest.fixture
def cli(sqlite_app: App, capsys: pytest.CaptureFixture[str]) -> Any:
    add_user(sqlite_app, "analis", "bawaslu-15", "analyst")
    add_user(sqlite_app, "pantau", "iwo-jambi", "read_only")

    def run(*args: str, user: str = "analis") -> CliRunnerResult:
        return run_cli(capsys, "case", *args, "--as", user)

    return run


def write(tmp_path: Path, content: str | bytes, name: str = "laporan.json") -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


def test_a_report_file_is_opened_shown_and_listed(cli: Any, tmp_path: Path) -> None:
    opened = cli("open", "--in", write(tmp_path, json.dumps(REPORT)), "--format", "json")
    assert opened.code == 0, opened.stderr
    result = json.loads(opened.stdout)
    assert (result["number"], result["status"], result["admissible"]) == ("LP-2024-00001", "diterima", True)
    shown = json.loads(cli("show", "LP-2024-00001", "--format", "json").stdout)
    assert shown["summary"]["header"]["title"].startswith("Politik uang")
    assert [d["deadline"]["clock_id"] for d in shown["deadlines"]] == [
        "decision_due",
        "report_window",
    ]  # by due
    assert shown["deadlines"][0]["deadline"]["due_at"] == "2024-11-25T23:59:59+07:00"
    assert [t["to_status"] for t in shown["next_transitions"]] == ["kajian_awal"]
    listed = json.loads(cli("list", "--format", "json").stdout)
    assert [c["header"]["number"] for c in listed] == ["LP-2024-00001"]
    assert listed[0]["next_deadline"]["rule"].startswith("3 hari kalender")
    assert "LP-2024-00001" in cli("list", "--overdue").stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"kind": "laporan",\n "pelapor": ', "laporan.json:2: not valid JSON"),
        (b"\xef\xbb\xbf\xff{}", "not valid UTF-8"),
        ("[]", "must be a JSON object"),
        (json.dumps({**REPORT, "kind": "pengaduan"}), "[kind]: must be 'laporan' or 'temuan'"),
        (json.dumps({**REPORT, "hadiah": 1}), "[hadiah]"),
        (json.dumps({**REPORT, "known_at": "20/11/2024"}), "[known_at]"),
        (json.dumps({**REPORT, "pelapor": {**PELAPOR, "name": ""}}), "[pelapor.name]: identitas pelapor"),
        (json.dumps({**REPORT, "received_at": "2030-01-01T00:00:00+07:00"}), "masa depan"),
        (json.dumps({**REPORT, "category": "curang"}), "[category]: kategori 'curang' tidak dikenal"),
        (json.dumps({**REPORT, "evidence": [{"description": "v", "size_bytes": 10**9}]}), "[evidence.0.size"),
        (json.dumps({**REPORT, "description": "amplop\x00uang"}), "control character"),
    ],
)  # fmt: skip
def test_bad_report_files_are_refused_naming_the_problem(
    cli: Any, tmp_path: Path, content: Any, expected: str
) -> None:
    result = cli("open", "--in", write(tmp_path, content))
    assert result.code == 2 and expected in result.stderr, result.stderr
    assert PELAPOR["nik"] not in result.stderr
    assert json.loads(cli("list", "--all", "--format", "json").stdout) == []


def test_a_huge_file_is_refused_before_it_is_read(cli: Any, tmp_path: Path) -> None:
    result = cli("open", "--in", write(tmp_path, "{" + " " * (3 * 1024 * 1024) + "}"))
    assert result.code == 2 and "larger than" in result.stderr


def test_refusals_are_exit_2_with_the_reason(cli: Any, tmp_path: Path) -> None:
    cli("open", "--in", write(tmp_path, json.dumps(REPORT)))
    forged = cli("transition", "1", "diteruskan")
    assert forged.code == 2 and "tidak ada dalam katalog" in forged.stderr
    assert cli("transition", "1", "kajian_awal", "--format", "json").code == 0
    stale = cli("transition", "1", "diregistrasi", "--expect-version", "1")
    assert stale.code == 2 and "versi 2" in stale.stderr
    override = cli("route", "1", "--handler", "dkpp")
    assert override.code == 2 and "wajib disertai alasan" in override.stderr
    assert cli("route", "1", "--format", "json").code == 0
    too_open = cli("share", "1", "iwo-jambi", "--reason", "pemberitaan")
    assert too_open.code == 2 and "TLP:GREEN" in too_open.stderr
    hidden = cli("show", "1", user="pantau")
    assert hidden.code == 2 and "tidak ditemukan atau tidak dapat Anda akses" in hidden.stderr
    bad_time = cli("milestone", "1", "forwarded", "--at", "kemarin")
    assert bad_time.code == 2 and "[at]" in bad_time.stderr
    assert cli("open", "--in", write(tmp_path, json.dumps(REPORT)), "--from-finding", "1").code == 2


def test_a_supplement_file_completes_the_report(cli: Any, tmp_path: Path) -> None:
    unsigned = {**REPORT, "signed": False}
    cli("open", "--in", write(tmp_path, json.dumps(unsigned)))
    cli("transition", "1", "kajian_awal")
    assert cli("transition", "1", "perlu_dilengkapi", "--reason", "tanda tangan").code == 0
    result = cli("supplement", "1", "--in", write(tmp_path, json.dumps({"signed": True}), "tambahan.json"))
    assert result.code == 0 and "semua syarat terpenuhi" in result.stderr
    assert cli("supplement", "1", "--in", write(tmp_path, '{"nik": "12"}', "salah.json")).code == 2


def test_the_model_and_the_file_format_agree() -> None:
    assert LaporanInput.model_validate({k: v for k, v in REPORT.items() if k != "kind"}).signed is True
