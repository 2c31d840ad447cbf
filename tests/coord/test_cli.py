"""`awas coord` as a user runs it: JSONL in, contract JSON or GraphML out; store mode, show, export."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from awas.app import App
from awas.coord.demo import detect_demo, sample_path
from tests.coord.streams import frame_of, planted_stream, store_frame, write_jsonl
from tests.support.cli import run_cli


@pytest.fixture
def on_app_db(app: App, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    return app


def test_detect_on_a_file_prints_the_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, planted = planted_stream()
    result = run_cli(capsys, "coord", "detect", "--in", str(write_jsonl(rows, tmp_path / "p.jsonl")))
    assert result.code == 0, result.stderr
    clusters = json.loads(result.stdout)["clusters"]
    assert {c["kind"] for c in clusters} == set(planted)
    assert all(
        set(c) >= {"id", "kind", "accounts", "posts", "score", "first_at", "last_at"} for c in clusters
    )


def test_detect_graphml_and_an_analyst_window(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, _planted = planted_stream()
    path = write_jsonl(rows, tmp_path / "p.jsonl")
    result = run_cli(capsys, "coord", "detect", "--in", str(path), "--window", "120", "--format", "graphml")
    assert result.code == 0 and "jendela" in result.stderr and '"co_link": 120' in result.stderr
    assert ET.fromstring(result.stdout).tag.endswith("graphml")


def test_bad_file_and_bad_options_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"platform": "x"}\nnot json\n', encoding="utf-8")
    result = run_cli(capsys, "coord", "detect", "--in", str(bad))
    assert result.code == 2 and f"{bad}:2" in result.stderr and result.stdout == ""
    assert run_cli(capsys, "coord", "detect", "--in", str(bad), "--window", "0").code == 2
    assert run_cli(capsys, "coord", "detect", "--in", str(bad), "--format", "xml").code == 2


def test_store_mode_show_and_exports(
    on_app_db: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows, planted = planted_stream()
    store_frame(on_app_db, frame_of(rows))
    detected = run_cli(capsys, "coord", "detect", "--window", "300")
    assert detected.code == 0, detected.stderr
    first = json.loads(detected.stdout)["clusters"][0]
    shown = run_cli(capsys, "coord", "show", first["id"], "--format", "json")
    assert json.loads(shown.stdout)["cluster"]["accounts"] == first["accounts"]
    assert "tidak terdaftar" in run_cli(capsys, "coord", "show", first["id"]).stdout
    assert run_cli(capsys, "coord", "show", "ndt-nothing").code == 2
    for fmt in ("graphml", "gexf", "png"):
        out = tmp_path / f"net.{fmt}"
        assert run_cli(capsys, "coord", "export", "--format", fmt, "--out", str(out)).code == 0
    graph = nx.read_gexf(tmp_path / "net.gexf")
    assert set(graph.nodes) == set().union(*planted.values())
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    listed = run_cli(capsys, "coord", "list", "--format", "json")
    assert len(json.loads(listed.stdout)["clusters"]) == len(json.loads(detected.stdout)["clusters"])


def test_demo_step_is_idempotent_and_finds_the_planted_campaigns(app: App) -> None:
    first = detect_demo(app, "test")  # an empty store: the sample is imported through intake
    second = detect_demo(app, "test")
    assert first.summary["post contoh ditambahkan"] == 3000 and second.summary["post contoh ditambahkan"] == 0
    assert (
        second.summary["post baru diperiksa"] == 0
        and first.summary["klaster"] == second.summary["klaster"] >= 4
    )
    assert sample_path().exists()
