"""Re-identification risk: k-anonymity and l-diversity over the quasi-identifiers.

Equivalence classes are the rows grouped by every quasi-identifier, a missing value being a
value of its own (``groupby(dropna=False)``); ``birth_date`` is grouped on its date. The
quasi-identifiers are the config's ``quasi_identifiers`` (logical or dataset names), else those
of ``postcode``, ``birth_date``, ``age``, ``gender`` that the dataset has.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.findings import Finding
from ethicskit.privacy._common import pct, rows, verb
from ethicskit.registry import finding, not_evaluated

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


def _column_codes(campaign, column: str) -> np.ndarray:
    """Codes of one quasi-identifier, a null being a value of its own (``birth_date`` on its
    date)."""
    s = campaign.df[column]
    if column in DATE_COLUMNS and pd.api.types.is_datetime64_any_dtype(s):
        return pd.factorize(s.dt.normalize(), use_na_sentinel=True)[0].astype(np.int64)
    return campaign.codes(column)[0]


def class_ids(campaign, qis: list[str]) -> tuple[pd.Series, pd.Series]:
    """``(class_of_row, class_size_of_row)``: an integer class id and its size for every row.

    The classes of ``groupby(qis, dropna=False)``, numbered in order of first appearance: the
    columns' codes are combined into one integer (mixed radix) and numbered once; when that
    integer could overflow, one column at a time, renumbering after each. Cached on the
    campaign.
    """
    cache = campaign.__dict__.setdefault("_privacy_cache", {})
    key = ("class_ids", tuple(qis))
    if key not in cache:
        parts = [_column_codes(campaign, column) + 1 for column in qis]  # null (-1): 0
        radix = [int(codes.max(initial=0)) + 1 for codes in parts]
        at_once = float(np.prod([float(r) for r in radix])) < 2.0 ** 62
        combined = np.zeros(len(campaign.df), dtype=np.int64)
        for codes, size in zip(parts, radix):
            combined = combined * size + codes
            if not at_once:
                combined = pd.factorize(combined)[0].astype(np.int64)
        if at_once:
            combined = pd.factorize(combined)[0].astype(np.int64)
        sizes = np.bincount(combined) if len(combined) else np.zeros(0, dtype=np.int64)
        index = campaign.df.index
        cache[key] = (pd.Series(combined, index=index), pd.Series(sizes[combined], index=index))
    return cache[key]


def class_sizes(campaign, qis: list[str] | None = None) -> pd.DataFrame:
    """Histogram of class sizes: ``size``, ``classes`` (how many classes have that size) and
    ``rows`` (rows in them), by increasing size."""
    qis = quasi_identifiers(campaign) if qis is None else qis
    if not qis or campaign.rows == 0:
        return pd.DataFrame({"size": [], "classes": [], "rows": []}, dtype="int64")
    ids, _ = class_ids(campaign, qis)
    sizes = ids.value_counts()
    hist = sizes.value_counts().sort_index()
    return pd.DataFrame({"size": hist.index.astype("int64"), "classes": hist.to_numpy(),
                         "rows": hist.index.to_numpy() * hist.to_numpy()}).reset_index(drop=True)


def _names(campaign, columns) -> list[str]:
    return [campaign.display_name(c) for c in columns]


def _missing_qis(check_id: str, campaign) -> Finding:
    if campaign.config.quasi_identifiers is None:
        reason = ("Not evaluated: no quasi-identifiers; the config names none and the dataset has "
                  "none of postcode, birth_date, age, gender.")
    else:
        reason = "Not evaluated: the config's quasi_identifiers list is empty."
    return not_evaluated(check_id, reason, missing=["quasi_identifiers"])


def k_anonymity_rows(campaign, *, k_min) -> pd.Series:
    """Rows in equivalence classes smaller than ``k_min``."""
    qis = quasi_identifiers(campaign)
    if not qis:
        return pd.Series(False, index=campaign.df.index)
    _, size = class_ids(campaign, qis)
    return size < k_min


def k_anonymity(campaign, *, k_min) -> Finding:
    """``privacy.k_anonymity``: the smallest equivalence class over the quasi-identifiers.

    Rule (Sweeney 2002): k = min over classes of the class size; ``value`` = k,
    ``threshold`` = ``k_min``; ``affected_rows`` = rows in classes smaller than ``k_min``. Fails
    if k < ``k_min``: a person in a class of k rows can be singled out among k.
    ``details.class_sizes``: list of ``{size, classes, rows}``. (GDPR Recital 26.)
    """
    cid = "privacy.k_anonymity"
    qis = quasi_identifiers(campaign)
    if not qis:
        return _missing_qis(cid, campaign)
    if campaign.rows == 0:
        return not_evaluated(cid, "Not evaluated: the dataset has no rows.")
    ids, size = class_ids(campaign, qis)
    small = size < k_min
    hist = class_sizes(campaign, qis)
    k = int(hist["size"].min())
    n = int(small.sum())
    n_classes = int(hist["classes"].sum())
    below = int(hist.loc[hist["size"] < k_min, "classes"].sum())
    names = ", ".join(_names(campaign, qis))
    if k < k_min:
        message = (f"The smallest group of people sharing {names} has {k:,} "
                   f"{'person' if k == 1 else 'people'} (k = {k}, at least {k_min} required): "
                   f"{rows(n)} ({pct(n, campaign.rows)}) {verb(n, 'sits', 'sit')} in {below:,} "
                   f"{verb(below, 'group', 'groups')} smaller than {k_min}.")
    else:
        message = (f"Every group of people sharing {names} has at least {k:,} people "
                   f"(k = {k}, at least {k_min} required; {n_classes:,} groups).")
    return finding(cid, status="fail" if k < k_min else "pass", value=k, threshold=k_min,
                   affected_rows=n, message=message,
                   details={"quasi_identifiers": _names(campaign, qis), "classes": n_classes,
                            "classes_below_k_min": below,
                            "class_sizes": hist.to_dict("records"),
                            "customer_ids": campaign.ids(small)})


def l_diversity_rows(campaign, *, l_min) -> tuple[pd.Series, pd.Series]:
    """``(breach, l_of_row)``: l = distinct non-null values of the sensitive attribute in the
    row's class; breach = rows in classes with l < ``l_min``."""
    qis = quasi_identifiers(campaign)
    sensitive = sensitive_attribute(campaign)
    ids, _ = class_ids(campaign, qis)
    codes = campaign.codes(sensitive)[0]
    known = codes >= 0
    n_classes = int(ids.max()) + 1 if len(ids) else 0
    # distinct (class, value) pairs, then pairs per class: nunique(dropna=True) per class
    pairs = pd.unique(ids.to_numpy()[known] * (int(codes.max(initial=0)) + 1) + codes[known])
    per_class = np.bincount(pairs // (int(codes.max(initial=0)) + 1), minlength=n_classes)
    l_of_row = pd.Series(per_class[ids.to_numpy()].astype("int64"), index=ids.index)
    return l_of_row < l_min, l_of_row


def l_diversity(campaign, *, l_min) -> Finding:
    """``privacy.l_diversity``: variety of the sensitive attribute within each class.

    Rule (Machanavajjhala et al. 2007, distinct l-diversity): per class, l = number of distinct
    non-null values of ``sensitive_attribute`` (a class with none has l = 0); ``value`` = the
    smallest l, ``threshold`` = ``l_min``; ``affected_rows`` = rows in classes with
    l < ``l_min``. Fails if there is any: everyone in such a class shares one sensitive value,
    so knowing a person's quasi-identifiers reveals it. ``details.classes_by_l``: ``{l, classes,
    rows}``.
    """
    cid = "privacy.l_diversity"
    qis = quasi_identifiers(campaign)
    if not qis:
        return _missing_qis(cid, campaign)
    if not campaign.config.sensitive_attribute:
        return not_evaluated(cid, "Not evaluated: the config names no sensitive_attribute.",
                             missing=["sensitive_attribute"])
    if sensitive_attribute(campaign) is None:
        return not_evaluated(cid, f"Not evaluated: the dataset has no column "
                             f"{campaign.config.sensitive_attribute!r}.",
                             missing=[campaign.config.sensitive_attribute])
    if campaign.rows == 0:
        return not_evaluated(cid, "Not evaluated: the dataset has no rows.")
    breach, l_of_row = l_diversity_rows(campaign, l_min=l_min)
    ids, size = class_ids(campaign, qis)
    # l of each class (its rows all share it), then classes and rows per value of l
    l_of_class = np.zeros(int(ids.max()) + 1, dtype=np.int64)
    l_of_class[ids.to_numpy()] = l_of_row.to_numpy()
    classes_by_l = np.bincount(l_of_class)
    rows_by_l = np.bincount(l_of_row.to_numpy(), minlength=len(classes_by_l))
    table = [{"l": lv, "classes": int(classes_by_l[lv]), "rows": int(rows_by_l[lv])}
             for lv in np.flatnonzero(classes_by_l).tolist()]
    smallest = int(l_of_class.min())
    n = int(breach.sum())
    below = int((l_of_class < l_min).sum())
    sens = campaign.display_name(sensitive_attribute(campaign))
    if n:
        message = (f"{rows(n)} ({pct(n, campaign.rows)}) {verb(n, 'sits', 'sit')} in "
                   f"{below:,} {verb(below, 'group', 'groups')} where fewer than {l_min} "
                   f"different values of {sens} occur (smallest l = {smallest}): "
                   f"knowing someone's group reveals their {sens}.")
    else:
        message = (f"Every group shows at least {smallest} different values of {sens} "
                   f"(l = {smallest}, at least {l_min} required).")
    return finding(cid, status="fail" if n else "pass", value=smallest, threshold=l_min,
                   affected_rows=n, message=message,
                   details={"quasi_identifiers": _names(campaign, qis),
                            "sensitive_attribute": sens, "classes_below_l_min": below,
                            "classes_by_l": table, "customer_ids": campaign.ids(breach)})
