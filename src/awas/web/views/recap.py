"""Recap views: races, the drill-down province → kab/kota → kecamatan → desa → TPS with each unit's
open findings (C-rules at TPS, X-rule differences between levels and sources), the unit's values in
every snapshot, and a TPS's C.Hasil photo links. All from `awas.recap.queries` (read-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from awas.app import App
from awas.errors import NotFoundError
from awas.recap import queries
from awas.recap.describe import LEVEL_NAMES, RULE_TITLES
from awas.recap.fields import CHILD_WIDTH, level_of_code
from awas.recap.model import RecapFinding, SnapshotInfo
from awas.web.deps import CoreDep
from awas.web.formatting import is_web_url
from awas.web.pages import add_page
from awas.web.recap_stats import open_by_child, open_by_race

router = APIRouter()
Race = Annotated[str, Path(pattern=r"^[a-z]{2,8}$", description="Sirekap race code, e.g. pkwkp")]
Unit = Annotated[str, Path(pattern=r"^\d{2}(\d{2}(\d{2}(\d{4}(\d{3})?)?)?)?$", description="plain unit code")]
FINDINGS_SHOWN = 300


class RaceOut(BaseModel):
    race: str
    snapshots: int
    latest_at: datetime
    kinds: list[str]
    open_findings: dict[str, int]


class RecapIndexPage(BaseModel):
    races: list[RaceOut]
    province: str


def recap_index(core: CoreDep) -> RecapIndexPage:
    """Races with stored snapshots and their open findings by rule family (C, X, D, H, F)."""
    counts = open_by_race(core)
    grouped: dict[str, list[SnapshotInfo]] = {}
    for info in queries.snapshots(core):
        grouped.setdefault(info.race, []).append(info)
    races = [
        RaceOut(
            race=race,
            snapshots=len(infos),
            latest_at=max(i.imported_at for i in infos),
            kinds=sorted({i.kind.value for i in infos}),
            open_findings=counts.get(race, {}),
        )
        for race, infos in sorted(grouped.items())
    ]
    return RecapIndexPage(races=races, province=_province(core))


def _province(core: App) -> str:
    provinces = [r.code for r in core.reference.regions.values() if r.level.value == "provinsi"]
    return provinces[0].replace(".", "") if provinces else "15"


class ChildOut(BaseModel):
    unit: str
    level: str
    name: str
    votes: dict[str, int | None]
    tps_total: int | None
    tps_in: int | None
    open_findings: int
    ts: str | None


class FindingOut(BaseModel):
    id: int
    rule: str
    rule_name: str
    unit: str
    level: str
    paslon: str | None
    message: str
    values: dict[str, object]
    first_seen_at: datetime
    last_seen_at: datetime


class HistoryOut(BaseModel):
    snapshot_id: str
    kind: str
    imported_at: datetime
    source: str
    ts: str | None
    values: dict[str, str]


class PhotoOut(BaseModel):
    page: int
    url: str


class Crumb(BaseModel):
    unit: str
    name: str


class RecapUnitPage(BaseModel):
    race: str
    unit: str
    level: str
    level_name: str
    name: str
    trail: list[Crumb]
    paslon: dict[str, str]
    children: list[ChildOut]
    child_level: str | None
    c_findings: list[FindingOut]
    x_differences: list[FindingOut]
    other_findings: list[FindingOut]
    history: list[HistoryOut]
    photos: list[PhotoOut]
    snapshot_id: str | None = Field(default=None, description="snapshot the children's numbers come from")


def _finding(f: RecapFinding) -> FindingOut:
    return FindingOut(
        id=f.id,
        rule=f.rule,
        rule_name=RULE_TITLES.get(f.rule, f.rule),
        unit=f.unit,
        level=f.level,
        paslon=f.paslon,
        message=f.message,
        values=f.values,
        first_seen_at=f.first_seen_at,
        last_seen_at=f.last_seen_at,
    )


def _names(core: App) -> dict[str, str]:
    return {r.plain_code: r.name for r in core.reference.regions.values()}


def _trail(names: dict[str, str], unit: str) -> list[Crumb]:
    widths = [w for w in (2, 4, 6, 10, 13) if w <= len(unit)]
    return [
        Crumb(unit=unit[:w], name=names.get(unit[:w], f"TPS {unit[10:]}" if w == 13 else unit[:w]))
        for w in widths
    ]


def paslon_labels(core: App, race: str, unit: str) -> dict[str, str]:
    """Nomor urut ("01") → paslon name, from the election of this race covering the unit (if known)."""
    covering = [
        e
        for e in core.reference.elections.values()
        if e.sirekap_race == race and unit.startswith(e.sirekap_area.replace(".", ""))
    ]
    if not covering:
        return {}
    election = max(covering, key=lambda e: len(e.sirekap_area))
    return {f"{p.nomor_urut:02d}": p.short_name or p.name for p in core.reference.paslon_of(election.id)}


def _children(core: App, race: str, unit: str) -> tuple[list[ChildOut], str | None]:
    width = CHILD_WIDTH.get(len(unit))
    if width is None:
        return [], None
    rows = queries.children(core, race, unit)
    badges = open_by_child(core, race, unit, width)
    out = [
        ChildOut(
            unit=r.unit,
            level=r.level,
            name=r.name,
            votes=dict(r.votes),
            tps_total=r.tps_total,
            tps_in=r.tps_in,
            open_findings=badges.get(r.unit, 0),
            ts=r.ts,
        )
        for r in rows
    ]
    return out, (rows[0].snapshot_id if rows else None)


def _history(core: App, race: str, unit: str) -> list[HistoryOut]:
    try:
        found = queries.history(core, unit, race)
    except NotFoundError:
        return []
    return [
        HistoryOut(
            snapshot_id=e.snapshot_id,
            kind=e.kind.value,
            imported_at=e.imported_at,
            source=e.source,
            ts=e.ts,
            values=e.values,
        )
        for e in found.entries
    ]


def recap_unit(core: CoreDep, race: Race, unit: Unit) -> RecapUnitPage:
    """One unit of a race: its children with their numbers and open findings, its own findings,
    its values in every snapshot, and (for a TPS) the C.Hasil photo links."""
    children, snapshot = _children(core, race, unit)
    found = queries.findings(core, unit=unit, race=race, limit=FINDINGS_SHOWN)
    # X differences are few and matter most: read on their own, never crowded out by C-rule findings.
    differences = queries.x_differences(core, race=race, unit=unit)
    history = _history(core, race, unit)
    if not children and not found and not differences and not history:
        raise NotFoundError(f"tidak ada data rekap {race} untuk {unit}")
    names = _names(core)
    level = level_of_code(unit)
    photos = queries.photos(core, unit, race) if len(unit) == 13 else []
    return RecapUnitPage(
        race=race,
        unit=unit,
        level=level,
        level_name=LEVEL_NAMES.get(level, level),
        name=names.get(unit, f"TPS {unit[10:]}" if len(unit) == 13 else unit),
        trail=_trail(names, unit),
        paslon=paslon_labels(core, race, unit),
        children=children,
        child_level=level_of_code("0" * CHILD_WIDTH[len(unit)]) if len(unit) in CHILD_WIDTH else None,
        c_findings=[_finding(f) for f in found if f.rule.startswith("C")],
        x_differences=[_finding(f) for f in differences],
        other_findings=[_finding(f) for f in found if not f.rule.startswith(("C", "X"))],
        history=history,
        photos=[PhotoOut(page=p.page, url=p.url) for p in photos if is_web_url(p.url)],
        snapshot_id=snapshot,
    )


def recap_race(core: CoreDep, race: Race) -> RecapUnitPage:
    """The race at province level (kab/kota below)."""
    return recap_unit(core, race, _province(core))


add_page(router, "/recap", recap_index, template="recap/index.html", permission="recap.view", tag="recap")
add_page(
    router, "/recap/{race}", recap_race, template="recap/unit.html", permission="recap.view", tag="recap"
)
add_page(
    router,
    "/recap/{race}/{unit}",
    recap_unit,
    template="recap/unit.html",
    permission="recap.view",
    tag="recap",
)
