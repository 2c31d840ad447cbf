"""Scale-out benchmark: the local engine and a real local Ray (2 CPUs) on the same posts and TPS.

    flock /tmp/awas-bench.lock .venv/bin/python bench/bench_scale.py [--posts 200000] [--tps 200000]

1. Intake + detection: `awas ingest import` then `awas detect run` of a synthetic canonical JSONL
   stream (`bench/scale_corpus.py`) into a fresh SQLite database with the reference data, once per
   engine; then the two databases are compared row by row (posts with their ids, intake
   annotations, findings; `bench/scale_compare.py`). Ray's start-up is timed apart.
2. Coordination: `coord detect --in` on the same stream, per engine; clusters compared.
3. Recap: the audit of a multi-province TPS table (the bundled sample under codes of three
   provinces), per engine; the JSON outputs compared.
Each case runs once, in a fresh process (bench/harness.py), since one repetition takes minutes here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
from bench.harness import OUT, header, measure, save  # noqa: E402

SETTINGS = {"env": "test", "secret_key": "bench-secret-key-with-enough-length-0123456789"}


def _app(database: str) -> Any:
    from awas.app import App
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.settings import load_settings

    home = Path(database).parent
    app = App(
        load_settings(home=home, database_url=f"sqlite:///{database}", data_dir=home / "data", **SETTINGS)
    )
    app.upgrade_schema()
    load_package(app.db, validate_package(bundled_package_dir()))
    return app


def _engine(name: str) -> Any:
    from awas.scale.engine import EngineChoice, open_engine

    return open_engine(EngineChoice.parse(name, None, num_cpus=2))


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _ray_cpu() -> float:
    """CPU seconds used so far by this process's live descendants (the local Ray: raylet, GCS,
    workers), from /proc; terminated children are in `_cpu` already."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for proc in Path("/proc").iterdir():
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(proc.name)] = int(fields[1])
            times[int(proc.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            continue
    mine, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - mine
        mine |= frontier
    return sum(times.get(pid, 0.0) for pid in mine)


def pipeline(engine: str, corpus: str, database: str) -> dict[str, Any]:
    """Import then detect every post on `engine`; setup and Ray's start-up are not in `timed_seconds`."""
    from awas.scale.detect_run import run_detection_on
    from awas.scale.ingest_run import import_file

    app = _app(database)
    empty = _stored_bytes(app, database)
    started = time.perf_counter()
    with _engine(engine) as runner:
        ready = time.perf_counter()
        cpu, ray_cpu = _cpu(), _ray_cpu()
        summary = import_file(app, Path(corpus), "jsonl", actor="bench", engine=runner)
        imported = time.perf_counter()
        found = run_detection_on(app, "bench", runner, batch_size=1000)
        done = time.perf_counter()
        cpu, ray_cpu = _cpu() - cpu, _ray_cpu() - ray_cpu
    return {
        "timed_seconds": done - ready,
        "engine_start_s": round(ready - started, 2),
        "import_s": round(imported - ready, 2),
        "detect_s": round(done - imported, 2),
        "posts": summary.accepted,
        "findings": found.findings,
        "driver_cpu_s": round(cpu, 1),
        "ray_processes_cpu_s": round(ray_cpu, 1),
        # what a post costs on disk: the post, its raw JSON, annotations, findings, indexes
        "db_bytes_per_post": round((_stored_bytes(app, database) - empty) / max(summary.accepted, 1)),
    }


def _stored_bytes(app: Any, database: str) -> int:
    """Size of the SQLite file with the WAL folded in."""
    with app.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(database).stat().st_size


def coordination(engine: str, corpus: str) -> dict[str, Any]:
    from awas.coord.config import CoordConfig
    from awas.coord.jsonl import read_posts_jsonl
    from awas.scale.coord_run import detect_file

    frame = read_posts_jsonl(Path(corpus))
    with _engine(engine) as runner:
        started = time.perf_counter()
        result = detect_file(frame, CoordConfig(), runner)
        seconds = time.perf_counter() - started
    text = json.dumps([c.to_contract() for c in result.clusters], sort_keys=True, default=str)
    return {
        "timed_seconds": seconds,
        "clusters": len(result.clusters),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }


def recap(engine: str, table: str) -> dict[str, Any]:
    from awas.recap.engine import RaceInput
    from awas.recap.paslon_map import directory_from_reference
    from awas.recap.sources import parse_inputs
    from awas.scale.recap_run import auditor_for

    frame = parse_inputs([Path(table)], directory_from_reference(None), None)[0].frame
    with _engine(engine) as runner:
        started = time.perf_counter()
        outcome = auditor_for(runner, Path(tempfile.mkdtemp()))([RaceInput("ppwp", tps=[frame])])
        seconds = time.perf_counter() - started
    digest = hashlib.sha256(outcome.json_text().encode()).hexdigest()
    return {
        "timed_seconds": seconds,
        "units": outcome.units,
        "findings": outcome.findings.height,
        "sha256": digest,
    }


def _tps_table(rows: int) -> Path:
    from tests.scale.test_ray_recap import three_provinces

    path = OUT / f"scale-tps-{rows}.csv"
    if not path.exists():
        three_provinces(rows).write_csv(path)
    return path


def _compare(local_db: str, ray_db: str) -> dict[str, int]:
    from awas.app import App
    from awas.settings import load_settings
    from bench.scale_compare import differences

    apps = [App(load_settings(database_url=f"sqlite:///{db}", **SETTINGS)) for db in (local_db, ray_db)]
    return differences(apps[0], apps[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--tps", type=int, default=200_000)
    args = parser.parse_args()
    from bench.scale_corpus import write_corpus

    corpus = str(write_corpus(OUT / f"scale-posts-{args.posts}.jsonl", args.posts))
    folder = Path(tempfile.mkdtemp(prefix="awas-bench-scale-"))
    load = [os.getloadavg()]
    header()
    results, extras = [], {}
    for engine in ("local", "ray"):
        database = str(folder / engine / "awas.db")
        Path(database).parent.mkdir()
        name = f"{engine}: import + detect {args.posts:,} posts (SQLite)"
        results.append(
            measure(name, "bench.bench_scale:pipeline", 1, engine=engine, corpus=corpus, database=database)
        )
        extras[name] = results[-1].extra
        load.append(os.getloadavg())
    same = _compare(str(folder / "local" / "awas.db"), str(folder / "ray" / "awas.db"))
    for engine in ("local", "ray"):
        name = f"{engine}: coord detect --in {args.posts:,} posts"
        results.append(measure(name, "bench.bench_scale:coordination", 1, engine=engine, corpus=corpus))
        extras[name] = results[-1].extra
    table = str(_tps_table(args.tps))
    for engine in ("local", "ray"):
        name = f"{engine}: recap audit {args.tps:,} TPS, 3 provinces"
        results.append(measure(name, "bench.bench_scale:recap", 1, engine=engine, table=table))
        extras[name] = results[-1].extra
    load.append(os.getloadavg())
    report = {"differences_local_vs_ray": same, "extras": extras, "loadavg": load}
    print(json.dumps(report, indent=2))
    save("scale", results, posts=args.posts, tps=args.tps, **report)


if __name__ == "__main__":
    main()
