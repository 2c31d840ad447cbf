"""Fixtures for the recap tests: bundled samples, the CLI on the test database, JSON builders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from awas.app import App
from awas.recap.paslon_map import SAMPLES_DIR

FIXTURES = Path(__file__).parent / "fixtures"
TPS_SAMPLE = SAMPLES_DIR / "tps" / "pilpres2024_tps_kerinci_kotajambi.csv"
PILKADA = SAMPLES_DIR / "sirekap_pilkada2024_jambi"
OLD, NEW = PILKADA / "20241128T0123-9e11531", PILKADA / "20241128T1225-481f1a6"


@pytest.fixture
def on_app_db(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    """The CLI (`run_cli`) works on this test's database and data folder."""
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    monkeypatch.setenv("AWAS_DATA_DIR", str(app.settings.resolved_data_dir))
    return app


@pytest.fixture
def oracle() -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(
        (FIXTURES / "pilpres2024_tps_kerinci_kotajambi.expected-c-rules.json").read_text()
    )
    return data


def copy_snapshot(source: Path, target: Path) -> Path:
    """A writable copy of a bundled Pilkada snapshot folder."""
    shutil.copytree(source, target)
    return target


def edit_json(path: Path, change: Any) -> None:
    """Load a JSON file, let `change(data)` modify it in place, write it back."""
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def stored_files(app: App) -> list[Path]:
    root = app.settings.resolved_data_dir / "recap"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
