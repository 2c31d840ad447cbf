"""The dashboard pages and their JSON twins show the same numbers, from the real tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from awas.app import App
from awas.reference.views import show_rows
from awas.risk.service import RiskService
from tests.risk.factories import finding_row, insert_findings, insert_posts, post_row

WEEK_47 = datetime(2024, 11, 20, 3, tzinfo=UTC)  # Wednesday of ISO week 2024-W47


def _seed(app: App) -> None:
    insert_findings(app, [finding_row("sara", "15.71.01", WEEK_47) for _ in range(7)])
    insert_findings(app, [finding_row("hoax", "15.02.03", WEEK_47) for _ in range(3)])
    insert_findings(app, [finding_row("money_politics", "15.71.02", datetime(2024, 11, 12, tzinfo=UTC))])
    insert_posts(app, [post_row(region_code="15.71.01") for _ in range(4)])


def test_overview_counts_by_category_kabkota_and_day(
    web: App, client_for: Callable[[str], TestClient]
) -> None:
    _seed(web)
    client = client_for("analis.bawaslu")
    data = {p["key"]: p["data"] for p in client.get("/api/overview").json()["panels"]}["findings"]
    assert data["total"] == 11 and data["posts_total"] == 4
    assert {r["key"]: r["count"] for r in data["by_category"]} == {"sara": 7, "hoax": 3, "money_politics": 1}
    kab = {r["key"]: r["count"] for r in data["by_kabkota"]}
    assert kab["15.71"] == 8 and kab["15.02"] == 3 and kab["15.01"] == 0 and len(kab) == 11
    days = {r["day"]: r["count"] for r in data["by_day"]}
    assert days["2024-11-20"] == 10 and days["2024-11-12"] == 1 and len(days) == 30
    html = client.get("/overview").text
    assert "Penghinaan SARA" in html and ">11</strong>" in html


def test_a_kabkota_bawaslu_sees_only_its_region(web: App, client_for: Callable[[str], TestClient]) -> None:
    _seed(web)
    page = client_for("analis.kotajambi").get("/api/overview").json()
    data = {p["key"]: p["data"] for p in page["panels"]}["findings"]
    assert page["region_scope"] == "15.71" and data["total"] == 8
    assert [r["key"] for r in data["by_kabkota"]] == ["15.71"]
    report = client_for("analis.kotajambi").get("/api/reports/weekly/2024-W47").json()
    assert {s["key"]: s["data"] for s in report["sections"]}["findings"]["total"] == 7


def test_reference_pages_reuse_the_cli_views_and_show_status(
    web: App, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("liaison.kpid")
    _title, columns, rows = show_rows(web, "categories")
    page = client.get("/api/reference/categories").json()
    assert page["columns"] == columns and len(page["rows"]) == len(rows) == page["total"]
    html = client.get("/reference/categories").text
    assert 'class="badge status-' in html
    regions = client.get("/api/reference/regions?q=15.71&limit=5&offset=5").json()
    assert regions["total"] > 10 and len(regions["rows"]) == 5 and regions["rows"][0][0].startswith("15.71")
    assert "conflict" in str(client.get("/api/reference/ikp").json()["rows"])  # a disputed fact stays visible


def test_the_map_is_an_svg_choropleth_of_11_units_with_144_kecamatan_tiles(
    web: App, client_for: Callable[[str], TestClient]
) -> None:
    _seed(web)
    client = client_for("pantau.iwo")
    html = client.get("/map").text
    svg = html[html.index('<svg class="map"') : html.index("</svg>", html.index('<svg class="map"'))]
    assert svg.count("<path ") == 11 and svg.count('href="/map/15.') == 11
    tiles = html[html.index('<svg class="tiles"') :]
    assert tiles[: tiles.index("</svg>")].count("<rect ") == 144
    assert "I = 100 × (W_BASE × B + W_LIVE" in html
    page = client.get("/api/map").json()
    assert len(page["units"]) == 11 and len(page["kecamatan"]) == 144
    assert "map_svg" not in page and {i["key"] for i in page["indicators"]} == {
        "findings_rate",
        "sara_hoax_share",
        "coordinated_clusters",
        "open_overdue_cases",
        "recap_anomalies",
    }
    assert page["planned"] == []
    kota = next(u for u in page["units"] if u["code"] == "15.71")
    assert (
        kota["findings"] == 8
        and kota["baseline_category"] == "tinggi"
        and kota["baseline_status"] == "verified"
    )


def test_the_region_page_shows_terms_trend_and_its_kecamatan(
    web: App, client_for: Callable[[str], TestClient]
) -> None:
    RiskService(web).take_snapshot(datetime(2024, 11, 1, tzinfo=UTC), actor="t")
    RiskService(web).take_snapshot(datetime(2024, 11, 8, tzinfo=UTC), actor="t")
    client = client_for("analis.bawaslu")
    page = client.get("/api/map/15.72").json()
    assert page["unit"]["name"] == "Kota Sungai Penuh" and len(page["unit"]["trend"]) == 2
    assert len(page["kecamatan"]) == 8
    assert "<polyline" in client.get("/map/15.72").text
    assert client.get("/api/map/15.99").status_code == 404


def test_a_snapshot_from_the_map_page_joins_the_trend(
    web: App, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for("analis.bawaslu")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/map").text)
    assert token and client.post("/map/snapshot", data={"csrf_token": token[1]}).status_code == 303
    assert len(RiskService(web).trend("15.71")) == 1


def test_weekly_report_html_json_and_pdf(web: App, client_for: Callable[[str], TestClient]) -> None:
    _seed(web)
    client = client_for("analis.bawaslu")
    assert "2024-W47" in client.get("/api/reports").json()["weeks"]
    report = client.get("/api/reports/weekly/2024-W47").json()
    sections = {s["key"]: s["data"] for s in report["sections"]}
    assert list(sections) == ["findings", "risk", "cases", "recap", "clusters", "reference"]
    assert sections["findings"]["total"] == 10 and sections["findings"]["previous_week_total"] == 1
    assert any(s["name"] for s in sections["reference"]["stages"])
    html = client.get("/reports/weekly/2024-W47").text
    assert "Laporan Pengawasan Siber Mingguan" in html and "data:image/png;base64," in html
    assert "data:image/svg+xml;base64," in html
    pdf = client.get("/reports/weekly/2024-W47.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and len(pdf.content) > 20_000
    assert "laporan-pengawasan-2024-W47.pdf" in pdf.headers["content-disposition"]


def test_openapi_is_published_and_lists_every_json_twin(web: App) -> None:
    from tests.web.conftest import new_client

    schema = new_client(web).get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/overview",
        "/api/map",
        "/api/map/{code}",
        "/api/reference/{view}",
        "/api/reports",
        "/api/reports/weekly/{week}",
        "/api/tokens",
    ):
        assert path in paths
    assert not any(not p.startswith("/api/") for p in paths)
