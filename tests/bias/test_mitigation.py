"""``bias.mitigation_preview``: Kamiran-Calders weights by hand, ratios after reweighing."""

import pytest

from bias_run import mitigation_preview


def test_weights_and_ratios_by_hand(make_campaign):
    # N = 20, selected 8. f: 10 rows, 2 selected; m: 10 rows, 6 selected.
    # W(g, y) = n_g n_y / (N n_gy): W(f,1) = 10*8/(20*2) = 2, W(f,0) = 10*12/(20*8) = 0.75,
    # W(m,1) = 10*8/(20*6) = 2/3, W(m,0) = 10*12/(20*4) = 1.5
    c = make_campaign({"customer_id": [f"c{i}" for i in range(20)],
                       "gender": ["f"] * 10 + ["m"] * 10,
                       "targeted": [1] * 2 + [0] * 8 + [1] * 6 + [0] * 4},
                      protected_attributes=["gender"])
    f = mitigation_preview(c, min_group_n=5)
    w = {(r["group"], r["selected"]): r["weight"] for r in f.details["weights"]}
    assert w == {("f", True): pytest.approx(2.0), ("f", False): pytest.approx(0.75),
                 ("m", True): pytest.approx(2 / 3), ("m", False): pytest.approx(1.5)}
    g = {r["group"]: r for r in f.details["groups"]}
    # before: 0.2 / 0.6; after: every group at the overall rate 8/20
    assert g["f"]["ratio_before"] == pytest.approx(1 / 3)
    assert g["f"]["rate_after"] == pytest.approx(0.4) and g["m"]["rate_after"] == pytest.approx(0.4)
    assert g["f"]["ratio_after"] == pytest.approx(1.0)
    assert (f.status, f.value, f.affected_rows) == ("info", pytest.approx(1.0), None)


def test_a_group_nobody_in_which_was_selected_stays_at_zero(make_campaign):
    c = make_campaign({"customer_id": [f"c{i}" for i in range(10)],
                       "gender": ["f"] * 5 + ["m"] * 5, "targeted": [0] * 5 + [1, 1, 0, 0, 0]},
                      protected_attributes=["gender"])
    f = mitigation_preview(c, min_group_n=5)
    g = {r["group"]: r for r in f.details["groups"]}
    assert g["f"]["rate_after"] == 0.0 and g["f"]["ratio_after"] == 0.0
    assert any("cannot change" in n for n in f.details["notes"])


def test_not_evaluated_without_a_decision(make_campaign):
    c = make_campaign({"customer_id": ["a"], "gender": ["f"]})
    assert mitigation_preview(c, min_group_n=1).status == "not_evaluated"


def test_an_adverse_decision_reports_the_highest_ratio_against_the_lowest_rate(make_campaign):
    # decision_favourable false: the reference is f (rate 0.2, the lowest); m 0.6 / 0.2 = 3
    # before reweighing, 1 after (every group at 8/20); value = the highest ratio after
    c = make_campaign({"customer_id": [f"c{i}" for i in range(20)],
                       "gender": ["f"] * 10 + ["m"] * 10,
                       "targeted": [1] * 2 + [0] * 8 + [1] * 6 + [0] * 4},
                      protected_attributes=["gender"], decision_favourable=False)
    f = mitigation_preview(c, min_group_n=5)
    g = {r["group"]: r for r in f.details["groups"]}
    assert g["f"]["reference"] and g["m"]["ratio_before"] == pytest.approx(3.0)
    assert (f.status, f.value) == ("info", pytest.approx(1.0))
    assert "highest selection-rate ratio from 3.00 to 1.00" in f.message
