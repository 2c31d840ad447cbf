"""`awas serve --workers 2`: two uvicorn processes share the socket and one database; sessions, the
login limit and the principal cache work whichever process answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from awas.app import App
from awas.store.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_workers(sqlite_web: App) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWAS_")}
    env |= {
        "AWAS_DATABASE_URL": sqlite_web.settings.resolved_database_url,
        "AWAS_HOME": str(sqlite_web.settings.home),
        "AWAS_SECRET_KEY": sqlite_web.settings.secret_key.get_secret_value(),
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [sys.executable, "-m", "awas", "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError((proc.stderr.read() if proc.stderr else b"").decode()[-2000:])
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _login(base: str, password: str) -> httpx.Response:
    # The cookie is Secure: carry it by hand over plain http on loopback.
    form = httpx.get(f"{base}/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    cookie = re.search(r"awas_session=([^;]+)", form.headers["set-cookie"])
    assert token and cookie
    data = {"username": "analis.bawaslu", "password": password, "csrf_token": token[1]}
    return httpx.post(f"{base}/login", data=data, headers={"cookie": f"awas_session={cookie[1]}"})


def test_two_workers_share_sessions_and_the_login_limit(two_workers: tuple[str, int]) -> None:
    base, pid = two_workers
    assert len(_children(pid)) >= 2  # the worker processes (uvicorn's supervisor is the parent)
    ok = _login(base, "awas-demo-2024")
    assert ok.status_code == 303
    session = re.search(r"awas_session=([^;]+)", ok.headers["set-cookie"])
    assert session
    statuses = {
        httpx.get(f"{base}/api/overview", headers={"cookie": f"awas_session={session[1]}"}).status_code
        for _ in range(20)
    }
    assert statuses == {200}  # whichever worker answers knows the session
    failures = [_login(base, "wrong-password").status_code for _ in range(6)]
    assert failures[:5] == [401] * 5 and failures[5] == 429  # counted in the database, across workers
