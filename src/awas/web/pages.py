"""Every dashboard page has a JSON twin with the same permission and the same code path (C9).

`add_page(router, "/map", view, ...)` registers the view twice:
- `GET /api/map` returns the view's pydantic model as JSON (published in OpenAPI);
- `GET /map` calls the very same view and renders the model with a template.

A view is an ordinary FastAPI endpoint function (dependencies, query and path parameters) returning a
pydantic model; it holds no HTML. Unsafe actions (POST) are registered separately, with CSRF.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from awas.web.deps import require
from awas.web.rendering import render


@dataclass(frozen=True, slots=True)
class PageSpec:
    """What the route table knows about a page: used by the authorisation tests and the docs."""

    path: str
    permission: str
    template: str


PAGES: list[PageSpec] = []


def add_page(
    router: APIRouter,
    path: str,
    view: Callable[..., BaseModel],
    *,
    template: str,
    permission: str,
    tag: str,
) -> None:
    guard = [Depends(require(permission))]
    model = inspect.signature(view, eval_str=True).return_annotation
    router.add_api_route(
        "/api" + path,
        view,
        methods=["GET"],
        response_model=model,
        dependencies=guard,
        tags=[tag],
        name=f"api.{view.__name__}",
    )
    router.add_api_route(
        path,
        _html_endpoint(view, template),
        methods=["GET"],
        response_class=HTMLResponse,
        dependencies=guard,
        include_in_schema=False,
        name=f"page.{view.__name__}",
    )
    PAGES.append(PageSpec(path, permission, template))


def _html_endpoint(view: Callable[..., BaseModel], template: str) -> Callable[..., HTMLResponse]:
    """An endpoint with the view's parameters plus the request, rendering the view's model."""
    signature = inspect.signature(view, eval_str=True)
    request_param = inspect.Parameter("awas_request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)

    def endpoint(**kwargs: Any) -> HTMLResponse:
        request: Request = kwargs.pop("awas_request")
        page = view(**kwargs)
        return render(request, template, page=page)

    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()]
    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*params, request_param], return_annotation=HTMLResponse
    )
    endpoint.__name__ = f"{view.__name__}_html"
    return endpoint
