"""Watch benchmark: one cycle over 500 endpoints served locally (issue 11 target: ≤ 30 s on 2 cores),
with bounded concurrency (AWAS_WATCH_WORKERS, 16) and per-host politeness (1 s between requests to a
host; 50 hosts × 10 endpoints, 10 of the hosts over HTTPS; 20 of the endpoints are Sirekap JSON).

    python bench/bench_watch.py [--repeat 3] [--endpoints 500] [--hosts 50]

The servers run in a separate process (bench/watch_servers.py). Each repetition, in a fresh process,
makes a fresh SQLite database with the reference data and the endpoints (not timed), runs a first
cycle (learning the baselines; reported as `first_cycle_s`) and times the second cycle, the steady
state a `watch run --follow` repeats. The 1 s host interval sets a floor of about 9 s (10 requests
per host after robots.txt).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
from bench.harness import header, measure, save  # noqa: E402


def cycle(bases: list[str], ca_file: str, endpoints: int) -> dict[str, Any]:
    from awas.app import App
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.settings import load_settings
    from awas.watch.config import load_watch_settings
    from awas.watch.endpoints import EndpointInput
    from awas.watch.service import WatchService

    home = Path(tempfile.mkdtemp(prefix="awas-bench-watch-"))
    app = App(load_settings(home=home, data_dir=home / "data"))
    app.upgrade_schema()
    load_package(app.db, validate_package(bundled_package_dir()))
    settings = load_watch_settings(ca_file=Path(ca_file), evidence=False, cases=False)
    svc = WatchService(app, settings)
    items = [_item(bases[i % len(bases)], i) for i in range(endpoints)]
    for item in items:
        svc.add(EndpointInput(**item), actor="bench")
    first = svc.run_cycle(actor="bench")
    started = time.perf_counter()
    second = svc.run_cycle(actor="bench")
    timed = time.perf_counter() - started
    return {
        "timed_seconds": timed,
        "first_cycle_s": round(first.seconds, 2),
        "codes": second.codes,
        "incidents": len(second.opened),
        "workers": settings.workers,
        "host_interval_s": settings.host_interval_s,
    }


def _item(base: str, i: int) -> dict[str, str]:
    if i % 25 == 0:
        return {
            "url": f"{base}/sirekap/{1571011001000 + i}.json",
            "kind": "sirekap_json",
            "owner_kind": "sirekap",
        }
    return {"url": f"{base}/halaman/{i}", "kind": "site", "owner_kind": "kpu"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--endpoints", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=50)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="awas-bench-servers-"))
    https = args.hosts // 5
    servers = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "watch_servers.py"),
            str(folder),
            "--http",
            str(args.hosts - https),
            "--https",
            str(https),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert servers.stdout is not None and servers.stdout.readline().strip() == "READY"
        info = json.loads((folder / "servers.json").read_text())
        header()
        result = measure(
            f"watch cycle, {args.endpoints} endpoints on {args.hosts} hosts",
            "bench.bench_watch:cycle",
            repeat=args.repeat,
            bases=info["bases"],
            ca_file=info["ca_file"],
            endpoints=args.endpoints,
        )
        print(json.dumps(result.extra))  # noqa: T201
        save("watch", [result], endpoints=args.endpoints, hosts=args.hosts)
    finally:
        servers.terminate()
        servers.wait()


if __name__ == "__main__":
    main()
