"""The one table of checks: every check of the catalogue (docs/checks.md), registered once.

A row (:class:`ethicskit.check.Check`) is data: the metric function, what it needs and reads,
its thresholds, its status rule and its message templates, its title, severity, references and
remediation. Each area keeps its rows next to its metrics in ``ethicskit.<area>.checks``, with
the area's ``reduce``, ``tables`` and ``files``; this module puts the four areas together in the
suite's order and checks the table once, when it is imported. Default thresholds are defined
once, in :mod:`ethicskit.thresholds`. Nothing here computes: :mod:`ethicskit.executor` runs a
row and :mod:`ethicskit.record` runs them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from ethicskit.bias import checks as _bias
from ethicskit.check import Check
from ethicskit.findings import AREAS, Finding
from ethicskit.privacy import checks as _privacy
from ethicskit.targeting import checks as _targeting
from ethicskit.thresholds import THRESHOLDS
from ethicskit.transparency import checks as _transparency

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.campaign import Campaign

#: area -> the module holding its rows, ``reduce``, ``tables`` and ``files``
AREA_MODULES = {"privacy": _privacy, "bias": _bias, "targeting": _targeting,
                "transparency": _transparency}
assert tuple(AREA_MODULES) == AREAS

CHECKS: tuple[Check, ...] = tuple(row for module in AREA_MODULES.values()
                                  for row in module.CHECKS)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}
assert len(BY_ID) == len(CHECKS), "a check id is registered twice"
assert all(c.area == area for area, m in AREA_MODULES.items() for c in m.CHECKS)
assert all(t in THRESHOLDS for c in CHECKS for t in c.thresholds)
assert all(c.rule.limit in c.thresholds for c in CHECKS if isinstance(c.rule.limit, str))


def unit_of(check_id: str) -> str:
    """The unit of a check's value and threshold (one unit for both): the ``unit`` of its
    registry row (``rate ratio``, ``people``, ``contacts``); empty for an unknown id."""
    row = BY_ID.get(check_id)
    return row.unit if row is not None else ""


def checks_for(area: str) -> list[Check]:
    """The checks of one area, in table order."""
    if area not in AREA_MODULES:
        raise KeyError(f"unknown area {area!r}; areas are {', '.join(AREAS)}")
    return list(AREA_MODULES[area].CHECKS)


def reduce(area: str, campaign: "Campaign", findings: Mapping[str, Finding] | None = None):
    """The reduction the checks of ``area`` read (built by the area's ``reduce``).

    An area whose checks judge the findings of the areas before it (transparency: the notice
    states nothing a failing finding disproves) declares ``USES_FINDINGS = True`` and its
    ``reduce(campaign, findings)`` receives them: those computed so far in the run, else
    (a check run alone) those of the other areas computed here first.
    """
    module = AREA_MODULES[area]
    if not getattr(module, "USES_FINDINGS", False):
        return module.reduce(campaign)
    if findings is None:
        from ethicskit.executor import run_check as execute

        findings = {}
        for other in AREAS:
            if other == area:
                break
            reduction = reduce(other, campaign)
            for row in checks_for(other):
                findings[row.id] = execute(row, part_for(reduction, row.id),
                                           columns=_columns(campaign),
                                           overrides=campaign.config.thresholds)
    return module.reduce(campaign, findings)


def part_for(reduction, check_id: str):
    """What the check ``check_id`` reads of an area's ``reduction``: the reduction itself, or,
    when the area built one reduction per group of checks (from a compressed campaign's
    cells), the one of its group (``reduction.for_check(check_id)``)."""
    pick = getattr(type(reduction), "for_check", None)  # not the instance's: see bias.Unreadable
    return reduction if pick is None else pick(reduction, check_id)


def run_check(row: Check | str, campaign: "Campaign", *, reduction=None) -> Finding:
    """One check on a campaign (its area's reduction built here unless given): for tests and
    exploration; a run computes every check through :func:`ethicskit.record.compute`."""
    from ethicskit.executor import run_check as execute

    row = BY_ID[row] if isinstance(row, str) else row
    if reduction is None:
        reduction = reduce(row.area, campaign)
    return execute(row, part_for(reduction, row.id), columns=_columns(campaign),
                   overrides=campaign.config.thresholds)


def _columns(campaign: "Campaign"):
    """The dataset's columns as typed (a compressed campaign's frame holds only some)."""
    return (campaign.cells.schema if campaign.cells is not None else campaign).df.columns


def run_area(area: str, campaign: "Campaign") -> dict[str, Finding]:
    """Every check of ``area`` on ``campaign``, keyed by check id, in table order."""
    reduction = reduce(area, campaign)
    return {row.id: run_check(row, campaign, reduction=reduction) for row in checks_for(area)}
