"""Cluster score in [0, 1]: how strongly a cluster looks like coordinated inauthentic behaviour.

score = 0.25 size + 0.20 tightness + 0.25 repetition + 0.10 density + 0.20 accounts, where
- size = 1 - exp(-(accounts - 2) / 8): 3 accounts 0.12, 10 accounts 0.63, 30 accounts 0.97;
- tightness = exp(-median gap / window): posts made together score near 1;
- repetition = 1 - exp(-(mean edge weight - 1) / 2): twice 0.39, four times 0.78;
- density = kept edges / possible account pairs;
- accounts = mean of the account signals known: young-account share, copy-paste share,
  burstiness (negative counts as 0) and posting rate (min(1, posts per day / 20)).
The weights are a documented judgement, not fitted: the benchmark reports precision and recall
over all clusters, whatever their score, and the score only orders them for the analyst.
"""

from __future__ import annotations

import math

WEIGHTS = {"size": 0.25, "tightness": 0.20, "repetition": 0.25, "density": 0.10, "accounts": 0.20}


def score_parts(
    n_accounts: int,
    median_dt: float,
    window: int,
    repetition: float,
    density: float,
    account_signals: list[float | None],
) -> dict[str, float]:
    """The named components (each in [0, 1]) and their weighted sum under `score`."""
    known = [max(0.0, min(1.0, s)) for s in account_signals if s is not None and not math.isnan(s)]
    parts = {
        "size": 1 - math.exp(-max(0, n_accounts - 2) / 8),
        "tightness": math.exp(-max(0.0, median_dt) / max(1, window)),
        "repetition": 1 - math.exp(-max(0.0, repetition - 1) / 2),
        "density": max(0.0, min(1.0, density)),
        "accounts": sum(known) / len(known) if known else 0.0,
    }
    parts["score"] = sum(WEIGHTS[name] * parts[name] for name in WEIGHTS)
    return parts
