"""``bias.offer_value_disparity``: do some groups get smaller offers (or dearer prices)?

Among targeted rows with an ``offer_value``, each group's mean offer is compared with the
reference group's by the *standardized mean difference* (SMD): the gap in means divided by the
pooled standard deviation of the two groups. An SMD of 0.2 is conventionally "small", 0.5
"medium"; ethicskit fails at ``smd_max`` (0.3 by default). Pricing that differs by a protected
trait is a classic fair-lending concern (ECOA/Reg B).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit import registry
from ethicskit.bias.counts import counts as get_counts
from ethicskit.bias.distribution import Distribution
from ethicskit.bias.reference import EPS, num, plural, reference_for
from ethicskit.bias.stats import smd


def offer_rows(campaign) -> tuple[np.ndarray, np.ndarray]:
    """Mask of targeted rows with a finite ``offer_value``, and the values (float)."""
    value = pd.to_numeric(campaign.df["offer_value"], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    mask = campaign.targeted.to_numpy(dtype=bool) & np.isfinite(value)
    return mask, value


def offer_value_disparity(campaign, *, smd_max: float, min_group_n: int):
    """``bias.offer_value_disparity``: offer size per group against the reference group.

    Per attribute and group, among targeted rows with an offer: ``n``, ``mean``, ``median``,
    ``smd = (mean - ref mean) / s_p`` with the pooled sample standard deviation
    ``s_p = sqrt(((n1-1) s1^2 + (n2-1) s2^2) / (n1 + n2 - 2))`` of the group and the reference,
    and ``mean_ratio = mean / ref mean``. A group is evaluated with at least ``min_group_n``
    offers. ``value`` = the largest evaluated abs(smd); fails if any reaches ``smd_max``.
    Groups without any offer are not listed. The reference group is the one of
    ``bias.selection_rate`` (config, else highest selection rate).
    """
    check = "bias.offer_value_disparity"
    counts = get_counts(campaign)
    if not counts.has_offer:
        return registry.not_evaluated(check, "Not evaluated: the dataset has no offer_value "
                                             "column.", missing=["offer_value"])
    if not counts.attributes:
        return registry.not_evaluated(check, "Not evaluated: the dataset has none of the "
                                             "protected attributes.")
    mask, value = offer_rows(campaign)
    if not mask.any():
        return registry.not_evaluated(check, "Not evaluated: no targeted row has an offer value."
                                      + campaign.targeted_note)
    notes = list(counts.notes)
    shift = counts.offer_shift
    groups, references = [], []
    affected = np.zeros(counts.rows, dtype=bool)
    offered = Distribution(value[mask])
    for i, attr in enumerate(counts.attributes):
        ref = reference_for(campaign, counts, (i,), min_group_n=min_group_n)
        t = counts.table((i,)).set_index("g")
        t = t[t["offer_n"] > 0]
        medians = offered.medians(counts.codes[i][mask])
        labels = counts.group_labels((i,), t.index)
        has_ref = ref.code is not None and ref.code in t.index
        if ref.code is not None and not has_ref:
            notes.append(f"{attr.name}: the reference group {ref.label!r} received no offer, "
                         f"so no differences can be computed.")
        if has_ref:
            rn, rs, rq = (t.loc[ref.code, "offer_n"], t.loc[ref.code, "offer_sum"],
                          t.loc[ref.code, "offer_sq"])
            ref_mean = float(shift + rs / rn)
        rows, bad = [], []
        for code, r in t.iterrows():
            n = int(r["offer_n"])
            mean = float(shift + r["offer_sum"] / n)
            row = {"attribute": attr.name, "group": labels[int(code)], "n": n, "mean": mean,
                   "median": float(medians.loc[code]), "smd": None, "mean_ratio": None,
                   "evaluated": bool(n >= min_group_n),
                   "reference": has_ref and int(code) == ref.code}
            if has_ref:
                row["smd"] = smd(n, r["offer_sum"], r["offer_sq"], rn, rs, rq)
                row["mean_ratio"] = mean / ref_mean if ref_mean != 0 else None
            if (row["evaluated"] and not row["reference"] and row["smd"] is not None
                    and abs(row["smd"]) >= smd_max - EPS):
                bad.append(int(code))
            rows.append(row)
        if bad:
            affected |= mask & counts.rows_in((i,), bad)
        groups += rows
        references.append(ref.as_dict(attr.name))
        if ref.note:
            notes.append(f"{attr.name}: {ref.note}")
    small = [r for r in groups if not r["evaluated"]]
    if small:
        notes.append(f"{plural(len(small), 'group')} with fewer than {min_group_n} offers "
                     f"{'is' if len(small) == 1 else 'are'} shown but not judged.")
    smds = [abs(r["smd"]) for r in groups if r["evaluated"] and r["smd"] is not None]
    flagged = [r for r in groups if r["evaluated"] and not r["reference"]
               and r["smd"] is not None and abs(r["smd"]) >= smd_max - EPS]
    threshold = {"smd_max": smd_max}
    details = {"groups": groups, "references": references, "min_group_n": min_group_n,
               "offers": int(mask.sum()), "notes": notes}
    if not smds:
        return registry.finding(check, status="not_evaluated", threshold=threshold,
                                details=details,
                                message=f"Not evaluated: no group has {min_group_n} offers "
                                        f"to compare with a reference group.")
    value = max(smds)
    if flagged:
        worst = max(flagged, key=lambda r: abs(r["smd"]))
        ref = next(r for r in groups if r["attribute"] == worst["attribute"] and r["reference"])
        message = (f"{plural(len(flagged), 'group')} with offers that differ by at least "
                   f"{smd_max:g} standard deviations: {worst['attribute']} = {worst['group']} "
                   f"gets {num(worst['mean'])} on average against {num(ref['mean'])} for "
                   f"{ref['group']} (SMD {num(worst['smd'])}). {int(affected.sum()):,} offers "
                   f"are in these groups.")
        status = "fail"
    else:
        message = (f"Mean offers of every group with at least {min_group_n} offers stay within "
                   f"{smd_max:g} standard deviations of the reference group (largest SMD "
                   f"{num(value)}).")
        status = "pass"
    return registry.finding(check, status=status, message=message + campaign.targeted_note,
                            value=value, threshold=threshold,
                            affected_rows=int(affected.sum()), details=details)


def offer_frame(campaign, attribute: str | None = None) -> pd.DataFrame:
    """Targeted rows with an offer, as ``attribute, group, offer_value``: one row per offer
    and attribute, for a closer look at a small campaign (:func:`offer_boxes` summarises a
    large one for plots).

    ``attribute`` is a protected attribute's config name; ``None`` gives every attribute.
    """
    counts = get_counts(campaign)
    if not counts.has_offer:
        return pd.DataFrame(columns=["attribute", "group", "offer_value"])
    mask, value = offer_rows(campaign)
    parts = []
    for i, attr in enumerate(counts.attributes):
        if attribute is not None and attr.name != attribute:
            continue
        cats = np.asarray(counts.categories[i], dtype=object)
        parts.append(pd.DataFrame({"attribute": attr.name,
                                   "group": cats[counts.codes[i][mask]],
                                   "offer_value": value[mask]}))
    if not parts:
        return pd.DataFrame(columns=["attribute", "group", "offer_value"])
    return pd.concat(parts, ignore_index=True)


BOX_COLUMNS = ["attribute", "group", "n", "mean", "q1", "med", "q3", "whislo", "whishi",
               "fliers"]


def offer_boxes(campaign) -> pd.DataFrame:
    """Box-plot statistics of the offers of every group of every protected attribute (targeted
    rows with an offer): one row per group with ``n, mean, q1, med, q3, whislo, whishi`` and
    ``fliers`` (:meth:`~ethicskit.bias.distribution.Distribution.boxes`). A few numbers per
    group, whatever the number of offers: what :func:`ethicskit.plots.bias.offer_values`
    draws."""
    counts = get_counts(campaign)
    if not counts.has_offer:
        return pd.DataFrame(columns=BOX_COLUMNS)
    mask, value = offer_rows(campaign)
    offers = Distribution(value[mask])
    rows = []
    for i, attr in enumerate(counts.attributes):
        for code, stats in offers.boxes(counts.codes[i][mask]).items():
            rows.append({"attribute": attr.name, "group": counts.categories[i][code],
                         **stats})
    return pd.DataFrame(rows, columns=BOX_COLUMNS)
