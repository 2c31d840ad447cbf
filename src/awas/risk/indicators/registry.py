"""Registered live indicators (C6/C7: the built-ins register exactly as other capabilities do)."""

from __future__ import annotations

from awas.core.registry import Registry
from awas.risk.indicators.base import IndicatorProvider, IndicatorSpec

# key → "module:Class". Cases, coordination and recap add one line each when they integrate.
BUILTIN_INDICATORS: dict[str, str] = {
    "findings_rate": "awas.risk.indicators.findings_rate_indicator:FindingsRateIndicator",
    "sara_hoax_share": "awas.risk.indicators.sara_hoax_share_indicator:SaraHoaxShareIndicator",
    "open_overdue_cases": "awas.risk.indicators.open_overdue_cases_indicator:OpenOverdueCasesIndicator",
    "coordinated_clusters": (
        "awas.risk.indicators.coordinated_clusters_indicator:CoordinatedClustersIndicator"
    ),
    "recap_anomalies": "awas.risk.indicators.recap_anomalies_indicator:RecapAnomaliesIndicator",
}

# Indicators the index is designed for whose providers are not registered yet. They are shown on the map
# page as "not measured yet", never counted: the formula only uses registered ones. (The cases,
# coordination and recap indicators were planned here until their providers were registered above.)
PLANNED_INDICATORS: tuple[IndicatorSpec, ...] = ()


_registry: Registry[IndicatorProvider] | None = None


def indicator_registry() -> Registry[IndicatorProvider]:
    """The indicator providers (built-ins plus entry points `awas.risk_indicator`), built once."""
    global _registry
    if _registry is None:
        _registry = Registry[IndicatorProvider]("risk_indicator", BUILTIN_INDICATORS)
    return _registry


def active_indicators() -> list[IndicatorProvider]:
    """One instance of every registered provider, in key order."""
    registry = indicator_registry()
    return [registry.get(name)() for name in registry.names()]


def planned_not_registered() -> list[IndicatorSpec]:
    names = set(indicator_registry().names())
    return [spec for spec in PLANNED_INDICATORS if spec.key not in names]
