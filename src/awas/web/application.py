"""The ASGI application: FastAPI over one `App`, with sessions, security headers, error pages and routes.

Route areas register through `ROUTERS` (one line per capability: feed, cases, recap, clusters...).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

import awas.web.grants  # noqa: F401  (the dashboard permissions, before any route checks one)
from awas import __version__
from awas.app import App
from awas.cases.repo import ConcurrentUpdate
from awas.core.registry import resolve
from awas.errors import InputError, NotFoundError, PermissionDenied
from awas.web.errors import NotAuthenticated, RateLimited, WebError
from awas.web.i18n import Translator, pick_language
from awas.web.principals import PrincipalCache
from awas.web.rendering import Renderer
from awas.web.security import SecurityHeadersMiddleware
from awas.web.throttle import DatabaseThrottle

SESSION_COOKIE = "awas_session"
WORKER_THREADS = 8
SESSION_MAX_AGE = 12 * 3600  # one working day; the signature carries the time, so old cookies fail

ROUTERS: list[str] = [
    "awas.web.views.auth:router",
    "awas.web.views.overview:router",
    "awas.web.views.reference:router",
    "awas.web.views.risk:router",
    "awas.web.views.reports:router",
    "awas.web.views.tokens:router",
    "awas.web.views.health:router",
    "awas.scale.views.ops:router",
    "awas.web.views.feed:router",
    "awas.web.views.cases:router",
    "awas.web.views.case_actions:router",
    "awas.web.views.dossier:router",
    "awas.web.views.recap_entry:router",  # before views.recap: /recap/{race}/entry is not a unit
    "awas.web.views.recap:router",
    "awas.web.views.clusters:router",
    "awas.web.views.laporan:router",
    "awas.watch.views.status_board:router",
]


@asynccontextmanager
async def _lifespan(_api: FastAPI) -> AsyncIterator[None]:
    """Few worker threads per process: page handlers are mostly CPU work under the GIL, and 40 threads
    (anyio's default) only add switching and, on SQLite, more writers queueing on the lock (the case
    board's audit entry), which shows as long tails under load. Use more processes, not threads."""
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def create_app(core: App, *, demo: bool = False) -> FastAPI:
    """The web application over `core` (whose schema must be current; see `App.upgrade_schema`)."""
    api = FastAPI(
        title="awas API",
        version=__version__,
        description="Pengawasan siber Pilkada: every dashboard page as JSON, with the same permissions.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI would load scripts from a CDN; the schema itself is published
        redoc_url=None,
        lifespan=_lifespan,
    )
    api.state.core = core
    api.state.renderer = Renderer(demo=demo)
    api.state.throttle = DatabaseThrottle(core.db, "login")
    api.state.principals = PrincipalCache()
    api.state.awas = core  # the name awas.ingest.tips_api's router reads
    for dotted in ROUTERS:
        api.include_router(resolve(dotted))
    static = files("awas.web").joinpath("static")
    api.mount("/static", StaticFiles(directory=str(static)), name="static")
    _add_error_handlers(api)
    api.add_middleware(
        SessionMiddleware,
        secret_key=core.settings.secret_key.get_secret_value(),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="strict",
        https_only=True,  # Secure cookie; browsers accept it on http://127.0.0.1 (a secure context)
    )
    api.add_middleware(SecurityHeadersMiddleware, hsts=core.settings.env == "production")
    return api


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_error_handlers(api: FastAPI) -> None:
    api.add_exception_handler(WebError, _web_error)  # type: ignore[arg-type]
    api.add_exception_handler(InputError, _input_error)  # type: ignore[arg-type]
    api.add_exception_handler(NotFoundError, _not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, _refused)  # type: ignore[arg-type]
    api.add_exception_handler(ConcurrentUpdate, _conflict)  # type: ignore[arg-type]
    api.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    api.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]


def _web_error(request: Request, exc: WebError) -> Response:
    headers = {"retry-after": str(exc.retry_after)} if isinstance(exc, RateLimited) else {}
    if isinstance(exc, NotAuthenticated):
        if _wants_json(request):
            return JSONResponse({"detail": "authentication required"}, 401, {"www-authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)
    return _error(request, exc.status_code, exc.message_key, headers=headers)


def _input_error(request: Request, exc: InputError) -> Response:
    problems = [str(p) for p in exc.problems]
    return _error(request, 422, "error.invalid_input", problems=problems)


def _not_found(request: Request, _exc: NotFoundError) -> Response:
    return _error(request, 404, "error.not_found")


def _refused(request: Request, exc: PermissionDenied) -> Response:
    """A service refused the action (a case transition not allowed...): its reason is shown as given."""
    return _error(request, 403, "error.refused", problems=[str(exc)])


def _conflict(request: Request, exc: ConcurrentUpdate) -> Response:
    return _error(request, 409, "error.conflict", problems=[str(exc)])


def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    key = {404: "error.not_found", 405: "error.method"}.get(exc.status_code, "error.unexpected")
    return _error(request, exc.status_code, key, headers=dict(exc.headers or {}))


def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()]
    return _error(request, 422, "error.invalid_input", problems=problems)


def _error(
    request: Request,
    status: int,
    key: str,
    headers: dict[str, str] | None = None,
    problems: list[str] | None = None,
) -> Response:
    t = Translator(pick_language(request.query_params.get("lang"), request.cookies.get("awas_lang")))
    if _wants_json(request):
        body: dict[str, Any] = {"detail": t(key)}
        if problems:
            body["problems"] = problems
        return JSONResponse(body, status, headers)
    renderer: Renderer = request.app.state.renderer
    page = renderer.render(request, "error.html", status_code=status, message=t(key), problems=problems or [])
    page.headers.update(headers or {})
    return page


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")
