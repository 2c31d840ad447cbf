"""Recap views: races, the drill-down province → kab/kota → kecamatan → desa → TPS with C-rule findings,
X-rule differences, a unit's history and a TPS's C.Hasil photos; the D.Hasil/DB/DC entry form."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from fastapi.testclient import TestClient

from awas.app import App
from awas.recap.queries import snapshots
from awas.recap.tables import recap_findings
from tests.web.conftest import CSRF

TPS_WITH_PHOTOS = "1501011004002"


def _add_x_difference(core: App, unit: str) -> None:
    now = datetime(2024, 12, 3, tzinfo=UTC)
    row = {
        "series": "ppwp-15",
        "race": "ppwp",
        "rule": "X01",
        "unit": unit,
        "level": "kabkota",
        "paslon": "01",
        "election_id": None,
        "values_json": json.dumps({"anak": 100, "induk": 120}),
        "message": "jumlah kecamatan 100 ≠ angka kab/kota 120",
        "first_snapshot_id": "a" * 64,
        "last_snapshot_id": "a" * 64,
        "first_seen_at": now,
        "last_seen_at": now,
    }
    with core.db.transaction() as conn:
        conn.execute(recap_findings.insert().values(**row))


def test_races_and_their_open_findings_by_rule_family(dash_client: Callable[[str], TestClient]) -> None:
    page = dash_client("liaison.kpu").get("/api/recap").json()  # recap results are public: partners too
    races = {r["race"]: r for r in page["races"]}
    assert set(races) == {"ppwp", "pkwkk", "pkwkp"}
    assert races["ppwp"]["open_findings"]["C"] > 0 and races["ppwp"]["kinds"] == ["tps_csv"]


def test_the_drill_down_goes_from_province_to_a_tps(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.bawaslu")
    _add_x_difference(dash, "1571")
    province = client.get("/api/recap/ppwp").json()
    assert province["unit"] == "15" and province["child_level"] == "kabkota"
    kota = next(c for c in province["children"] if c["unit"] == "1571")
    assert kota["name"] == "Kota Jambi" and kota["open_findings"] > 0
    path = ["1571"]
    page = client.get("/api/recap/ppwp/1571").json()
    assert [d["rule"] for d in page["x_differences"]] == ["X01"] and page["child_level"] == "kecamatan"
    while page["children"]:
        path.append(page["children"][1]["unit"] if len(page["children"]) > 1 else page["children"][0]["unit"])
        page = client.get(f"/api/recap/ppwp/{path[-1]}").json()
    assert [len(code) for code in path] == [4, 6, 10, 13] and page["level"] == "tps"
    assert [c["unit"] for c in page["trail"]] == ["15", *path]
    assert page["history"] and all(h["kind"] == "tps_csv" for h in page["history"])
    html = client.get(f"/recap/ppwp/{path[1]}").text
    assert 'href="/recap/ppwp/1571"' in html and "Anomali aturan C" in html


def test_a_tps_page_links_its_c_hasil_photos(dash_client: Callable[[str], TestClient]) -> None:
    page = dash_client("analis.bawaslu").get(f"/api/recap/ppwp/{TPS_WITH_PHOTOS}").json()
    assert len(page["photos"]) == 3 and all(
        p["url"].startswith("https://sirekap-obj-formc.kpu.go.id/") for p in page["photos"]
    )
    html = dash_client("analis.bawaslu").get(f"/recap/ppwp/{TPS_WITH_PHOTOS}").text
    assert html.count('rel="noopener noreferrer nofollow"') >= 3


def test_the_aggregate_races_show_paslon_names(dash_client: Callable[[str], TestClient]) -> None:
    page = dash_client("analis.bawaslu").get("/api/recap/pkwkp").json()
    assert page["paslon"] and all(len(n) == 2 for n in page["paslon"])
    assert {c["unit"] for c in page["children"]} >= {"1501", "1571"}


def test_unknown_races_units_and_bad_codes(dash_client: Callable[[str], TestClient]) -> None:
    client = dash_client("analis.bawaslu")
    assert client.get("/api/recap/zzzz").status_code == 404
    assert client.get("/api/recap/ppwp/9999").status_code == 404
    for bad in ("157", "15710", "15.71", "1571x", "1" * 14):
        assert client.get(f"/api/recap/ppwp/{bad}").status_code == 422, bad


def test_the_entry_form_stores_a_recap_table_once(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.bawaslu")
    form_page = client.get("/recap/pkwkp/entry").text
    token = CSRF.search(form_page).group(1)  # type: ignore[union-attr]
    assert 'name="votes_01"' in form_page and "D.Hasil" in form_page
    before = len(snapshots(dash, "pkwkp"))
    form = {
        "csrf_token": token,
        "level": "kabkota",
        "kode": "15.71",
        "votes_01": "1200",
        "votes_02": "800",
        "suara_sah": "2000",
        "suara_tidak_sah": "15",
        "ts": "2024-12-02T10:00",
    }
    stored = client.post("/recap/pkwkp/entry", data=form)
    assert stored.status_code == 303 and stored.headers["location"] == "/recap/pkwkp/1571"
    assert "Rekapitulasi tersimpan" in client.get("/recap/pkwkp/1571").text
    again = client.post("/recap/pkwkp/entry", data=form)
    assert again.status_code == 303 and "sudah tersimpan" in client.get("/recap/pkwkp/1571").text
    assert len(snapshots(dash, "pkwkp")) == before + 1
    history = client.get("/api/recap/pkwkp/1571").json()["history"]
    assert any(h["source"] == "rekapitulasi" and h["values"].get("paslon_01") == "1200" for h in history)


def test_bad_entries_are_refused_naming_the_field_and_store_nothing(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.bawaslu")
    token = CSRF.search(client.get("/recap/pkwkp/entry").text).group(1)  # type: ignore[union-attr]
    before = len(snapshots(dash, "pkwkp"))
    good = {
        "csrf_token": token,
        "level": "kabkota",
        "kode": "1571",
        "votes_01": "1",
        "ts": "2024-12-02T10:00",
    }
    for change, field in (
        ({"votes_01": "-5"}, "votes"),
        ({"votes_01": "banyak"}, "votes"),
        ({"level": "desa"}, "level"),
        ({"kode": "157101"}, "kode"),
        ({"ts": "kemarin"}, "ts"),
        ({"votes_01": ""}, "votes"),
    ):
        response = client.post("/recap/pkwkp/entry", data={**good, **change})
        assert response.status_code == 422 and field in response.text, change
    api = client.post("/api/recap/pkwkp/entries", json={"entries": []}, headers={"x-csrf-token": token})
    assert api.status_code == 422
    assert len(snapshots(dash, "pkwkp")) == before
    with dash.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(recap_findings)).scalar_one() > 0
