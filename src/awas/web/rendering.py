"""Jinja2 rendering of dashboard pages: autoescaping everywhere, shared page chrome.

Templates come from `awas/web/templates/` and from the `templates/` folder of every package listed in
`TEMPLATE_PACKAGES` (capabilities ship their panel and page templates in their own package).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from awas.web.csrf import ensure_token
from awas.web.deps import translator_for
from awas.web.formatting import format_number, format_wib
from awas.web.i18n import LANGUAGES
from awas.web.memo import IdentityMemo
from awas.web.navigation import nav_for

TEMPLATE_PACKAGES: list[str] = ["awas.watch"]
MAX_FRAGMENTS = 5000  # about 2 kB each: at most ~10 MB per process


def build_environment() -> Environment:
    loaders = [PackageLoader("awas.web", "templates")]
    loaders += [PackageLoader(pkg, "templates") for pkg in TEMPLATE_PACKAGES]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its extension: a post with <script> shows as text
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are package files: no stat() of every template on every render
    )
    env.filters["wib"] = format_wib
    env.filters["num"] = format_number
    return env


class Renderer:
    def __init__(self, demo: bool = False) -> None:
        self.env = build_environment()
        self.demo = demo
        self._fragments: OrderedDict[tuple[str, Hashable], Markup] = OrderedDict()
        self._lock = threading.Lock()
        self._of_objects: IdentityMemo[Markup] = IdentityMemo()
        self.env.globals["fragment"] = self.fragment
        self.env.globals["fragment_of"] = self.fragment_of

    def fragment_of(self, obj: object, template: str, lang: str, context: dict[str, Any]) -> Markup:
        """`template` rendered for the data object `obj` (a cached aggregate: the same object until its
        cache recomputes it), once per language. `context` must hold nothing that varies per reader
        beyond `obj` and `lang` (no CSRF token, no user name)."""
        return self._of_objects.get(
            obj, (template, lang), lambda: Markup(self.env.get_template(template).render(**context))
        )

    def fragment(self, template: str, key: Hashable, context: dict[str, Any]) -> Markup:
        """`template` rendered with `context`, kept per `key` (which must hold everything the output
        depends on, the language included): for page parts that are the same for many requests, such as
        a filter form with its option lists, or one feed item or case card (keyed by what can change it).
        The least recently used parts are dropped beyond MAX_FRAGMENTS."""
        cache_key = (template, key)
        with self._lock:
            html = self._fragments.get(cache_key)
            if html is not None:
                self._fragments.move_to_end(cache_key)
                return html
        html = Markup(self.env.get_template(template).render(**context))
        with self._lock:
            self._fragments[cache_key] = html
            if len(self._fragments) > MAX_FRAGMENTS:
                self._fragments.popitem(last=False)
        return html

    def render(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**self.chrome(request), **context)
        return HTMLResponse(html, status_code=status_code)

    def chrome(self, request: Request) -> dict[str, Any]:
        """What every page needs: translator, language, signed-in user, navigation, CSRF token."""
        t = translator_for(request)
        principal = getattr(request.state, "principal", None)
        return {
            "t": t,
            "lang": t.lang,
            "languages": LANGUAGES,
            "principal": principal,
            "nav": nav_for(principal),
            "csrf_token": ensure_token(request.session),
            "flash": pop_flash(request),
            "path": request.url.path,
            "demo": self.demo,
        }


FLASH_KEY = "flash"


def flash(request: Request, key: str, detail: str = "") -> None:
    """A one-time notice for the next page this session renders (after a POST-redirect-GET)."""
    request.session[FLASH_KEY] = [key, detail[:300]]


def pop_flash(request: Request) -> tuple[str, str] | None:
    value = request.session.pop(FLASH_KEY, None) if FLASH_KEY in request.session else None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    return None


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render `template` with the application's renderer (typed access to `app.state.renderer`)."""
    renderer: Renderer = request.app.state.renderer
    return renderer.render(request, template, status_code, **context)
