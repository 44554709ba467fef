"""Wilson intervals, the standardized mean difference and Cramér's V, against hand formulas,
textbook values, numpy and scipy."""

import math

import numpy as np
import pytest
from scipy.stats import norm
from scipy.stats.contingency import association

from ethicskit.bias.stats import Z95, cramers_v, smd, sum_of_squares, wilson


def test_z_is_the_975_point_of_the_normal():
    assert Z95 == pytest.approx(norm.ppf(0.975), abs=1e-15)


@pytest.mark.parametrize("k, n, low, high", [
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score)
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_textbook_values(k, n, low, high):
    lo, hi = wilson(k, n)
    assert (round(lo, 4), round(hi, 4)) == (low, high)


@pytest.mark.parametrize("k, n", [(0, 1), (1, 1), (3, 10), (50, 100), (999, 1000), (7, 30)])
def test_wilson_matches_the_closed_formula(k, n):
    # (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), written out independently
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    lo, hi = wilson(k, n)
    assert lo == pytest.approx(max(0.0, centre - half), abs=1e-12)
    assert hi == pytest.approx(min(1.0, centre + half), abs=1e-12)


def test_wilson_on_arrays_and_empty_group():
    lo, hi = wilson(np.array([1, 0]), np.array([2, 0]))
    assert lo[0] == pytest.approx(wilson(1, 2)[0])
    assert np.isnan(lo[1]) and np.isnan(hi[1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_smd_from_sums_equals_numpy_on_raw_values(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(1000.0, 3.0, 57)  # a large offset: sums of squares must keep precision
    b = rng.normal(1001.0, 4.0, 80)
    shift = 1000.0
    got = smd(len(a), (a - shift).sum(), ((a - shift) ** 2).sum(),
              len(b), (b - shift).sum(), ((b - shift) ** 2).sum())
    pooled = math.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1))
                       / (len(a) + len(b) - 2))
    assert got == pytest.approx((a.mean() - b.mean()) / pooled, rel=1e-9)


def test_smd_by_hand_and_undefined_cases():
    # a = [10, 12, 14]: mean 12, (n-1)s² = 8; b = [20, 22]: mean 21, (n-1)s² = 2
    # pooled sd = sqrt((8 + 2) / 3); smd = (12 - 21) / sqrt(10/3)
    assert smd(3, 36, 440, 2, 42, 884) == pytest.approx(-9 / math.sqrt(10 / 3))
    assert smd(1, 5, 25, 1, 7, 49) is None  # n1 + n2 - 2 = 0
    assert smd(2, 10, 50, 2, 10, 50) is None  # no spread at all
    assert sum_of_squares(3, 36, 440) == pytest.approx(8)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_cramers_v_equals_scipy(seed):
    rng = np.random.default_rng(seed)
    table = rng.integers(1, 60, size=(rng.integers(2, 6), rng.integers(2, 5)))
    expected = association(table, method="cramer", correction=False)
    assert cramers_v(table) == pytest.approx(expected, abs=1e-12)


def test_cramers_v_of_a_perfect_association_and_degenerate_tables():
    assert cramers_v([[30, 0, 0], [0, 20, 0], [0, 0, 5]]) == pytest.approx(1.0)
    assert cramers_v([[10, 20, 30]]) is None  # one category: nothing to associate
    # empty rows and columns are dropped before the test
    assert cramers_v([[10, 0, 5], [0, 0, 0], [4, 0, 9]]) == pytest.approx(
        association(np.array([[10, 5], [4, 9]]), method="cramer", correction=False))
