"""The one judgement: a rule applied to a measure and the thresholds in force."""

from __future__ import annotations

import pytest

from ethicskit.check import FAIL_IF_ANY, INFO, Measure, Rule
from ethicskit.judgement import judge


@pytest.mark.parametrize("rule, measure, thresholds, status", [
    (FAIL_IF_ANY, Measure(value=3, affected_rows=3), {}, "fail"),
    (FAIL_IF_ANY, Measure(value=0, affected_rows=0), {}, "pass"),
    (Rule("warn", on="value", op="<", limit="k_min"), Measure(value=4), {"k_min": 5}, "warn"),
    (Rule("warn", on="value", op="<", limit="k_min"), Measure(value=5), {"k_min": 5}, "pass"),
    (Rule("fail", on="flagged"), Measure(facts={"flagged": 2}), {}, "fail"),
    (Rule("fail", on="flagged"), Measure(facts={"flagged": 0}), {}, "pass"),
    (Rule("fail", on="flagged"), Measure(facts={}), {}, "not_evaluated"),
    (INFO, Measure(value=1), {}, "info"),
    (FAIL_IF_ANY, Measure.not_evaluated("no_data"), {}, "not_evaluated"),
    (INFO, Measure.not_evaluated("no_data"), {}, "not_evaluated"),
])
def test_judge(rule, measure, thresholds, status):
    assert judge(rule, measure, thresholds) == status


def test_a_rule_is_checked_when_made():
    with pytest.raises(ValueError):
        Rule("error")
    with pytest.raises(ValueError):
        Rule("fail", op="=~")


@pytest.mark.parametrize("affected, law_rows, expected", [
    (0, 0, "pass"), (3, 0, "warn"), (3, 1, "fail"), (3, 3, "fail")])
def test_a_rule_with_law_fails_only_where_the_rule_is_law(affected, law_rows, expected):
    rule = Rule("fail", law="law_rows", otherwise="warn")
    measure = Measure(value=affected, affected_rows=affected, facts={"law_rows": law_rows})
    assert judge(rule, measure, {}) == expected


def test_law_and_otherwise_come_together():
    with pytest.raises(ValueError):
        Rule("fail", law="law_rows")
    with pytest.raises(ValueError):
        Rule("fail", law="x", otherwise="info")


@pytest.mark.parametrize("problems, expected", [(0, "info"), (2, "warn")])
def test_a_rule_can_report_info_when_nothing_is_wrong(problems, expected):
    rule = Rule("warn", on="problems", passed="info")
    assert judge(rule, Measure(facts={"problems": problems}), {}) == expected
    with pytest.raises(ValueError):
        Rule("warn", passed="fail")
