"""The targeting reduction: codes, token tables, lexicon matches and group counts, by hand."""

import numpy as np

from ethicskit.targeting.reduction import reduce


def test_reduction_of_a_tiny_campaign(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcd"),
        "targeted": [True, True, False, True],
        "targeting_criteria": ["age:25-34;Interest:Running", "health:x", "age:25-34", None],
        "segment": ["Debt Help", "S", "S", None],
        "explicit_consent_sensitive": [False, True, False, False],
        "product_category": ["credit", "credit", "gambling", "general"],
        "contact_count": [3, None, 9, 3],
        "age": [17, 30, 40, None],
    })
    red = reduce(campaign)
    assert red.rows == 4 and red.has_targeted and red.targeted_total == 3
    assert red.targeted.tolist() == [True, True, False, True]
    assert red.consent_sensitive.tolist() == [False, True, False, False]
    criteria = red.tokens["targeting_criteria"]
    # the loader reads an empty list as "" (a value without tokens), lower-cased
    assert criteria.codes.tolist() == [0, 1, 2, 3]
    assert criteria.tokens == [["age:25-34", "interest:running"], ["health:x"], ["age:25-34"],
                               []]
    assert red.criteria_keys == [["age"], [], ["age"], []]
    # each distinct token matched once; only matching tokens are kept
    assert red.matches == {"health:x": ("health",), "debt help": ("financial_hardship",)}
    assert red.pairs["segment"] == [[("debt help", "financial_hardship")], []]
    # targeted rows per (criteria, segment) cell, with the consented ones
    cells = red.sensitive_cells
    assert cells[["targeting_criteria", "segment", "n", "consented"]].values.tolist() == [
        [0, 0, 1, 0], [1, 1, 1, 1], [3, 2, 1, 0]]  # segment code 2: a null segment
    # targeted rows per segment (nulls are no segment); rows per contact count (all rows)
    assert red.segment_cells[["segment", "n"]].values.tolist() == [[0, 1], [1, 1]]
    assert dict(zip(red.contact.uniques[red.contact_cells["contact"]],
                    red.contact_cells["n"])) == {3: 2, 9: 1}
    # targeted rows per product and age
    ages = red.age_cells
    assert ages[["product", "age", "n"]].values.tolist() == [[0, 0, 1], [0, 1, 1], [2, 3, 1]]
    assert list(red.product.uniques) == ["credit", "gambling", "general"]
    # depth per targeted row: one column present, so its distinct tokens
    assert red.row_depth.tolist() == [2, 1, 1, 0]
    assert red.facts() == {"has_targeted": True, "targeted_total": 3}


def test_reduction_without_optional_columns(make_campaign):
    red = reduce(make_campaign({"customer_id": ["a", "b"]}))
    assert not red.has_targeted and red.targeted.tolist() == [True, True]
    assert red.tokens == {} and red.matches == {} and red.product is None
    assert red.sensitive_cells.empty
    assert red.criteria_cells is None and red.segment_cells is None
    assert red.contact_cells is None and red.depth_cells is None and red.row_depth is None
    assert np.array_equal(red.automated, [False, False])


def test_counts_come_from_the_reduction_not_the_campaign(make_campaign):
    """A metric reads only its reduction: the same numbers from a reduction kept apart."""
    from ethicskit.registry import BY_ID, run_check

    campaign = make_campaign({"customer_id": list("abc"), "targeted": [True] * 3,
                              "segment": ["x", "x", "y"]}, thresholds={"min_audience": 2})
    red = reduce(campaign)
    f = run_check(BY_ID["targeting.micro_segments"], campaign, reduction=red)
    # x 2 people, y 1 (below 2): value = the smallest audience
    assert (f.status, f.value, f.affected_rows) == ("warn", 1, 1)
    assert f.details["customer_ids"] == ["c"]


def test_jurisdictions_are_assigned_once_and_kept(make_campaign, monkeypatch):
    from ethicskit.registry import run_area
    from ethicskit.targeting import reduction

    calls = []
    real = reduction.assign
    monkeypatch.setattr(reduction, "assign", lambda c: calls.append(1) or real(c))
    campaign = make_campaign({
        "customer_id": list("abcde"),
        "targeted": [True, True, True, False, True],
        "country": ["DE", "US", None, "FR", "GB"],
        "channel": ["Display", "social", "email", "social", None],
        "targeting_criteria": ["interest:diabetes", "", None, "interest:debt", "x"],
        "inferred_segments": ["", "gamer", "", "", ""],
        "age": [17, None, 40, 15, 30],
        "parental_consent": [True, None, False, True, False],
    })
    red = reduction.reduce(campaign)
    assert len(calls) == 1
    j = red.jurisdictions
    assert [j.keys[c] for c in j.codes] == ["DE", "US", "EU", "FR", "GB"]
    assert j.fallback.tolist() == [False, False, True, False, False]
    assert red.platform.tolist() == [True, True, False, True, False]
    assert red.platform_ban.tolist() == [True, False, False, True, False]  # EU rows only
    assert red.special.tolist() == [True, False, False, False, False]
    assert red.hardship.tolist() == [False, False, False, True, False]
    assert red.profiled.tolist() == [True, True, False, True, True]
    assert np.array_equal(red.ages, [17, np.nan, 40, 15, 30], equal_nan=True)
    assert red.parental.tolist() == [True, False, False, True, False]
    # the sensitive cells carry the consented rows, those exempt (consent off a banned platform)
    # and those under the platform ban, among targeted rows
    cells = red.sensitive_cells
    assert int(cells["platform"].sum()) == 1 and int(cells["exempt"].sum()) == 0
    calls.clear()
    run_area("targeting", campaign)
    assert len(calls) == 1  # one reduction for the whole area
