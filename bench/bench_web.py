"""Web benchmark: dashboard pages under 50 concurrent clients on loopback (wrk), SQLite and PostgreSQL.

    python bench/bench_web.py [--posts 1000000] [--findings 100000] [--cases 10000] [--duration 20]
                              [--connections 50] [--workers 2] [--postgres] [--pages overview,map]

1. Builds the database of `bench/web_data.py` (not timed).
2. Starts `awas serve --workers N` (uvicorn worker processes sharing the socket) on a free loopback
   port and signs in once as the province analyst (sees every case and finding).
3. Per page: one cold request (caches empty: the real aggregate cost), then `wrk --latency` with the
   session cookie for `--duration` seconds; p50/p95/p99 come from wrk's own histogram (Lua `done`).
   The CPU time the server processes used during the wrk run, divided by the requests served, is the
   cost per request that does not depend on how busy the machine was (wrk's own CPU is not in it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
from bench.harness import OUT, machine  # noqa: E402
from bench.web_data import build_database  # noqa: E402

# "{after}" is the keyset cursor of the page's second page, read from the JSON twin before the run.
PAGES: dict[str, str] = {
    "overview": "/overview",
    "feed (category; page 2)": "/feed?category=hoax&after={after}",
    "feed (kab/kota; unregistered)": "/feed?region=15.71&account=unregistered",
    "case board": "/cases",
    "map": "/map",
    "overview (JSON)": "/api/overview",
    "feed (JSON; page 2)": "/api/feed?category=hoax&after={after}",
    "case board (JSON)": "/api/cases",
}
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("AWAS-RESULT %d %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests, summary.errors.status + summary.errors.connect +
    summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration))
end
"""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "AWAS_DATABASE_URL": url,
        "AWAS_HOME": tempfile.mkdtemp(),
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = [sys.executable, "-m", "awas", "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    import httpx

    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(
        "server did not start: " + (proc.stderr.read() if proc.stderr else b"").decode()[-2000:]
    )


def session_cookie(port: int) -> str:
    import httpx

    from awas.access.demo import DEMO_PASSWORD

    # The cookie is Secure, so httpx keeps it off plain http: carry it by hand (wrk sends it as given).
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        anonymous = re.search(r"awas_session=([^;]+)", form.headers.get("set-cookie", ""))
        assert token and anonymous
        response = client.post(
            "/login",
            data={"username": "analis.bawaslu", "password": DEMO_PASSWORD, "csrf_token": token[1]},
            headers={"cookie": f"awas_session={anonymous[1]}"},
        )
        cookie = response.headers.get("set-cookie", "") if response.status_code == 303 else ""
    match = re.search(r"awas_session=([^;]+)", cookie)
    if not match:
        raise RuntimeError("login failed in the benchmark")
    return f"awas_session={match[1]}"


def resolve_path(port: int, path: str, cookie: str) -> str:
    """Fill `{after}` with the cursor of the second page (from the JSON twin of the first page)."""
    if "{after}" not in path:
        return path
    import httpx

    first = (
        path.replace("&after={after}", "").replace("/feed?", "/api/feed?", 1).replace("/api/api/", "/api/")
    )
    cursor = httpx.get(f"http://127.0.0.1:{port}{first}", headers={"cookie": cookie}, timeout=120).json()
    return path.replace("{after}", str(cursor["next_after"]))


def cold_request(port: int, path: str, cookie: str) -> float:
    import httpx

    start = time.perf_counter()
    response = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"cookie": cookie}, timeout=120)
    response.raise_for_status()
    return time.perf_counter() - start


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of the server process and its worker processes (from /proc)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1]: the parent pid
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def run_wrk(port: int, path: str, cookie: str, duration: int, connections: int) -> dict[str, float]:
    script = Path(tempfile.mkdtemp()) / "p95.lua"
    script.write_text(LUA)
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        "-H",
        f"Cookie: {cookie}",
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in output.splitlines() if ln.startswith("AWAS-RESULT"))
    p50, p95, p99, requests, errors, micros = (int(v) for v in line.split()[1:])
    return {
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "requests": requests,
        "errors": errors,
        "rps": requests / (micros / 1e6),
    }


def bench_page(
    server: subprocess.Popen[bytes], port: int, name: str, cookie: str, args: argparse.Namespace
) -> dict[str, Any]:
    path = resolve_path(port, PAGES[name], cookie)
    cold = cold_request(port, path, cookie)
    before, load_before = server_cpu_seconds(server.pid), _loadavg()
    stats = run_wrk(port, path, cookie, args.duration, args.connections)
    cpu = server_cpu_seconds(server.pid) - before
    return {
        "page": name,
        "path": path,
        "cold_s": cold,
        **stats,
        "server_cpu_ms_per_request": 1000 * cpu / max(1, stats["requests"]),
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
    }


def bench_backend(name: str, url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    started = time.perf_counter()
    build_database(url, args.posts, args.findings, args.cases)
    print(f"# {name}: database built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    port = _free_port()
    server = start_server(url, port, args.workers)
    results = []
    try:
        cookie = session_cookie(port)
        for page in args.pages.split(","):
            row = {"backend": name, **bench_page(server, port, page, cookie, args)}
            print(_row(row), flush=True)
            results.append(row)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def _free_port() -> int:
    from awas.store.pgcluster import free_port

    return free_port()


def _loadavg() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else ""


def _row(r: dict[str, Any]) -> str:
    return (
        f"| {r['backend']} | {r['page']} | {r['cold_s'] * 1000:.0f} ms | {r['p50_ms']:.0f} ms | "
        f"{r['p95_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {r['rps']:.0f} | "
        f"{r['server_cpu_ms_per_request']:.1f} ms | {r['errors']} | {r['loadavg_before']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk; scripts/ensure-system-packages.sh does it)")
    print("| backend | page | cold | p50 | p95 | p99 | req/s | server CPU/req | errors | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    results = (
        []
        if args.no_sqlite
        else bench_backend("sqlite", f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", args)
    )
    if args.postgres:
        results += _postgres(args)
    OUT.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": "web", "machine": machine(), "args": vars(args), "results": results}
    (OUT / "web.json").write_text(json.dumps(payload, indent=2) + "\n")


def _postgres(args: argparse.Namespace) -> list[dict[str, Any]]:
    from awas.store.pgcluster import PostgresCluster

    cluster = PostgresCluster(durable=True)
    cluster.start()
    try:
        cluster.execute("CREATE DATABASE bench_web")
        return bench_backend("postgres", cluster.url("bench_web"), args)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
