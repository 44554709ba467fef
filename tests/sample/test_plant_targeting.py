"""The targeting planter: what it builds is what it expects, and it stays on its slot rows."""

import numpy as np
import pandas as pd
import pytest

from ethicskit.registry import checks_for
from ethicskit.sample import base, plant_bias, plant_targeting
from ethicskit.sample.config import sample_config


@pytest.fixture(scope="module")
def planted():
    rng = np.random.default_rng(7)
    df = base.base_population(5000, rng)
    plant_bias.decide(df, rng)
    df = base.fill_after_decision(df, rng)
    slots = base.make_slots(len(df), rng)["targeting"]
    before = df.copy()
    config = sample_config()
    built = plant_targeting.plant(df, rng, slots, config=config)
    return before, df, slots, config, built


def test_construction_equals_the_independent_recount(planted):
    _, df, _, config, built = planted
    assert set(built) == {c.id for c in checks_for("targeting")}
    assert plant_targeting.expect(df, config) == built


def test_construction_counts(planted):
    *_, built = planted
    got = {k: (v["status"], v["value"], v["affected_rows"]) for k, v in built.items()}
    # sizes in the planter's docstring, at 5,000 rows
    assert got == {
        "targeting.sensitive_interests": ("fail", 36, 36),
        "targeting.protected_criteria_in_opportunity_ads": ("fail", 12, 12),
        "targeting.micro_segments": ("fail", 3, 21),
        "targeting.contact_pressure": ("warn", 20, 20),
        "targeting.minors_restricted_products": ("fail", 8, 8),
        "targeting.vulnerable_high_risk": ("fail", 9, 9),
        "targeting.personalization_depth": ("warn", 5, 5),
        "targeting.automated_significant_decisions": ("warn", 9, 9),
    }


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
    assert young.sum() == 10  # 8 targeted with restricted products, 2 untargeted
    assert (birth[young] <= pd.Timestamp("2010-11-29")).all()  # 16 or older
    assert df.loc[young, "parental_consent"].fillna(False).astype(bool).all()


def test_expect_follows_config_thresholds(planted):
    _, df, _, config, _ = planted
    # 5 rows at exactly 7 contacts and 20 above: a cap of 6 counts 25
    stricter = dict(config, thresholds={"max_contacts": 6})
    assert plant_targeting.expect(df, stricter)["targeting.contact_pressure"]["value"] == 25


def test_sensitive_categories_by_construction():
    # the planter's table of groups, plus 2 rows that carry both a health and a debt token; the
    # bundled sample's finding must show these numbers (tests/targeting/test_sample.py)
    per_category = {}
    for group, (_, _, n) in plant_targeting.SENSITIVE.items():
        category = plant_targeting.CATEGORY_OF[group]
        per_category[category] = per_category.get(category, 0) + n
    per_category["health"] += 2
    per_category["financial_hardship"] += 2
    assert per_category == {"health": 14, "financial_hardship": 13, "sexual_orientation": 2,
                            "religion": 2, "political": 2, "ethnicity": 2, "trade_union": 1,
                            "genetic": 1, "biometric": 1}
