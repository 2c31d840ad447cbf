"""Security of the web front end: escaping, CSRF, login throttling, cookies, headers, redirects."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from awas.access.users import UserService
from awas.app import App
from awas.store.tables import organisations
from awas.web.tokens import TokenService
from tests.risk.factories import finding_row, insert_findings, insert_posts, post_row
from tests.web.conftest import csrf_of, new_client, sign_in

SCRIPT = "<script>alert('awas')</script>"


def test_script_in_data_shows_as_text_everywhere_it_appears(
    web: App, client_for: Callable[[str], TestClient]
) -> None:
    insert_findings(web, [finding_row(category=SCRIPT, region_code="15.71.01")])
    insert_posts(web, [post_row(text=SCRIPT)])
    with web.db.transaction() as conn:
        conn.execute(organisations.insert().values(id="evil", name=SCRIPT, kind="x", task_force=False))
    UserService(web).create(
        "evil.user", org_id="evil", role="analyst", password="a-long-password", display_name=SCRIPT
    )
    for client in (client_for("analis.bawaslu"), sign_in(new_client(web), "evil.user", "a-long-password")):
        for path in ("/overview", f"/reference/elections?q={SCRIPT}", "/map", "/reports"):
            html = client.get(path).text
            assert "<script" not in html, path
        assert "&lt;script&gt;" in client.get("/overview").text
    api = client_for("analis.bawaslu").get("/api/overview").json()
    assert SCRIPT in str(api)  # JSON carries the text as data; escaping is the renderer's job


def test_reflected_login_next_is_escaped_and_kept_local(web: App) -> None:
    client = new_client(web)
    html = client.get('/login?next="><script>x</script>').text
    assert "<script>x" not in html
    response = client.post(
        "/login",
        data={
            "username": "analis.bawaslu",
            "password": "awas-demo-2024",
            "csrf_token": csrf_of(client),
            "next": "//evil.example",
        },
    )
    assert response.headers["location"] == "/"


def test_forms_without_the_csrf_token_are_refused(web: App, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("admin.bawaslu")
    assert client.post("/tokens", data={"name": "no-csrf"}).status_code == 403
    assert client.post("/tokens", data={"name": "bad", "csrf_token": "x" * 43}).status_code == 403
    assert client.post("/map/snapshot").status_code == 403
    assert client.post("/api/tokens", json={"name": "no-header"}).status_code == 403
    assert client.post("/logout").status_code == 403
    assert TokenService(web).list() == []
    good = client.post(
        "/api/tokens", json={"name": "ok"}, headers={"x-csrf-token": csrf_of(client, "/tokens")}
    )
    assert good.status_code == 201


def test_login_itself_needs_the_csrf_token(web: App) -> None:
    client = new_client(web)
    client.get("/login")
    response = client.post("/login", data={"username": "analis.bawaslu", "password": "awas-demo-2024"})
    assert response.status_code == 403


def test_a_token_call_needs_no_csrf_token(web: App) -> None:
    secret = TokenService(web).create("analis.bawaslu", "bot", actor="t").secret
    response = new_client(web).post("/api/map/snapshot", headers={"authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_failed_logins_are_throttled_even_for_the_right_password(web: App) -> None:
    client = new_client(web)
    token = csrf_of(client)
    for _ in range(5):
        bad = client.post(
            "/login", data={"username": "analis.bawaslu", "password": "wrong-password", "csrf_token": token}
        )
        assert bad.status_code == 401
    locked = client.post(
        "/login", data={"username": "analis.bawaslu", "password": "awas-demo-2024", "csrf_token": token}
    )
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    actions = [r["action"] for r in _audit(web)]
    assert actions.count("login.failed") == 5 and "login.throttled" in actions


def test_other_users_are_not_locked_out_by_one_users_failures(web: App) -> None:
    client = new_client(web)
    token = csrf_of(client)
    for _ in range(5):
        client.post("/login", data={"username": "ghost", "password": "wrong-password", "csrf_token": token})
    # same address: the address limit applies, by design, to the whole address
    assert (
        client.post(
            "/login", data={"username": "analis.bawaslu", "password": "x", "csrf_token": token}
        ).status_code
        == 429
    )
    other = new_client(web)  # another address is not affected: the test client's address is fixed, so reset
    other.app.state.throttle.reset("ip:testclient")  # type: ignore[attr-defined]
    sign_in(other, "analis.bawaslu")


def test_session_cookie_is_secure_httponly_strict_and_renewed_on_login(web: App) -> None:
    client = new_client(web)
    client.get("/login")
    before = client.cookies.get("awas_session")
    response = client.post(
        "/login", data={"username": "pantau.iwo", "password": "awas-demo-2024", "csrf_token": csrf_of(client)}
    )
    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert client.cookies.get("awas_session") != before


def test_security_headers_forbid_inline_script_and_framing(web: App) -> None:
    headers = new_client(web).get("/login").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"


def test_pages_use_no_inline_script_or_style(web: App, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("admin.bawaslu")
    for path in ("/overview", "/map", "/map/15.71", "/reference/schedule", "/tokens", "/reports"):
        html = client.get(path).text
        assert "<script" not in html and " style=" not in html and "<style" not in html, path
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', ""), path


def test_a_deactivated_user_is_signed_out_within_seconds(
    web: App, client_for: Callable[[str], TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    import awas.web.principals as principals

    client = client_for("penyidik.polda")
    assert client.get("/overview").status_code == 200
    UserService(web).set_active("penyidik.polda", False)
    later = principals.time.monotonic() + principals.DEFAULT_TTL + 0.1
    monkeypatch.setattr(
        principals.time, "monotonic", lambda: later
    )  # the signed-in principal is cached ≤ 5 s
    assert client.get("/overview").status_code == 303
    assert client.get("/overview").status_code == 303  # and the session was cleared


def test_logout_ends_the_session(web: App, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("analis.bawaslu")
    assert client.post("/logout", data={"csrf_token": csrf_of(client, "/tokens")}).status_code == 303
    assert client.get("/overview").status_code == 303


@pytest.mark.parametrize(
    "header", ["Bearer awas_nottoken", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer " + "a" * 5000]
)
def test_bad_tokens_are_401(web: App, header: str) -> None:
    assert new_client(web).get("/api/map", headers={"authorization": header}).status_code == 401


def test_revoked_and_expired_tokens_stop_working(web: App) -> None:
    service = TokenService(web)
    new = service.create("analis.bawaslu", "short", actor="t", days=1)
    client = new_client(web)
    bearer = {"authorization": f"Bearer {new.secret}"}
    assert client.get("/api/map", headers=bearer).status_code == 200
    assert service.get(new.info.id).last_used_at is not None
    service.revoke(new.info.id, actor="t")
    assert client.get("/api/map", headers=bearer).status_code == 401


def test_bad_input_gets_a_clear_422(web: App, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("analis.bawaslu")
    assert client.get("/api/reference/nonsense").status_code == 422
    assert client.get("/api/map/15.99").status_code == 404
    assert client.get("/api/map/<x>").status_code == 422
    body = client.get("/api/reports/weekly/2024-W99").json()
    assert body["problems"] and "week" in body["problems"][0]
    assert client.get("/api/reports/weekly/2999-W01").status_code == 422
    assert client.get("/api/reference/regions?limit=100000").status_code == 422
    token = csrf_of(client, "/tokens")
    for name in ("", "x" * 65, "<b>", "a\nb"):
        assert (
            client.post("/api/tokens", json={"name": name}, headers={"x-csrf-token": token}).status_code
            == 422
        )
    assert (
        client.post(
            "/api/tokens",
            content=b"{not json",
            headers={"x-csrf-token": token, "content-type": "application/json"},
        ).status_code
        == 422
    )
    assert client.get("/reports/weekly/2024-W99").status_code == 422  # HTML error page, not a 500


def _audit(web: App) -> list[dict[str, object]]:
    from awas.store.audit import recent_audit

    with web.db.read() as conn:
        return recent_audit(conn, limit=50)
