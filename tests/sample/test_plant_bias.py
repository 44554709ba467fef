"""The bias planter: every bias check on the generated sample equals the planter's expectation
(counted with independent plain code), and the planted story holds on the default sample."""

import pytest

from ethicskit.campaign import from_frame
from ethicskit.registry import checks_for, run_area
from ethicskit.sample import generate


@pytest.fixture(scope="module")
def sample():
    s = generate()
    return s, run_area("bias", from_frame(s.df, s.config, as_of="2026-11-29"))


def _compare(expected: dict, findings: dict) -> None:
    for spec in checks_for("bias"):
        e, f = expected[spec.id], findings[spec.id]
        assert f.status == e["status"], spec.id
        assert f.affected_rows == e["affected_rows"], spec.id
        assert f.value == pytest.approx(e["value"], abs=1e-9), spec.id


def test_every_bias_check_matches_the_expectation(sample):
    s, findings = sample
    _compare(s.expected, findings)


def test_another_size_and_seed_match_too():
    s = generate(rows=1500, seed=11)
    _compare(s.expected, run_area("bias", from_frame(s.df, s.config, as_of="2026-11-29")))


def test_the_planted_story(sample):
    s, f = sample
    out = [(g["attribute"], g["group"]) for g in f["bias.selection_rate"].details["groups"]
           if g["evaluated"] and not 0.8 <= g["ratio"] <= 1.25]
    assert out == [("age_band", "65+")]
    ratio = next(g["ratio"] for g in f["bias.selection_rate"].details["groups"]
                 if g["group"] == "65+")
    assert 0.5 < ratio < 0.7
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
    s, _ = sample
    assert "store_cluster" in s.config["model_features"]
    entry = s.inventory["columns"]["store_cluster"]
    assert {"category", "purpose", "legal_basis", "source", "retention_days", "in_model",
            "reason"} <= set(entry) and entry["in_model"] is True
