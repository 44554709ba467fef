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
        """
        keys = [self.keys[i] for i in key_indices]
        out = self.cells.groupby(keys + list(by), sort=True)[list(SUMS)].sum().reset_index()
        out["g"] = group_code([out[k].to_numpy() for k in keys],
                              [len(self.categories[i]) for i in key_indices])
        return out

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

    def row_codes(self, key_indices: tuple[int, ...]) -> np.ndarray:
        """The group code of every row for ``key_indices`` (same coding as :meth:`table`)."""
        return group_code([self.codes[i] for i in key_indices],
                          [len(self.categories[i]) for i in key_indices])


def group_code(parts, sizes) -> np.ndarray:
    """Mixed-radix code of the parts: ``p0`` for one, ``p0 * s1 + p1`` for a pair."""
    code = np.asarray(parts[0], dtype=np.int64)
    for part, size in zip(parts[1:], sizes[1:]):
        code = code * size + np.asarray(part, dtype=np.int64)
    return code


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
        lab = G.labels(df[attr.column])
        cat = G.categories(lab)
        cats.append(cat)
        codes.append(pd.Categorical(lab, categories=cat).codes.astype(np.int32))

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
    frame = pd.DataFrame(data)
    cells = frame.groupby(keys + list(FLAGS), sort=True)[list(SUMS)].sum().reset_index()
    return Counts(attributes=attrs, keys=keys, categories=cats, codes=codes, cells=cells,
                  rows=rows, decision_column=decision, decision_nulls=decision_nulls,
                  prediction_source=prediction_source, has_outcome=outcome is not None,
                  has_offer=has_offer, offer_shift=shift, notes=notes, outcome_rows=outcome)
