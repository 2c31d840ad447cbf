"""The case board and the case page: deadline colours, exactly the transition buttons the user may take,
transitions, routing, sharing, evidence with its custody log, and the dossier as HTML and PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from awas.app import App
from awas.cases.api import allowed_transitions, principal_for
from awas.cases.tables import cases
from awas.web.case_models import deadline_colour
from tests.web.conftest import CSRF

BUTTON = re.compile(r'<button type="submit" data-to="([a-z_]+)">')


def _csrf(client: TestClient, path: str = "/tokens") -> str:
    match = CSRF.search(client.get(path).text)
    assert match
    return match.group(1)


def _status(core: App, case_id: int) -> tuple[str, int]:
    with core.db.read() as conn:
        row = conn.execute(sa.select(cases.c.status, cases.c.version).where(cases.c.id == case_id)).one()
    return row[0], row[1]


def test_deadline_colours_follow_the_time_left() -> None:
    now = datetime(2024, 11, 20, 12, tzinfo=UTC)
    assert deadline_colour("overdue", now - timedelta(hours=1), now) == "overdue"
    assert deadline_colour("pending", now + timedelta(hours=5), now) == "today"
    assert deadline_colour("pending", now + timedelta(hours=48), now) == "soon"
    assert deadline_colour("pending", now + timedelta(days=5), now) == "later"
    assert deadline_colour("met", now, now) == deadline_colour("expired", now, now) == "none"
    assert deadline_colour("pending", None, now) == "none"


def test_the_board_groups_open_cases_by_status_with_deadline_colours(
    dash_client: Callable[[str], TestClient],
) -> None:
    client = dash_client("analis.bawaslu")
    board = client.get("/api/cases").json()
    columns = {c["status"]: [card["number"] for card in c["cases"]] for c in board["columns"]}
    assert columns == {
        "diregistrasi": ["LP-2024-00007"],
        "diteruskan": ["LP-2024-00001", "TM-2024-00006"],
        "ditindaklanjuti_instansi": ["TM-2024-00004"],
    }
    case7 = board["columns"][0]["cases"][0]
    assert case7["next_deadline"]["colour"] == "overdue"  # due 29 Nov 2024, long past
    html = client.get("/cases").text
    assert 'class="case-card due-edge-overdue"' in html and "LP-2024-00007" in html
    closed = client.get("/api/cases?status=tidak_diregistrasi").json()
    assert [c["status"] for c in closed["columns"]] == ["tidak_diregistrasi"]
    assert {card["id"] for card in closed["columns"][0]["cases"]} == {2, 3}


@pytest.mark.parametrize(
    ("username", "ref"),
    [
        ("analis.bawaslu", 7),
        ("analis.kotajambi", 1),
        ("penyidik.polda", 1),
        ("liaison.kpid", 4),
        ("admin.bawaslu", 4),
    ],
)
def test_the_case_page_offers_exactly_the_transitions_the_user_may_take(
    dash: App, dash_client: Callable[[str], TestClient], username: str, ref: int
) -> None:
    expected = [
        o.to_status for o in allowed_transitions(dash, principal_for(dash, username), ref) if o.allowed
    ]
    html = dash_client(username).get(f"/cases/{ref}").text
    assert BUTTON.findall(html) == expected
    api = dash_client(username).get(f"/api/cases/{ref}").json()
    assert [o["to_status"] for o in api["case"]["next_transitions"]] == expected


def test_a_transition_moves_the_case_and_a_stale_form_is_refused(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.bawaslu")
    token = _csrf(client, "/cases/7")
    status, version = _status(dash, 7)
    form = {
        "csrf_token": token,
        "to_status": "klarifikasi",
        "expected_version": str(version),
        "reason": "minta keterangan",
    }
    moved = client.post("/cases/LP-2024-00007/transition", data=form)
    assert moved.status_code == 303 and moved.headers["location"] == "/cases/LP-2024-00007"
    assert _status(dash, 7) == ("klarifikasi", version + 1)
    page = client.get("/cases/LP-2024-00007").text
    assert "Status perkara diubah" in page and "diregistrasi → klarifikasi" in page
    stale = client.post("/cases/LP-2024-00007/transition", data={**form, "to_status": "kajian"})
    assert stale.status_code == 409 and _status(dash, 7) == ("klarifikasi", version + 1)


def test_a_transition_the_catalogue_refuses_is_403_with_its_reason(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("penyidik.polda")
    token = _csrf(client)
    _status_before = _status(dash, 1)
    body = {"to_status": "selesai", "reason": "x", "expected_version": _status_before[1]}
    response = client.post("/api/cases/1/transition", json=body, headers={"x-csrf-token": token})
    assert response.status_code == 403 and "investigator" in " ".join(response.json()["problems"])
    assert _status(dash, 1) == _status_before
    unknown = client.post(
        "/api/cases/1/transition", json={**body, "to_status": "terbang"}, headers={"x-csrf-token": token}
    )
    assert unknown.status_code == 403 and _status(dash, 1) == _status_before


def test_sharing_opens_the_case_to_a_partner_and_revoking_closes_it(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    analyst, partner = dash_client("analis.bawaslu"), dash_client("liaison.kpid")
    token = _csrf(analyst, "/cases/7")
    assert partner.get("/cases/7").status_code == 404
    shared = analyst.post(
        "/cases/7/share", data={"csrf_token": token, "org_id": "kpid-jambi", "reason": "pantau siaran"}
    )
    assert shared.status_code == 303 and partner.get("/cases/7").status_code == 200
    page = analyst.get("/cases/7").text
    assert "Komisi Penyiaran Indonesia Daerah (KPID) Jambi" in page and "pantau siaran" in page
    revoke = {"csrf_token": token, "org_id": "kpid-jambi", "reason": "selesai", "revoke": "true"}
    assert analyst.post("/cases/7/share", data=revoke).status_code == 303
    assert partner.get("/cases/7").status_code == 404
    no_reason = analyst.post(
        "/api/cases/7/share", json={"org_id": "kpid-jambi"}, headers={"x-csrf-token": token}
    )
    assert no_reason.status_code == 403


def test_routing_by_the_catalogue_and_an_override_needs_a_reason(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.bawaslu")
    headers = {"x-csrf-token": _csrf(client)}
    override = client.post("/api/cases/7/route", json={"handler": "kpid"}, headers=headers)
    assert override.status_code == 403 and "alasan" in " ".join(override.json()["problems"])
    bad = client.post("/api/cases/7/route", json={"track": "nowhere"}, headers=headers)
    assert bad.status_code == 422
    routed = client.post("/api/cases/7/route", json={"reason": "sesuai katalog"}, headers=headers)
    assert routed.status_code == 200 and routed.json()["number"] == "LP-2024-00007"
    assert client.get("/api/cases/7").json()["case"]["card"]["handler"] == routed.json()["handler"]


def test_the_case_page_lists_its_evidence_with_the_custody_log(
    dash_client: Callable[[str], TestClient],
) -> None:
    page = dash_client("analis.kotajambi").get("/api/cases/1").json()
    assert page["evidence"], "case 1 has a captured post as evidence (demo_data.py)"
    first = page["evidence"][0]
    assert first["digest"] and [e["action"] for e in first["custody"]][0] == "captured"
    html = dash_client("analis.kotajambi").get("/cases/1").text
    assert f'href="/cases/LP-2024-00001/evidence/{first["id"]}"' in html and "captured" in html


def test_the_dossier_is_html_and_pdf_and_its_reading_is_logged(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.bawaslu")
    html = client.get("/cases/LP-2024-00001/dossier").text
    assert "Berkas perkara LP-2024-00001" in html and "Tenggat hukum" in html and "Sidik SHA-256" in html
    pdf = client.get("/cases/1/dossier.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'filename="berkas-LP-2024-00001.pdf"' in pdf.headers["content-disposition"]
    english = client.get("/cases/1/dossier?lang=en").text
    assert "Case dossier LP-2024-00001" in english
    from awas.store.tables import audit_log

    with dash.db.read() as conn:
        viewed = conn.execute(
            sa.select(sa.func.count()).where(
                audit_log.c.action == "case.viewed", audit_log.c.actor == "analis.bawaslu"
            )
        ).scalar_one()
    assert viewed >= 3


def test_bad_case_references_are_422_or_404(dash_client: Callable[[str], TestClient]) -> None:
    client = dash_client("analis.bawaslu")
    for ref in ("1%3B%20DROP", "LP-2024", "x" * 40, "-1"):
        assert client.get(f"/api/cases/{ref}").status_code == 422, ref
    assert client.get("/api/cases/999999999").status_code == 404
    assert client.get("/api/cases?status=NOPE").status_code == 422
