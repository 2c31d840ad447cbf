"""Benchmark harness: time a function in fresh processes, report median wall time and peak memory.

Each repetition runs `module:function(**kwargs)` in a new Python process, so peak RSS is that run's
own and no cache carries over. Peak RSS is the process's `VmHWM` (Linux): `ru_maxrss` survives
`exec` and would report the benchmark parent's size at the fork when the parent is the larger.
A function that must exclude its own setup from the timing returns `{"timed_seconds": ...}`;
otherwise the whole call is timed. Results are printed as a Markdown row and saved as JSON under
bench/out/ for docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

_CHILD = """
import importlib, json, resource, sys, time
module, _, name = sys.argv[1].partition(":")
kwargs = json.loads(sys.argv[2])
fn = getattr(importlib.import_module(module), name)
start = time.perf_counter()
extra = fn(**kwargs)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:  # the high-water mark of this process's own address space (reset by exec, unlike ru_maxrss)
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    pass
print("BENCH-RESULT " + json.dumps({"seconds": seconds, "peak_rss_mb": peak, "extra": extra}))
"""


@dataclass
class Result:
    name: str
    median_s: float
    min_s: float
    max_s: float
    peak_rss_mb: float
    runs: int
    extra: dict[str, Any]

    def row(self) -> str:
        return (
            f"| {self.name} | {self.median_s:.3f} s | {self.min_s:.3f}–{self.max_s:.3f} s | "
            f"{self.peak_rss_mb:.0f} MB | {self.runs} |"
        )


def run_once(target: str, **kwargs: Any) -> dict[str, Any]:
    env = os.environ | {"PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, target, json.dumps(kwargs)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH-RESULT ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark {target} failed:\n{proc.stderr[-3000:]}")
    return dict(json.loads(lines[-1].removeprefix("BENCH-RESULT ")))


def measure(name: str, target: str, repeat: int = 5, **kwargs: Any) -> Result:
    """Run `target` `repeat` times in fresh processes; median wall time, max peak RSS."""
    runs = [run_once(target, **kwargs) for _ in range(repeat)]
    seconds = [(r.get("extra") or {}).get("timed_seconds", r["seconds"]) for r in runs]
    result = Result(
        name,
        statistics.median(seconds),
        min(seconds),
        max(seconds),
        max(r["peak_rss_mb"] for r in runs),
        repeat,
        runs[-1].get("extra") or {},
    )
    print(result.row(), flush=True)  # noqa: T201
    return result


def machine() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in cpuinfo.read_text().splitlines()
                if ln.startswith("model name")
            ),
            cpu,
        )
    mem_kb = (
        next(
            (
                int(ln.split()[1])
                for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")
            ),
            0,
        )
        if Path("/proc/meminfo").exists()
        else 0
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def save(benchmark: str, results: list[Result], **context: Any) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{benchmark}.json"
    payload = {
        "benchmark": benchmark,
        "machine": machine(),
        "context": context,
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def header() -> None:
    print("| case | median | range | peak RSS | runs |\n|---|---|---|---|---|", flush=True)  # noqa: T201
