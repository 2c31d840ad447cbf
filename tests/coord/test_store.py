"""Store mode: incremental runs equal a full run; clusters are stored, described and queryable."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest
import sqlalchemy as sa

from awas.app import App
from awas.coord.config import CoordConfig, Kind
from awas.coord.describe import describe_cluster
from awas.coord.engine import detect_frame
from awas.coord.query import get_cluster, list_clusters
from awas.coord.service import detect_in_store
from awas.coord.tables import coord_buckets, coord_texts
from awas.errors import NotFoundError
from awas.store.tables import audit_log, campaign_accounts
from tests.coord.streams import frame_of, planted_stream, store_frame

FIXED = CoordConfig(windows={k.value: 300 for k in Kind})


def _shape(clusters: object) -> list[tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]]]:
    return sorted((c.id, c.kind.value, c.accounts, c.posts) for c in clusters)  # type: ignore[attr-defined]


def test_incremental_runs_equal_one_full_run(app: App) -> None:
    rows, _planted = planted_stream()
    frame = frame_of(rows)
    half = frame.height // 2
    store_frame(app, frame.slice(0, half))
    first = detect_in_store(app, config=FIXED)
    store_frame(app, frame.slice(half))
    second = detect_in_store(app, config=FIXED)
    assert first.new_posts == half and second.new_posts == frame.height - half
    full = detect_in_store(app, config=FIXED, rebuild=True)
    assert full.rebuilt and full.new_posts == frame.height
    assert _shape(second.clusters) == _shape(full.clusters)
    assert _shape(full.clusters) == _shape(detect_frame(frame, FIXED).clusters)


def test_a_run_without_new_posts_changes_nothing_and_texts_are_signed_once(app: App) -> None:
    rows, _planted = planted_stream()
    store_frame(app, frame_of(rows))
    first = detect_in_store(app, config=FIXED)
    with app.db.read() as conn:
        texts = conn.execute(sa.select(sa.func.count()).select_from(coord_texts)).scalar_one()
        buckets = conn.execute(sa.select(sa.func.count()).select_from(coord_buckets)).scalar_one()
    again = detect_in_store(app, config=FIXED)
    assert again.new_posts == 0 and _shape(again.clusters) == _shape(first.clusters)
    with app.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(coord_texts)).scalar_one() == texts
        assert conn.execute(sa.select(sa.func.count()).select_from(coord_buckets)).scalar_one() == buckets
        actions = [r.action for r in conn.execute(sa.select(audit_log.c.action))]
    assert actions.count("coord.detect") == 2


def test_a_new_near_duplicate_joins_and_merges_stored_groups(app: App) -> None:
    rows, planted = planted_stream()
    frame = frame_of(rows)
    copies = frame.filter(pl.col("post_id").str.starts_with("c"))
    store_frame(app, frame.filter(~pl.col("post_id").str.starts_with("c")))
    detect_in_store(app, config=FIXED)
    for start in range(0, copies.height, 3):
        store_frame(app, copies.slice(start, 3))
        run = detect_in_store(app, config=FIXED)
    text = [c for c in run.clusters if c.kind is Kind.NEAR_DUPLICATE_TEXT]
    assert len(text) == 1 and set(text[0].accounts) == planted["near_duplicate_text"]


def test_stored_clusters_are_listed_described_and_mark_registered_accounts(app: App) -> None:
    rows, planted = planted_stream()
    store_frame(app, frame_of(rows))
    paslon_id = sorted(app.reference.paslon)[0]
    with app.db.transaction() as conn:
        conn.execute(
            campaign_accounts.insert().values(
                paslon_id=paslon_id,
                platform="x",
                handle="buzz0",
                account_id="buzz0",
                created_at=datetime(2024, 9, 1, tzinfo=UTC),
            )
        )
    detect_in_store(app, config=FIXED)
    rows_ = list_clusters(app, kind=Kind.NEAR_DUPLICATE_TEXT)
    assert len(rows_) == 1 and rows_[0].registered_accounts == 1 and rows_[0].paslon_ids == (paslon_id,)
    summary = describe_cluster(app, rows_[0].id)
    assert summary.title.startswith("Dugaan aktivitas terkoordinasi: 5 akun")
    assert summary.registered_accounts == ("x:buzz0",)
    assert set(summary.unregistered_accounts) == planted["near_duplicate_text"] - {"x:buzz0"}
    assert summary.suggested_category == "unregistered_campaign_account"
    assert all(p.post_pk is not None and p.text for p in summary.posts)
    assert list_clusters(app, account="x:link0")[0].kind is Kind.CO_LINK


def test_an_unknown_cluster_is_not_found(app: App) -> None:
    with pytest.raises(NotFoundError):
        get_cluster(app, "ndt-0000000000")
