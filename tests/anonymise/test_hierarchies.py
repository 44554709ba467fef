"""Hierarchies: defaults per logical column, declared levels, NCP of each level."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ethicskit.anonymise.hierarchies import build, hierarchies, merged_bands
from ethicskit.errors import ConfigError


def labels(h, level):
    return h.values(level).tolist()


def test_postcode_prefixes_and_ncp(eight):
    h = build(eight(), "postcode", k_min=2)
    assert h.names == ["as is", "first 2 characters", "*"]  # first 1 character: same classes
    assert labels(h, 1) == ["AB*"] * 4 + ["CD*"] * 4
    assert labels(h, 2) == ["*"] * 8
    # D = 5 postcodes; AB* holds 2 of them, CD* 3: NCP 1/4 and 2/4
    assert h.row_penalty(1).tolist() == [0.25] * 4 + [0.5] * 4
    assert h.row_penalty(0).tolist() == [0.0] * 8 and h.row_penalty(2).tolist() == [1.0] * 8


def test_rare_categories_become_other(make_campaign):
    campaign = make_campaign({"customer_id": list("abcdefgh"),
                              "gender": ["f", "f", "f", "m", "m", "m", "x", "y"]},
                             quasi_identifiers=["gender"], thresholds={"k_min": 3})
    h = build(campaign, "gender", k_min=3)
    assert h.names == ["as is", "other", "*"]
    assert labels(h, 1) == ["f", "f", "f", "m", "m", "m", "other", "other"]
    # D = 4 values; 'other' holds 2 of them: NCP 1/3
    assert np.allclose(h.row_penalty(1), [0] * 6 + [1 / 3] * 2)


def test_a_level_that_merges_nothing_is_dropped(make_campaign):
    campaign = make_campaign({"customer_id": list("abcde"), "gender": ["f", "f", "m", "m", "x"]},
                             quasi_identifiers=["gender"])
    assert build(campaign, "gender", k_min=2).names == ["as is", "*"]  # 'other' = a rename


def test_birth_date_year_then_age_bands(make_campaign):
    campaign = make_campaign({"customer_id": list("abcd"),
                              "birth_date": ["1990-05-01", "1990-12-31", "1985-01-01",
                                             "1950-01-01"]}, as_of="2026-11-29")
    h = build(campaign, "birth_date", k_min=2)
    assert labels(h, 0) == ["1990-05-01", "1990-12-31", "1985-01-01", "1950-01-01"]
    assert h.names[1] == "year" and labels(h, 1) == ["1990", "1990", "1985", "1950"]
    assert h.names[2].startswith("age bands 0-17, 18-24")
    assert labels(h, 2) == ["35-44", "35-44", "35-44", "65+"]  # ages 36, 35, 41, 76
    assert labels(h, h.height) == ["*"] * 4


def test_age_band_merged_two_by_two(make_campaign):
    campaign = make_campaign({"customer_id": list("abcd"), "age": [20, 30, 40, 70]})
    h = build(campaign, "age_band", k_min=2)
    assert merged_bands([0, 18, 25, 35, 45, 55, 65, 200]) == [0, 25, 45, 65, 200]
    assert labels(h, 0) == ["18-24", "25-34", "35-44", "65+"]
    assert labels(h, 1) == ["0-24", "25-44", "25-44", "65+"]


def test_missing_values_stay_a_group_until_the_top(make_campaign):
    campaign = make_campaign({"customer_id": list("abc"), "postcode": ["AB1", None, "AB2"]})
    h = build(campaign, "postcode", k_min=1)
    assert labels(h, 1)[1] is pd.NA or pd.isna(labels(h, 1)[1])
    assert labels(h, h.height) == ["*"] * 3


def test_declared_levels(make_campaign):
    campaign = make_campaign({"customer_id": list("abcd"),
                              "marital_status": ["single", "divorced", "married", "widowed"]},
                             quasi_identifiers=["marital_status"])
    declared = {"marital_status": [{"divorced": "single", "widowed": "single"}]}
    [h] = hierarchies(campaign, ["marital_status"], k_min=2, declared=declared)
    assert h.names[-1] == "*" and labels(h, 1) == ["single", "single", "married", "single"]
    # D = 4; 'single' now holds 3 values: NCP 2/3
    assert np.allclose(h.row_penalty(1), [2 / 3, 2 / 3, 0, 2 / 3])


def test_declared_numeric_bands_and_width(make_campaign):
    campaign = make_campaign({"customer_id": list("abcd"), "tenure_months": [3, 5, 14, 40]},
                             quasi_identifiers=["tenure_months"])
    [h] = hierarchies(campaign, ["tenure_months"], k_min=2,
                      declared={"tenure_months": [12, [0, 24, 120]]})
    assert h.names == ["as is", "12 wide", "bands 0-23, 24+", "*"]
    assert labels(h, 1) == ["0-11", "0-11", "12-23", "36-47"]
    assert labels(h, 2) == ["0-23", "0-23", "0-23", "24+"]


def test_declared_column_must_be_a_quasi_identifier(eight):
    with pytest.raises(ConfigError, match=r"anonymise.hierarchies.postcod: not a "
                       r"quasi-identifier.*did you mean 'postcode'"):
        hierarchies(eight(), ["postcode", "gender"], k_min=2, declared={"postcod": ["*"]})


def test_date_level_on_text_is_a_config_error(eight):
    with pytest.raises(ConfigError, match=r"anonymise.hierarchies.gender\[0\]: 'year' needs "
                       r"a date column"):
        hierarchies(eight(), ["postcode", "gender"], k_min=2, declared={"gender": ["year"]})
