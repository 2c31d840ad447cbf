"""Liveness for operators and load balancers: no data, no login."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from awas import __version__

router = APIRouter()


class Health(BaseModel):
    status: str
    version: str


@router.get("/api/health", tags=["health"])
def health() -> Health:
    return Health(status="ok", version=__version__)
