"""Every selection and error metric equals aif360 computed on the raw rows (one instance per row,
weight 1), for several random frames: the counts-as-weights shortcut changes nothing."""

import numpy as np
import pandas as pd
import pytest

from bias_run import error_rate_parity, intersectional, selection_rate
from helpers.aif import aif, silenced


def random_frame(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    gender = rng.choice(["f", "m", "x", None], n, p=[0.45, 0.4, 0.1, 0.05])
    band = rng.choice(["18-24", "25-34", "35-44", "65+"], n)
    base = np.where(gender == "f", 0.35, 0.5)
    targeted = rng.random(n) < base
    outcome = np.where(rng.random(n) < 0.1, None, rng.random(n) < 0.4)
    prediction = rng.random(n) < np.where(outcome == True, 0.7, 0.3)  # noqa: E712
    return pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)], "gender": gender,
                         "age_band": band, "targeted": targeted, "prediction": prediction,
                         "outcome": outcome})


def raw_dataset(groups: pd.Series, labels) -> tuple:
    """aif360 dataset of the raw rows; groups encoded as integers (aif360 issue #560)."""
    codes, uniques = pd.factorize(groups, sort=True)
    frame = pd.DataFrame({"g": codes.astype(float), "y": np.asarray(labels, dtype=float)})
    with silenced():
        ds = aif()["BinaryLabelDataset"](df=frame, label_names=["y"],
                                         protected_attribute_names=["g"])
    return ds, {u: float(i) for i, u in enumerate(uniques)}


def labels_of(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].astype(object).where(frame[column].notna(), "(missing)").astype(str)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_selection_metrics_equal_aif360_on_raw_rows(make_campaign, seed):
    frame = random_frame(seed)
    c = make_campaign(frame, protected_attributes=["gender", "age_band"])
    f = selection_rate(c, ratio_min=0.8, ratio_max=1.25, min_group_n=10)
    refs = {r["attribute"]: r["group"] for r in f.details["references"]}
    for attr in ("gender", "age_band"):
        ds, code = raw_dataset(labels_of(frame, attr), frame["targeted"])
        for g in [g for g in f.details["groups"] if g["attribute"] == attr]:
            with silenced():
                m = aif()["BinaryLabelDatasetMetric"](
                    ds, unprivileged_groups=[{"g": code[g["group"]]}],
                    privileged_groups=None if g["reference"] else [{"g": code[refs[attr]]}])
                assert g["rate"] == pytest.approx(m.base_rate(privileged=False), abs=1e-12)
                assert g["n"] == m.num_instances(privileged=False)
                assert g["selected"] == m.num_positives(privileged=False)
                if not g["reference"]:
                    assert g["ratio"] == pytest.approx(m.disparate_impact(), abs=1e-12)
                    assert g["spd"] == pytest.approx(m.statistical_parity_difference(),
                                                     abs=1e-12)


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_error_metrics_equal_aif360_on_raw_rows(make_campaign, seed):
    frame = random_frame(seed)
    c = make_campaign(frame, protected_attributes=["gender", "age_band"])
    f = error_rate_parity(c, odds_max=0.1, min_group_n=10)
    refs = {r["attribute"]: r["group"] for r in f.details["references"]}
    known = frame["outcome"].notna()
    rows = frame[known]
    for attr in ("gender", "age_band"):
        truth, code = raw_dataset(labels_of(rows, attr), rows["outcome"].astype(bool))
        pred = truth.copy(deepcopy=True)
        pred.labels = rows["prediction"].to_numpy(dtype=float).reshape(-1, 1)
        for g in [g for g in f.details["groups"] if g["attribute"] == attr]:
            with silenced():
                m = aif()["ClassificationMetric"](
                    truth, pred, unprivileged_groups=[{"g": code[g["group"]]}],
                    privileged_groups=None if g["reference"] else [{"g": code[refs[attr]]}])
                assert g["n"] == m.num_instances(privileged=False)
                for key, fn in (("tpr", m.true_positive_rate), ("fpr", m.false_positive_rate),
                                ("fnr", m.false_negative_rate),
                                ("ppv", m.positive_predictive_value),
                                ("base_rate", m.base_rate)):
                    assert g[key] == pytest.approx(fn(privileged=False), abs=1e-12), key
                if not g["reference"]:
                    assert g["eod"] == pytest.approx(m.equal_opportunity_difference(), abs=1e-12)
                    assert g["aod"] == pytest.approx(m.average_odds_difference(), abs=1e-12)
                    assert g["fpr_ratio"] == pytest.approx(m.false_positive_rate_ratio(),
                                                           abs=1e-12)


def test_intersection_metrics_equal_aif360_on_raw_rows(make_campaign):
    frame = random_frame(31, n=600)
    c = make_campaign(frame, protected_attributes=["gender", "age_band"])
    f = intersectional(c, ratio_min=0.8, ratio_max=1.25, min_group_n=10)
    pair = ("gender=" + labels_of(frame, "gender") + " & age_band=" + frame["age_band"])
    ds, code = raw_dataset(pair, frame["targeted"])
    ref = f.details["references"][0]["group"]
    for g in f.details["groups"]:
        if g["reference"]:
            continue
        with silenced():
            m = aif()["BinaryLabelDatasetMetric"](ds, unprivileged_groups=[{"g": code[g["group"]]}],
                                                  privileged_groups=[{"g": code[ref]}])
            assert g["rate"] == pytest.approx(m.base_rate(privileged=False), abs=1e-12)
            assert g["ratio"] == pytest.approx(m.disparate_impact(), abs=1e-12)
