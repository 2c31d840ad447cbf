"""Coordination clusters: the list, a cluster's page and its network picture."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from awas.app import App
from awas.coord.query import list_clusters


def test_the_list_shows_clusters_strongest_first_with_filters(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("penyidik.polda")
    page = client.get("/api/clusters").json()
    scores = [c["score"] for c in page["clusters"]]
    assert len(scores) == 4 and scores == sorted(scores, reverse=True) and not page["more"]
    links = client.get("/api/clusters?kind=co_link").json()["clusters"]
    expected = [c["id"] for c in page["clusters"] if c["kind"] == "co_link"]
    assert [c["id"] for c in links] == expected and len(links) == 1
    assert client.get("/api/clusters?min_score=0.99").json()["clusters"] == []
    assert client.get("/api/clusters?kind=telepathy").status_code == 422
    assert client.get("/api/clusters?min_score=2").status_code == 422


def test_a_cluster_page_shows_accounts_posts_and_the_network_picture(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    strongest = list_clusters(dash, limit=1)[0]
    client = dash_client("analis.bawaslu")
    page = client.get(f"/api/clusters/{strongest.id}").json()
    assert page["cluster"]["n_accounts"] == len(page["accounts"]) == strongest.n_accounts
    assert page["posts"] and all(p["text"] for p in page["posts"])
    html = client.get(f"/clusters/{strongest.id}").text
    assert f'src="/clusters/{strongest.id}/network.png"' in html
    png = client.get(f"/clusters/{strongest.id}/network.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert client.get(f"/clusters/{strongest.id}/network.png").content == png.content  # drawn once


def test_unknown_and_malformed_cluster_ids(dash_client: Callable[[str], TestClient]) -> None:
    client = dash_client("analis.bawaslu")
    assert client.get("/api/clusters/ndt-0000000000").status_code == 404
    assert client.get("/api/clusters/ndt-0000000000/network.png").status_code == 404
    assert client.get("/api/clusters/..%2Fetc").status_code in (404, 422)
    assert client.get("/api/clusters/NDT-XYZ").status_code == 422
