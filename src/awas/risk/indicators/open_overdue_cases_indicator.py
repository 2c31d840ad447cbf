"""Open cases per 100,000 voters at `as_of`, an overdue one counting twice (awas.cases tables).

A case is open at `as_of` when it had reached Bawaslu by then (received, or known for a temuan) and was
not closed before; it is overdue when one of its legal obligations (`case_deadlines.obligation`) was
due before `as_of` and not met by then. Both are read from the stored history, so backfilled snapshots
see the cases as they stood. Cases of the whole province (region `15`) belong to no kab/kota and are
not counted.
"""

from __future__ import annotations

import sqlalchemy as sa

from awas.cases.tables import case_deadlines, cases
from awas.risk.indicators.base import IndicatorContext, IndicatorProvider, IndicatorSpec

KABKOTA = 5  # "15.71"


class OpenOverdueCasesIndicator(IndicatorProvider):
    spec = IndicatorSpec(
        key="open_overdue_cases",
        label_id="Kasus terbuka dan lewat tenggat per 100.000 pemilih",
        label_en="Open and overdue cases per 100,000 voters",
        unit="kasus/100rb pemilih",
        weight=1.0,
        saturation=5.0,
        description=(
            "Perkara yang masih terbuka per 100.000 pemilih; perkara yang melewati tenggat hukum "
            "dihitung dua kali."
        ),
    )

    def measure(self, ctx: IndicatorContext) -> dict[str, float]:
        unit = sa.func.substr(cases.c.region_code, 1, KABKOTA)
        is_open = sa.and_(
            sa.func.coalesce(cases.c.received_at, cases.c.known_at) <= ctx.as_of,
            sa.or_(cases.c.closed_at.is_(None), cases.c.closed_at > ctx.as_of),
            sa.func.length(cases.c.region_code) >= KABKOTA,
        )
        overdue = (
            sa.select(case_deadlines.c.case_id)
            .where(
                case_deadlines.c.obligation.is_(True),
                case_deadlines.c.due_at < ctx.as_of,
                sa.or_(case_deadlines.c.met_at.is_(None), case_deadlines.c.met_at > ctx.as_of),
            )
            .distinct()
        )
        late = sa.case((cases.c.id.in_(overdue), 1), else_=0)
        query = sa.select(unit, sa.func.count() + sa.func.sum(late)).where(is_open).group_by(unit)
        with ctx.db.read() as conn:
            counts = {str(code): float(n) for code, n in conn.execute(query)}
        return ctx.per_voters(counts, per=100_000)
