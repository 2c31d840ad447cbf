"""Login, logout and language choice (the only pages an anonymous visitor can reach)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from awas.access.users import UserService
from awas.domain.audit import AuditEvent
from awas.web.csrf import ensure_token
from awas.web.deps import LANG_COOKIE, SESSION_USER, CoreDep, CsrfDep
from awas.web.errors import RateLimited
from awas.web.i18n import LANGUAGES
from awas.web.rendering import render

router = APIRouter(include_in_schema=False)

Username = Annotated[str, Form(min_length=1, max_length=64)]
Password = Annotated[str, Form(min_length=1, max_length=1024)]
NextPath = Annotated[str, Form(max_length=512)]


def safe_next(target: str | None) -> str:
    """Only a local path may follow the login (no open redirect to another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login", response_model=None, dependencies=[CsrfDep])
def login(
    request: Request, core: CoreDep, username: Username, password: Password, next: NextPath = "/"
) -> HTMLResponse | RedirectResponse:
    """Sign in; 429 after too many failures (per address and per username); audited either way."""
    throttle = request.app.state.throttle
    keys = (f"ip:{request.client.host if request.client else '?'}", f"user:{username.lower()}")
    wait = throttle.retry_after(*keys)
    if wait:
        core.audit(_login_event("login.throttled", username, None))
        raise RateLimited(wait)
    user = UserService(core).authenticate(username, password)
    if user is None:
        throttle.record_failure(*keys)
        core.audit(_login_event("login.failed", username, None))
        return render(request, "login.html", status_code=401, next=safe_next(next), error="login.failed")
    throttle.reset(*keys)
    request.app.state.principals.forget(user.username)
    request.session.clear()  # a new session on login: no fixation of a session planted before
    request.session[SESSION_USER] = user.username
    ensure_token(request.session)
    core.audit(_login_event("login.succeeded", user.username, user.org_id))
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[CsrfDep])
def logout(request: Request, core: CoreDep) -> RedirectResponse:
    username = request.session.get(SESSION_USER)
    request.session.clear()
    if isinstance(username, str):
        request.app.state.principals.forget(username)
        core.audit(_login_event("logout", username, None))
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def choose_language(code: str, next: str = "/") -> RedirectResponse:
    """Remember the interface language in a cookie (not a secret; no state on the server)."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, code, max_age=365 * 86400, httponly=True, samesite="lax", secure=True
        )
    return response


def _login_event(action: str, username: str, org_id: str | None) -> AuditEvent:
    return AuditEvent(
        action=action, actor=username[:128], object_type="user", object_id=username[:128], org_id=org_id
    )
