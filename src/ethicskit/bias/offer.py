"""``bias.offer_value_disparity``: do some groups get smaller offers (or dearer prices)?

Among targeted rows with an ``offer_value``, each group's mean offer is compared with the
reference group's by the *standardized mean difference* (SMD): the gap in means divided by the
pooled standard deviation of the two groups. An SMD of 0.2 is conventionally "small", 0.5
"medium"; ethicskit flags ``smd_max`` (0.3 by default) or more. Pricing that differs by a
protected trait is a classic fair-lending concern (ECOA / Reg B): the flag is ``fail`` in a
credit, housing or employment decision and ``warn`` for other offers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.bias import groups as G
from ethicskit.bias.counts import Counts, sums
from ethicskit.bias.reference import EPS, Part, compare, plural, singles
from ethicskit.bias.stats import smd
from ethicskit.check import Measure
from ethicskit.masking import safe_labels


def offer_rows(campaign) -> tuple[np.ndarray, np.ndarray]:
    """Mask of targeted rows with a finite ``offer_value``, and the values (float)."""
    value = pd.to_numeric(campaign.df["offer_value"], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan)
    mask = campaign.targeted.to_numpy(dtype=bool) & np.isfinite(value)
    return mask, value


def offer_group_rows(counts: Counts, part: Part, notes: list[str], *, smd_max: float,
                     min_group_n: int) -> list[dict]:
    """Offer count, mean, median, SMD and mean ratio of every group of one attribute that
    received an offer, against the reference group."""
    (i,), ref = part.keys, part.reference
    shift = counts.offer_shift
    t = sums(counts, (i,))
    offered = t["offer_n"] > 0
    codes = t["g"][offered].tolist()
    count, total, squares = t["offer_n"][offered], t["offer_sum"][offered], t["offer_sq"][offered]
    medians = counts.offer_medians[i]
    labels = counts.group_labels((i,), codes)
    at = codes.index(ref.code) if ref.code is not None and ref.code in codes else None
    if ref.code is not None and at is None:
        notes.append(f"{part.label}: the reference group {ref.label!r} received no offer, "
                     f"so no differences can be computed.")
    if at is not None:
        rn, rs, rq = count[at], total[at], squares[at]
        ref_mean = float(shift + rs / rn)
    rows = []
    for k, code in enumerate(codes):
        n = int(count[k])
        mean = float(shift + total[k] / n)
        row = {"attribute": part.label, "group": labels[code], "n": n, "mean": mean,
               "median": float(medians.loc[code]), "smd": None, "mean_ratio": None,
               "evaluated": bool(n >= min_group_n),
               "reference": at is not None and code == ref.code, "code": code}
        if at is not None:
            row["smd"] = smd(n, total[k], squares[k], rn, rs, rq)
            row["mean_ratio"] = mean / ref_mean if ref_mean != 0 else None
        rows.append(row)
    return rows


def _flag(row: dict, smd_max: float) -> bool:
    return (row["evaluated"] and not row["reference"] and row["smd"] is not None
            and abs(row["smd"]) >= smd_max - EPS)


def offer_value_disparity(counts: Counts, *, smd_max: float, min_group_n: int) -> Measure:
    """``bias.offer_value_disparity``: offer size per group against the reference group.

    Per attribute and group, among targeted rows with an offer: ``n``, ``mean``, ``median``,
    ``smd = (mean - ref mean) / s_p`` with the pooled sample standard deviation
    ``s_p = sqrt(((n1-1) s1^2 + (n2-1) s2^2) / (n1 + n2 - 2))`` of the group and the reference,
    and ``mean_ratio = mean / ref mean``. A group is evaluated with at least ``min_group_n``
    offers. ``value`` = the largest evaluated abs(smd); fact ``flagged`` = the evaluated groups
    whose abs(smd) reaches ``smd_max`` (rule: a gap when ``flagged > 0``, ``fail`` in a credit,
    housing or employment decision, else ``warn``). Groups without any offer are not listed.
    The reference group is the one of ``bias.selection_rate`` (config, else highest selection
    rate, lowest for an adverse decision).
    """
    if not counts.has_offer:
        return Measure.not_evaluated("no_offer_column", missing=["offer_value"])
    if not counts.attributes:
        return Measure.not_evaluated("no_attributes")
    if not counts.offers:
        return Measure.not_evaluated("no_offers", all_targeted=not counts.has_targeted)
    done = compare(counts, singles(counts, min_group_n=min_group_n),
                   lambda part, notes: offer_group_rows(counts, part, notes, smd_max=smd_max,
                                                        min_group_n=min_group_n),
                   flag=lambda r: _flag(r, smd_max), notes=list(counts.notes),
                   weight="offer_n")
    groups, notes = done.groups, done.notes
    small = [r for r in groups if not r["evaluated"]]
    if small:
        notes.append(f"{plural(len(small), 'group')} with fewer than {min_group_n} offers "
                     f"{'is' if len(small) == 1 else 'are'} shown but not judged.")
    smds = [abs(r["smd"]) for r in groups if r["evaluated"] and r["smd"] is not None]
    threshold = {"smd_max": smd_max}
    details = {"groups": groups, "references": done.references, "min_group_n": min_group_n,
               "offers": counts.offers, "notes": notes}
    if not smds:
        return Measure(skip="no_smd", threshold=threshold, details=details,
                       facts={"min_group_n": min_group_n})
    facts = {"flagged": len(done.flagged), "worst": None, "ref": None,
             "all_targeted": not counts.has_targeted, "min_group_n": min_group_n}
    if done.flagged:
        worst = max(done.flagged, key=lambda r: abs(r["smd"]))
        facts["worst"] = worst
        facts["ref"] = next(r for r in groups
                            if r["attribute"] == worst["attribute"] and r["reference"])
    return Measure(value=max(smds), affected_rows=done.affected, threshold=threshold,
                   details=details, facts=facts)


def offer_frame(campaign, attribute: str | None = None) -> pd.DataFrame:
    """Targeted rows with an offer, as ``attribute, group, offer_value``: one row per offer
    and attribute, for a closer look at a small campaign (the record keeps only the box
    statistics, ``Counts.offer_boxes``).

    ``attribute`` is a protected attribute's config name; ``None`` gives every attribute.
    With weights, a column ``weight`` gives the people each offer stands for (rows of weight 0
    left out).
    """
    if "offer_value" not in campaign.df.columns:
        return pd.DataFrame(columns=["attribute", "group", "offer_value"])
    mask, value = offer_rows(campaign)
    weights = campaign.weights if campaign.weighted else None
    if weights is not None:
        mask = mask & (weights > 0)
    attrs, _ = G.attributes(campaign)
    parts = []
    for attr in attrs:
        if attribute is not None and attr.name != attribute:
            continue
        codes, cats = G.natural_codes(campaign.df[attr.column])
        parts.append(pd.DataFrame({"attribute": attr.name,
                                   "group": np.asarray(safe_labels(cats),
                                                       dtype=object)[codes[mask]],
                                   "offer_value": value[mask],
                                   **({} if weights is None else {"weight": weights[mask]})}))
    if not parts:
        return pd.DataFrame(columns=["attribute", "group", "offer_value"])
    return pd.concat(parts, ignore_index=True)
