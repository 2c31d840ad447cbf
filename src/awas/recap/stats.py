"""Small statistics for the F-rules (no SciPy needed): chi-square tail, robust z, digit laws."""

from __future__ import annotations

import math

import numpy as np

BENFORD_SECOND = np.array([sum(math.log10(1 + 1 / (10 * k + d)) for k in range(1, 10)) for d in range(10)])
BENFORD_SECOND_MEAN = float((BENFORD_SECOND * np.arange(10)).sum())  # 4.187
MAD_TO_SIGMA = 0.6745  # Iglewicz & Hoaglin modified z-score


def chi2_sf(x: float, df: int) -> float:
    """P(X ≥ x) for a chi-square variable with integer `df` (exact series, Q(df/2, x/2))."""
    if x <= 0:
        return 1.0
    y = x / 2
    if df % 2 == 0:
        term, total = math.exp(-y), 0.0
        for i in range(df // 2):
            total += term
            term *= y / (i + 1)
        return min(1.0, total)
    total = math.erfc(math.sqrt(y))
    term = math.exp(-y) * math.sqrt(y) / math.gamma(1.5)
    for i in range(1, (df + 1) // 2):
        total += term
        term *= y / (i + 1.5)
    return min(1.0, max(0.0, total))


def chi2_stat(observed: np.ndarray, expected_share: np.ndarray) -> tuple[float, float]:
    """(statistic, p-value) of a goodness-of-fit test of counts against expected shares."""
    n = observed.sum()
    expected = expected_share * n
    mask = expected > 0
    stat = float((((observed - expected) ** 2)[mask] / expected[mask]).sum())
    return stat, chi2_sf(stat, int(mask.sum()) - 1)


def integer_percent_probability(size: np.ndarray) -> np.ndarray:
    """Chance that k/size is a whole percentage for k uniform on 0..size: (gcd(100, size) + 1)/(size + 1)."""
    share: np.ndarray = (np.gcd(100, size) + 1) / (size + 1)
    return share
