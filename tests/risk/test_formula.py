"""The index formula and its documented cut-offs (pure functions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awas.risk.formula import (
    SEDANG_FROM,
    TINGGI_FROM,
    W_BASE,
    Level,
    Term,
    baseline_term,
    combine,
    level_of,
    saturate,
)


@pytest.mark.parametrize(
    ("index", "level"),
    [
        (0.0, Level.RENDAH),
        (33.33, Level.RENDAH),
        (33.34, Level.SEDANG),
        (66.66, Level.SEDANG),
        (66.67, Level.TINGGI),
        (100.0, Level.TINGGI),
    ],
)
def test_levels_follow_the_documented_cut_offs(index: float, level: Level) -> None:
    assert level_of(index) is level
    assert (SEDANG_FROM, TINGGI_FROM) == (33.34, 66.67)


def test_saturation_caps_at_one_and_floors_at_zero() -> None:
    assert saturate(2.5, 5.0) == 0.5
    assert saturate(50.0, 5.0) == 1.0
    assert saturate(-3.0, 5.0) == 0.0
    with pytest.raises(ValueError):
        saturate(1.0, 0.0)


def test_the_baseline_term_is_relative_to_the_highest_published_score() -> None:
    assert baseline_term(26.05, 26.05) == 1.0
    assert baseline_term(13.025, 26.05) == pytest.approx(0.5)
    assert baseline_term(None, 26.05) == 0.0
    assert baseline_term(5.0, None) == 0.0


def test_without_live_indicators_the_index_is_the_baseline_alone() -> None:
    assert combine(0.5, {}) == 50.0


def test_live_terms_form_a_weighted_mean_beside_the_baseline() -> None:
    live = {"a": Term("a", 10.0, 1.0, 2.0), "b": Term("b", 0.0, 0.0, 1.0)}
    assert combine(1.0, live) == pytest.approx(100 * (W_BASE * 1.0 + 0.6 * (2.0 / 3.0)), abs=0.01)


@given(
    base=st.floats(0, 1),
    values=st.lists(st.tuples(st.floats(0, 1), st.floats(0.1, 5)), min_size=1, max_size=6),
)
def test_the_index_stays_between_0_and_100(base: float, values: list[tuple[float, float]]) -> None:
    live = {str(i): Term(str(i), None, n, w) for i, (n, w) in enumerate(values)}
    assert 0.0 <= combine(base, live) <= 100.0
