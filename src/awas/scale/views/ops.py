"""`GET /healthz` (readiness: the database answers, the schema is current) and `GET /metrics`.

Neither needs a login: load balancers and Prometheus call them. They show no content, only counts;
the deployment guide keeps them on the internal network (the reverse proxy does not route them).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from awas.app import App
from awas.scale.metrics import MetricsCollector, render

router = APIRouter()
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _core(request: Request) -> App:
    core: App = request.app.state.core
    return core


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> Response:
    """200 when the database answers and its schema is at the code's heads, else 503 with the reason."""
    core = _core(request)
    try:
        current = core.schema_is_current()
    except SQLAlchemyError:
        return JSONResponse({"status": "fail", "database": "unreachable"}, status_code=503)
    if not current:
        return JSONResponse({"status": "fail", "database": "ok", "schema": "outdated"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok", "schema": "current"})


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    state = request.app.state
    if getattr(state, "metrics", None) is None:
        state.metrics = MetricsCollector(_core(request))
    return PlainTextResponse(render(state.metrics.collect()), media_type=CONTENT_TYPE)
