"""``bias.mitigation_preview``: what reweighing (Kamiran & Calders 2012) would change.

Reweighing gives each (group, decision) cell the weight ``W = n_g * n_y / (N * n_gy)``: how many
people the cell would hold if group and decision were independent, over how many it holds. A
model retrained on the weighted data no longer learns the gap between groups. The preview shows
the weights (by aif360's ``Reweighing``) and each group's selection rate and ratio before and
after weighting. It is information for a decision, not a fix: it changes training data, not the
campaign already run, and a group nobody in which was selected stays at zero.
"""

from __future__ import annotations

import numpy as np

from ethicskit import registry
from ethicskit.bias import aif
from ethicskit.bias.counts import counts as get_counts
from ethicskit.bias.reference import num, reference_for


def mitigation_preview(campaign, *, min_group_n: int):
    """``bias.mitigation_preview``: reweighing weights and the selection ratios they give.

    ``details.weights``: ``attribute, group, selected, n, weight`` per (group, decision) cell;
    ``details.groups``: ``attribute, group, n, rate_before, rate_after, ratio_before,
    ratio_after, evaluated, reference`` (reference as in ``bias.selection_rate``). ``value`` =
    the lowest evaluated ratio after reweighing. Status ``info``.
    """
    check = "bias.mitigation_preview"
    counts = get_counts(campaign)
    if counts.decision_column is None:
        name = campaign.config.decision
        return registry.not_evaluated(check, f"Not evaluated: the dataset has no {name!r} "
                                             f"column (the decision audited).", missing=[name])
    if not counts.attributes:
        return registry.not_evaluated(check, "Not evaluated: the dataset has none of the "
                                             "protected attributes.")
    weights_out, groups, notes = [], [], list(counts.notes)
    for i, attr in enumerate(counts.attributes):
        ref = reference_for(campaign, counts, (i,), min_group_n=min_group_n)
        t = counts.table((i,), by=("decision",))
        g, y, n = t["g"].to_numpy(), t["decision"].to_numpy(), t["n"].to_numpy()
        cell_weights = aif.reweigh(g, y, n)
        w = np.array([cell_weights[(int(a), int(b))] or 1.0 for a, b in zip(g, y)])
        before = counts.selection_metrics((i,), ref.code)  # those of bias.selection_rate
        after = aif.selection(g, y, n * w, reference=ref.code)
        labels = counts.group_labels((i,), np.unique(g))
        for a, b, size, weight in zip(g, y, n, w):
            weights_out.append({"attribute": attr.name, "group": labels[int(a)],
                                "selected": bool(b), "n": int(size), "weight": float(weight)})
        sizes = np.bincount(g, weights=n)
        for code in np.flatnonzero(np.bincount(g)).tolist():
            size = int(sizes[code])
            groups.append({"attribute": attr.name, "group": labels[code], "n": int(size),
                           "rate_before": before[code]["rate"], "rate_after": after[code]["rate"],
                           "ratio_before": before[code]["ratio"],
                           "ratio_after": after[code]["ratio"],
                           "evaluated": bool(size >= min_group_n),
                           "reference": ref.code is not None and code == ref.code})
            if before[code]["rate"] in (0.0, 1.0) and size >= min_group_n:
                notes.append(f"{attr.name} = {labels[code]}: everyone has the same decision, "
                             f"so reweighing cannot change its rate.")
    ev_before = [r["ratio_before"] for r in groups if r["evaluated"]
                 and r["ratio_before"] is not None]
    ev_after = [r["ratio_after"] for r in groups if r["evaluated"] and r["ratio_after"] is not None]
    value = min(ev_after) if ev_after else None
    details = {"weights": weights_out, "groups": groups, "notes": notes,
               "min_group_n": min_group_n}
    judged = {(r["attribute"], r["group"]) for r in groups if r["evaluated"]}
    ev_weights = [w["weight"] for w in weights_out if (w["attribute"], w["group"]) in judged]
    if ev_before and ev_after:
        message = (f"Reweighing the training data by group and decision would move the lowest "
                   f"selection-rate ratio from {num(min(ev_before))} to {num(value)}. Weights "
                   f"of the groups large enough to judge range from {num(min(ev_weights))} to "
                   f"{num(max(ev_weights))}.")
    else:
        message = "Reweighing weights are shown, but no group is large enough to compare ratios."
    return registry.finding(check, status="info", message=message, value=value, threshold=None,
                            affected_rows=None, details=details)
