"""``bias.representation``: does the eligible population look like the population it should?

A group missing from the eligible population was excluded before any model ran: no selection
rate can show it. The config's ``population_shares`` names, per attribute, the share each group
has in the reference population (a census, the customer base); each group's share of all rows
is compared with it. Datasheets for Datasets (Gebru et al.) asks for exactly this record.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit import registry
from ethicskit.bias import groups as G
from ethicskit.bias.reference import num, outside, pct, plural


def representation(campaign, *, ratio_min: float, ratio_max: float):
    """``bias.representation``: group shares against ``population_shares``.

    Per attribute and group named in ``population_shares``: ``n`` (its rows), ``share`` = n /
    all rows (a missing value counts in all rows, as the group ``(missing)``),
    ``population_share`` and ``ratio = share / population_share``. A named group absent from the
    data has share 0. ``value`` = the lowest ratio; ``affected_rows`` = rows in groups whose
    ratio is outside [ratio_min, ratio_max]. Warns if any ratio is outside the band.
    """
    check = "bias.representation"
    shares = campaign.config.population_shares or {}
    if not shares:
        return registry.not_evaluated(check, "Not evaluated: the config has no "
                                             "population_shares to compare with.",
                                      missing=["population_shares"])
    rows_total = len(campaign.df)
    groups, notes = [], []
    affected = np.zeros(rows_total, dtype=bool)
    for attr_key, named in shares.items():
        column = campaign.resolve(str(attr_key))
        if column is None:
            notes.append(f"population_shares names {attr_key!r}, which is not in the dataset; "
                         f"it was skipped.")
            continue
        label_of_row, names = G.column_codes(campaign, column)
        # rows per label, most first, ties in the labels' natural order
        counts = pd.Series(np.bincount(label_of_row, minlength=len(names)),
                           index=pd.Index(names, dtype=object)
                           ).sort_values(ascending=False, kind="stable")
        for group_key, population_share in named.items():
            label = G.match_label(group_key, counts.index)
            n = int(counts.get(label, 0)) if label is not None else 0
            share = n / rows_total if rows_total else 0.0
            ratio = share / float(population_share)
            bad = outside(ratio, ratio_min, ratio_max)
            groups.append({"attribute": str(attr_key),
                           "group": label if label is not None else str(group_key), "n": n,
                           "share": share, "population_share": float(population_share),
                           "ratio": ratio, "outside": bad})
            if bad and label is not None:
                affected |= label_of_row == names.index(label)
    threshold = {"ratio_min": ratio_min, "ratio_max": ratio_max}
    details = {"groups": groups, "notes": notes}
    if not groups:
        return registry.finding(check, status="not_evaluated", threshold=threshold,
                                details=details, message="Not evaluated: none of the attributes "
                                "named in population_shares is in the dataset.")
    value = min(r["ratio"] for r in groups)
    flagged = [r for r in groups if r["outside"]]
    if flagged:
        worst = max(flagged, key=lambda r: abs(np.log(r["ratio"])) if r["ratio"] else np.inf)
        message = (f"{plural(len(flagged), 'group')} under- or over-represented: "
                   f"{worst['attribute']} = {worst['group']} is {pct(worst['share'])} of the "
                   f"eligible population against {pct(worst['population_share'])} of the "
                   f"reference population (ratio {num(worst['ratio'])}, band "
                   f"{ratio_min:g}-{ratio_max:g}).")
        status = "warn"
    else:
        message = (f"Every group named in population_shares is represented within "
                   f"{ratio_min:g}-{ratio_max:g} times its population share (lowest ratio "
                   f"{num(value)}).")
        status = "pass"
    return registry.finding(check, status=status, message=message, value=value,
                            threshold=threshold, affected_rows=int(affected.sum()),
                            details=details)
