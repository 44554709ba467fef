"""aif360, the second library of the bias tests: its metrics and Reweighing on group counts.

The product computes every bias metric with plain numpy (:mod:`ethicskit.bias.rates`) and never
imports aif360; the tests compare it with these adapters (same arguments, same results) and
with aif360 on the raw rows. The adapters are those the product used until it stopped importing
aif360 (they were ``ethicskit.bias.aif``).

aif360 weighs every instance by ``instance_weights``. Handing it one instance per cell of the
group counts (group, label[, prediction]) weighted by the cell's number of rows (of people, the
sum of the rows' weights, for weighted data) gives exactly the sums it would form over the raw
rows, so the metrics are the same, at the cost of a few hundred instances instead of a million.
Groups are integer codes: aif360 0.6.1 cannot handle string columns under pandas 3 (its issue
#560).

aif360 is imported lazily (it takes about two seconds, with scikit-learn and scipy) and
quietly: its import logs warnings about optional extras through the root logger, and its
divisions by zero warn; none of that may reach a test's output.
"""

from __future__ import annotations

import contextlib
import logging
import math
import warnings

import numpy as np
import pandas as pd

_AIF: dict = {}


@contextlib.contextmanager
def silenced():
    """Silence warnings and root-logger messages (aif360 logs through the root logger)."""
    root = logging.getLogger()
    level = root.level
    guard = None
    if not root.handlers:  # logging.warning() would otherwise install a stderr handler
        guard = logging.NullHandler()
        root.addHandler(guard)
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)
        if guard is not None:
            root.removeHandler(guard)


def aif():
    """The aif360 classes we use, imported once and quietly."""
    if not _AIF:
        with silenced():
            from aif360.algorithms.preprocessing import Reweighing
            from aif360.datasets import BinaryLabelDataset
            from aif360.metrics import BinaryLabelDatasetMetric, ClassificationMetric
        _AIF.update(BinaryLabelDataset=BinaryLabelDataset, Reweighing=Reweighing,
                    BinaryLabelDatasetMetric=BinaryLabelDatasetMetric,
                    ClassificationMetric=ClassificationMetric)
    return _AIF


def _num(value) -> float | None:
    """A finite float, else None (aif360 returns NaN or inf for undefined rates)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def dataset(group, label, weight):
    """A BinaryLabelDataset with one instance per cell: protected attribute ``g`` (integer
    code), label ``y`` (1 = favourable), instance weight = the cell's number of rows."""
    frame = pd.DataFrame({"g": np.asarray(group, dtype="float64"),
                          "y": np.asarray(label, dtype="float64")})
    ds = aif()["BinaryLabelDataset"](df=frame, label_names=["y"], protected_attribute_names=["g"],
                                     favorable_label=1.0, unfavorable_label=0.0)
    ds.instance_weights = np.asarray(weight, dtype="float64").copy()
    return ds


def _groups(code) -> list[dict]:
    return [{"g": float(code)}]


def selection(group, selected, weight, *, reference: int | None) -> dict[int, dict]:
    """Selection rate of every group, and against ``reference``: disparate impact (ratio) and
    statistical parity difference (spd), by aif360's BinaryLabelDatasetMetric.

    ``rate = selected / n``; ``ratio = rate / reference rate``; ``spd = rate - reference rate``.
    """
    out: dict[int, dict] = {}
    with silenced():
        ds = dataset(group, selected, weight)
        metric_cls = aif()["BinaryLabelDatasetMetric"]
        for code in np.unique(np.asarray(group)):
            code = int(code)
            priv = _groups(reference) if reference not in (None, code) else None
            m = metric_cls(ds, unprivileged_groups=_groups(code), privileged_groups=priv)
            row = {"rate": _num(m.base_rate(privileged=False)), "ratio": None, "spd": None}
            if code == reference:  # the reference against itself (aif360 refuses the pair)
                row["ratio"] = 1.0 if row["rate"] else None
                row["spd"] = 0.0
            elif reference is not None:
                row["ratio"] = _num(m.disparate_impact())
                row["spd"] = _num(m.statistical_parity_difference())
            out[code] = row
    return out


def error_rates(group, outcome, predicted, weight, *, reference: int | None) -> dict[int, dict]:
    """Error rates of every group by aif360's ClassificationMetric (labels = ``outcome``,
    predictions = ``predicted``), and the differences against ``reference``.

    ``tpr = TP/P``, ``fpr = FP/N``, ``fnr = FN/P``, ``ppv = TP/(TP+FP)``, ``base_rate = P/n``;
    ``eod = tpr - ref tpr``; ``aod = ((fpr - ref fpr) + (tpr - ref tpr)) / 2``;
    ``fpr_ratio = fpr / ref fpr``. Undefined values (no positives, no negatives, no predicted
    positives) are ``None``; aif360 reports a PPV of 0 there, which would read as a finding.
    """
    out: dict[int, dict] = {}
    with silenced():
        truth = dataset(group, outcome, weight)
        pred = truth.copy(deepcopy=True)
        pred.labels = np.asarray(predicted, dtype="float64").reshape(-1, 1)
        pred.scores = pred.labels.copy()
        metric_cls = aif()["ClassificationMetric"]
        for code in np.unique(np.asarray(group)):
            code = int(code)
            priv = _groups(reference) if reference not in (None, code) else None
            m = metric_cls(truth, pred, unprivileged_groups=_groups(code),
                           privileged_groups=priv)
            cm = m.binary_confusion_matrix(privileged=False)
            row = {"tpr": _num(m.true_positive_rate(privileged=False)),
                   "fpr": _num(m.false_positive_rate(privileged=False)),
                   "fnr": _num(m.false_negative_rate(privileged=False)),
                   "ppv": (_num(m.positive_predictive_value(privileged=False))
                           if cm["TP"] + cm["FP"] > 0 else None),
                   "base_rate": _num(m.base_rate(privileged=False)),
                   "eod": None, "aod": None, "fpr_ratio": None,
                   **{k.lower(): float(v) for k, v in cm.items()}}
            if code == reference:  # the reference against itself (aif360 refuses the pair)
                row["eod"] = 0.0 if row["tpr"] is not None else None
                row["aod"] = 0.0 if row["tpr"] is not None and row["fpr"] is not None else None
                row["fpr_ratio"] = 1.0 if row["fpr"] else None
            elif reference is not None:
                row["eod"] = _num(m.equal_opportunity_difference())
                row["aod"] = _num(m.average_odds_difference())
                row["fpr_ratio"] = _num(m.false_positive_rate_ratio())
            out[code] = row
    return out


def reweigh(group, selected, weight) -> dict[tuple[int, int], float | None]:
    """Kamiran-Calders weights of every (group, selected) cell by aif360's ``Reweighing``.

    For each group g, Reweighing with g as the privileged group and every other group as the
    unprivileged one gives g's cells the weight

    .. math:: W(g, y) = \\frac{n_g \\, n_y}{N \\, n_{g,y}}

    (expected over observed count if group and decision were independent). A cell without rows
    has no weight (``None``).
    """
    group = np.asarray(group)
    selected = np.asarray(selected)
    codes = [int(c) for c in np.unique(group)]
    out: dict[tuple[int, int], float | None] = {}
    with silenced():
        ds = dataset(group, selected, weight)
        rw_cls = aif()["Reweighing"]
        for code in codes:
            others = [{"g": float(c)} for c in codes if c != code]
            rw = rw_cls(unprivileged_groups=others or [{"g": -1.0}],
                        privileged_groups=_groups(code))
            transformed = rw.fit(ds).transform(ds)
            ratio = transformed.instance_weights / ds.instance_weights
            for y in (0, 1):
                cell = (group == code) & (selected == y)
                out[(code, y)] = _num(ratio[cell][0]) if cell.any() else None
    return out

