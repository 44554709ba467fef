"""The group-count primitive against pandas groupby and a row-by-row expansion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ethicskit.counts import DENSE_CELLS, cell_key, codes_with_null, decode, group_sums


def _frame(seed: int, n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"a": rng.integers(0, 3, n), "b": rng.integers(0, 4, n),
                         "w": rng.integers(0, 5, n), "f": rng.random(n) < 0.3,
                         "x": rng.normal(size=n)})


def test_cell_key_is_mixed_radix_and_decodes():
    key = cell_key([np.array([0, 1, 2]), np.array([3, 0, 1])], [3, 4])
    assert key.tolist() == [3, 4, 9]  # 0*4+3, 1*4+0, 2*4+1
    a, b = decode(key, [3, 4])
    assert a.tolist() == [0, 1, 2] and b.tolist() == [3, 0, 1]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_counts_and_sums_equal_groupby(seed):
    df = _frame(seed)
    got = group_sums({"a": df.a.to_numpy(), "b": df.b.to_numpy()}, {"a": 3, "b": 4},
                     values={"f": df.f.to_numpy(), "x": df.x.to_numpy()})
    want = df.groupby(["a", "b"], sort=True).agg(n=("f", "size"), f=("f", "sum"),
                                                 x=("x", "sum")).reset_index()
    assert got[["a", "b", "n", "f"]].to_numpy().tolist() == want[["a", "b", "n", "f"]
                                                               ].to_numpy().tolist()
    assert np.allclose(got["x"], want["x"])
    assert got["n"].dtype == np.int64 and got["f"].dtype == np.int64


@pytest.mark.parametrize("seed", [3, 4])
def test_weights_equal_the_rows_repeated(seed):
    df = _frame(seed)
    expanded = df.loc[df.index.repeat(df.w)]
    got = group_sums({"a": df.a.to_numpy()}, {"a": 3}, weights=df.w.to_numpy(),
                     values={"f": df.f.to_numpy()})
    want = expanded.groupby("a", sort=True).agg(n=("f", "size"), f=("f", "sum")).reset_index()
    assert got[["a", "n", "f"]].to_numpy().tolist() == want.to_numpy().tolist()


def test_rows_mask_and_dense_cells():
    codes = np.array([0, 0, 2, 2, 2])
    got = group_sums({"c": codes}, {"c": 4}, rows=np.array([True, False, True, True, False]),
                     dense=True)
    assert got["c"].tolist() == [0, 1, 2, 3] and got["n"].tolist() == [1, 0, 2, 0]


def test_sparse_path_equals_dense(monkeypatch):
    df = _frame(5)
    args = ({"a": df.a.to_numpy(), "b": df.b.to_numpy()}, {"a": 3, "b": 4})
    dense = group_sums(*args, values={"x": df.x.to_numpy()})
    monkeypatch.setattr("ethicskit.counts.DENSE_CELLS", 1)
    sparse = group_sums(*args, values={"x": df.x.to_numpy()})
    pd.testing.assert_frame_equal(dense, sparse)
    assert DENSE_CELLS > 1


def test_null_code():
    codes, size = codes_with_null(np.array([0, -1, 1]), 2)
    assert codes.tolist() == [0, 2, 1] and size == 3
