"""The public report form: no sign-in, the requirements explained, CSRF, a per-address limit, intake
through the cases capability (sealed reporter, requirements checked, a double submit stored once);
the public tip API mounted under the same limit."""

from __future__ import annotations

import re

import sqlalchemy as sa
from fastapi.testclient import TestClient

from awas.app import App
from awas.cases.tables import case_reporters, cases
from tests.web.conftest import CSRF, new_client

SUBMISSION = re.compile(r'name="submission_id" value="([^"]+)"')


def _form(client: TestClient) -> dict[str, str]:
    page = client.get("/laporan").text
    return {
        "csrf_token": CSRF.search(page).group(1),  # type: ignore[union-attr]
        "submission_id": SUBMISSION.search(page).group(1),  # type: ignore[union-attr]
        "pelapor_name": "Siti Rahmawati",
        "pelapor_address": "Jl. Sultan Thaha 5, Kota Jambi",
        "pelapor_nik": "1571010101900001",
        "pelapor_phone": "0812-3456-7890",
        "terlapor": "Tim kampanye paslon 2",
        "actor": "tim_kampanye",
        "category": "money_politics",
        "title": "Bagi-bagi amplop",
        "description": "Tim membagikan amplop berisi uang kepada warga di depan masjid.",
        "occurred_at": "2024-11-21T19:30",
        "known_at": "2024-11-21T20:00",
        "place": "Kelurahan Telanaipura",
        "region_code": "15.71",
        "election_id": "pilwako-15.71-2024",
        "witness_name_1": "Budi",
        "evidence_description_1": "Video 30 detik",
        "evidence_url_1": "https://example.org/v",
        "signed": "yes",
    }


def _count(core: App) -> int:
    with core.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(cases)).scalar_one())


def test_the_form_explains_the_requirements_without_sign_in(web: App) -> None:
    html = new_client(web).get("/laporan").text
    assert "Syarat laporan" in html and "Laporan tidak lewat 7 hari" in html and "UU 1/2015 Pasal 134" in html
    assert "tidak dapat dilengkapi kemudian" in html  # the 7-day limit cannot be fixed later
    assert 'name="pelapor_name"' in html and 'name="csrf_token"' in html


def test_a_report_becomes_a_case_of_the_regions_office_with_a_sealed_reporter(web: App) -> None:
    client = new_client(web)
    form = _form(client)
    response = client.post("/laporan", data=form)
    assert response.status_code == 201, response.text[:2000]
    number = re.search(r'id="case-number">([A-Z]{2}-\d{4}-\d+)<', response.text).group(1)  # type: ignore[union-attr]
    with web.db.read() as conn:
        case = conn.execute(sa.select(cases).where(cases.c.number == number)).one()
        sealed = conn.execute(
            sa.select(case_reporters.c.identity_sealed).where(case_reporters.c.case_id == case.id)
        ).scalar_one()
    assert (
        case.kind == "laporan"
        and case.owner_org_id == "bawaslu-15.71"
        and case.created_by == "system:laporan-web"
    )
    assert "Siti" not in sealed and "Siti" not in case.description
    again = client.post("/laporan", data=form)  # the browser re-sends the same form
    assert again.status_code == 201 and number in again.text and _count(web) == 1


def test_an_incomplete_report_is_shown_again_with_the_reasons_and_nothing_stored(web: App) -> None:
    client = new_client(web)
    form = {**_form(client), "pelapor_name": "", "pelapor_address": "", "known_at": "2099-01-01T00:00"}
    response = client.post("/laporan", data=form)
    assert response.status_code == 422 and "Laporan belum dapat diterima" in response.text
    assert "nama pelapor kosong" in response.text and "masa depan" in response.text
    assert 'value="Bagi-bagi amplop"' in response.text  # what was typed is kept
    assert _count(web) == 0
    for change in (
        {"known_at": "besok"},
        {"pelapor_nik": "12"},
        {"description": "x" * 20_001},
        {"pelapor_name": "a\x00b"},
    ):
        assert client.post("/laporan", data={**_form(client), **change}).status_code == 422, change
    assert _count(web) == 0


def test_the_form_needs_its_csrf_token(web: App) -> None:
    client = new_client(web)
    form = {k: v for k, v in _form(client).items() if k != "csrf_token"}
    assert client.post("/laporan", data=form).status_code == 403
    assert client.post("/laporan", data={**form, "csrf_token": "forged"}).status_code == 403
    assert _count(web) == 0


def test_one_address_may_send_five_reports_an_hour(web: App) -> None:
    client = new_client(web)
    statuses = [
        client.post("/laporan", data={**_form(client), "pelapor_name": ""}).status_code for _ in range(6)
    ]
    assert statuses == [422] * 5 + [429]
    other_app_same_db = new_client(web)  # another worker process: the count is in the database
    assert other_app_same_db.post("/laporan", data=_form(other_app_same_db)).status_code == 429


def test_the_tip_api_is_mounted_and_limited(web: App) -> None:
    client = new_client(web)
    first = client.post("/api/tips", data={"text": "Ada politik uang di TPS 3", "region": "15.71"})
    assert first.status_code == 201 and first.json()["id"]
    assert client.post("/api/tips", data={"text": ""}).status_code == 422
    statuses = [client.post("/api/tips", data={"text": f"tip {n}"}).status_code for n in range(10)]
    assert statuses.count(201) == 8 and statuses[-1] == 429
