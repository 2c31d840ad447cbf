"""Coordination benchmark: quality and speed on generated streams, against the QUT toolkit.

    python bench/bench_coord.py [--posts 100000] [--million] [--repeat 3]

1. Streams from `bench/coord_stream.py` (seeded; organic NusaX-based posts and planted campaigns):
   100,000 posts with seed 8 (the stream the defaults were chosen on) and seed 9 (held out).
2. `awas coord detect`'s engine on each (read JSONL + detect, each repetition in a fresh process):
   pair-level precision and recall against the planted campaigns, overall and per campaign kind
   and pace (minutes vs hours).
3. The QUT coordination-network-toolkit's co-similarity network on the same 100,000 posts
   (its SQLite preprocessing not timed; `compute_co_similar_tweet` timed) with the time window our
   engine estimated for near-duplicate text, similarity threshold 0.5, 2 processes.
4. With --million: 1,000,000 posts (seed 8), time and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]
from bench.harness import OUT, Result, header, measure, save  # noqa: E402


def make_stream(posts: int, seed: int) -> tuple[Path, Path]:
    """Generate (once) the stream and its truth under bench/out/."""
    from bench.coord_stream import generate, write_stream

    OUT.mkdir(parents=True, exist_ok=True)
    path, truth = OUT / f"coord_{posts}_{seed}.jsonl", OUT / f"coord_{posts}_{seed}.truth.json"
    if not path.exists():
        write_stream(generate(posts, seed=seed), path, truth)
    return path, truth


def run_detect(path: str, truth: str) -> dict[str, Any]:
    """Read the JSONL and detect (timed); then score against the truth (not timed)."""
    from awas.coord.engine import detect_frame
    from awas.coord.jsonl import read_posts_jsonl
    from bench.coord_eval import pair_scores, recall_by

    start = time.perf_counter()
    result = detect_frame(read_posts_jsonl(Path(path)))
    elapsed = time.perf_counter() - start
    answer = json.loads(Path(truth).read_text())
    groups = [c.accounts for c in result.clusters]
    return {
        "timed_seconds": elapsed,
        "clusters": len(result.clusters),
        "windows": result.windows,
        **pair_scores(groups, answer["truth"]),
        "recall_by_kind": recall_by(answer["campaigns"], groups, "kind"),
        "recall_by_pace_slow": recall_by(answer["campaigns"], groups, "slow"),
    }


def run_text_network(path: str, window: int) -> dict[str, Any]:
    """Like for like with the QUT co-similarity network: input loaded (not timed, as QUT's SQLite
    preprocessing is not), then our near-duplicate text network alone (normalise, MinHash, LSH,
    groups, co-action pairs at the same window) and its edges."""
    from awas.coord.config import CoordConfig
    from awas.coord.items import text_items
    from awas.coord.jsonl import read_posts_jsonl
    from awas.coord.neardup import index_texts
    from awas.coord.network import account_edges
    from awas.coord.pairs import co_action_pairs

    frame = read_posts_jsonl(Path(path))
    start = time.perf_counter()
    config = CoordConfig()
    items = text_items(frame, index_texts(frame, config).posts)
    pairs = co_action_pairs(items, "near_duplicate_text", window, config.max_neighbours)
    edges = account_edges(pairs, items, 1, 0.0, 0.0)
    elapsed = time.perf_counter() - start
    return {"timed_seconds": elapsed, "edges": edges.height, "pairs": pairs.height, "window": window}


def qut_csv(path: Path) -> Path:
    """The stream in the toolkit's CSV input format (message_id, user_id, ..., timestamp, urls)."""
    from awas.coord.jsonl import read_posts_jsonl

    frame = read_posts_jsonl(path)
    target = path.with_suffix(".qut.csv")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"]
        )
        for r in frame.iter_rows(named=True):
            writer.writerow(
                [
                    r["post_id"],
                    r["account"],
                    r["account"],
                    r["repost_of"] or "",
                    r["reply_to"] or "",
                    r["text"],
                    r["t"],
                    " ".join(r["urls"]),
                ]
            )
    return target


def run_qut(csv_path: str, window: int) -> dict[str, Any]:
    """QUT co-similarity network: preprocess (not timed), compute_co_similar_tweet (timed)."""
    import contextlib
    import io

    from coordination_network_toolkit.compute_networks import compute_co_similar_tweet
    from coordination_network_toolkit.preprocess import preprocess_csv_files

    db = str(Path(tempfile.mkdtemp()) / "qut.db")
    with contextlib.redirect_stdout(io.StringIO()):
        preprocess_csv_files(db, [csv_path])
        start = time.perf_counter()
        compute_co_similar_tweet(db, window, n_threads=2, similarity_threshold=0.5, min_edge_weight=1)
        elapsed = time.perf_counter() - start
    import sqlite3

    edges = sqlite3.connect(db).execute("select count(*) from co_similar_tweet_network").fetchone()[0]
    return {"timed_seconds": elapsed, "edges": edges, "window": window, "similarity_threshold": 0.5}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--skip-qut", action="store_true")
    parser.add_argument("--only-million", action="store_true", help="just the 1,000,000-post run")
    args = parser.parse_args()
    header()
    results = [] if args.only_million else [_quality(args.posts, seed, args.repeat) for seed in (8, 9)]
    if not args.skip_qut and not args.only_million:
        window = int(results[0].extra["windows"]["near_duplicate_text"])
        path, _truth = make_stream(args.posts, 8)
        text = measure(f"awas text network only {args.posts:,} posts", "bench.bench_coord:run_text_network",
                       repeat=args.repeat, path=str(path), window=window)  # fmt: skip
        results += [text, _qut(args.posts, window)]
        print(
            f"speed ratio QUT / awas full detect: {results[-1].median_s / results[0].median_s:.1f}x",
            flush=True,
        )
        print(f"speed ratio QUT / awas text network: {results[-1].median_s / text.median_s:.1f}x", flush=True)
    if args.million or args.only_million:
        results.append(_quality(1_000_000, 8, max(1, args.repeat - 1)))
    saved = save(
        "coord_million" if args.only_million else "coord",
        results,
        loadavg=os.getloadavg(),
        qut_version="coordination-network-toolkit 1.5.2",
    )
    print(f"saved {saved}")


def _quality(posts: int, seed: int, repeat: int) -> Result:
    path, truth = make_stream(posts, seed)
    result = measure(
        f"awas {posts:,} posts seed {seed}", "bench.bench_coord:run_detect", repeat=repeat, path=str(path),
        truth=str(truth),
    )  # fmt: skip
    print(json.dumps(result.extra), flush=True)
    return result


def _qut(posts: int, window: int) -> Result:
    path, _truth = make_stream(posts, 8)
    name = f"QUT co-similarity {posts:,} posts"
    return measure(name, "bench.bench_coord:run_qut", repeat=1, csv_path=str(qut_csv(path)), window=window)


if __name__ == "__main__":
    main()
