"""The distribution of a number (the offer value) within each group, from one histogram.

The values are factorized and their distinct values sorted once. For an attribute, one group
count (:func:`ethicskit.counts.group_sums`) of (group code, value rank) gives every group's
histogram over the sorted distinct values; medians, quartiles, whiskers and outliers are then
read at ranks of the cumulative counts, without sorting or copying the rows of any group. With
weights the histogram counts people (each value as if repeated ``weight`` times). Offers repeat
(a campaign has a few thousand distinct amounts), so the histogram is small; when it would exceed
:data:`MAX_HISTOGRAM` cells, each group's values are counted on their own instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.counts import group_sums

#: the largest group x distinct-value histogram (cells); beyond it, one group at a time
MAX_HISTOGRAM = 5_000_000
#: Tukey's whisker reach, in interquartile ranges (matplotlib's ``boxplot_stats`` default)
WHIS = 1.5


class Distribution:
    """``values`` (finite floats) ready to be summarised per group of any attribute.

    ``weights`` (whole numbers, default 1): each value counts that many times, as if repeated.
    """

    def __init__(self, values: np.ndarray, weights: np.ndarray | None = None):
        self.values = np.asarray(values, dtype="float64")
        self.weights = None if weights is None else np.asarray(weights, dtype=np.int64)
        codes, uniques = pd.factorize(self.values)
        order = np.argsort(uniques, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        self.rank = rank[codes]
        self.sorted = np.asarray(uniques, dtype="float64")[order]

    def histograms(self, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """``(codes, hist)``: the group codes present in ``groups`` (sorted) and each one's
        counts over :attr:`sorted`; ``hist`` is None when it would be too large."""
        groups = np.asarray(groups, dtype=np.int64)
        m = len(self.sorted)
        k = int(groups.max()) + 1 if len(groups) else 0
        if k * m > MAX_HISTOGRAM:
            return np.unique(groups), None
        hist = group_sums({"g": groups, "v": self.rank}, {"g": k, "v": m}, weights=self.weights,
                          dense=True)["n"].to_numpy().reshape(k, m)
        present = np.flatnonzero(hist.sum(axis=1))
        return present, hist[present]

    def medians(self, groups: np.ndarray, *, histograms: tuple | None = None) -> pd.Series:
        """Median of each group code present in ``groups`` (index: the codes, sorted): the
        value at rank ``n // 2`` for odd ``n``, the mean of ranks ``n // 2 - 1`` and ``n // 2``
        for even ``n``, as pandas' grouped median computes it. ``histograms``: those of
        :meth:`histograms` for the same ``groups``, when already made."""
        present, hist = self.histograms(groups) if histograms is None else histograms
        if hist is None and self.weights is None:
            return pd.Series(self.values).groupby(np.asarray(groups)).median()
        if hist is None:  # one group at a time, each value counted by its weight
            return pd.Series([_median(*self._counted(groups, code)) for code in present],
                             index=present, dtype="float64")
        cum = hist.cumsum(axis=1)
        n = cum[:, -1]
        hi = self.sorted[(cum > (n // 2)[:, None]).argmax(axis=1)]
        lo = self.sorted[(cum > ((n - 1) // 2)[:, None]).argmax(axis=1)]
        return pd.Series(np.where(n % 2 == 1, hi, (lo + hi) / 2), index=present)

    def boxes(self, groups: np.ndarray, *, histograms: tuple | None = None) -> dict[int, dict]:
        """Box-plot statistics of each group present in ``groups``, as matplotlib's
        ``cbook.boxplot_stats`` defines them: quartiles by linear interpolation
        (``np.percentile``), whiskers at the furthest values within 1.5 IQR of the box,
        outliers beyond them (each distinct value once: copies would be drawn on one spot).
        ``histograms``: as for :meth:`medians`."""
        present, hist = self.histograms(groups) if histograms is None else histograms
        out = {}
        for i, code in enumerate(present.tolist()):
            if hist is not None:
                counts = hist[i]
                values, counts = self.sorted[counts > 0], counts[counts > 0]
            else:
                values, counts = self._counted(groups, code)
            out[code] = box(values, counts)
        return out

    def _counted(self, groups: np.ndarray, code: int) -> tuple[np.ndarray, np.ndarray]:
        """The sorted distinct values of group ``code`` and how many times each counts (its
        rows, or the sum of their weights); values of weight 0 left out."""
        mine = np.asarray(groups) == code
        values, inverse = np.unique(self.values[mine], return_inverse=True)
        if self.weights is None:
            return values, np.bincount(inverse, minlength=len(values))
        counts = np.bincount(inverse, weights=self.weights[mine].astype("float64"),
                             minlength=len(values))
        counts = np.rint(counts).astype(np.int64)
        return values[counts > 0], counts[counts > 0]


def _median(values: np.ndarray, counts: np.ndarray) -> float:
    """The median of the multiset holding ``counts[i]`` copies of the sorted ``values[i]``, as
    :meth:`Distribution.medians` reads it from a histogram."""
    cum = np.cumsum(counts)
    n = int(cum[-1])
    hi = float(values[np.searchsorted(cum, n // 2, side="right")])
    lo = float(values[np.searchsorted(cum, (n - 1) // 2, side="right")])
    return hi if n % 2 == 1 else (lo + hi) / 2


def box(values: np.ndarray, counts: np.ndarray) -> dict:
    """Box statistics of the multiset holding ``counts[i]`` copies of the sorted distinct
    ``values[i]``: ``n, mean, q1, med, q3, whislo, whishi, fliers``."""
    n = int(counts.sum())
    cum = np.cumsum(counts)

    def at(rank: int) -> float:  # the value at 0-based rank of the sorted multiset
        return float(values[np.searchsorted(cum, rank, side="right")])

    def percentile(p: float) -> float:
        h = (n - 1) * p
        lo = int(np.floor(h))
        a, b = at(lo), at(min(lo + 1, n - 1))
        return a + (h - lo) * (b - a)

    q1, med, q3 = percentile(0.25), percentile(0.5), percentile(0.75)
    iqr = q3 - q1
    inside_hi = values[values <= q3 + WHIS * iqr]
    inside_lo = values[values >= q1 - WHIS * iqr]
    whishi = float(inside_hi.max()) if len(inside_hi) and inside_hi.max() >= q3 else q3
    whislo = float(inside_lo.min()) if len(inside_lo) and inside_lo.min() <= q1 else q1
    fliers = values[(values < whislo) | (values > whishi)]
    return {"n": n, "mean": float((values * counts).sum() / n), "q1": q1, "med": med,
            "q3": q3, "whislo": whislo, "whishi": whishi, "fliers": fliers}
