"""Small statistics of the bias checks, from counts: Wilson intervals, SMD, Cramér's V (plain
and bias-corrected).

Every function takes counts or sums (never rows), so that a million-row campaign is reduced to
a few hundred numbers first.
"""

from __future__ import annotations

import math

import numpy as np

#: comparisons with a band allow for the last bit of floating point (0.8 is inside [0.8, ...])
EPS = 1e-12


def outside(value, low: float, high: float) -> bool:
    """``value`` lies outside the closed band [low, high] (a value on the edge is inside)."""
    return value is not None and (value < low - EPS or value > high + EPS)

#: the 97.5% point of the standard normal (scipy.stats.norm.ppf(0.975)): 95% two-sided
Z95 = 1.959963984540054


def wilson(selected, n, *, z: float = Z95):
    """Wilson score interval of a proportion ``selected / n``.

    .. math::

        \\frac{\\hat p + \\frac{z^2}{2n} \\pm z \\sqrt{\\frac{\\hat p (1-\\hat p)}{n}
        + \\frac{z^2}{4n^2}}}{1 + \\frac{z^2}{n}}

    Unlike the normal ("Wald") interval it stays inside [0, 1] and is honest for small groups
    and rates near 0 or 1 (Wilson 1927; Newcombe 1998). Works on scalars or arrays; ``n = 0``
    gives NaN.

    Returns
    -------
    (low, high)
    """
    k = np.asarray(selected, dtype="float64")
    m = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / m
        z2 = z * z
        denom = 1.0 + z2 / m
        centre = (p + z2 / (2.0 * m)) / denom
        half = z * np.sqrt(np.maximum(p * (1.0 - p) / m + z2 / (4.0 * m * m), 0.0)) / denom
        # at k = 0 (k = n) the bound is exactly 0 (1); rounding must not leave the rate outside
        low = np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
        high = np.where(k == m, 1.0, np.clip(centre + half, 0.0, 1.0))
        low = np.where(m > 0, low, np.nan)
        high = np.where(m > 0, high, np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def sum_of_squares(n, total, total_sq):
    """Sum of squared deviations from the mean, ``sum((x - mean)^2)``, from n, sum x, sum x^2.

    Values should be shifted by a common constant first (see :mod:`.counts`) so that this
    difference does not lose precision.
    """
    n = np.asarray(n, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        ss = np.asarray(total_sq, dtype="float64") - np.asarray(total, dtype="float64") ** 2 / n
    return np.maximum(ss, 0.0)


def smd(n1, sum1, sq1, n2, sum2, sq2) -> float | None:
    """Standardized mean difference of group 1 against group 2 (reference), from sums.

    .. math::

        d = \\frac{\\bar x_1 - \\bar x_2}{s_p}, \\qquad
        s_p = \\sqrt{\\frac{(n_1 - 1)s_1^2 + (n_2 - 1)s_2^2}{n_1 + n_2 - 2}}

    with :math:`(n-1)s^2 = \\sum x^2 - (\\sum x)^2 / n`. ``None`` when it is undefined (fewer than
    one value in a group, fewer than three values in both, or no spread at all).
    """
    if n1 < 1 or n2 < 1 or n1 + n2 - 2 <= 0:
        return None
    pooled_var = (float(sum_of_squares(n1, sum1, sq1)) + float(sum_of_squares(n2, sum2, sq2))) \
        / (n1 + n2 - 2)
    if not pooled_var > 0:
        return None
    return float((sum1 / n1 - sum2 / n2) / math.sqrt(pooled_var))


def cramers_v(table) -> float | None:
    """Cramér's V of a contingency table, without bias correction.

    .. math::

        V = \\sqrt{\\frac{\\chi^2}{n\\,(\\min(r, c) - 1)}}, \\qquad
        \\chi^2 = \\sum_{ij} \\frac{(O_{ij} - E_{ij})^2}{E_{ij}},\\;
        E_{ij} = \\frac{R_i C_j}{n}

    over the rows and columns that hold at least one observation. 0 means the feature says
    nothing about the attribute, 1 that it determines it. ``None`` when either side has a
    single category.
    """
    obs = np.asarray(table, dtype="float64")
    obs = obs[obs.sum(axis=1) > 0][:, obs.sum(axis=0) > 0]
    r, c = obs.shape if obs.ndim == 2 else (0, 0)
    if min(r, c) < 2:
        return None
    n = obs.sum()
    expected = np.outer(obs.sum(axis=1), obs.sum(axis=0)) / n
    chi2 = float(((obs - expected) ** 2 / expected).sum())
    return math.sqrt(min(chi2 / (n * (min(r, c) - 1)), 1.0))


def cramers_v_corrected(table) -> float | None:
    """Cramér's V with Bergsma's (2013) bias correction, over the same rows and columns as
    :func:`cramers_v` (those holding at least one observation).

    .. math::

        \\tilde\\varphi^2 = \\max\\left(0, \\frac{\\chi^2}{n} - \\frac{(k-1)(r-1)}{n-1}\\right),
        \\quad \\tilde k = k - \\frac{(k-1)^2}{n-1}, \\quad \\tilde r = r - \\frac{(r-1)^2}{n-1},
        \\quad \\tilde V = \\sqrt{\\frac{\\tilde\\varphi^2}{\\min(\\tilde k - 1, \\tilde r - 1)}}

    The plain V grows with the number of categories even when feature and attribute are
    independent; the corrected one does not (Bergsma, J. Korean Stat. Soc. 42, 2013). ``None``
    when either side has a single category or the corrected denominator is not positive (too
    few rows for the table).
    """
    obs = np.asarray(table, dtype="float64")
    obs = obs[obs.sum(axis=1) > 0][:, obs.sum(axis=0) > 0]
    r, k = obs.shape if obs.ndim == 2 else (0, 0)
    if min(r, k) < 2:
        return None
    n = obs.sum()
    if n <= 1:
        return None
    expected = np.outer(obs.sum(axis=1), obs.sum(axis=0)) / n
    phi2 = float(((obs - expected) ** 2 / expected).sum()) / n
    phi2corr = max(0.0, phi2 - (k - 1) * (r - 1) / (n - 1))
    kcorr = k - (k - 1) ** 2 / (n - 1)
    rcorr = r - (r - 1) ** 2 / (n - 1)
    denom = min(kcorr - 1, rcorr - 1)
    if not denom > 0:
        return None
    return math.sqrt(min(phi2corr / denom, 1.0))
