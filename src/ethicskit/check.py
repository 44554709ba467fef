"""The row type of the check table and what a check's metric returns (a leaf module).

A check is three things kept apart, as in a registry row:

- a **metric**: a plain function ``metric(reduction, *, <thresholds>) -> Measure`` of its area's
  reduction (group counts, masks, sums of weights), computing numbers and tables only;
- a **judgement**: the row's :class:`Rule`, applied by :func:`ethicskit.judgement.judge` to the
  measure and the thresholds in force (the one place a status is decided);
- **words**: the row's message templates, one per outcome, filled with the measure's ``facts``
  (:mod:`ethicskit.messages`).

The executor (:mod:`ethicskit.executor`) puts them together and stamps the row's title,
severity, references and remediation on the :class:`~ethicskit.findings.Finding`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

#: A ``Measure.threshold`` left unset: the executor takes the row's ``threshold``.
UNSET: Any = type("Unset", (), {"__repr__": lambda self: "UNSET"})()


@dataclass(frozen=True)
class Rule:
    """A status rule: ``level`` when ``measure.<on> <op> limit``, else ``pass``.

    ``on`` names a field of the :class:`Measure` (``value``, ``affected_rows``) or a key of its
    ``facts``; ``limit`` is a number or the name of a threshold of the row. ``level`` ``info``
    means the check is reported without judgement (its status is always ``info``).
    A measure whose ``on`` is None cannot be judged: its status is ``not_evaluated``.

    ``law`` and ``otherwise`` make a rule whose level depends on where the breach is: when the
    condition holds, the status is ``level`` if the measure's fact ``law`` is truthy (a count of
    affected rows in a jurisdiction where the rule is law, or True for a decision domain where
    disparate impact is unlawful), else ``otherwise`` ("fail/warn by jurisdiction")::

        Rule("fail", law="law_rows", otherwise="warn")

    ``passed`` is the status when the condition does not hold: ``pass``, or ``info`` for a
    check that reports without judgement unless something is wrong (the customer notice:
    ``warn`` with missing items or contradictions, else ``info``).
    """

    level: str
    on: str = "affected_rows"
    op: str = ">"
    limit: float | str = 0
    law: str | None = None
    otherwise: str | None = None
    passed: str = "pass"

    def __post_init__(self) -> None:
        if self.level not in ("fail", "warn", "info"):
            raise ValueError(f"a rule's level is fail, warn or info, not {self.level!r}")
        if (self.law is None) != (self.otherwise is None):
            raise ValueError("a rule sets law and otherwise together, or neither")
        if self.passed not in ("pass", "info"):
            raise ValueError(f"a rule's passed is pass or info, not {self.passed!r}")
        if self.otherwise is not None and self.otherwise not in ("fail", "warn"):
            raise ValueError(f"a rule's otherwise is fail or warn, not {self.otherwise!r}")
        if self.op not in OPS:
            raise ValueError(f"unknown operator {self.op!r}; use one of {', '.join(OPS)}")


OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, "!=": lambda a, b: a != b,
}

#: The rules most checks share.
FAIL_IF_ANY = Rule("fail")
WARN_IF_ANY = Rule("warn")
INFO = Rule("info")


@dataclass(frozen=True)
class Measure:
    """What a metric computed: the finding's numbers and tables, and the facts its words use.

    ``skip`` names a message template of the row and makes the finding ``not_evaluated`` (the
    check could not run on this data; ``missing`` lists what lacked). ``facts`` are the template's
    fields; they are never written to the record.
    """

    value: Any = None
    affected_rows: int | None = None
    threshold: Any = UNSET
    details: Mapping[str, Any] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    skip: str | None = None
    missing: tuple[str, ...] = ()

    @classmethod
    def not_evaluated(cls, template: str, *, missing=(), details=None, **facts) -> "Measure":
        """A measure of a check that could not run; ``template`` names its message."""
        return cls(skip=template, missing=tuple(missing), details=dict(details or {}),
                   facts=facts)


@dataclass(frozen=True)
class Check:
    """One row of the check table (:mod:`ethicskit.registry`).

    ``needs`` is a tuple of column groups, each a tuple of alternatives: every group must have
    one alternative in the data, else the finding is ``not_evaluated`` naming what is missing.
    ``reads`` lists the logical columns the metric reads besides those the config names
    (protected attributes, decision, quasi-identifiers, model features...) and ``customer_id``
    (evidence); ``"*"`` means it reads every column (a scan of all text columns, a comparison
    with the inventory). A test recomputes every check on the campaign cut to these columns.
    ``messages`` maps an outcome (a status, or a ``Measure.skip`` name) to its template;
    ``default`` serves every outcome without one of its own. ``threshold`` is the finding's
    threshold when the measure sets none: a number, or the name of one of ``thresholds``.
    ``unit`` is what the finding's value and its threshold both count or measure (``people``,
    ``rate ratio``, ``contacts``): one unit for both, shown after each number
    (:func:`ethicskit.numbers.fmt_value`).
    """

    id: str
    title: str
    severity: str
    metric: Callable[..., Measure]
    rule: Rule
    messages: Mapping[str, str]
    needs: tuple[tuple[str, ...], ...] = ()
    thresholds: tuple[str, ...] = ()
    threshold: Any = None
    references: tuple[str, ...] = ()
    remediation: str = ""
    reads: tuple[str, ...] = ()
    unit: str = ""

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]


def check(id: str, title: str, severity: str, metric: Callable[..., Measure], *, rule: Rule,
          messages: Mapping[str, str], needs=(), thresholds=(), threshold=None, references=(),
          remediation: str = "", reads=(), unit: str = "") -> Check:
    """A :class:`Check` row, with ``needs`` given as names or tuples of alternatives."""
    needs = tuple((n,) if isinstance(n, str) else tuple(n) for n in needs)
    return Check(id, title, severity, metric, rule, dict(messages), needs, tuple(thresholds),
                 threshold, tuple(references), remediation, tuple(reads), unit)
