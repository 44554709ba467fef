"""The one judgement of every check: a registry row's :class:`~ethicskit.check.Rule` applied to
its metric's :class:`~ethicskit.check.Measure` and the thresholds in force."""

from __future__ import annotations

from typing import Any, Mapping

from ethicskit.check import OPS, Measure, Rule


def observed(rule: Rule, measure: Measure) -> Any:
    """The number the rule looks at: a field of the measure, else a fact of the same name."""
    if rule.on in ("value", "affected_rows"):
        return getattr(measure, rule.on)
    return measure.facts.get(rule.on)


def limit_of(rule: Rule, thresholds: Mapping[str, Any]) -> Any:
    """The rule's limit: a number, or the threshold it names."""
    return thresholds[rule.limit] if isinstance(rule.limit, str) else rule.limit


def judge(rule: Rule, measure: Measure, thresholds: Mapping[str, Any]) -> str:
    """The status of a measure.

    ``not_evaluated`` when the metric skipped or the observed number is missing; ``info`` for an
    info rule; else ``rule.level`` when ``observed <op> limit`` holds and ``pass`` when not. A
    rule with ``law`` gives ``rule.level`` only when the measure's fact ``law`` is truthy, else
    ``rule.otherwise``; when the comparison does not hold, ``rule.passed`` (``pass``, or
    ``info``).
    """
    if measure.skip is not None:
        return "not_evaluated"
    if rule.level == "info":
        return "info"
    got = observed(rule, measure)
    if got is None:
        return "not_evaluated"
    if not OPS[rule.op](got, limit_of(rule, thresholds)):
        return rule.passed
    if rule.law is not None and not measure.facts.get(rule.law):
        return rule.otherwise
    return rule.level
