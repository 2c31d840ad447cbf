"""`awas ingest`, `awas sources`, `awas accounts` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from tests.ingest.conftest import LoopbackServer, canonical, write_jsonl
from tests.support.cli import run_cli


@pytest.fixture
def on_app_db(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    return app


def test_import_prints_counts_and_json(
    on_app_db: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", [canonical("1"), "{rusak", canonical("2")])
    result = run_cli(capsys, "ingest", "import", str(path), "--format", "jsonl", "--output", "json")
    assert result.code == 0
    summary = json.loads(result.stdout)
    assert (summary["accepted"], summary["rejected"], summary["total"]) == (2, 1, 3)
    assert "2 baru, 0 sudah ada, 1 ditolak" in result.stderr and f"{path}:2" in result.stderr
    listed = run_cli(capsys, "ingest", "quarantine", "--format", "json")
    assert json.loads(listed.stdout)[0]["baris"] == 2


def test_an_unknown_format_is_a_usage_error(
    on_app_db: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", [canonical("1")])
    result = run_cli(capsys, "ingest", "import", str(path), "--format", "myspace")
    assert result.code == 2 and "myspace" in result.stderr


def test_listening_csv_needs_a_mapping(
    on_app_db: App, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(
        capsys, "ingest", "import", str(samples / "listening_export.csv"), "--format", "listening-csv"
    )
    assert result.code == 2 and "pemetaan" in result.stderr
    ok = run_cli(
        capsys,
        "ingest",
        "import",
        str(samples / "listening_export.csv"),
        "--format",
        "listening-csv",
        "--mapping",
        str(samples / "listening-mapping.yaml"),
    )
    assert ok.code == 0 and "0 ditolak" in ok.stderr


def test_sources_add_list_run_and_remove(
    on_app_db: App, http_server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    http_server.static(
        "/rss.xml", "<rss version='2.0'><channel><title>t</title></channel></rss>", "application/rss+xml"
    )
    assert run_cli(capsys, "sources", "add", "uji", "--url", http_server.base + "/rss.xml").code == 0
    assert run_cli(capsys, "sources", "add", "uji", "--url", http_server.base + "/rss.xml").code == 2
    assert run_cli(capsys, "sources", "add", "lain", "--url", "ftp://x", "--kind", "rss").code == 2
    assert run_cli(capsys, "sources", "add", "lain", "--url", "http://x", "--kind", "gopher").code == 2
    listed = json.loads(run_cli(capsys, "sources", "list", "--format", "json").stdout)
    assert [(s["nama"], s["status"]) for s in listed] == [("uji", "unverified")]
    ran = run_cli(capsys, "ingest", "run", "--source", "uji", "--output", "json")
    assert ran.code == 0 and json.loads(ran.stdout)[0]["rejected"] == 0
    followed = run_cli(capsys, "ingest", "run", "--follow", "--rounds", "2", "--tick", "0")
    assert followed.code == 0 and followed.stderr.count("uji:") == 1  # due again only after its interval
    assert run_cli(capsys, "sources", "remove", "uji").code == 0
    assert run_cli(capsys, "sources", "remove", "uji").code == 2


def test_sources_seed_marks_every_feed_unverified(on_app_db: App, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "sources", "seed").code == 0
    listed = json.loads(run_cli(capsys, "sources", "list", "--format", "json").stdout)
    assert len(listed) >= 15 and {s["status"] for s in listed} == {"unverified"}
    assert "antara-jambi" in {s["nama"] for s in listed}
    assert run_cli(capsys, "sources", "seed").code == 0
    assert len(json.loads(run_cli(capsys, "sources", "list", "--format", "json").stdout)) == len(listed)


def test_accounts_import_list_and_unregistered(
    on_app_db: App, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = run_cli(
        capsys, "accounts", "import", str(samples / "campaign_accounts.csv"), "--format", "json"
    )
    assert imported.code == 0 and json.loads(imported.stdout)["new"] > 20
    run_cli(capsys, "ingest", "import", str(samples / "posts.jsonl"), "--format", "jsonl")
    listed = json.loads(
        run_cli(capsys, "accounts", "list", "--paslon", "pilgub-15-2024#2", "--format", "json").stdout
    )
    assert listed and {a["paslon"] for a in listed} == {"pilgub-15-2024#2"}
    unregistered = json.loads(
        run_cli(capsys, "accounts", "list", "--unregistered", "--format", "json").stdout
    )
    assert len(unregistered) >= 6 and all(u["pos kampanye"] >= 2 for u in unregistered)
    added = run_cli(
        capsys,
        "accounts",
        "add",
        "--paslon",
        "pilgub-15-2024#1",
        "--platform",
        "x",
        "--handle",
        "@baru_demo",
        "--registered",
        "2024-09-24",
    )
    assert added.code == 0
    bad = run_cli(
        capsys, "accounts", "add", "--paslon", "pilgub-15-2024#7", "--platform", "x", "--handle", "z"
    )
    assert bad.code == 2 and "paslon tidak dikenal" in bad.stderr
    assert run_cli(capsys, "accounts", "deactivate", "x", "baru_demo", "--at", "2024-11-23").code == 0
    assert run_cli(capsys, "accounts", "deactivate", "x", "tidak_ada").code == 2


def test_live_collectors_take_their_key_from_a_named_variable(
    on_app_db: App, capsys: pytest.CaptureFixture[str]
) -> None:
    added = run_cli(
        capsys,
        "sources",
        "add",
        "yt",
        "--kind",
        "youtube-search",
        "--url",
        "https://www.googleapis.com",
        "--query",
        "pilkada jambi",
        "--key-env",
        "KUNCI_YT",
        "--interval",
        "600",
    )
    assert added.code == 0
    listed = json.loads(run_cli(capsys, "sources", "list", "--format", "json").stdout)
    assert listed[0]["config"] == {"query": "pilkada jambi", "interval_s": 600, "key_env": "KUNCI_YT"}
