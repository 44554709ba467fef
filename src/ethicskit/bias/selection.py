"""``bias.selection_rate`` and ``bias.intersectional``: who is selected, group by group.

The selection rate of a group is the share of its rows whose decision is true, on all rows of
the eligible population. Its ratio to the reference group's rate is the *disparate impact*; the
US "four-fifths" screen (29 CFR 1607.4(D)) treats a ratio below 0.8 as evidence of adverse
impact, and ethicskit also flags a ratio above 1.25 (the same gap seen from the other side).
It is a screen, not a verdict: with small groups the ratio is noisy (hence the Wilson interval
and ``min_group_n``), and a ratio inside the band does not prove fairness.
"""

from __future__ import annotations

import numpy as np

from ethicskit import registry
from ethicskit.bias.counts import Counts, counts as get_counts
from ethicskit.bias.reference import (Reference, group_rates, num, outside, pct, plural,
                                      reference_for)
from ethicskit.bias.stats import wilson


def selection_rows(counts: Counts, key_indices: tuple[int, ...], *, attribute: str,
                   reference: Reference, min_group_n: int) -> list[dict]:
    """One row per group of ``details.groups`` (CHECKS.md keys, plus ``code``)."""
    metrics = counts.selection_metrics(key_indices, reference.code)
    rates = group_rates(counts, key_indices)
    labels = counts.group_labels(key_indices, rates.index)
    low, high = wilson(rates["selected"].to_numpy(), rates["n"].to_numpy())
    rows = []
    for k, (code, r) in enumerate(rates.iterrows()):
        m = metrics[int(code)]
        rows.append({"attribute": attribute, "group": labels[int(code)], "n": int(r["n"]),
                     "selected": int(r["selected"]), "rate": m["rate"], "ratio": m["ratio"],
                     "spd": m["spd"], "ci_low": float(low[k]), "ci_high": float(high[k]),
                     "evaluated": bool(r["n"] >= min_group_n),
                     "reference": reference.code is not None and int(code) == reference.code,
                     "code": int(code)})
        if len(key_indices) == 2:  # the pair's two values, for tables and heatmaps
            i, j = key_indices
            k2 = len(counts.categories[j])
            rows[-1]["values"] = [counts.categories[i][int(code) // k2],
                                  counts.categories[j][int(code) % k2]]
    return rows


def _judge(rows: list[dict], *, ratio_min: float, ratio_max: float) -> list[dict]:
    return [r for r in rows if r["evaluated"] and outside(r["ratio"], ratio_min, ratio_max)]


def _finding(check_id: str, campaign, counts: Counts, parts: list[tuple], *, ratio_min,
             ratio_max, min_group_n, notes: list[str]):
    """Common result of both checks; ``parts`` = [(key_indices, attribute label, Reference)]."""
    groups: list[dict] = []
    flagged: list[dict] = []
    affected = np.zeros(counts.rows, dtype=bool)
    references = []
    for key_indices, label, ref in parts:
        rows = selection_rows(counts, key_indices, attribute=label, reference=ref,
                              min_group_n=min_group_n)
        bad = _judge(rows, ratio_min=ratio_min, ratio_max=ratio_max)
        if bad:
            affected |= counts.rows_in(key_indices, [r["code"] for r in bad])
        if ref.code is not None and not any(r["reference"] and r["rate"] for r in rows):
            notes.append(f"{label}: the reference group {ref.label!r} selected nobody, so "
                         f"ratios against it are undefined (null).")
        groups += rows
        flagged += bad
        references.append(ref.as_dict(label))
        if ref.note:
            notes.append(f"{label}: {ref.note}")
    for r in groups:
        r.pop("code")
    ratios = [r["ratio"] for r in groups if r["evaluated"] and r["ratio"] is not None]
    small = [r for r in groups if not r["evaluated"]]
    value = min(ratios) if ratios else None
    threshold = {"ratio_min": ratio_min, "ratio_max": ratio_max}
    if small:
        notes.append(f"{plural(len(small), 'group')} with fewer than {min_group_n} people "
                     f"{'is' if len(small) == 1 else 'are'} shown but not judged.")
    if counts.decision_nulls:
        notes.append(f"{plural(counts.decision_nulls, 'row')} with an empty decision "
                     f"counted as not selected.")
    details = {"groups": groups, "references": references, "decision": counts.decision_column
               and campaign.display_name(counts.decision_column), "min_group_n": min_group_n,
               "notes": notes}
    ref_text = "; ".join(f"{r['attribute']}: {r['group']} ({r['rule']})" for r in references
                         if r["group"] is not None)
    if not ratios:
        return registry.finding(
            check_id, status="not_evaluated", threshold=threshold, details=details,
            message=f"Not evaluated: no group has at least {min_group_n} people with a "
                    f"defined ratio to a reference group.")
    worst = max(flagged, key=lambda r: abs(np.log(r["ratio"])) if r["ratio"] else np.inf,
                default=None)
    if flagged:
        ref_of = {r["attribute"]: r["group"] for r in references}
        message = (f"{plural(len(flagged), 'group')} outside the {ratio_min:g}-{ratio_max:g} "
                   f"band: {worst['attribute']} = {worst['group']} is selected at "
                   f"{pct(worst['rate'])} (95% interval {pct(worst['ci_low'])}-"
                   f"{pct(worst['ci_high'])}) against {pct(_ref_rate(groups, worst))} for "
                   f"{ref_of[worst['attribute']]}, a ratio of {num(worst['ratio'])}. "
                   f"{int(affected.sum()):,} people are in the groups outside the band.")
        status = "fail"
    else:
        message = (f"Every group with at least {min_group_n} people is selected within "
                   f"{ratio_min:g}-{ratio_max:g} times the reference rate (lowest ratio "
                   f"{num(value)}).")
        status = "pass"
    if ref_text and check_id == "bias.selection_rate":  # name each reference and its rule
        message += f" Reference groups: {ref_text}."
    return registry.finding(check_id, status=status, message=message, value=value,
                            threshold=threshold, affected_rows=int(affected.sum()),
                            details=details)


def _ref_rate(groups: list[dict], row: dict):
    for r in groups:
        if r["attribute"] == row["attribute"] and r["reference"]:
            return r["rate"]
    return None


def _no_decision(check_id: str, campaign):
    name = campaign.config.decision
    return registry.not_evaluated(
        check_id, f"Not evaluated: the dataset has no {name!r} column (the decision audited).",
        missing=[name])


def selection_rate(campaign, *, ratio_min: float, ratio_max: float, min_group_n: int):
    """``bias.selection_rate``: selection rate per group against the reference group.

    For each protected attribute and group: ``n``, ``selected``, ``rate = selected / n``,
    ``ratio = rate / reference rate`` (disparate impact), ``spd = rate - reference rate``, the
    Wilson 95% interval of ``rate``. ``value`` = lowest evaluated ratio; ``affected_rows`` =
    rows in evaluated groups whose ratio lies outside [ratio_min, ratio_max]. Fails if any
    evaluated ratio lies outside the band; groups under ``min_group_n`` rows never decide.
    """
    counts = get_counts(campaign)
    if counts.decision_column is None:
        return _no_decision("bias.selection_rate", campaign)
    if not counts.attributes:
        return registry.not_evaluated("bias.selection_rate", "Not evaluated: the dataset has "
                                      "none of the protected attributes.")
    parts = [((i,), a.name, reference_for(campaign, counts, (i,), min_group_n=min_group_n))
             for i, a in enumerate(counts.attributes)]
    return _finding("bias.selection_rate", campaign, counts, parts, ratio_min=ratio_min,
                    ratio_max=ratio_max, min_group_n=min_group_n, notes=list(counts.notes))


def intersectional(campaign, *, ratio_min: float, ratio_max: float, min_group_n: int):
    """``bias.intersectional``: :func:`selection_rate` over every pair of protected attributes.

    Pairs in the config's order; attribute ``a & b``, groups ``a=x & b=y``; the reference of a
    pair is its evaluated group with the highest selection rate (never the config's). A fair
    total can hide an unfair intersection (Buolamwini & Gebru 2018).
    """
    counts = get_counts(campaign)
    if counts.decision_column is None:
        return _no_decision("bias.intersectional", campaign)
    attrs = counts.attributes
    if len(attrs) < 2:
        return registry.not_evaluated(
            "bias.intersectional", f"Not evaluated: intersections need at least two protected "
            f"attributes in the data; found {len(attrs)}.")
    parts = []
    for i in range(len(attrs)):
        for j in range(i + 1, len(attrs)):
            ref = reference_for(campaign, counts, (i, j), min_group_n=min_group_n)
            parts.append(((i, j), f"{attrs[i].name} & {attrs[j].name}", ref))
    return _finding("bias.intersectional", campaign, counts, parts, ratio_min=ratio_min,
                    ratio_max=ratio_max, min_group_n=min_group_n, notes=list(counts.notes))
