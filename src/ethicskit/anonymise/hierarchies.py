"""Generalisation hierarchies: for each quasi-identifier, a list of ever coarser levels.

Level 0 is the value as it is; each further level maps every value to a coarser label, and the
top level ``*`` maps every value (a missing one too) to ``*``. A hierarchy is worked out once
per *distinct* value of the column, never per row: ``groups[level][value]`` is the group of a
distinct value at that level and :meth:`Hierarchy.codes` takes it to the rows.

A level is declared in the config (``anonymise: {hierarchies: {COLUMN: [level, ...]}}``) as:

- ``"*"``: every value becomes ``*`` (always added as the top level when not declared);
- ``"other"``: labels of the previous level held by fewer than ``k_min`` rows become ``other``;
- a mapping ``{value: group}``: labels of the previous level are renamed (others kept);
- an integer ``n``: for text, keep the first ``n`` characters of the previous level's label
  (``FR-02`` -> ``FR-0*`` for ``n = 4``); for numbers, intervals ``n`` wide (``20-29``); for
  dates, age bands ``n`` years wide (age at the campaign's ``as_of``);
- a list of increasing numbers: bands ``[a, b)`` of the value (numbers) or of the age at
  ``as_of`` (dates), labelled like ``age_band`` (``18-24``, ``65+``);
- ``"year"`` or ``"month"`` (dates): the year (``1974``) or month (``1974-10``).

Defaults (:func:`default_levels`): ``birth_date`` -> year -> the config's ``age_bands`` ->
those bands two by two -> ``*``; ``age`` -> 5-year bands -> ``age_bands`` -> two by two ->
``*``; ``age_band`` -> two bands by two -> ``*``; ``postcode`` -> ever shorter prefixes -> ``*``;
other dates -> month -> year -> ``*``; other numbers -> 8, 4, 2 quantile intervals -> ``*``;
any other column (categories) -> ``other`` -> ``*``. A level that does not merge any two groups
of the level below is dropped.

Each level also carries the information loss of every value (:attr:`Hierarchy.penalty`), the
normalised certainty penalty of a categorical attribute (Xu et al. 2006):

.. math:: \\mathrm{NCP}(v) = \\frac{m(v) - 1}{D - 1}

where :math:`m(v)` is the number of distinct original (non-null) values in the group of
:math:`v` and :math:`D` the number of distinct original values of the column (0 when
:math:`D \\le 1`; a missing value on its own costs 0).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ethicskit.errors import ConfigError

TOP = "*"
OTHER = "other"
AS_IS = "as is"
DATE_LEVELS = ("year", "month")
#: The columns of one person's age, finest first: only one of them is generalised.
AGE_FAMILY = ("birth_date", "age", "age_band")

DATE, NUMBER, TEXT = "date", "number", "text"


@dataclass
class Hierarchy:
    """The levels of one quasi-identifier over its distinct values.

    Attributes
    ----------
    column
        The campaign frame's column.
    names
        A short name per level (``names[0] == "as is"``, the last ``"*"``).
    labels
        Per level, the label of every distinct value (object array; the last slot is the
        missing value, ``None`` below the top level).
    groups
        Per level, the integer group of every distinct value (slots as in ``labels``).
    penalty
        Per level, :math:`\\mathrm{NCP}` of every distinct value (slots as in ``labels``).
    slots
        Per row, the slot of its distinct value.
    """

    column: str
    kind: str
    names: list[str] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)
    groups: list[np.ndarray] = field(default_factory=list)
    penalty: list[np.ndarray] = field(default_factory=list)
    slots: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def height(self) -> int:
        """The index of the top level."""
        return len(self.names) - 1

    def codes(self, level: int) -> np.ndarray:
        """The group of every row at ``level`` (int64)."""
        return self.groups[level][self.slots]

    def row_penalty(self, level: int) -> np.ndarray:
        """:math:`\\mathrm{NCP}` of every row at ``level``."""
        return self.penalty[level][self.slots]

    def values(self, level: int, index=None) -> pd.Series:
        """The label of every row at ``level`` (pandas ``str``; missing stays missing)."""
        taken = self.labels[level][self.slots]
        return pd.Series(pd.array(taken, dtype="str"), index=index)


def column_kind(s: pd.Series) -> str:
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return DATE
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return NUMBER
    return TEXT


def merged_bands(bands) -> list[float]:
    """Band edges two by two: ``[0, 18, 25, 35, ...]`` -> ``[0, 25, 45, 65, 200]``."""
    edges = list(bands)[::2]
    if edges[-1] != bands[-1]:
        edges.append(bands[-1])
    return edges


def band_labels(bands) -> list[str]:
    """``[0, 18, 25, ..., 65, 200]`` -> ``["0-17", "18-24", ..., "65+"]`` (as ``age_band``)."""
    labels = [f"{_num(a)}-{_num(b - 1)}" for a, b in zip(bands[:-2], bands[1:-1])]
    return labels + [f"{_num(bands[-2])}+"]


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def default_levels(column: str, kind: str, *, age_bands, labels0: np.ndarray) -> list:
    """The default level specs of a column (see the module docstring)."""
    bands = list(age_bands)
    if column == "birth_date" and kind == DATE:
        return ["year", bands, merged_bands(bands), TOP]
    if column == "age" and kind == NUMBER:
        return [5, bands, merged_bands(bands), TOP]
    if column == "age_band":
        wide = band_labels(merged_bands(bands))
        edges = merged_bands(bands)
        mapping = {}
        for label, lo in zip(band_labels(bands), bands[:-1]):
            i = int(np.searchsorted(np.asarray(edges[:-1], dtype=float), lo, side="right")) - 1
            mapping[label] = wide[i]
        return [mapping, TOP]
    if column == "postcode" and kind == TEXT:
        longest = max((len(v) for v in labels0 if v is not None), default=0)
        return [*range(longest - 1, 0, -1), TOP]
    if kind == DATE:
        return ["month", "year", TOP]
    if kind == NUMBER:
        return ["q8", "q4", "q2", TOP]
    return [OTHER, TOP]


def level_name(spec, kind: str = TEXT) -> str:
    """A short name of a level spec, for reports."""
    if isinstance(spec, int) and not isinstance(spec, bool) and kind == TEXT:
        return f"first {spec} characters"
    if isinstance(spec, int) and not isinstance(spec, bool) and kind == DATE:
        return f"ages {spec} years wide"
    if isinstance(spec, dict):
        groups = list(dict.fromkeys(map(str, spec.values())))
        return ("grouped: " + ", ".join(groups) if len(groups) <= 6
                else f"grouped ({len(groups)} groups)")
    if isinstance(spec, list):
        return ("age bands " if kind == DATE else "bands ") + ", ".join(band_labels(spec))
    if isinstance(spec, bool):
        return str(spec)
    if isinstance(spec, int):
        return f"{spec} wide" if spec > 0 else str(spec)
    if isinstance(spec, str) and spec.startswith("q") and spec[1:].isdigit():
        return f"{spec[1:]} quantile intervals"
    return str(spec)


def _distinct(s: pd.Series, kind: str):
    """``(slots, uniques)``: each row's distinct value (null: the last slot ``len(uniques)``)."""
    if kind == DATE:
        s = s.dt.normalize()
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    uniques = pd.Series(uniques)
    codes = np.asarray(codes, dtype=np.int64)
    slots = np.where(codes < 0, len(uniques), codes)
    return slots, uniques


def _text_labels(uniques: pd.Series, kind: str) -> np.ndarray:
    if kind == DATE:
        out = uniques.dt.strftime("%Y-%m-%d").astype(object).tolist()
    elif kind == NUMBER:
        out = [_num(v) if float(v).is_integer() else repr(float(v))
               for v in uniques.astype("float64")]
    else:
        out = [str(v) for v in uniques.astype(object)]
    return np.array(out + [None], dtype=object)


def _intervals(values: np.ndarray, edges) -> np.ndarray:
    """Label of each number in bands ``[edges[i], edges[i + 1])``; outside: ``other``."""
    edges = np.asarray(edges, dtype="float64")
    labels = np.array(band_labels(list(edges)) + [OTHER], dtype=object)
    band = np.searchsorted(edges, values, side="right") - 1
    band[(band < 0) | (band >= len(edges) - 1) | np.isnan(values)] = len(labels) - 1
    return labels[band]


def _ages(uniques: pd.Series, as_of: dt.date) -> np.ndarray:
    years = as_of.year - uniques.dt.year
    before = (uniques.dt.month > as_of.month) | (
        (uniques.dt.month == as_of.month) & (uniques.dt.day > as_of.day))
    return (years - before.astype(int)).to_numpy(dtype="float64", na_value=np.nan)


def quantiles(values: np.ndarray, counts: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``np.quantile(np.repeat(values, counts), q)`` (numpy's default ``linear`` method), bit
    for bit, without the repeated array (its memory is the rows').

    The linear quantile at ``p`` of ``n`` sorted values ``x`` reads only its virtual index
    ``h = (n - 1) p``: ``x[n - 1]`` when ``h >= n - 1``, else ``lerp(x[j], x[j + 1], g)``
    with ``j = floor(h)``, ``g = h - j``. ``x[j]`` is the value whose cumulative count first
    exceeds ``j``; the interpolation is numpy's own, asked of the two values ``[x[j],
    x[j + 1]]`` at ``g`` (their virtual index ``(2 - 1) g = g``, floor 0, fraction ``g``), so
    the float operations are those of the rows.
    """
    order = np.argsort(values, kind="stable")
    v = values[order]
    cum = np.cumsum(np.asarray(counts, dtype=np.int64)[order])
    n = int(cum[-1])
    virtual = (n - 1) * np.asarray(q, dtype=np.float64)
    out = np.empty(len(virtual), dtype=np.float64)
    for i, h in enumerate(virtual):
        if h >= n - 1:
            out[i] = v[np.searchsorted(cum, n - 1, side="right")]
            continue
        j = int(np.floor(h))
        a = v[np.searchsorted(cum, j, side="right")]
        b = v[np.searchsorted(cum, j + 1, side="right")]
        out[i] = np.quantile(np.array([a, b]), np.array([h - np.floor(h)]))[0]
    return out


def _apply(spec, prev: np.ndarray, uniques: pd.Series, kind: str, *, weights: np.ndarray,
           k_min: int, as_of: dt.date, where: str, numbers: np.ndarray | None,
           repeat: bool = True) -> np.ndarray:
    """The labels of one level (``prev``: the level below; the last slot is the null).
    ``repeat``: quantiles of the values repeated per row (the rows path), else
    :func:`quantiles` of the counts (the same edges)."""
    out = prev.copy()
    body = slice(0, len(prev) - 1)
    if isinstance(spec, str) and spec == TOP:
        return np.full(len(prev), TOP, dtype=object)
    if isinstance(spec, str) and spec == OTHER:
        present = prev[body]
        counts = pd.Series(weights[body]).groupby(pd.Series(present, dtype=object)).sum()
        rare = set(counts.index[counts < k_min])
        out[body] = np.array([OTHER if v in rare else v for v in present], dtype=object)
        return out
    if isinstance(spec, dict):
        table = {str(k): str(v) for k, v in spec.items()}
        out[body] = np.array([table.get(v, v) for v in prev[body]], dtype=object)
        return out
    if isinstance(spec, str) and spec in DATE_LEVELS:
        if kind != DATE:
            raise ConfigError(f"{where}: {spec!r} needs a date column")
        fmt = "%Y" if spec == "year" else "%Y-%m"
        out[body] = uniques.dt.strftime(fmt).astype(object).to_numpy()
        return out
    if isinstance(spec, str) and spec.startswith("q") and spec[1:].isdigit() and kind == NUMBER:
        known = ~np.isnan(numbers)
        if known.any():
            q = np.linspace(0, 1, int(spec[1:]) + 1)
            if repeat:
                rows = np.repeat(numbers[known], weights[body][known])
                edges = np.unique(np.quantile(rows, q))
            else:
                edges = np.unique(quantiles(numbers[known], weights[body][known], q))
            edges = np.append(edges[:-1], np.nextafter(edges[-1], np.inf))
            out[body] = _interval_text(numbers, edges)
        return out
    if isinstance(spec, int) and not isinstance(spec, bool):
        if spec <= 0:
            raise ConfigError(f"{where}: expected a positive integer, got {spec}")
        if kind == TEXT:
            out[body] = np.array([v if v is None or len(v) <= spec else v[:spec] + TOP
                                  for v in (x.rstrip(TOP) if x is not None else None
                                            for x in prev[body])], dtype=object)
            return out
        values = numbers if kind == NUMBER else _ages(uniques, as_of)
        lo = np.floor(values / spec) * spec
        out[body] = np.array([None if np.isnan(a) else f"{_num(a)}-{_num(a + spec - 1)}"
                              for a in lo], dtype=object)
        return out
    if isinstance(spec, list):
        if kind == TEXT:
            raise ConfigError(f"{where}: bands need a number or date column")
        values = numbers if kind == NUMBER else _ages(uniques, as_of)
        out[body] = _intervals(values, spec)
        out[body][np.isnan(values)] = None
        return out
    raise ConfigError(f"{where}: unknown level {spec!r} (expected '*', 'other', 'year', "
                      f"'month', a prefix length, a list of bands or a mapping)")


def _interval_text(values: np.ndarray, edges) -> np.ndarray:
    """``[a, b)`` labels of numbers (quantile intervals of any number column)."""
    edges = np.asarray(edges, dtype="float64")
    band = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
    labels = np.array([f"[{a:g}, {b:g})" for a, b in zip(edges[:-1], edges[1:])], dtype=object)
    out = labels[band]
    out[np.isnan(values)] = None
    return out


def _groups(labels: np.ndarray) -> np.ndarray:
    """Integer groups of labels (``None`` is a group of its own)."""
    keyed = np.array(["\0null" if v is None else v for v in labels], dtype=object)
    return pd.factorize(keyed)[0].astype(np.int64)


def _same_partition(before: np.ndarray, after: np.ndarray, present: np.ndarray) -> bool:
    """The two levels group the present values alike (``after`` coarsens nothing)."""
    b, a = before[present], after[present]
    n_pairs = len(np.unique(b * (int(after.max(initial=0)) + 1) + a))
    return len(np.unique(b)) == n_pairs == len(np.unique(a))


def _penalty(groups: np.ndarray, present: np.ndarray) -> np.ndarray:
    """NCP per slot: (distinct non-null originals in the group - 1) / (D - 1)."""
    n_values = int(present[:-1].sum())
    if n_values <= 1:
        return np.zeros(len(groups))
    nonnull = np.zeros(len(groups), dtype=np.int64)
    nonnull[:-1] = present[:-1]
    per_group = np.bincount(groups, weights=nonnull, minlength=int(groups.max()) + 1)
    m = per_group[groups]
    return np.clip((m - 1) / (n_values - 1), 0.0, 1.0)


def build(campaign, column: str, levels: list | None = None, *, k_min: int,
          where: str = "", weights: np.ndarray | None = None) -> Hierarchy:
    """The hierarchy of one frame column: ``levels`` (declared specs), else the defaults.

    ``"*"`` is appended when the last level is not ``*``; levels that merge nothing are dropped.

    ``weights`` (one per frame row, integers): the rows each frame row stands for, when the
    frame holds an engine's cells (:func:`ethicskit.anonymise.extract.tradeoff_from_cells`).
    A hierarchy reads of the rows only the distinct values and the rows holding each (the
    ``other`` level, the quantile intervals): with the weights summed per distinct value the
    counts are the rows', and since the cells come in the order of their first row, the
    distinct values come in the order of their first row too: the hierarchy is the one of the
    rows, slot for slot (the quantile intervals by :func:`quantiles`, without repeating the
    values per row).
    """
    s = campaign.df[column]
    kind = column_kind(s)
    slots, uniques = _distinct(s, kind)
    repeat = weights is None
    if weights is None:
        weights = np.bincount(slots, minlength=len(uniques) + 1)
    else:
        weights = _summed(slots, weights, len(uniques) + 1)
    present = weights > 0
    labels0 = _text_labels(uniques, kind)
    specs = list(levels) if levels is not None else default_levels(
        column, kind, age_bands=campaign.config.age_bands, labels0=labels0)
    if not specs or specs[-1] != TOP:
        specs.append(TOP)
    numbers = (uniques.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
               if kind == NUMBER else None)
    h = Hierarchy(column=column, kind=kind, slots=slots)
    h.names.append(AS_IS)
    h.labels.append(labels0)
    h.groups.append(_groups(labels0))
    h.penalty.append(np.zeros(len(labels0)))
    for i, spec in enumerate(specs):
        here = f"{where}[{i}]" if where else f"{column}[{i}]"
        labels = _apply(spec, h.labels[-1], uniques, kind, weights=weights, k_min=k_min,
                        as_of=campaign.as_of, where=here, numbers=numbers, repeat=repeat)
        groups = _groups(labels)
        if _same_partition(h.groups[-1], groups, present):
            continue  # merges nothing: the same classes as the level below
        h.names.append(level_name(spec, kind))
        h.labels.append(labels)
        h.groups.append(groups)
        h.penalty.append(_penalty(groups, present))
    return h


def _summed(slots: np.ndarray, weights, size: int) -> np.ndarray:
    """The integer weights summed per slot (int64, exact: no float sum)."""
    out = np.zeros(size, dtype=np.int64)
    np.add.at(out, slots, np.asarray(weights, dtype=np.int64))
    return out


def _closest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def age_dimension(qis: list[str]) -> str | None:
    """The one column of :data:`AGE_FAMILY` generalised when several are quasi-identifiers:
    the finest (``birth_date``, then ``age``, then ``age_band``)."""
    for column in AGE_FAMILY:
        if column in qis:
            return column
    return None


def hierarchies(campaign, qis: list[str], *, k_min: int, declared: dict | None = None,
                weights: np.ndarray | None = None) -> list[Hierarchy]:
    """One hierarchy per quasi-identifier (frame columns), declared ones from the config's
    ``anonymise.hierarchies`` (names logical or the dataset's own); ``weights``: the rows
    each frame row stands for (:func:`build`)."""
    declared = dict(declared or {})
    where = f"{campaign.config.path}: " if campaign.config.path else ""
    by_column: dict[str, tuple[str, list]] = {}
    for name, levels in declared.items():
        column = campaign.resolve(str(name))
        if column is None or column not in qis:
            shown = [campaign.display_name(q) for q in qis]
            raise ConfigError(f"{where}anonymise.hierarchies.{name}: not a quasi-identifier of "
                              f"this campaign{_closest(str(name), shown)} (quasi-identifiers: "
                              f"{', '.join(shown) or 'none'})")
        by_column[column] = (str(name), levels)
    out = []
    for column in qis:
        name, levels = by_column.get(column, (column, None))
        out.append(build(campaign, column, levels, k_min=k_min,
                         where=f"{where}anonymise.hierarchies.{name}", weights=weights))
    return out
