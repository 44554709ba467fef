"""``bias.error_rate_parity``: ProPublica's COMPAS figures and small frames counted by hand."""

import pandas as pd
import pytest

from bias_run import error_rate_parity


def confusion_rows(race: str, tn: int, fp: int, fn: int, tp: int) -> pd.DataFrame:
    """One row per person: prediction = "high" risk (Medium or High score), outcome = two-year
    recidivism."""
    cells = [(0, 0, tn), (1, 0, fp), (0, 1, fn), (1, 1, tp)]
    return pd.DataFrame([{"ethnicity": race, "prediction": bool(p), "outcome": bool(o)}
                         for p, o, k in cells for _ in range(k)])


@pytest.fixture
def compas(make_campaign):
    # ProPublica, "How We Analyzed the COMPAS Recidivism Algorithm" (2016), published counts
    frame = pd.concat([confusion_rows("African-American", 990, 805, 532, 1369),
                       confusion_rows("Caucasian", 1139, 349, 461, 505)], ignore_index=True)
    frame.insert(0, "customer_id", [f"p{i}" for i in range(len(frame))])
    frame["targeted"] = frame["prediction"]
    return make_campaign(frame, protected_attributes=["ethnicity"],
                         reference_groups={"ethnicity": "Caucasian"})


def test_compas_false_positive_and_negative_rates(compas):
    f = error_rate_parity(compas, odds_max=0.1, min_group_n=30)
    g = {r["group"]: r for r in f.details["groups"]}
    aa, wh = g["African-American"], g["Caucasian"]
    # FPR = FP / (FP + TN): 805 / 1795 and 349 / 1488; FNR = FN / (FN + TP): 532 / 1901, 461 / 966
    assert round(100 * aa["fpr"], 2) == 44.85 and round(100 * wh["fpr"], 2) == 23.45
    assert round(100 * aa["fnr"], 2) == 27.99 and round(100 * wh["fnr"], 2) == 47.72
    assert round(aa["fpr_ratio"], 2) == 1.91
    assert aa["fpr_ratio"] == pytest.approx((805 / 1795) / (349 / 1488), abs=1e-12)
    assert wh["reference"] and (aa["n"], wh["n"]) == (3696, 2454)
    # eod = 1369/1901 - 505/966; aod = ((805/1795 - 349/1488) + eod) / 2
    eod = 1369 / 1901 - 505 / 966
    assert aa["eod"] == pytest.approx(eod, abs=1e-12)
    assert aa["aod"] == pytest.approx(((805 / 1795 - 349 / 1488) + eod) / 2, abs=1e-12)
    assert aa["ppv"] == pytest.approx(1369 / (1369 + 805), abs=1e-12)
    assert aa["base_rate"] == pytest.approx((532 + 1369) / 3696, abs=1e-12)
    # criminal justice is not credit, housing or employment: the gap is a screen (warn)
    assert (f.status, f.affected_rows) == ("warn", 3696)
    assert f.details["decision_domain"] == "general"
    assert f.value == pytest.approx(abs(eod), abs=1e-12)
    keys = {"attribute", "group", "n", "tpr", "fpr", "fnr", "ppv", "base_rate", "eod", "aod",
            "fpr_ratio", "evaluated", "reference"}
    assert all(keys <= set(r) for r in f.details["groups"])


def test_prediction_falls_back_to_the_decision_and_unknown_outcomes_are_left_out(make_campaign):
    # group a: (targeted, outcome) = (1,1) (1,1) (0,1) (1,0) (0,0) (1,None)
    # group b: (1,1) (0,1) (0,1) (0,0) (0,0) (0,None)
    c = make_campaign({"customer_id": [f"c{i}" for i in range(12)],
                       "gender": ["a"] * 6 + ["b"] * 6,
                       "targeted": [1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0],
                       "outcome": [1, 1, 1, 0, 0, None, 1, 1, 1, 0, 0, None]},
                      protected_attributes=["gender"], reference_groups={"gender": "a"},
                      decision_domain="employment")
    f = error_rate_parity(c, odds_max=0.1, min_group_n=5)
    g = {r["group"]: r for r in f.details["groups"]}
    assert f.details["prediction"] == "targeted"
    # a: n 5, tpr 2/3, fpr 1/2; b: n 5, tpr 1/3, fpr 0/2
    assert (g["a"]["n"], g["b"]["n"]) == (5, 5)
    assert g["b"]["tpr"] == pytest.approx(1 / 3) and g["a"]["tpr"] == pytest.approx(2 / 3)
    assert g["b"]["eod"] == pytest.approx(-1 / 3)
    assert g["b"]["aod"] == pytest.approx(((0 - 0.5) + (1 / 3 - 2 / 3)) / 2)
    assert g["b"]["fpr_ratio"] == 0.0
    assert (f.status, f.affected_rows) == ("fail", 5)
    assert any("without a known outcome" in n for n in f.details["notes"])


def test_small_groups_never_decide_and_undefined_rates_are_null(make_campaign):
    # b has 4 rows (< 5) with an extreme gap; c has no positive outcome: tpr undefined
    c = make_campaign({"customer_id": [f"c{i}" for i in range(15)],
                       "gender": ["a"] * 6 + ["b"] * 4 + ["c"] * 5,
                       "targeted": [1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0],
                       "outcome": [1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]},
                      protected_attributes=["gender"], reference_groups={"gender": "a"},
                      decision_domain="employment")
    f = error_rate_parity(c, odds_max=0.1, min_group_n=5)
    g = {r["group"]: r for r in f.details["groups"]}
    assert not g["b"]["evaluated"] and g["b"]["tpr"] == 0.0
    assert g["c"]["tpr"] is None and g["c"]["eod"] is None and g["c"]["ppv"] == 0.0
    # a: tpr 2/3, fpr 1/3; c: fpr 2/5 -> aod undefined (needs tpr), nothing evaluated breaks
    assert f.status == "pass" and f.value == 0.0


def test_not_evaluated_without_outcome(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "gender": ["f", "m"], "targeted": [1, 0]})
    assert error_rate_parity(c, odds_max=0.1, min_group_n=1).status == "not_evaluated"


def test_an_adverse_decision_compares_error_rates_with_the_lowest_rate_group(make_campaign):
    # the decision (targeted) is adverse: a is flagged 4 of 6 times, b 1 of 6 times, so the
    # reference is b (lowest rate). Known outcomes as in the test above.
    c = make_campaign({"customer_id": [f"c{i}" for i in range(12)],
                       "gender": ["a"] * 6 + ["b"] * 6,
                       "targeted": [1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0],
                       "outcome": [1, 1, 1, 0, 0, None, 1, 1, 1, 0, 0, None]},
                      protected_attributes=["gender"], decision_favourable=False,
                      decision_domain="credit")
    f = error_rate_parity(c, odds_max=0.1, min_group_n=5)
    g = {r["group"]: r for r in f.details["groups"]}
    assert g["b"]["reference"] and f.details["references"][0]["rule"] == "lowest selection rate"
    # a: tpr 2/3, fpr 1/2; b: tpr 1/3, fpr 0: eod(a) = 1/3, aod(a) = (1/2 + 1/3) / 2
    assert g["a"]["eod"] == pytest.approx(1 / 3)
    assert g["a"]["aod"] == pytest.approx((0.5 + 1 / 3) / 2)
    assert (f.status, f.affected_rows, f.value) == ("fail", 5, pytest.approx(1 / 3))
