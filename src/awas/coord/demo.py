"""Demo step: detect coordination among the posts in the store.

In the whole demo the store holds intake's demo corpus by now (`awas.ingest.samples`: its three
planted campaigns and their second wave, `followup_wave.jsonl`), so that is what is searched. When
this step runs on an empty store (coordination on its own), the planted sample stream
`samples/planted_stream.jsonl` is imported first, through intake like any canonical JSONL.

`planted_stream.jsonl` is made by `bench/coord_stream.py` (seed 24): organic posts written by a
word-transition model of NusaX sentences (CC BY-SA 4.0) and four planted campaigns; its ground
truth is `samples/planted_truth.json`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import sqlalchemy as sa

from awas.app import App
from awas.coord.query import list_clusters
from awas.coord.service import detect_in_store
from awas.demo import DemoResult
from awas.ingest.service import IngestService
from awas.store.tables import posts


def sample_path() -> Path:
    return Path(str(files("awas.coord") / "samples" / "planted_stream.jsonl"))


def import_sample_if_empty(app: App, actor: str) -> int:
    """Import the planted sample through intake when the store holds no posts; how many were added."""
    with app.db.read() as conn:
        if conn.execute(sa.select(posts.c.id).limit(1)).first() is not None:
            return 0
    return IngestService(app).import_file(sample_path(), "jsonl", actor=actor).accepted


def detect_demo(app: App, actor: str) -> DemoResult:
    """Run detection over the store (after importing the sample into an empty one), summarise the clusters."""
    added = import_sample_if_empty(app, actor)
    run = detect_in_store(app, actor=actor)
    kinds: dict[str, int] = {}
    for cluster in run.clusters:
        kinds[cluster.kind.value] = kinds.get(cluster.kind.value, 0) + 1
    linked = sum(1 for row in list_clusters(app, limit=len(run.clusters) + 1) if row.paslon_ids)
    return DemoResult(
        "Jaringan terkoordinasi (buzzer)",
        {
            "post contoh ditambahkan": added,
            "post baru diperiksa": run.new_posts,
            "klaster": len(run.clusters),
            **{f"klaster {k}": v for k, v in sorted(kinds.items())},
            "klaster terkait paslon": linked,
            "jendela (detik)": ", ".join(f"{k}={v}" for k, v in run.windows.items()),
        },
    )
