"""``bias.error_rate_parity``: does the model err as often for every group (equalized odds)?

Among rows whose ``outcome`` is known, compare the model's decision (``prediction``, else the
audited decision column; empty counts as not selected) with what happened. Equalized odds
(Hardt et al. 2016) asks for the same true-positive rate (people who would convert are picked
as often) and the same false-positive rate (people who would not are picked as often) in every
group. ``eod`` is the gap in true-positive rate to the reference group, ``aod`` the average of
the gaps in false- and true-positive rates.

With weights, true and false positives and negatives are counted in people: a row's
``outcome`` (and its ``prediction``) holds for every one of its ``weight`` people. With
``decision: selected_count`` and no ``prediction`` column, the decision is the prediction: the
row's ``selected_count`` people are predicted positive and the others negative, all with the
row's outcome (the two parts of the row, each as if repeated).
"""

from __future__ import annotations

import numpy as np

from ethicskit.bias import rates
from ethicskit.bias.counts import Counts, sums
from ethicskit.bias.reference import EPS, Part, compare, singles
from ethicskit.check import Measure


def _flag(row: dict, odds_max: float) -> bool:
    if not row["evaluated"] or row["reference"]:
        return False
    return any(row[k] is not None and abs(row[k]) > odds_max + EPS for k in ("eod", "aod"))


def error_rows(counts: Counts, part: Part, notes: list[str], *, min_group_n: int) -> list[dict]:
    """The error rates of the groups of one attribute (rows with a known outcome), with their
    differences to the reference group (:func:`ethicskit.bias.rates.error_rates` on the counts)."""
    (i,), ref = part.keys, part.reference
    t = sums(counts, (i,), by=("outcome", "prediction"))
    known = t["outcome"] >= 0
    g, w = t["g"][known], t["n"][known]
    codes, n, _ = rates.group_totals(g, w)
    ref_code = ref.code if ref.code is not None and ref.code in set(codes.tolist()) else None
    if ref.code is not None and ref_code is None:
        notes.append(f"{part.label}: the reference group {ref.label!r} has no row with a "
                     f"known outcome, so no differences can be computed.")
    metrics = rates.error_rates(g, t["outcome"][known], t["prediction"][known], w,
                                reference=ref_code)
    labels = counts.group_labels((i,), codes)
    rows = []
    for code, size in zip(codes.tolist(), np.rint(n).astype(np.int64).tolist()):
        m = metrics[code]
        rows.append({"attribute": part.label, "group": labels[code], "n": size,
                     "tpr": m["tpr"], "fpr": m["fpr"], "fnr": m["fnr"], "ppv": m["ppv"],
                     "base_rate": m["base_rate"], "eod": m["eod"], "aod": m["aod"],
                     "fpr_ratio": m["fpr_ratio"], "evaluated": bool(size >= min_group_n),
                     "reference": ref_code is not None and code == ref_code,
                     "tp": int(m["tp"]), "fp": int(m["fp"]), "tn": int(m["tn"]),
                     "fn": int(m["fn"]), "code": code})
    return rows


def error_rate_parity(counts: Counts, *, odds_max: float, min_group_n: int) -> Measure:
    """``bias.error_rate_parity``: error rates per group against the reference group.

    Per attribute and group, on rows with a known ``outcome``: ``n``, ``tpr`` = TP/P,
    ``fpr`` = FP/N, ``fnr`` = FN/P, ``ppv`` = TP/(TP+FP), ``base_rate`` = P/n,
    ``eod`` = tpr - reference tpr, ``aod`` = ((fpr - ref fpr) + (tpr - ref tpr)) / 2,
    ``fpr_ratio`` = fpr / ref fpr (:func:`ethicskit.bias.rates.error_rates` on the group counts,
    the definitions of aif360's ClassificationMetric).
    ``value`` = the largest absolute evaluated eod; fact ``flagged`` = the evaluated groups
    with abs(eod) or abs(aod) above ``odds_max`` (rule: a gap when ``flagged > 0``, ``fail``
    in a credit, housing or employment decision, else ``warn``). The reference group is the one
    of ``bias.selection_rate`` (config, else highest selection rate, lowest for an adverse
    decision).
    """
    if not counts.has_outcome:
        return Measure.not_evaluated("no_outcome", missing=["outcome"])
    if counts.prediction_source is None:
        return Measure.not_evaluated("no_prediction", missing=["prediction"],
                                     decision=repr(counts.decision_name))
    if not counts.attributes:
        return Measure.not_evaluated("no_attributes")
    cells = counts.cells
    known = cells["outcome"].to_numpy() >= 0
    unknown = int(cells["n"].to_numpy()[~known].sum())
    if not known.any():
        return Measure.not_evaluated("no_known_outcome", missing=["outcome"])
    notes = list(counts.notes)
    if unknown:
        notes.append(f"{counts.how_many(unknown)} without a known outcome "
                     f"{'was' if unknown == 1 else 'were'} left out.")
    done = compare(counts, singles(counts, min_group_n=min_group_n),
                   lambda part, notes: error_rows(counts, part, notes, min_group_n=min_group_n),
                   flag=lambda r: _flag(r, odds_max), notes=notes, within=known)
    groups = done.groups
    eods = [abs(r["eod"]) for r in groups if r["evaluated"] and r["eod"] is not None]
    threshold = {"odds_max": odds_max}
    details = {"groups": groups, "references": done.references,
               "prediction": counts.prediction_display, "min_group_n": min_group_n,
               "notes": done.notes}
    if not eods:
        return Measure(skip="no_rate", threshold=threshold, details=details)
    facts = {"flagged": len(done.flagged), "worst": None, "ref": None,
             "from_model": counts.prediction_source == "prediction",
             "source_column": counts.prediction_display, "min_group_n": min_group_n}
    if done.flagged:
        worst = max(done.flagged, key=lambda r: max(abs(r["eod"] or 0), abs(r["aod"] or 0)))
        facts["worst"] = worst
        facts["ref"] = next(r for r in groups
                            if r["attribute"] == worst["attribute"] and r["reference"])
    return Measure(value=max(eods), affected_rows=done.affected, threshold=threshold,
                   details=details, facts=facts)
