"""Dependency aliases (the template's `SessionDep`/`CurrentUser` pattern): the App, the principal,
permission checks, the language and CSRF protection. Routes declare these and stay short."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from awas.access.permissions import Principal
from awas.app import App
from awas.web.csrf import FORM_FIELD, HEADER, token_matches
from awas.web.errors import CsrfFailed, Forbidden, NotAuthenticated
from awas.web.i18n import Translator, pick_language
from awas.web.principals import PrincipalCache, principal_of
from awas.web.tokens import TokenService

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_USER = "user"
LANG_COOKIE = "awas_lang"


# Dependencies without I/O are `async def` so FastAPI runs them inline instead of hopping to a thread.
async def get_core(request: Request) -> App:
    core: App = request.app.state.core
    return core


CoreDep = Annotated[App, Depends(get_core)]


async def get_principal(request: Request, core: CoreDep) -> Principal:
    """The signed-in user: an API token (Authorization: Bearer, /api only) or the session cookie.

    Session principals come from the per-process cache (`PrincipalCache`: a deactivation shows within
    seconds); a cached one costs no thread hop and no query. Raises NotAuthenticated when neither
    identifies an active user.
    """
    bearer = _bearer(request)
    if bearer is not None:
        user = (
            await run_in_threadpool(TokenService(core).authenticate, bearer)
            if request.url.path.startswith("/api/")
            else None
        )
        if user is None or not user.active:
            raise NotAuthenticated()
        return _remember(request, principal_of(core, user, "token"))
    username = request.session.get(SESSION_USER)
    if not isinstance(username, str):
        raise NotAuthenticated()
    cache: PrincipalCache = request.app.state.principals
    principal = cache.cached(username)
    if principal is None:
        principal = await run_in_threadpool(cache.session_principal, core, username)
    if principal is None:
        request.session.clear()
        raise NotAuthenticated()
    return _remember(request, principal)


def _remember(request: Request, principal: Principal) -> Principal:
    request.state.principal = principal  # for the page chrome (navigation, name) when rendering
    return principal


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(permission: str) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    """A dependency that lets the request through only if the principal holds `permission` (else 403)."""

    async def check(principal: PrincipalDep) -> Principal:
        if not principal.can(permission):
            raise Forbidden(permission)
        return principal

    check.__name__ = f"require_{permission.replace('.', '_')}"
    return check


async def get_translator(request: Request) -> Translator:
    return translator_for(request)


def translator_for(request: Request) -> Translator:
    return Translator(pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)))


TranslatorDep = Annotated[Translator, Depends(get_translator)]


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request whose CSRF token does not match the session's (CsrfFailed).

    Requests authenticated by an API token are exempt: browsers never send those by themselves.
    """
    if request.method in SAFE_METHODS or (_bearer(request) and request.url.path.startswith("/api/")):
        return
    presented = request.headers.get(HEADER)
    if presented is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(FORM_FIELD)
        presented = value if isinstance(value, str) else None
    if not token_matches(request.session, presented):
        raise CsrfFailed()


CsrfDep = Depends(csrf_protect)
