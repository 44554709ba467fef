"""The targeting planter: what it builds is what it expects, it stays on its slot rows, and
every targeting check on the sample equals the expectation."""

import numpy as np
import pandas as pd
import pytest

from ethicskit.registry import run_area
from ethicskit.sample import base, plant_bias, plant_targeting
from ethicskit.sample.config import sample_config

#: every targeting check of the catalogue (v2), named here rather than read from the registry
TARGETING = ("targeting.sensitive_interests", "targeting.hardship_targeting",
             "targeting.protected_criteria_in_opportunity_ads", "targeting.micro_segments",
             "targeting.contact_pressure", "targeting.minors_restricted_products",
             "targeting.minors_profiling_ads", "targeting.vulnerable_high_risk",
             "targeting.personalization_depth", "targeting.automated_significant_decisions")


@pytest.fixture(scope="module")
def planted():
    rng = np.random.default_rng(7)
    df = base.base_population(5000, rng)
    plant_bias.decide(df, rng)
    df = base.fill_after_decision(df, rng)
    base.as_boolean(df)
    for column in [c for c in df.columns if pd.api.types.is_string_dtype(df[c])]:
        df[column] = df[column].astype(object)
    slots = base.make_slots(len(df), rng)["targeting"]
    before = df.copy()
    config = sample_config()
    built = plant_targeting.plant(df, rng, slots, config=config)
    return before, df, slots, config, built


def test_construction_equals_the_independent_recount(planted):
    _, df, _, config, built = planted
    assert set(built) == set(TARGETING)
    assert plant_targeting.expect(df, config) == built


def test_construction_equals_the_recount_on_the_sample(sample):
    built = {k: v for k, v in sample.constructed.items() if k.startswith("targeting.")}
    assert {k: sample.expected[k] for k in built} == built


def test_construction_counts(planted):
    *_, built = planted
    got = {k: (v["status"], v["value"], v["affected_rows"]) for k, v in built.items()}
    # sizes at 5,000 rows (see tests/sample/test_edges.py for each case)
    assert got == {
        "targeting.sensitive_interests": ("fail", 27, 27),
        "targeting.hardship_targeting": ("warn", 13, 13),
        "targeting.protected_criteria_in_opportunity_ads": ("fail", 12, 12),
        "targeting.micro_segments": ("warn", 3, 21),       # value: the smallest audience
        "targeting.contact_pressure": ("warn", 15, 20),    # value: the largest count
        "targeting.minors_restricted_products": ("fail", 8, 8),
        "targeting.minors_profiling_ads": ("fail", 3, 3),
        "targeting.vulnerable_high_risk": ("warn", 9, 9),
        "targeting.personalization_depth": ("warn", 8, 5),  # value: the most tokens
        "targeting.automated_significant_decisions": ("warn", 9, 9),
    }


def test_opportunity_ads_fail_because_a_us_row_is_affected(sample):
    assert sample.expected["targeting.protected_criteria_in_opportunity_ads"]["status"] == "fail"
    df = sample.df
    us = (df["country"] == "US") & df["targeting_criteria"].fillna("").str.contains("age:25-34") \
        & (df["product_category"] == "credit") & df["targeted"]
    assert us.sum() >= 1


def test_only_slot_rows_change_and_targeted_never_flips(planted):
    before, df, slots, *_ = planted
    others = np.setdiff1d(np.arange(len(df)), slots)
    assert list(df.columns) == list(before.columns)
    for column in df.columns:
        a = before[column].iloc[others].astype(object)
        b = df[column].iloc[others].astype(object)
        assert a.equals(b), column  # equals treats NaN = NaN
    assert (before["targeted"].to_numpy() == df["targeted"].to_numpy()).all()


def test_minors_are_16_or_17_with_parental_consent(planted):
    _, df, *_ = planted
    birth = pd.to_datetime(df["birth_date"])
    young = birth > pd.Timestamp("2008-11-29")  # under 18 on 2026-11-29
    # 8 targeted with restricted products, 2 untargeted, 5 for profiling-based ads
    assert young.sum() == 15
    assert (birth[young] <= pd.Timestamp("2010-11-29")).all()  # 16 or older
    assert df.loc[young, "parental_consent"].fillna(False).astype(bool).all()


def test_expect_follows_config_thresholds(planted):
    _, df, _, config, _ = planted
    # 5 rows at exactly 7 contacts and 20 above: a cap of 6 counts 25
    stricter = dict(config, thresholds={"max_contacts": 6})
    assert plant_targeting.expect(df, stricter)["targeting.contact_pressure"]["affected_rows"] == 25


def test_sensitive_categories_by_construction():
    # the planter's table of groups, plus 2 rows that carry both a health and a debt token, plus
    # the 2 rows with explicit consent shown ads on an EU platform (weight-loss: health)
    per_category = {}
    for group, (_, _, n) in plant_targeting.SENSITIVE.items():
        category = plant_targeting.CATEGORY_OF[group]
        per_category[category] = per_category.get(category, 0) + n
    per_category["health"] += 2 + 2
    per_category["financial_hardship"] += 2
    hardship = per_category.pop("financial_hardship")
    assert hardship == 13
    assert per_category == {"health": 16, "sexual_orientation": 2, "religion": 2,
                            "political": 2, "ethnicity": 2, "trade_union": 1, "genetic": 1,
                            "biometric": 1}
    # each counted row matches one special category: 27 rows in all
    assert sum(per_category.values()) == 27


@pytest.mark.parametrize("check_id", TARGETING)
def test_targeting_check_equals_expected(sample, campaign, targeting_findings, check_id):
    if check_id not in targeting_findings:
        pytest.fail(f"{check_id} is not registered yet")
    f = targeting_findings[check_id]
    got = {"status": f.status, "value": f.value, "affected_rows": f.affected_rows}
    assert got == sample.expected[check_id]


@pytest.fixture(scope="module")
def targeting_findings(campaign):
    return run_area("targeting", campaign)


def test_a_clean_base_breaks_no_targeting_rule():
    rng = np.random.default_rng(7)
    df = base.base_population(5000, rng)
    plant_bias.decide(df, rng)
    df = base.fill_after_decision(df, rng)
    base.as_boolean(df)
    exp = plant_targeting.expect(df, sample_config())
    for cid in TARGETING:
        assert exp[cid]["status"] == "pass", (cid, exp[cid])
