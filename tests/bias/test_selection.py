"""``bias.selection_rate`` and ``bias.intersectional`` on small frames counted by hand."""

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
    c = make_campaign(rows({"f": (10, 3), "m": (10, 4)}), protected_attributes=["gender"])
    f = selection_rate(c, **TH, min_group_n=5)
    assert (f.status, f.affected_rows) == ("fail", 10)
    assert f.value == pytest.approx(0.75)
    assert "f" in f.message and "0.75" in f.message


def test_over_selection_beyond_1_25_fails_and_1_25_passes(make_campaign):
    # reference m from the config: 4/10. f 5/10 -> 1.25 (inside); x 6/10 -> 1.5 (outside)
    c = make_campaign(rows({"f": (10, 5), "m": (10, 4), "x": (10, 6)}),
                      protected_attributes=["gender"], reference_groups={"gender": "m"})
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
                      protected_attributes=["gender"])
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
    c = make_campaign(data, protected_attributes=["gender", "marital_status"])
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
                      reference_groups={"gender": "m"})
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
