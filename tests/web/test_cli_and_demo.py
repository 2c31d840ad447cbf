"""`awas risk`, `awas serve token` and the web demo step, as a user runs them."""

from __future__ import annotations

import json

import pytest

from awas.app import App
from awas.web.demo_step import prepare_dashboard
from tests.support.cli import run_cli


@pytest.fixture
def on_app_db(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    return app


def test_risk_show_snapshot_and_trend(on_app_db: App, capsys: pytest.CaptureFixture[str]) -> None:
    shown = run_cli(capsys, "risk", "show", "--as-of", "2024-11-27T00:00:00+07:00", "--format", "json")
    assert shown.code == 0
    units = json.loads(shown.stdout)["units"]
    assert len(units) == 11 and units[0]["kode"] == "15.03"
    backfill = [
        "risk",
        "snapshot",
        "--since",
        "2024-11-01T00:00:00+07:00",
        "--as-of",
        "2024-11-29T00:00:00+07:00",
    ]
    assert run_cli(capsys, *backfill).code == 0
    trend = json.loads(run_cli(capsys, "risk", "trend", "--region", "15.71", "--format", "json").stdout)
    assert len(trend) == 5
    assert run_cli(capsys, "risk", "show", "--as-of", "yesterday").code == 2
    assert run_cli(capsys, "risk", "show", "--as-of", "2999-01-01T00:00:00+07:00").code == 2


def test_token_create_list_revoke(on_app_db: App, capsys: pytest.CaptureFixture[str]) -> None:
    prepare_dashboard(on_app_db, "test")
    created = run_cli(
        capsys, "serve", "token", "create", "analis.bawaslu", "--name", "sirekap-bot", "--format", "json"
    )
    assert created.code == 0 and json.loads(created.stdout)["token"].startswith("awas_")
    listed = json.loads(run_cli(capsys, "serve", "token", "list", "--format", "json").stdout)
    assert [t["nama"] for t in listed] == ["sirekap-bot"] and "awas_" not in json.dumps(listed).replace(
        listed[0]["awalan"], ""
    )
    assert run_cli(capsys, "serve", "token", "revoke", str(listed[0]["id"])).code == 0
    assert run_cli(capsys, "serve", "token", "create", "nobody", "--name", "x").code == 2
    assert run_cli(capsys, "serve", "token", "create", "analis.bawaslu", "--name", "<b>").code == 2


def test_the_demo_step_is_idempotent(app: App) -> None:
    first = prepare_dashboard(app, "demo")
    second = prepare_dashboard(app, "demo")
    assert first.summary["admin.bawaslu"] == second.summary["admin.bawaslu"] == "admin · bawaslu-15"
    assert first.summary["kata sandi demo"] == "awas-demo-2024"
