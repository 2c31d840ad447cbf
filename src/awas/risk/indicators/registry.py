"""Registered live indicators (C6/C7: the built-ins register exactly as other capabilities do)."""

from __future__ import annotations

from awas.core.registry import Registry
from awas.risk.indicators.base import IndicatorProvider, IndicatorSpec

# key → "module:Class". Cases, coordination and recap add one line each when they integrate.
BUILTIN_INDICATORS: dict[str, str] = {
    "findings_rate": "awas.risk.indicators.findings_rate_indicator:FindingsRateIndicator",
    "sara_hoax_share": "awas.risk.indicators.sara_hoax_share_indicator:SaraHoaxShareIndicator",
}

# Indicators the index is designed for whose providers belong to capabilities not integrated yet. They
# are shown on the map page as "not measured yet", never counted: the formula only uses registered ones.
PLANNED_INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        "coordinated_clusters",
        "Klaster akun terkoordinasi per 100.000 pemilih",
        "Coordinated account clusters per 100,000 voters",
        "klaster/100rb pemilih",
        1.0,
        2.0,
        "awas.coord",
    ),
    IndicatorSpec(
        "open_overdue_cases",
        "Kasus terbuka dan lewat tenggat per 100.000 pemilih",
        "Open and overdue cases per 100,000 voters",
        "kasus/100rb pemilih",
        1.0,
        5.0,
        "awas.cases",
    ),
    IndicatorSpec(
        "recap_anomalies",
        "Anomali rekapitulasi per 100 TPS",
        "Recapitulation anomalies per 100 TPS",
        "anomali/100 TPS",
        1.0,
        5.0,
        "awas.recap",
    ),
)


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
