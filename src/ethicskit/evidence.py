"""A finding's evidence: the first ``customer_id`` values of the rows it concerns, in row order.

A campaign of rows holds its ``customer_id`` column; a compressed campaign
(:mod:`ethicskit.compressed`) holds, per cell, the places of its first :data:`LIMIT` rows in
the reading order, as the engine found them (:data:`ROWS`, ascending). The first ``k`` rows of
a set of cells are the first ``k`` of the merged lists of its cells (:func:`merged`): each cell
keeps its own first ``LIMIT``, so no row among the set's first ``LIMIT`` is missing; the ids of
those ``k`` rows alone are then read from the dataset (:meth:`ethicskit.compressed.Cells.ids_at`:
keeping every cell's ids would double the cost of a group). :func:`first_ids` gives either,
masked as every identifier in an output (:func:`ethicskit.masking.safe_id`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: At most this many ids are kept per cell, and shown per finding.
LIMIT = 10
#: The column holding the places of those rows in the reading order (an int64 array each).
ROWS = "__ek_rows"


def first_ids(frame: pd.DataFrame, mask, *, limit: int = LIMIT, cells=None) -> list[str]:
    """Up to ``limit`` ``customer_id`` values of the rows of ``frame`` in ``mask`` (a bool array
    or Series over ``frame``'s rows), in row order, masked when they look like an identifier.

    For a compressed campaign's frame (it has :data:`ROWS`), the rows are those the cells in
    ``mask`` stand for: the ``limit`` smallest places among the cells' lists, whose ids
    ``cells`` reads; for one made without them (:meth:`ethicskit.compressed.Cells.group`
    without ``evidence``), ``cells`` asks its engine for the cells' first rows.
    """
    from ethicskit.masking import safe_id

    mask = np.asarray(mask, dtype=bool)
    if ROWS in frame.columns and cells is not None:
        places = merged(frame[ROWS].to_numpy()[mask], limit=limit)
        return [safe_id(v) for v in cells.ids_at(places)] if places else []
    if "customer_id" not in frame.columns and cells is not None:
        return [safe_id(v) for v in cells.first_ids(frame["__ek_cell"].to_numpy()[mask],
                                                    limit=limit)]
    return [safe_id(v) for v in frame.loc[mask, "customer_id"].head(limit).astype(str)]


def merged(rows, *, limit: int = LIMIT) -> list[int]:
    """The ``limit`` smallest places among the lists ``rows`` (each ascending), ascending."""
    if len(rows) == 0:
        return []
    # a cell's list is ascending, so only the first ``limit`` cells by first place can matter
    firsts = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    keep = np.argsort(firsts, kind="stable")[:limit]
    places = np.concatenate([np.asarray(rows[i], dtype=np.int64) for i in keep])
    return [int(p) for p in np.sort(places, kind="stable")[:limit]]
