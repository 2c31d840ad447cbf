"""Web benchmark: dashboard pages under 50 concurrent clients on loopback (wrk), SQLite and PostgreSQL.

    python bench/bench_web.py [--posts 1000000] [--findings 100000] [--duration 20] [--connections 50]
                              [--postgres] [--pages overview,map]

1. Builds a database with the bundled reference data, the demo accounts and synthetic rows written
   directly into `posts` and `findings` (spread over 11 kab/kota, 144 kecamatan, 18 categories and the
   2024 campaign months); not timed.
2. Starts `awas.web.server.serve` (one uvicorn process) on a free loopback port, signs in once.
3. Per page: one cold request (caches empty: the real aggregate cost), then `wrk --latency` with the
   session cookie for `--duration` seconds; p50/p95/p99 come from wrk's own histogram (Lua `done`).

More pages join with one line in PAGES (feed, case board, recap, clusters, when integrated).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
from bench.harness import OUT, machine  # noqa: E402

PAGES: dict[str, str] = {
    "overview": "/overview",
    "map": "/map",
    "overview (JSON)": "/api/overview",
    "map (JSON)": "/api/map",
}
CATEGORIES = (
    "hate_speech",
    "abusive",
    "sara",
    "defamation",
    "hoax",
    "violence_threat",
    "money_politics",
    "official_neutrality",
    "government_facilities",
    "off_schedule_campaign",
)
START = datetime(2024, 9, 25, tzinfo=UTC)  # campaign period start
SPAN_SECONDS = int(timedelta(days=70).total_seconds())
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("AWAS-RESULT %d %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests, summary.errors.status + summary.errors.connect +
    summary.errors.read + summary.errors.write + summary.errors.timeout, summary.duration))
end
"""


def _kecamatan(core: Any) -> list[str]:
    return [r.code for r in core.reference.regions.values() if r.level.value == "kecamatan"]


def _rows(
    n_posts: int, n_findings: int, kecamatan: list[str]
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    rnd = random.Random(2024)
    when = [START + timedelta(seconds=rnd.randrange(SPAN_SECONDS)) for _ in range(n_posts)]
    region = [rnd.choice(kecamatan) for _ in range(n_posts)]
    posts = [
        (
            "x",
            f"p{i}",
            f"a{i % 50_000}",
            f"konten kampanye {i}",
            when[i].strftime("%Y-%m-%d %H:%M:%S.000000"),
            "[]",
            "[]",
            "[]",
            "[]",
            "{}",
            region[i],
            "{}",
            "0" * 64,
            when[i].strftime("%Y-%m-%d %H:%M:%S.000000"),
            "new",
        )
        for i in range(n_posts)
    ]
    findings = [
        (
            "post",
            f"x:p{i}",
            i + 1,
            rnd.choice(CATEGORIES),
            0.8,
            "bench",
            "1",
            "[]",
            "[]",
            region[i],
            "{}",
            when[i].strftime("%Y-%m-%d %H:%M:%S.000000"),
            rnd.choice(("open", "open", "confirmed", "rejected")),
        )
        for i in range(0, n_posts, max(1, n_posts // n_findings))
    ][:n_findings]
    return posts, findings


POST_COLUMNS = (
    "platform",
    "post_id",
    "author_id",
    "text",
    "created_at",
    "urls",
    "hashtags",
    "mentions",
    "media",
    "metrics",
    "region_code",
    "raw",
    "raw_sha256",
    "ingested_at",
    "stage",
)
FINDING_COLUMNS = (
    "subject_type",
    "subject_id",
    "post_pk",
    "category",
    "score",
    "detector",
    "detector_version",
    "evidence",
    "legal_basis",
    "region_code",
    "details",
    "created_at",
    "review_status",
)


def build_database(url: str, n_posts: int, n_findings: int) -> None:
    from awas.access.demo import ensure_demo_users
    from awas.app import App
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.settings import load_settings

    core = App(load_settings(database_url=url, home=Path(tempfile.mkdtemp())))
    core.upgrade_schema()
    load_package(core.db, validate_package(bundled_package_dir()))
    ensure_demo_users(core)
    posts, findings = _rows(n_posts, n_findings, _kecamatan(core))
    raw = core.db.engine.raw_connection()
    try:
        if core.db.is_sqlite:
            raw.cursor().execute("BEGIN")
        _bulk(raw, core.db.is_sqlite, "posts", POST_COLUMNS, posts)
        _bulk(raw, core.db.is_sqlite, "findings", FINDING_COLUMNS, findings)
        raw.commit()
        cursor = raw.cursor()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        core.close()


def _bulk(raw: Any, sqlite: bool, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    cursor = raw.cursor()
    if sqlite:
        marks = ",".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", rows)
        return
    with cursor.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _free_port() -> int:
    from awas.store.pgcluster import free_port

    return free_port()


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "AWAS_DATABASE_URL": url,
        "AWAS_HOME": tempfile.mkdtemp(),
        "PYTHONPATH": str(ROOT / "src"),
    }
    code = f"from awas.app import App; from awas.web.server import serve; serve(App(), '127.0.0.1', {port})"
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    import httpx

    for _ in range(200):
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


def cold_request(port: int, path: str, cookie: str) -> float:
    import httpx

    start = time.perf_counter()
    response = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"cookie": cookie}, timeout=120)
    response.raise_for_status()
    return time.perf_counter() - start


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


def bench_backend(name: str, url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    started = time.perf_counter()
    build_database(url, args.posts, args.findings)
    print(f"# {name}: database built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    port = _free_port()
    server = start_server(url, port)
    results = []
    try:
        cookie = session_cookie(port)
        for page in args.pages.split(","):
            path = PAGES[page]
            cold = cold_request(port, path, cookie)
            stats = run_wrk(port, path, cookie, args.duration, args.connections)
            row = {
                "backend": name,
                "page": page,
                "path": path,
                "cold_s": cold,
                **stats,
                "loadavg": _loadavg(),
            }
            print(_row(row), flush=True)
            results.append(row)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def _loadavg() -> str:
    return (
        Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()
        if Path("/proc/loadavg").exists()
        else ""
    )


def _row(r: dict[str, Any]) -> str:
    return (
        f"| {r['backend']} | {r['page']} | {r['cold_s'] * 1000:.0f} ms | {r['p50_ms']:.0f} ms | "
        f"{r['p95_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {r['rps']:.0f} | {r['errors']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk; scripts/ensure-system-packages.sh does it)")
    print("| backend | page | cold | p50 | p95 | p99 | req/s | errors |\n|---|---|---|---|---|---|---|---|")
    results = bench_backend("sqlite", f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}", args)
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
