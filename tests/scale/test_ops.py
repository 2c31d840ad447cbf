"""Operators' endpoints (/healthz, /metrics in Prometheus text format) and JSON logs."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from awas.app import App
from awas.ingest.service import IngestService
from awas.scale.logs import JsonFormatter, _JsonHandler, configure_logging
from awas.scale.metrics import Family, render
from awas.settings import load_settings
from awas.web.application import create_app
from tests.support.cli import run_cli

SAMPLE = re.compile(
    r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.e+-]+(inf)?$'
)


def _metrics(text: str) -> dict[str, float]:
    values = {}
    for line in text.splitlines():
        if line.startswith("#"):
            assert re.match(r"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$", line), line
            continue
        assert SAMPLE.match(line), line
        name, value = line.rsplit(" ", 1)
        values[name] = float(value)
    return values


def test_metrics_show_the_queue_and_findings(app: App, corpus: Path) -> None:
    IngestService(app).import_file(corpus, "jsonl", actor="test")
    client = TestClient(create_app(app))
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    values = _metrics(response.text)
    assert values['awas_posts{stage="new"}'] == 3000
    assert values["awas_db_up"] == 1 and values["awas_queue_expired_leases"] == 0
    assert values["awas_queue_oldest_new_age_seconds"] >= 0
    assert "process_cpu_seconds_total" in values


def test_healthz_reports_the_database_and_schema(app: App) -> None:
    client = TestClient(create_app(app))
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "schema": "current"}
    app.db.dispose()
    broken = App(load_settings(env="test", database_url="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    response = TestClient(create_app(broken)).get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


def test_render_escapes_label_values() -> None:
    text = render([Family("x_total", "h", "counter").add(2, path='a"b\\c\nd')])
    assert text.splitlines()[-1] == 'x_total{path="a\\"b\\\\c\\nd"} 2'


@pytest.fixture
def json_logs() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _JsonHandler)]:
        root.removeHandler(handler)


def test_json_logs_are_one_object_per_line_with_extra_fields(
    json_logs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(load_settings(log_json=True))
    configure_logging(load_settings(log_json=True))  # idempotent
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("awas.test").exception("gagal", extra={"posts": 3})
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["message"] == "gagal" and entry["posts"] == 3 and entry["level"] == "ERROR"
    assert "ValueError: boom" in entry["exception"] and entry["ts"].endswith("+00:00")
    assert JsonFormatter().format(logging.LogRecord("n", 20, "p", 1, "x %s", ("y",), None)).count("\n") == 0


def test_cli_writes_json_logs_when_asked(
    json_logs: None, app: App, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWAS_DATABASE_URL", app.settings.resolved_database_url)
    monkeypatch.setenv("AWAS_HOME", str(app.settings.home))
    monkeypatch.setenv("AWAS_LOG_JSON", "true")
    result = run_cli(capsys, "detect", "run", "--format", "json")
    assert result.code == 0
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    finished = [e for e in entries if e["message"] == "detection run finished"]
    assert finished and finished[0]["engine"] == "local" and finished[0]["posts"] == 0
