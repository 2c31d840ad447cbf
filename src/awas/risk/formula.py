"""The vulnerability index of awas, its levels and cut-offs: the one place where they are defined.

    I = 100 × ( W_BASE × B  +  W_LIVE × Σ_k w_k · N_k / Σ_k w_k )

- B   = baseline term: the published Bawaslu Provinsi Jambi score of the kab/kota divided by the highest
        score of that product in the province. The product's own scale and cut-offs are unpublished, so
        only its relative position is used; its published category is shown next to ours, never derived.
- N_k = min(1, x_k / s_k): live indicator k (raw value x_k, e.g. findings per 10,000 voters) scaled to
        0..1 by its saturation value s_k (the value at which the indicator counts as fully vulnerable).
- w_k = the indicator's weight; only indicators whose provider is registered take part, so the live
        part is always a weighted mean of what is actually measured. With no live indicator, I = 100 × B.

Levels (awas's own scale, equal thirds; NOT the IKP 2024 cut-offs, which belong to another scale):
rendah I < 33.34, sedang 33.34 ≤ I < 66.67, tinggi I ≥ 66.67.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

# "2": the live part gained open/overdue cases, coordinated clusters and recap anomalies (issue 9).
FORMULA_VERSION = "2"
W_BASE = 0.4
W_LIVE = 0.6
SEDANG_FROM = 33.34
TINGGI_FROM = 66.67


class Level(StrEnum):
    RENDAH = "rendah"
    SEDANG = "sedang"
    TINGGI = "tinggi"


def level_of(index: float) -> Level:
    """The level of an index value on awas's 0-100 scale (cut-offs above)."""
    if index >= TINGGI_FROM:
        return Level.TINGGI
    if index >= SEDANG_FROM:
        return Level.SEDANG
    return Level.RENDAH


@dataclass(frozen=True, slots=True)
class Term:
    """One term of the formula for one unit: raw value, its 0..1 form and the weight it had."""

    key: str
    raw: float | None
    normalised: float
    weight: float


def saturate(raw: float, saturation: float) -> float:
    """min(1, raw / saturation), 0 for a non-positive value; ValueError for a non-positive saturation."""
    if saturation <= 0:
        raise ValueError("saturation must be positive")
    return min(1.0, max(0.0, raw) / saturation)


def baseline_term(score: float | None, highest: float | None) -> float:
    """B: the unit's published score relative to the province's highest; 0 when either is missing."""
    if score is None or not highest:
        return 0.0
    return max(0.0, score) / highest


def combine(baseline: float, live: Mapping[str, Term]) -> float:
    """The index I (0-100) from B and the live terms (see the module docstring)."""
    total_weight = sum(term.weight for term in live.values())
    if total_weight <= 0:
        return round(100.0 * baseline, 2)
    live_part = sum(term.weight * term.normalised for term in live.values()) / total_weight
    return round(100.0 * (W_BASE * baseline + W_LIVE * live_part), 2)
