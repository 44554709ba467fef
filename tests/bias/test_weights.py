"""Weighted rows in the bias checks: a row of ``weight`` w counts as w people, exactly as if it
were repeated w times; with ``decision: selected_count`` a row is ``selected_count`` people with
the decision and ``weight - selected_count`` without it, as if it were two rows.

The reference of every comparison is the same frame expanded row by row (``numpy.repeat`` by
weight, or into selected and not-selected rows), run through the unweighted checks, which the
other bias tests check by hand and against aif360. A few numbers are also worked out by hand,
and the weighted metrics are compared with aif360 given the weights as ``instance_weights``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from bias_run import check
from helpers.aif import aif, silenced
from ethicskit.bias.checks import reduce

IDS = ["bias.selection_rate", "bias.intersectional", "bias.error_rate_parity",
       "bias.offer_value_disparity", "bias.representation", "bias.delivery_skew",
       "bias.proxy_features", "bias.mitigation_preview"]
TH = {"bias.selection_rate": dict(ratio_min=0.8, ratio_max=1.25, min_group_n=30),
      "bias.intersectional": dict(ratio_min=0.8, ratio_max=1.25, min_group_n=30),
      "bias.error_rate_parity": dict(odds_max=0.1, min_group_n=30),
      "bias.offer_value_disparity": dict(smd_max=0.3, min_group_n=30),
      "bias.representation": dict(ratio_min=0.8, ratio_max=1.25),
      "bias.delivery_skew": dict(tvd_max=0.1),
      "bias.proxy_features": dict(proxy_v=0.3),
      "bias.mitigation_preview": dict(min_group_n=30)}
#: thresholds wide enough that the frames pass (the same finding either way, but ``pass``)
LOOSE = {"bias.selection_rate": dict(ratio_min=0.0, ratio_max=1e6, min_group_n=30),
         "bias.intersectional": dict(ratio_min=0.0, ratio_max=1e6, min_group_n=30),
         "bias.error_rate_parity": dict(odds_max=1.0, min_group_n=30),
         "bias.offer_value_disparity": dict(smd_max=10.0, min_group_n=30),
         "bias.representation": dict(ratio_min=0.0, ratio_max=1e6),
         "bias.delivery_skew": dict(tvd_max=0.9),
         "bias.proxy_features": dict(proxy_v=0.99),
         "bias.mitigation_preview": dict(min_group_n=30)}
FEATURES = ["score", "region", "store"]
SHARES = {"gender": {"f": 0.5, "m": 0.4}, "age_band": {"18-24": 0.3, "25-34": 0.3}}


def weighted_frame(seed: int, rows: int = 40, *, counts: bool = False) -> pd.DataFrame:
    """Aggregated rows: groups, flags and features per row, a weight of 0 to 60 (some 0), and
    with ``counts`` a selected_count of 0 to weight instead of a ``chosen`` flag."""
    rng = np.random.default_rng(seed)
    weight = rng.integers(0, 61, rows)
    weight[rng.random(rows) < 0.1] = 0
    gender = rng.choice(["f", "m", "x", None], rows, p=[0.45, 0.4, 0.1, 0.05])
    frame = pd.DataFrame({
        "gender": gender,
        "age_band": rng.choice(["18-24", "25-34", "35-44", "65+"], rows),
        "targeted": rng.random(rows) < np.where(gender == "f", 0.4, 0.6),
        "prediction": rng.random(rows) < 0.5,
        "outcome": pd.array(np.where(rng.random(rows) < 0.15, None, rng.random(rows) < 0.4),
                            dtype="boolean"),
        "offer_value": np.where(rng.random(rows) < 0.2, np.nan,
                                np.round(rng.gamma(2.0, 20.0, rows), 2)),
        "score": rng.integers(0, 40, rows),  # more than 10 values: quantile bins of the people
        "region": rng.choice(["n", "s", "e", "w"], rows),
        # 30 distinct values in 40 rows look like an identifier, not in ~1,000 people
        "store": [f"s{i}" for i in rng.integers(0, 30, rows)],
        "weight": weight})
    if counts:
        frame["selected_count"] = [int(rng.integers(0, w + 1)) for w in weight]
    else:
        frame["chosen"] = rng.random(rows) < np.where(gender == "f", 0.35, 0.55)
    return frame


def expand(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame one row per person: each row repeated ``weight`` times; with selected_count,
    ``selected_count`` copies with ``chosen`` true and the rest with ``chosen`` false."""
    w = frame["weight"].to_numpy()
    if "selected_count" in frame.columns:
        k = frame["selected_count"].to_numpy()
        out = pd.concat([frame.loc[np.repeat(frame.index, k)].assign(chosen=True),
                         frame.loc[np.repeat(frame.index, w - k)].assign(chosen=False)])
        out = out.drop(columns=["weight", "selected_count"])
    else:
        out = frame.loc[np.repeat(frame.index, w)].drop(columns=["weight"])
    return out.reset_index(drop=True)


def config(**extra):
    return dict(protected_attributes=["gender", "age_band"], model_features=FEATURES,
                population_shares=SHARES, decision_domain="credit", **extra)


def pair(make_campaign, frame, **extra):
    """(weighted campaign, expanded campaign) of ``frame``."""
    counted = "selected_count" in frame.columns
    weighted = make_campaign(frame, **config(decision="selected_count" if counted else "chosen",
                                             **extra))
    expanded = make_campaign(expand(frame), **config(decision="chosen", **extra))
    return weighted, expanded


#: detail keys whose words may differ (a note says "people" where the expanded run says "rows")
WORDS = {"notes", "weighted", "decision", "reason", "prediction"}


def same(a, b, path=""):
    """``a`` equals ``b``: floats to 1e-9, everything else exactly; notes and words left out."""
    if isinstance(b, dict):
        assert set(a) - WORDS == set(b) - WORDS, path
        for key in set(b) - WORDS:
            same(a[key], b[key], f"{path}.{key}")
    elif isinstance(b, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(b, float) and not isinstance(b, bool):
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), path
    else:
        assert a == b, path


def assert_same_finding(got, want):
    assert got.status == want.status
    if isinstance(want.value, float):
        assert got.value == pytest.approx(want.value, rel=1e-9, abs=1e-12)
    else:
        assert got.value == want.value
    assert got.affected_rows == want.affected_rows
    # the same words (numbers are compared in details: a mean on a rounding edge may print
    # one way or the other after sums in another order)
    assert re.sub(r"\d", "#", got.message) == re.sub(r"\d", "#", want.message)
    same(got.details, want.details)
    assert got.details["weighted"] is True and want.details["weighted"] is False


@pytest.mark.parametrize("thresholds", [TH, LOOSE], ids=["default", "loose"])
@pytest.mark.parametrize("counts", [False, True], ids=["weight", "selected_count"])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("check_id", IDS)
def test_a_weighted_frame_gives_the_finding_of_its_rows_repeated(make_campaign, check_id, seed,
                                                                  counts, thresholds):
    weighted, expanded = pair(make_campaign, weighted_frame(seed, counts=counts))
    run = check(check_id)
    got, want = run(weighted, **thresholds[check_id]), run(expanded, **thresholds[check_id])
    assert want.status not in ("error", "not_evaluated"), want.message
    if thresholds is LOOSE:
        assert want.status in ("pass", "info"), (want.status, want.message)
    assert_same_finding(got, want)


@pytest.mark.parametrize("check_id", IDS)
def test_an_adverse_decision_and_a_configured_reference_weigh_the_same(make_campaign, check_id):
    frame = weighted_frame(7, counts=True)
    weighted, expanded = pair(make_campaign, frame, decision_favourable=False,
                              reference_groups={"gender": "m"})
    run = check(check_id)
    assert_same_finding(run(weighted, **TH[check_id]), run(expanded, **TH[check_id]))


def test_large_weights_make_small_rows_judged_groups(make_campaign):
    # f: rows of 10 (2 selected) and 30 (9 selected): n 40, selected 11, rate 0.275
    # m: one row of 40 (20 selected): rate 0.5, the reference; ratio f = 0.275 / 0.5 = 0.55
    # x: 5 people, under min_group_n 30: shown, not judged. affected = the 40 people of f.
    frame = pd.DataFrame({"gender": ["f", "f", "m", "x"], "weight": [10, 30, 40, 5],
                          "selected_count": [2, 9, 20, 5]})
    c = make_campaign(frame, protected_attributes=["gender"], decision="selected_count")
    f = check("bias.selection_rate")(c, ratio_min=0.8, ratio_max=1.25, min_group_n=30)
    g = {r["group"]: r for r in f.details["groups"]}
    assert (g["f"]["n"], g["f"]["selected"], g["m"]["n"], g["m"]["selected"]) == (40, 11, 40, 20)
    assert g["m"]["reference"] and not g["x"]["evaluated"] and g["x"]["n"] == 5
    assert g["f"]["ratio"] == pytest.approx(0.55) and g["f"]["spd"] == pytest.approx(-0.225)
    # Wilson 95% of 11 / 40, by its formula
    z, n, p = 1.959963984540054, 40, 11 / 40
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert g["f"]["ci_low"] == pytest.approx((centre - half) / (1 + z * z / n))
    assert g["f"]["ci_high"] == pytest.approx((centre + half) / (1 + z * z / n))
    assert (f.status, f.value, f.affected_rows) == ("warn", pytest.approx(0.55), 40)
    assert f.details["weighted"] is True


def test_a_row_of_weight_zero_is_as_if_absent(make_campaign):
    # the y row stands for nobody: no group y, and its offer counts for nothing
    frame = pd.DataFrame({"gender": ["f", "m", "y"], "weight": [3, 2, 0],
                          "targeted": [True, False, True], "offer_value": [10.0, 20.0, 99.0]})
    c = make_campaign(frame, protected_attributes=["gender"])
    f = check("bias.selection_rate")(c, ratio_min=0.8, ratio_max=1.25, min_group_n=1)
    assert [(r["group"], r["n"], r["selected"]) for r in f.details["groups"]] == [
        ("f", 3, 3), ("m", 2, 0)]
    o = check("bias.offer_value_disparity")(c, smd_max=0.3, min_group_n=1)
    assert [(r["group"], r["n"], r["mean"]) for r in o.details["groups"]] == [("f", 3, 10.0)]
    assert o.details["offers"] == 3


def test_offer_mean_median_and_smd_as_if_repeated(make_campaign):
    # f: 10 x 3 and 20 x 1 -> n 4, mean 12.5, median (10 + 10) / 2 = 10,
    #    sum of squares about the mean 3 * 2.5^2 + 7.5^2 = 75
    # m: 30 x 2 -> n 2, mean 30, sum of squares 0 (the reference: highest selection rate)
    # pooled sd = sqrt((75 + 0) / (4 + 2 - 2)) = sqrt(18.75); smd f = (12.5 - 30) / sqrt(18.75)
    frame = pd.DataFrame({"gender": ["f", "f", "m"], "weight": [3, 1, 2],
                          "targeted": [True, True, True], "offer_value": [10.0, 20.0, 30.0]})
    c = make_campaign(frame, protected_attributes=["gender"], reference_groups={"gender": "m"})
    f = check("bias.offer_value_disparity")(c, smd_max=0.3, min_group_n=1)
    g = {r["group"]: r for r in f.details["groups"]}
    assert (g["f"]["n"], g["f"]["mean"], g["f"]["median"]) == (4, 12.5, 10.0)
    assert g["f"]["smd"] == pytest.approx(-17.5 / math.sqrt(18.75))
    assert f.affected_rows == 4 and f.details["weighted"] is True


def test_representation_shares_of_people(make_campaign):
    # 100 people: f 30 (one row), m 70 (two rows); shares 0.3 and 0.7 against 0.5 / 0.5
    frame = pd.DataFrame({"gender": ["f", "m", "m"], "weight": [30, 50, 20]})
    c = make_campaign(frame, protected_attributes=["gender"],
                      population_shares={"gender": {"f": 0.5, "m": 0.5}})
    f = check("bias.representation")(c, ratio_min=0.8, ratio_max=1.25)
    g = {r["group"]: r for r in f.details["groups"]}
    assert (g["f"]["n"], g["f"]["share"], g["m"]["n"], g["m"]["share"]) == (30, 0.3, 70, 0.7)
    assert (f.status, f.value, f.affected_rows) == ("warn", pytest.approx(0.6), 100)


def test_error_counts_take_the_row_outcome_for_all_its_people(make_campaign):
    # decision: selected_count, no prediction column: the selected part is predicted positive.
    # f: (w 10, 4 selected, outcome true) -> TP 4, FN 6; (w 10, 5 selected, outcome false)
    #    -> FP 5, TN 5: tpr 0.4, fpr 0.5
    # m: (w 20, 16 selected, true) -> TP 16, FN 4; (w 10, 1 selected, false) -> FP 1, TN 9:
    #    tpr 0.8, fpr 0.1. Selection rates f 9/20, m 17/30: m is the reference.
    frame = pd.DataFrame({"gender": ["f", "f", "m", "m"], "weight": [10, 10, 20, 10],
                          "selected_count": [4, 5, 16, 1], "outcome": [True, False, True, False]})
    c = make_campaign(frame, protected_attributes=["gender"], decision="selected_count")
    f = check("bias.error_rate_parity")(c, odds_max=0.1, min_group_n=1)
    g = {r["group"]: r for r in f.details["groups"]}
    assert (g["f"]["tp"], g["f"]["fn"], g["f"]["fp"], g["f"]["tn"]) == (4, 6, 5, 5)
    assert (g["m"]["tp"], g["m"]["fn"], g["m"]["fp"], g["m"]["tn"]) == (16, 4, 1, 9)
    assert g["f"]["tpr"] == pytest.approx(0.4) and g["f"]["fpr"] == pytest.approx(0.5)
    assert g["f"]["eod"] == pytest.approx(-0.4)
    assert g["f"]["aod"] == pytest.approx(((0.5 - 0.1) + (0.4 - 0.8)) / 2)
    assert f.affected_rows == 20  # the people of f with a known outcome


def test_selected_count_under_the_dataset_own_names(make_campaign):
    # columns mapped from an ad report: impressions (weight), conversions (selected_count)
    frame = pd.DataFrame({"sex": ["f", "m"], "impressions": [100, 100],
                          "conversions": [10, 30]})
    c = make_campaign(frame, columns={"gender": "sex", "weight": "impressions",
                                      "selected_count": "conversions"},
                      protected_attributes=["sex"], decision="conversions")
    f = check("bias.selection_rate")(c, ratio_min=0.8, ratio_max=1.25, min_group_n=30)
    assert [(r["group"], r["n"], r["selected"]) for r in f.details["groups"]] == [
        ("f", 100, 10), ("m", 100, 30)]
    assert f.value == pytest.approx(1 / 3) and f.affected_rows == 100


def test_a_selected_count_the_decision_does_not_name_is_noted(make_campaign):
    frame = pd.DataFrame({"gender": ["f", "m"], "weight": [40, 40], "selected_count": [1, 2],
                          "targeted": [True, False]})
    c = make_campaign(frame, protected_attributes=["gender"])
    f = check("bias.selection_rate")(c, ratio_min=0.8, ratio_max=1.25, min_group_n=30)
    assert [(r["group"], r["n"], r["selected"]) for r in f.details["groups"]] == [
        ("f", 40, 40), ("m", 40, 0)]
    assert any("set decision: selected_count" in n for n in f.details["notes"])


def test_unweighted_findings_say_so(make_campaign):
    # every check runs its metric (none lacks a column it needs): each says it is unweighted
    c = make_campaign({"gender": ["f", "m"], "targeted": [True, False], "outcome": [True, False],
                       "offer_value": [1.0, 2.0]}, protected_attributes=["gender"])
    for check_id in IDS:
        assert check(check_id)(c, **TH[check_id]).details["weighted"] is False, check_id


def test_notes_count_people(make_campaign):
    frame = pd.DataFrame({"gender": ["f", "m"], "weight": [3, 4], "targeted": [True, None],
                          "outcome": [True, None]})
    c = make_campaign(frame, protected_attributes=["gender"])
    s = check("bias.selection_rate")(c, ratio_min=0.8, ratio_max=1.25, min_group_n=1)
    assert "4 people with an empty decision counted as not selected." in s.details["notes"]
    e = check("bias.error_rate_parity")(c, odds_max=0.1, min_group_n=1)
    assert "4 people without a known outcome were left out." in e.details["notes"]


# ---------------------------------------------------------------- aif360 with instance weights

def instances(frame: pd.DataFrame):
    """One instance per part of each row with its people: (row index, chosen, weight)."""
    if "selected_count" not in frame.columns:
        keep = frame["weight"] > 0
        return (frame.index[keep].to_numpy(), frame.loc[keep, "chosen"].to_numpy(bool),
                frame.loc[keep, "weight"].to_numpy(float))
    k, w = frame["selected_count"].to_numpy(), frame["weight"].to_numpy()
    yes, no = np.flatnonzero(k > 0), np.flatnonzero(w - k > 0)
    return (np.r_[yes, no], np.r_[np.ones(len(yes), bool), np.zeros(len(no), bool)],
            np.r_[k[yes], (w - k)[no]].astype(float))


def weighted_dataset(groups: pd.Series, labels, weights):
    codes, uniques = pd.factorize(groups, sort=True)
    frame = pd.DataFrame({"g": codes.astype(float), "y": np.asarray(labels, dtype=float)})
    with silenced():
        ds = aif()["BinaryLabelDataset"](df=frame, label_names=["y"],
                                         protected_attribute_names=["g"],
                                         instance_weights_name=None)
    ds.instance_weights = np.asarray(weights, dtype=float)
    return ds, {u: float(i) for i, u in enumerate(uniques)}


def finite(x):
    """aif360's number, None where it is undefined (NaN, inf), as the findings write it."""
    return float(x) if np.isfinite(x) else None


def approx(x):
    return None if x is None else pytest.approx(x, abs=1e-12)


def gender_labels(frame, index):
    return frame["gender"].iloc[index].fillna("(missing)").astype(str).reset_index(drop=True)


@pytest.mark.slow
@pytest.mark.parametrize("counts", [False, True], ids=["weight", "selected_count"])
def test_selection_and_reweighing_equal_aif360_with_instance_weights(make_campaign, counts):
    frame = weighted_frame(11, counts=counts)
    weighted, _ = pair(make_campaign, frame)
    f = check("bias.selection_rate")(weighted, **TH["bias.selection_rate"])
    mit = check("bias.mitigation_preview")(weighted, min_group_n=30)
    ref = next(r["group"] for r in f.details["references"] if r["attribute"] == "gender")
    index, chosen, w = instances(frame)
    ds, code = weighted_dataset(gender_labels(frame, index), chosen, w)
    for g in [g for g in f.details["groups"] if g["attribute"] == "gender"]:
        with silenced():
            m = aif()["BinaryLabelDatasetMetric"](
                ds, unprivileged_groups=[{"g": code[g["group"]]}],
                privileged_groups=None if g["reference"] else [{"g": code[ref]}])
            assert g["n"] == m.num_instances(privileged=False)
            assert g["selected"] == m.num_positives(privileged=False)
            assert g["rate"] == pytest.approx(m.base_rate(privileged=False), abs=1e-12)
            if not g["reference"]:
                assert g["ratio"] == pytest.approx(m.disparate_impact(), abs=1e-12)
                assert g["spd"] == pytest.approx(m.statistical_parity_difference(), abs=1e-12)
    # Reweighing of the weighted instances: the factor on each (group, decision) cell
    for g_label, g_code in code.items():
        others = [{"g": c} for c in code.values() if c != g_code]
        with silenced():
            rw = aif()["Reweighing"](unprivileged_groups=others, privileged_groups=[{"g": g_code}])
            out = rw.fit(ds).transform(ds)
        factor = out.instance_weights / ds.instance_weights
        groups = ds.protected_attributes[:, 0]
        for y in (True, False):
            cell = (groups == g_code) & (chosen == y)
            if not cell.any():
                continue
            row = next(r for r in mit.details["weights"]
                       if r["attribute"] == "gender" and r["group"] == g_label
                       and r["selected"] == y)
            assert row["weight"] == pytest.approx(factor[cell][0], rel=1e-12)
            assert row["n"] == w[cell].sum()


@pytest.mark.parametrize("counts", [False, True], ids=["weight", "selected_count"])
def test_error_rates_equal_aif360_with_instance_weights(make_campaign, counts):
    frame = weighted_frame(12, counts=counts)
    weighted, _ = pair(make_campaign, frame)
    f = check("bias.error_rate_parity")(weighted, **TH["bias.error_rate_parity"])
    ref = next(r["group"] for r in f.details["references"] if r["attribute"] == "gender")
    index, chosen, w = instances(frame)
    known = frame["outcome"].iloc[index].notna().to_numpy()
    index, w = index[known], w[known]
    truth, code = weighted_dataset(gender_labels(frame, index),
                                   frame["outcome"].iloc[index].astype(bool), w)
    pred = truth.copy(deepcopy=True)
    pred.labels = frame["prediction"].iloc[index].to_numpy(dtype=float).reshape(-1, 1)
    for g in [g for g in f.details["groups"] if g["attribute"] == "gender"]:
        with silenced():
            m = aif()["ClassificationMetric"](
                truth, pred, unprivileged_groups=[{"g": code[g["group"]]}],
                privileged_groups=None if g["reference"] else [{"g": code[ref]}])
            assert g["n"] == m.num_instances(privileged=False)
            for key, fn in (("tpr", m.true_positive_rate), ("fpr", m.false_positive_rate),
                            ("fnr", m.false_negative_rate), ("base_rate", m.base_rate)):
                assert g[key] == approx(finite(fn(privileged=False))), key
            if not g["reference"]:
                assert g["eod"] == approx(finite(m.equal_opportunity_difference()))
                assert g["aod"] == approx(finite(m.average_odds_difference()))


def test_the_reduction_holds_people(make_campaign):
    frame = weighted_frame(5, counts=True)
    weighted, _ = pair(make_campaign, frame)
    k = reduce(weighted)
    assert k.weighted and k.split
    assert k.people == int(frame["weight"].sum()) == int(k.cells["n"].sum())
    assert int(k.cells.loc[k.cells["decision"] == 1, "n"].sum()) == int(
        frame["selected_count"].sum())


def test_the_offer_frame_carries_the_weights(make_campaign):
    from ethicskit.bias.offer import offer_frame

    frame = pd.DataFrame({"gender": ["f", "m", "m"], "weight": [3, 0, 2],
                          "targeted": [True, True, True], "offer_value": [1.0, 2.0, 3.0]})
    c = make_campaign(frame, protected_attributes=["gender"])
    got = offer_frame(c)
    assert got.to_dict("list") == {"attribute": ["gender", "gender"], "group": ["f", "m"],
                                   "offer_value": [1.0, 3.0], "weight": [3, 2]}
