"""Findings per 10,000 voters in the window (every category, every review status except rejected)."""

from __future__ import annotations

from awas.risk.findings_stats import FindingScope, count_by_kabkota_and_category
from awas.risk.indicators.base import IndicatorContext, IndicatorProvider, IndicatorSpec


class FindingsRateIndicator(IndicatorProvider):
    spec = IndicatorSpec(
        key="findings_rate",
        label_id="Temuan per 10.000 pemilih",
        label_en="Findings per 10,000 voters",
        unit="temuan/10rb pemilih",
        weight=2.0,
        saturation=5.0,
        description="Temuan dugaan pelanggaran (semua kategori, kecuali yang ditolak) per 10.000 pemilih.",
    )

    def measure(self, ctx: IndicatorContext) -> dict[str, float]:
        with ctx.db.read() as conn:
            by_unit = count_by_kabkota_and_category(conn, _scope(ctx))
        counts = {code: float(sum(cats.values())) for code, cats in by_unit.items()}
        return ctx.per_voters(counts)


def _scope(ctx: IndicatorContext) -> FindingScope:
    return FindingScope(start=ctx.window_start, end=ctx.as_of, include_rejected=False)
