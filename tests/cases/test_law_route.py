"""`awas law route`: the routing contract, table-driven over every track and handler, the 7-day and
3+2-day boundaries, temuan vs laporan clocks, the KASN → BKN change on 24 Aug 2024, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from awas.app import App
from tests.support.cli import run_cli

CONTRACT_KEYS = {
    "track", "handler", "legal_basis", "admissible", "reasons", "report_deadline", "decision_due",
    "decision_due_extended",
}  # fmt: skip
CONTRACT_HANDLERS = {
    "kpu_provinsi", "kpu_kabkota", "dkpp", "gakkumdu", "bawaslu", "bkn", "kasn", "polri", "propam_polri",
    "puspom_tni", "kpid", "komdigi", "dewan_pers",
}  # fmt: skip
BASE = {
    "kind": "laporan",
    "occurred_at": "2024-11-20T10:00:00+07:00",
    "known_at": "2024-11-20T12:00:00+07:00",
    "received_at": "2024-11-22T09:00:00+07:00",
}


def sc(category: str, actor: str, election: str, track: str | None = None) -> dict[str, Any]:
    return {"category": category, "actor": actor, "election": election} | ({"track": track} if track else {})


# (id, scenario changes, expected track, expected handler)
ROUTES: list[tuple[str, dict[str, Any], str, str]] = [
    ("admin-pilgub", sc("worship_education_venue", "paslon", "pilgub"), "administrasi", "kpu_provinsi"),
    ("admin-pilbup", sc("worship_education_venue", "paslon", "pilbup"), "administrasi", "kpu_kabkota"),
    ("admin-pilwako", sc("child_involvement", "tim_kampanye", "pilwako"), "administrasi", "kpu_kabkota"),
    ("admin-given", sc("money_politics", "paslon", "pilgub", "administrasi"), "administrasi", "kpu_provinsi"),
    ("ethics", sc("off_schedule_campaign", "penyelenggara", "pilbup", "kode_etik"), "kode_etik", "dkpp"),
    ("crime", sc("money_politics", "tim_kampanye", "pilwako"), "pidana", "gakkumdu"),
    ("village-head", sc("official_neutrality", "kepala_desa", "pilbup"), "pidana", "gakkumdu"),
    ("dispute", sc("off_schedule_campaign", "paslon", "pilgub", "sengketa"), "sengketa", "bawaslu"),
    ("asn", sc("official_neutrality", "asn", "pilbup"), "hukum_lain", "bkn"),
    ("tni", sc("official_neutrality", "tni", "pilgub"), "hukum_lain", "puspom_tni"),
    ("polri", sc("official_neutrality", "polri", "pilwako"), "hukum_lain", "propam_polri"),
    ("broadcasting", sc("off_schedule_campaign", "media", "pilgub"), "hukum_lain", "kpid"),
    ("takedown-account", sc("unregistered_campaign_account", "lainnya", "pilbup"), "hukum_lain", "komdigi"),
    ("takedown-phishing", sc("phishing", "lainnya", "pilgub"), "hukum_lain", "komdigi"),
    ("press", sc("hoax", "media", "pilwako"), "hukum_lain", "dewan_pers"),
    ("ite-citizen", sc("defamation", "warga", "pilbup"), "hukum_lain", "polri"),
    ("ite-defacement", sc("defacement", "lainnya", "pilgub"), "hukum_lain", "polri"),
]


def route(capsys: pytest.CaptureFixture[str], tmp_path: Path, scenario: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    result = run_cli(capsys, "law", "route", "--in", str(path), "--format", "json")
    assert result.code == 0, result.stderr
    output: dict[str, Any] = json.loads(result.stdout)
    return output


def refused(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    result = run_cli(capsys, "law", "route", "--in", str(path), "--format", "json")
    assert result.code == 2 and result.stdout == ""
    return result.stderr


@pytest.mark.parametrize(("name", "changes", "track", "handler"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_track_and_handler_is_routed(
    on_catalogue_db: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    changes: dict[str, Any],
    track: str,
    handler: str,
) -> None:
    result = route(capsys, tmp_path, {**BASE, **changes})
    assert set(result) == CONTRACT_KEYS
    assert (result["track"], result["handler"]) == (track, handler)
    assert result["legal_basis"] and all(isinstance(b, str) for b in result["legal_basis"])


def test_the_table_covers_every_handler_of_the_contract() -> None:
    assert {handler for *_, handler in ROUTES} | {"kasn"} == CONTRACT_HANDLERS


@pytest.mark.parametrize(
    ("received", "admissible"),
    [
        ("2024-11-27T09:00:00+07:00", True),  # day 7 from knowledge (20 Nov)
        ("2024-11-27T23:59:59+07:00", True),  # the last second of day 7
        ("2024-11-28T00:00:00+07:00", False),  # day 8
        ("2024-11-27T17:00:00+00:00", False),  # 28 Nov 00:00 WIB, written in UTC
    ],
)
def test_a_report_is_admissible_through_day_7_not_day_8(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, received: str, admissible: bool
) -> None:
    scenario = {
        **BASE,
        "category": "money_politics",
        "actor": "paslon",
        "election": "pilbup",
        "received_at": received,
    }
    result = route(capsys, tmp_path, scenario)
    assert result["report_deadline"] == "2024-11-27T23:59:59+07:00"
    assert result["admissible"] is admissible
    assert bool(result["reasons"]) is not admissible
    if not admissible:
        assert "7 hari" in result["reasons"][0] and "Pasal 134 ayat (4)" in result["reasons"][0]


def test_the_window_counts_from_the_wib_date_of_knowledge(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # 17:30 UTC on 20 Nov is 00:30 WIB on 21 Nov: the window ends on 28 Nov.
    scenario = {**BASE, "category": "money_politics", "actor": "paslon", "election": "pilbup",
                "occurred_at": "2024-11-20T17:00:00+00:00", "known_at": "2024-11-20T17:30:00+00:00",
                "received_at": "2024-11-28T20:00:00+07:00"}  # fmt: skip
    result = route(capsys, tmp_path, scenario)
    assert result["report_deadline"] == "2024-11-28T23:59:59+07:00" and result["admissible"] is True


def test_laporan_decision_is_3_plus_2_days_from_receipt(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = route(capsys, tmp_path, {**BASE, "category": "hoax", "actor": "paslon", "election": "pilgub"})
    assert result["decision_due"] == "2024-11-25T23:59:59+07:00"  # received 22 Nov + 3
    assert result["decision_due_extended"] == "2024-11-27T23:59:59+07:00"  # + 2


def test_temuan_clocks_run_from_knowledge_and_have_no_report_window(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    times = {"occurred_at": "2024-11-25T08:00:00+07:00", "known_at": "2024-11-25T09:00:00+07:00"}
    scenario = {"kind": "temuan", **sc("off_schedule_campaign", "paslon", "pilbup"), **times}
    result = route(capsys, tmp_path, scenario)
    assert result["report_deadline"] is None and result["admissible"] is True and result["reasons"] == []
    assert result["decision_due"] == "2024-11-28T23:59:59+07:00"  # known 25 Nov + 3
    assert result["decision_due_extended"] == "2024-11-30T23:59:59+07:00"


@pytest.mark.parametrize(
    ("received", "handler"),
    [("2024-08-22T10:00:00+07:00", "kasn"), ("2024-08-23T23:59:00+07:00", "kasn"),
     ("2024-08-24T00:00:00+07:00", "bkn"), ("2024-09-30T10:00:00+07:00", "bkn")],
)  # fmt: skip
def test_civil_servants_go_to_kasn_before_24_august_2024_and_to_bkn_from_then(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, received: str, handler: str
) -> None:
    scenario = {"kind": "laporan", "category": "official_neutrality", "actor": "asn", "election": "pilgub",
                "occurred_at": "2024-08-20T08:00:00+07:00", "known_at": "2024-08-20T09:00:00+07:00",
                "received_at": received}  # fmt: skip
    result = route(capsys, tmp_path, scenario)
    assert (result["track"], result["handler"]) == ("hukum_lain", handler)


def test_text_output_is_a_table(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({**BASE, "category": "hoax", "actor": "warga", "election": "pilbup"}))
    result = run_cli(capsys, "law", "route", "--in", str(path))
    assert result.code == 0 and "polri" in result.stdout and "hukum_lain" in result.stdout


def bad(**changes: Any) -> str:
    return json.dumps({**BASE, **sc("hoax", "paslon", "pilbup"), **changes})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"kind": "laporan",\n "category": ', ":2: not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (bad(category="vote_rigging"), "[category]"),
        (bad(actor="alien"), "[actor]"),
        (bad(election="pilpres"), "[election]"),
        (bad(known_at="2024-11-20T12:00:00"), "offset"),
        (bad(recieved_at="x"), "[recieved_at]: unknown field"),
        (bad(received_at="2024-11-19T09:00:00+07:00"), "received_at is before known_at"),
        (bad(known_at="2024-11-19T09:00:00+07:00"), "known_at is before occurred_at"),
        (bad(kind="temuan"), "received_at is for a laporan only"),
        (bad(kind="pengaduan"), "[kind]"),
        (json.dumps({"kind": "laporan", **sc("hoax", "paslon", "pilbup")}), "[known_at]: required"),
        (bad(category=7), "must be a string"),
    ],
)
def test_bad_scenarios_are_refused_naming_file_line_and_field(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in refused(capsys, tmp_path, text)


def test_a_missing_or_binary_file_is_refused(
    on_catalogue_db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run_cli(capsys, "law", "route", "--in", str(tmp_path / "none.json")).code == 2
    path = tmp_path / "binary.json"
    path.write_bytes(b"\xff\xfe{}")
    result = run_cli(capsys, "law", "route", "--in", str(path))
    assert result.code == 2 and "UTF-8" in result.stderr


def test_a_database_without_the_catalogue_routes_with_the_bundled_package(
    empty_app: App, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWAS_DATABASE_URL", empty_app.settings.resolved_database_url)
    result = route(
        capsys, tmp_path, {**BASE, "category": "money_politics", "actor": "paslon", "election": "pilgub"}
    )
    assert (result["track"], result["handler"]) == ("pidana", "gakkumdu")


def test_route_reads_the_catalogue_of_the_configured_database(
    on_app_db: App, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = route(capsys, tmp_path, {**BASE, **sc("official_neutrality", "asn", "pilgub")})
    assert (result["track"], result["handler"], result["admissible"]) == ("hukum_lain", "bkn", True)
