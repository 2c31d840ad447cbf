"""Hostile text shows as text on every new page: post texts, evidence spans, review notes, case titles
and descriptions, cluster posts, recap messages, and what a citizen typed into the report form."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from fastapi.testclient import TestClient

from awas.app import App
from awas.cases.api import TemuanInput, open_temuan, system_principal
from awas.coord.tables import coord_cluster_posts
from awas.detect.review import review_finding
from awas.domain.cases import TemuanSource
from awas.domain.findings import ReviewStatus
from awas.recap.tables import recap_findings
from awas.store.tables import findings, posts
from tests.web.conftest import CSRF, new_client

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def _hostile_data(core: App) -> tuple[int, str, str]:
    """A hostile post with a finding (evidence and review note hostile too), a hostile temuan, a hostile
    post inside a cluster and a hostile recap message; returns (finding id, case number, cluster id)."""
    at = datetime(2024, 11, 20, tzinfo=UTC)
    with core.db.transaction() as conn:
        cluster_id, post_pk = conn.execute(
            sa.select(coord_cluster_posts.c.cluster_id, coord_cluster_posts.c.post_pk).limit(1)
        ).one()
        conn.execute(
            posts.update().where(posts.c.id == post_pk).values(text=PAYLOAD, url="javascript:alert(1)")
        )
        finding = conn.execute(
            sa.select(sa.func.min(findings.c.id)).where(findings.c.post_pk.is_not(None))
        ).scalar_one()
        pk = conn.execute(sa.select(findings.c.post_pk).where(findings.c.id == finding)).scalar_one()
        conn.execute(
            posts.update().where(posts.c.id == pk).values(text=PAYLOAD + " amplop", url="javascript:alert(2)")
        )
        evidence = [{"kind": "span", "text": PAYLOAD, "start": 0, "end": 8, "detail": PAYLOAD}]
        conn.execute(
            findings.update().where(findings.c.id == finding).values(evidence=evidence, legal_basis=[PAYLOAD])
        )
        conn.execute(
            recap_findings.insert().values(
                series="ppwp-15",
                race="ppwp",
                rule="X01",
                unit="1571",
                level="kabkota",
                paslon="01",
                election_id=None,
                values_json=json.dumps({"x": PAYLOAD}),
                message=PAYLOAD,
                first_snapshot_id="a" * 64,
                last_snapshot_id="a" * 64,
                first_seen_at=at,
                last_seen_at=at,
            )
        )
    review_finding(core, finding, ReviewStatus.CONFIRMED, "analis.bawaslu", PAYLOAD)
    temuan = TemuanInput(
        source_type=TemuanSource.ANALYST,
        source_id="xss-1",
        summary=PAYLOAD[:200],
        category="hoax",
        description=PAYLOAD,
        terlapor=PAYLOAD,
        place=PAYLOAD,
    )
    case = open_temuan(core, system_principal(core, "test"), temuan)
    return finding, case.number, cluster_id


def _assert_escaped(html: str, where: str) -> None:
    assert PAYLOAD not in html and "<script>alert" not in html and "<img src=x" not in html, where
    assert "javascript:alert" not in html, where
    assert ESCAPED in html or "&lt;script&gt;" in html, where


def test_hostile_text_is_shown_as_text_everywhere(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    finding, number, cluster_id = _hostile_data(dash)
    client = dash_client("analis.bawaslu")
    pages = [
        f"/feed?after={finding + 1}&limit=1",
        "/cases",
        f"/cases/{number}",
        f"/cases/{number}/dossier",
        f"/clusters/{cluster_id}",
        "/clusters",
        "/recap/ppwp/1571",
        "/overview",
        "/reports",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        if path not in ("/clusters", "/overview", "/reports"):
            _assert_escaped(response.text, path)
        else:
            assert PAYLOAD not in response.text, path
    feed = client.get(f"/feed?after={finding + 1}&limit=1").text
    assert "<mark>&lt;script&gt;</mark>alert" in feed  # the evidence span highlighted, as text
    assert client.get(f"/api/feed?after={finding + 1}&limit=1").json()["items"][0]["url"] is None


def test_what_a_citizen_typed_comes_back_escaped(web: App) -> None:
    client = new_client(web)
    page = client.get("/laporan").text
    token = CSRF.search(page).group(1)  # type: ignore[union-attr]
    submission = re.search(r'name="submission_id" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {
        "csrf_token": token,
        "submission_id": submission,
        "pelapor_name": "",
        "title": PAYLOAD,
        "description": PAYLOAD,
        "known_at": "2024-11-21T20:00",
    }
    response = client.post("/laporan", data=form)
    assert response.status_code == 422
    _assert_escaped(response.text, "/laporan")
    assert '"><script>' not in client.post("/laporan", data={**form, "title": '"><script>x</script>'}).text
