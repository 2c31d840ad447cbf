"""The Ray engine against a real local Ray (2 CPUs): same stored posts and findings as the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.scale_compare import differences, stored_state

from awas.app import App
from awas.ingest.importers import jsonl_importer
from awas.scale.detect_run import run_detection_on
from awas.scale.engine import EngineChoice, open_engine
from awas.scale.ingest_run import import_file

pytestmark = [pytest.mark.ray, pytest.mark.usefixtures("ray_cluster")]


def _import_and_detect(core: App, corpus: Path, engine_name: str) -> None:
    with open_engine(EngineChoice.parse(engine_name)) as engine:
        summary = import_file(core, corpus, "jsonl", actor="test", engine=engine)
        assert summary.accepted == 3000 and summary.rejected == 0
        run_detection_on(core, "test", engine, batch_size=250)


def test_ray_import_and_detect_store_what_local_stores(
    twin_apps: tuple[App, App], corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_importer, "BLOCK_BYTES", 128 * 1024)  # a dozen chunks, not one
    local, ray = twin_apps
    _import_and_detect(local, corpus, "local")
    _import_and_detect(ray, corpus, "ray")
    state = stored_state(ray)
    assert len(state["posts"]) == 3000
    assert len(state["findings"]) > 300  # the corpus is findings-heavy: the comparison is not vacuous
    assert {row[-1] for row in state["posts"]} == {"'detected'"}
    assert differences(local, ray) == {}
