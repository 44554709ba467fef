"""Group counts worked out without any engine: codes by hand, reduced by counts.group_sums.

Each ``by`` column's values are coded in Python's sorted order, a null as the last code; a
null value or weight adds nothing (as 0). The cells are decoded back to values.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ethicskit.counts import group_sums as count_cells


def is_null(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def reference_group_sums(frame: pd.DataFrame, by, *, weight=None, values=None, rows=None):
    codes, sizes, labels = {}, {}, {}
    for name in by:
        column = list(frame[name])
        present = sorted({v for v in column if not is_null(v)})
        code_of = {v: i for i, v in enumerate(present)}
        codes[name] = np.array([len(present) if is_null(v) else code_of[v] for v in column])
        sizes[name] = len(present) + 1
        labels[name] = present + [None]
    zero = lambda s: np.array([0 if is_null(v) else v for v in s])  # noqa: E731
    w = None if weight is None else zero(frame[weight])
    vals = {k: zero(frame[c]) for k, c in (values or {}).items()}
    cells = count_cells(codes, sizes, weights=w, values=vals, rows=rows)
    for name in by:
        cells[name] = [labels[name][c] for c in cells[name]]
    return cells


def assert_same_cells(got: pd.DataFrame, want: pd.DataFrame, by) -> None:
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for name in by:
        g = [None if is_null(v) else v for v in got[name]]
        w = [None if is_null(v) else v for v in want[name]]
        assert g == w, name
    for name in [c for c in want.columns if c not in by]:
        assert got[name].dtype == want[name].dtype, name
        if want[name].dtype.kind == "f":
            np.testing.assert_allclose(got[name].to_numpy(), want[name].to_numpy(), rtol=1e-12,
                                       atol=0)
        else:
            assert got[name].tolist() == want[name].tolist(), name
