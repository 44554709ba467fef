"""The one result type of every check, and how statuses combine.

A :class:`Finding` is the JSON object of docs/data.md, the run folder. Statuses combine by the order
``error > fail > warn > not_evaluated > pass > info``: an area's status, and the run's, is the
worst status among its findings.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ethicskit.numbers import json_number

STATUSES = ("pass", "warn", "fail", "not_evaluated", "error", "info")
#: worst first
STATUS_ORDER = ("error", "fail", "warn", "not_evaluated", "pass", "info")
SEVERITIES = ("high", "medium", "low")
AREAS = ("privacy", "bias", "targeting", "transparency")


@dataclass(frozen=True)
class Finding:
    """Result of one check, exactly the finding object of the data contract (docs/data.md).

    Frozen: a finding is made once, by :func:`ethicskit.executor.run_check`, and travels as this
    type until it is written as JSON (:meth:`to_dict`).
    """

    check_id: str
    area: str
    title: str
    status: str
    severity: str
    value: float | int | None = None
    threshold: Any = None
    affected_rows: int | None = None
    message: str = ""
    details: dict = field(default_factory=dict)
    remediation: str = ""
    references: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r} for {self.check_id}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r} for {self.check_id}")

    def to_dict(self) -> dict:
        """The finding as plain JSON types (numpy scalars and NaN converted)."""
        return to_jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if k in data})


def to_jsonable(obj: Any) -> Any:
    """Convert numpy/pandas scalars, tuples and NaN to JSON-safe Python values (NaN -> None).

    Every float passes through :func:`ethicskit.numbers.json_number`: exact values are stored
    rounded to 12 significant digits (``0.9999999999999999`` -> ``1.0``), never as ``-0.0``.
    """
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, (np.bool_, bool)):
        return bool(obj)
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        return json_number(obj)  # 12 significant digits, no -0.0, NaN -> None
    if obj is None or isinstance(obj, (str, int)):
        return obj
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    try:
        import pandas as pd

        if pd.isna(obj):
            return None
    except (TypeError, ValueError):
        pass
    return str(obj)


def worst(statuses: Iterable[str], *, default: str = "pass") -> str:
    """The worst status by :data:`STATUS_ORDER`; ``default`` when there is none."""
    present = set(statuses)
    for status in STATUS_ORDER:
        if status in present:
            return status
    return default


def count_statuses(findings: Iterable[Finding | dict]) -> dict[str, int]:
    """Number of findings per status, every status present (docs/data.md ``counts``)."""
    counts = {s: 0 for s in ("pass", "warn", "fail", "not_evaluated", "error", "info")}
    for f in findings:
        counts[f["status"] if isinstance(f, dict) else f.status] += 1
    return counts


def area_statuses(findings: Iterable[Finding | dict]) -> dict[str, str]:
    """Status of each area present in ``findings``: the worst of its findings."""
    by_area: dict[str, list[str]] = {}
    for f in findings:
        d = f if isinstance(f, dict) else f.to_dict()
        by_area.setdefault(d["area"], []).append(d["status"])
    return {area: worst(statuses) for area, statuses in by_area.items()}


def sort_findings(findings: Iterable[Finding | dict]) -> list:
    """The one order of findings, for the summary, the report and the pages: worst status
    first; within a status high severity first, then areas in the suite's order, then check
    id."""
    def key(f):
        d = f if isinstance(f, dict) else {"status": f.status, "severity": f.severity,
                                           "area": f.area, "check_id": f.check_id}
        return (STATUS_ORDER.index(d["status"]), _rank(SEVERITIES, d.get("severity")),
                _rank(AREAS, d.get("area")), d["check_id"])

    return sorted(findings, key=key)


def _rank(order: tuple[str, ...], value) -> int:
    return order.index(value) if value in order else len(order)


def write_findings(findings: Iterable[Finding], path: str | Path) -> Path:
    """Write a list of findings as JSON (``findings/<area>.json``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [f.to_dict() if isinstance(f, Finding) else to_jsonable(f) for f in findings]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def read_findings(path: str | Path) -> list[dict]:
    """Read a findings JSON list written by :func:`write_findings`."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
