"""The public tip form's API: `POST /tips` (multipart form). Mount with
`fastapi_app.include_router(awas.ingest.tips_api.router, prefix="/api")` and set
`fastapi_app.state.awas = App(...)` (or override `get_awas_app`).

Form fields: `text`, `links` (repeatable, or one per line), `contact` (optional, sealed at rest),
`region` (optional wilayah code), `files` (repeatable uploads). Answers 201 with the receipt, or
422 with `{"detail": [{"field", "reason"}]}` in Bahasa Indonesia.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from awas.app import App
from awas.errors import InputError
from awas.ingest.tips import TipService, TipSubmission, Upload

router = APIRouter(tags=["laporan"])


def get_awas_app(request: Request) -> App:
    """The App the web front end put on `app.state.awas`."""
    app: App = request.app.state.awas
    return app


@router.post("/tips", status_code=201)
def submit_tip(
    app: Annotated[App, Depends(get_awas_app)],
    text: Annotated[str, Form()] = "",
    links: Annotated[list[str] | None, Form()] = None,
    contact: Annotated[str | None, Form()] = None,
    region: Annotated[str | None, Form()] = None,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Any:
    """Receive one public tip."""
    submission = TipSubmission(
        text=text,
        links=[ln.strip() for entry in links or [] for ln in entry.splitlines() if ln.strip()],
        uploads=[Upload(f.filename or "lampiran", f.content_type or "", f.file) for f in files or []],
        contact=contact or None,
        region=region or None,
    )
    try:
        receipt = TipService(app).submit(submission)
    except InputError as exc:
        detail = [{"field": p.field, "reason": p.reason} for p in exc.problems]
        return JSONResponse({"detail": detail, "message": exc.summary}, status_code=422)
    return {
        "id": receipt.id,
        "received_at": receipt.received_at.isoformat(),
        "attachments": [{"sha256": a.sha256, "size": a.size, "name": a.name} for a in receipt.attachments],
        "message": "Terima kasih, laporan Anda sudah kami terima.",
    }
