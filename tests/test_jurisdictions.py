"""Which rules each row follows (region, country, EU, default_jurisdiction) and the
per-jurisdiction table every finding that uses the rule pack carries."""

from __future__ import annotations

import numpy as np
import pytest

from ethicskit.jurisdictions import FALLBACK_NOTE, assign, describe
from ethicskit.messages import render
from ethicskit.rulepack import load

ROWS = {"customer_id": list("abcdefghij"),
        "country": ["de", "UK", "US", "US", None, "ZZ", "NL", "CA", "us", "IS"],
        "region": [None, None, "US-CA", "us-tx", None, None, None, None, "US-NY", None]}
# by hand: the entry of each row, and whether it fell back to default_jurisdiction
ENTRY = ["DE", "GB", "US-CA", "US-TX", "EU", "EU", "EU", "CA", "US", "IS"]
FALLBACK = [False, False, False, False, True, True, False, False, False, False]


def entries(j):
    return [j.keys[c] for c in j.codes]


def test_each_row_follows_its_entry(make_campaign):
    j = assign(make_campaign(ROWS))
    assert entries(j) == ENTRY
    assert j.fallback.tolist() == FALLBACK and j.fallback_rows == 2


def test_default_jurisdiction_decides_only_the_fallback_rows(make_campaign):
    j = assign(make_campaign(ROWS, default_jurisdiction="US"))
    assert entries(j) == [("US" if f else e) for e, f in zip(ENTRY, FALLBACK)]


def test_values_per_row(make_campaign):
    j = assign(make_campaign(ROWS))
    # grace: US and CA 10 business days, EU and GB 0 days
    assert j.number("optout_grace", "days").tolist() == [0, 0, 10, 10, 0, 0, 0, 10, 10, 0]
    assert j.mask("optout_signal", "honour").tolist() == [
        False, False, True, True, False, False, False, False, False, False]
    assert j.per_row("consent", "basis", channel="phone").tolist() == [
        "opt_in", "opt_out", "opt_out", "opt_out", "opt_out", "opt_out", "opt_out", "opt_out",
        "opt_out", "opt_out"]
    assert j.number("digital_consent_age", "age").tolist() == [16, 13, 13, 13, 16, 16, 16, 13,
                                                               13, 13]


def test_without_country_or_region_every_row_falls_back(make_campaign):
    j = assign(make_campaign({"customer_id": ["a", "b"]}, default_jurisdiction="GB"))
    assert entries(j) == ["GB", "GB"] and j.fallback_rows == 2


def test_an_override_is_followed(make_campaign):
    c = make_campaign(ROWS, rules={"US": {"optout_grace": {"days": 5, "business": False}}})
    assert assign(c).number("optout_grace", "days").tolist()[2:4] == [5, 5]


def test_the_table_counts_judged_affected_and_fallback_per_entry(make_campaign):
    j = assign(make_campaign(ROWS))
    base = np.array([1, 1, 1, 0, 1, 1, 1, 0, 0, 0], dtype=bool)
    affected = np.array([1, 0, 1, 1, 1, 0, 0, 0, 0, 0], dtype=bool)
    details = j.details(base, affected)
    assert details["fallback_rows"] == 2 and details["default_jurisdiction"] == "EU"
    assert details["by_jurisdiction"] == [
        {"jurisdiction": "EU", "judged": 3, "affected": 1, "fallback": 2},
        {"jurisdiction": "DE", "judged": 1, "affected": 1, "fallback": 0},
        {"jurisdiction": "GB", "judged": 1, "affected": 0, "fallback": 0},
        {"jurisdiction": "US-CA", "judged": 1, "affected": 1, "fallback": 0}]


def test_an_empty_campaign(make_campaign):
    j = assign(make_campaign({"customer_id": [], "country": []}))
    assert j.rows == 0 and j.details(np.zeros(0, bool), np.zeros(0, bool))["by_jurisdiction"] == []


@pytest.mark.parametrize("n, text", [
    (0, "X."),
    (1, "X. 1 row had no country or region that the rule pack knows and was judged by the "
        "rules of EU (default_jurisdiction)."),
    (3, "X. 3 rows had no country or region that the rule pack knows and were judged by the "
        "rules of EU (default_jurisdiction).")])
def test_the_fallback_sentence(n, text):
    assert render("X." + FALLBACK_NOTE, {"fallback_rows": n, "default_jurisdiction": "EU"}) == text


def test_describe_a_country_inherits_everything():
    rows = describe(load(), country="fr")
    assert {r["jurisdiction"] for r in rows} == {"FR"}
    age = [r for r in rows if r["parameter"] == "digital_consent_age"]
    assert age[0]["value"] == "age=15" and "Loi Informatique" in age[0]["ref"]
    phone = [r for r in rows if r["parameter"] == "consent.phone"]
    assert phone[0]["value"].startswith("basis=opt_out")


def test_describe_us_lists_its_states():
    keys = {r["jurisdiction"] for r in describe(load(), country="US")}
    assert keys == {"US", "US-CA", "US-CO", "US-CT", "US-TX", "US-OR", "US-MT", "US-NJ"}


def test_weights_make_every_count_a_sum_of_people(make_campaign):
    j = assign(make_campaign(ROWS))
    base = np.array([1, 1, 1, 0, 1, 1, 1, 0, 0, 0], dtype=bool)
    affected = np.array([1, 0, 1, 1, 1, 0, 0, 0, 0, 0], dtype=bool)
    extra = np.array([0, 0, 1, 0, 0, 1, 1, 0, 0, 0], dtype=bool)
    weights = np.array([2, 3, 4, 5, 6, 7, 8, 9, 10, 11], dtype=np.int64)
    details = j.details(base, affected, weights=weights, seen=extra)
    # by hand over base: EU = rows e (6, fallback, affected), f (7, fallback, seen),
    # g (8, seen); DE = a (2, affected); GB = b (3); US-CA = c (4, affected, seen)
    assert details["fallback_rows"] == 6 + 7
    assert details["by_jurisdiction"] == [
        {"jurisdiction": "EU", "judged": 21, "affected": 6, "fallback": 13, "seen": 15},
        {"jurisdiction": "DE", "judged": 2, "affected": 2, "fallback": 0, "seen": 0},
        {"jurisdiction": "GB", "judged": 3, "affected": 0, "fallback": 0, "seen": 0},
        {"jurisdiction": "US-CA", "judged": 4, "affected": 4, "fallback": 0, "seen": 4}]
    assert j.facts(base, weights=weights) == {"fallback_rows": 13, "default_jurisdiction": "EU"}
    assert j.table(base, affected, weights=weights)[0]["judged"] == 21
    # without weights: rows, as before
    assert j.facts(base) == {"fallback_rows": 2, "default_jurisdiction": "EU"}
