"""The keys of the ``targeting_criteria`` tokens per distinct value, with the rows holding
each: what ``transparency.excluded_data_used`` compares with the inventory's exclusions, for
the rows (:mod:`ethicskit.transparency.reduction`) and for an engine's cells
(:mod:`ethicskit.transparency.cells`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.counts import codes_with_null, group_sums


def criteria_of(campaign, *, weights: np.ndarray | None = None
                ) -> tuple[tuple[frozenset[str], ...], np.ndarray]:
    """Token keys per distinct ``targeting_criteria`` value, and the rows of each value
    (a null row holds no token and is counted apart). ``weights``: the rows each row of the
    frame stands for (a compressed campaign's cells, :mod:`ethicskit.transparency.cells`);
    None: one each."""
    codes, per_value = campaign.value_tokens("targeting_criteria")
    distinct = pd.Series(sorted({t for ts in per_value for t in ts}), dtype="str")
    key_of = dict(zip(distinct.tolist(),
                      distinct.str.split(":", n=1).str[0].str.strip().tolist()))
    keys = tuple(frozenset(key_of[t] for t in ts) for ts in per_value)
    coded, size = codes_with_null(codes, len(per_value))
    counts = group_sums({"value": coded}, {"value": size}, weights=weights,
                        dense=True)["n"].to_numpy()
    return keys, counts[: len(per_value)]
