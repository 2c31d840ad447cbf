"""Object-level access: each demo user × the demo's cases, evidence, findings and recap units, including
the object ids of other organisations (they answer 404, as if they did not exist, and are logged).

The expected visibility is written out from the demo data (tests/web/demo_data.py) and the documented
rules (docs/cases.md), not computed by the code under test.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from awas.app import App
from awas.evidence.ledger import entries_of
from awas.evidence.records import Subject, SubjectType
from awas.evidence.service import EvidenceService
from awas.store.tables import audit_log, findings
from tests.web.conftest import CSRF, DEMO_USERNAMES

ALL_CASES = frozenset(range(1, 8))
VISIBLE_CASES: dict[str, frozenset[int]] = {
    "admin.bawaslu": ALL_CASES,  # the province sees its own cases and those of the offices below it
    "analis.bawaslu": ALL_CASES,
    "analis.kotajambi": frozenset({1}),  # Kota Jambi's own case only
    "penyidik.polda": frozenset({1}),  # shared with Polda Jambi
    "liaison.kpid": frozenset({4}),  # routed to KPID Jambi
    "liaison.kpu": frozenset(),
    "pantau.iwo": frozenset(),
}
OPEN_CASES = frozenset({1, 4, 6, 7})


def _csrf(client: TestClient) -> str:
    match = CSRF.search(client.get("/tokens").text)
    assert match
    return match.group(1)


def _case1_artefact(core: App) -> int:
    return EvidenceService(core).artefacts_of(Subject(SubjectType.CASE, "1"))[0].id


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_each_user_sees_exactly_the_cases_of_their_organisation(
    dash: App, dash_client: Callable[[str], TestClient], username: str
) -> None:
    client = dash_client(username)
    for case_id in sorted(ALL_CASES):
        expected = 200 if case_id in VISIBLE_CASES[username] else 404
        for path in (f"/cases/{case_id}", f"/api/cases/{case_id}", f"/api/cases/{case_id}/dossier"):
            assert client.get(path).status_code == expected, f"{username} {path}"
    board = client.get("/api/cases").json()
    shown = {card["id"] for column in board["columns"] for card in column["cases"]}
    assert shown == VISIBLE_CASES[username] & OPEN_CASES
    assert board["open_total"] == len(VISIBLE_CASES[username] & OPEN_CASES)


def test_an_invisible_case_is_refused_like_a_missing_one_and_logged(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("liaison.kpu")
    hidden, missing = client.get("/cases/1"), client.get("/cases/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.count("Tidak ditemukan") == missing.text.count("Tidak ditemukan")
    with dash.db.read() as conn:
        denied = conn.execute(
            sa.select(audit_log.c.object_id).where(
                audit_log.c.action == "case.access_denied", audit_log.c.actor == "liaison.kpu"
            )
        ).all()
    assert ("1",) in [tuple(r) for r in denied]


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_evidence_opens_only_through_a_visible_case_and_refusals_reach_the_custody_log(
    dash: App, dash_client: Callable[[str], TestClient], username: str
) -> None:
    artefact = _case1_artefact(dash)
    client = dash_client(username)
    response = client.get(f"/cases/1/evidence/{artefact}")
    through_other_case = client.get(f"/cases/4/evidence/{artefact}")  # a case it does not belong to
    with dash.db.read() as conn:
        log = [(e.action, e.actor) for e in entries_of(conn, [artefact])]
    if 1 in VISIBLE_CASES[username]:
        assert response.status_code == 200 and response.headers["content-type"] == "application/octet-stream"
        assert "attachment" in response.headers["content-disposition"]
        assert ("viewed", username) in log
    else:
        assert response.status_code == 404 and ("viewed", username) not in log
    assert through_other_case.status_code == 404
    assert ("access_denied", username) in log


def test_case_actions_on_invisible_cases_answer_404_and_change_nothing(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.kotajambi")  # an editor, but case 7 belongs to the province
    token = _csrf(client)
    headers = {"x-csrf-token": token}
    before = client.get("/cases/1").status_code
    assert before == 200
    for path, body in (
        ("/api/cases/7/transition", {"to_status": "klarifikasi", "reason": "x", "expected_version": 1}),
        ("/api/cases/7/route", {"reason": "x"}),
        ("/api/cases/7/share", {"org_id": "kpid-jambi", "reason": "x"}),
    ):
        assert client.post(path, json=body, headers=headers).status_code == 404, path
    admin = dash_client("admin.bawaslu")
    assert admin.get("/api/cases/7").json()["case"]["card"]["version"] == _version(dash, 7)


def _version(core: App, case_id: int) -> int:
    from awas.cases.tables import cases

    with core.db.read() as conn:
        return int(conn.execute(sa.select(cases.c.version).where(cases.c.id == case_id)).scalar_one())


@pytest.mark.parametrize("username", ["penyidik.polda", "liaison.kpid", "pantau.iwo"])
def test_only_bawaslu_editors_route_and_share(
    dash_client: Callable[[str], TestClient], username: str
) -> None:
    client = dash_client(username)
    headers = {"x-csrf-token": _csrf(client)}
    case = "1" if username == "penyidik.polda" else "4"
    assert client.post(f"/api/cases/{case}/route", json={"reason": "x"}, headers=headers).status_code == 403
    share = {"org_id": "kpid-jambi", "reason": "x"}
    assert client.post(f"/api/cases/{case}/share", json=share, headers=headers).status_code == 403


def _finding_in(core: App, *, inside: bool) -> int:
    condition = (
        findings.c.region_code.startswith("15.71") if inside else ~findings.c.region_code.startswith("15.71")
    )
    with core.db.read() as conn:
        return int(conn.execute(sa.select(sa.func.min(findings.c.id)).where(condition)).scalar_one())


def test_a_kabkota_office_reviews_and_sees_only_its_regions_findings(
    dash: App, dash_client: Callable[[str], TestClient]
) -> None:
    client = dash_client("analis.kotajambi")
    headers = {"x-csrf-token": _csrf(client)}
    body = {"status": "confirmed", "note": "cek"}
    outside, inside = _finding_in(dash, inside=False), _finding_in(dash, inside=True)
    assert client.post(f"/api/findings/{outside}/review", json=body, headers=headers).status_code == 404
    assert client.post(f"/api/findings/{inside}/review", json=body, headers=headers).status_code == 200
    with dash.db.read() as conn:
        statuses = dict(conn.execute(sa.select(findings.c.id, findings.c.review_status)).all())
    assert statuses[outside] == "open" and statuses[inside] == "confirmed"
    regions = {item["region_code"] for item in client.get("/api/feed?limit=100").json()["items"]}
    assert regions and all(r == "15.71" or r.startswith("15.71.") for r in regions)


def test_readers_cannot_review_findings(dash: App, dash_client: Callable[[str], TestClient]) -> None:
    client = dash_client("pantau.iwo")
    headers = {"x-csrf-token": _csrf(client)}
    finding = _finding_in(dash, inside=True)
    response = client.post(f"/api/findings/{finding}/review", json={"status": "rejected"}, headers=headers)
    assert response.status_code == 403


def test_a_kabkota_office_enters_recap_numbers_only_for_its_region(
    dash_client: Callable[[str], TestClient],
) -> None:
    client = dash_client("analis.kotajambi")
    headers = {"x-csrf-token": _csrf(client)}

    def entry(level: str, kode: str) -> dict[str, object]:
        return {
            "entries": [
                {"level": level, "kode": kode, "votes": {"1": 10, "2": 20}, "ts": "2024-12-02 10:00:00"}
            ]
        }

    assert (
        client.post("/api/recap/pkwkp/entries", json=entry("provinsi", "15"), headers=headers).status_code
        == 403
    )
    assert (
        client.post("/api/recap/pkwkp/entries", json=entry("kabkota", "1501"), headers=headers).status_code
        == 403
    )
    own = client.post("/api/recap/pkwkp/entries", json=entry("kabkota", "1571"), headers=headers)
    assert own.status_code == 201, own.text
