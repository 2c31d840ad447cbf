"""The ASGI factory for uvicorn worker processes (`awas serve --workers N`): one App per process,
built from the `AWAS_*` environment that `awas.web.server.serve` prepared."""

from __future__ import annotations

import os

from fastapi import FastAPI

from awas.app import App
from awas.web.application import create_app


def application() -> FastAPI:
    """A web application over a new App from the environment (the schema was upgraded by the parent)."""
    return create_app(App(), demo=os.environ.get("AWAS_WEB_DEMO") == "1")
