"""``bias.offer_value_disparity``: SMD by hand and against numpy on the raw offers."""

import math

import numpy as np
import pandas as pd
import pytest

from bias_run import offer_value_disparity
from ethicskit.bias.checks import reduce
from ethicskit.bias.offer import offer_frame


def test_smd_by_hand_among_targeted_rows_with_an_offer(make_campaign):
    # a offers 10, 12, 14 (+ one untargeted 99 and one empty): mean 12, (n-1)s² = 8
    # b offers 20, 22: mean 21, (n-1)s² = 2; reference b (config)
    # pooled sd = sqrt((8 + 2) / (3 + 2 - 2)); smd(a) = (12 - 21) / sqrt(10/3)
    c = make_campaign({"customer_id": list("abcdefg"),
                       "gender": ["a", "a", "a", "a", "a", "b", "b"],
                       "targeted": [1, 1, 1, 0, 1, 1, 1],
                       "offer_value": [10, 12, 14, 99, None, 20, 22]},
                      protected_attributes=["gender"], reference_groups={"gender": "b"},
                      decision_domain="credit")
    f = offer_value_disparity(c, smd_max=0.3, min_group_n=2)
    g = {r["group"]: r for r in f.details["groups"]}
    assert (g["a"]["n"], g["a"]["mean"], g["a"]["median"]) == (3, pytest.approx(12), 12.0)
    assert g["a"]["smd"] == pytest.approx(-9 / math.sqrt(10 / 3), abs=1e-12)
    assert g["a"]["mean_ratio"] == pytest.approx(12 / 21)
    assert g["b"]["reference"] and g["b"]["smd"] == 0.0
    assert (f.status, f.affected_rows) == ("fail", 3)
    assert f.value == pytest.approx(9 / math.sqrt(10 / 3))
    assert f.threshold == {"smd_max": 0.3}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_smd_equals_numpy_on_raw_rows(make_campaign, seed):
    rng = np.random.default_rng(seed)
    n = 500
    frame = pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)],
                          "gender": rng.choice(["f", "m", "x"], n),
                          "targeted": rng.random(n) < 0.6,
                          "offer_value": np.round(rng.normal(500.0, 20.0, n), 2)})
    frame.loc[frame.index % 17 == 0, "offer_value"] = np.nan
    c = make_campaign(frame, protected_attributes=["gender"])
    f = offer_value_disparity(c, smd_max=0.3, min_group_n=30)
    ref = f.details["references"][0]["group"]
    has = frame["targeted"] & frame["offer_value"].notna()
    x = frame.loc[has]
    r = x.loc[x["gender"] == ref, "offer_value"].to_numpy()
    for g in f.details["groups"]:
        v = x.loc[x["gender"] == g["group"], "offer_value"].to_numpy()
        pooled = math.sqrt(((len(v) - 1) * v.var(ddof=1) + (len(r) - 1) * r.var(ddof=1))
                           / (len(v) + len(r) - 2))
        assert g["n"] == len(v)
        assert g["mean"] == pytest.approx(v.mean(), abs=1e-9)
        assert g["median"] == pytest.approx(np.median(v), abs=1e-12)
        assert g["smd"] == pytest.approx((v.mean() - r.mean()) / pooled, abs=1e-9)


def test_the_boundary_and_small_groups(make_campaign):
    # a: 0, 2 (mean 1, (n-1)s² = 2); b (reference): 0.4, 2.4 (mean 1.4, (n-1)s² = 2)
    # pooled sd = sqrt((2 + 2) / 2); smd(a) = -0.4 / sqrt(2) = -0.2828: inside 0.3 -> pass.
    # The small group s (1 offer, min_group_n 2) never decides.
    c = make_campaign({"customer_id": list("abcde"), "gender": ["a", "a", "b", "b", "s"],
                       "targeted": [1] * 5, "offer_value": [0, 2, 0.4, 2.4, 100]},
                      protected_attributes=["gender"], reference_groups={"gender": "b"},
                      decision_domain="credit")
    f = offer_value_disparity(c, smd_max=0.3, min_group_n=2)
    g = {r["group"]: r for r in f.details["groups"]}
    assert g["a"]["smd"] == pytest.approx(-0.4 / math.sqrt(2))
    assert not g["s"]["evaluated"] and g["s"]["smd"] is not None
    assert f.status == "pass"
    assert offer_value_disparity(c, smd_max=0.2828, min_group_n=2).status == "fail"


def test_not_evaluated_without_offers(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "gender": ["f", "m"], "targeted": [0, 0],
                       "offer_value": [1.0, 2.0]})
    f = offer_value_disparity(c, smd_max=0.3, min_group_n=1)
    assert f.status == "not_evaluated" and "no targeted row" in f.message


def test_offer_frame_for_plots(make_campaign):
    c = make_campaign({"customer_id": list("abc"), "gender": ["f", None, "m"],
                       "targeted": [1, 1, 0], "offer_value": [1.0, 2.0, 3.0]},
                      protected_attributes=["gender"])
    frame = offer_frame(c)
    assert frame.to_dict("records") == [
        {"attribute": "gender", "group": "f", "offer_value": 1.0},
        {"attribute": "gender", "group": "(missing)", "offer_value": 2.0}]


@pytest.mark.parametrize("seed", range(5))
def test_group_medians_equal_pandas(seed, monkeypatch):
    from ethicskit.bias import distribution

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 2000))
    values = np.round(rng.gamma(2.0, 30.0, n), int(rng.integers(0, 3)))  # ties, odd and even
    groups = rng.integers(0, int(rng.integers(1, 9)), n)
    expected = pd.Series(values).groupby(groups).median()
    got = distribution.Distribution(values).medians(groups)
    assert got.index.tolist() == expected.index.tolist()
    assert got.tolist() == expected.tolist()  # exactly: the same middle values
    monkeypatch.setattr(distribution, "MAX_HISTOGRAM", 0)  # too large a histogram: pandas
    assert distribution.Distribution(values).medians(groups).tolist() == expected.tolist()


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_box_statistics_equal_matplotlib(seed, large, monkeypatch):
    from matplotlib.cbook import boxplot_stats

    from ethicskit.bias import distribution

    if large:
        monkeypatch.setattr(distribution, "MAX_HISTOGRAM", 0)  # one group at a time
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    values = np.round(rng.lognormal(3.0, 0.8, n), int(rng.integers(0, 2)))  # long tail
    groups = rng.integers(0, int(rng.integers(1, 6)), n)
    boxes = distribution.Distribution(values).boxes(groups)
    assert sorted(boxes) == sorted(set(groups.tolist()))
    for code, got in boxes.items():
        want = boxplot_stats(values[groups == code])[0]
        for key in ("q1", "med", "q3", "whislo", "whishi", "mean"):
            assert got[key] == pytest.approx(want[key], rel=1e-12, abs=1e-12), key
        assert got["n"] == int((groups == code).sum())
        assert got["fliers"].tolist() == sorted(set(want["fliers"].tolist()))


def test_offer_boxes_name_attribute_and_group(make_campaign):
    c = make_campaign({"customer_id": list("abcde"), "gender": ["f", "f", "m", "m", None],
                       "targeted": [1, 1, 1, 0, 1], "offer_value": [1.0, 3.0, 5.0, 9.0, 2.0]},
                      protected_attributes=["gender"])
    boxes = reduce(c).offer_boxes.set_index("group")
    assert sorted(boxes.index) == ["(missing)", "f", "m"]  # m's untargeted offer left out
    assert boxes.loc["f", ["n", "med", "q1", "q3"]].tolist() == [2, 2.0, 1.5, 2.5]
    assert boxes.loc["m", "n"] == 1 and boxes.loc["m", "med"] == 5.0
    assert (boxes["attribute"] == "gender").all()
