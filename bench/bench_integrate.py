"""Integration benchmark: what the seams cost.

    python bench/bench_integrate.py [--posts 100000] [--million] [--cluster 200] [--repeat 3]

1. The one canonical reader (`awas.ingest.canonical_file`, intake's JSONL block parser) as
   `awas coord detect --in` uses it (`read_posts_jsonl`, the whole file into the engine's frame)
   and as `awas detect classify` reads a file (the whole-file check, then every post as a `Post`),
   on the coordination benchmark stream (`bench/coord_stream.py`, seed 8).
2. Escalation: a near-duplicate cluster of N posts (N/2 accounts, two waves; above 60 accounts
   coordination splits a component, so N <= 120 keeps one cluster) opened as a temuan with every
   post captured as evidence (`open_case_from_cluster`; the store set up outside the timing).
3. The whole demo (`awas demo --no-serve`'s steps) on a fresh home (SQLite).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]
from bench.harness import Result, header, measure, run_once, save  # noqa: E402


def read_for_coord(path: str) -> dict[str, Any]:
    from awas.coord.jsonl import read_posts_jsonl

    start = time.perf_counter()
    frame = read_posts_jsonl(Path(path))
    return {"timed_seconds": time.perf_counter() - start, "posts": frame.height}


def read_for_classify(path: str) -> dict[str, Any]:
    """What `classify_file` reads: the whole-file check, then every post (classification not timed)."""
    from awas.detect.posts_io import read_posts
    from awas.ingest.canonical_file import count_strict

    start = time.perf_counter()
    checked = count_strict(Path(path))
    posts = sum(1 for _ in read_posts(Path(path)))
    return {"timed_seconds": time.perf_counter() - start, "posts": posts, "checked": checked}


def _fresh_app(home: str) -> Any:
    os.environ["AWAS_HOME"] = home
    from awas.app import App
    from awas.demo import load_bundled_reference

    app = App()
    app.upgrade_schema()
    load_bundled_reference(app, "bench")
    return app


def _campaign(posts: int) -> list[dict[str, Any]]:
    t0 = datetime(2024, 11, 20, 19, 0, tzinfo=UTC)
    waves = (
        "Warga Jambi ayo dukung Haris-Sani untuk gubernur karena sudah terbukti membangun desa kita {i}",
        "Jangan lupa tanggal 27 November coblos Haris-Sani demi Jambi yang lebih maju dan sejahtera {i}",
    )
    accounts = posts // 2
    return [
        {
            "platform": "x",
            "post_id": f"c{w}-{i}",
            "author_id": f"buzzer{i}",
            "text": text.format(i="!" * (i % 3)),
            "created_at": (t0 + timedelta(days=2 * w, seconds=3 * i)).isoformat(),
        }
        for w, text in enumerate(waves)
        for i in range(accounts)
    ]


def escalate_cluster(posts: int) -> dict[str, Any]:
    import json

    from awas.access.demo import ensure_demo_users
    from awas.cases.access import principal_for
    from awas.coord.config import CoordConfig, Kind
    from awas.coord.query import list_clusters
    from awas.coord.service import detect_in_store
    from awas.escalate import open_case_from_cluster
    from awas.ingest.service import IngestService

    home = tempfile.mkdtemp(prefix="bench-escalate-")
    app = _fresh_app(home)
    ensure_demo_users(app, "bench")
    path = Path(home) / "campaign.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _campaign(posts)), encoding="utf-8")
    IngestService(app).import_file(path, "jsonl", actor="bench")
    detect_in_store(app, config=CoordConfig(windows={k.value: 600 for k in Kind}))
    cluster = list_clusters(app, kind=Kind.NEAR_DUPLICATE_TEXT)[0]
    start = time.perf_counter()
    result = open_case_from_cluster(app, principal_for(app, "analis.bawaslu"), cluster.id)
    elapsed = time.perf_counter() - start
    return {
        "timed_seconds": elapsed,
        "cluster_posts": cluster.n_posts,
        "captured": len(result.evidence.captured),
    }


def whole_demo() -> dict[str, Any]:
    app = _fresh_app(tempfile.mkdtemp(prefix="bench-demo-"))
    from awas.demo import run_demo

    start = time.perf_counter()
    steps = len(list(run_demo(app, "bench")))
    return {"timed_seconds": time.perf_counter() - start, "steps": steps}


def prepare_stream(posts: int, seed: int) -> dict[str, str]:
    """Generate the stream once (in a child process: the harness's children inherit the parent's peak RSS)."""
    from bench.bench_coord import make_stream

    path, truth = make_stream(posts, seed)
    return {"path": str(path), "truth": str(truth)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--million", action="store_true")
    parser.add_argument(
        "--cluster", type=int, default=100, help="posts (accounts x 2 waves; <= 120: one cluster)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header()
    results: list[Result] = []
    for posts in (args.posts, 1_000_000) if args.million else (args.posts,):
        path = run_once("bench.bench_integrate:prepare_stream", posts=posts, seed=8)["extra"]["path"]
        repeat = args.repeat if posts < 1_000_000 else max(1, args.repeat - 1)
        for name, target in (("coord --in read", "read_for_coord"), ("classify reads", "read_for_classify")):
            label = f"{name}, {posts:,} posts"
            results.append(measure(label, f"bench.bench_integrate:{target}", repeat=repeat, path=str(path)))
    label = f"cluster of {args.cluster} posts to temuan + evidence"
    results.append(
        measure(label, "bench.bench_integrate:escalate_cluster", repeat=args.repeat, posts=args.cluster)
    )
    results.append(measure("awas demo steps, fresh home", "bench.bench_integrate:whole_demo", repeat=1))
    print(f"saved {save('integrate', results, loadavg=os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
