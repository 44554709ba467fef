"""k-anonymity and l-diversity; class sizes counted by hand in the comments."""

import dataclasses
from collections import Counter

import pytest

from ethicskit.privacy import class_sizes, quasi_identifiers, reduce
from ethicskit.registry import run_check


def with_thresholds(c, **thresholds):
    """``c`` with ``thresholds`` in force (as a config's ``thresholds:`` would set them)."""
    config = dataclasses.replace(c.config, thresholds={**c.config.thresholds, **thresholds})
    return dataclasses.replace(c, config=config)


def k_anonymity(c, *, k_min):
    """``privacy.k_anonymity`` on ``c`` with ``k_min`` in force."""
    return run_check("privacy.k_anonymity", with_thresholds(c, k_min=k_min))


def l_diversity(c, *, l_min):
    return run_check("privacy.l_diversity", with_thresholds(c, l_min=l_min))


def result(f):
    return f.status, f.value, f.affected_rows


@pytest.mark.parametrize("k_min, status, affected", [
    (3, "pass", 0),   # k = 3 equal to k_min passes
    (4, "warn", 3),   # the class of 3 is now too small
])
def test_k_equal_to_k_min(make_campaign, k_min, status, affected):
    c = make_campaign({"customer_id": list("abcdefg"),
                       "postcode": ["X1"] * 3 + ["X2"] * 4,
                       "gender": ["f"] * 3 + ["m"] * 4})
    f = k_anonymity(c, k_min=k_min)
    assert result(f) == (status, 3, affected)
    assert f.threshold == k_min


def test_missing_values_form_one_class(make_campaign):
    c = make_campaign({"customer_id": list("abcdef"),
                       "postcode": [None, None, None, "X1", "X1", "X1"],
                       "gender": [None, None, None, "f", "f", "f"]})
    # (None, None) x3 and (X1, f) x3 -> k = 3, nothing below 3
    f = k_anonymity(c, k_min=3)
    assert result(f) == ("pass", 3, 0)
    assert f.details["classes"] == 2


def test_missing_value_differs_from_present_value(make_campaign):
    c = make_campaign({"customer_id": list("abcd"), "postcode": ["X1", "X1", None, "X1"],
                       "gender": ["f", "f", "f", "f"]})
    # (X1, f) x3, (None, f) x1 -> k = 1; the single row is affected
    assert result(k_anonymity(c, k_min=2)) == ("warn", 1, 1)


def test_default_quasi_identifiers_and_birth_date_on_its_date(make_campaign):
    c = make_campaign({"customer_id": list("abcd"),
                       "birth_date": ["1980-05-01", "1980-05-01T13:00:00", "1990-01-01",
                                      "1990-01-01"],
                       "gender": ["f", "f", "m", "m"], "segment": ["s1", "s2", "s3", "s4"]})
    # defaults present: birth_date, age (derived), gender; segment is not one.
    # the 13:00 time does not split the first class -> two classes of 2
    assert quasi_identifiers(c) == ["birth_date", "age", "gender"]
    assert result(k_anonymity(c, k_min=2)) == ("pass", 2, 0)


def test_config_quasi_identifiers_by_dataset_name(make_campaign):
    c = make_campaign({"customer_id": list("abc"), "zip": ["1", "1", "2"],
                       "sex": ["f", "f", "f"]},
                      columns={"postcode": "zip"}, quasi_identifiers=["zip", "sex"])
    f = k_anonymity(c, k_min=2)
    assert result(f) == ("warn", 1, 1)
    assert f.details["quasi_identifiers"] == ["zip", "sex"]


def test_no_quasi_identifiers_is_not_evaluated(make_campaign):
    c = make_campaign({"customer_id": ["a"], "segment": ["s"]})
    assert k_anonymity(c, k_min=5).status == "not_evaluated"
    assert l_diversity(c, l_min=2).status == "not_evaluated"


def test_class_size_histogram_matches_counter(make_campaign):
    postcodes = ["A"] * 5 + ["B"] * 2 + ["C"] * 2 + ["D"]
    c = make_campaign({"customer_id": [str(i) for i in range(10)], "postcode": postcodes})
    sizes = Counter(Counter(postcodes).values())  # {5: 1, 2: 2, 1: 1}
    hist = class_sizes(reduce(c))
    assert dict(zip(hist["size"], hist["classes"])) == dict(sizes)
    assert hist["rows"].sum() == 10
    f = k_anonymity(c, k_min=3)
    assert result(f) == ("warn", 1, 5)  # B, C, D: 2 + 2 + 1 rows below 3
    assert f.details["class_sizes"] == hist.to_dict("records")


def test_l_diversity(make_campaign):
    c = make_campaign({
        "customer_id": list("abcdefghi"),
        "postcode": ["A"] * 3 + ["B"] * 3 + ["C"] * 3,
        "health": ["flu", "flu", "flu", "flu", "cold", None, None, None, None],
    }, quasi_identifiers=["postcode"], sensitive_attribute="health")
    # A: {flu} l=1; B: {flu, cold} l=2 (null not a value); C: {} l=0
    f = l_diversity(c, l_min=2)
    assert result(f) == ("warn", 0, 6)
    assert f.threshold == 2
    assert {r["l"]: r["rows"] for r in f.details["classes_by_l"]} == {0: 3, 1: 3, 2: 3}
    assert result(l_diversity(c, l_min=1)) == ("warn", 0, 3)
    assert result(l_diversity(c, l_min=0)) == ("pass", 0, 0)


def test_l_diversity_needs_a_sensitive_attribute(make_campaign):
    c = make_campaign({"customer_id": list("ab"), "postcode": ["A", "A"]})
    f = l_diversity(c, l_min=2)
    assert f.status == "not_evaluated"
    assert "sensitive_attribute" in f.message
