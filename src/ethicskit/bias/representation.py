"""``bias.representation``: does the eligible population look like the population it should?

A group missing from the eligible population was excluded before any model ran: no selection
rate can show it. The config's ``population_shares`` names, per attribute, the share each group
has in the reference population (a census, the customer base); each group's share of all rows
is compared with it. Datasheets for Datasets (Gebru et al.) asks for exactly this record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ethicskit.bias import groups as G
from ethicskit.bias.stats import outside
from ethicskit.check import Measure
from ethicskit.counts import group_sums
from ethicskit.masking import safe_label


@dataclass(frozen=True)
class Shares:
    """What ``bias.representation`` reads: for each attribute of ``population_shares`` found
    in the data, the people per group label (most first, ties in natural order); ``cells`` the
    people per combination of their group codes (``r0``, ``r1``...), for counting the people of
    the flagged groups once; ``rows`` all people. People are rows, or the sums of the rows'
    weights."""

    named: dict[str, dict] = field(default_factory=dict)  # the config's population_shares
    found: list[tuple[str, list[str], pd.Series]] = field(default_factory=list)
    cells: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    rows: int = 0


def shares(campaign, coded: dict[str, Any], weights: np.ndarray | None = None) -> Shares:
    """The group counts of the attributes named in the config's ``population_shares``
    (``coded``: the natural codes already made of the protected attributes' columns);
    ``weights``: the people each row stands for (None: one each)."""
    named = campaign.config.population_shares or {}
    found, notes, codes, sizes = [], [], {}, {}
    for attr_key in named:
        column = campaign.resolve(str(attr_key))
        if column is None:
            notes.append(f"population_shares names {attr_key!r}, which is not in the dataset; "
                         f"it was skipped.")
            continue
        if column not in coded:
            coded = {**coded, column: G.natural_codes(campaign.df[column])}
        label_of_row, names = coded[column]
        # rows per label, most first, ties in the labels' natural order
        counts = pd.Series(group_sums({"g": label_of_row}, {"g": len(names)}, weights=weights,
                                      dense=True)["n"].to_numpy(),
                           index=pd.Index(names, dtype=object)
                           ).sort_values(ascending=False, kind="stable")
        codes[f"r{len(found)}"] = label_of_row
        sizes[f"r{len(found)}"] = len(names)
        found.append((str(attr_key), list(names), counts))
    cells = group_sums(codes, sizes, weights=weights) if codes else None
    people = len(campaign.df) if weights is None else int(np.asarray(weights).sum())
    return Shares(dict(named), found, cells, notes, people)


def representation(counts, *, ratio_min: float, ratio_max: float) -> Measure:
    """``bias.representation``: group shares against ``population_shares``.

    Per attribute and group named in ``population_shares``: ``n`` (its people: rows, or the sum
    of their weights), ``share`` = n / all people (a missing value counts in all people, as the
    group ``(missing)``),
    ``population_share`` and ``ratio = share / population_share``. A named group absent from the
    data has share 0. ``value`` = the lowest ratio; ``affected_rows`` = people in groups whose
    ratio is outside [ratio_min, ratio_max]; fact ``flagged`` = the groups outside (rule: warn
    when ``flagged > 0``).
    """
    rep: Shares = counts.representation
    if not rep.named:
        return Measure.not_evaluated("no_shares", missing=["population_shares"])
    rows_total = rep.rows
    groups, notes = [], list(rep.notes)
    hit = np.zeros(0 if rep.cells is None else len(rep.cells), dtype=bool)
    for j, (attr_key, names, counted) in enumerate(rep.found):
        named = rep.named[next(k for k in rep.named if str(k) == attr_key)]
        for group_key, population_share in named.items():
            label = G.match_label(group_key, counted.index)
            n = int(counted.get(label, 0)) if label is not None else 0
            share = n / rows_total if rows_total else 0.0
            ratio = share / float(population_share)
            bad = outside(ratio, ratio_min, ratio_max)
            groups.append({"attribute": attr_key,
                           "group": safe_label(label if label is not None else group_key),
                           "n": n,
                           "share": share, "population_share": float(population_share),
                           "ratio": ratio, "outside": bad})
            if bad and label is not None:
                hit |= rep.cells[f"r{j}"].to_numpy() == names.index(label)
    threshold = {"ratio_min": ratio_min, "ratio_max": ratio_max}
    details = {"groups": groups, "notes": notes}
    if not groups:
        return Measure(skip="none_found", threshold=threshold, details=details)
    flagged = [r for r in groups if r["outside"]]
    worst = max(flagged, key=lambda r: abs(np.log(r["ratio"])) if r["ratio"] else np.inf,
                default=None)
    affected = int(rep.cells["n"].to_numpy()[hit].sum()) if rep.cells is not None else 0
    return Measure(value=min(r["ratio"] for r in groups), affected_rows=affected,
                   threshold=threshold, details=details,
                   facts={"flagged": len(flagged), "worst": worst})
