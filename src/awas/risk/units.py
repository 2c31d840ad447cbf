"""The units the index is computed for (kab/kota), with voters, TPS and the published baseline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from awas.app import App
from awas.domain.regions import RegionLevel
from awas.risk.indicators.base import IndicatorContext
from awas.store import tables as t

VOTERS_PILKADA = "DPT Pilkada 2024"
VOTERS_PEMILU = "DPT Pemilu Feb 2024 (pengganti)"


@dataclass(frozen=True, slots=True)
class Baseline:
    """A published score and category, as published (the category is never derived from the score)."""

    product: str
    score: float
    category: str
    status: str
    source: str


@dataclass(frozen=True, slots=True)
class UnitFacts:
    code: str
    name: str
    voters: int | None
    voters_source: str
    tps: int | None
    baseline: Baseline | None


def load_units(app: App) -> list[UnitFacts]:
    """Every kab/kota of the loaded reference package, with its stats and its baseline."""
    kabkota = [r for r in app.reference.regions.values() if r.level is RegionLevel.KABKOTA]
    with app.db.read() as conn:
        stats = {r.region_code: r for r in conn.execute(sa.select(t.region_stats))}
        baselines = _baselines(conn, {r.code for r in kabkota})
    return [_facts(r.code, r.name, stats.get(r.code), baselines.get(r.code)) for r in kabkota]


def _facts(
    code: str, name: str, stats: sa.Row[tuple[object, ...]] | None, base: Baseline | None
) -> UnitFacts:
    dpt = getattr(stats, "dpt", None)
    previous = getattr(stats, "dpt_previous", None)
    voters, source = (dpt, VOTERS_PILKADA) if dpt else (previous, VOTERS_PEMILU if previous else "")
    return UnitFacts(code, name, voters, source, getattr(stats, "tps", None), base)


def _baselines(conn: sa.Connection, codes: set[str]) -> dict[str, Baseline]:
    """The baseline product that covers the most kab/kota (the province's own mapping)."""
    rows = [r for r in conn.execute(sa.select(t.ikp_baseline)) if r.region_code in codes]
    if not rows:
        return {}
    products = [r.product for r in rows]
    product = max(sorted(set(products)), key=products.count)
    return {
        r.region_code: Baseline(r.product, float(r.score), r.category, r.status, r.source)
        for r in rows
        if r.product == product
    }


def window_start_for(app: App, as_of: datetime) -> datetime:
    """Live indicators count from the start of the election's first stage (one year back if unknown)."""
    starts = [phase.starts_at for phase in app.reference.schedule.values()]
    return min(starts) if starts else as_of - timedelta(days=365)


def indicator_context(app: App, units: list[UnitFacts], as_of: datetime) -> IndicatorContext:
    return IndicatorContext(
        db=app.db,
        window_start=window_start_for(app, as_of),
        as_of=as_of,
        kabkota=tuple(u.code for u in units),
        voters={u.code: u.voters for u in units if u.voters},
        voters_source={u.code: u.voters_source for u in units},
        tps={u.code: u.tps for u in units if u.tps},
    )
