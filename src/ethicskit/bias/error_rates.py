"""``bias.error_rate_parity``: does the model err as often for every group (equalized odds)?

Among rows whose ``outcome`` is known, compare the model's decision (``prediction``, else the
audited decision column; empty counts as not selected) with what happened. Equalized odds
(Hardt et al. 2016) asks for the same true-positive rate (people who would convert are picked
as often) and the same false-positive rate (people who would not are picked as often) in every
group. ``eod`` is the gap in true-positive rate to the reference group, ``aod`` the average of
the gaps in false- and true-positive rates.
"""

from __future__ import annotations

import numpy as np

from ethicskit import registry
from ethicskit.bias import aif
from ethicskit.bias.counts import counts as get_counts
from ethicskit.bias.reference import EPS, num, pct, plural, reference_for


def _flag(row: dict, odds_max: float) -> bool:
    if not row["evaluated"] or row["reference"]:
        return False
    return any(row[k] is not None and abs(row[k]) > odds_max + EPS for k in ("eod", "aod"))


def error_rate_parity(campaign, *, odds_max: float, min_group_n: int):
    """``bias.error_rate_parity``: error rates per group against the reference group.

    Per attribute and group, on rows with a known ``outcome``: ``n``, ``tpr`` = TP/P,
    ``fpr`` = FP/N, ``fnr`` = FN/P, ``ppv`` = TP/(TP+FP), ``base_rate`` = P/n,
    ``eod`` = tpr - reference tpr, ``aod`` = ((fpr - ref fpr) + (tpr - ref tpr)) / 2,
    ``fpr_ratio`` = fpr / ref fpr (by aif360's ClassificationMetric on the group counts).
    ``value`` = the largest absolute evaluated eod. Fails if any evaluated group has
    abs(eod) or abs(aod) above ``odds_max``. The reference group is the one of
    ``bias.selection_rate`` (config, else highest selection rate).
    """
    check = "bias.error_rate_parity"
    counts = get_counts(campaign)
    if not counts.has_outcome:
        return registry.not_evaluated(check, "Not evaluated: the dataset has no outcome column.",
                                      missing=["outcome"])
    if counts.prediction_source is None:
        return registry.not_evaluated(
            check, f"Not evaluated: the dataset has neither a prediction column nor the "
                   f"decision column {campaign.config.decision!r}.", missing=["prediction"])
    if not counts.attributes:
        return registry.not_evaluated(check, "Not evaluated: the dataset has none of the "
                                             "protected attributes.")
    notes = list(counts.notes)
    groups, references = [], []
    affected = np.zeros(counts.rows, dtype=bool)
    known = counts.outcome_rows >= 0
    if not known.any():
        return registry.not_evaluated(check, "Not evaluated: no row has a known outcome.",
                                      missing=["outcome"])
    if (~known).any():
        notes.append(f"{plural(int((~known).sum()), 'row')} without a known outcome "
                     f"{'was' if (~known).sum() == 1 else 'were'} left out.")
    for i, attr in enumerate(counts.attributes):
        ref = reference_for(campaign, counts, (i,), min_group_n=min_group_n)
        t = counts.table((i,), by=("outcome", "prediction"))
        t = t[t["outcome"] >= 0]
        n = t.groupby("g")["n"].sum()
        ref_code = ref.code if ref.code is not None and ref.code in n.index else None
        if ref.code is not None and ref_code is None:
            notes.append(f"{attr.name}: the reference group {ref.label!r} has no row with a "
                         f"known outcome, so no differences can be computed.")
        metrics = aif.error_rates(t["g"], t["outcome"], t["prediction"], t["n"],
                                  reference=ref_code)
        labels = counts.group_labels((i,), n.index)
        rows = []
        for code, size in n.items():
            m = metrics[int(code)]
            rows.append({"attribute": attr.name, "group": labels[int(code)], "n": int(size),
                         "tpr": m["tpr"], "fpr": m["fpr"], "fnr": m["fnr"], "ppv": m["ppv"],
                         "base_rate": m["base_rate"], "eod": m["eod"], "aod": m["aod"],
                         "fpr_ratio": m["fpr_ratio"], "evaluated": bool(size >= min_group_n),
                         "reference": ref_code is not None and int(code) == ref_code,
                         "tp": int(m["tp"]), "fp": int(m["fp"]), "tn": int(m["tn"]),
                         "fn": int(m["fn"])})
        bad = [int(code) for code, r in zip(n.index, rows) if _flag(r, odds_max)]
        if bad:
            affected |= counts.rows_in((i,), bad) & known
        groups += rows
        references.append(ref.as_dict(attr.name))
        if ref.note:
            notes.append(f"{attr.name}: {ref.note}")
    flagged = [r for r in groups if _flag(r, odds_max)]
    eods = [abs(r["eod"]) for r in groups if r["evaluated"] and r["eod"] is not None]
    threshold = {"odds_max": odds_max}
    details = {"groups": groups, "references": references,
               "prediction": campaign.display_name(counts.prediction_source),
               "min_group_n": min_group_n, "notes": notes}
    if not eods:
        return registry.finding(check, status="not_evaluated", threshold=threshold,
                                details=details,
                                message="Not evaluated: no group with enough people has a "
                                        "defined true-positive rate to compare.")
    value = max(eods)
    source = ("the model's prediction" if counts.prediction_source == "prediction"
              else f"the decision ({campaign.display_name(counts.prediction_source)})")
    if flagged:
        worst = max(flagged, key=lambda r: max(abs(r["eod"] or 0), abs(r["aod"] or 0)))
        ref = next(r for r in groups if r["attribute"] == worst["attribute"] and r["reference"])
        message = (f"{plural(len(flagged), 'group')} with error rates more than {odds_max:g} "
                   f"from the reference: for {worst['attribute']} = {worst['group']}, "
                   f"{source} picks {pct(worst['tpr'])} of the people who converted against "
                   f"{pct(ref['tpr'])} for {ref['group']} (eod {num(worst['eod'], 3)}, "
                   f"aod {num(worst['aod'], 3)}); false-positive rates {pct(worst['fpr'])} "
                   f"against {pct(ref['fpr'])}.")
        status = "fail"
    else:
        message = (f"True- and false-positive rates of {source} stay within {odds_max:g} of "
                   f"the reference group for every group with at least {min_group_n} people "
                   f"(largest gap in true-positive rate {num(value, 3)}).")
        status = "pass"
    return registry.finding(check, status=status, message=message, value=value,
                            threshold=threshold, affected_rows=int(affected.sum()),
                            details=details)
