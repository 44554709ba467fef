"""Status order and combination (docs/data.md, the run folder)."""

import pytest

from ethicskit.findings import Finding, area_statuses, count_statuses, to_jsonable, worst


@pytest.mark.parametrize("statuses, expected", [
    (["pass", "info"], "pass"),
    (["info"], "info"),
    (["pass", "not_evaluated"], "not_evaluated"),
    (["not_evaluated", "warn"], "warn"),
    (["warn", "fail", "pass"], "fail"),
    (["fail", "error"], "error"),
])
def test_worst_follows_the_contract_order(statuses, expected):
    assert worst(statuses) == expected


def _f(check_id, area, status):
    return Finding(check_id=check_id, area=area, title="t", status=status, severity="low")


def test_counts_and_areas():
    fs = [_f("a.x", "privacy", "fail"), _f("a.y", "privacy", "pass"), _f("b.x", "bias", "info")]
    assert count_statuses(fs) == {"pass": 1, "warn": 0, "fail": 1, "not_evaluated": 0,
                                  "error": 0, "info": 1}
    assert area_statuses(fs) == {"privacy": "fail", "bias": "info"}


def test_bad_status_is_refused():
    with pytest.raises(ValueError):
        _f("a.x", "privacy", "ok")


def test_json_conversion_of_numpy_and_nan():
    import numpy as np

    assert to_jsonable({"a": np.int64(3), "b": np.float64("nan"), "c": (np.bool_(True),)}) == {
        "a": 3, "b": None, "c": [True]}


@pytest.mark.parametrize("value, stored", [
    (0.9999999999999999, 1.0), (-0.0, 0.0), (0.1 + 0.2, 0.3),
])
def test_json_numbers_rounded_to_12_significant_digits(value, stored):
    import json
    import math

    f = Finding(check_id="a.x", area="privacy", title="t", status="info", severity="low",
                value=value, details={"groups": [{"smd": value}]})
    d = json.loads(json.dumps(f.to_dict()))
    assert d["value"] == stored and d["details"]["groups"][0]["smd"] == stored
    assert math.copysign(1, d["value"]) == 1
