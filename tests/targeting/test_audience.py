"""Sensitive traits, protected criteria, micro-segments, contact pressure and profiling depth.

Every expected number is counted by hand from the literal frame of its test.
"""

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
    # d: consent given, not counted; e: not targeted; f: pregnancy; g: debt + pregnancy
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("fail", 4, 0, 4)
    assert f.details["categories"] == {"health": 4, "financial_hardship": 1}
    assert f.details["consented_rows"] == 1
    assert f.details["customer_ids"] == ["a", "b", "f", "g"]
    assert NOTE not in f.message


def test_sensitive_interests_passes_on_plain_interests(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b", "c", "d"], "targeted": [True] * 4,
                              "targeting_criteria": ["interest:running", "interest:gardening",
                                                     "interest:cooking", "interest:travel"]})
    f = run_check("targeting.sensitive_interests", campaign)
    assert (f.status, f.value, f.affected_rows, f.details["categories"]) == ("pass", 0, 0, {})


def test_sensitive_interests_without_targeted_or_consent_columns(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "segment": ["Payday Borrowers", "x"]})
    f = run_check("targeting.sensitive_interests", campaign)
    assert (f.status, f.value) == ("fail", 1)
    assert NOTE in f.message and "explicit_consent_sensitive" in f.message


def test_sensitive_interests_not_evaluated_without_token_columns(make_campaign):
    f = run_check("targeting.sensitive_interests",
                  make_campaign({"customer_id": ["a"], "targeted": [True]}))
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
    # b general, e untargeted, f no protected key, g insurance, h keys 'agent'/'ages' only
    assert (f.status, f.value, f.affected_rows) == ("fail", 3, 3)
    assert f.details["keys"] == {"age": 1, "gender": 1, "postcode": 1, "sex": 1}
    assert f.details["products"] == {"credit": 1, "employment": 1, "housing": 1}


def test_opportunity_ads_pass(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                              "product_category": ["general", "credit"],
                              "targeting_criteria": ["age:25-34", "interest:saving"]})
    f = run_check("targeting.protected_criteria_in_opportunity_ads", campaign)
    assert (f.status, f.value, f.affected_rows) == ("pass", 0, 0)


# ------------------------------------------------------------------ micro_segments
def test_segment_of_exactly_min_audience_is_fine_one_fewer_is_a_breach(make_campaign):
    segments = ["big"] * 3 + ["small"] * 2 + ["small"] + ["ghost"] * 2 + [None]
    targeted = [True, True, True, True, True, False, False, False, True]
    campaign = make_campaign({"customer_id": [str(i) for i in range(9)], "targeted": targeted,
                              "segment": segments}, thresholds={"min_audience": 3})
    f = run_check("targeting.micro_segments", campaign)
    # big: 3 targeted = min_audience, fine; small: 2 targeted (the third is untargeted), breach;
    # ghost: nobody targeted through it, not an audience; None: no segment
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("fail", 1, 3, 2)
    assert f.details["segments"] == [{"segment": "small", "targeted_rows": 2}]
    assert f.details["segments_total"] == 2


def test_micro_segments_pass_and_empty_column(make_campaign):
    ok = make_campaign({"customer_id": ["a", "b"], "segment": ["x", "x"]},
                       thresholds={"min_audience": 2})
    f = run_check("targeting.micro_segments", ok)
    assert (f.status, f.value, f.affected_rows) == ("pass", 0, 0) and NOTE in f.message
    empty = make_campaign({"customer_id": ["a", "b"], "segment": [None, ""]},
                          thresholds={"min_audience": 2})
    assert run_check("targeting.micro_segments", empty).status == "not_evaluated"


# ------------------------------------------------------------------ contact_pressure
def test_contact_count_equal_to_the_cap_is_fine(make_campaign):
    campaign = make_campaign({"customer_id": list("abcde"),
                              "targeted": [True, True, False, True, True],
                              "contact_count": [7, 8, 12, None, 0]})
    f = run_check("targeting.contact_pressure", campaign)
    # b (8) and c (12, counted although not targeted); a = 7 is fine; d unknown
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 2, 7, 2)
    assert f.details["max_contacts_seen"] == 12
    assert f.details["rows_with_count"] == 4


def test_contact_pressure_threshold_from_config(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "contact_count": [3, 4]},
                             thresholds={"max_contacts": 3})
    f = run_check("targeting.contact_pressure", campaign)
    assert (f.status, f.value, f.threshold) == ("warn", 1, 3)
    campaign = make_campaign({"customer_id": ["a", "b"], "contact_count": [3, 4]},
                             thresholds={"max_contacts": 4})
    f = run_check("targeting.contact_pressure", campaign)
    assert (f.status, f.value) == ("pass", 0)


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
        "targeting_criteria": ["a;b;c;d", "a;b;c;d", "a;b;c", "a;b;c;d"],
        "inferred_segments": ["e;f;g", "c;D;e", "d;e;f", "e;f;g"],
    })
    f = run_check("targeting.personalization_depth", campaign)
    # a: 7 distinct > 6; b: a,b,c,d,e = 5 (c and d repeated, any case); c: 6 = fine;
    # d: 7 but not targeted
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 1, 6, 1)
    assert f.details["max_criteria_seen"] == 7


def test_depth_with_one_column_only(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "inferred_segments": ["x;y;z", "x"]},
                             thresholds={"max_criteria": 2})
    f = run_check("targeting.personalization_depth", campaign)
    assert (f.status, f.value) == ("warn", 1) and NOTE in f.message
