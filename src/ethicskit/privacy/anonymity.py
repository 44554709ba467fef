"""Re-identification risk: k-anonymity and l-diversity over the quasi-identifiers.

Equivalence classes are the rows grouped by every quasi-identifier, a missing value being a
value of its own (``groupby(dropna=False)``); ``birth_date`` is grouped on its date. The
quasi-identifiers are the config's ``quasi_identifiers`` (logical or dataset names), else those
of ``postcode``, ``birth_date``, ``age``, ``gender`` that the dataset has. The classes are
numbered once, in the reduction (:func:`class_codes`); the metrics count them with
:func:`ethicskit.counts.group_sums`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.counts import cell_key, group_sums

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.privacy.reduction import PrivacyReduction

DEFAULT_QUASI_IDENTIFIERS = ("postcode", "birth_date", "age", "gender")
DATE_COLUMNS = ("birth_date",)


def quasi_identifiers(campaign) -> list[str]:
    """Frame columns of the quasi-identifiers (config's, else the default ones present)."""
    named = campaign.config.quasi_identifiers
    if named is None:
        return [c for c in DEFAULT_QUASI_IDENTIFIERS if c in campaign.df.columns]
    return campaign.resolve_all(named)


def sensitive_attribute(campaign) -> str | None:
    name = campaign.config.sensitive_attribute
    return campaign.resolve(name) if name else None


def class_codes(campaign, qis: list[str], codes_of: Callable[[str], tuple], *,
                weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(class_of_row, class_size)``: an integer class id for every row, numbered in order of
    first appearance, and the size of each class (indexed by class id): its rows, or with
    ``weights`` the people it holds (the sum of its rows' weights).

    The classes of ``groupby(qis, dropna=False)``: each column's codes (a null being code 0,
    ``birth_date`` on its date) combined into one key (:func:`ethicskit.counts.cell_key`) and
    numbered once; when that key could overflow, one column at a time, renumbering after each.
    ``codes_of(column)`` is the campaign's dictionary encoding (asked once per column).
    """
    parts = []
    for column in qis:
        s = campaign.df[column]
        if column in DATE_COLUMNS and pd.api.types.is_datetime64_any_dtype(s):
            codes = pd.factorize(s.dt.normalize(), use_na_sentinel=True)[0]
        else:
            codes = codes_of(column)[0]
        parts.append(np.asarray(codes, dtype=np.int64) + 1)  # null (-1): 0
    sizes = [int(codes.max(initial=0)) + 1 for codes in parts]
    try:
        key = cell_key(parts, sizes)
    except OverflowError:  # too many cells for one key: combine a column at a time
        key = parts[0]
        for codes, size in zip(parts[1:], sizes[1:]):
            key = pd.factorize(cell_key([key, codes], [int(key.max(initial=0)) + 1, size]))[0]
    class_of_row = np.asarray(pd.factorize(key)[0], dtype=np.int64)
    n_classes = int(class_of_row.max(initial=-1)) + 1
    class_size = group_sums({"class": class_of_row}, {"class": n_classes}, dense=True,
                            weights=weights)["n"]
    return class_of_row, class_size.to_numpy(dtype=np.int64)


def class_sizes(r: "PrivacyReduction") -> pd.DataFrame:
    """Histogram of class sizes: ``size``, ``classes`` (how many classes have that size) and
    ``rows`` (rows in them), by increasing size; empty without quasi-identifiers or rows."""
    if r.class_size is None or r.rows == 0:
        return pd.DataFrame({"size": [], "classes": [], "rows": []}, dtype="int64")
    if r.class_hist is not None:
        by = r.class_hist.groupby("size", sort=True)["classes"].sum()
        size = by.index.to_numpy(dtype="int64")
        classes = by.to_numpy(dtype="int64")
        return pd.DataFrame({"size": size, "classes": classes, "rows": size * classes})
    hist = group_sums({"size": r.class_size}, {"size": int(r.class_size.max()) + 1})
    size = hist["size"].to_numpy(dtype="int64")
    classes = hist["n"].to_numpy(dtype="int64")
    return pd.DataFrame({"size": size, "classes": classes, "rows": size * classes})


def _skip_qis(r: "PrivacyReduction") -> Measure:
    return Measure.not_evaluated("no_qis", missing=["quasi_identifiers"],
                                 configured=r.qi_configured)


def k_anonymity(r: "PrivacyReduction", *, k_min) -> Measure:
    """``privacy.k_anonymity``: the smallest equivalence class over the quasi-identifiers.

    Rule (Sweeney 2002): ``k = min(class sizes)``; ``value`` = k, ``threshold`` = ``k_min``;
    ``affected_rows`` = rows in classes smaller than ``k_min``. Fails if ``k < k_min``: a
    person in a class of k rows can be singled out among k. ``details.class_sizes``: list of
    ``{size, classes, rows}``. (GDPR Recital 26.)
    """
    if r.class_size is None:
        return _skip_qis(r)
    if r.rows == 0:
        return Measure.not_evaluated("no_rows")
    hist = class_sizes(r)
    if r.class_hist is not None:  # counted by the engine: people in the small classes
        small = hist["size"] < k_min
        n = int(hist.loc[small, "rows"].sum())
        n_rows = int(hist["rows"].sum())
        ids = r.class_ids("k", k_min)
    else:
        small = r.class_size[r.class_of_row] < k_min
        n = r.count(small)
        n_rows = int(r.class_size.sum())
        ids = r.ids(small)
    k = int(hist["size"].min())
    n_classes = int(hist["classes"].sum())
    below = int(hist.loc[hist["size"] < k_min, "classes"].sum())
    return Measure(value=k, affected_rows=n,
                   facts={"names": list(r.qi_names), "k": k, "n_classes": n_classes,
                          "below": below, "n_rows": n_rows},
                   details={"quasi_identifiers": list(r.qi_names), "classes": n_classes,
                            "classes_below_k_min": below,
                            "class_sizes": hist.to_dict("records"),
                            "customer_ids": ids})


def l_of_classes(r: "PrivacyReduction") -> np.ndarray:
    """l of each class: the number of distinct non-null values of the sensitive attribute in
    it (``nunique(dropna=True)`` per class; 0 for a class without values)."""
    codes = r.sensitive_codes
    known = codes >= 0
    n_classes = len(r.class_size)
    pairs = group_sums({"class": r.class_of_row, "value": np.where(known, codes, 0)},
                       {"class": n_classes, "value": int(codes.max(initial=0)) + 1},
                       rows=known)  # one row per distinct (class, value)
    per_class = group_sums({"class": pairs["class"].to_numpy()}, {"class": n_classes},
                           dense=True)
    return per_class["n"].to_numpy(dtype=np.int64)


def l_diversity(r: "PrivacyReduction", *, l_min) -> Measure:
    """``privacy.l_diversity``: variety of the sensitive attribute within each class.

    Rule (Machanavajjhala et al. 2007, distinct l-diversity): per class, l = number of distinct
    non-null values of ``sensitive_attribute`` (a class with none has l = 0); ``value`` =
    ``min(l)``, ``threshold`` = ``l_min``; ``affected_rows`` = rows in classes with
    ``l < l_min``. Fails if ``affected_rows > 0``: everyone in such a class shares one sensitive
    value, so knowing a person's quasi-identifiers reveals it. ``details.classes_by_l``:
    ``{l, classes, rows}``.
    """
    if r.class_size is None:
        return _skip_qis(r)
    if not r.sensitive_config:
        return Measure.not_evaluated("no_sensitive", missing=["sensitive_attribute"])
    if r.sensitive_name is None:
        return Measure.not_evaluated("sensitive_absent", missing=[r.sensitive_config],
                                     sensitive=r.sensitive_config)
    if r.rows == 0:
        return Measure.not_evaluated("no_rows")
    if r.class_hist is not None:
        return _l_from_hist(r, l_min=l_min)
    l_of_class = l_of_classes(r)
    breach = l_of_class[r.class_of_row] < l_min
    by_l = group_sums({"l": l_of_class}, {"l": int(l_of_class.max()) + 1},
                      values={"rows": r.class_size})
    table = [{"l": int(lv), "classes": int(c), "rows": int(n)}
             for lv, c, n in zip(by_l["l"], by_l["n"], by_l["rows"])]
    smallest = int(l_of_class.min())
    n = r.count(breach)
    below = int((l_of_class < l_min).sum())
    return Measure(value=smallest, affected_rows=n,
                   facts={"sensitive": r.sensitive_name, "below": below,
                          "n_rows": int(r.class_size.sum())},
                   details={"quasi_identifiers": list(r.qi_names),
                            "sensitive_attribute": r.sensitive_name,
                            "classes_below_l_min": below,
                            "classes_by_l": table, "customer_ids": r.ids(breach)})


def _l_from_hist(r: "PrivacyReduction", *, l_min) -> Measure:
    """:func:`l_diversity` from the classes an engine counted (``r.class_hist``: classes per
    distinct size and l): the same table, counts and evidence, without a row per class."""
    hist = r.class_hist
    by = hist.assign(rows=hist["size"] * hist["classes"]).groupby("l", sort=True)[
        ["classes", "rows"]].sum()
    table = [{"l": int(lv), "classes": int(c), "rows": int(n)}
             for lv, c, n in zip(by.index, by["classes"], by["rows"])]
    low = by.index.to_numpy() < l_min
    n = int(by.loc[low, "rows"].sum())
    below = int(by.loc[low, "classes"].sum())
    return Measure(value=int(by.index.min()), affected_rows=n,
                   facts={"sensitive": r.sensitive_name, "below": below,
                          "n_rows": int(by["rows"].sum())},
                   details={"quasi_identifiers": list(r.qi_names),
                            "sensitive_attribute": r.sensitive_name,
                            "classes_below_l_min": below,
                            "classes_by_l": table, "customer_ids": r.class_ids("l", l_min)})
