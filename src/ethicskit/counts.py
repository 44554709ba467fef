"""The one group-count primitive: rows reduced to sums per cell of a few coded columns.

Every check's metric works on group counts: rows grouped by dictionary codes (a channel, a
protected attribute's group, a flag), each cell holding the number of its rows and the sums of a
few values over them. With a ``weight`` per row, counts become sums of weights, exactly as if
each row were repeated ``weight`` times.

Cells are addressed by one mixed-radix integer key (:func:`cell_key`): the first column is the
most significant digit, so the order of keys is the sorted order of the code tuples, as
``groupby(sort=True)`` orders them. Keys are counted with ``numpy.bincount`` when the product of
the sizes is small, else with ``numpy.unique``.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

#: Above this many possible cells, keys are counted with ``numpy.unique`` instead of a dense
#: ``bincount`` (whose memory grows with the product of the sizes).
DENSE_CELLS = 1 << 22


def cell_key(codes: Sequence[np.ndarray], sizes: Sequence[int]) -> np.ndarray:
    """One int64 key per row from the codes of several columns (each in ``0 .. size - 1``).

    ``key = ((c0 * s1 + c1) * s2 + c2) ...``: mixed radix, the first column most significant.
    """
    if not len(codes):
        raise ValueError("cell_key needs at least one column of codes")
    if float(np.prod([float(s) for s in sizes])) >= 2.0 ** 62:
        raise OverflowError("too many cells for one int64 key")
    key = np.asarray(codes[0], dtype=np.int64).copy()
    for c, size in zip(codes[1:], sizes[1:]):
        key *= int(size)
        key += np.asarray(c, dtype=np.int64)
    return key


def decode(keys: np.ndarray, sizes: Sequence[int]) -> list[np.ndarray]:
    """The column codes of mixed-radix ``keys`` (the inverse of :func:`cell_key`)."""
    keys = np.asarray(keys, dtype=np.int64)
    out = []
    for size in reversed(list(sizes)):
        out.append(keys % int(size))
        keys = keys // int(size)
    return out[::-1]


def group_sums(codes: Mapping[str, np.ndarray], sizes: Mapping[str, int], *,
               weights: np.ndarray | None = None,
               values: Mapping[str, np.ndarray] | None = None,
               rows: np.ndarray | None = None, dense: bool = False) -> pd.DataFrame:
    """Group counts: one row per cell of ``codes`` that has rows (all cells with ``dense``).

    Parameters
    ----------
    codes
        Column name -> int codes per row, each in ``0 .. sizes[name] - 1`` (map a null to a code
        of its own first).
    sizes
        Column name -> number of codes.
    weights
        People each row stands for (default 1): ``n`` and every sum are weighted.
    values
        Name -> a number or bool per row: each cell gets ``sum(weight * value)`` over its rows.
    rows
        A bool mask: only these rows are counted.
    dense
        Keep every cell, also those without rows (``n`` 0).

    Returns
    -------
    DataFrame
        The code columns (in the order of ``codes``), ``n`` and one column per value, in sorted
        key order. Sums are int64 when the weights and the value are integers or bools, else
        float64. ``n = sum(weights)`` per cell; with no weights, the number of rows.
    """
    names = list(codes)
    radix = [int(sizes[name]) for name in names]
    key = cell_key([codes[n] for n in names], radix)
    w = None if weights is None else np.asarray(weights)
    vals = {k: np.asarray(v) for k, v in (values or {}).items()}
    if rows is not None:
        rows = np.asarray(rows, dtype=bool)
        key = key[rows]
        w = None if w is None else w[rows]
        vals = {k: v[rows] for k, v in vals.items()}
    total = int(np.prod(radix)) if radix else 1
    integral = w is None or np.issubdtype(w.dtype, np.integer) or w.dtype == bool

    def as_type(sums: np.ndarray, value: np.ndarray | None) -> np.ndarray:
        whole = integral and (value is None or value.dtype == bool
                              or np.issubdtype(value.dtype, np.integer))
        return np.rint(sums).astype(np.int64) if whole else sums.astype(np.float64)

    if dense or total <= DENSE_CELLS:
        cells = np.arange(total, dtype=np.int64)
        present = np.bincount(key, minlength=total)
        n = present if w is None else np.bincount(key, weights=w.astype(np.float64),
                                                  minlength=total)
        sums = {}
        for name, v in vals.items():
            weight = v.astype(np.float64) if w is None else v.astype(np.float64) * w
            sums[name] = np.bincount(key, weights=weight, minlength=total)
        keep = slice(None) if dense else present > 0
        cells = cells[keep]
        n = n[keep]
        sums = {k: s[keep] for k, s in sums.items()}
    else:
        cells, inverse = np.unique(key, return_inverse=True)
        n = (np.bincount(inverse, minlength=len(cells)) if w is None else
             np.bincount(inverse, weights=w.astype(np.float64), minlength=len(cells)))
        sums = {}
        for name, v in vals.items():
            weight = v.astype(np.float64) if w is None else v.astype(np.float64) * w
            sums[name] = np.bincount(inverse, weights=weight, minlength=len(cells))
    out = dict(zip(names, decode(cells, radix)))
    out["n"] = as_type(np.asarray(n), None)
    for name, s in sums.items():
        out[name] = as_type(s, vals[name])
    return pd.DataFrame(out)


def codes_with_null(codes: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """Codes where -1 (a null) becomes a code of its own, ``size``; returns (codes, size + 1)."""
    codes = np.asarray(codes, dtype=np.int64)
    return np.where(codes < 0, size, codes), size + 1
