"""The group counts: cells and tables equal pandas' groupby, whichever way they are counted."""

import numpy as np
import pandas as pd
import pytest

from ethicskit.bias import counts as C


@pytest.mark.parametrize("direct", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_cells_equal_the_groupby_of_the_rows(seed, direct, monkeypatch):
    if not direct:
        monkeypatch.setattr(C, "DIRECT_CELLS", 0)  # found by factorizing instead
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    sizes = [int(rng.integers(1, 6)), int(rng.integers(1, 9))]
    with_offer = rng.random(n) < 0.5
    offer = np.where(with_offer, rng.gamma(2.0, 20.0, n), 0.0)
    data = {"a0": rng.integers(0, sizes[0], n).astype(np.int32),
            "a1": rng.integers(0, sizes[1], n).astype(np.int32),
            "decision": rng.integers(0, 2, n).astype(np.int8),
            "prediction": rng.integers(0, 2, n).astype(np.int8),
            "outcome": rng.integers(-1, 2, n).astype(np.int8),
            "targeted": rng.integers(0, 2, n).astype(np.int8),
            "n": np.ones(n, dtype=np.int64), "offer_n": with_offer.astype(np.int64),
            "offer_sum": offer, "offer_sq": offer * offer}
    got = C._cells(data, ["a0", "a1"], sizes)
    keys = ["a0", "a1", *C.FLAGS]
    expected = pd.DataFrame(data).groupby(keys, sort=True)[list(C.SUMS)].sum().reset_index()
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert got.drop(columns=["offer_sum", "offer_sq"]).equals(
        expected.drop(columns=["offer_sum", "offer_sq"]))  # keys and counts exactly


@pytest.mark.parametrize("direct", [True, False])
@pytest.mark.parametrize("keys, by", [((0,), ()), ((1,), ("decision",)), ((0, 1), ("decision",)),
                                      ((0,), ("outcome", "prediction")), ((1, 0), ())])
def test_tables_equal_the_groupby_of_the_cells(keys, by, direct, monkeypatch):
    if not direct:
        monkeypatch.setattr(C, "DIRECT_CELLS", 0)  # pandas' groupby itself
    rng = np.random.default_rng(len(keys) + len(by))
    n, sizes = 500, [3, 4]
    cells = pd.DataFrame({"a0": rng.integers(0, 3, n).astype(np.int32),
                          "a1": rng.integers(0, 4, n).astype(np.int32),
                          "decision": rng.integers(0, 2, n).astype(np.int8),
                          "prediction": rng.integers(0, 2, n).astype(np.int8),
                          "outcome": rng.integers(-1, 2, n).astype(np.int8),
                          "targeted": rng.integers(0, 2, n).astype(np.int8),
                          "n": rng.integers(1, 50, n), "offer_n": rng.integers(0, 5, n),
                          "offer_sum": rng.normal(size=n), "offer_sq": rng.random(n)})
    counts = C.Counts(attributes=[], keys=["a0", "a1"], categories=[list("abc"), list("wxyz")],
                      codes=[], cells=cells, rows=int(cells["n"].sum()), decision_column="d")
    got = counts.table(keys, by=by)
    names = [f"a{i}" for i in keys] + list(by)
    expected = cells.groupby(names, sort=True)[list(C.SUMS)].sum().reset_index()
    expected["g"] = C.group_code([expected[k].to_numpy() for k in names[:len(keys)]],
                                 [sizes[i] for i in keys])
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
    assert got[["n", "offer_n"]].equals(expected[["n", "offer_n"]])  # counts exactly
