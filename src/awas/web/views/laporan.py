"""The public report form (formulir laporan) for citizens: no sign-in, CSRF-protected, throttled per
address, the syarat formil and materiil explained from the legal catalogue, submitted through
`awas.cases.api.open_laporan` (acting as the Bawaslu office of the region reported, else the province).

The public tip API of intake (`awas.ingest.tips_api`, `POST /api/tips`) is mounted here too, under the
same per-address limit. A repeated submission (the same hidden `submission_id`) returns the first
receipt instead of a second report.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from awas.app import App
from awas.cases.api import LaporanInput, open_laporan, system_principal
from awas.cases.catalogue import workflow_catalogue
from awas.domain.cases import Actor
from awas.errors import InputError
from awas.ingest.tips_api import router as tips_router
from awas.timeutil import WIB, to_wib, utcnow
from awas.web.deps import CoreDep, CsrfDep
from awas.web.errors import RateLimited
from awas.web.forms import validated
from awas.web.labels import category_names, kabkota_names, options
from awas.web.rendering import render
from awas.web.throttle import DatabaseThrottle

router = APIRouter()
SUBMISSIONS_PER_HOUR = 5
TIPS_PER_HOUR = 10
Text = Annotated[str, Form(max_length=500)]
LongText = Annotated[str, Form(max_length=20_000)]


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


def _throttle(core: App, scope: str, per_hour: int) -> DatabaseThrottle:
    return DatabaseThrottle(core.db, scope, per_hour, 3600.0)


def throttle_tips(request: Request, core: CoreDep) -> None:
    """At most TIPS_PER_HOUR tips per address (429 with Retry-After beyond)."""
    limit = _throttle(core, "tips", TIPS_PER_HOUR)
    wait = limit.retry_after(f"ip:{_address(request)}")
    if wait:
        raise RateLimited(wait)
    limit.record(f"ip:{_address(request)}")


router.include_router(tips_router, prefix="/api", dependencies=[Depends(throttle_tips)])


def _form_context(core: App, lang: str) -> dict[str, Any]:
    catalogue = workflow_catalogue(core)
    return {
        "requirements": [r for r in catalogue.requirements if "laporan" in r.applies_to],
        "categories": options(category_names(core, lang)),
        "regions": options(kabkota_names(core), sort_by_label=False),
        "elections": sorted(core.reference.elections.values(), key=lambda e: e.id),
        "actors": [a.value for a in Actor],
        "submission_id": secrets.token_urlsafe(18),
        "now_wib": to_wib(utcnow()).strftime("%Y-%m-%dT%H:%M"),
    }


@router.get("/laporan", response_class=HTMLResponse, include_in_schema=False)
def laporan_form(request: Request, core: CoreDep) -> HTMLResponse:
    from awas.web.deps import translator_for

    context = _form_context(core, translator_for(request).lang)
    return render(request, "laporan/form.html", problems=[], values={}, **context)


def _when(value: str, field: str) -> datetime | None:
    """A `datetime-local` value, read as WIB; None when empty."""
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip()).replace(tzinfo=WIB)
    except ValueError:
        raise InputError([_problem(field, "waktu tidak dapat dibaca (format YYYY-MM-DDTHH:MM)")]) from None


def _problem(field: str, reason: str) -> Any:
    from awas.errors import InputProblem

    return InputProblem("laporan", reason, field=field)


def _rows(form: Any, prefix: str, fields: tuple[str, ...], count: int) -> list[dict[str, str]]:
    """Repeated fieldsets (`witness_name_1`...); a row with every field empty is skipped."""
    rows = []
    for n in range(1, count + 1):
        row = {f: str(form.get(f"{prefix}_{f}_{n}") or "").strip() for f in fields}
        if any(row.values()):
            rows.append({k: v for k, v in row.items() if v})
    return rows


def _office(core: App, region: str | None) -> str:
    """The Bawaslu office of the reported kab/kota (if the reference data has one), else the province."""
    office = f"bawaslu-{region}" if region else ""
    return office if office in core.reference.organisations else "bawaslu-15"


def build_laporan(form: Any) -> LaporanInput:
    """The form as a LaporanInput; InputError naming each bad field (values are never echoed)."""

    def get(name: str) -> str:
        return str(form.get(name) or "").strip()

    pelapor = {k: get(f"pelapor_{k}") for k in ("name", "nik", "address", "phone", "email")}
    data: dict[str, Any] = {
        "pelapor": {k: v for k, v in pelapor.items() if v},
        "terlapor": get("terlapor") or None,
        "actor": get("actor") or None,
        "known_at": _when(get("known_at"), "known_at"),
        "occurred_at": _when(get("occurred_at"), "occurred_at"),
        "place": get("place") or None,
        "region_code": get("region_code") or None,
        "election_id": get("election_id") or None,
        "category": get("category") or None,
        "title": get("title") or None,
        "description": get("description"),
        "witnesses": _rows(form, "witness", ("name", "address", "phone"), 2),
        "evidence": _rows(form, "evidence", ("description", "url"), 3),
        "signed": get("signed") == "yes",
        "submission_id": get("submission_id") or None,
    }
    return validated(LaporanInput, data, "laporan")


@router.post("/laporan", response_class=HTMLResponse, include_in_schema=False, dependencies=[CsrfDep])
async def laporan_submit(request: Request, core: CoreDep) -> HTMLResponse:
    """Register the report; the receipt shows its number and which requirements are still unmet."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    return await run_in_threadpool(_submit, request, core, form)


def _submit(request: Request, core: App, form: Any) -> HTMLResponse:
    from awas.web.deps import translator_for

    key = f"ip:{_address(request)}"
    limit = _throttle(core, "laporan", SUBMISSIONS_PER_HOUR)
    wait = limit.retry_after(key)
    if wait:
        raise RateLimited(wait)
    limit.record(key)
    try:
        data = build_laporan(form)
        result = open_laporan(
            core, system_principal(core, "laporan-web", _office(core, data.region_code)), data
        )
    except InputError as exc:
        context = _form_context(core, translator_for(request).lang)
        values = {k: str(v) for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
        context["submission_id"] = values.pop("submission_id", context["submission_id"])
        return render(
            request,
            "laporan/form.html",
            status_code=422,
            problems=[str(p) for p in exc.problems],
            values=values,
            **context,
        )
    return render(request, "laporan/receipt.html", status_code=201, result=result)
