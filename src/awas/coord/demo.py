"""Demo step: detect coordination among the posts in the store (intake's demo corpus, and this
package's planted sample when the store has none of its posts yet).

`samples/planted_stream.jsonl` is made by `bench/coord_stream.py` (seed 24): organic posts written
by a word-transition model of NusaX sentences (CC BY-SA 4.0) and four planted campaigns; its ground
truth is `samples/planted_truth.json`. The sample is put into `posts` with a minimal writer that
exists for the demo only; intake's importer (`awas ingest import`) is the real way in.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from awas.app import App
from awas.coord.jsonl import read_posts_jsonl
from awas.coord.service import detect_in_store
from awas.demo import DemoResult
from awas.store.tables import posts
from awas.timeutil import utcnow


def sample_path() -> Path:
    return Path(str(files("awas.coord") / "samples" / "planted_stream.jsonl"))


def store_frame(app: App, frame: pl.DataFrame) -> int:
    """Insert the frame's posts that the store does not hold yet; returns how many were inserted."""
    now = utcnow()
    with app.db.transaction() as conn:
        known = {(r.platform, r.post_id) for r in conn.execute(sa.select(posts.c.platform, posts.c.post_id))}
        rows = [
            _row(r, now) for r in frame.iter_rows(named=True) if (r["platform"], r["post_id"]) not in known
        ]
        for start in range(0, len(rows), 2_000):
            conn.execute(posts.insert(), rows[start : start + 2_000])
    return len(rows)


def _row(record: dict[str, Any], now: datetime) -> dict[str, Any]:
    raw = {k: v for k, v in record.items() if k not in ("pid", "t", "account", "author_created_at")}
    return {
        "platform": record["platform"],
        "post_id": record["post_id"],
        "author_id": record["account"].partition(":")[2],
        "author_handle": record["author_handle"],
        "author_created_at": record["author_created_at"],
        "text": record["text"],
        "created_at": datetime.fromtimestamp(record["t"], tz=UTC),
        "urls": record["urls"],
        "hashtags": record["hashtags"],
        "mentions": [],
        "repost_of": record["repost_of"],
        "reply_to": record["reply_to"],
        "media": [],
        "metrics": {},
        "raw": raw,
        "raw_sha256": hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest(),
        "ingested_at": now,
    }


def detect_demo(app: App, actor: str) -> DemoResult:
    """Store the planted sample (once), run detection over the store, summarise the clusters."""
    added = store_frame(app, read_posts_jsonl(sample_path()))
    run = detect_in_store(app, actor=actor)
    kinds: dict[str, int] = {}
    for cluster in run.clusters:
        kinds[cluster.kind.value] = kinds.get(cluster.kind.value, 0) + 1
    return DemoResult(
        "Jaringan terkoordinasi (buzzer)",
        {
            "post contoh ditambahkan": added,
            "post baru diperiksa": run.new_posts,
            "klaster": len(run.clusters),
            **{f"klaster {k}": v for k, v in sorted(kinds.items())},
            "jendela (detik)": ", ".join(f"{k}={v}" for k, v in run.windows.items()),
        },
    )
