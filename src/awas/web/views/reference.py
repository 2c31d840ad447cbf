"""Reference pages: the same views `awas reference show` prints (one code path), with status badges."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from awas.reference.views import SHOWABLE, show_rows
from awas.web.deps import CoreDep
from awas.web.formatting import format_wib
from awas.web.pages import add_page

router = APIRouter()

ReferenceView = StrEnum("ReferenceView", {name: name for name in SHOWABLE})  # type: ignore[misc]
Cell = str | int | float | None


class ReferencePage(BaseModel):
    view: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    status_column: int | None
    total: int
    offset: int
    limit: int
    q: str | None
    views: list[str]


def reference_table(
    core: CoreDep,
    view: Annotated[ReferenceView, Path(description="which reference view")],
    q: Annotated[
        str | None,
        Query(max_length=64, description="filter (region code prefix or level; election id for paslon)"),
    ] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> ReferencePage:
    title, columns, rows = show_rows(core, view.value, q or None)
    shown = [[_cell(v) for v in row] for row in rows[offset : offset + limit]]
    return ReferencePage(
        view=view.value,
        title=title,
        columns=columns,
        rows=shown,
        status_column=columns.index("status") if "status" in columns else None,
        total=len(rows),
        offset=offset,
        limit=limit,
        q=q,
        views=list(SHOWABLE),
    )


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, datetime):
        return format_wib(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


add_page(
    router,
    "/reference/{view}",
    reference_table,
    template="reference.html",
    permission="reference.view",
    tag="reference",
)
