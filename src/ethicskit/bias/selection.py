"""``bias.selection_rate`` and ``bias.intersectional``: who is selected, group by group.

The selection rate of a group is the share of its people whose decision is true, on all people
of the eligible population (people are rows, or the rows' weights: :mod:`.counts`). Its ratio
to the reference group's rate is the *disparate impact*; the US "four-fifths" screen (29 CFR
1607.4(D)) treats a ratio below 0.8 as evidence of adverse impact, and ethicskit also flags a
ratio above 1.25 (the same gap seen from the other side).
It is a screen, not a verdict and not a legal threshold: with small groups the ratio is noisy
(hence the Wilson interval and ``min_group_n``), and a ratio inside the band does not prove
fairness. A ratio outside the band is ``fail`` only where disparate impact is unlawful (a
credit, housing or employment decision, :mod:`.domain`), else ``warn``. For an adverse decision
(``decision_favourable: false``) the reference is the group least often given it and the
value the highest ratio.
"""

from __future__ import annotations

import numpy as np

from ethicskit.bias import rates
from ethicskit.bias.counts import Counts, people_by_group
from ethicskit.bias.reference import Part, compare, outside, pairs, plural, singles
from ethicskit.bias.stats import wilson
from ethicskit.check import Measure


def selection_metrics(counts: Counts, key_indices: tuple[int, ...], reference: int | None
                      ) -> dict[int, dict]:
    """The selection metrics of the groups of ``key_indices`` against ``reference``
    (:func:`ethicskit.bias.rates.selection_of_groups` of the people and selected people per
    group)."""
    codes, n, selected = people_by_group(counts, key_indices, "decision")
    return rates.selection_of_groups(codes, n, selected, reference=reference)


def selection_rows(counts: Counts, part: Part, *, min_group_n: int) -> list[dict]:
    """One row per group of ``details.groups`` (docs/checks.md keys, plus ``code``)."""
    key_indices, reference = part.keys, part.reference
    codes, n, selected = people_by_group(counts, key_indices, "decision")
    metrics = rates.selection_of_groups(codes, n, selected, reference=reference.code)
    labels = counts.group_labels(key_indices, codes)
    low, high = wilson(selected, n)
    rows = []
    for k, code in enumerate(codes.tolist()):
        m = metrics[code]
        rows.append({"attribute": part.label, "group": labels[code], "n": int(n[k]),
                     "selected": int(selected[k]), "rate": m["rate"], "ratio": m["ratio"],
                     "spd": m["spd"], "ci_low": float(low[k]), "ci_high": float(high[k]),
                     "evaluated": bool(n[k] >= min_group_n),
                     "reference": reference.code is not None and code == reference.code,
                     "code": code})
        if len(key_indices) == 2:  # the pair's two values, for tables and heatmaps
            i, j = key_indices
            k2 = len(counts.categories[j])
            rows[-1]["values"] = [counts.categories[i][code // k2],
                                  counts.categories[j][code % k2]]
    return rows


def _measure(counts: Counts, parts: list[Part], *, ratio_min, ratio_max, min_group_n,
             name_references: bool) -> Measure:
    """The measure of both checks; ``parts`` are the attributes (or pairs) compared."""

    def group_rows(part: Part, notes: list[str]) -> list[dict]:
        rows = selection_rows(counts, part, min_group_n=min_group_n)
        ref = part.reference
        if ref.code is not None and not any(r["reference"] and r["rate"] for r in rows):
            notes.append(f"{part.label}: the reference group {ref.label!r} selected nobody, so "
                         f"ratios against it are undefined (null).")
        return rows

    def flag(r: dict) -> bool:
        return r["evaluated"] and outside(r["ratio"], ratio_min, ratio_max)

    done = compare(counts, parts, group_rows, flag=flag, notes=list(counts.notes))
    groups, references, notes = done.groups, done.references, done.notes
    ratios = [r["ratio"] for r in groups if r["evaluated"] and r["ratio"] is not None]
    small = [r for r in groups if not r["evaluated"]]
    if small:
        notes.append(f"{plural(len(small), 'group')} with fewer than {min_group_n} people "
                     f"{'is' if len(small) == 1 else 'are'} shown but not judged.")
    if counts.decision_nulls:
        notes.append(f"{counts.how_many(counts.decision_nulls)} with an empty decision "
                     f"counted as not selected.")
    details = {"groups": groups, "references": references, "decision": counts.decision_display,
               "min_group_n": min_group_n, "notes": notes}
    threshold = {"ratio_min": ratio_min, "ratio_max": ratio_max}
    if not ratios:
        return Measure(skip="no_ratio", threshold=threshold, details=details,
                       facts={"min_group_n": min_group_n})
    favourable = counts.domain.favourable
    if favourable:  # the group furthest from parity, either side
        worst = max(done.flagged, key=lambda r: abs(np.log(r["ratio"])) if r["ratio"] else np.inf,
                    default=None)
    else:  # an adverse decision: the group most often given it
        worst = max(done.flagged, key=lambda r: (r["ratio"], r["n"]), default=None)
    named = [r for r in references if r["group"] is not None] if name_references else []
    facts = {"flagged": len(done.flagged), "named": named, "worst": worst,
             "reference_group": None, "reference_rate": None}
    if worst is not None:
        facts["reference_group"] = next(r["group"] for r in references
                                        if r["attribute"] == worst["attribute"])
        facts["reference_rate"] = next((r["rate"] for r in groups if r["attribute"] ==
                                        worst["attribute"] and r["reference"]), None)
    return Measure(value=min(ratios) if favourable else max(ratios), affected_rows=done.affected,
                   threshold=threshold, details=details, facts=facts)


def selection_rate(counts: Counts, *, ratio_min: float, ratio_max: float,
                   min_group_n: int) -> Measure:
    """``bias.selection_rate``: selection rate per group against the reference group.

    For each protected attribute and group: ``n``, ``selected``, ``rate = selected / n``,
    ``ratio = rate / reference rate`` (disparate impact), ``spd = rate - reference rate``, the
    Wilson 95% interval of ``rate`` (``ci_low``, ``ci_high``). ``value`` = lowest evaluated
    ratio (the highest when the decision is adverse, ``decision_favourable: false``: the
    reference is then the least-often harmed group and a high ratio is the harm);
    ``affected_rows`` = people in evaluated groups whose ratio lies outside [ratio_min,
    ratio_max]; fact ``flagged`` = the number of those groups (rule: a gap when ``flagged > 0``,
    ``fail`` in a credit, housing or employment decision, else ``warn``). Groups under
    ``min_group_n`` people never decide.
    """
    if counts.decision_column is None:
        return Measure.not_evaluated("no_decision", missing=[counts.decision_name],
                                     decision=repr(counts.decision_name))
    if not counts.attributes:
        return Measure.not_evaluated("no_attributes")
    return _measure(counts, singles(counts, min_group_n=min_group_n), ratio_min=ratio_min,
                    ratio_max=ratio_max, min_group_n=min_group_n, name_references=True)


def intersectional(counts: Counts, *, ratio_min: float, ratio_max: float,
                   min_group_n: int) -> Measure:
    """``bias.intersectional``: :func:`selection_rate` over every pair of protected attributes.

    Pairs in the config's order; attribute ``a & b``, groups ``a=x & b=y``; the reference of a
    pair is its evaluated group with the highest selection rate (the lowest for an adverse
    decision; never the config's). A fair total can hide an unfair intersection (Buolamwini &
    Gebru 2018).
    """
    if counts.decision_column is None:
        return Measure.not_evaluated("no_decision", missing=[counts.decision_name],
                                     decision=repr(counts.decision_name))
    if len(counts.attributes) < 2:
        return Measure.not_evaluated("one_attribute", found=len(counts.attributes))
    return _measure(counts, pairs(counts, min_group_n=min_group_n), ratio_min=ratio_min,
                    ratio_max=ratio_max, min_group_n=min_group_n, name_references=False)
