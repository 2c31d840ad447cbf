"""Pair-level precision and recall of detected clusters against a stream's planted campaigns.

A predicted pair is two accounts in the same detected cluster (any kind; an account in several
clusters contributes each); a true pair is two accounts planted in the same campaign.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations


def account_pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        pairs.update(combinations(sorted(set(group)), 2))
    return pairs


def truth_groups(truth: dict[str, int]) -> list[list[str]]:
    by: dict[int, list[str]] = {}
    for account, campaign in truth.items():
        by.setdefault(campaign, []).append(account)
    return list(by.values())


def pair_scores(predicted: Iterable[Iterable[str]], truth: dict[str, int]) -> dict[str, float]:
    """precision, recall, f1 and the pair counts."""
    got = account_pairs(predicted)
    want = account_pairs(truth_groups(truth))
    hit = len(got & want)
    precision = hit / len(got) if got else 0.0
    recall = hit / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "predicted_pairs": len(got),
        "true_pairs": len(want),
    }


def recall_by(
    campaigns: list[dict[str, object]], predicted: Iterable[Iterable[str]], key: str
) -> dict[str, float]:
    """Pair recall per value of a campaign attribute (`kind`, `slow`)."""
    got = account_pairs(predicted)
    out: dict[str, float] = {}
    values = sorted({str(c[key]) for c in campaigns})
    for value in values:
        groups = [[f"x:{a}" for a in c["accounts"]] for c in campaigns if str(c[key]) == value]  # type: ignore[attr-defined]
        want = account_pairs(groups)
        out[value] = round(len(got & want) / len(want), 4) if want else 0.0
    return out
