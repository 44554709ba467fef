"""``bias.proxy_features``: model inputs that stand in for a protected attribute.

A model that never sees ethnicity can still select by it through a feature that encodes it
(a postcode, a store, a first name). Cramér's V measures how much a feature's categories tell
about an attribute's groups: 0 nothing, 1 everything. HUD v. Facebook (2019) turned on exactly
such proxies. Features come from the config's ``model_features``, else from every dataset column
that is not a logical column of the contract.

Preparation: numeric features with more than 10 distinct values are cut into 5 quantile bins
(``pd.qcut(..., 5, duplicates="drop")``); every other feature is taken by its values. A
missing value is a category of its own on both sides (``(missing)``), as it is for the groups.
Text columns whose distinct values exceed half their non-empty rows (and 20) look like
identifiers, not features: they are skipped and named in ``details.skipped``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit import registry
from ethicskit.bias import groups as G
from ethicskit.bias.counts import counts as get_counts
from ethicskit.bias.reference import EPS, num, plural
from ethicskit.bias.stats import cramers_v

BINS = 5
MAX_VALUES = 10
MAX_CELLS = 20_000_000


def _quantile_levels(q: int) -> np.ndarray:
    """The quantiles ``pd.qcut(x, q)`` asks for (nudged up where not exact in base 2)."""
    levels = np.linspace(0, 1, q + 1)
    np.putmask(levels, q * levels != np.arange(q + 1), np.nextafter(levels, 1))
    return levels


def linear_quantiles(values: np.ndarray, counts: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """``np.quantile(x, levels)`` (method ``linear``, as ``Series.quantile``) of the multiset
    ``x`` holding ``counts[i]`` copies of the sorted distinct ``values[i]``, without building it.

    numpy's rule, step for step: the virtual index ``h = (n - 1) q``, the order statistics at
    ``floor(h)`` and ``floor(h) + 1`` (both the largest at the top), ``g = h - floor(h)``, and
    ``a + (b - a) g``, computed as ``b - (b - a)(1 - g)`` where ``g >= 0.5``. The order statistic
    of rank ``r`` is the value whose cumulative count first exceeds ``r``.
    """
    n = int(counts.sum())
    virtual = (n - 1) * np.asarray(levels, dtype="float64")
    previous = np.floor(virtual)
    top = virtual >= n - 1
    below = virtual < 0
    low = np.where(top, n - 1, np.where(below, 0, previous)).astype(np.int64)
    high = np.where(top, n - 1, np.where(below, 0, previous + 1)).astype(np.int64)
    gamma = virtual - np.where(top, -1.0, np.where(below, 0.0, previous))
    cumulative = np.cumsum(counts)
    a = values[np.searchsorted(cumulative, low, side="right")]
    b = values[np.searchsorted(cumulative, high, side="right")]
    diff = b - a
    return np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)


def _quantile_bin_codes(codes: np.ndarray, uniques: np.ndarray) -> tuple[np.ndarray, int]:
    """``pd.qcut(values, BINS, duplicates="drop").cat.codes`` from the factorized values
    (``codes``, -1 for null, into ``uniques``).

    The same edges (``Series.quantile`` of the non-null values, duplicates dropped) and the
    same rule (right-closed bins, the lowest edge included), applied to each distinct value
    once and taken back to the rows by code: the cut of a million rows costs a cut of their
    distinct values. Returns the codes (-1 for null) and the number of bins.
    """
    order = np.argsort(uniques, kind="stable")
    copies = np.bincount(codes + 1, minlength=len(uniques) + 1)[1:]
    edges = pd.unique(linear_quantiles(uniques[order], copies[order], _quantile_levels(BINS)))
    ids = np.searchsorted(edges, uniques, side="left")
    ids[uniques == edges[0]] = 1
    outside = np.isnan(uniques) | (ids == len(edges)) | (ids == 0)
    bin_of_unique = np.where(outside, -1, ids - 1)
    return np.append(bin_of_unique, -1)[codes], len(edges) - 1


def _number_codes(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of a numeric column: code -1 for null, the distinct values as
    floats (in no particular order). Whole numbers in a range no wider than four times the rows
    are counted straight into an array (``bincount``), without hashing; others are factorized."""
    if pd.api.types.is_integer_dtype(s.dtype) and len(s):
        null = s.isna().to_numpy()
        x = s.to_numpy(dtype="int64", na_value=0)
        known = x[~null] if null.any() else x
        if len(known):
            lo, hi = int(known.min()), int(known.max())
            if hi - lo <= 4 * len(x):
                span = hi - lo + 1
                offset = np.where(null, span, x - lo)  # nulls in a last bin of their own
                present = np.bincount(offset, minlength=span + 1)[:span]
                distinct = np.flatnonzero(present)
                rank = np.full(span + 1, -1, dtype=np.int64)
                rank[distinct] = np.arange(len(distinct))
                return rank[offset], (distinct + lo).astype("float64")
    codes, uniques = pd.factorize(s.astype("float64"), use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype="float64")


def feature_codes(series: pd.Series, *, labelled: tuple[np.ndarray, list[str]] | None = None
                  ) -> tuple[np.ndarray, int, str] | str:
    """Integer category codes of a feature (missing = its own code), their number and how the
    feature was prepared; or a string saying why it is skipped. ``labelled``: the series'
    :func:`~ethicskit.bias.groups.label_codes`, when already known."""
    s = series
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        naive = s.dt.tz_convert(None) if s.dt.tz is not None else s
        s = (naive - pd.Timestamp(0)).dt.total_seconds()  # a number per time; NaT -> NaN
    numeric = pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)
    if numeric:
        value_codes, uniques = _number_codes(s)
        if len(uniques) > MAX_VALUES:  # s.nunique(dropna=True)
            codes, k = _quantile_bin_codes(value_codes, uniques)
            codes = np.where(codes < 0, k, codes)
            return codes, k + int((codes == k).any()), f"{k} quantile bins"
    label_of_row, names = labelled if labelled is not None else G.label_codes(s)
    missing = names.index(G.MISSING) if G.MISSING in names else -1
    present = len(label_of_row) - (int((label_of_row == missing).sum()) if missing >= 0 else 0)
    distinct = len(names) - (missing >= 0)
    if not numeric and distinct > max(20, 0.5 * present):
        return f"{distinct:,} distinct values in {present:,} rows: looks like an identifier"
    # pd.factorize(labels, sort=True): codes in the sorted order of the labels
    rank = {name: i for i, name in enumerate(sorted(names))}
    codes = np.array([rank[name] for name in names] + [-1], dtype=np.int64)[label_of_row]
    return codes, len(names), f"{len(names)} values"


def _tables(fcodes: np.ndarray, k: int, counts, joint: np.ndarray | None) -> list[np.ndarray]:
    """The feature x group table of every attribute: one ``bincount`` of the feature against
    the attributes' joint code, summed to each attribute (else one ``bincount`` each)."""
    sizes = [len(c) for c in counts.categories]
    if joint is not None and k * int(np.prod(sizes)) <= MAX_CELLS:
        cube = np.bincount(fcodes * int(np.prod(sizes)) + joint,
                           minlength=k * int(np.prod(sizes))).reshape([k] + sizes)
        axes = range(1, len(sizes) + 1)
        return [cube.sum(axis=tuple(a for a in axes if a != i + 1)) for i in range(len(sizes))]
    return [np.bincount(fcodes * kc + counts.codes[i], minlength=k * kc).reshape(k, kc)
            if k * kc <= MAX_CELLS else None for i, kc in enumerate(sizes)]


def _features(campaign, protected: set[str]) -> tuple[list[tuple[str, str]], str, list[dict]]:
    """(name, frame column) of each feature to test, where they come from, and those skipped."""
    skipped = []
    if campaign.config.model_features is not None:
        names, source = list(campaign.config.model_features), "model_features"
    else:
        names, source = list(campaign.unmapped_columns), "unmapped dataset columns"
    out, seen = [], set()
    for name in names:
        column = campaign.resolve(name)
        if column is None:
            skipped.append({"feature": name, "reason": "not in the dataset"})
        elif column in protected:
            skipped.append({"feature": name, "reason": "is a protected attribute"})
        elif column == "customer_id":
            skipped.append({"feature": name, "reason": "is the customer key"})
        elif column not in seen:
            seen.add(column)
            out.append((str(name), column))
    return out, source, skipped


def proxy_features(campaign, *, proxy_v: float):
    """``bias.proxy_features``: Cramér's V between each feature and each protected attribute.

    ``V = sqrt(chi2 / (n * (min(r, c) - 1)))`` on the feature x group contingency table of all
    rows, without bias correction. ``details.pairs``: ``feature, attribute, cramers_v``.
    ``value`` = the largest V; warns if any V reaches ``proxy_v``.
    """
    check = "bias.proxy_features"
    counts = get_counts(campaign)
    if not counts.attributes:
        return registry.not_evaluated(check, "Not evaluated: the dataset has none of the "
                                             "protected attributes.")
    protected = {a.column for a in counts.attributes}
    features, source, skipped = _features(campaign, protected)
    pairs, prepared = [], []
    sizes = [len(c) for c in counts.categories]
    joint = (counts.row_codes(tuple(range(len(sizes))))
             if float(np.prod([float(x) for x in sizes])) <= MAX_CELLS else None)
    for name, column in features:
        series = campaign.df[column]
        numeric = (pd.api.types.is_numeric_dtype(series.dtype)
                   and not pd.api.types.is_bool_dtype(series.dtype))
        coded = feature_codes(series, labelled=None if numeric or
                              pd.api.types.is_datetime64_any_dtype(series.dtype)
                              else G.column_labels(campaign, column))
        if isinstance(coded, str):
            skipped.append({"feature": name, "reason": coded})
            continue
        fcodes, k, how = coded
        prepared.append({"feature": name, "prepared": how})
        for attr, table in zip(counts.attributes, _tables(fcodes, k, counts, joint)):
            if table is None:
                skipped.append({"feature": name, "reason": f"too many categories against "
                                                           f"{attr.name}"})
                continue
            v = cramers_v(table)
            pairs.append({"feature": name, "attribute": attr.name, "cramers_v": v,
                          "categories": int((table.sum(axis=1) > 0).sum())})
    threshold = {"proxy_v": proxy_v}
    details = {"pairs": pairs, "features_from": source, "prepared": prepared,
               "skipped": skipped, "notes": list(counts.notes)}
    scored = [p for p in pairs if p["cramers_v"] is not None]
    if not scored:
        reason = ("the config's model_features are all skipped or constant" if features
                  else f"there is no feature to test ({source}: none)")
        return registry.finding(check, status="not_evaluated", threshold=threshold,
                                details=details, message=f"Not evaluated: {reason}.")
    value = max(p["cramers_v"] for p in scored)
    flagged = [p for p in scored if p["cramers_v"] >= proxy_v - EPS]
    if flagged:
        worst = max(flagged, key=lambda p: p["cramers_v"])
        names = sorted({p["feature"] for p in flagged})
        message = (f"{plural(len(names), 'feature')} can stand in for a protected attribute "
                   f"(Cramér's V at least {proxy_v:g}): {', '.join(names[:5])}"
                   f"{' ...' if len(names) > 5 else ''}. The strongest is {worst['feature']} "
                   f"with {worst['attribute']} (V = {num(worst['cramers_v'])}).")
        status = "warn"
    else:
        message = (f"No feature is associated with a protected attribute at Cramér's V "
                   f"{proxy_v:g} or more (largest {num(value)}, {len(prepared)} features "
                   f"tested).")
        status = "pass"
    return registry.finding(check, status=status, message=message, value=value,
                            threshold=threshold, affected_rows=None, details=details)
