"""``bias.representation``: group shares of all rows against ``population_shares``."""

import pytest

from bias_run import representation

TH = dict(ratio_min=0.8, ratio_max=1.25)


def test_shares_by_hand(make_campaign):
    # 10 rows: f 4, m 5, missing 1. f share 0.4 vs 0.5 -> 0.8 (inside); m 0.5 vs 0.4 -> 1.25
    # (inside); x absent: share 0 -> ratio 0 (outside, no rows)
    c = make_campaign({"customer_id": [f"c{i}" for i in range(10)],
                       "gender": ["f"] * 4 + ["m"] * 5 + [None]},
                      population_shares={"gender": {"f": 0.5, "m": 0.4, "x": 0.1}})
    f = representation(c, **TH)
    g = {r["group"]: r for r in f.details["groups"]}
    assert (g["f"]["n"], g["f"]["share"], g["f"]["ratio"]) == (4, 0.4, pytest.approx(0.8))
    assert g["m"]["ratio"] == pytest.approx(1.25) and not g["m"]["outside"]
    assert (g["x"]["n"], g["x"]["ratio"], g["x"]["outside"]) == (0, 0.0, True)
    assert (f.status, f.value, f.affected_rows) == ("warn", 0.0, 0)


def test_under_representation_counts_the_group_rows(make_campaign):
    # 65+ is 2 of 10 rows = 0.2 against 0.3 -> 0.667: warn, 2 rows
    c = make_campaign({"customer_id": [f"c{i}" for i in range(10)],
                       "age": [70, 80] + [30] * 8},
                      population_shares={"age_band": {"65+": 0.3}})
    f = representation(c, **TH)
    assert (f.status, f.affected_rows) == ("warn", 2)
    assert f.value == pytest.approx(0.2 / 0.3)


def test_yaml_booleans_name_yes_no_groups_and_pass(make_campaign):
    c = make_campaign({"customer_id": list("abcd"), "has_children": ["yes", "no", "no", "yes"]},
                      population_shares={"has_children": {True: 0.5, False: 0.5}})
    f = representation(c, **TH)
    assert [r["group"] for r in f.details["groups"]] == ["yes", "no"]
    assert (f.status, f.value, f.affected_rows) == ("pass", 1.0, 0)


def test_not_evaluated_without_population_shares(make_campaign):
    c = make_campaign({"customer_id": ["a"], "gender": ["f"]})
    f = representation(c, **TH)
    assert f.status == "not_evaluated" and "population_shares" in f.message
