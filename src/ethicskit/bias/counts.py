"""The one reduction of a campaign to group counts, from which every bias metric is derived.

The rows are grouped once by every protected attribute's group code together with the
decision, the prediction, the outcome (true, false or unknown) and whether the row was targeted;
each cell holds its number of rows and, among targeted rows with an ``offer_value``, the count,
sum and sum of squares of the offer (shifted by the mean offer, so the sums keep their
precision). A metric for one attribute, or a pair of attributes, then sums these cells over the
other attributes: a few hundred numbers instead of a million rows. The counts are cached on the
campaign.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ethicskit.bias import groups as G

FLAGS = ("decision", "prediction", "outcome", "targeted")
SUMS = ("n", "offer_n", "offer_sum", "offer_sq")
#: values each flag takes (outcome: -1 unknown, 0, 1) and the shift that makes them 0, 1, ...
FLAG_SIZE = {"decision": 2, "prediction": 2, "outcome": 3, "targeted": 2}
FLAG_SHIFT = {"outcome": 1}


@dataclass
class Counts:
    """Group counts of one campaign.

    ``cells`` has a key column per attribute (``a0``, ``a1``... holding group codes), the flags
    ``decision``, ``prediction`` (0/1), ``outcome`` (1/0/-1 unknown) and ``targeted`` (0/1),
    and the sums ``n``, ``offer_n``, ``offer_sum``, ``offer_sq``.
    """

    attributes: list[G.Attribute]
    keys: list[str]
    categories: list[list[str]]
    codes: list[np.ndarray]
    cells: pd.DataFrame
    rows: int
    decision_column: str | None
    decision_nulls: int = 0
    prediction_source: str | None = None
    has_outcome: bool = False
    has_offer: bool = False
    offer_shift: float = 0.0
    notes: list[str] = field(default_factory=list)
    outcome_rows: np.ndarray | None = None  # 1/0/-1 per row, for affected rows

    def table(self, key_indices: tuple[int, ...], by: tuple[str, ...] = ()) -> pd.DataFrame:
        """Cells summed to one row per group of the attributes ``key_indices`` (and ``by``).

        The result has a column ``g``: the group code (for a pair, ``code1 * k2 + code2``).
        Each table is summed once and kept (the checks ask for the same ones again).
        """
        memo = self.__dict__.setdefault("_tables", {})
        key = (tuple(key_indices), tuple(by))
        if key not in memo:
            memo[key] = self._sum_cells([self.keys[i] for i in key_indices],
                                        [len(self.categories[i]) for i in key_indices], by)
        return memo[key].copy(deep=False)  # copy-on-write: a caller's change stays its own

    def _sum_cells(self, keys: list[str], sizes: list[int], by: tuple[str, ...]) -> pd.DataFrame:
        """``cells.groupby(keys + by, sort=True)[SUMS].sum()`` with the group code ``g``.

        The keys and flags are combined into one mixed-radix integer (so its order is the
        sorted order of the keys) and the cells summed with ``bincount``; the combinations
        without a cell are left out, as ``groupby`` leaves them out.
        """
        names = keys + list(by)
        shift = {name: FLAG_SHIFT.get(name, 0) for name in names}
        radix = sizes + [FLAG_SIZE[name] for name in by]
        if np.prod([float(r) for r in radix]) > DIRECT_CELLS or not len(self.cells):
            out = self.cells.groupby(names, sort=True)[list(SUMS)].sum().reset_index()
            out["g"] = group_code([out[k].to_numpy() for k in keys], sizes)
            return out
        combined = group_code([self.cells[name].to_numpy() + shift[name] for name in names],
                              radix)
        present = np.bincount(combined, minlength=int(np.prod(radix)))
        distinct = np.flatnonzero(present)
        frame = _decode(distinct, names, radix, {n: self.cells[n].dtype for n in names})
        for name in SUMS:
            sums = np.bincount(combined, weights=self.cells[name].to_numpy(dtype="float64"),
                               minlength=len(present))[distinct]
            frame[name] = sums.astype(self.cells[name].dtype)
        frame["g"] = group_code([frame[k].to_numpy() for k in keys], sizes)
        return frame

    def selection_metrics(self, key_indices: tuple[int, ...], reference: int | None
                          ) -> dict[int, dict]:
        """aif360's selection metrics of the groups of ``key_indices`` against ``reference``
        (:func:`ethicskit.bias.aif.selection` on the decision table), worked out once."""
        from ethicskit.bias import aif

        memo = self.__dict__.setdefault("_selection_metrics", {})
        key = (tuple(key_indices), reference)
        if key not in memo:
            t = self.table(key_indices, by=("decision",))
            memo[key] = aif.selection(t["g"], t["decision"], t["n"], reference=reference)
        return memo[key]

    def group_labels(self, key_indices: tuple[int, ...], codes) -> dict[int, str]:
        """Label of each group code: ``value`` for one attribute, ``a=x & b=y`` for a pair."""
        codes = np.asarray(codes, dtype=np.int64)
        if len(key_indices) == 1:
            cats = self.categories[key_indices[0]]
            return {int(c): cats[int(c)] for c in codes}
        (i, j) = key_indices
        a, b = self.attributes[i], self.attributes[j]
        k = len(self.categories[j])
        return {int(c): f"{a.name}={self.categories[i][int(c) // k]} & "
                        f"{b.name}={self.categories[j][int(c) % k]}" for c in codes}

    def rows_in(self, key_indices: tuple[int, ...], codes) -> np.ndarray:
        """Mask of the rows whose group (of :meth:`row_codes`) is one of ``codes``: a lookup
        table of the groups read at every row's code (``np.isin`` would sort the rows)."""
        size = int(np.prod([len(self.categories[i]) for i in key_indices]))
        wanted = np.zeros(size, dtype=bool)
        wanted[np.asarray(list(codes), dtype=np.int64)] = True
        if len(key_indices) == 1:
            return wanted[self.codes[key_indices[0]]]
        return wanted[self.row_codes(key_indices)]

    def row_codes(self, key_indices: tuple[int, ...]) -> np.ndarray:
        """The group code of every row for ``key_indices`` (same coding as :meth:`table`)."""
        return group_code([self.codes[i] for i in key_indices],
                          [len(self.categories[i]) for i in key_indices])


def _decode(keys: np.ndarray, names: list[str], radix: list[int], dtypes: dict) -> pd.DataFrame:
    """The columns ``names`` of mixed-radix ``keys`` (the inverse of :func:`group_code`, flags
    shifted back by :data:`FLAG_SHIFT`), each in its ``dtypes`` entry."""
    out: dict[str, np.ndarray] = {}
    rest = np.asarray(keys, dtype=np.int64)
    for name, size in reversed(list(zip(names, radix))):
        rest, part = np.divmod(rest, size)
        out[name] = (part - FLAG_SHIFT.get(name, 0)).astype(dtypes[name])
    return pd.DataFrame({name: out[name] for name in names})


def group_code(parts, sizes) -> np.ndarray:
    """Mixed-radix code of the parts: ``p0`` for one, ``p0 * s1 + p1`` for a pair."""
    code = np.asarray(parts[0], dtype=np.int64)
    for part, size in zip(parts[1:], sizes[1:]):
        code = code * size + np.asarray(part, dtype=np.int64)
    return code


#: up to this many possible cells, the cells are counted straight into an array by their key
DIRECT_CELLS = 1 << 24


def _cells(data: dict[str, np.ndarray], keys: list[str], sizes: list[int]) -> pd.DataFrame:
    """``DataFrame(data).groupby(keys + FLAGS, sort=True)[SUMS].sum().reset_index()``.

    The key columns are combined into one integer (mixed radix, in key order, so sorting it
    sorts the keys). With few possible cells (at most :data:`DIRECT_CELLS`) the rows are counted
    into an array indexed by that integer; otherwise its distinct values are found by
    factorizing. Counts and offer sums are summed with ``bincount``, in row order (the offers
    are centred on their mean first, which keeps these plain sums precise).
    """
    names = keys + list(FLAGS)
    radix = sizes + [FLAG_SIZE[flag] for flag in FLAGS]
    possible = np.prod([float(r) for r in radix])
    if not len(data["n"]) or possible >= 2.0 ** 62:
        frame = pd.DataFrame(data)
        return frame.groupby(names, sort=True)[list(SUMS)].sum().reset_index()
    combined = np.zeros(len(data["n"]), dtype=np.int32 if possible < 2.0 ** 31 else np.int64)
    for name, size in zip(names, radix):
        combined *= size
        combined += data[name]
        combined += FLAG_SHIFT.get(name, 0)
    if possible <= DIRECT_CELLS:
        rows_of = np.bincount(combined, minlength=int(possible))
        distinct = np.flatnonzero(rows_of)
        rank = np.zeros(int(possible), dtype=np.int64)
        rank[distinct] = np.arange(len(distinct))
        cell = rank[combined]
        count = rows_of[distinct]
    else:
        codes, found = pd.factorize(combined)
        order = np.argsort(found, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        cell = rank[codes]
        distinct = np.asarray(found, dtype=np.int64)[order]
        count = np.bincount(cell, minlength=len(distinct))
    frame = _decode(distinct, names, radix, {name: data[name].dtype for name in names})
    frame["n"] = count.astype(data["n"].dtype)
    for name in ("offer_n", "offer_sum", "offer_sq"):
        frame[name] = np.bincount(cell, weights=data[name], minlength=len(distinct)
                                  ).astype(data[name].dtype)
    return frame


def counts(campaign) -> Counts:
    """The group counts of ``campaign`` (computed once, then cached on it)."""
    cache = campaign.__dict__.setdefault("_bias_counts", {})
    if "counts" not in cache:
        cache["counts"] = build(campaign)
    return cache["counts"]


def build(campaign) -> Counts:
    """Reduce ``campaign`` to group counts; see the module docstring."""
    df = campaign.df
    rows = len(df)
    attrs, notes = G.attributes(campaign)
    cats: list[list[str]] = []
    codes: list[np.ndarray] = []
    for attr in attrs:
        code_of_row, cat = G.column_codes(campaign, attr.column)  # labels in natural order
        cats.append(cat)
        codes.append(code_of_row)

    decision = G.decision_column(campaign)
    decision_nulls = 0
    if decision is not None:
        selected, decision_nulls = G.as_bool(campaign, decision)
    else:
        selected = None
    if "prediction" in df.columns:
        predicted, _ = G.as_bool(campaign, "prediction")
        prediction_source = "prediction"
    elif selected is not None:
        predicted, prediction_source = selected, decision
    else:
        predicted, prediction_source = None, None
    outcome = G.outcome_codes(campaign)
    targeted = campaign.targeted.to_numpy(dtype=bool)

    data: dict[str, np.ndarray] = {f"a{i}": c for i, c in enumerate(codes)}
    zeros = np.zeros(rows, dtype=np.int8)
    data["decision"] = selected.astype(np.int8) if selected is not None else zeros
    data["prediction"] = predicted.astype(np.int8) if predicted is not None else zeros
    data["outcome"] = outcome if outcome is not None else np.full(rows, -1, dtype=np.int8)
    data["targeted"] = targeted.astype(np.int8)
    data["n"] = np.ones(rows, dtype=np.int64)

    has_offer = "offer_value" in df.columns
    shift = 0.0
    if has_offer:
        value = pd.to_numeric(df["offer_value"], errors="coerce").to_numpy(dtype="float64",
                                                                             na_value=np.nan)
        with_offer = targeted & np.isfinite(value)
        if with_offer.any():
            shift = float(value[with_offer].mean())
        centred = np.where(with_offer, value - shift, 0.0)
        data["offer_n"] = with_offer.astype(np.int64)
        data["offer_sum"] = centred
        data["offer_sq"] = centred * centred
    else:
        data["offer_n"] = np.zeros(rows, dtype=np.int64)
        data["offer_sum"] = np.zeros(rows)
        data["offer_sq"] = np.zeros(rows)

    keys = [f"a{i}" for i in range(len(attrs))]
    cells = _cells(data, keys, [len(c) for c in cats])
    return Counts(attributes=attrs, keys=keys, categories=cats, codes=codes, cells=cells,
                  rows=rows, decision_column=decision, decision_nulls=decision_nulls,
                  prediction_source=prediction_source, has_outcome=outcome is not None,
                  has_offer=has_offer, offer_shift=shift, notes=notes, outcome_rows=outcome)
