"""The recap entry form: D.Hasil (kecamatan), DB (kab/kota) and DC (provinsi) numbers typed in by an
analyst, stored by `awas.recap.service.record_recap_table` exactly like an imported recap table
(checked, content-addressed; the same numbers twice store nothing new).

Included before `views.recap` (see `application.ROUTERS`): `/recap/{race}/entry` must not be taken
for a unit code.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from awas.access.permissions import Principal
from awas.recap.model import SnapshotInfo
from awas.recap.recap_table import RecapTableEntry
from awas.recap.service import record_recap_table
from awas.timeutil import to_wib, utcnow
from awas.web.deps import CoreDep, CsrfDep, require
from awas.web.errors import Forbidden
from awas.web.forms import validated
from awas.web.pages import add_page
from awas.web.rendering import flash
from awas.web.views.recap import Race, paslon_labels

router = APIRouter()
EntryPrincipal = Annotated[Principal, Depends(require("recap.enter"))]
Level = Literal["kecamatan", "kabkota", "provinsi"]
NUMBERS = tuple(f"{n:02d}" for n in range(1, 7))
Count = Annotated[int, Field(ge=0, le=10_000_000)]
FormCount = Annotated[str, Form(max_length=12)]


class EntryIn(BaseModel):
    level: Level
    kode: str = Field(pattern=r"^\d{2}(\.?\d{2}(\.?\d{2})?)?$", description="plain or dotted code")
    votes: dict[Annotated[int, Field(ge=1, le=20)], Count] = Field(min_length=1, max_length=20)
    suara_sah: Count | None = None
    suara_tidak_sah: Count | None = None
    ts: str = Field(pattern=r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", description="time on the form (WIB)")


class EntriesIn(BaseModel):
    entries: list[EntryIn] = Field(min_length=1, max_length=500)
    label: str = Field(default="", max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")


class EntryStored(BaseModel):
    snapshot_id: str
    race: str
    units: int
    new: bool


class EntryFormPage(BaseModel):
    race: str
    numbers: list[str]
    paslon: dict[str, str]
    now_wib: str
    region_scope: str | None


def _in_scope(principal: Principal, kode: str) -> bool:
    scope = (principal.region_scope or "").replace(".", "")
    return not scope or kode.replace(".", "").startswith(scope)


def _store(core: CoreDep, principal: Principal, race: str, body: EntriesIn) -> SnapshotInfo:
    """Store the entries (InputError naming entry and field; 403 for units outside the reader's region)."""
    if not all(_in_scope(principal, e.kode) for e in body.entries):
        raise Forbidden("recap.enter")
    entries = [
        RecapTableEntry(e.level, e.kode.replace(".", ""), dict(e.votes), e.ts, e.suara_sah, e.suara_tidak_sah)
        for e in body.entries
    ]
    return record_recap_table(core, entries, race=race, actor=principal.user.username, label=body.label)


def recap_entry_form(principal: EntryPrincipal, core: CoreDep, race: Race) -> EntryFormPage:
    return EntryFormPage(
        race=race,
        numbers=list(NUMBERS),
        paslon=paslon_labels(core, race, (principal.region_scope or "15").replace(".", "")),
        now_wib=to_wib(utcnow()).strftime("%Y-%m-%dT%H:%M"),
        region_scope=principal.region_scope,
    )


@router.post("/api/recap/{race}/entries", tags=["recap"], status_code=201, dependencies=[CsrfDep])
def recap_entries_api(race: Race, body: EntriesIn, principal: EntryPrincipal, core: CoreDep) -> EntryStored:
    """Store D.Hasil/DB/DC numbers as a recap-table snapshot of `race`."""
    info = _store(core, principal, race, body)
    return EntryStored(snapshot_id=info.id, race=info.race, units=info.units, new=info.new)


@router.post("/recap/{race}/entry", include_in_schema=False, dependencies=[CsrfDep])
def recap_entry_submit(
    request: Request,
    race: Race,
    principal: EntryPrincipal,
    core: CoreDep,
    level: Annotated[str, Form(max_length=16)],
    kode: Annotated[str, Form(max_length=16)],
    ts: Annotated[str, Form(max_length=19)],
    votes_01: FormCount = "",
    votes_02: FormCount = "",
    votes_03: FormCount = "",
    votes_04: FormCount = "",
    votes_05: FormCount = "",
    votes_06: FormCount = "",
    suara_sah: FormCount = "",
    suara_tidak_sah: FormCount = "",
) -> RedirectResponse:
    """The HTML form: one unit per submission (a blank vote field is not on the form)."""
    given = (votes_01, votes_02, votes_03, votes_04, votes_05, votes_06)
    when = ts.replace("T", " ")
    entry = {
        "level": level,
        "kode": kode.strip(),
        "votes": {n: v.strip() for n, v in enumerate(given, start=1) if v.strip()},
        "suara_sah": suara_sah.strip() or None,
        "suara_tidak_sah": suara_tidak_sah.strip() or None,
        "ts": when + ":00" if len(when) == 16 else when,
    }
    body = validated(EntriesIn, {"entries": [entry]}, "formulir rekapitulasi")
    info = _store(core, principal, race, body)
    flash(request, "recap.entry_stored" if info.new else "recap.entry_known", info.id[:12])
    return RedirectResponse(f"/recap/{race}/{body.entries[0].kode.replace('.', '')}", status_code=303)


add_page(
    router,
    "/recap/{race}/entry",
    recap_entry_form,
    template="recap/entry.html",
    permission="recap.enter",
    tag="recap",
)
