"""The executor: needs, metric, judgement, words and the row's metadata on one finding."""

from __future__ import annotations

import pytest

from ethicskit.check import FAIL_IF_ANY, Measure, Rule, check
from ethicskit.executor import missing_needs, run_check


def _count(reduction, *, k_min):
    n = sum(reduction)
    return Measure(value=n, affected_rows=n, details={"k": k_min}, facts={"n": n})


ROW = check("privacy.example", "An example", "high", _count, rule=FAIL_IF_ANY,
            needs=["a", ("b", "c")], thresholds=["k_min"], threshold=0,
            references=["GDPR Art. 5"], remediation="Fix it.",
            messages={"fail": "{{ n | people }} found (k_min {{ k_min }}).",
                      "pass": "Nobody found."})


@pytest.mark.parametrize("reduction, status, message", [
    ([1, 1, 0], "fail", "2 people found (k_min 5)."),
    ([0, 0], "pass", "Nobody found."),
])
def test_metric_judged_and_worded(reduction, status, message):
    f = run_check(ROW, reduction, columns=["a", "c"], overrides={})
    assert (f.status, f.message, f.value, f.threshold, f.affected_rows) == (
        status, message, sum(reduction), 0, sum(reduction))
    assert (f.title, f.severity, f.area, f.references, f.remediation) == (
        "An example", "high", "privacy", ["GDPR Art. 5"], "Fix it.")


def test_override_reaches_the_metric_and_the_words():
    f = run_check(ROW, [1], columns=["a", "b"], overrides={"k_min": 9})
    assert f.details == {"k": 9} and f.message == "1 person found (k_min 9)."


def test_missing_columns_are_named_never_pass():
    assert missing_needs(ROW, ["b"]) == ["a"]
    f = run_check(ROW, [0], columns=["b"], overrides={})
    assert f.status == "not_evaluated" and f.details == {
        "missing": ["a"], "to_evaluate": {"needs": "data", "add": "columns: {a: <your column>}"}}
    assert f.message == "Not evaluated: the dataset has no a column."


def test_skip_uses_its_template_and_no_threshold():
    row = check("bias.example", "Skip", "low",
                lambda r: Measure.not_evaluated("no_groups", missing=["gender"], groups=0),
                rule=Rule("fail", on="flagged"), threshold=0.8,
                messages={"no_groups": "Not evaluated: {{ groups }} groups.", "default": "x"})
    f = run_check(row, None, columns=[], overrides={})
    assert (f.status, f.message, f.threshold, f.details) == (
        "not_evaluated", "Not evaluated: 0 groups.", None,
        {"missing": ["gender"],
         "to_evaluate": {"needs": "data", "add": "columns: {gender: <your column>}"}})


def test_a_failing_metric_is_an_error_finding():
    row = check("targeting.example", "Boom", "low", lambda r: 1 / 0, rule=FAIL_IF_ANY,
                messages={"default": ""})
    f = run_check(row, None, columns=[], overrides={})
    assert f.status == "error" and "ZeroDivisionError" in f.details["error"]


def test_findings_are_frozen():
    f = run_check(ROW, [1], columns=["a", "b"], overrides={})
    with pytest.raises(AttributeError):
        f.status = "pass"
