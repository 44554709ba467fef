"""``bias.selection_rate`` and ``bias.intersectional`` on small frames counted by hand."""

import math

import pytest

from bias_run import intersectional, selection_rate
from ethicskit.bias.stats import wilson

TH = dict(ratio_min=0.8, ratio_max=1.25)


def rows(spec: dict[str, tuple[int, int]], column="gender", start=0) -> dict:
    """Columns for groups given as {group: (n, selected)}: selected rows first."""
    ids, values, targeted = [], [], []
    for group, (n, sel) in spec.items():
        for i in range(n):
            ids.append(f"c{start + len(ids)}")
            values.append(None if group == "(missing)" else group)
            targeted.append(i < sel)
    return {"customer_id": ids, column: values, "targeted": targeted}


def by_group(f) -> dict:
    return {(g["attribute"], g["group"]): g for g in f.details["groups"]}


def test_a_ratio_of_exactly_four_fifths_is_inside_the_band(make_campaign):
    # f: 4/10 = 0.4, m: 5/10 = 0.5 (reference: highest rate); 0.4 / 0.5 = 0.8
    c = make_campaign(rows({"f": (10, 4), "m": (10, 5)}), protected_attributes=["gender"])
    f = selection_rate(c, **TH, min_group_n=5)
    g = by_group(f)
    assert g[("gender", "f")]["ratio"] == pytest.approx(0.8, abs=1e-12)
    assert g[("gender", "f")]["spd"] == pytest.approx(-0.1)
    assert g[("gender", "m")]["reference"] and g[("gender", "m")]["ratio"] == 1.0
    assert (f.status, f.affected_rows) == ("pass", 0)
    assert f.value == pytest.approx(0.8)
    assert f.threshold == {"ratio_min": 0.8, "ratio_max": 1.25}


def test_a_ratio_of_three_quarters_fails(make_campaign):
    # f: 3/10, m: 4/10 -> 0.75; the 10 rows of f are affected
    c = make_campaign(rows({"f": (10, 3), "m": (10, 4)}), protected_attributes=["gender"],
                      decision_domain="credit")
    f = selection_rate(c, **TH, min_group_n=5)
    assert (f.status, f.affected_rows) == ("fail", 10)
    assert f.value == pytest.approx(0.75)
    assert "f" in f.message and "0.75" in f.message


def test_over_selection_beyond_1_25_fails_and_1_25_passes(make_campaign):
    # reference m from the config: 4/10. f 5/10 -> 1.25 (inside); x 6/10 -> 1.5 (outside)
    c = make_campaign(rows({"f": (10, 5), "m": (10, 4), "x": (10, 6)}),
                      protected_attributes=["gender"], reference_groups={"gender": "m"},
                      decision_domain="housing")
    f = selection_rate(c, **TH, min_group_n=5)
    g = by_group(f)
    assert g[("gender", "f")]["ratio"] == pytest.approx(1.25)
    assert g[("gender", "x")]["ratio"] == pytest.approx(1.5)
    assert (f.status, f.affected_rows, f.value) == ("fail", 10, 1.0)
    assert f.details["references"][0] == {"attribute": "gender", "group": "m", "rule": "config",
                                          "note": None}


def test_a_group_of_min_group_n_minus_one_never_decides(make_campaign):
    # "s" has 4 rows (min_group_n 5) and nobody selected: ratio 0, shown, not judged
    c = make_campaign(rows({"f": (10, 5), "m": (10, 5), "s": (4, 0)}),
                      protected_attributes=["gender"], decision_domain="employment")
    f = selection_rate(c, **TH, min_group_n=5)
    s = by_group(f)[("gender", "s")]
    assert (s["n"], s["selected"], s["rate"], s["ratio"], s["evaluated"]) == (4, 0, 0.0, 0.0,
                                                                               False)
    assert (f.status, f.value, f.affected_rows) == ("pass", 1.0, 0)
    # with min_group_n = 4 the same group decides
    assert selection_rate(c, **TH, min_group_n=4).status == "fail"


def test_the_highest_rate_reference_is_chosen_among_evaluated_groups_only(make_campaign):
    # "s": 2/2 = 1.0 but too small; the reference is m (6/10), so f (3/10) has ratio 0.5
    c = make_campaign(rows({"f": (10, 3), "m": (10, 6), "s": (2, 2)}),
                      protected_attributes=["gender"])
    f = selection_rate(c, **TH, min_group_n=5)
    assert f.details["references"][0]["group"] == "m"
    assert f.details["references"][0]["rule"] == "highest selection rate"
    assert by_group(f)[("gender", "f")]["ratio"] == pytest.approx(0.5)


def test_missing_values_form_their_own_group(make_campaign):
    c = make_campaign(rows({"f": (6, 3), "(missing)": (6, 1)}), protected_attributes=["gender"])
    f = selection_rate(c, **TH, min_group_n=5)
    miss = by_group(f)[("gender", "(missing)")]
    assert (miss["n"], miss["selected"]) == (6, 1)
    assert miss["ratio"] == pytest.approx((1 / 6) / (3 / 6))
    assert f.affected_rows == 6


def test_details_hold_every_required_key_and_the_wilson_interval(make_campaign):
    c = make_campaign(rows({"f": (13, 4), "m": (17, 9)}), protected_attributes=["gender"])
    f = selection_rate(c, **TH, min_group_n=5)
    keys = {"attribute", "group", "n", "selected", "rate", "ratio", "spd", "ci_low", "ci_high",
            "evaluated", "reference"}
    for g in f.details["groups"]:
        assert keys <= set(g)
    g = by_group(f)[("gender", "f")]
    assert (g["ci_low"], g["ci_high"]) == pytest.approx(wilson(4, 13), abs=1e-12)
    assert g["rate"] == pytest.approx(4 / 13, abs=1e-15)


def test_affected_rows_count_each_row_once_across_attributes(make_campaign):
    # rows c0..c19; gender f = c0..c9, m = c10..c19; marital s = c0..c4 + c10..c14, w = rest.
    # selected: c0, c1, c5..c17 (c2..c4 and c18, c19 not selected)
    data = rows({"f": (10, 0), "m": (10, 0)})
    data["marital_status"] = ["s"] * 5 + ["w"] * 5 + ["s"] * 5 + ["w"] * 5
    data["targeted"] = [True, True, False, False, False, True, True, True, True, True,
                        True, True, True, True, True, True, True, True, False, False]
    c = make_campaign(data, protected_attributes=["gender", "marital_status"],
                      decision_domain="credit")
    f = selection_rate(c, **TH, min_group_n=5)
    g = by_group(f)
    # gender: f = c0, c1, c5..c9 = 7 of 10; m = c10..c17 = 8 of 10
    assert (g[("gender", "f")]["selected"], g[("gender", "m")]["selected"]) == (7, 8)
    # marital: s = c0, c1, c10..c14 = 7 of 10; w = c5..c9, c15..c17 = 8 of 10
    assert (g[("marital_status", "s")]["selected"],
            g[("marital_status", "w")]["selected"]) == (7, 8)
    assert f.status == "pass"  # 7/8 = 0.875 in both
    strict = selection_rate(c, ratio_min=0.9, ratio_max=1.25, min_group_n=5)
    # f (c0..c9) and s (c0..c4, c10..c14) both fail: 15 distinct rows, not 20
    assert (strict.status, strict.affected_rows) == ("fail", 15)


def test_zero_reference_rate_gives_null_ratios_and_says_so(make_campaign):
    c = make_campaign(rows({"f": (10, 3), "m": (10, 0)}), protected_attributes=["gender"],
                      reference_groups={"gender": "m"})
    f = selection_rate(c, **TH, min_group_n=5)
    assert all(g["ratio"] is None for g in f.details["groups"])
    assert f.status == "not_evaluated"
    assert any("selected nobody" in n for n in f.details["notes"])


def test_names_as_the_config_writes_them_and_dataset_decision(make_campaign):
    data = rows({"f": (10, 3), "m": (10, 6)}, column="sex")
    data["picked"] = ["y" if t else "n" for t in data.pop("targeted")]
    c = make_campaign(data, columns={"gender": "sex"}, protected_attributes=["sex"],
                      reference_groups={"sex": "f"}, decision="picked")
    f = selection_rate(c, **TH, min_group_n=5)
    assert {g["attribute"] for g in f.details["groups"]} == {"sex"}
    assert by_group(f)[("sex", "m")]["ratio"] == pytest.approx(2.0)
    assert f.details["decision"] == "picked"


def test_not_evaluated_without_decision_or_attributes(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "gender": ["f", "m"]})
    f = selection_rate(c, **TH, min_group_n=1)
    assert f.status == "not_evaluated" and "targeted" in f.message
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, False]})
    assert selection_rate(c, **TH, min_group_n=1).status == "not_evaluated"
    # every group too small
    c = make_campaign(rows({"f": (3, 1), "m": (3, 2)}), protected_attributes=["gender"])
    assert selection_rate(c, **TH, min_group_n=30).status == "not_evaluated"


def test_intersections_label_pairs_in_config_order(make_campaign):
    # gender x band: (f,old) 0/6, (f,young) 6/6, (m,old) 3/6, (m,young) 6/6, (m,mid) 1/2
    data = rows({"f": (12, 0), "m": (14, 0)})
    data["band"] = ["old"] * 6 + ["young"] * 6 + ["old"] * 6 + ["young"] * 6 + ["mid"] * 2
    data["targeted"] = ([False] * 6 + [True] * 6 + [True] * 3 + [False] * 3 + [True] * 6
                        + [True, False])
    c = make_campaign(data, protected_attributes=["band", "gender"],
                      reference_groups={"gender": "m"}, decision_domain="credit")
    f = intersectional(c, **TH, min_group_n=5)
    g = by_group(f)
    pair = "band & gender"
    assert set(g) == {(pair, "band=mid & gender=m"), (pair, "band=old & gender=f"),
                      (pair, "band=old & gender=m"), (pair, "band=young & gender=f"),
                      (pair, "band=young & gender=m")}
    # reference: the highest evaluated rate (1.0; ties go to the larger group, then the label
    # order), never the config's reference_groups
    assert f.details["references"][0]["rule"] == "highest selection rate"
    assert g[(pair, "band=old & gender=m")]["ratio"] == pytest.approx(0.5)
    assert g[(pair, "band=old & gender=f")]["ratio"] == 0.0
    assert not g[(pair, "band=mid & gender=m")]["evaluated"]
    # failing groups: (old, f) 6 rows and (old, m) 6 rows
    assert (f.status, f.value, f.affected_rows) == ("fail", 0.0, 12)
    assert g[(pair, "band=old & gender=f")]["values"] == ["old", "f"]


def test_intersectional_needs_two_attributes(make_campaign):
    c = make_campaign(rows({"f": (6, 3), "m": (6, 3)}), protected_attributes=["gender"])
    f = intersectional(c, **TH, min_group_n=5)
    assert f.status == "not_evaluated" and "two protected attributes" in f.message


# ------------------------------------------------------------------ an adverse decision
# decision_favourable: false (the decision harms: declined, flagged high risk). By hand:
# a 2/10 = 0.2, b 5/10 = 0.5, c 3/10 = 0.3, d 1/4 (too small to judge). The reference is the
# evaluated group with the LOWEST rate, a; ratios a 1.0, b 2.5, c 1.5 (d 1.25, not judged);
# value = the HIGHEST evaluated ratio, 2.5; b and c (20 rows) are outside [0.8, 1.25].
ADVERSE = {"a": (10, 2), "b": (10, 5), "c": (10, 3), "d": (4, 1)}


@pytest.mark.parametrize("domain, status", [("credit", "fail"), ("general", "warn")])
def test_an_adverse_decision_takes_the_lowest_rate_as_reference(make_campaign, domain, status):
    c = make_campaign(rows(ADVERSE), protected_attributes=["gender"], decision_favourable=False,
                      decision_domain=domain)
    f = selection_rate(c, **TH, min_group_n=5)
    g = by_group(f)
    assert f.details["references"][0] == {"attribute": "gender", "group": "a",
                                          "rule": "lowest selection rate", "note": None}
    assert g[("gender", "a")]["reference"] and g[("gender", "a")]["ratio"] == 1.0
    assert g[("gender", "b")]["ratio"] == pytest.approx(2.5)
    assert g[("gender", "c")]["ratio"] == pytest.approx(1.5)
    assert g[("gender", "d")]["ratio"] == pytest.approx(1.25) and not g[("gender", "d")][
        "evaluated"]
    assert g[("gender", "b")]["spd"] == pytest.approx(0.3)
    assert (f.status, f.value, f.affected_rows) == (status, pytest.approx(2.5), 20)
    assert f.details["decision_favourable"] is False
    # the headline names the harmed group: b, the most often given the adverse decision
    assert "gender = b is given the adverse decision at 50.0%" in f.message
    assert "against 20.0% for a" in f.message and "2.50" in f.message


def test_an_adverse_decision_keeps_a_configured_reference(make_campaign):
    # reference c (config, 0.3): a 0.2/0.3 = 0.667, b 0.5/0.3 = 1.667; value = highest = 1.667
    c = make_campaign(rows(ADVERSE), protected_attributes=["gender"], decision_favourable=False,
                      reference_groups={"gender": "c"}, decision_domain="credit")
    f = selection_rate(c, **TH, min_group_n=5)
    g = by_group(f)
    assert f.details["references"][0]["rule"] == "config"
    assert g[("gender", "a")]["ratio"] == pytest.approx(2 / 3)
    assert (f.status, f.value, f.affected_rows) == ("fail", pytest.approx(5 / 3), 20)
    assert "gender = b is given the adverse decision" in f.message


def test_an_adverse_decision_that_passes_reports_the_highest_ratio(make_campaign):
    # a 4/10, b 5/10: reference a (lowest), ratio b 1.25 (inside the band): pass, value 1.25
    c = make_campaign(rows({"a": (10, 4), "b": (10, 5)}), protected_attributes=["gender"],
                      decision_favourable=False, decision_domain="credit")
    f = selection_rate(c, **TH, min_group_n=5)
    assert (f.status, f.value, f.affected_rows) == ("pass", pytest.approx(1.25), 0)
    assert "highest ratio 1.25" in f.message


def test_an_adverse_decision_breaks_ties_of_the_lowest_rate_by_size(make_campaign):
    # a 2/10 and b 4/20 share the lowest rate 0.2: the larger group b is the reference
    c = make_campaign(rows({"a": (10, 2), "b": (20, 4), "c": (10, 6)}),
                      protected_attributes=["gender"], decision_favourable=False)
    f = selection_rate(c, **TH, min_group_n=5)
    assert f.details["references"][0]["group"] == "b"
    assert by_group(f)[("gender", "c")]["ratio"] == pytest.approx(3.0)


def test_an_adverse_decision_at_intersections(make_campaign):
    # gender x band, by hand: (f,old) 1/5 = 0.2, (f,young) 3/5 = 0.6, (m,old) 2/5 = 0.4,
    # (m,young) 1/5 = 0.2 (ties with (f,old) at 0.2 and 5 rows: the first label, band=old &
    # gender=f, is the reference). Ratios: (f,young) 3.0, (m,old) 2.0, (m,young) 1.0.
    data = {"customer_id": [f"c{i}" for i in range(20)],
            "gender": ["f"] * 10 + ["m"] * 10,
            "band": (["old"] * 5 + ["young"] * 5) * 2,
            "targeted": ([True] + [False] * 4 + [True] * 3 + [False] * 2
                         + [True] * 2 + [False] * 3 + [True] + [False] * 4)}
    c = make_campaign(data, protected_attributes=["band", "gender"], decision_favourable=False,
                      decision_domain="housing")
    f = intersectional(c, **TH, min_group_n=5)
    g = by_group(f)
    pair = "band & gender"
    assert f.details["references"][0]["group"] == "band=old & gender=f"
    assert f.details["references"][0]["rule"] == "lowest selection rate"
    assert g[(pair, "band=young & gender=f")]["ratio"] == pytest.approx(3.0)
    assert g[(pair, "band=old & gender=m")]["ratio"] == pytest.approx(2.0)
    assert g[(pair, "band=young & gender=m")]["ratio"] == pytest.approx(1.0)
    # (f,young) and (m,old) are outside: 10 rows; value = the highest ratio
    assert (f.status, f.value, f.affected_rows) == ("fail", pytest.approx(3.0), 10)
    assert "band=young & gender=f is given the adverse decision at 60.0%" in f.message


# ------------------------------------------------------------------ the Wilson interval
Z = 1.959963984540054


def wilson_by_hand(k: int, n: int) -> tuple[float, float]:
    """Wilson (1927) in its other closed form: (2k + z^2 -/+ z sqrt(z^2 + 4k(n-k)/n)) /
    (2(n + z^2))."""
    root = Z * math.sqrt(Z * Z + 4 * k * (n - k) / n)
    return ((2 * k + Z * Z - root) / (2 * (n + Z * Z)),
            (2 * k + Z * Z + root) / (2 * (n + Z * Z)))


@pytest.mark.parametrize("k, n", [(4, 13), (0, 7), (7, 7), (1, 2), (30, 31), (9, 17)])
def test_the_wilson_interval_of_each_group_by_hand(make_campaign, k, n):
    c = make_campaign(rows({"x": (n, k), "y": (10, 5)}), protected_attributes=["gender"])
    g = by_group(selection_rate(c, **TH, min_group_n=1))[("gender", "x")]
    low, high = wilson_by_hand(k, n)
    assert g["ci_low"] == pytest.approx(max(low, 0.0), abs=1e-12)
    assert g["ci_high"] == pytest.approx(min(high, 1.0), abs=1e-12)
    assert g["ci_low"] <= g["rate"] <= g["ci_high"]


def test_the_wilson_interval_of_4_of_13_in_numbers():
    # (2*4 + z^2 -/+ z sqrt(z^2 + 4*4*9/13)) / (2 (13 + z^2)) with z^2 = 3.84146:
    # (11.84146 -/+ 1.95996 * sqrt(14.91838)) / 33.68293 = (11.84146 -/+ 7.57018) / 33.68293
    low, high = wilson(4, 13)
    assert (round(low, 4), round(high, 4)) == (0.1268, 0.5763)
