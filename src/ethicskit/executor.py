"""Running checks: a registry row's metric on its area's reduction, judged and put in words.

:func:`run_check` is the one place where a :class:`~ethicskit.findings.Finding` is made: needs
first (a missing column gives ``not_evaluated`` naming it, never ``pass``), then the metric with
the thresholds in force, the row's rule (:func:`ethicskit.judgement.judge`), the row's message
template (:mod:`ethicskit.messages`), and the row's title, severity, references and remediation
stamped on; a not-evaluated finding also says what it needs (:mod:`ethicskit.advice`:
``details.to_evaluate``). A metric that raises gives an ``error`` finding carrying the exception's last line,
so one broken check never hides the others.
"""

from __future__ import annotations

import traceback
from typing import Any, Iterable, Mapping

from ethicskit.advice import to_evaluate
from ethicskit.check import UNSET, Check, Measure
from ethicskit.findings import Finding
from ethicskit.judgement import judge
from ethicskit.messages import render, template_for
from ethicskit.thresholds import resolve

#: The message of a check whose needed columns are absent.
MISSING_COLUMNS = "Not evaluated: the dataset has no {{ missing | join(', ') }} column."


def missing_needs(row: Check, columns: Iterable[str]) -> list[str]:
    """Column groups of ``row.needs`` with no alternative present, as readable names."""
    present = set(columns)
    return [" or ".join(group) for group in row.needs if not present.intersection(group)]


def stamp(row: Check, *, status: str, message: str, value=None, threshold=None,
          affected_rows=None, details: Mapping | None = None) -> Finding:
    """The finding of ``row`` with the row's own title, severity, references and remediation."""
    return Finding(check_id=row.id, area=row.area, title=row.title, status=status,
                   severity=row.severity, value=value, threshold=threshold,
                   affected_rows=affected_rows, message=message, details=dict(details or {}),
                   remediation=row.remediation, references=list(row.references))


def _threshold(row: Check, measure: Measure, thresholds: Mapping[str, Any]) -> Any:
    if measure.threshold is not UNSET:
        return measure.threshold
    if measure.skip is not None:
        return None
    return thresholds[row.threshold] if isinstance(row.threshold, str) else row.threshold


def finding_of(row: Check, measure: Measure, thresholds: Mapping[str, Any]) -> Finding:
    """Judge ``measure`` by ``row``'s rule and word it with the row's template."""
    status = judge(row.rule, measure, thresholds)
    outcome = measure.skip or status
    threshold = _threshold(row, measure, thresholds)
    facts = {**thresholds, "value": measure.value, "affected_rows": measure.affected_rows,
             "threshold": threshold, "missing": list(measure.missing), **measure.facts}
    message = render(template_for(row.messages, outcome), facts)
    details = ({"missing": list(measure.missing), **measure.details} if measure.missing
               else dict(measure.details))
    if status == "not_evaluated":
        details["to_evaluate"] = to_evaluate(skip=measure.skip, missing=measure.missing)
    return stamp(row, status=status, message=message, value=measure.value, threshold=threshold,
                 affected_rows=measure.affected_rows, details=details)


def run_check(row: Check, reduction: Any, *, columns: Iterable[str],
              overrides: Mapping[str, Any] | None = None) -> Finding:
    """One check on an area's reduction; ``columns`` are the campaign's frame columns and
    ``overrides`` the config's thresholds."""
    missing = missing_needs(row, columns)
    if missing:
        return stamp(row, status="not_evaluated", message=render(MISSING_COLUMNS,
                     {"missing": missing}),
                     details={"missing": missing,
                              "to_evaluate": to_evaluate(skip=None, missing=missing)})
    thresholds = resolve(row.thresholds, overrides)
    try:
        return finding_of(row, row.metric(reduction, **thresholds), thresholds)
    except Exception as exc:  # noqa: BLE001 - reported as the finding's error
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return stamp(row, status="error", message=f"The check failed: {last}",
                     details={"error": last})
