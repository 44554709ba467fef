"""Minors and restricted products, vulnerable people and high-risk products, automated
decisions without review. Every expected number is counted by hand from the literal frame."""

from ethicskit.registry import run_check


def test_17_year_old_shown_alcohol_is_a_breach_18_year_old_is_not(make_campaign):
    # as_of 2026-11-29: born 2009-11-29 turns 17 today; born 2008-11-29 turns 18 today;
    # born 2008-11-30 turns 18 tomorrow, so is still 17
    campaign = make_campaign({
        "customer_id": list("abcdef"),
        "targeted": [True, True, True, False, True, True],
        "birth_date": ["2009-11-29", "2008-11-29", "2008-11-30", "2010-01-01", "2012-05-05",
                       None],
        "product_category": ["alcohol", "alcohol", "gambling", "alcohol", "general", "tobacco"],
    })
    f = run_check("targeting.minors_restricted_products", campaign)
    # a (17, alcohol) and c (17, gambling); b is 18; d untargeted; e general; f no age
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("fail", 2, 0, 2)
    assert f.details["products"] == {"alcohol": 1, "gambling": 1}
    assert f.details["ages"] == {"17": 2}
    assert f.details["unknown_age_rows"] == 1


def test_minors_from_the_age_column_and_a_custom_minor_age(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "age": [20, 21],
                              "product_category": ["high_cost_credit", "high_cost_credit"]},
                             thresholds={"minor_age": 21})
    f = run_check("targeting.minors_restricted_products", campaign)
    assert (f.status, f.value) == ("fail", 1)
    assert "every row counts as targeted" in f.message


def test_minors_pass_and_not_evaluated(make_campaign):
    campaign = make_campaign({"customer_id": ["a"], "age": [18], "product_category": ["alcohol"]})
    assert run_check("targeting.minors_restricted_products", campaign).status == "pass"
    f = run_check("targeting.minors_restricted_products",
                  make_campaign({"customer_id": ["a"], "product_category": ["alcohol"]}))
    assert f.status == "not_evaluated"


def test_vulnerability_flags_empty_against_present(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcdef"),
        "targeted": [True, True, True, True, False, True],
        "vulnerability_flags": ["", None, "arrears", "Problem_Gambling;bereavement",
                                "arrears", "arrears"],
        "product_category": ["gambling", "high_cost_credit", "high_cost_credit", "gambling",
                             "gambling", "credit"],
    })
    f = run_check("targeting.vulnerable_high_risk", campaign)
    # c and d; a and b have no flag; e untargeted; f credit is not high-risk. A risk to
    # review (warn), not a breach
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 2, 0, 2)
    assert f.details["products"] == {"gambling": 1, "high_cost_credit": 1}
    assert f.details["flags"] == {"arrears": 1, "bereavement": 1, "problem_gambling": 1}


def test_vulnerable_pass(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                              "vulnerability_flags": ["", "arrears"],
                              "product_category": ["gambling", "general"]})
    f = run_check("targeting.vulnerable_high_risk", campaign)
    assert (f.status, f.value, f.affected_rows) == ("pass", 0, 0)


def test_automated_decisions_without_review(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcdefg"),
        "targeted": [True, True, True, True, False, True, True],
        "product_category": ["credit", "insurance", "housing", "credit", "credit", "general",
                             "employment"],
        "automated_decision": [True, True, True, True, True, True, None],
        "human_review": [False, None, True, "no", False, False, False],
    })
    f = run_check("targeting.automated_significant_decisions", campaign)
    # a (review false), b (review empty), d ("no"); c reviewed; e untargeted; f general;
    # g automated_decision empty = not automated
    assert (f.status, f.value, f.threshold, f.affected_rows) == ("warn", 3, 0, 3)
    assert f.details["products"] == {"credit": 2, "insurance": 1}


def test_automated_without_human_review_column(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                              "product_category": ["credit", "general"],
                              "automated_decision": [True, True]})
    f = run_check("targeting.automated_significant_decisions", campaign)
    assert (f.status, f.value) == ("warn", 1) and "human_review" in f.message
    f = run_check("targeting.automated_significant_decisions",
                  make_campaign({"customer_id": ["a"], "product_category": ["credit"]}))
    assert f.status == "not_evaluated"
