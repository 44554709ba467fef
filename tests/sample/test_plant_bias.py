"""The bias planter: every bias check on the generated sample equals the planter's expectation
(counted with independent plain code), and the planted story holds on the default sample."""

import pandas as pd
import pytest

from ethicskit.campaign import from_frame
from ethicskit.registry import run_area
from ethicskit.sample import generate, plant_bias

#: every bias check of the catalogue (v2), named here rather than read from the registry
BIAS = ("bias.selection_rate", "bias.error_rate_parity", "bias.intersectional",
        "bias.offer_value_disparity", "bias.representation", "bias.delivery_skew",
        "bias.proxy_features", "bias.mitigation_preview")


@pytest.fixture(scope="module")
def findings(campaign):
    return run_area("bias", campaign)


def _compare(expected: dict, findings: dict, check_id: str) -> None:
    if check_id not in findings:
        pytest.fail(f"{check_id} is not registered yet")
    e, f = expected[check_id], findings[check_id]
    assert f.status == e["status"], check_id
    assert f.affected_rows == e["affected_rows"], check_id
    assert f.value == pytest.approx(e["value"], abs=1e-9), check_id


@pytest.mark.parametrize("check_id", BIAS)
def test_bias_check_matches_the_expectation(sample, findings, check_id):
    _compare(sample.expected, findings, check_id)


@pytest.mark.slow
def test_another_size_and_seed_match_too():
    s = generate(rows=1500, seed=11)
    f = run_area("bias", from_frame(s.df, s.config, as_of="2026-11-29"))
    for check_id in BIAS:
        if check_id in f:
            _compare(s.expected, f, check_id)
    assert set(BIAS) <= set(f), f"not registered yet: {sorted(set(BIAS) - set(f))}"


def test_a_general_domain_warns(sample):
    # the sample's offers are of several kinds and decision_domain is unset: "general"
    assert plant_bias.domain(sample.df, sample.config) == "general"
    for cid in ("bias.selection_rate", "bias.error_rate_parity", "bias.intersectional",
                "bias.offer_value_disparity", "bias.delivery_skew"):
        assert sample.expected[cid]["status"] == "warn", cid
    credit = dict(sample.config, decision_domain="credit")
    assert plant_bias.expect(sample.df, credit)["bias.selection_rate"]["status"] == "fail"


def test_delivery_skew_by_hand():
    # 10 people, 4 targeted: 3 female, 1 male; eligible shares 0.5 / 0.5:
    # delivered 0.75 / 0.25 -> tvd = (0.25 + 0.25) / 2 = 0.25
    df = pd.DataFrame({"targeted": [True] * 4 + [False] * 6,
                       "gender": ["female", "female", "female", "male"] + ["male"] * 6})
    config = {"protected_attributes": ["gender"],
              "population_shares": {"gender": {"female": 0.5, "male": 0.5}}}
    groups = {"gender": df["gender"]}
    assert plant_bias._delivery(df, config, groups, 0.1)["value"] == pytest.approx(0.25)
    # a group not named is pooled as (other): female named 0.4, (other) 0.6;
    # delivered 0.75 / 0.25 -> (0.35 + 0.35) / 2 = 0.35
    config["population_shares"] = {"gender": {"female": 0.4}}
    assert plant_bias._delivery(df, config, groups, 0.1)["value"] == pytest.approx(0.35)


def test_the_planted_story(sample, findings):
    f = findings
    out = [(g["attribute"], g["group"]) for g in f["bias.selection_rate"].details["groups"]
           if g["evaluated"] and not 0.8 <= g["ratio"] <= 1.25]
    assert out == [("age_band", "65+")]
    ratio = next(g["ratio"] for g in f["bias.selection_rate"].details["groups"]
                 if g["group"] == "65+")
    assert 0.45 < ratio < 0.7
    # the minors of the privacy and targeting cases are too few to be judged
    minors = next(g for g in f["bias.selection_rate"].details["groups"] if g["group"] == "0-17")
    assert minors["n"] < 30 and not minors["evaluated"]
    errs = [(g["attribute"], g["group"]) for g in f["bias.error_rate_parity"].details["groups"]
            if g["evaluated"] and (abs(g["eod"]) > 0.1 or abs(g["aod"]) > 0.1)]
    assert errs == [("age_band", "65+")]
    offers = [(g["attribute"], g["group"]) for g in
              f["bias.offer_value_disparity"].details["groups"]
              if g["evaluated"] and abs(g["smd"]) >= 0.3]
    assert offers == [("ethnicity", "black")]
    v = {(p["feature"], p["attribute"]): p["cramers_v"]
         for p in f["bias.proxy_features"].details["pairs"]}
    assert v[("store_cluster", "ethnicity")] >= 0.5
    assert max(x for (feat, _), x in v.items() if feat == "lucky_number") < 0.3
    # the intersections hold small groups that are shown but not judged
    assert any(not g["evaluated"] for g in f["bias.intersectional"].details["groups"])
    assert f["bias.representation"].status == "warn"


def test_store_cluster_is_declared_as_a_model_feature(sample):
    assert "store_cluster" in sample.config["model_features"]
    entry = sample.inventory["columns"]["store_cluster"]
    assert {"category", "purpose", "legal_basis", "source", "retention_days", "in_model",
            "reason"} <= set(entry) and entry["in_model"] is True
