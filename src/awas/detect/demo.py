"""Demo step: detect the posts in the store and show findings per category.

The intake demo runs first and fills the store. When it has not (this capability on its own), the
bundled fictional sample posts and campaign accounts (`samples/`, see PROVENANCE.md) are stored
first, each only if its table is empty. The sample fact-checks are imported idempotently. Running
the step twice changes nothing: detected posts are not claimed again.
"""

from __future__ import annotations

import hashlib
import json
from importlib.resources import files
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.demo import DemoResult
from awas.detect.factcheck_store import read_factchecks, store_factchecks
from awas.detect.posts_io import read_posts
from awas.detect.queries import counts_by_category
from awas.detect.service import run_detection
from awas.store.tables import campaign_accounts, posts
from awas.timeutil import utcnow


def _sample(name: str) -> Path:
    return Path(str(files("awas.detect") / "samples" / name))


def store_sample_posts(app: App) -> int:
    """Insert the sample posts when the posts table is empty; returns how many were stored."""
    with app.db.transaction() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(posts)).scalar_one():
            return 0
        now = utcnow()
        rows: list[dict[str, object]] = []
        for post in read_posts(_sample("posts.jsonl")):
            raw = {"platform": post.platform, "post_id": post.post_id, "text": post.text} | post.raw
            rows.append(
                {
                    "platform": post.platform,
                    "post_id": post.post_id,
                    "author_id": post.author_id,
                    "author_handle": post.author_handle,
                    "author_name": post.author_name,
                    "text": post.text,
                    "created_at": post.created_at,
                    "urls": [],
                    "hashtags": [],
                    "mentions": [],
                    "media": [],
                    "metrics": {},
                    "region_code": post.region,
                    "raw": raw,
                    "raw_sha256": hashlib.sha256(json.dumps(raw, sort_keys=True).encode()).hexdigest(),
                    "ingested_at": now,
                    "stage": "new",
                    "stage_at": now,
                }
            )
        conn.execute(posts.insert(), rows)
    return len(rows)


def store_sample_accounts(app: App) -> int:
    """Register the fictional sample campaign accounts when the registry is empty."""
    with app.db.transaction() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(campaign_accounts)).scalar_one():
            return 0
        accounts = json.loads(_sample("campaign_accounts.json").read_text(encoding="utf-8"))
        now = utcnow()
        conn.execute(
            campaign_accounts.insert(),
            [a | {"source": "awas detect demo sample (fictional)", "created_at": now} for a in accounts],
        )
    return len(accounts)


def detect_demo(app: App, actor: str) -> DemoResult:
    stored = store_sample_posts(app)
    store_sample_accounts(app)
    added, _ = store_factchecks(app.db, read_factchecks(_sample("factchecks.json")))
    summary = run_detection(app, actor)
    counts = counts_by_category(app)
    return DemoResult(
        "Deteksi dugaan pelanggaran",
        {
            "unggahan contoh disimpan": stored,
            "item cek fakta baru": added,
            "unggahan diperiksa sekarang": summary.posts,
            "jumlah temuan pemeriksaan ini": summary.findings,
        }
        | {f"temuan {category}": n for category, n in counts.items()},
    )
