"""`awas watch` end to end through the real entry point: add, seed, list, run, status, incidents;
bad input names the file, line and field and stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awas.app import App
from tests.support.cli import run_cli
from tests.watch.servers import Site, page, serve_site


@pytest.fixture
def env(app: App, monkeypatch: pytest.MonkeyPatch, ca_file: Path) -> App:
    monkeypatch.setenv("AWAS_DATABASE_URL", str(app.db.url.render_as_string(hide_password=False)))
    monkeypatch.setenv("AWAS_DATA_DIR", str(app.settings.resolved_data_dir))
    monkeypatch.setenv("AWAS_WATCH_HOST_INTERVAL_S", "0")
    monkeypatch.setenv("AWAS_WATCH_TIMEOUT_S", "2")
    monkeypatch.setenv("AWAS_WATCH_CA_FILE", str(ca_file))
    return app


def test_add_run_status_and_incidents(env: App, capsys: pytest.CaptureFixture[str]) -> None:
    site = Site({"/": page(b"<html><title>Bawaslu</title><body><p>Halo</p></body></html>")})
    with serve_site(site):
        added = run_cli(
            capsys, "watch", "add", site.base + "/", "--name", "Bawaslu Lokal", "--owner-kind", "bawaslu"
        )
        assert added.code == 0 and "disimpan" in added.stderr
        ran = run_cli(capsys, "watch", "run", "--format", "json")
    assert ran.code == 0, ran.stderr
    result = json.loads(ran.stdout)
    assert result["cycle"]["endpoints"] == 1 and result["cycle"]["ok"] == 1 and "posts" in result
    status = json.loads(run_cli(capsys, "watch", "status", "--format", "json").stdout)
    assert status[0]["endpoint"]["name"] == "Bawaslu Lokal" and status[0]["status"] == "up"
    assert status[0]["headers"]["missing"]  # a bare test server sends no security headers
    listed = json.loads(run_cli(capsys, "watch", "list", "--format", "json").stdout)
    assert listed[0]["status"] == "unverified"
    assert json.loads(run_cli(capsys, "watch", "incidents", "--format", "json").stdout) == []
    text = run_cli(capsys, "watch", "status")
    assert "belum diverifikasi" in text.stdout


def test_seed_loads_the_bundled_list_marked_unverified(env: App, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "watch", "seed").code == 0
    listed = json.loads(run_cli(capsys, "watch", "list", "--format", "json").stdout)
    assert len(listed) == 40 and {e["status"] for e in listed} == {"unverified"}
    assert {e["kind"] for e in listed} == {"site", "sirekap_json"}
    assert run_cli(capsys, "watch", "seed").code == 0  # idempotent
    assert len(json.loads(run_cli(capsys, "watch", "list", "--format", "json").stdout)) == 40


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ("url,kind\nhttps://a.example/,site\nftp://b.example/,site\n", "titik.csv:3 [url]"),
        ("url,kind\nhttps://a.example/,halaman\n", "titik.csv:2 [kind]"),
        ("url,owner_org\nhttps://a.example/,kpu-99\n", "titik.csv:2 [owner_org]"),
        ("url,region_code\nhttps://a.example/,99.99\n", "titik.csv:2 [region_code]"),
        ("alamat\nhttps://a.example/\n", "titik.csv:1 [header]"),
        ("url\n\udcff", "bukan UTF-8"),
    ],
)
def test_a_bad_csv_names_line_and_field_and_stores_nothing(
    env: App, capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, where: str
) -> None:
    path = tmp_path / "titik.csv"
    path.write_bytes(content.encode("utf-8", errors="surrogateescape"))
    result = run_cli(capsys, "watch", "add", "--file", str(path))
    assert result.code == 2 and where in result.stderr
    assert json.loads(run_cli(capsys, "watch", "list", "--format", "json").stdout) == []


def test_bad_arguments_exit_2(env: App, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "watch", "add", "not a url").code == 2
    assert run_cli(capsys, "watch", "add").code == 2
    assert run_cli(capsys, "watch", "run", "--only", "apa").code == 2
    assert run_cli(capsys, "watch", "remove", "https://tidak.ada/").code == 2
    assert run_cli(capsys, "watch", "incidents", "99").code == 2
