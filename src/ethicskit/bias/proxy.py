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
identifiers, not features; a feature with a single category (one value, or empty, in every row)
tells nothing, and a numeric feature whose quantile edges collapse into one bin cannot be
binned: all are skipped and named in ``details.skipped`` with the reason. Beside the plain V
(which decides the status) each pair carries Bergsma's bias-corrected V, which does not grow
with the number of categories.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dataclasses import dataclass, field

from ethicskit.bias import groups as G
from ethicskit.bias.stats import EPS, cramers_v, cramers_v_corrected
from ethicskit.check import Measure
from ethicskit.counts import cell_key, decode, group_sums
from ethicskit.masking import safe_label

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


def _quantile_bin_codes(codes: np.ndarray, uniques: np.ndarray,
                        weights: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """``pd.qcut(values, BINS, duplicates="drop").cat.codes`` from the factorized values
    (``codes``, -1 for null, into ``uniques``); with ``weights``, of the values each repeated
    ``weight`` times (the quantiles of the people, not of the rows).

    The same edges (``Series.quantile`` of the non-null values, duplicates dropped) and the
    same rule (right-closed bins, the lowest edge included), applied to each distinct value
    once and taken back to the rows by code: the cut of a million rows costs a cut of their
    distinct values. Returns the codes (-1 for null) and the number of bins.
    """
    edges = quantile_edges(codes, uniques, weights)
    ids = np.searchsorted(edges, uniques, side="left")
    ids[uniques == edges[0]] = 1
    outside = np.isnan(uniques) | (ids == len(edges)) | (ids == 0)
    bin_of_unique = np.where(outside, -1, ids - 1)
    return np.append(bin_of_unique, -1)[codes], len(edges) - 1


def quantile_edges(codes: np.ndarray, uniques: np.ndarray,
                   weights: np.ndarray | None = None) -> np.ndarray:
    """The bin edges of :func:`_quantile_bin_codes`: the :data:`BINS`-quantiles of the values
    (``codes`` into ``uniques``, each row ``weight`` times), duplicates dropped. A value ``v``
    is in bin ``i`` when ``edges[i] < v <= edges[i + 1]`` (the lowest edge in bin 0)."""
    order = np.argsort(uniques, kind="stable")
    if weights is None:
        copies = np.bincount(codes + 1, minlength=len(uniques) + 1)[1:]
    else:
        copies = np.rint(np.bincount(codes + 1, weights=np.asarray(weights, dtype="float64"),
                                     minlength=len(uniques) + 1)[1:]).astype(np.int64)
    return pd.unique(linear_quantiles(uniques[order], copies[order], _quantile_levels(BINS)))


#: a float column whose values are all whole multiples of 1 / scale (whole numbers, cents) is
#: counted as the integers ``value * scale``
SCALES = (1, 100)


def _counted_codes(x: np.ndarray, null: np.ndarray, scale: int = 1
                   ) -> tuple[np.ndarray, np.ndarray] | None:
    """``(codes, uniques)`` of the whole numbers ``x`` (``null``: rows without a value, code -1)
    counted straight into an array (``bincount``), without hashing; uniques are ``value /
    scale`` as floats. ``None`` when the range is wider than four times the rows."""
    known = x[~null] if null.any() else x
    if not len(known):
        return None
    lo, hi = int(known.min()), int(known.max())
    if hi - lo > 4 * len(x):
        return None
    span = hi - lo + 1
    offset = np.where(null, span, x - lo)  # nulls in a last bin of their own
    present = np.bincount(offset, minlength=span + 1)[:span]
    distinct = np.flatnonzero(present)
    rank = np.full(span + 1, -1, dtype=np.int64)
    rank[distinct] = np.arange(len(distinct))
    uniques = (distinct + lo).astype("float64")
    return rank[offset], (uniques if scale == 1 else uniques / scale)


def _number_codes(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of a numeric column: code -1 for null, the distinct values as
    floats (in no particular order). Whole numbers in a range no wider than four times the rows
    are counted straight into an array (:func:`_counted_codes`), and so are floats that are all
    whole multiples of ``1 / scale`` for a scale of :data:`SCALES` (``round(x * scale) / scale
    == x`` for every value: then ``value / scale`` gives back the very same floats); others are
    factorized."""
    if pd.api.types.is_integer_dtype(s.dtype) and len(s):
        null = s.isna().to_numpy()
        coded = _counted_codes(s.to_numpy(dtype="int64", na_value=0), null)
        if coded is not None:
            return coded
    elif pd.api.types.is_float_dtype(s.dtype) and len(s):
        x = s.to_numpy(dtype="float64", na_value=np.nan)
        null = np.isnan(x)
        known = x[~null] if null.any() else x
        if len(known) and np.isfinite(known).all():
            for scale in SCALES:
                whole = np.round(x * scale) if scale != 1 else np.round(x)
                exact = whole / scale if scale != 1 else whole
                if not (exact[~null] == known).all():
                    continue
                if np.abs(whole[~null]).max() >= 2.0 ** 53:
                    break
                coded = _counted_codes(np.where(null, 0, whole).astype(np.int64), null, scale)
                if coded is not None:
                    return coded
                break
    codes, uniques = pd.factorize(s.astype("float64"), use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype="float64")


def feature_codes(series: pd.Series, *, labelled: tuple[np.ndarray, list[str]] | None = None,
                  weights: np.ndarray | None = None,
                  noun: str | None = None) -> tuple[np.ndarray, int, str] | str:
    """Integer category codes of a feature (missing = its own code), their number and how the
    feature was prepared; or a string saying why it is skipped. ``labelled``: the series'
    :func:`~ethicskit.bias.groups.label_codes`, when already known. ``weights`` (people per row,
    none of them 0): quantiles and the count of non-empty values are those of the people;
    ``noun``: what they count in a reason (default ``rows`` without weights, else ``people``)."""
    s = series
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        naive = s.dt.tz_convert(None) if s.dt.tz is not None else s
        s = (naive - pd.Timestamp(0)).dt.total_seconds()  # a number per time; NaT -> NaN
    numeric = pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)
    if numeric:
        value_codes, uniques = _number_codes(s)
        if len(uniques) > MAX_VALUES:  # s.nunique(dropna=True)
            codes, k = _quantile_bin_codes(value_codes, uniques, weights)
            if k < 2:
                return (f"cannot be binned: {len(uniques):,} distinct values, but its "
                        f"quantiles collapse into {k} bin")
            codes = np.where(codes < 0, k, codes)
            return codes, k + int((codes == k).any()), f"{k} quantile bins"
    label_of_row, names = labelled if labelled is not None else G.label_codes(s)
    missing = names.index(G.MISSING) if G.MISSING in names else -1
    if weights is None:
        present = len(label_of_row) - (int((label_of_row == missing).sum()) if missing >= 0
                                       else 0)
    else:
        present = int(np.asarray(weights)[label_of_row != missing].sum())
    distinct = len(names) - (missing >= 0)
    if len(names) < 2:
        return ("has no value (every row is empty)" if distinct == 0 else
                "has one value in every row")
    if not numeric and distinct > max(20, 0.5 * present):
        noun = noun or ("rows" if weights is None else "people")
        return f"{distinct:,} distinct values in {present:,} {noun}: looks like an identifier"
    # pd.factorize(labels, sort=True): codes in the sorted order of the labels
    rank = {name: i for i, name in enumerate(sorted(names))}
    codes = np.array([rank[name] for name in names] + [-1], dtype=np.int64)[label_of_row]
    return codes, len(names), f"{len(names)} values"


def contingency(fcodes: np.ndarray, k: int, codes: list[np.ndarray], sizes: list[int],
                weights: np.ndarray | None = None, *, groups: np.ndarray | None = None
                ) -> list[np.ndarray | None]:
    """The feature x group table (``k`` x groups) of every attribute: rows, or with ``weights``
    people (the sums of the rows' weights).

    With at most :data:`MAX_CELLS` possible cells, the rows are counted once by the feature and
    every attribute together and that table summed to each attribute; else one count per
    attribute (``None`` for an attribute whose own table would be too large). ``groups``: the
    attributes' joint code of every row, ``cell_key(codes, sizes)``, when already made (the
    same for every feature: :func:`proxies` makes it once)."""
    if not codes:
        return []
    combined = float(np.prod([float(s) for s in sizes]))
    if k * combined <= MAX_CELLS:
        if groups is None:
            groups = cell_key(codes, sizes)
        joint = group_sums({"f": fcodes, "g": groups}, {"f": k, "g": int(combined)},
                           weights=weights)
        parts = decode(joint["g"].to_numpy(), sizes)  # the key of f, a0, a1...: f first
        return [group_sums({"f": joint["f"].to_numpy(), "a": part},
                           {"f": k, "a": kc}, values={"m": joint["n"].to_numpy()},
                           dense=True)["m"].to_numpy().reshape(k, kc)
                for part, kc in zip(parts, sizes)]
    return [group_sums({"f": fcodes, "a": c}, {"f": k, "a": kc}, weights=weights,
                       dense=True)["n"].to_numpy()
            .reshape(k, kc) if k * kc <= MAX_CELLS else None for c, kc in zip(codes, sizes)]


@dataclass(frozen=True)
class Proxies:
    """What ``bias.proxy_features`` reads: where the features come from, how each was
    prepared, those skipped, and per (feature, attribute index) its contingency table."""

    source: str = ""
    features: list[tuple[str, str]] = field(default_factory=list)
    prepared: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    tables: list[tuple[str, int, np.ndarray | None]] = field(default_factory=list)


def proxies(campaign, attributes: list, codes: list[np.ndarray], categories: list[list[str]],
            weights: np.ndarray | None = None) -> Proxies:
    """The features of ``campaign`` coded once and counted against every protected attribute
    (``codes``: the attributes' natural group codes; ``weights``: the people of each row)."""
    if not attributes:
        return Proxies()
    protected = {a.column for a in attributes}
    features, source, skipped = _features(campaign, protected)
    prepared, tables = [], []
    sizes = [len(c) for c in categories]
    combined = float(np.prod([float(s) for s in sizes]))
    groups = cell_key(codes, sizes) if combined <= MAX_CELLS else None  # once for all features
    for feature, column in features:
        name = safe_label(feature)  # a column name, as shown: masked when identifier-like
        _tabulate(name, feature_codes(campaign.df[column], weights=weights), codes, sizes,
                  weights, groups, prepared, skipped, tables)
    return Proxies(source, features, prepared, skipped, tables)


def _tabulate(name: str, coded, codes: list[np.ndarray], sizes: list[int],
              weights: np.ndarray | None, groups: np.ndarray | None, prepared: list,
              skipped: list, tables: list) -> None:
    """One feature's outcome: skipped with its reason (``coded`` a string), else how it was
    prepared and its contingency table against each attribute."""
    if isinstance(coded, str):
        skipped.append({"feature": name, "reason": coded})
        return
    fcodes, k, how = coded
    prepared.append({"feature": name, "prepared": how})
    for i, t in enumerate(contingency(fcodes, k, codes, sizes, weights, groups=groups)):
        tables.append((name, i, t))


def proxies_from_cells(cells, attributes: list, categories: list[list[str]], *,
                       rows: bool) -> Proxies:
    """:func:`proxies` of a compressed campaign (:mod:`ethicskit.compressed`): each feature is
    counted against the attributes on the cells of the feature and the attributes' columns
    alone, asked of the engine (``cells.of``), each cell weighing the people it stands for.
    ``rows``: the counts are rows (the dataset has no weight of its own). The same tables as
    :func:`proxies` on the rows: the cells hold the same values, each as many times."""
    if not attributes:
        return Proxies()
    protected = {a.column for a in attributes}
    features, source, skipped = _features(cells.schema, protected)
    sizes = [len(c) for c in categories]
    combined = float(np.prod([float(s) for s in sizes]))
    by = cells.sources_of([a.column for a in attributes])
    prepared, tables = [], []
    for feature, column in features:
        name = safe_label(feature)
        binned = _binned_cells(cells, column, by)
        if isinstance(binned, str):
            skipped.append({"feature": name, "reason": binned})
            continue
        frame = binned if binned is not None else cells.of(cells.sources_of([column]) + by)
        bins_k = int(frame.attrs["bins"]) if binned is not None else 0
        weights = frame["weight"].to_numpy(dtype=np.int64)
        if (weights == 0).any():  # nobody: as if absent, as the rows' reduction leaves them
            frame, weights = frame.loc[weights > 0], weights[weights > 0]
        codes = [G.codes_in(frame[attr.column], expected, attribute=attr.name)
                 for attr, expected in zip(attributes, categories)]
        if binned is not None:  # the engine's quantile bins (null: no value, a code of its own)
            k = bins_k
            bins = pd.to_numeric(frame[BIN], errors="coerce").to_numpy(dtype="float64",
                                                                         na_value=np.nan)
            fcodes = np.where(np.isnan(bins), k, np.nan_to_num(bins, nan=0)).astype(np.int64)
            coded = fcodes, k + int((fcodes == k).any()), f"{k} quantile bins"
        else:
            coded = feature_codes(frame[column], weights=weights, noun="rows" if rows else None)
        groups = cell_key(codes, sizes) if combined <= MAX_CELLS else None
        _tabulate(name, coded, codes, sizes, weights, groups, prepared, skipped, tables)
    return Proxies(source, features, prepared, skipped, tables)


#: The column the engine puts a binned feature's quantile bin in.
BIN = "__ek_bin"


def _binned_cells(cells, column: str, by: list[str]):
    """The cells of a numeric feature with more than :data:`MAX_VALUES` values, binned by the
    engine: its distinct values (with their people) are asked first, the quantile edges worked
    out from them as :func:`feature_codes` does, and the cells of the bins and the attributes'
    columns asked next (``attrs["bins"]``: the number of bins); a reason when the quantiles
    collapse; None for any other feature (its cells are asked whole)."""
    source = cells.sources_of([column])
    if len(source) != 1 or (cells.kinds or {}).get(source[0]) != "NUMBER":
        return None  # text (typed as numbers by the contract) or derived: asked whole
    values = cells.of(source)
    s = values[column]
    if not (pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)):
        return None
    weights = values["weight"].to_numpy(dtype=np.int64)
    keep = weights > 0
    value_codes, uniques = _number_codes(s[keep])
    if len(uniques) <= MAX_VALUES:
        return None
    edges = quantile_edges(value_codes, uniques, weights[keep])
    k = len(edges) - 1
    if k < 2:
        return (f"cannot be binned: {len(uniques):,} distinct values, but its quantiles "
                f"collapse into {k} bin")
    frame = cells.binned(source[0], edges, by, name=BIN)
    frame.attrs["bins"] = k
    return frame


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
            skipped.append({"feature": safe_label(name), "reason": "not in the dataset"})
        elif column in protected:
            skipped.append({"feature": safe_label(name), "reason": "is a protected attribute"})
        elif column == "customer_id":
            skipped.append({"feature": safe_label(name), "reason": "is the customer key"})
        elif column not in seen:
            seen.add(column)
            out.append((str(name), column))
    return out, source, skipped


def proxy_features(counts, *, proxy_v: float) -> Measure:
    """``bias.proxy_features``: Cramér's V between each feature and each protected attribute.

    ``V = sqrt(chi2 / (n * (min(r, c) - 1)))`` on the feature x group contingency table of all
    rows, without bias correction. ``details.pairs``: ``feature, attribute, cramers_v`` and
    ``cramers_v_corrected`` (Bergsma 2013, :func:`~ethicskit.bias.stats.cramers_v_corrected`),
    shown beside it; ``details.skipped``: the features not tested and why (not in the data, a
    protected attribute, the key, identifier-like, one value, cannot be binned). ``value`` =
    the largest plain V; fact ``flagged`` = the pairs whose plain V reaches ``proxy_v`` (rule:
    warn when ``flagged > 0``).
    """
    if not counts.attributes:
        return Measure.not_evaluated("no_attributes")
    px: Proxies = counts.proxy
    pairs, skipped = [], list(px.skipped)
    for name, i, table in px.tables:
        attr = counts.attributes[i]
        if table is None:
            skipped.append({"feature": name, "reason": f"too many categories against "
                                                       f"{attr.name}"})
            continue
        pairs.append({"feature": name, "attribute": attr.name, "cramers_v": cramers_v(table),
                      "cramers_v_corrected": cramers_v_corrected(table),
                      "categories": int((table.sum(axis=1) > 0).sum())})
    threshold = {"proxy_v": proxy_v}
    details = {"pairs": pairs, "features_from": px.source, "prepared": list(px.prepared),
               "skipped": skipped, "notes": list(counts.notes)}
    scored = [p for p in pairs if p["cramers_v"] is not None]
    if not scored:
        return Measure(skip="nothing_scored", threshold=threshold, details=details,
                       facts={"any_features": bool(px.features), "source": px.source})
    flagged = [p for p in scored if p["cramers_v"] >= proxy_v - EPS]
    worst = max(flagged, key=lambda p: p["cramers_v"]) if flagged else None
    return Measure(value=max(p["cramers_v"] for p in scored), threshold=threshold,
                   details=details,
                   facts={"flagged": len(flagged), "worst": worst,
                          "names": sorted({p["feature"] for p in flagged}),
                          "tested": len(px.prepared)})
