"""The demo step on the bundled samples: every format imports cleanly, and a second run adds nothing."""

from __future__ import annotations

import sqlalchemy as sa

from awas.app import App
from awas.ingest.demo import demo_step
from awas.store.tables import posts


def test_the_demo_step_imports_every_sample_and_is_idempotent(app: App) -> None:
    first = demo_step(app, "demo")
    assert "0 ditolak" in first.summary["x: x_recent_search.jsonl"]
    assert all(str(v).endswith(" 0 ditolak") for v in first.summary.values() if "baru" in str(v))
    assert first.summary["halaman dipantau: versi tersimpan"] == "2"
    assert first.summary["akun berkampanye tidak terdaftar"] >= 6
    with app.db.read() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(posts)).scalar_one()
    second = demo_step(app, "demo")
    with app.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(posts)).scalar_one() == stored
    assert second.summary["jsonl: posts.jsonl"].startswith("0 baru")
    assert second.summary["halaman dipantau: versi tersimpan"] == "2"
