"""RiskService: compute the index now or at any moment, store snapshots, read the trend.

Errors: `InputError` for an `as_of` in the future or a naive time; database errors propagate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from awas.app import App
from awas.domain.audit import AuditEvent
from awas.errors import InputError, InputProblem
from awas.risk.findings_stats import FindingScope, count_by_kabkota, count_by_kecamatan
from awas.risk.formula import FORMULA_VERSION, Level, Term, baseline_term, combine, level_of, saturate
from awas.risk.indicators.base import IndicatorSpec
from awas.risk.indicators.registry import active_indicators, planned_not_registered
from awas.risk.tables import risk_snapshots
from awas.risk.units import UnitFacts, indicator_context, load_units, window_start_for
from awas.store.audit import append_audit
from awas.timeutil import utcnow


@dataclass(frozen=True, slots=True)
class UnitIndex:
    facts: UnitFacts
    index: float
    level: Level
    baseline: float
    terms: tuple[Term, ...]
    findings: int


@dataclass(frozen=True, slots=True)
class RiskMap:
    as_of: datetime
    window_start: datetime
    units: tuple[UnitIndex, ...]
    indicators: tuple[IndicatorSpec, ...]
    planned: tuple[IndicatorSpec, ...]
    formula_version: str


@dataclass(frozen=True, slots=True)
class KecamatanTile:
    code: str
    name: str
    kabkota: str
    findings: int


@dataclass(frozen=True, slots=True)
class TrendPoint:
    as_of: datetime
    region_code: str
    index: float
    level: Level


class RiskService:
    def __init__(self, app: App) -> None:
        self._app = app

    def compute(self, as_of: datetime | None = None) -> RiskMap:
        """The index of every kab/kota over the window ending at `as_of` (now by default)."""
        as_of = _checked_as_of(as_of)
        units = load_units(self._app)
        ctx = indicator_context(self._app, units, as_of)
        providers = active_indicators()
        raw = {p.spec.key: p.measure(ctx) for p in providers}
        with self._app.db.read() as conn:
            counts = count_by_kabkota(conn, FindingScope(start=ctx.window_start, end=as_of))
        highest = max((u.baseline.score for u in units if u.baseline), default=None)
        specs = tuple(p.spec for p in providers)
        rows = tuple(_unit_index(u, specs, raw, highest, counts.get(u.code, 0)) for u in units)
        return RiskMap(as_of, ctx.window_start, rows, specs, tuple(planned_not_registered()), FORMULA_VERSION)

    def kecamatan_tiles(self, as_of: datetime | None = None) -> list[KecamatanTile]:
        """Findings per kecamatan over the same window (kecamatan have no coordinates: drawn as tiles)."""
        as_of = _checked_as_of(as_of)
        scope = FindingScope(start=window_start_for(self._app, as_of), end=as_of)
        with self._app.db.read() as conn:
            counts = count_by_kecamatan(conn, scope)
        regions = self._app.reference.regions.values()
        return [
            KecamatanTile(r.code, r.name, r.parent_code or "", counts.get(r.code, 0))
            for r in regions
            if r.level.value == "kecamatan"
        ]

    def take_snapshot(self, as_of: datetime | None = None, *, actor: str) -> RiskMap:
        """Compute and store the index at `as_of`; a snapshot of the same moment is replaced (idempotent)."""
        risk = self.compute(as_of)
        rows = [_snapshot_row(u, risk, actor) for u in risk.units]
        with self._app.db.transaction() as conn:
            conn.execute(
                risk_snapshots.delete().where(
                    risk_snapshots.c.as_of == risk.as_of,
                    risk_snapshots.c.formula_version == risk.formula_version,
                )
            )
            if rows:
                conn.execute(risk_snapshots.insert(), rows)
            append_audit(conn, _snapshot_event(risk, actor))
        return risk

    def take_snapshots(self, start: datetime, end: datetime, every: timedelta, *, actor: str) -> int:
        """Snapshots at start, start+every, ... up to end (a backfill); returns how many moments."""
        if every <= timedelta(0):
            raise InputError(InputProblem("risk snapshot", "the step must be positive", field="every"))
        moments = 0
        moment = start
        while moment <= end:
            self.take_snapshot(moment, actor=actor)
            moment += every
            moments += 1
        return moments

    def trend(self, region_code: str | None = None, limit: int = 520) -> list[TrendPoint]:
        """Stored snapshots, oldest first, for one kab/kota or all."""
        query = sa.select(risk_snapshots).order_by(risk_snapshots.c.as_of, risk_snapshots.c.region_code)
        if region_code:
            query = query.where(risk_snapshots.c.region_code == region_code)
        with self._app.db.read() as conn:
            rows = list(conn.execute(query.limit(limit)))
        return [TrendPoint(r.as_of, r.region_code, float(r.index_value), Level(r.level)) for r in rows]


def _checked_as_of(as_of: datetime | None) -> datetime:
    now = utcnow()
    if as_of is None:
        return now
    if as_of.tzinfo is None:
        raise InputError(InputProblem("risk", "time has no UTC offset", field="as_of"))
    if as_of > now + timedelta(minutes=5):
        raise InputError(InputProblem("risk", "the index cannot describe the future", field="as_of"))
    return as_of


def _unit_index(
    unit: UnitFacts,
    specs: tuple[IndicatorSpec, ...],
    raw: dict[str, dict[str, float]],
    highest: float | None,
    findings: int,
) -> UnitIndex:
    terms = {
        s.key: Term(
            s.key,
            raw[s.key].get(unit.code, 0.0),
            saturate(raw[s.key].get(unit.code, 0.0), s.saturation),
            s.weight,
        )
        for s in specs
    }
    base = baseline_term(unit.baseline.score if unit.baseline else None, highest)
    index = combine(base, terms)
    return UnitIndex(unit, index, level_of(index), base, tuple(terms.values()), findings)


def _snapshot_row(unit: UnitIndex, risk: RiskMap, actor: str) -> dict[str, object]:
    return {
        "as_of": risk.as_of,
        "region_code": unit.facts.code,
        "index_value": unit.index,
        "level": unit.level.value,
        "components": {
            "baseline": unit.baseline,
            "findings": unit.findings,
            "terms": {
                t.key: {"raw": t.raw, "normalised": t.normalised, "weight": t.weight} for t in unit.terms
            },
        },
        "formula_version": risk.formula_version,
        "taken_at": utcnow(),
        "taken_by": actor,
    }


def _snapshot_event(risk: RiskMap, actor: str) -> AuditEvent:
    return AuditEvent(
        action="risk.snapshot_taken",
        actor=actor,
        object_type="risk_snapshot",
        object_id=risk.as_of.isoformat(),
        details={"units": len(risk.units), "formula_version": risk.formula_version},
    )
