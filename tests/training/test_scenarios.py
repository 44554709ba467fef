"""The scenario generators plant exactly what their knobs ask for, and the suite's real checks
(through the registry) find exactly that. Expected numbers are known by construction; where a
test states a number, the comment says how it was worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats.contingency import association

import ethicskit.training as tr
from ethicskit.registry import run_check
from ethicskit.training.scenarios import KnobError, cramers_v, design_table


def assert_planted(campaign):
    """Every check the scenario plants reports the planted status, value and affected rows."""
    assert campaign.expected
    for check_id, want in campaign.expected.items():
        f = run_check(check_id, campaign)
        got = {"status": f.status, "value": f.value, "affected_rows": f.affected_rows}
        for key, value in want.items():
            if value is None:
                continue
            if isinstance(value, float):
                assert got[key] == pytest.approx(value, abs=1e-9), (check_id, key, got, want)
            else:
                assert got[key] == value, (check_id, key, got, want)


# ---------------------------------------------------------------- 01 consent
@pytest.mark.parametrize("knobs", [
    {},
    {"missing_consent": 0, "late_optouts": 0, "overdue_erasures": 0},
    {"rows": 1500, "missing_consent": 60, "late_optouts": 25, "overdue_erasures": 9, "seed": 3},
    {"rows": 100, "missing_consent": 1, "late_optouts": 1, "overdue_erasures": 1, "seed": 11},
])
def test_consent_scenario_plants_what_the_knobs_say(knobs):
    c = tr.consent_scenario(**knobs)
    defaults = {"missing_consent": 12, "late_optouts": 3, "overdue_erasures": 2}
    want = {**defaults, **knobs}
    assert c.answers == {"consent.count": want["missing_consent"],
                         "consent.optout": want["late_optouts"],
                         "consent.erasure": want["overdue_erasures"]}
    assert len(c.df) == knobs.get("rows", 400)
    assert_planted(c)


def test_consent_scenario_counts_by_hand():
    c = tr.consent_scenario()
    df = c.df
    # independent count: targeted, channel needs an opt-in, that opt-in not True
    need = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
            "display": "consent_personalization"}
    missing = sum(int((df["targeted"] & (df["channel"] == ch) & ~df[col].fillna(False)).sum())
                  for ch, col in need.items())
    assert missing == 12
    # empty boxes are half of them (every second planted row is left empty, 12 // 2)
    empty = sum(int((df["targeted"] & (df["channel"] == ch) & df[col].isna()).sum())
                for ch, col in need.items())
    assert empty == 6
    # post needs no opt-in: some contacted people by post have no consent at all
    post = df[df["targeted"] & (df["channel"] == "post")]
    assert len(post) > 0


def test_consent_scenario_is_deterministic():
    a, b = tr.consent_scenario(seed=5), tr.consent_scenario(seed=5)
    pd.testing.assert_frame_equal(a.df, b.df)
    assert not a.df.equals(tr.consent_scenario(seed=6).df)


@pytest.mark.parametrize("knobs, word", [
    ({"missing_consent": -1}, "missing_consent"),
    ({"missing_consent": 10_000}, "missing_consent"),
    ({"rows": "many"}, "rows"),
    ({"late_optouts": 2.5}, "late_optouts"),
    ({"overdue_erasures": True}, "overdue_erasures"),
])
def test_consent_scenario_rejects_bad_knobs(knobs, word):
    with pytest.raises(KnobError, match=word):
        tr.consent_scenario(**knobs)


def test_consent_extract_has_one_breach_of_each_kind():
    from ethicskit.training.scenarios.consent import BREACH_KINDS

    e = tr.consent_extract()
    assert len(e.frame) == 12
    assert sorted(e.kinds.values()) == sorted(BREACH_KINDS)
    assert e.answers["consent.spot"] == sorted(e.kinds)
    assert set(e.fine) | set(e.kinds) == set(e.ids)
    # the shuffle follows the seed; the breaches stay five
    other = tr.consent_extract(seed=8)
    assert list(other.frame["customer"]) != list(e.frame["customer"])
    assert len(other.kinds) == 5


# ---------------------------------------------------------------- 02 bias
def test_bias_design_by_hand():
    # rows 2000, small group 24: four cells of (2000 - 24) / 4 = 494 people; 30% of 494 = 148.2
    # -> 148 selected; older women 494 * 0.3 * (1 - 0.6) = 59.28 -> 59; small group 24 * 0.25 = 6
    d = design_table(2000, 0.6, 24)
    assert d["n"].tolist() == [494, 494, 494, 494, 12, 12]
    assert d["selected"].tolist() == [148, 59, 148, 148, 3, 3]
    c = tr.bias_scenario()
    # women (148 + 59) / 988 over men 296 / 988 = 207 / 296
    assert c.answers["bias.ratio"] == pytest.approx(207 / 296, abs=1e-4)
    # older women 59 / 494 over the best evaluated cell 148 / 494 = 59 / 148
    assert c.answers["bias.intersection"] == pytest.approx(59 / 148, abs=1e-4)
    # non-binary: 6 of 24, Wilson interval about 0.12 to 0.45, which covers men's 0.30
    assert c.answers["bias.interval"] == "b"
    assert c.answers["bias.proxy"] == "favourite_department"


@pytest.mark.parametrize("knobs", [
    {}, {"bias_strength": 0.3}, {"bias_strength": 0.0, "proxy_strength": 0.0},
    {"rows": 3001, "small_group": 60, "seed": 2}, {"bias_strength": 1.0, "small_group": 400},
])
def test_bias_scenario_agrees_with_the_checks(knobs):
    assert_planted(tr.bias_scenario(**knobs))


def test_bias_knob_shows_the_intersection_lesson():
    # at 0.3 the totals pass the four-fifths screen (0.85) but older women fail it (0.70)
    c = tr.bias_scenario(bias_strength=0.3)
    assert run_check("bias.selection_rate", c).status == "pass"
    assert run_check("bias.intersectional", c).status == "fail"


def test_bias_interval_answer_follows_group_size():
    # 400 people at 25% has an interval of about 0.21-0.29, which excludes the men's 0.30
    assert tr.bias_scenario(small_group=400).answers["bias.interval"] == "a"


def test_cramers_v_matches_scipy():
    c = tr.bias_scenario()
    table = pd.crosstab(c.df["favourite_department"], c.df["gender"]).to_numpy()
    assert cramers_v(table) == pytest.approx(association(table, method="cramer"), abs=1e-12)
    assert cramers_v(np.array([[5, 5], [5, 5]])) == 0.0


def test_bias_without_proxy_strength_has_no_proxy():
    assert tr.bias_scenario(proxy_strength=0.0).answers["bias.proxy"] == "none"


@pytest.mark.parametrize("knobs", [{"bias_strength": 1.5}, {"proxy_strength": "high"},
                                   {"small_group": 1}, {"rows": 50}])
def test_bias_scenario_rejects_bad_knobs(knobs):
    with pytest.raises(KnobError):
        tr.bias_scenario(**knobs)


# ---------------------------------------------------------------- 03 helpful or creepy
@pytest.mark.parametrize("knobs", [
    {},
    {"micro_segment_size": 150, "sensitive_segments": 3, "age_targeted_housing": False,
     "over_contacted": 0, "minors_targeted": 0, "vulnerable_targeted": 0, "rows": 2000},
    {"micro_segment_size": 0, "sensitive_segments": 0, "seed": 4},
    {"micro_segment_size": 99, "over_contacted": 40, "rows": 3000},
])
def test_targeting_scenario_agrees_with_the_checks(knobs):
    assert_planted(tr.targeting_scenario(**knobs))


def test_targeting_answers_by_hand():
    c = tr.targeting_scenario()
    cards = c.tables["cards"]
    # two sensitive cards on by default: Expecting Parents and Money Worries
    assert c.answers["creepy.sensitive"] == sorted([cards["Expecting Parents"],
                                                    cards["Money Worries"]])
    assert c.answers["creepy.micro"] == [cards["Rare Vinyl Collectors"]]
    assert c.answers["creepy.opportunity"] == cards["Starter Homes"]
    assert c.answers["creepy.pressure"] == 14
    # 40 targeted people in the micro segment, 2 x 110 in the sensitive ones
    sizes = c.df.loc[c.targeted, "segment"].value_counts()
    assert sizes["Rare Vinyl Collectors"] == 40
    assert sizes["Expecting Parents"] + sizes["Money Worries"] == 220


def test_card_letters_do_not_move_with_the_knobs():
    a = tr.targeting_scenario(sensitive_segments=0).tables["cards"]
    b = tr.targeting_scenario(sensitive_segments=3).tables["cards"]
    assert all(b[name] == letter for name, letter in a.items())


def test_targeting_knobs_out_of_range():
    with pytest.raises(KnobError, match="rows"):
        tr.targeting_scenario(rows=800)
    with pytest.raises(KnobError, match="sensitive_segments"):
        tr.targeting_scenario(sensitive_segments=4)
    with pytest.raises(KnobError, match="age_targeted_housing"):
        tr.targeting_scenario(age_targeted_housing="yes")


# ---------------------------------------------------------------- 04 transparency
@pytest.mark.parametrize("knobs", [
    {}, {"undeclared_columns": 0, "excluded_used": False, "incomplete_entries": 0},
    {"undeclared_columns": 3, "incomplete_entries": 3, "rows": 80},
])
def test_transparency_scenario_agrees_with_the_checks(knobs):
    assert_planted(tr.transparency_scenario(**knobs))


def test_transparency_answers_by_hand():
    c = tr.transparency_scenario()
    assert c.answers["transparency.used"] == ["basket_value", "tenure_months", "visits_last_90d"]
    assert c.answers["transparency.undeclared"] == ["device_type", "screen_time_minutes"]
    assert c.answers["transparency.excluded"] == "gender"
    assert c.answers["transparency.read"] == "c"  # 730 days is written "2 years" in the notice
    assert tr.transparency_scenario(excluded_used=False).answers["transparency.excluded"] == "none"


@pytest.mark.parametrize("make", [tr.consent_scenario, tr.bias_scenario, tr.targeting_scenario,
                                  tr.transparency_scenario])
def test_scenarios_hold_no_direct_identifier(make):
    c = make()
    assert not {"email", "phone", "full_name", "street_address", "ip_address"} & set(c.df.columns)
    assert c.df["customer_id"].is_unique
