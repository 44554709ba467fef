"""The bias metrics as plain numpy on group counts: selection and error rates, Reweighing.

Every metric is a ratio of weighted counts. The inputs are one entry per cell of the group
counts (a group code, its flags and its number of people ``weight``), as
:func:`ethicskit.bias.counts.table` gives them; a group's count is the sum of its cells'
weights, each cell added in the order given (so float weights sum as aif360's ``np.sum`` of the
same cells does: one or two cells per group and label). The definitions are those of aif360's
``BinaryLabelDatasetMetric``, ``ClassificationMetric`` and ``Reweighing``
(Bellamy et al. 2018), which the tests keep as the second library: the reference of a
comparison is its "privileged" group, every other group in turn its "unprivileged" one.

A value that is undefined (a division by zero: no people, no positives, no negatives, a
reference rate of 0) is ``None``, as the findings write it; aif360 returns NaN or inf there (and
a precision of 0, which would read as a finding).
"""

from __future__ import annotations

import math

import numpy as np


def number(value) -> float | None:
    """``value`` as a float, ``None`` when it is missing, NaN or infinite (undefined)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def ratio_of(top, bottom):
    """``top / bottom`` elementwise as float64, NaN or inf where ``bottom`` is 0 (no warning)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(top, dtype="float64") / np.asarray(bottom, dtype="float64")


def group_totals(group, weight, **flags) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """``(codes, n, sums)``: the distinct group codes (sorted), each group's people
    :math:`n_g = \\sum_{c \\in g} w_c` and, per flag mask ``name=mask``, the people of the
    cells where it holds, :math:`\\sum_{c \\in g,\\, mask_c} w_c`.

    Sums run over the cells in the order given (``numpy.bincount``).
    """
    codes, index = np.unique(np.asarray(group, dtype=np.int64), return_inverse=True)
    w = np.asarray(weight, dtype="float64")
    k = len(codes)
    n = np.bincount(index, weights=w, minlength=k)
    sums = {name: np.bincount(index[np.asarray(mask, dtype=bool)],
                              weights=w[np.asarray(mask, dtype=bool)], minlength=k)
            for name, mask in flags.items()}
    return codes, n, sums


def _position(codes: np.ndarray, reference: int | None) -> int | None:
    """Index of ``reference`` in ``codes``, ``None`` when it is not one of them."""
    if reference is None:
        return None
    at = int(np.searchsorted(codes, reference))
    return at if at < len(codes) and int(codes[at]) == int(reference) else None


def selection(group, selected, weight, *, reference: int | None) -> dict[int, dict]:
    """Selection rate of every group and, against ``reference``, the disparate impact and the
    statistical parity difference, from the cells (:func:`selection_of_groups` of their
    group totals).

    Parameters
    ----------
    group, selected, weight
        One entry per cell: group code, decision (1 = selected) and people.
    reference
        Code of the reference group, or ``None``.

    Returns
    -------
    dict
        Group code -> ``{"rate", "ratio", "spd"}``.
    """
    codes, n, sums = group_totals(group, weight, pos=np.asarray(selected) == 1)
    return selection_of_groups(codes, n, sums["pos"], reference=reference)


def selection_of_groups(codes, n, selected, *, reference: int | None) -> dict[int, dict]:
    """Selection rate, disparate impact and statistical parity difference of every group, from
    its people ``n`` and its selected people (``codes`` sorted, one entry per group).

    .. math::

        \\mathrm{rate}_g = \\frac{\\mathrm{selected}_g}{n_g},
        \\qquad \\mathrm{ratio}_g = \\frac{\\mathrm{rate}_g}{\\mathrm{rate}_r},
        \\qquad \\mathrm{spd}_g = \\mathrm{rate}_g - \\mathrm{rate}_r

    (``rate``: aif360's ``base_rate``; ``ratio``: ``disparate_impact``; ``spd``:
    ``statistical_parity_difference``; r the reference). The reference against itself has
    ratio 1 (``None`` when its rate is 0) and spd 0; without a reference (or one not among
    ``codes``), ratio and spd are ``None``.
    """
    codes = np.asarray(codes, dtype=np.int64)
    rate = ratio_of(selected, n)
    at = _position(codes, reference)
    out: dict[int, dict] = {}
    for k, code in enumerate(codes.tolist()):
        row = {"rate": number(rate[k]), "ratio": None, "spd": None}
        if k == at:
            row["ratio"] = 1.0 if row["rate"] else None
            row["spd"] = 0.0
        elif at is not None:
            row["ratio"] = number(ratio_of(rate[k], rate[at]))
            row["spd"] = number(rate[k] - rate[at])
        out[code] = row
    return out


def error_rates(group, outcome, predicted, weight, *, reference: int | None
                ) -> dict[int, dict]:
    """Error rates of every group (labels ``outcome``, predictions ``predicted``, 1 = positive)
    and their differences against ``reference``.

    With the people of each group's confusion cells :math:`TP, FP, TN, FN`, :math:`P = TP + FN`
    (outcome 1), :math:`N = FP + TN` (outcome 0) and :math:`n` all its people:

    .. math::

        \\mathrm{tpr} = \\frac{TP}{P},\\; \\mathrm{fpr} = \\frac{FP}{N},\\;
        \\mathrm{fnr} = \\frac{FN}{P},\\; \\mathrm{ppv} = \\frac{TP}{TP + FP},\\;
        \\mathrm{base\\_rate} = \\frac{P}{n}

    .. math::

        \\mathrm{eod} = \\mathrm{tpr} - \\mathrm{tpr}_r,\\quad
        \\mathrm{aod} = \\tfrac{1}{2}\\left[(\\mathrm{fpr} - \\mathrm{fpr}_r)
        + (\\mathrm{tpr} - \\mathrm{tpr}_r)\\right],\\quad
        \\mathrm{fpr\\_ratio} = \\frac{\\mathrm{fpr}}{\\mathrm{fpr}_r}

    (aif360's ``equal_opportunity_difference``, ``average_odds_difference``,
    ``false_positive_rate_ratio``). ``ppv`` is ``None`` when nobody is predicted positive. The
    reference against itself: eod 0 (when its tpr is defined), aod 0 (when tpr and fpr are),
    fpr_ratio 1 (``None`` when its fpr is 0 or undefined). Each row also carries ``tp, fp, tn,
    fn`` (people, float).

    Returns
    -------
    dict
        Group code -> ``{"tpr", "fpr", "fnr", "ppv", "base_rate", "eod", "aod", "fpr_ratio",
        "tp", "fp", "tn", "fn"}``.
    """
    y = np.asarray(outcome)
    p = np.asarray(predicted)
    codes, n, s = group_totals(group, weight, tp=(y == 1) & (p == 1), fp=(y == 0) & (p == 1),
                               tn=(y == 0) & (p == 0), fn=(y == 1) & (p == 0),
                               pos=y == 1, neg=y == 0)
    tpr, fpr = ratio_of(s["tp"], s["pos"]), ratio_of(s["fp"], s["neg"])
    fnr, base_rate = ratio_of(s["fn"], s["pos"]), ratio_of(s["pos"], n)
    predicted_pos = s["tp"] + s["fp"]
    ppv = ratio_of(s["tp"], predicted_pos)
    at = _position(codes, reference)
    out: dict[int, dict] = {}
    for k, code in enumerate(codes.tolist()):
        row = {"tpr": number(tpr[k]), "fpr": number(fpr[k]), "fnr": number(fnr[k]),
               "ppv": number(ppv[k]) if predicted_pos[k] > 0 else None,
               "base_rate": number(base_rate[k]), "eod": None, "aod": None, "fpr_ratio": None,
               "tp": float(s["tp"][k]), "fp": float(s["fp"][k]), "tn": float(s["tn"][k]),
               "fn": float(s["fn"][k])}
        if k == at:
            row["eod"] = 0.0 if row["tpr"] is not None else None
            row["aod"] = 0.0 if row["tpr"] is not None and row["fpr"] is not None else None
            row["fpr_ratio"] = 1.0 if row["fpr"] else None
        elif at is not None:
            with np.errstate(invalid="ignore"):
                d_tpr, d_fpr = tpr[k] - tpr[at], fpr[k] - fpr[at]
                row["eod"] = number(d_tpr)
                row["aod"] = number(0.5 * (d_fpr + d_tpr))
            row["fpr_ratio"] = number(ratio_of(fpr[k], fpr[at]))
        out[code] = row
    return out


def reweighing_factor(n_group, n_label, n_total, n_cell):
    """Kamiran & Calders' (2012) weight of the cell (group g, decision y).

    .. math:: W(g, y) = \\frac{n_y \\, n_g}{N \\, n_{g,y}}

    the people the cell would hold if group and decision were independent, over those it holds
    (aif360's ``Reweighing``: ``n_fav * n_p / (n * n_p_fav)``). Arrays or scalars, float64.
    """
    return ratio_of(np.asarray(n_label, dtype="float64") * np.asarray(n_group, dtype="float64"),
                    np.asarray(n_total, dtype="float64") * np.asarray(n_cell, dtype="float64"))


def reweigh(group, selected, weight) -> dict[tuple[int, int], float | None]:
    """The reweighing weight of every (group, selected) cell present.

    :func:`reweighing_factor` :math:`W(g, y)` with :math:`n_g` the group's people, :math:`n_y`
    the people with decision y, :math:`N` all people and :math:`n_{g,y}` the cell's, taken as
    aif360 reports it: the reweighed people of the cell's first entry over its people,
    :math:`(w_c W) / w_c` (equal to W up to the last bit). A cell without people has no weight
    (``None``; an undefined weight, too).

    Returns
    -------
    dict
        ``(group code, 0 or 1)`` -> weight.
    """
    g = np.asarray(group, dtype=np.int64)
    y = np.asarray(selected)
    w = np.asarray(weight, dtype="float64")
    codes, n_g, s = group_totals(g, w, fav=y == 1, unfav=y == 0)
    total = np.sum(w, dtype=np.float64)
    n_label = {1: np.sum(w[y == 1], dtype=np.float64), 0: np.sum(w[y == 0], dtype=np.float64)}
    cell_people = {1: s["fav"], 0: s["unfav"]}
    index = np.searchsorted(codes, g)
    out: dict[tuple[int, int], float | None] = {}
    for k, code in enumerate(codes.tolist()):
        for label in (0, 1):
            first = np.flatnonzero((index == k) & (y == label))
            if not len(first):
                out[(code, label)] = None
                continue
            factor = reweighing_factor(n_g[k], n_label[label], total, cell_people[label][k])
            entry = w[first[0]]
            out[(code, label)] = number(ratio_of(entry * factor, entry))
    return out
