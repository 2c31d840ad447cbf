"""Recapitulation anomalies per 100 TPS (awas.recap findings).

Counts the distinct units (TPS, desa, kecamatan...) of a kab/kota with at least one anomaly open at
`as_of` (seen by then, not resolved by then), in any race. The statistical screening rules (F01-F06)
are signals to look at, not anomalies, and are left out.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.recap.tables import recap_findings
from awas.risk.indicators.base import IndicatorContext, IndicatorProvider, IndicatorSpec

SCREENING = "F"


class RecapAnomaliesIndicator(IndicatorProvider):
    spec = IndicatorSpec(
        key="recap_anomalies",
        label_id="Anomali rekapitulasi per 100 TPS",
        label_en="Recapitulation anomalies per 100 TPS",
        unit="anomali/100 TPS",
        weight=1.0,
        saturation=5.0,
        description=(
            "Satuan wilayah (TPS, desa, kecamatan) dengan anomali rekapitulasi yang masih terbuka "
            "(aturan C, X, D, H; skrining statistik F tidak dihitung) per 100 TPS."
        ),
    )

    def measure(self, ctx: IndicatorContext) -> dict[str, float]:
        t = recap_findings
        unit = sa.func.substr(t.c.unit, 1, 4)  # plain code: "1571..." is kab/kota 15.71
        query = (
            sa.select(unit, sa.func.count(sa.distinct(t.c.unit)))
            .where(
                t.c.first_seen_at <= ctx.as_of,
                sa.or_(t.c.resolved_at.is_(None), t.c.resolved_at > ctx.as_of),
                sa.func.substr(t.c.rule, 1, 1) != SCREENING,
                sa.func.length(t.c.unit) >= 4,
            )
            .group_by(unit)
        )
        with ctx.db.read() as conn:
            counts = {f"{code[:2]}.{code[2:4]}": float(n) for code, n in conn.execute(query)}
        return ctx.per_tps(counts)
