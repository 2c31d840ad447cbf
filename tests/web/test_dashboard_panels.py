"""The overview's panels for cases, recap and clusters, and the weekly report's sections for them."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from awas.app import App


def _panels(client: TestClient) -> dict[str, dict[str, object]]:
    return {p["key"]: p["data"] for p in client.get("/api/overview").json()["panels"]}


def test_the_overview_shows_open_cases_recap_anomalies_and_clusters(
    dash_client: Callable[[str], TestClient],
) -> None:
    client = dash_client("analis.bawaslu")
    panels = _panels(client)
    assert list(panels) == ["findings", "cases", "recap", "clusters", "reference"]
    cases = panels["cases"]
    assert cases["open"] == 4 and cases["overdue"] >= 1  # the demo cases' deadlines fell in 2024
    assert {r["status"]: r["count"] for r in cases["by_status"]} == {  # type: ignore[union-attr]
        "diregistrasi": 1,
        "diteruskan": 2,
        "ditindaklanjuti_instansi": 1,
    }
    recap = panels["recap"]
    assert recap["anomalies"] > 0 and recap["screening"] > 0
    assert panels["clusters"]["total"] == 4 and len(panels["clusters"]["strongest"]) == 4  # type: ignore[arg-type]
    html = client.get("/overview").text
    assert (
        'id="panel-cases"' in html and 'href="/cases?overdue=true"' in html and 'id="panel-clusters"' in html
    )


def test_each_office_counts_only_the_cases_it_may_see(dash_client: Callable[[str], TestClient]) -> None:
    assert _panels(dash_client("analis.kotajambi"))["cases"]["open"] == 1
    assert _panels(dash_client("penyidik.polda"))["cases"]["open"] == 1
    assert _panels(dash_client("pantau.iwo"))["cases"]["open"] == 0


def test_the_weekly_report_has_cases_recap_and_clusters_sections(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.bawaslu")
    report = client.get("/api/reports/weekly/2024-W47").json()
    sections = {s["key"]: s["data"] for s in report["sections"]}
    assert list(sections) == ["findings", "risk", "cases", "recap", "clusters", "reference"]
    assert sections["cases"]["opened"] == 3 and sections["cases"]["opened_by_kind"] == {
        "laporan": 2,
        "temuan": 1,
    }
    assert sections["clusters"]["new"] == 0  # the demo's campaigns strike in W40, W48 and W49
    later = client.get("/api/reports/weekly/2024-W48").json()
    clusters = {s["key"]: s["data"] for s in later["sections"]}["clusters"]
    assert clusters["new"] == 2 and {c["id"][:4] for c in clusters["clusters"]} == {"ndt-", "tag-"}
    html = client.get("/reports/weekly/2024-W47").text
    assert "Penanganan perkara" in html and "Jaringan akun terkoordinasi" in html
    kota = dash_client("analis.kotajambi").get("/api/reports/weekly/2024-W47").json()
    assert {s["key"]: s["data"] for s in kota["sections"]}["cases"]["opened"] == 1
    pdf = client.get("/reports/weekly/2024-W47.pdf")
    assert pdf.content.startswith(b"%PDF")
