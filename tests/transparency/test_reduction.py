"""The transparency reduction of a tiny campaign, worked out by hand."""

from __future__ import annotations

import numpy as np

from ethicskit.transparency import reduce


def test_reduction_by_hand(make_campaign, frame, full):
    frame["automated_decision"] = [False, True, None]
    inventory = {"customer_id": dict(full, in_model=False), "spend": full,
                 "religion_guess": dict(full, in_model=False, use="audit_only"),
                 "gone": {"category": "special_category"}}
    r = reduce(make_campaign(frame, inventory, model_features=["spend"]))
    assert (r.campaign, r.rows) == ("Unnamed campaign", 3)
    assert r.observed == (("customer_id", "customer_id", 3), ("spend", "spend", 3),
                          ("religion_guess", "religion_guess", 3),
                          ("targeting_criteria", "targeting_criteria", 3),
                          ("automated_decision", "automated_decision", 2))
    assert r.dataset_columns == list(frame)
    assert r.frames == {"customer_id": "customer_id", "spend": "spend",
                        "religion_guess": "religion_guess", "gone": None}
    assert r.aliases["religion_guess"] == {"religion_guess"}
    assert r.aliases["gone"] == {"gone"}
    assert (r.features, r.default_features) == ({"spend"}, False)
    # distinct criteria values in order of first appearance; "" holds no token
    assert r.criteria_keys == ({"interest", "religion_guess"}, {"interest"}, frozenset())
    assert np.array_equal(r.criteria_rows, [1, 1, 1])
    assert r.notice["automated"] is True
    assert [u["column"] for u in r.notice["used"]] == ["spend"]
    assert [e["column"] for e in r.notice["excluded"]] == ["customer_id", "religion_guess"]
    assert [s["column"] for s in r.notice["sensitive"]] == ["gone"]


def test_criteria_rows_count_repeats(make_campaign, full):
    # an empty cell of the CSV is read as "" (a value without tokens)
    frame = {"customer_id": list("abcde"),
             "targeting_criteria": ["age: 25-34 ;x:1", "", "age: 25-34 ;x:1", "x:2", ""]}
    r = reduce(make_campaign(frame, {"customer_id": full}))
    assert r.criteria_keys == ({"age", "x"}, frozenset(), {"x"})
    assert np.array_equal(r.criteria_rows, [2, 2, 1])


def test_null_criteria_are_counted_apart():
    from ethicskit.transparency.reduction import criteria_of

    class Rows:  # value_tokens of a column with two null rows (code -1)
        def value_tokens(self, column):
            return np.array([0, -1, 1, -1, 0]), [["x:1"], ["x:1", " y :2"]]

    keys, rows = criteria_of(Rows())
    assert keys == ({"x"}, {"x", "y"})
    assert rows.tolist() == [2, 1]  # the null rows hold no value


def test_mapped_names_are_aliases(make_campaign, full):
    frame = {"cust_no": ["a", "b"], "civil": ["x", "y"],
             "criteria": ["civil:x", "marital_status:y"]}
    r = reduce(make_campaign(frame, {"marital_status": dict(full, in_model=False)},
                             columns={"customer_id": "cust_no", "marital_status": "civil",
                                      "targeting_criteria": "criteria"}))
    assert r.frames == {"marital_status": "marital_status"}
    assert r.aliases["marital_status"] == {"marital_status", "civil"}
    assert r.observed[1] == ("civil", "marital_status", 2)


def test_without_inventory_only_the_campaign(make_campaign, frame):
    r = reduce(make_campaign(frame, None))
    assert r.inventory is None and r.notice is None and r.observed == ()
    assert r.rows == 3 and r.criteria_keys is None
