"""kill -9 in the middle of an import loses nothing and duplicates nothing on restart (real subprocess)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.ingest.tables import ingest_runs
from awas.store.tables import posts

ROWS = 100_000


def _write(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(ROWS):
            record = {
                "platform": "facebook",
                "post_id": f"crash-{i}",
                "author_id": f"akun{i % 997}",
                "text": f"Ayo warga {i % 50} jaga pilkada damai di Jambi, jangan terima amplop nomor {i}",
                "created_at": f"2024-11-{1 + i % 26:02d}T10:{i % 60:02d}:00+07:00",
            }
            fh.write(json.dumps(record) + "\n")
    return path


def _import(url: str, path: Path, home: Path, workers: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"AWAS_DATABASE_URL": url, "AWAS_HOME": str(home), "AWAS_ENV": "test"}
    command = [
        sys.executable,
        "-m",
        "awas",
        "ingest",
        "import",
        str(path),
        "--format",
        "jsonl",
        "--workers",
        str(workers),
        "--output",
        "json",
    ]
    # A session of its own, so kill -9 takes the worker processes down with the importer.
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def _progress(app: App) -> tuple[int, int, str | None]:
    with app.db.read() as conn:
        run = conn.execute(
            sa.select(ingest_runs.c.line, ingest_runs.c.status).order_by(ingest_runs.c.id.desc())
        ).first()
        stored = conn.execute(sa.select(sa.func.count()).select_from(posts)).scalar_one()
    return (run.line if run else 0), int(stored), (run.status if run else None)


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_kill_9_mid_import_then_restart_stores_every_post_once(
    app: App, database_url: str, tmp_path: Path, workers: int
) -> None:
    path = _write(tmp_path / "big.jsonl")
    assert path.stat().st_size > 8 * 1024 * 1024  # big enough for the parallel path
    process = _import(database_url, path, tmp_path, workers)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and _progress(app)[0] == 0:
        time.sleep(0.05)
    assert process.poll() is None, "the import finished before it could be killed; make the file bigger"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    line, stored, status = _progress(app)
    assert status == "running" and 0 < line < ROWS
    assert stored > 0

    restart = _import(database_url, path, tmp_path, workers)
    out, err = restart.communicate(timeout=300)
    assert restart.returncode == 0, err.decode()
    summary = json.loads(out)
    assert summary["resumed_from_line"] == line
    assert (summary["accepted"], summary["existing"], summary["rejected"]) == (ROWS, 0, 0)
    with app.db.read() as conn:
        total, distinct = conn.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(posts.c.post_id))).select_from(posts)
        ).one()
    assert total == distinct == ROWS
