"""Platt scaling, the F1 threshold and the binary scores."""

from __future__ import annotations

import numpy as np

from awas.detect.calibration import Platt, binary_scores, f1_threshold, fit_platt
from awas.detect.textmodel import dequantise, quantise


def test_platt_scaling_orders_and_calibrates() -> None:
    rng = np.random.default_rng(0)
    labels = (rng.random(4000) < 0.3).astype(np.int64)
    scores = rng.normal(loc=labels * 2.0, scale=1.0)
    platt = fit_platt(scores, labels)
    p = platt(scores)
    assert platt.a > 0
    assert abs(p.mean() - labels.mean()) < 0.02
    high = p > 0.8
    assert labels[high].mean() > 0.75


def test_platt_is_deterministic() -> None:
    scores = np.array([-2.0, -1.0, 0.5, 1.0, 3.0])
    labels = np.array([0, 0, 1, 0, 1])
    assert fit_platt(scores, labels) == fit_platt(scores, labels)


def test_f1_threshold_separates_perfectly_separable_scores() -> None:
    p = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    y = np.array([0, 0, 0, 1, 1, 1])
    threshold = f1_threshold(p, y)
    assert 0.3 < threshold <= 0.7
    assert binary_scores(p >= threshold, y).f1 == 1.0


def test_f1_threshold_without_positives_is_one_half() -> None:
    assert f1_threshold(np.array([0.2, 0.9]), np.array([0, 0])) == 0.5


def test_binary_scores() -> None:
    scores = binary_scores(np.array([True, True, False, False]), np.array([1, 0, 1, 0]))
    assert (scores.n, scores.precision, scores.recall, scores.f1) == (4, 0.5, 0.5, 0.5)
    assert binary_scores(np.array([False]), np.array([1])).f1 == 0.0


def test_quantisation_keeps_weights_close() -> None:
    weights = np.random.default_rng(1).laplace(scale=0.05, size=(1000, 3)).astype(np.float32)
    codes, scale = quantise(weights)
    restored = dequantise(codes, scale)
    assert codes.dtype == np.int8
    assert np.abs(restored - weights).max() <= scale.max() * 0.02
    assert Platt(1.0, 0.0)(np.array([0.0]))[0] == 0.5
