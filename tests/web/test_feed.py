"""The content feed: filters, keyset pages, explanations with highlighted spans, and reviews that reach
the retraining export."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from awas.app import App
from awas.detect.review import export_labels
from awas.ingest.tables import post_intake
from awas.store.tables import findings, posts
from awas.web.feed import Segment, highlight
from tests.web.conftest import CSRF

AT = datetime(2024, 11, 20, 3, tzinfo=UTC)


def _post(
    conn: sa.Connection, n: int, *, platform: str = "x", region: str = "15.71.01", at: datetime = AT
) -> int:
    row = {
        "platform": platform,
        "post_id": f"feed-{n}",
        "author_id": f"author-{n % 3}",
        "text": f"Amplop {n} untuk pemilih",
        "created_at": at,
        "urls": [],
        "hashtags": [],
        "mentions": [],
        "media": [],
        "metrics": {},
        "region_code": region,
        "raw": {},
        "raw_sha256": "0" * 64,
        "ingested_at": at,
    }
    return int(conn.execute(posts.insert().values(**row).returning(posts.c.id)).scalar_one())


def _finding(conn: sa.Connection, post_pk: int, n: int, **extra: object) -> int:
    row = {
        "subject_type": "post",
        "subject_id": f"x:feed-{n}",
        "post_pk": post_pk,
        "category": "money_politics",
        "score": 0.9,
        "detector": "awas.detect",
        "detector_version": "tm1-test",
        "evidence": [{"kind": "span", "text": "Amplop", "start": 0, "end": 6}],
        "legal_basis": ["UU 10/2016 Pasal 73"],
        "handler": "bawaslu",
        "region_code": "15.71.01",
        "details": {},
        "created_at": AT,
        "review_status": "open",
    }
    row.update(extra)
    return int(conn.execute(findings.insert().values(**row).returning(findings.c.id)).scalar_one())


@pytest.fixture
def seeded(web: App) -> App:
    """12 findings: 10 money politics in Kota Jambi on X, one hoax on TikTok in Kerinci, one from a
    registered campaign account."""
    with web.db.transaction() as conn:
        for n in range(10):
            _finding(conn, _post(conn, n), n)
        _finding(
            conn,
            _post(conn, 10, platform="tiktok", region="15.01.01"),
            10,
            category="hoax",
            region_code="15.01.01",
        )
        pk = _post(conn, 11, at=datetime(2024, 10, 1, tzinfo=UTC))
        conn.execute(
            post_intake.insert().values(
                platform="x",
                post_id="feed-11",
                text_sha256="0" * 64,
                near_key="k",
                shorteners=[],
                region_candidates=[],
                campaign=True,
                campaign_terms=[],
                paslon_id="pilwako-15.71-2024#1",
            )
        )
        _finding(conn, pk, 11, paslon_id="pilwako-15.71-2024#1")
    return web


def _ids(page: dict[str, object]) -> list[int]:
    return [item["id"] for item in page["items"]]  # type: ignore[index, union-attr]


def test_every_filter_narrows_the_feed(seeded: App, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("analis.bawaslu")
    assert len(_ids(client.get("/api/feed").json())) == 12
    counts = {
        "category=hoax": 1,
        "platform=tiktok": 1,
        "region=15.01": 1,
        "region=15.71": 11,
        "paslon=pilwako-15.71-2024%231": 1,
        "account=registered": 1,
        "account=unregistered": 11,
        "since=2024-11-20&until=2024-11-20": 11,
        "until=2024-10-01": 1,
        "status=open": 12,
        "status=confirmed": 0,
    }
    for query, expected in counts.items():
        assert len(_ids(client.get(f"/api/feed?{query}").json())) == expected, query


def test_keyset_pages_walk_every_finding_once_in_both_directions(
    seeded: App, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("analis.bawaslu")
    seen, page = [], client.get("/api/feed?limit=5").json()
    while True:
        seen += _ids(page)
        if page["next_after"] is None:
            break
        page = client.get(f"/api/feed?limit=5&after={page['next_after']}").json()
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 12
    back = client.get(f"/api/feed?limit=5&before={seen[7]}").json()
    assert _ids(back) == seen[2:7] and back["newer_before"] == seen[2]
    html = client.get("/feed?limit=5").text
    assert f"after={seen[4]}" in html and 'rel="next"' in html


def test_the_explanation_shows_spans_legal_basis_handler_and_model(
    seeded: App, client_for: Callable[[str], TestClient]
) -> None:
    html = client_for("analis.bawaslu").get("/feed?category=money_politics&limit=1").text
    assert "<mark>Amplop</mark>" in html and "UU 10/2016 Pasal 73" in html and "tm1-test" in html
    assert "<dd>Bawaslu (Provinsi/Kabupaten/Kota)</dd>" in html  # the suggested handler, by name


def test_confirm_and_reject_record_the_review_and_feed_the_retraining_export(
    seeded: App, client_for: Callable[[str], TestClient], tmp_path: Path
) -> None:
    client = client_for("analis.bawaslu")
    first, second = _ids(client.get("/api/feed?limit=2").json())
    token = CSRF.search(client.get("/feed").text).group(1)  # type: ignore[union-attr]
    response = client.post(
        f"/feed/{first}/review",
        data={"csrf_token": token, "status": "confirmed", "note": "jelas", "next": "/feed?limit=2"},
    )
    assert response.status_code == 303 and response.headers["location"] == f"/feed?limit=2#finding-{first}"
    api = client.post(
        f"/api/findings/{second}/review", json={"status": "rejected"}, headers={"x-csrf-token": token}
    )
    assert api.json() == {"id": second, "review_status": "rejected", "reviewed_by": "analis.bawaslu"}
    assert export_labels(seeded, tmp_path / "labels.csv") == 2
    rows = {int(r["finding_id"]): r for r in csv.DictReader((tmp_path / "labels.csv").open())}
    assert (
        rows[first]["label"] == "1" and rows[first]["review_note"] == "jelas" and rows[second]["label"] == "0"
    )
    page = client.get("/feed?limit=2").text
    assert "Temuan dikonfirmasi" in page  # the notice after the redirect


def test_bad_reviews_and_filters_are_refused_with_a_reason(
    seeded: App, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("analis.bawaslu")
    token = CSRF.search(client.get("/feed").text).group(1)  # type: ignore[union-attr]
    headers = {"x-csrf-token": token}
    assert client.post("/api/findings/1/review", json={"status": "open"}, headers=headers).status_code == 422
    assert (
        client.post(
            "/api/findings/1/review", json={"status": "confirmed", "note": "a\x00b"}, headers=headers
        ).status_code
        == 422
    )
    assert (
        client.post("/api/findings/999999/review", json={"status": "confirmed"}, headers=headers).status_code
        == 404
    )
    assert (
        client.post("/api/findings/1/review", json={"status": "confirmed"}).status_code == 403
    )  # no CSRF token
    for query in (
        "category=<script>",
        "limit=0",
        "limit=101",
        "after=-1",
        "since=2024-13-01",
        "platform=myspace",
        "region=15.7",
        "account=maybe",
        "paslon=" + "x" * 100,
    ):
        response = client.get(f"/api/feed?{query}")
        assert response.status_code == 422 and "problems" in response.json(), query


def test_highlight_merges_overlaps_and_ignores_spans_out_of_range() -> None:
    spans = (
        {"start": 0, "end": 4},
        {"start": 2, "end": 6},
        {"start": 50, "end": 60},
        {"start": 3, "end": 1},
        {"x": 1},
    )
    assert highlight("abcdefgh", spans) == (Segment("abcdef", True), Segment("gh", False))
    assert highlight("", ()) == (Segment("", False),)
