"""Share of SARA and hoax findings among all findings of a kab/kota in the window."""

from __future__ import annotations

from awas.risk.findings_stats import FindingScope, count_by_kabkota_and_category
from awas.risk.indicators.base import IndicatorContext, IndicatorProvider, IndicatorSpec

SARA_HOAX = ("sara", "hoax")
# A share over very few findings says little: the denominator is at least this many findings, so one
# hoax among one finding reads as 0.1, not 1.0.
MIN_DENOMINATOR = 10


class SaraHoaxShareIndicator(IndicatorProvider):
    spec = IndicatorSpec(
        key="sara_hoax_share",
        label_id="Porsi temuan SARA dan hoaks",
        label_en="Share of SARA and hoax findings",
        unit="porsi (0-1)",
        weight=1.0,
        saturation=0.5,
        description=(
            "Temuan kategori SARA dan hoaks dibagi semua temuan di kab/kota itu "
            f"(pembagi paling sedikit {MIN_DENOMINATOR})."
        ),
    )

    def measure(self, ctx: IndicatorContext) -> dict[str, float]:
        with ctx.db.read() as conn:
            by_unit = count_by_kabkota_and_category(
                conn, FindingScope(start=ctx.window_start, end=ctx.as_of, include_rejected=False)
            )
        shares: dict[str, float] = {}
        for code in ctx.kabkota:
            cats = by_unit.get(code, {})
            flagged = sum(cats.get(c, 0) for c in SARA_HOAX)
            shares[code] = flagged / max(sum(cats.values()), MIN_DENOMINATOR)
        return shares
