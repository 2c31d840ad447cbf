"""The vulnerability map (pemetaan kerawanan): index per kab/kota, formula, levels, trend, kecamatan tiles."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from awas.access.permissions import Principal
from awas.app import App
from awas.errors import NotFoundError
from awas.risk import formula
from awas.risk.indicators.base import IndicatorSpec
from awas.risk.service import RiskMap, RiskService, UnitIndex
from awas.web.cache import VersionedCache
from awas.web.deps import CoreDep, CsrfDep, TranslatorDep, require
from awas.web.i18n import Translator
from awas.web.mapping import current_risk, kecamatan_svg, risk_map_svg, risk_version, trend_by_unit
from awas.web.pages import add_page
from awas.web.svgmap import sparkline

router = APIRouter()
KabKotaCode = Annotated[str, Path(pattern=r"^\d{2}\.\d{2}$", description="kab/kota code, e.g. 15.71")]


class IndicatorOut(BaseModel):
    key: str
    label: str
    unit: str
    weight: float
    saturation: float
    description: str


class TermOut(BaseModel):
    key: str
    raw: float | None
    normalised: float
    weight: float


class TrendOut(BaseModel):
    as_of: datetime
    index: float
    level: str


class UnitOut(BaseModel):
    code: str
    name: str
    index: float
    level: str
    baseline_term: float
    baseline_product: str | None
    baseline_score: float | None
    baseline_category: str | None
    baseline_status: str | None
    findings: int
    voters: int | None
    voters_source: str
    terms: list[TermOut]
    trend: list[TrendOut]
    sparkline: str = Field(default="", exclude=True)


class FormulaOut(BaseModel):
    version: str
    text: str
    w_base: float
    w_live: float
    sedang_from: float
    tinggi_from: float


class TileOut(BaseModel):
    code: str
    name: str
    kabkota: str
    findings: int


class MapPage(BaseModel):
    as_of: datetime
    window_start: datetime
    formula: FormulaOut
    indicators: list[IndicatorOut]
    planned: list[IndicatorOut]
    units: list[UnitOut]
    kecamatan: list[TileOut]
    map_svg: str = Field(default="", exclude=True)
    tiles_svg: str = Field(default="", exclude=True)


class RegionRiskPage(BaseModel):
    as_of: datetime
    window_start: datetime
    formula: FormulaOut
    indicators: list[IndicatorOut]
    unit: UnitOut
    kecamatan: list[TileOut]
    tiles_svg: str = Field(default="", exclude=True)


def _indicator(spec: IndicatorSpec, lang: str) -> IndicatorOut:
    label = spec.label_en if lang == "en" else spec.label_id
    return IndicatorOut(
        key=spec.key,
        label=label,
        unit=spec.unit,
        weight=spec.weight,
        saturation=spec.saturation,
        description=spec.description,
    )


def _formula() -> FormulaOut:
    text = "I = 100 × (W_BASE × B + W_LIVE × Σ w_k·N_k / Σ w_k),  N_k = min(1, x_k / s_k)"
    return FormulaOut(
        version=formula.FORMULA_VERSION,
        text=text,
        w_base=formula.W_BASE,
        w_live=formula.W_LIVE,
        sedang_from=formula.SEDANG_FROM,
        tinggi_from=formula.TINGGI_FROM,
    )


def _unit(u: UnitIndex, trend: list[TrendOut]) -> UnitOut:
    base = u.facts.baseline
    return UnitOut(
        code=u.facts.code,
        name=u.facts.name,
        index=u.index,
        level=u.level.value,
        baseline_term=round(u.baseline, 4),
        baseline_product=base.product if base else None,
        baseline_score=base.score if base else None,
        baseline_category=base.category if base else None,
        baseline_status=base.status if base else None,
        findings=u.findings,
        voters=u.facts.voters,
        voters_source=u.facts.voters_source,
        terms=[
            TermOut(key=t.key, raw=t.raw, normalised=round(t.normalised, 4), weight=t.weight) for t in u.terms
        ],
        trend=trend,
        sparkline=str(sparkline([p.index for p in trend])),
    )


def _trends(core: CoreDep, code: str | None = None) -> dict[str, list[TrendOut]]:
    grouped = trend_by_unit(RiskService(core).trend(code))
    return {
        k: [TrendOut(as_of=p.as_of, index=p.index, level=p.level.value) for p in v]
        for k, v in grouped.items()
    }


_page_cache = VersionedCache(ttl=30.0)


def risk_map(core: CoreDep, t: TranslatorDep) -> MapPage:
    """The whole page model is cached per language for as long as the index itself (see current_risk)."""
    return _page_cache.get(
        (core.db.describe(), t.lang), lambda: risk_version(core), lambda: _build_map(core, t)
    )


def _build_map(core: App, t: Translator) -> MapPage:
    risk, tiles = current_risk(core)
    trends = _trends(core)
    names = {u.facts.code: u.facts.name for u in risk.units}
    return MapPage(
        as_of=risk.as_of,
        window_start=risk.window_start,
        formula=_formula(),
        indicators=[_indicator(s, t.lang) for s in risk.indicators],
        planned=[_indicator(s, t.lang) for s in risk.planned],
        units=[_unit(u, trends.get(u.facts.code, [])) for u in risk.units],
        kecamatan=[TileOut(code=k.code, name=k.name, kabkota=k.kabkota, findings=k.findings) for k in tiles],
        map_svg=risk_map_svg(core, risk, t("map.svg_title"), t.lang),
        tiles_svg=kecamatan_svg(tiles, names, t("map.tiles_title"), t("map.tiles_unit")),
    )


def region_risk(core: CoreDep, t: TranslatorDep, code: KabKotaCode) -> RegionRiskPage:
    risk, tiles = current_risk(core)
    unit = _find(risk, code)
    own = [k for k in tiles if k.kabkota == code]
    return RegionRiskPage(
        as_of=risk.as_of,
        window_start=risk.window_start,
        formula=_formula(),
        indicators=[_indicator(s, t.lang) for s in risk.indicators],
        unit=_unit(unit, _trends(core, code).get(code, [])),
        kecamatan=[TileOut(code=k.code, name=k.name, kabkota=k.kabkota, findings=k.findings) for k in own],
        tiles_svg=kecamatan_svg(own, {code: unit.facts.name}, t("map.tiles_title"), t("map.tiles_unit")),
    )


def _find(risk: RiskMap, code: str) -> UnitIndex:
    for unit in risk.units:
        if unit.facts.code == code:
            return unit
    raise NotFoundError(f"unknown kab/kota {code!r}")


SnapshotPrincipal = Annotated[Principal, Depends(require("risk.snapshot"))]


def _actor(principal: Principal) -> str:
    return principal.user.username


class SnapshotOut(BaseModel):
    as_of: datetime
    units: int


@router.post("/api/map/snapshot", tags=["risk"], dependencies=[CsrfDep])
def take_snapshot_api(principal: SnapshotPrincipal, core: CoreDep) -> SnapshotOut:
    """Store the index as of now (the trend is made of these snapshots)."""
    risk = RiskService(core).take_snapshot(actor=_actor(principal))
    return SnapshotOut(as_of=risk.as_of, units=len(risk.units))


@router.post("/map/snapshot", include_in_schema=False, dependencies=[CsrfDep])
def take_snapshot_form(principal: SnapshotPrincipal, core: CoreDep) -> RedirectResponse:
    RiskService(core).take_snapshot(actor=_actor(principal))
    return RedirectResponse("/map", status_code=303)


add_page(router, "/map", risk_map, template="map.html", permission="risk.view", tag="risk")
add_page(router, "/map/{code}", region_risk, template="region.html", permission="risk.view", tag="risk")
