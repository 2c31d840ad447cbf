"""Demo step: detect the posts in the store and show findings per category.

The intake demo runs first and fills the store. When it has not (this capability on its own), the
bundled fictional sample posts are imported through intake and the sample campaign accounts
registered (`samples/`, see PROVENANCE.md), each only if its table is empty. The sample fact-checks
are imported idempotently. Running the step twice changes nothing: detected posts are not claimed
again.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.demo import DemoResult
from awas.detect.factcheck_store import read_factchecks, store_factchecks
from awas.detect.queries import counts_by_category
from awas.detect.service import run_detection
from awas.ingest.service import IngestService
from awas.store.tables import campaign_accounts, posts
from awas.timeutil import utcnow


def _sample(name: str) -> Path:
    return Path(str(files("awas.detect") / "samples" / name))


def store_sample_posts(app: App, actor: str = "demo") -> int:
    """Import the sample posts through intake when the posts table is empty; how many were stored."""
    with app.db.read() as conn:
        if conn.execute(sa.select(posts.c.id).limit(1)).first() is not None:
            return 0
    return IngestService(app).import_file(_sample("posts.jsonl"), "jsonl", actor=actor).accepted


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
    stored = store_sample_posts(app, actor)
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
