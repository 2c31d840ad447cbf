"""Detect benchmark: full detection of posts (normalise, all model heads, all rules, entity linking,
calendar/registry rules, hoax matching against the sample fact-checks) with `detect_batch`.

    python bench/bench_detect.py [--repeat 5] [--posts 40000] [--workers 1 2]

Posts are texts of the shipped training data (`data/text/`, realistic lengths and slang) plus the
demo's campaign posts, given campaign-period and masa-tenang dates, Jambi regions and (for some)
registered campaign accounts. Setup (reference data, model load, corpus) is not timed; the timed
part is detection only, in batches of 1,000, by `--workers` processes forked after setup, each
taking an equal share. Throughput = posts / wall time.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
from bench.harness import header, measure, save  # noqa: E402

REGIONS = ("15", "15.71", "15.04", "15.05", "15.01", None)


def _corpus(n: int) -> list[Any]:
    from awas.detect.posts_io import read_posts
    from awas.domain.posts import Post
    from awas.timeutil import parse_aware

    texts = [
        r["Tweet"] for r in csv.DictReader((ROOT / "data/text/ibrohim2019/train.csv").open(encoding="utf-8"))
    ]
    texts += [
        r["original_text"]
        for r in csv.DictReader((ROOT / "data/text/netifier/train.csv").open(encoding="utf-8"))
    ]
    demo = list(read_posts(ROOT / "src/awas/detect/samples/posts.jsonl"))
    start = parse_aware("2024-10-01T08:00:00+07:00")
    posts = []
    for i in range(n):
        if i % 10 == 0:
            base = demo[(i // 10) % len(demo)]
            posts.append(replace(base, post_id=f"b{i}"))
            continue
        posts.append(
            Post(
                platform="x",
                post_id=f"b{i}",
                author_id=f"u{i % 997}",
                author_handle=f"user{i % 997}",
                text=texts[i % len(texts)],
                created_at=start + timedelta(minutes=7 * i % 86400),
                region=REGIONS[i % len(REGIONS)],
            )
        )
    return posts


def _context() -> Any:
    from awas.app import App
    from awas.detect.context import build_context
    from awas.detect.demo import store_sample_accounts
    from awas.detect.factcheck_store import read_factchecks, store_factchecks
    from awas.reference.loader import load_package
    from awas.reference.package import bundled_package_dir
    from awas.reference.validate import validate_package
    from awas.settings import load_settings

    home = Path(tempfile.mkdtemp())
    app = App(
        load_settings(
            env="test",
            home=home,
            database_url=f"sqlite:///{home / 'bench.db'}",
            data_dir=home / "data",
            secret_key="bench-secret-key-with-enough-length-0123",
        )
    )
    app.upgrade_schema()
    load_package(app.db, validate_package(bundled_package_dir()))
    store_sample_accounts(app)
    store_factchecks(app.db, read_factchecks(ROOT / "src/awas/detect/samples/factchecks.json"))
    return build_context(app)


_SHARED: dict[str, Any] = {}


def _work(share: tuple[int, int]) -> tuple[int, float]:
    """Detect posts share[0]:share[1]; returns (findings, CPU seconds this process spent)."""
    from awas.detect.pipeline import detect_batch

    posts, context = _SHARED["posts"], _SHARED["context"]
    found = 0
    cpu = time.process_time()
    for start in range(share[0], share[1], 1000):
        found += len(detect_batch(posts[start : min(start + 1000, share[1])], context))
    return found, time.process_time() - cpu


def detect_posts(posts: int = 40_000, workers: int = 1) -> dict[str, Any]:
    """Detect `posts` posts with `workers` forked processes; returns timed seconds and throughput."""
    from awas.detect.textmodel import shipped_model

    _SHARED["context"] = _context()
    _SHARED["posts"] = _corpus(posts)
    shipped_model()
    _work(
        (0, min(1000, posts))
    )  # warm caches (normaliser, regexes) before forking, as a long-running worker is
    bounds = [(posts * k // workers, posts * (k + 1) // workers) for k in range(workers)]
    start = time.perf_counter()
    if workers == 1:
        results = [_work(bounds[0])]
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_work, bounds)
    elapsed = time.perf_counter() - start
    cpu = sum(seconds for _, seconds in results)
    return {
        "timed_seconds": elapsed,
        "posts_per_second": round(posts / elapsed),
        "posts_per_cpu_second": round(posts / cpu),
        "findings": sum(found for found, _ in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--posts", type=int, default=40_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    header()
    results = []
    for workers in args.workers:
        result = measure(
            f"detect {args.posts:,} posts, {workers} process(es)",
            "bench.bench_detect:detect_posts",
            repeat=args.repeat,
            posts=args.posts,
            workers=workers,
        )
        extra = result.extra
        print(
            f"    → {extra['posts_per_second']:,} posts/s wall, {extra['posts_per_cpu_second']:,} posts per "
            f"CPU-second, {extra['findings']:,} findings",
            flush=True,
        )
        results.append(result)
    print(f"saved {save('detect', results, posts=args.posts)}")


if __name__ == "__main__":
    main()
