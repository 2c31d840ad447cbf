"""`--engine` and `--address` on the four commands, through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from awas.recap.paslon_map import SAMPLES_DIR
from tests.support.cli import run_cli

TPS = SAMPLES_DIR / "tps" / "pilpres2024_tps_kerinci_kotajambi.csv"


@pytest.fixture
def env(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    monkeypatch.setenv("AWAS_DATA_DIR", str(app.settings.resolved_data_dir))
    return app


@pytest.mark.parametrize(
    "args",
    [
        ("detect", "run", "--engine", "spark"),
        ("detect", "run", "--address", "ray://head:10001"),
        ("coord", "detect", "--engine", "dask"),
        ("recap", "audit", str(TPS), "--engine", "local", "--address", "auto"),
        ("ingest", "import", "x.jsonl", "--format", "jsonl", "--engine", "ray2"),
    ],
)
def test_bad_engine_options_exit_2_naming_the_option(
    env: App, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    result = run_cli(capsys, *args)
    assert result.code == 2
    assert "--engine" in result.stderr or "--address" in result.stderr


def test_local_engine_is_the_default_and_explicit(
    env: App, capsys: pytest.CaptureFixture[str], corpus: Path
) -> None:
    imported = run_cli(
        capsys, "ingest", "import", str(corpus), "--format", "jsonl", "--engine", "local", "--output", "json"
    )
    assert imported.code == 0 and json.loads(imported.stdout)["accepted"] == 3000
    detected = run_cli(capsys, "detect", "run", "--limit", "500", "--format", "json")
    assert detected.code == 0 and json.loads(detected.stdout)["posts"] == 500


@pytest.mark.ray
@pytest.mark.usefixtures("ray_cluster")
def test_every_command_runs_on_ray(
    env: App, capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    ray = ("--engine", "ray")
    imported = run_cli(capsys, "ingest", "import", str(corpus), "--format", "jsonl", *ray, "--output", "json")
    assert imported.code == 0, imported.stderr
    assert json.loads(imported.stdout)["accepted"] == 3000
    detected = run_cli(capsys, "detect", "run", "--batch-size", "500", "--format", "json", *ray)
    assert detected.code == 0, detected.stderr
    assert json.loads(detected.stdout)["posts"] == 3000 and json.loads(detected.stdout)["findings"] > 300
    local = run_cli(capsys, "coord", "detect", "--in", str(corpus), "--format", "json")
    on_ray = run_cli(capsys, "coord", "detect", "--in", str(corpus), "--format", "json", *ray)
    assert on_ray.code == 0, on_ray.stderr
    assert json.loads(on_ray.stdout) == json.loads(local.stdout)
    audit_local = run_cli(capsys, "recap", "audit", str(TPS), "--no-store")
    audit_ray = run_cli(capsys, "recap", "audit", str(TPS), "--no-store", *ray)
    assert audit_ray.code == 0, audit_ray.stderr
    assert audit_ray.stdout == audit_local.stdout and json.loads(audit_ray.stdout)["findings"]
