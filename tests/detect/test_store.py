"""The detection worker over the store: queue claims, idempotent findings, reviews and their export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa

from awas.app import App
from awas.detect.context import build_context
from awas.detect.review import export_labels, review_finding
from awas.detect.service import run_detection
from awas.detect.store import claim_batch
from awas.domain.findings import ReviewStatus
from awas.store.tables import audit_log, findings, posts
from tests.detect.conftest import make_post
from tests.detect.storing import insert_posts

VIOLATING = "Coblos nomor 2 di pilwako dapat 50rb per kepala, amplop dibagi malam ini"


def _stages(app: App) -> list[str]:
    with app.db.read() as conn:
        return [r.stage for r in conn.execute(sa.select(posts.c.stage).order_by(posts.c.id))]


def _findings(app: App) -> list[sa.Row[tuple[object, ...]]]:
    with app.db.read() as conn:
        return list(conn.execute(sa.select(findings).order_by(findings.c.id)))


def test_run_detects_new_posts_and_moves_them_on(app: App) -> None:
    insert_posts(app, [make_post(VIOLATING, region="15.71"), make_post("selamat pagi")])
    summary = run_detection(app, "tester", batch_size=1)
    assert summary.posts == 2 and summary.by_category["money_politics"] == 1
    assert _stages(app) == ["detected", "detected"]
    (row,) = [r for r in _findings(app) if r.category == "money_politics"]
    assert row.post_pk is not None and row.paslon_id == "pilwako-15.71-2024#2"
    assert row.evidence[0]["kind"] == "rule"
    assert run_detection(app, "tester").posts == 0
    with app.db.read() as conn:
        assert conn.execute(sa.select(audit_log.c.action).where(audit_log.c.action == "detect.run")).first()


def test_a_claimed_post_is_not_claimed_again(app: App) -> None:
    insert_posts(app, [make_post("a"), make_post("b"), make_post("c")])
    with app.db.transaction() as conn:
        first = [pk for pk, _ in claim_batch(conn, 2)]
    with app.db.transaction() as conn:
        second = [pk for pk, _ in claim_batch(conn, 5)]
    assert len(first) == 2 and len(second) == 1 and not set(first) & set(second)


def test_a_failed_batch_leaves_its_posts_new(app: App) -> None:
    insert_posts(app, [make_post(VIOLATING)])
    context = build_context(app)
    context.linker = None  # type: ignore[assignment]  # makes detection fail inside the transaction
    with pytest.raises(AttributeError):
        run_detection(app, "tester", context=context)
    assert _stages(app) == ["new"] and _findings(app) == []


def test_rerun_updates_findings_without_duplicates_and_keeps_reviews(app: App) -> None:
    insert_posts(app, [make_post(VIOLATING)])
    run_detection(app, "tester")
    (first,) = [r for r in _findings(app) if r.category == "money_politics"]
    review_finding(app, first.id, ReviewStatus.CONFIRMED, "analis", "benar, ada video")
    with app.db.transaction() as conn:
        conn.execute(posts.update().values(stage="new"))
    run_detection(app, "tester")
    (again,) = [r for r in _findings(app) if r.category == "money_politics"]
    assert again.id == first.id
    assert (again.review_status, again.reviewed_by, again.review_note) == (
        "confirmed",
        "analis",
        "benar, ada video",
    )


def test_open_findings_that_no_longer_fire_are_dropped(app: App) -> None:
    insert_posts(app, [make_post(VIOLATING)])
    run_detection(app, "tester")
    with app.db.transaction() as conn:
        conn.execute(posts.update().values(stage="new", text="selamat pagi"))
    run_detection(app, "tester")
    assert _findings(app) == []


def test_reviews_are_exported_as_labelled_data(app: App, tmp_path: Path) -> None:
    insert_posts(app, [make_post(VIOLATING), make_post("dasar anjing goblok kau bangsat")])
    run_detection(app, "tester")
    rows = _findings(app)
    review_finding(app, rows[0].id, ReviewStatus.CONFIRMED, "analis")
    review_finding(app, rows[-1].id, ReviewStatus.REJECTED, "analis", "kutipan berita")
    target = tmp_path / "labels.csv"
    assert export_labels(app, target) == 2
    exported = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["label"] for r in exported] == ["1", "0"]
    assert exported[0]["text"] == VIOLATING and exported[1]["review_note"] == "kutipan berita"
