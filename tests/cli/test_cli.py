"""The CLI end to end, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from tests.integration.story import check_story, read_story
from tests.support.cli import run_cli


@pytest.fixture
def on_app_db(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    return app


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--help")
    assert result.code == 0
    for command in ("db", "reference", "demo"):
        assert command in result.stdout


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "frobnicate").code == 2


def test_db_upgrade_creates_the_schema_then_is_a_noop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("AWAS_HOME", str(tmp_path))
    first = run_cli(capsys, "db", "upgrade")
    assert first.code == 0 and "0001_foundation" in first.stderr
    assert "already up to date" in run_cli(capsys, "db", "upgrade").stderr
    status = json.loads(run_cli(capsys, "db", "status", "--format", "json").stdout)
    assert status["up_to_date"] and status["database"].endswith("awas.db")


def test_reference_show_prints_json_with_source_status(
    on_app_db: App, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "reference", "show", "categories", "--format", "json")
    assert result.code == 0
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} >= {"money_politics", "official_neutrality", "sara"}
    assert all(r["status"] in ("verified", "sourced", "conflict", "unverified") for r in rows)


def test_reference_show_paslon_of_one_election(on_app_db: App, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "reference", "show", "paslon", "--filter", "pilgub-15-2024", "--format", "json")
    assert [(r["no"], r["singkatan"]) for r in json.loads(result.stdout)] == [
        (1, "Romi-Sudirman"),
        (2, "Haris-Sani"),
    ]


def test_reference_show_unknown_view_exits_2(on_app_db: App, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "reference", "show", "unicorns")
    assert result.code == 2 and "unknown view" in result.stderr


def test_reference_validate_exits_2_for_a_missing_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    result = run_cli(capsys, "reference", "validate", str(tmp_path / "nope"))
    assert result.code == 2 and "not a folder" in result.stderr


def test_reference_load_twice_reports_no_change(on_app_db: App, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "reference", "load", "--format", "json")
    assert result.code == 0 and json.loads(result.stdout)["changed"] is False


def test_demo_without_server_runs_twice_on_a_fresh_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWAS_")} | {"AWAS_HOME": str(tmp_path)}
    stories = []
    for expected in ("ya", "tidak"):
        proc = subprocess.run(
            [sys.executable, "-m", "awas", "demo", "--no-serve"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert "1585" in proc.stdout and expected in proc.stdout
        assert "TIDAK UTUH" not in proc.stdout and "ditolak: aturan F" in proc.stdout
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'awas.db'}")
        with engine.connect() as conn:
            stories.append(read_story(conn))
        engine.dispose()
        check_story(stories[-1], tmp_path / "data" / "evidence-packages")
    assert stories[0] == stories[1]  # the second run changed nothing
