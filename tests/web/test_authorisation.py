"""The authorisation matrix: every route × every demo role and organisation × session, token, anonymous.

The expectations are written out here, independently of the permission table in the code, and every
route the application serves must appear below (a new route without an entry fails the test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from awas.app import App
from awas.timeutil import utcnow
from awas.web.reports.weekly import week_label
from awas.web.tokens import TokenService
from tests.web.conftest import DEMO_USERNAMES, new_client, sign_in

EVERYONE = frozenset(DEMO_USERNAMES)
TASK_FORCE = frozenset(
    {"admin.bawaslu", "analis.bawaslu", "analis.kotajambi", "penyidik.polda", "pantau.iwo"}
)
SNAPSHOTTERS = frozenset({"admin.bawaslu", "analis.bawaslu", "analis.kotajambi"})
EDITORS = SNAPSHOTTERS  # admins and analysts: review findings, route/share cases, type recap tables
PUBLIC = "public"
OBJECT = "object"  # depends on the object too (case, finding, region): tests/web/test_object_access.py

# (method, route path) → who may use it ("public": no sign-in needed)
EXPECTED: dict[tuple[str, str], frozenset[str] | str] = {
    ("GET", "/"): EVERYONE,
    ("GET", "/overview"): TASK_FORCE,
    ("GET", "/api/overview"): TASK_FORCE,
    ("GET", "/map"): EVERYONE,
    ("GET", "/api/map"): EVERYONE,
    ("GET", "/map/{code}"): EVERYONE,
    ("GET", "/api/map/{code}"): EVERYONE,
    ("POST", "/map/snapshot"): SNAPSHOTTERS,
    ("POST", "/api/map/snapshot"): SNAPSHOTTERS,
    ("GET", "/reference/{view}"): EVERYONE,
    ("GET", "/api/reference/{view}"): EVERYONE,
    ("GET", "/reports"): TASK_FORCE,
    ("GET", "/api/reports"): TASK_FORCE,
    ("GET", "/reports/weekly/{week}"): TASK_FORCE,
    ("GET", "/api/reports/weekly/{week}"): TASK_FORCE,
    ("GET", "/reports/weekly/{week}.pdf"): TASK_FORCE,
    ("GET", "/tokens"): EVERYONE,
    ("GET", "/api/tokens"): EVERYONE,
    ("POST", "/tokens"): EVERYONE,
    ("POST", "/api/tokens"): EVERYONE,
    ("POST", "/tokens/{token_id}/revoke"): OBJECT,  # tested in test_tokens_of_others_*
    ("POST", "/api/tokens/{token_id}/revoke"): OBJECT,
    ("GET", "/feed"): TASK_FORCE,
    ("GET", "/api/feed"): TASK_FORCE,
    ("POST", "/feed/{finding_id}/review"): OBJECT,
    ("POST", "/api/findings/{finding_id}/review"): OBJECT,
    ("GET", "/cases"): EVERYONE,  # the board: each sees only what the cases capability lets them see
    ("GET", "/api/cases"): EVERYONE,
    ("GET", "/cases/{ref}"): OBJECT,
    ("GET", "/api/cases/{ref}"): OBJECT,
    ("GET", "/cases/{ref}/dossier"): OBJECT,
    ("GET", "/api/cases/{ref}/dossier"): OBJECT,
    ("GET", "/cases/{ref}/dossier.pdf"): OBJECT,
    ("GET", "/cases/{ref}/evidence/{artefact_id}"): OBJECT,
    ("GET", "/api/cases/{ref}/evidence/{artefact_id}"): OBJECT,
    ("POST", "/cases/{ref}/transition"): OBJECT,
    ("POST", "/api/cases/{ref}/transition"): OBJECT,
    ("POST", "/cases/{ref}/route"): OBJECT,
    ("POST", "/api/cases/{ref}/route"): OBJECT,
    ("POST", "/cases/{ref}/share"): OBJECT,
    ("POST", "/api/cases/{ref}/share"): OBJECT,
    ("GET", "/recap"): EVERYONE,  # results are public KPU data
    ("GET", "/api/recap"): EVERYONE,
    ("GET", "/recap/{race}"): EVERYONE,
    ("GET", "/api/recap/{race}"): EVERYONE,
    ("GET", "/recap/{race}/{unit}"): EVERYONE,
    ("GET", "/api/recap/{race}/{unit}"): EVERYONE,
    ("GET", "/recap/{race}/entry"): EDITORS,
    ("GET", "/api/recap/{race}/entry"): EDITORS,
    ("POST", "/recap/{race}/entry"): OBJECT,  # and the units must be in the user's region
    ("POST", "/api/recap/{race}/entries"): OBJECT,
    ("GET", "/clusters"): TASK_FORCE,
    ("GET", "/api/clusters"): TASK_FORCE,
    ("GET", "/clusters/{cluster_id}"): TASK_FORCE,
    ("GET", "/api/clusters/{cluster_id}"): TASK_FORCE,
    ("GET", "/clusters/{cluster_id}/network.png"): TASK_FORCE,
    ("GET", "/api/clusters/{cluster_id}/network.png"): TASK_FORCE,
    ("GET", "/laporan"): PUBLIC,  # the citizens' report form (CSRF and a per-address limit)
    ("POST", "/laporan"): PUBLIC,
    ("POST", "/api/tips"): PUBLIC,
    ("GET", "/watch"): TASK_FORCE,
    ("GET", "/api/watch"): TASK_FORCE,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/lang/{code}"): PUBLIC,
    ("GET", "/api/health"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/api/openapi.json"): PUBLIC,
    ("MOUNT", "/static"): PUBLIC,
}
OK = {200, 201, 303}


def _flatten(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(prefix, route) of included routers too (newer FastAPI keeps included routers as nodes)."""
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is None:
            yield prefix, route
            continue
        context = getattr(route, "include_context", None)
        yield from _flatten(nested.routes, prefix + (getattr(context, "prefix", "") or ""))


def _served_routes(client: TestClient) -> set[tuple[str, str]]:
    served: set[tuple[str, str]] = set()
    for prefix, route in _flatten(client.app.routes):  # type: ignore[attr-defined]
        if isinstance(route, Mount):
            served.add(("MOUNT", prefix + route.path))
        elif isinstance(route, APIRoute) or hasattr(route, "methods"):
            for method in route.methods or ():  # type: ignore[attr-defined]
                if method != "HEAD":
                    served.add((method, prefix + route.path))  # type: ignore[attr-defined]
    return served


CONCRETE = {
    "{view}": "elections",
    "{code}": "15.71",
    "{race}": "ppwp",
    "{unit}": "1571",
    "{ref}": "1",
    "{finding_id}": "1",
    "{artefact_id}": "1",
}


def _concrete(path: str) -> str:
    for name, value in {**CONCRETE, "{week}": week_label(utcnow())}.items():
        path = path.replace(name, value)
    return path.replace("{cluster_id}", _first_cluster[0] if _first_cluster else "ndt-0000")


_first_cluster: list[str] = []


@pytest.fixture(autouse=True)
def _cluster_ids(request: pytest.FixtureRequest) -> Iterator[None]:
    """The id of a stored cluster of the demo data, for `{cluster_id}` in the paths."""
    if "dash" in request.fixturenames:
        from awas.coord.query import list_clusters

        core: App = request.getfixturevalue("dash")
        _first_cluster[:] = [list_clusters(core, limit=1)[0].id]
    yield
    _first_cluster.clear()


def _call(client: TestClient, method: str, path: str, headers: dict[str, str] | None = None) -> int:
    url = _concrete(path)
    if method == "GET":
        return client.get(url, headers=headers).status_code
    csrf = client.cookies.get("awas_session") and _csrf(client)
    if path.startswith("/api/"):
        body = {"name": "matrix"} if "tokens" in path else None
        return client.post(
            url, json=body, headers={**(headers or {}), "x-csrf-token": csrf or ""}
        ).status_code
    return client.post(url, data={"csrf_token": csrf or "", "name": "matrix"}, headers=headers).status_code


def _csrf(client: TestClient) -> str:
    from tests.web.conftest import CSRF

    match = CSRF.search(client.get("/tokens").text) or CSRF.search(client.get("/login").text)
    assert match
    return match.group(1)


def test_every_served_route_has_an_expectation(web: App) -> None:
    assert _served_routes(new_client(web)) == set(EXPECTED)


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_each_role_and_organisation_gets_exactly_its_routes(dash: App, username: str) -> None:
    client = sign_in(new_client(dash), username)
    for (method, path), allowed in EXPECTED.items():
        if allowed in (PUBLIC, OBJECT) or method == "MOUNT" or path in ("/logout",):
            continue
        status = _call(client, method, path)
        assert isinstance(allowed, frozenset)
        if username in allowed:
            assert status in OK, f"{username} {method} {path} → {status}"
        else:
            assert status == 403, f"{username} {method} {path} → {status}, expected 403"


@pytest.mark.parametrize("username", ["analis.kotajambi", "liaison.kpu", "pantau.iwo"])
def test_api_tokens_carry_exactly_their_owners_permissions(dash: App, username: str) -> None:
    secret = TokenService(dash).create(username, "matrix", actor="test").secret
    client = new_client(dash)
    bearer = {"authorization": f"Bearer {secret}"}
    for (method, path), allowed in EXPECTED.items():
        if not path.startswith("/api/") or allowed in (PUBLIC, OBJECT):
            continue
        status = _call(client, method, path, bearer)
        assert isinstance(allowed, frozenset)
        assert status in (OK if username in allowed else {403}), (
            f"token of {username}: {method} {path} → {status}"
        )


def test_anonymous_visitors_are_sent_to_login_or_get_401(dash: App) -> None:
    client = new_client(dash)
    for (method, path), allowed in EXPECTED.items():
        if allowed == PUBLIC or method == "MOUNT":
            continue
        status = _call(client, method, path)
        if path.startswith("/api/"):
            assert status in (401, 403), f"{method} {path} → {status}"  # 403: CSRF checked first on POST
        else:
            assert status in (303, 403), f"{method} {path} → {status}"
    assert client.get("/overview").headers["location"] == "/login?next=/overview"
    assert client.get("/api/map").status_code == 401


def test_a_token_does_not_open_dashboard_pages(web: App) -> None:
    secret = TokenService(web).create("admin.bawaslu", "pages", actor="test").secret
    response = new_client(web).get("/map", headers={"authorization": f"Bearer {secret}"})
    assert response.status_code == 303


@pytest.fixture
def others_token(web: App) -> int:
    return TokenService(web).create("analis.bawaslu", "sirekap-bot", actor="test").info.id


@pytest.mark.parametrize("username", ["analis.kotajambi", "liaison.kpid", "penyidik.polda", "pantau.iwo"])
def test_tokens_of_others_cannot_be_seen_or_revoked(
    web: App, others_token: int, username: str, client_for: Callable[[str], TestClient]
) -> None:
    client = client_for(username)
    assert others_token not in [t["id"] for t in client.get("/api/tokens").json()["tokens"]]
    csrf = _csrf(client)
    assert (
        client.post(f"/api/tokens/{others_token}/revoke", headers={"x-csrf-token": csrf}).status_code == 404
    )
    assert client.post(f"/tokens/{others_token}/revoke", data={"csrf_token": csrf}).status_code == 404
    assert TokenService(web).get(others_token).revoked_at is None


def test_owners_and_admins_can_revoke(
    web: App, others_token: int, client_for: Callable[[str], TestClient]
) -> None:
    owner = client_for("analis.bawaslu")
    assert owner.post(f"/tokens/{others_token}/revoke", data={"csrf_token": _csrf(owner)}).status_code == 303
    second = TokenService(web).create("analis.bawaslu", "second", actor="test").info.id
    admin = client_for("admin.bawaslu")
    assert second in [t["id"] for t in admin.get("/api/tokens").json()["tokens"]]
    response = admin.post(f"/api/tokens/{second}/revoke", headers={"x-csrf-token": _csrf(admin)})
    assert response.status_code == 200 and response.json()["active"] is False
    assert admin.post("/api/tokens/999999/revoke", headers={"x-csrf-token": _csrf(admin)}).status_code == 404


def test_partner_liaisons_land_on_the_map(client_for: Callable[[str], TestClient]) -> None:
    assert client_for("liaison.kpid").get("/").headers["location"] == "/map"
    assert client_for("pantau.iwo").get("/").headers["location"] == "/overview"
