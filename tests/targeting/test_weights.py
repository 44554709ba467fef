"""Weighted rows (a ``weight`` column): every targeting finding equals the finding of the same
frame expanded row by row (each row repeated ``weight`` times, the copies given distinct
``customer_id`` values), with ``details.weighted`` true; a row of weight 0 is as if absent."""

from __future__ import annotations

import pandas as pd
import pytest

from ethicskit.registry import run_check
from helpers.weights import expand
from ethicskit.targeting.checks import CHECKS
from ethicskit.targeting.reduction import reduce
from ethicskit.targeting.tables import tables

AS_OF = "2026-11-29"


def comparable(value):
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()
                if k not in ("customer_ids", "weighted")}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def same_as_expanded(make_campaign, frame, check_id, **config):
    weighted = run_check(check_id, make_campaign(frame, as_of=AS_OF, **config))
    plain = run_check(check_id, make_campaign(expand(frame), as_of=AS_OF, **config))
    assert (weighted.status, weighted.value, weighted.affected_rows) == (
        plain.status, plain.value, plain.affected_rows)
    assert comparable(weighted.details) == comparable(plain.details)
    if weighted.status != "not_evaluated" or "to_evaluate" not in weighted.details:
        assert weighted.details.get("weighted") is True
    assert "weighted" not in plain.details
    return weighted


FRAME = pd.DataFrame({
    "customer_id": ["a", "b", "c", "d", "e", "f", "g", "h"],
    "weight": [3, 2, 0, 5, 1, 4, 2, 6],
    "targeted": [True, True, True, True, False, True, True, True],
    "country": ["DE", "US", "DE", "FR", "DE", "US", "GB", "CA"],
    "channel": ["display", "email", "social", "social", "display", "display", "email",
                "social"],
    "age": [15, 40, 12, 17, 30, 16, 70, 19],
    "targeting_criteria": ["health:diabetes;interest:a", "age:40-50;interest:b", "interest:c",
                           "interest:debt-help", "health:x", "gender:f;interest:d;b;c;e;f;g",
                           "interest:casino", None],
    "inferred_segments": ["", "pregnancy", "", "", "", "", "", "x;y"],
    "segment": ["S1", "S2", "S3", "S1", "S1", "S2", None, "S4"],
    "explicit_consent_sensitive": [True, False, False, False, False, False, False, False],
    "product_category": ["gambling", "credit", "alcohol", "high_cost_credit", "credit",
                         "housing", "gambling", "employment"],
    "vulnerability_flags": [None, "debt", "grief", "bereaved", None, "", "debt;illness", None],
    "contact_count": [3, 9, 20, 8, None, 1, 12, 7],
    "automated_decision": [False, True, True, False, True, True, False, True],
    "human_review": [False, False, False, False, False, True, False, None],
    "parental_consent": [False, False, False, True, False, False, False, False],
})


@pytest.mark.parametrize("check_id", [c.id for c in CHECKS])
def test_every_targeting_check_counts_people(make_campaign, check_id):
    same_as_expanded(make_campaign, FRAME, check_id)


@pytest.mark.parametrize("min_audience", [1, 5, 7, 100])
def test_micro_segments_audiences_are_people(make_campaign, min_audience):
    f = same_as_expanded(make_campaign, FRAME, "targeting.micro_segments",
                         thresholds={"min_audience": min_audience})
    # targeted people per segment: S1 a 3 + d 5 = 8 (e is not targeted), S2 b 2 + f 4 = 6,
    # S4 h 6; S3 holds only c, of weight 0: no audience
    sizes = {"S1": 8, "S2": 6, "S4": 6}
    assert f.value == 6
    assert f.details["segments_total"] == 3
    assert f.affected_rows == sum(n for n in sizes.values() if n < min_audience)
    assert f.details["small_segments"] == sum(1 for n in sizes.values() if n < min_audience)


def test_counts_by_hand(make_campaign):
    c = make_campaign(FRAME, as_of=AS_OF)
    # contact_count > 7: b 9 (2), d 8 (5), g 12 (2); c (20) has weight 0, so the largest is 12
    f = run_check("targeting.contact_pressure", c)
    assert (f.value, f.affected_rows, f.details["rows_with_count"]) == (12, 9, 3 + 2 + 5 + 4 + 2
                                                                        + 6)
    # minors on restricted products (< 18): a 15 gambling (3), d 17 high-cost credit (5)
    f = run_check("targeting.minors_restricted_products", c)
    assert (f.affected_rows, f.details["ages"]) == (8, {"15": 3, "17": 5})
    # EU minors on a platform with criteria: a DE display 15 (3), d FR social 17 (5)
    f = run_check("targeting.minors_profiling_ads", c)
    assert (f.affected_rows, f.details["ages"], f.details["parental_consent_rows"]) == (
        8, {"15": 3, "17": 5}, 5)
    # automated significant decisions, not reviewed: b credit (2), h employment (6); f housing
    # was reviewed, d high-cost credit not automated
    assert run_check("targeting.automated_significant_decisions", c).affected_rows == 8
    # vulnerable on high-risk products: d high_cost_credit bereaved (5), g gambling (2)
    assert run_check("targeting.vulnerable_high_risk", c).affected_rows == 7


def test_tables_count_people(make_campaign):
    t = tables(reduce(make_campaign(FRAME, as_of=AS_OF)), {})
    plain = tables(reduce(make_campaign(expand(FRAME), as_of=AS_OF)), {})
    for name in ("segments", "contacts", "depth", "product_by_vulnerability",
                 "product_by_age"):
        if name in plain:
            pd.testing.assert_frame_equal(t[name].reset_index(drop=True),
                                          plain[name].reset_index(drop=True),
                                          check_dtype=False)


def test_without_weights_nothing_says_weighted(make_campaign):
    c = make_campaign(FRAME.drop(columns="weight"), as_of=AS_OF)
    red = reduce(c)
    assert not red.weighted and red.w is None and red.targeted_total == 7
    assert "weighted" not in run_check("targeting.micro_segments", c).details


@pytest.mark.parametrize("row", [r for r in CHECKS if "*" not in r.reads], ids=lambda r: r.id)
def test_weight_is_among_the_columns_read(make_campaign, row):
    import dataclasses

    c = make_campaign(FRAME, as_of=AS_OF)
    keep = set(row.reads) | {"customer_id"}
    cut = dataclasses.replace(c, df=c.df[[k for k in c.df.columns if k in keep]])
    assert "weight" in row.reads
    assert run_check(row, cut).to_dict() == run_check(row, c).to_dict()
