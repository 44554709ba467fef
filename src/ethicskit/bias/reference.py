"""The reference group of an attribute, and the small helpers the bias checks share.

Rule (CHECKS.md): the reference group of an attribute is ``reference_groups[attr]`` from the
config, else the *evaluated* group (at least ``min_group_n`` rows) with the highest selection
rate of the decision, on all rows. Ties go to the larger group, then to the first label. The
same reference serves ``bias.selection_rate``, ``bias.error_rate_parity``,
``bias.offer_value_disparity`` and ``bias.mitigation_preview``, so one attribute is always
compared against one group. Intersections always use the highest selection rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ethicskit.bias import groups as G
from ethicskit.bias.counts import Counts

CONFIG = "config"
HIGHEST = "highest selection rate"
#: comparisons with a band allow for the last bit of floating point (0.8 is inside [0.8, ...])
EPS = 1e-12


@dataclass
class Reference:
    """The reference group of one attribute (or pair): its code, label and how it was chosen."""

    code: int | None
    label: str | None
    rule: str | None
    note: str = ""

    def as_dict(self, attribute: str) -> dict:
        return {"attribute": attribute, "group": self.label, "rule": self.rule,
                "note": self.note or None}


def rate_column(counts: Counts) -> str | None:
    """The flag whose rate is "the selection rate": the decision, else the prediction."""
    if counts.decision_column is not None:
        return "decision"
    if counts.prediction_source is not None:
        return "prediction"
    return None


def group_rates(counts: Counts, key_indices: tuple[int, ...]) -> pd.DataFrame:
    """Rows and selected rows per group code ``g`` (index), sorted by code (worked out once
    per attribute or pair, then kept on the counts)."""
    memo = counts.__dict__.setdefault("_group_rates", {})
    key = tuple(key_indices)
    if key not in memo:
        column = rate_column(counts) or "decision"
        t = counts.table(key_indices, by=(column,))
        g = t["g"].to_numpy()
        n_rows = t["n"].to_numpy(dtype=np.int64)
        size = int(g.max()) + 1 if len(g) else 0
        n = np.bincount(g, weights=n_rows, minlength=size)
        selected = np.bincount(g, weights=n_rows * (t[column].to_numpy() == 1), minlength=size)
        codes = np.flatnonzero(np.bincount(g, minlength=size))  # the groups with rows
        memo[key] = pd.DataFrame({"n": n[codes].astype(np.int64),
                                  "selected": selected[codes].astype(np.int64)},
                                 index=pd.Index(codes, name="g"))
    return memo[key].copy(deep=False)  # copy-on-write: a caller's change stays its own


def highest_rate(rates: pd.DataFrame, *, min_group_n: int) -> int | None:
    """Code of the evaluated group with the highest rate (ties: larger n, then lower code)."""
    ev = rates[rates["n"] >= min_group_n]
    if ev.empty:
        return None
    n = ev["n"].to_numpy()
    rate = ev["selected"].to_numpy() / n
    code = ev.index.to_numpy()
    first = np.lexsort((code, -n, -rate))[0]  # highest rate, then most rows, then lowest code
    return int(code[first])


def reference_for(campaign, counts: Counts, key_indices: tuple[int, ...], *,
                  min_group_n: int) -> Reference:
    """The reference group of an attribute (one index) or an intersection (two indices)."""
    rates = group_rates(counts, key_indices)
    labels = counts.group_labels(key_indices, rates.index)
    note = ""
    if len(key_indices) == 1:
        attr = counts.attributes[key_indices[0]]
        wanted = G.configured_reference(campaign, attr)
        if wanted is not None:
            label = G.match_label(wanted, labels.values())
            if label is not None:
                code = next(c for c, lab in labels.items() if lab == label)
                if rates.loc[code, "n"] < min_group_n:
                    note = (f"The configured reference group {label!r} has fewer than "
                            f"{min_group_n} people, so comparisons with it are uncertain.")
                return Reference(code, label, CONFIG, note)
            note = (f"The configured reference group {wanted!r} does not occur in the data; "
                    f"the evaluated group with the highest selection rate is used instead.")
    code = highest_rate(rates, min_group_n=min_group_n)
    if code is None:
        extra = f"No group has at least {min_group_n} people, so there is no reference group."
        return Reference(None, None, None, f"{note} {extra}".strip())
    return Reference(code, labels[code], HIGHEST, note)


def outside(value, low: float, high: float) -> bool:
    """``value`` lies outside the closed band [low, high] (a value on the edge is inside)."""
    return value is not None and (value < low - EPS or value > high + EPS)


def pct(x) -> str:
    """A rate as a percentage for messages."""
    return "n/a" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{100 * x:.1f}%"


def num(x, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
