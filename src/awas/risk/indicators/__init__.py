"""Live indicators of the vulnerability index: one provider per indicator, registered in `registry.py`.

How to write one (cases, coordination and recap add theirs this way):

1. Subclass `IndicatorProvider` in your own package, in a module named `<thing>_indicator.py`.
2. Set `spec` (key, labels, unit, weight, saturation) and implement `measure(ctx)`: the raw value per
   kab/kota code (`ctx.kabkota`) for the window `ctx.window_start`..`ctx.as_of`, computed in SQL or
   Polars, never a per-row Python loop. Units you omit count as 0.
3. Add one line to `BUILTIN_INDICATORS` in `awas/risk/indicators/registry.py` (or an entry point in the
   group `awas.risk_indicator`).
"""

from awas.risk.indicators.base import IndicatorContext, IndicatorProvider, IndicatorSpec

__all__ = ["IndicatorContext", "IndicatorProvider", "IndicatorSpec"]
