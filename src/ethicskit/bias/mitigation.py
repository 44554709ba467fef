"""``bias.mitigation_preview``: what reweighing (Kamiran & Calders 2012) would change.

Reweighing gives each (group, decision) cell the weight ``W = n_g * n_y / (N * n_gy)``: how many
people the cell would hold if group and decision were independent, over how many it holds. A
model retrained on the weighted data no longer learns the gap between groups. The preview shows
the weights (:func:`ethicskit.bias.rates.reweigh`, as aif360's ``Reweighing`` defines them)
and each group's selection rate and ratio before and after weighting. It is information for a
decision, not a fix: it changes training data, not the campaign already run, and a group nobody
in which was selected stays at zero.
"""

from __future__ import annotations

import numpy as np

from ethicskit.bias import rates
from ethicskit.bias.counts import Counts, people_by_group, sums
from ethicskit.bias.reference import rate_column, singles
from ethicskit.bias.selection import selection_metrics
from ethicskit.check import Measure


def mitigation_preview(counts: Counts, *, min_group_n: int) -> Measure:
    """``bias.mitigation_preview``: reweighing weights and the selection ratios they give.

    ``details.weights``: ``attribute, group, selected, n, weight`` per (group, decision) cell;
    ``details.groups``: ``attribute, group, n, rate_before, rate_after, ratio_before,
    ratio_after, evaluated, reference`` (reference as in ``bias.selection_rate``). ``value`` =
    the lowest evaluated ratio after reweighing (the highest for an adverse decision, as
    ``bias.selection_rate``). Rule: info (never judged).
    """
    if counts.decision_column is None:
        return Measure.not_evaluated("no_decision", missing=[counts.decision_name],
                                     decision=repr(counts.decision_name))
    if not counts.attributes:
        return Measure.not_evaluated("no_attributes")
    weights_out, groups, notes = [], [], list(counts.notes)
    for part in singles(counts, min_group_n=min_group_n):
        (i,), ref, name = part.keys, part.reference, part.label
        t = sums(counts, (i,), by=("decision",))
        g, y, n = t["g"], t["decision"], t["n"]
        cell_weights = rates.reweigh(g, y, n)
        w = np.array([cell_weights[(int(a), int(b))] or 1.0 for a, b in zip(g, y)])
        before = selection_metrics(counts, (i,), ref.code)  # those of bias.selection_rate
        after = rates.selection(g, y, n * w, reference=ref.code)
        labels = counts.group_labels((i,), np.unique(g))
        for a, b, size, weight in zip(g, y, n, w):
            weights_out.append({"attribute": name, "group": labels[int(a)],
                                "selected": bool(b), "n": int(size), "weight": float(weight)})
        codes, sizes, _ = people_by_group(counts, (i,), rate_column(counts) or "decision")
        for code, size in zip(codes.tolist(), sizes.tolist()):  # people per group with rows
            size = int(size)
            groups.append({"attribute": name, "group": labels[code], "n": int(size),
                           "rate_before": before[code]["rate"], "rate_after": after[code]["rate"],
                           "ratio_before": before[code]["ratio"],
                           "ratio_after": after[code]["ratio"],
                           "evaluated": bool(size >= min_group_n),
                           "reference": ref.code is not None and code == ref.code})
            if before[code]["rate"] in (0.0, 1.0) and size >= min_group_n:
                notes.append(f"{name} = {labels[code]}: everyone has the same decision, "
                             f"so reweighing cannot change its rate.")
    ev_before = [r["ratio_before"] for r in groups if r["evaluated"]
                 and r["ratio_before"] is not None]
    ev_after = [r["ratio_after"] for r in groups if r["evaluated"] and r["ratio_after"] is not None]
    details = {"weights": weights_out, "groups": groups, "notes": notes,
               "min_group_n": min_group_n}
    judged = {(r["attribute"], r["group"]) for r in groups if r["evaluated"]}
    ev_weights = [w["weight"] for w in weights_out if (w["attribute"], w["group"]) in judged]
    compared = bool(ev_before and ev_after)
    worst = min if counts.domain.favourable else max  # an adverse decision: the highest ratio
    facts = {"compared": compared,
             "before": worst(ev_before) if compared else None,
             "low": min(ev_weights) if compared else None,
             "high": max(ev_weights) if compared else None}
    return Measure(value=worst(ev_after) if ev_after else None, threshold=None, details=details,
                   facts=facts)
