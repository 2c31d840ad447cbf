"""Score calibration (Platt scaling) and threshold choice, both fitted on validation-fold scores only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Platt:
    """p = 1 / (1 + exp(-(a * score + b)))."""

    a: float
    b: float

    def __call__(self, scores: npt.NDArray[np.floating]) -> F64:
        z = np.clip(self.a * scores.astype(np.float64) + self.b, -35, 35)
        return 1.0 / (1.0 + np.exp(-z))


def fit_platt(scores: F64, labels: I64, iterations: int = 200) -> Platt:
    """Platt's method with his smoothed targets, by Newton steps on (a, b); deterministic."""
    positives = float(labels.sum())
    negatives = float(len(labels) - positives)
    target = np.where(labels == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    a, b = 1.0, 0.0
    for _ in range(iterations):
        p = Platt(a, b)(scores)
        weight = np.maximum(p * (1 - p), 1e-12)
        gradient = np.array([np.dot(p - target, scores), np.sum(p - target)])
        hessian = np.array(
            [
                [np.dot(weight, scores * scores), np.dot(weight, scores)],
                [np.dot(weight, scores), weight.sum()],
            ]
        )
        step = np.linalg.solve(hessian + np.eye(2) * 1e-9, gradient)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-9:
            break
    return Platt(float(a), float(b))


def f1_threshold(probabilities: F64, labels: I64) -> float:
    """The probability cut that maximises F1 on these (validation) scores; 0.5 without positives."""
    if labels.sum() == 0:
        return 0.5
    order = np.argsort(-probabilities, kind="stable")
    sorted_p, sorted_y = probabilities[order], labels[order]
    true_pos = np.cumsum(sorted_y)
    predicted = np.arange(1, len(sorted_y) + 1)
    f1 = 2 * true_pos / (predicted + labels.sum())
    last_of_tie = np.r_[sorted_p[1:] != sorted_p[:-1], True]
    best = int(np.argmax(np.where(last_of_tie, f1, -1)))
    following = sorted_p[best + 1] if best + 1 < len(sorted_p) else 0.0
    return float((sorted_p[best] + following) / 2)


@dataclass(frozen=True, slots=True)
class Scores:
    n: int
    precision: float
    recall: float
    f1: float


def binary_scores(predicted: npt.NDArray[np.bool_], labels: I64) -> Scores:
    """Precision, recall and F1 of the positive class (0 where undefined)."""
    true_pos = int(np.sum(predicted & (labels == 1)))
    precision = true_pos / max(int(predicted.sum()), 1)
    recall = true_pos / max(int((labels == 1).sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(len(labels), precision, recall, f1)
