"""The peers of the benchmark: aif360 on the raw rows, and a row-level k-anonymity in pandas.

Each peer computes what an ethicskit check computes, on the same loaded campaign, the plain way;
its values are asserted equal to the check's and both are timed (best of ``repeat``). The data
a peer starts from (group codes, decision, outcome and prediction as arrays) is prepared before
the clock starts, which favours the peer.
"""

from __future__ import annotations

import math

import numpy as np


def _same(a, b, *, tol: float = 1e-9) -> bool:
    """Equal within ``tol``; ``None`` (undefined in ethicskit) equals NaN or inf (aif360)."""
    if a is None or b is None:
        other = b if a is None else a
        return other is None or not math.isfinite(float(other))
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def bias_peer(campaign, fresh, best_of, repeat: int) -> dict:
    """``bias.selection_rate`` + ``bias.error_rate_parity`` against aif360 on the raw rows.

    aif360 gets one instance per row: the attribute's integer group code, the decision (for
    ``BinaryLabelDatasetMetric``: base rate, disparate impact, statistical parity difference
    against the reference group) and, on rows with a known outcome, the outcome as label and
    the prediction as predicted label (``ClassificationMetric``: TPR, FPR, FNR, PPV, equal
    opportunity and average odds differences, FPR ratio).
    """
    from ethicskit.bias import groups as G
    from ethicskit.bias.aif import aif, silenced
    from ethicskit.bias.counts import counts as get_counts
    from ethicskit.registry import run_check

    def ours():
        c = fresh(campaign)
        return run_check("bias.selection_rate", c), run_check("bias.error_rate_parity", c)

    seconds, (sel, err) = best_of(ours, repeat)
    if sel.status in ("not_evaluated", "error"):
        return {"skipped": "bias.selection_rate did not run on this campaign"}
    with_errors = err.status not in ("not_evaluated", "error")  # needs outcome and prediction
    counts = get_counts(campaign)
    decision, _ = G.as_bool(campaign, counts.decision_column)
    if with_errors:
        predicted, _ = G.as_bool(campaign, counts.prediction_source)
        known = counts.outcome_rows >= 0
        outcome = counts.outcome_rows.astype("float64")
    refs = {r["attribute"]: r["group"] for r in sel.details["references"]}
    err_refs = ({r["attribute"]: r["group"] for r in err.details["references"]}
                if with_errors else {})
    A = aif()

    def theirs():
        import pandas as pd

        out = {}
        with silenced():
            for i, attr in enumerate(counts.attributes):
                cats = counts.categories[i]
                g = counts.codes[i].astype("float64")
                ref = cats.index(refs[attr.name]) if refs.get(attr.name) in cats else None
                ds = A["BinaryLabelDataset"](
                    df=pd.DataFrame({"g": g, "y": decision.astype("float64")}), label_names=["y"],
                    protected_attribute_names=["g"], favorable_label=1.0, unfavorable_label=0.0)
                if with_errors:
                    truth = A["BinaryLabelDataset"](
                        df=pd.DataFrame({"g": g[known], "y": outcome[known]}), label_names=["y"],
                        protected_attribute_names=["g"], favorable_label=1.0,
                        unfavorable_label=0.0)
                    pred = truth.copy(deepcopy=True)
                    pred.labels = predicted[known].astype("float64").reshape(-1, 1)
                eref = cats.index(err_refs[attr.name]) if err_refs.get(attr.name) in cats else None
                for code in np.unique(counts.codes[i]):
                    code = int(code)
                    priv = [{"g": float(ref)}] if ref is not None and ref != code else None
                    m = A["BinaryLabelDatasetMetric"](ds, unprivileged_groups=[{"g": float(code)}],
                                                      privileged_groups=priv)
                    row = {"rate": m.base_rate(privileged=False)}
                    if priv:
                        row["ratio"] = m.disparate_impact()
                        row["spd"] = m.statistical_parity_difference()
                    if with_errors and (g[known] == code).any():
                        epriv = ([{"g": float(eref)}] if eref is not None and eref != code
                                 else None)
                        cm = A["ClassificationMetric"](truth, pred,
                                                       unprivileged_groups=[{"g": float(code)}],
                                                       privileged_groups=epriv)
                        row.update(tpr=cm.true_positive_rate(privileged=False),
                                   fpr=cm.false_positive_rate(privileged=False),
                                   fnr=cm.false_negative_rate(privileged=False))
                        conf = cm.binary_confusion_matrix(privileged=False)
                        if conf["TP"] + conf["FP"] > 0:
                            row["ppv"] = cm.positive_predictive_value(privileged=False)
                        if epriv:
                            row.update(eod=cm.equal_opportunity_difference(),
                                       aod=cm.average_odds_difference(),
                                       fpr_ratio=cm.false_positive_rate_ratio())
                    out[(attr.name, cats[code])] = row
        return out

    aif_seconds, peer = best_of(theirs, repeat)
    compared = 0
    for rows in (sel.details["groups"], err.details["groups"] if with_errors else []):
        for r in rows:
            theirs_row = peer[(r["attribute"], r["group"])]
            for key, value in theirs_row.items():
                if key in r:
                    if not _same(r[key], value):
                        raise AssertionError(f"{r['attribute']}={r['group']} {key}: ethicskit "
                                             f"{r[key]!r}, aif360 {value!r}")
                    compared += 1
    return {"ethicskit": seconds, "aif360": aif_seconds, "values": compared}


def kanon_peer(campaign, fresh, best_of, repeat: int) -> dict:
    """``privacy.k_anonymity`` against ``groupby(quasi-identifiers).transform("size")`` on the
    rows: the same k (smallest class) and the same number of rows in classes below k_min."""
    from ethicskit.privacy.anonymity import DATE_COLUMNS, quasi_identifiers
    from ethicskit.registry import run_check

    qis = quasi_identifiers(campaign)
    if not qis or campaign.rows == 0:
        return {"skipped": "no quasi-identifiers in this campaign"}
    k_min = campaign.config.threshold("k_min")
    seconds, found = best_of(lambda: run_check("privacy.k_anonymity", fresh(campaign)), repeat)

    def peer():
        keys = campaign.df[qis].copy()
        for column in qis:
            if column in DATE_COLUMNS and hasattr(keys[column], "dt"):
                keys[column] = keys[column].dt.normalize()
        size = keys.groupby(qis, dropna=False, sort=False)[qis[0]].transform("size")
        return int(size.min()), int((size < k_min).sum())

    peer_seconds, (k, affected) = best_of(peer, repeat)
    if (found.value, found.affected_rows) != (k, affected):
        raise AssertionError(f"k-anonymity: ethicskit k={found.value}, "
                             f"{found.affected_rows} rows; peer k={k}, {affected} rows")
    return {"ethicskit": seconds, "peer": peer_seconds, "k": k, "affected": affected}
