"""The bias reduction: cells and tables equal pandas' groupby, whichever way they are counted;
the tables of the record and ``files()`` by hand."""

import numpy as np
import pandas as pd
import pytest

from ethicskit import counts as K
from ethicskit.bias import checks
from ethicskit.bias import counts as C


def random_rows(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    targeted = rng.integers(0, 2, n).astype(bool)
    offer = np.where(rng.random(n) < 0.5, np.round(rng.gamma(2.0, 20.0, n), 2), np.nan)
    outcome = pd.array(np.where(rng.random(n) < 0.2, None, rng.random(n) < 0.5),
                       dtype="boolean")
    return pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)],
                         "gender": rng.choice(["f", "m", "x"], n)[:n],
                         "age_band": rng.choice(["18-24", "25-34", "65+", None], n),
                         "targeted": targeted, "prediction": rng.integers(0, 2, n).astype(bool),
                         "outcome": outcome, "offer_value": offer})


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_cells_equal_the_groupby_of_the_rows(make_campaign, seed, dense, monkeypatch):
    if not dense:
        monkeypatch.setattr(K, "DENSE_CELLS", 0)  # counted by numpy.unique instead
    frame = random_rows(seed)
    c = make_campaign(frame, protected_attributes=["gender", "age_band"])
    k = checks.reduce(c)
    rows = pd.DataFrame({"a0": [k.categories[0].index(v) for v in frame["gender"]],
                         "a1": [k.categories[1].index(v if isinstance(v, str) else "(missing)")
                                for v in frame["age_band"]],
                         "decision": frame["targeted"].astype(np.int8),
                         "prediction": frame["prediction"].astype(np.int8),
                         "outcome": frame["outcome"].astype("Int8").fillna(-1).astype(np.int8),
                         "targeted": frame["targeted"].astype(np.int8)})
    with_offer = frame["targeted"] & frame["offer_value"].notna()
    centred = np.where(with_offer, frame["offer_value"] - k.offer_shift, 0.0)
    rows["n"] = 1
    rows["offer_n"] = with_offer.astype(np.int64)
    rows["offer_sum"] = centred
    rows["offer_sq"] = centred * centred
    keys = ["a0", "a1", *C.FLAGS]
    expected = rows.groupby(keys, sort=True)[list(C.SUMS)].sum().reset_index()
    got = k.cells
    assert got[keys].astype(np.int64).equals(expected[keys].astype(np.int64))
    assert got["n"].tolist() == expected["n"].tolist()
    assert got["offer_n"].tolist() == expected["offer_n"].tolist()
    np.testing.assert_allclose(got["offer_sum"], expected["offer_sum"], rtol=1e-9, atol=1e-6)
    assert k.offers == int(with_offer.sum())


@pytest.mark.parametrize("keys, by", [((0,), ()), ((1,), ("decision",)), ((0, 1), ("decision",)),
                                      ((0,), ("outcome", "prediction")), ((1, 0), ())])
def test_tables_equal_the_groupby_of_the_cells(keys, by):
    rng = np.random.default_rng(len(keys) + len(by))
    n = 500
    cells = pd.DataFrame({"a0": rng.integers(0, 3, n).astype(np.int32),
                          "a1": rng.integers(0, 4, n).astype(np.int32),
                          "decision": rng.integers(0, 2, n).astype(np.int8),
                          "prediction": rng.integers(0, 2, n).astype(np.int8),
                          "outcome": rng.integers(-1, 2, n).astype(np.int8),
                          "targeted": rng.integers(0, 2, n).astype(np.int8),
                          "n": rng.integers(1, 50, n), "offer_n": rng.integers(0, 5, n),
                          "offer_sum": rng.normal(size=n), "offer_sq": rng.random(n)})
    counts = C.Counts(attributes=[None, None], categories=[list("abc"), list("wxyz")],
                      cells=cells, rows=int(cells["n"].sum()), decision_column="d")
    got = C.table(counts, keys, by=by)
    sizes = [3, 4]
    names = [f"a{i}" for i in keys] + list(by)
    expected = cells.groupby(names, sort=True)[list(C.SUMS)].sum().reset_index()
    expected["g"] = K.cell_key([expected[k].to_numpy() for k in names[:len(keys)]],
                               [sizes[i] for i in keys])
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12,
                                  check_dtype=False)
    assert got[["n", "offer_n"]].equals(expected[["n", "offer_n"]])  # counts exactly


@pytest.fixture
def tiny(make_campaign):
    # gender f: 4 rows, 1 selected; m: 4 rows, 3 selected (reference); offers among targeted
    return make_campaign({"customer_id": list("abcdefgh"), "gender": ["f"] * 4 + ["m"] * 4,
                          "targeted": [1, 0, 0, 0, 1, 1, 1, 0],
                          "offer_value": [10.0, 99.0, None, 5.0, 20.0, 22.0, 24.0, 7.0]},
                         protected_attributes=["gender"],
                         thresholds={"min_group_n": 2})


def test_the_reduction_by_hand(tiny):
    k = checks.reduce(tiny)
    assert k.rows == 8 and k.categories == [["f", "m"]]
    assert k.decision_column == "targeted" and k.decision_display == "targeted"
    assert (k.offers, k.offer_shift) == (4, pytest.approx(19.0))  # 10, 20, 22, 24
    assert C.table(k, (0,), by=("decision",))[["a0", "decision", "n"]].values.tolist() == [
        [0, 0, 3], [0, 1, 1], [1, 0, 1], [1, 1, 3]]
    boxes = k.offer_boxes.set_index("group")
    assert boxes.loc["m", ["n", "med", "q1", "q3"]].tolist() == [3, 22.0, 21.0, 23.0]
    assert k.offer_medians[0].tolist() == [10.0, 22.0]
    assert checks.reduce(tiny).cells.equals(k.cells)  # built again, the same: nothing cached


def test_tables_and_files_by_hand(tiny):
    from ethicskit import registry

    k = checks.reduce(tiny)
    findings = {row.id: registry.run_check(row, tiny, reduction=k)
                for row in registry.checks_for("bias")}
    t = checks.tables(k, findings)
    rates = t["selection_rates"].set_index("group")
    assert rates.loc["f", ["n", "selected"]].tolist() == [4, 1]
    assert rates.loc["f", "ratio"] == pytest.approx((1 / 4) / (3 / 4))
    assert rates.loc["m", "reference"] and not rates.loc["f", "reference"]
    assert t["intersections"].empty  # one attribute: no pair
    assert t["error_rates"].empty  # no outcome column
    boxes = t["offer_boxes"].set_index("group")
    assert boxes.loc["f", "n"] == 1 and boxes.loc["m", "smd"] == 0.0
    weights = {(r["group"], r["selected"]): r["weight"]
               for r in t["reweighing_weights"].to_dict("records")}
    # W(f,1) = n_f n_1 / (N n_f1) = 4 * 4 / (8 * 1) = 2
    assert weights[("f", True)] == pytest.approx(2.0)
    assert set(t) == {"selection_rates", "intersections", "error_rates", "offer_boxes",
                      "representation", "proxy_v", "reweighing_weights", "reweighing_ratios",
                      "delivery"}
    assert checks.files(k, findings) == {}


def test_rows():
    assert [r.id for r in checks.CHECKS] == [
        "bias.selection_rate", "bias.error_rate_parity", "bias.intersectional",
        "bias.offer_value_disparity", "bias.representation", "bias.delivery_skew",
        "bias.proxy_features", "bias.mitigation_preview"]
