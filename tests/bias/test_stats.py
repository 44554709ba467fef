"""Wilson intervals, the standardized mean difference and Cramér's V, against hand formulas,
textbook values, numpy and scipy."""

import math

import numpy as np
import pytest
from scipy.stats import norm
from scipy.stats.contingency import association

from ethicskit.bias.stats import (Z95, cramers_v, cramers_v_corrected, smd, sum_of_squares,
                                 wilson)


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


def test_corrected_v_of_a_two_by_two_table_by_hand():
    # [[10, 5], [3, 12]], n = 30: rows 15, 15; columns 13, 17; expected 6.5, 8.5, 6.5, 8.5;
    # every |O - E| = 3.5, so chi2 = 12.25 * (2 / 6.5 + 2 / 8.5) = 6.651584...
    # phi2 = chi2 / 30 = 0.2217195; phi2corr = phi2 - (1 * 1) / 29 = 0.1872367;
    # kcorr = rcorr = 2 - 1 / 29 = 1.9655172; V~ = sqrt(0.1872367 / 0.9655172) = 0.440368
    table = [[10, 5], [3, 12]]
    chi2 = 12.25 * (2 / 6.5 + 2 / 8.5)
    phi2 = chi2 / 30
    expected = math.sqrt((phi2 - 1 / 29) / (1 - 1 / 29))
    assert cramers_v_corrected(table) == pytest.approx(expected, abs=1e-12)
    assert round(cramers_v_corrected(table), 6) == 0.440368
    assert cramers_v(table) == pytest.approx(math.sqrt(phi2), abs=1e-12)  # 0.470871: larger


def test_corrected_v_of_a_three_by_two_table_by_hand():
    # [[6, 0], [0, 6], [3, 3]], n = 18, r = 3, k = 2. Rows 6, 6, 6; columns 9, 9; every expected
    # count 3; chi2 = (9 + 9 + 9 + 9 + 0 + 0) / 3 = 12; phi2 = 12 / 18 = 2/3.
    # phi2corr = 2/3 - (2 * 1) / 17; kcorr = 2 - 1/17; rcorr = 3 - 4/17;
    # min(kcorr - 1, rcorr - 1) = 1 - 1/17 = 16/17; V~ = sqrt((2/3 - 2/17) / (16/17))
    table = [[6, 0], [0, 6], [3, 3]]
    expected = math.sqrt((2 / 3 - 2 / 17) / (16 / 17))
    assert cramers_v_corrected(table) == pytest.approx(expected, abs=1e-12)
    assert cramers_v(table) == pytest.approx(math.sqrt(2 / 3), abs=1e-12)


def test_corrected_v_is_zero_under_independence_and_undefined_on_one_category():
    # chi2 = 0: phi2corr = max(0, 0 - 1/19) = 0
    assert cramers_v_corrected([[5, 5], [5, 5]]) == 0.0
    assert cramers_v_corrected([[5, 5]]) is None
    assert cramers_v_corrected([[3, 0], [0, 0]]) is None  # empty row and column dropped
    # n = 2 on a 2 x 2 table: kcorr - 1 = 1 - 1 = 0, no corrected V
    assert cramers_v_corrected([[1, 0], [0, 1]]) is None


@pytest.mark.parametrize("seed", range(6))
def test_corrected_v_equals_bergsma_on_scipy_chi2(seed):
    from scipy.stats import chi2_contingency

    rng = np.random.default_rng(seed)
    table = rng.integers(1, 40, size=(int(rng.integers(2, 6)), int(rng.integers(2, 5))))
    n = table.sum()
    r, k = table.shape
    phi2 = chi2_contingency(table, correction=False)[0] / n
    phi2corr = max(0.0, phi2 - (k - 1) * (r - 1) / (n - 1))
    kcorr, rcorr = k - (k - 1) ** 2 / (n - 1), r - (r - 1) ** 2 / (n - 1)
    expected = math.sqrt(phi2corr / min(kcorr - 1, rcorr - 1))
    assert cramers_v_corrected(table) == pytest.approx(expected, abs=1e-12)
