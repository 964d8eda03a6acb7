"""Wilson and Newcombe intervals against published worked examples (Newcombe 1998) and statsmodels."""

from __future__ import annotations

import pytest

from boldly.report import newcombe, wilson

# Newcombe RG (1998), Two-sided confidence intervals for the single proportion: comparison of seven methods,
# Statistics in Medicine 17:857-872, Table I, method 3 (score interval without continuity correction).
WILSON_EXAMPLES = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]

# Newcombe RG (1998), Interval estimation for the difference between independent proportions: comparison
# of eleven methods, Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score, no correction).
NEWCOMBE_EXAMPLES = [
    ((56, 70, 48, 80), 0.0524, 0.3339),
    ((9, 10, 3, 10), 0.1705, 0.8090),
    ((6, 7, 2, 7), 0.0582, 0.8062),
    ((5, 56, 0, 29), -0.0381, 0.1926),
    ((0, 10, 0, 20), -0.1611, 0.2775),
    ((0, 10, 0, 10), -0.2775, 0.2775),
    ((10, 10, 0, 20), 0.6791, 1.0),
    ((10, 10, 0, 10), 0.6075, 1.0),
]


@pytest.mark.parametrize(("k", "n", "low", "high"), WILSON_EXAMPLES)
def test_wilson_matches_newcombe_1998(k, n, low, high) -> None:
    rate = wilson(k, n)
    assert rate.low == pytest.approx(low, abs=5e-5)
    assert rate.high == pytest.approx(high, abs=5e-5)
    assert rate.value == k / n


@pytest.mark.parametrize(("counts", "low", "high"), NEWCOMBE_EXAMPLES)
def test_newcombe_matches_newcombe_1998(counts, low, high) -> None:
    k1, n1, k2, n2 = counts
    difference = newcombe(*counts)
    assert difference.value == pytest.approx(k1 / n1 - k2 / n2)
    assert difference.low == pytest.approx(low, abs=5e-5)
    assert difference.high == pytest.approx(high, abs=5e-5)


def test_extremes_and_empty() -> None:
    assert (wilson(0, 5).low, wilson(5, 5).high) == (0.0, 1.0)
    empty = wilson(0, 0)
    assert empty.value is None and empty.low is None and empty.high is None
    unknown = newcombe(1, 2, 0, 0)
    assert unknown.value is None and unknown.low is None and not unknown.excludes_zero
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_excludes_zero() -> None:
    assert newcombe(10, 10, 0, 20).excludes_zero
    assert not newcombe(1, 2, 1, 2).excludes_zero
    assert newcombe(0, 20, 10, 10).excludes_zero


@pytest.mark.parametrize("n", [1, 2, 5, 13, 40])
def test_against_statsmodels(n) -> None:
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    for k in range(n + 1):
        low, high = proportion.proportion_confint(k, n, alpha=0.05, method="wilson")
        rate = wilson(k, n)
        assert (rate.low, rate.high) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))
        for k2, n2 in [(0, 7), (3, 7), (7, 7), (k, n)]:
            low, high = proportion.confint_proportions_2indep(k, n, k2, n2, method="newcomb", compare="diff")
            difference = newcombe(k, n, k2, n2)
            assert difference.low == pytest.approx(low, abs=1e-9)
            assert difference.high == pytest.approx(high, abs=1e-9)
