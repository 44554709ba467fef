"""Sensitive traits, protected criteria, micro-segments, contact pressure and profiling depth.

Every expected number is counted by hand from the literal frame of its test.
"""

import pytest

from ethicskit.registry import run_check

NOTE = "every row counts as targeted"


# ------------------------------------------------------------------ sensitive_interests
def test_sensitive_interests_counts_targeted_without_explicit_consent(make_campaign):
    campaign = make_campaign({
        "customer_id": ["a", "b", "c", "d", "e", "f", "g"],
        "targeted": [True, True, True, True, False, True, True],
        "targeting_criteria": ["health:anything", "interest:Weight-Loss", "interest:running",
                               "interest:weight-loss", "health:x", "", "interest:debt-help"],
        "inferred_segments": ["", "", "", "", "", "pregnancy", "pregnancy"],
        "segment": ["S", "S", "S", "S", "S", "S", None],
        "explicit_consent_sensitive": [False, None, False, True, False, False, False],
    })
    f = run_check("targeting.sensitive_interests", campaign)
    # a: health by key; b: health by phrase, consent empty = not given; c: running, no match;
    # d: consent given (no channel: not on a platform), not counted; e: not targeted;
    # f: pregnancy; g: pregnancy (its debt token is hardship, judged elsewhere)
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("fail", 4, 0, 4)
    assert f.details["categories"] == {"health": 4}
    assert f.details["consented_rows"] == 1 and f.details["platform_rows"] == 0
    assert f.details["customer_ids"] == ["a", "b", "f", "g"]
    assert NOTE not in f.message and "no `channel` column" in f.message


def test_sensitive_interests_passes_on_plain_interests(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b", "c", "d"], "targeted": [True] * 4,
                              "targeting_criteria": ["interest:running", "interest:gardening",
                                                     "interest:cooking", "interest:travel"]})
    f = run_check("targeting.sensitive_interests", campaign)
    assert (f.status, f.value, f.affected_rows, f.details["categories"]) == ("pass", 0, 0, {})


def test_sensitive_interests_without_targeted_or_consent_columns(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "segment": ["Diabetes Club", "x"]})
    f = run_check("targeting.sensitive_interests", campaign)
    assert (f.status, f.value) == ("fail", 1)
    assert NOTE in f.message and "explicit_consent_sensitive" in f.message


def test_sensitive_interests_not_evaluated_without_token_columns(make_campaign):
    f = run_check("targeting.sensitive_interests",
                  make_campaign({"customer_id": ["a"], "targeted": [True]}))
    assert f.status == "not_evaluated"


SENSITIVE = "interest:diabetes"


@pytest.mark.parametrize("country,channel,consent,counted,platform", [
    ("DE", "display", True, 1, 1),    # EU platform: banned whatever the consent (DSA 26(3))
    ("DE", "social", True, 1, 1),
    ("DE", "email", True, 0, 0),      # off a platform, explicit consent is the condition
    ("DE", "email", False, 1, 0),
    ("US", "display", True, 0, 0),    # no platform ban in the US: consent suffices
    ("US", "display", False, 1, 0),   # without consent: counted
    ("US", "display", None, 1, 0),    # empty consent is not given
    ("GB", "social", True, 0, 0),     # UK: explicit consent (the DSA does not apply)
    ("FR", "Display", True, 1, 1),    # channel compared in lower case
    (None, "display", True, 1, 1),    # no country: EU by default
])
def test_sensitive_interests_by_jurisdiction_and_channel(make_campaign, country, channel,
                                                         consent, counted, platform):
    campaign = make_campaign({"customer_id": ["a"], "targeted": [True], "country": [country],
                              "channel": [channel], "targeting_criteria": [SENSITIVE],
                              "explicit_consent_sensitive": [consent]})
    f = run_check("targeting.sensitive_interests", campaign)
    assert (f.status, f.value, f.affected_rows) == (("fail" if counted else "pass"),
                                                   counted, counted)
    assert f.details["platform_rows"] == platform
    assert f.details["consent_overridden_rows"] == (1 if platform and consent else 0)
    assert f.details["fallback_rows"] == (1 if country is None else 0)
    (entry,) = f.details["by_jurisdiction"]
    assert (entry["judged"], entry["affected"], entry["platform_rows"]) == (1, counted, platform)
    assert entry["jurisdiction"] == {"DE": "DE", "FR": "FR", None: "EU"}.get(country, country)
    assert entry["platform_ban"] is (country not in ("US", "GB"))


def test_sensitive_interests_fallback_to_the_configured_default(make_campaign):
    data = {"customer_id": ["a", "b"], "targeted": [True, True], "country": [None, "ZZ"],
            "channel": ["display", "social"], "targeting_criteria": [SENSITIVE, SENSITIVE],
            "explicit_consent_sensitive": [True, True]}
    eu = run_check("targeting.sensitive_interests", make_campaign(data))
    # both rows follow EU (no country; a country the pack does not know): platform, counted
    assert (eu.status, eu.affected_rows, eu.details["fallback_rows"]) == ("fail", 2, 2)
    assert "2 rows had no country or region that the rule pack knows" in eu.message
    assert "judged by the rules of EU" in eu.message
    us = run_check("targeting.sensitive_interests", make_campaign(data,
                                                                  default_jurisdiction="US"))
    assert (us.status, us.affected_rows, us.details["fallback_rows"]) == ("pass", 0, 2)
    assert us.details["default_jurisdiction"] == "US"


def test_sensitive_interests_mixed_frame_by_hand(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcdefgh"),
        "targeted": [True, True, True, True, True, True, False, True],
        "country": ["DE", "DE", "US", "US", "FR", "GB", "DE", "US"],
        "channel": ["display", "email", "display", "display", "social", "email", "display",
                    "social"],
        "targeting_criteria": ["interest:diabetes", "religion:any", "interest:halal-food",
                               "interest:gay-pride", "interest:payday-loans",
                               "interest:diabetes;interest:church", "interest:diabetes",
                               "interest:running"],
        "explicit_consent_sensitive": [True, True, True, False, False, False, False, False],
    })
    f = run_check("targeting.sensitive_interests", campaign)
    # a DE display with consent: counted (platform); b DE email with consent: not counted;
    # c US display with consent: not counted; d US without consent: counted; e hardship only:
    # not judged here; f GB without consent, health and religion: counted; g untargeted;
    # h plain interest
    assert (f.status, f.value, f.affected_rows) == ("fail", 3, 3)
    assert f.details["categories"] == {"health": 2, "religion": 1, "sexual_orientation": 1}
    assert (f.details["platform_rows"], f.details["consented_rows"]) == (1, 2)
    assert f.details["consent_overridden_rows"] == 1 and f.details["judged_rows"] == 5
    table = {r["jurisdiction"]: (r["judged"], r["affected"], r["platform_rows"])
             for r in f.details["by_jurisdiction"]}
    assert table == {"DE": (2, 1, 1), "GB": (1, 1, 0), "US": (2, 1, 0)}
    assert f.details["customer_ids"] == ["a", "d", "f"]
    assert "1 on an online platform where such ads are banned" in f.message


# ------------------------------------------------------------------ hardship_targeting
def test_hardship_tokens_warn_and_do_not_count_as_sensitive(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcde"),
        "targeted": [True, True, True, False, True],
        "country": ["DE"] * 5, "channel": ["display"] * 5,
        "targeting_criteria": ["interest:payday-loans", "interest:debt;interest:overdraft",
                               "interest:running", "interest:arrears", "financial_hardship:x"],
        "segment": ["Debt Help", None, None, None, None],
        "explicit_consent_sensitive": [True, False, False, False, False],
    })
    hard = run_check("targeting.hardship_targeting", campaign)
    # a (payday and a debt segment: once), b (two tokens: once), e (by key); d untargeted;
    # consent and platform do not matter here
    assert (hard.status, hard.value, hard.threshold, hard.affected_rows) == ("warn", 3, 0, 3)
    assert {t["token"]: t["rows"] for t in hard.details["tokens"]} == {
        "interest:payday-loans": 1, "debt help": 1, "interest:debt": 1, "interest:overdraft": 1,
        "financial_hardship:x": 1}
    assert hard.details["customer_ids"] == ["a", "b", "e"]
    sensitive = run_check("targeting.sensitive_interests", campaign)
    assert (sensitive.status, sensitive.value, sensitive.details["categories"]) == ("pass", 0, {})


def test_hardship_passes_and_not_evaluated(make_campaign):
    ok = make_campaign({"customer_id": ["a"], "segment": ["Runners"]})
    f = run_check("targeting.hardship_targeting", ok)
    assert (f.status, f.value) == ("pass", 0) and NOTE in f.message
    f = run_check("targeting.hardship_targeting", make_campaign({"customer_id": ["a"]}))
    assert f.status == "not_evaluated"


# ------------------------------------------------------------------ opportunity ads
def test_credit_by_age_is_a_breach_general_by_age_is_fine(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcdefgh"),
        "targeted": [True, True, True, True, False, True, True, True],
        "product_category": ["credit", "general", "Housing", "employment", "credit", "credit",
                             "insurance", "credit"],
        "targeting_criteria": ["age:25-34", "age:25-34", "interest:x;POSTCODE:AB1",
                               "sex:female;gender:f", "age:25-34", "interest:saving",
                               "age:18-24", "agent:yes;ages:x"],
    })
    f = run_check("targeting.protected_criteria_in_opportunity_ads", campaign)
    # a credit+age; c housing+postcode (case-insensitive); d employment+sex+gender;
    # b general, e untargeted, f no protected key, g insurance, h keys 'agent'/'ages' only.
    # No country column: every row follows EU (default), where this is a platform rule
    assert (f.status, f.value, f.affected_rows) == ("warn", 3, 3)
    assert f.details["keys"] == {"age": 1, "gender": 1, "postcode": 1, "sex": 1}
    assert f.details["products"] == {"credit": 1, "employment": 1, "housing": 1}
    assert (f.details["law_rows"], f.details["platform_rule_rows"]) == (0, 3)
    assert f.details["fallback_rows"] == 5  # the targeted opportunity rows a, c, d, f, h


def test_opportunity_ads_pass(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                              "product_category": ["general", "credit"],
                              "targeting_criteria": ["age:25-34", "interest:running"]})
    f = run_check("targeting.protected_criteria_in_opportunity_ads", campaign)
    assert (f.status, f.value, f.affected_rows) == ("pass", 0, 0)


@pytest.mark.parametrize("countries,status,law_rows", [
    (["US"], "fail", 1),             # law in the US (Fair Housing Act)
    (["CA"], "fail", 1),             # law in Canada (CHRA)
    (["FR"], "warn", 0),             # a platform rule in the EU
    (["GB"], "warn", 0),
    (["FR", "US"], "fail", 1),       # one row where it is law is enough
])
def test_housing_by_age_fail_or_warn_by_jurisdiction(make_campaign, countries, status,
                                                     law_rows):
    n = len(countries)
    campaign = make_campaign({"customer_id": [str(i) for i in range(n)], "targeted": [True] * n,
                              "country": countries, "product_category": ["housing"] * n,
                              "targeting_criteria": ["age:25-34"] * n})
    f = run_check("targeting.protected_criteria_in_opportunity_ads", campaign)
    assert (f.status, f.value, f.affected_rows) == (status, n, n)
    assert (f.details["law_rows"], f.details["platform_rule_rows"]) == (law_rows, n - law_rows)
    assert {r["jurisdiction"]: (r["affected"], r["law"]) for r in f.details["by_jurisdiction"]} \
        == {c: (1, c in ("US", "CA")) for c in countries}


def test_each_category_has_its_own_keys(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcdefg"),
        "targeted": [True] * 7,
        "country": ["US"] * 7,
        "product_category": ["credit", "credit", "housing", "employment", "employment",
                             "housing", "credit"],
        "targeting_criteria": ["zip:90210", "has_children:yes", "has_children:yes",
                               "marital_status:single", "disability:yes", "interest:running",
                               "Age:30-39;ZIP:1"],
    })
    f = run_check("targeting.protected_criteria_in_opportunity_ads", campaign)
    # a credit+zip; c housing+has_children; e employment+disability; g credit+age+zip.
    # b: has_children is not a credit key; d: marital_status is not an employment key;
    # f: interest:running is no key
    assert (f.status, f.value, f.affected_rows) == ("fail", 4, 4)
    assert f.details["keys"] == {"zip": 2, "age": 1, "disability": 1, "has_children": 1}
    assert f.details["law_rows"] == 4
    assert f.details["by_category"] == [
        {"category": "credit", "rows": 2, "law_rows": 2, "platform_rule_rows": 0},
        {"category": "employment", "rows": 1, "law_rows": 1, "platform_rule_rows": 0},
        {"category": "housing", "rows": 1, "law_rows": 1, "platform_rule_rows": 0}]
    assert f.details["customer_ids"] == ["a", "c", "e", "g"]
    assert "in US, where the law forbids it" in f.message


def test_opportunity_keys_follow_the_rule_pack_override(make_campaign):
    data = {"customer_id": ["a"], "targeted": [True], "country": ["US"],
            "product_category": ["credit"], "targeting_criteria": ["income:low"]}
    assert run_check("targeting.protected_criteria_in_opportunity_ads",
                     make_campaign(data)).status == "pass"
    custom = make_campaign(data, rules={"opportunity_criteria": {"credit": {"keys": ["Income"]}}})
    f = run_check("targeting.protected_criteria_in_opportunity_ads", custom)
    assert (f.status, f.value, f.details["keys"]) == ("fail", 1, {"income": 1})


# ------------------------------------------------------------------ micro_segments
def test_segment_of_exactly_min_audience_is_fine_one_fewer_is_a_risk(make_campaign):
    segments = ["big"] * 3 + ["small"] * 2 + ["small"] + ["ghost"] * 2 + [None]
    targeted = [True, True, True, True, True, False, False, False, True]
    campaign = make_campaign({"customer_id": [str(i) for i in range(9)], "targeted": targeted,
                              "segment": segments}, thresholds={"min_audience": 3})
    f = run_check("targeting.micro_segments", campaign)
    # big: 3 targeted = min_audience, fine; small: 2 targeted (the third is untargeted), a risk;
    # ghost: nobody targeted through it, not an audience; None: no segment.
    # value = the smallest audience (2), in people like the threshold
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 2, 3, 2)
    assert f.details["small_segments"] == 1
    assert f.details["segments"] == [{"segment": "small", "targeted_rows": 2}]
    assert f.details["segments_total"] == 2


def test_micro_segments_value_is_the_smallest_audience(make_campaign):
    campaign = make_campaign({"customer_id": [str(i) for i in range(6)],
                              "segment": ["a", "b", "b", "c", "c", "c"]})
    f = run_check("targeting.micro_segments", campaign)
    # a 1, b 2, c 3 (every row targeted): all below 100
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 1, 100, 6)
    assert f.details["small_segments"] == 3


def test_micro_segments_pass_and_empty_column(make_campaign):
    ok = make_campaign({"customer_id": ["a", "b"], "segment": ["x", "x"]},
                       thresholds={"min_audience": 2})
    f = run_check("targeting.micro_segments", ok)
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("pass", 2, 2, 0)
    assert NOTE in f.message
    empty = make_campaign({"customer_id": ["a", "b"], "segment": [None, ""]},
                          thresholds={"min_audience": 2})
    assert run_check("targeting.micro_segments", empty).status == "not_evaluated"
    nobody = make_campaign({"customer_id": ["a"], "targeted": [False], "segment": ["x"]})
    f = run_check("targeting.micro_segments", nobody)
    assert (f.status, f.value, f.affected_rows, f.details["small_segments"]) == (
        "pass", None, 0, 0)


# ------------------------------------------------------------------ contact_pressure
def test_contact_count_equal_to_the_cap_is_fine(make_campaign):
    campaign = make_campaign({"customer_id": list("abcde"),
                              "targeted": [True, True, False, True, True],
                              "contact_count": [7, 8, 12, None, 0]})
    f = run_check("targeting.contact_pressure", campaign)
    # b (8) and c (12, counted although not targeted); a = 7 is fine; d unknown.
    # value = the largest count (12), in contacts like the threshold
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 12, 7, 2)
    assert f.details["max_contacts_seen"] == 12
    assert f.details["rows_with_count"] == 4


def test_contact_pressure_threshold_from_config(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "contact_count": [3, 4]},
                             thresholds={"max_contacts": 3})
    f = run_check("targeting.contact_pressure", campaign)
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 4, 3, 1)
    campaign = make_campaign({"customer_id": ["a", "b"], "contact_count": [3, 4]},
                             thresholds={"max_contacts": 4})
    f = run_check("targeting.contact_pressure", campaign)
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("pass", 4, 4, 0)


def test_contact_pressure_not_evaluated(make_campaign):
    f = run_check("targeting.contact_pressure", make_campaign({"customer_id": ["a"]}))
    assert f.status == "not_evaluated" and f.details["missing"] == ["contact_count"]
    f = run_check("targeting.contact_pressure",
                  make_campaign({"customer_id": ["a"], "contact_count": [None]}))
    assert f.status == "not_evaluated"


# ------------------------------------------------------------------ personalization_depth
def test_depth_counts_distinct_tokens_of_both_columns(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcd"),
        "targeted": [True, True, True, False],
        "targeting_criteria": ["a;b;c;d", "a;b;c;d", "a;b;c", "a;b;c;d;x;y"],
        "inferred_segments": ["e;f;g", "c;D;e", "d;e;f", "e;f;g"],
    })
    f = run_check("targeting.personalization_depth", campaign)
    # a: 7 distinct > 6; b: a,b,c,d,e = 5 (c and d repeated, any case); c: 6 = fine;
    # d: 9 but not targeted. value = the largest count of a targeted row (7)
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 7, 6, 1)
    assert f.details["max_criteria_seen"] == 7


def test_depth_with_one_column_only(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "inferred_segments": ["x;y;z", "x"]},
                             thresholds={"max_criteria": 2})
    f = run_check("targeting.personalization_depth", campaign)
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 3, 2, 1)
    assert NOTE in f.message


# ------------------------------------------------------------------ minors_profiling_ads
def _minor(**row):
    base = {"customer_id": "a", "targeted": True, "age": 17, "country": "FR",
            "channel": "social", "targeting_criteria": "interest:gaming",
            "inferred_segments": "", "parental_consent": True}
    base.update(row)
    return {k: [v] for k, v in base.items()}


@pytest.mark.parametrize("row,counted", [
    ({}, 1),                                            # FR social, parental consent: counted
    ({"parental_consent": False}, 1),
    ({"channel": "display"}, 1),
    ({"channel": "email"}, 0),                          # not a platform channel
    ({"channel": "push"}, 0),
    ({"country": "GB"}, 0),                             # the DSA does not apply
    ({"country": "US"}, 0),
    ({"age": 18}, 0),                                   # not a minor
    ({"age": 12, "country": "DE"}, 1),
    ({"targeting_criteria": "", "inferred_segments": ""}, 0),   # no profiling token
    ({"targeting_criteria": None, "inferred_segments": None}, 0),
    ({"targeting_criteria": "", "inferred_segments": "gamer"}, 1),  # an inferred trait
    ({"targeted": False}, 0),
    ({"age": None}, 0),                                 # unknown age: not counted
])
def test_minors_profiling_ads_edges(make_campaign, row, counted):
    f = run_check("targeting.minors_profiling_ads", make_campaign(_minor(**row)))
    assert (f.status, f.value, f.threshold, f.affected_rows) == (
        "fail" if counted else "pass", counted, 0, counted)
    assert f.details["fallback_rows"] == 0
    assert f.details["parental_consent_rows"] == (
        counted if row.get("parental_consent", True) else 0)


def test_minors_profiling_ads_fallback_to_the_default_jurisdiction(make_campaign):
    data = _minor(country=None)
    f = run_check("targeting.minors_profiling_ads", make_campaign(data))
    # no country: EU by default, counted, and said so
    assert (f.status, f.affected_rows, f.details["fallback_rows"]) == ("fail", 1, 1)
    assert "1 row had no country or region that the rule pack knows" in f.message
    us = run_check("targeting.minors_profiling_ads",
                   make_campaign(data, default_jurisdiction="US"))
    assert (us.status, us.affected_rows, us.details["fallback_rows"]) == ("pass", 0, 1)
    assert us.details["by_jurisdiction"] == [{"jurisdiction": "US", "judged": 1, "affected": 0,
                                              "fallback": 1, "banned": False}]


def test_minors_profiling_ads_frame_by_hand(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcdefg"),
        "targeted": [True, True, True, True, True, True, True],
        "birth_date": ["2009-11-29", "2009-11-30", "2008-11-29", "2012-01-01", "2010-06-01",
                       None, "2011-03-03"],
        "country": ["FR", "IT", "DE", "US", "AT", "FR", "GB"],
        "channel": ["social", "display", "social", "social", "email", "social", "social"],
        "targeting_criteria": ["a", "b", "c", "d", "e", "f", "g"],
        "parental_consent": [True, None, False, True, True, False, False],
    })
    f = run_check("targeting.minors_profiling_ads", campaign)
    # as_of 2026-11-29: a 17 FR social (counted, parental consent); b 16 IT display (counted);
    # c 18 today (not); d 14 US (no ban); e AT email (not a platform); f no age (unknown);
    # g 15 GB (no ban)
    assert (f.status, f.value, f.affected_rows) == ("fail", 2, 2)
    assert f.details["ages"] == {"16": 1, "17": 1}
    assert f.details["parental_consent_rows"] == 1
    assert f.details["unknown_age_rows"] == 1
    assert f.details["judged_rows"] == 6
    assert {r["jurisdiction"]: (r["judged"], r["affected"]) for r in
            f.details["by_jurisdiction"]} == {"FR": (2, 1), "IT": (1, 1), "DE": (1, 0),
                                              "GB": (1, 0), "US": (1, 0)}
    assert f.details["customer_ids"] == ["a", "b"]
    assert "1 of them had parental consent" in f.message


def test_minors_profiling_ads_needs_its_columns(make_campaign):
    data = _minor()
    for column in ("targeted", "age", "country", "channel"):
        cut = {k: v for k, v in data.items() if k != column}
        f = run_check("targeting.minors_profiling_ads", make_campaign(cut))
        assert f.status == "not_evaluated" and column in f.message
    cut = {k: v for k, v in data.items() if k not in ("targeting_criteria", "inferred_segments")}
    f = run_check("targeting.minors_profiling_ads", make_campaign(cut))
    assert f.status == "not_evaluated"


def test_minors_profiling_ads_age_follows_the_rule_pack(make_campaign):
    data = _minor(age=17)
    lowered = make_campaign(data, rules={"FR": {"minors_profiling_ads": {"under": 16}}})
    f = run_check("targeting.minors_profiling_ads", lowered)
    assert (f.status, f.affected_rows) == ("pass", 0) and "No one under 16" in f.message
    banned = make_campaign(_minor(country="US"),
                           rules={"US": {"minors_profiling_ads": {"banned": True}}})
    f = run_check("targeting.minors_profiling_ads", banned)
    assert (f.status, f.affected_rows) == ("fail", 1) and "people under 18" in f.message


def test_opportunity_law_rows_by_region_name_the_country(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abc"), "targeted": [True] * 3,
        "country": ["US", "CA", "DE"], "region": ["US-CA", None, None],
        "product_category": ["employment"] * 3, "targeting_criteria": ["age:50+"] * 3})
    f = run_check("targeting.protected_criteria_in_opportunity_ads", campaign)
    # a follows US-CA (a US region: law), b Canada (law), c DE (a platform rule)
    assert (f.status, f.affected_rows, f.details["law_rows"]) == ("fail", 3, 2)
    assert [r["jurisdiction"] for r in f.details["by_jurisdiction"]] == ["DE", "US-CA", "CA"]
    assert "2 of them are in US, CA, where the law forbids it; the other 1 is elsewhere" \
        in f.message
