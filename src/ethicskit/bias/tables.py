"""Readable tables of the bias findings for the notebook: the ``details`` tables, formatted.

Each function takes a finding and returns a :class:`Table` of text (shown in the one table
style of the pages, escaped), or a one-sentence note when the check did not run.
"""

from __future__ import annotations

import pandas as pd

from ethicskit.findings import Finding
from ethicskit.plots.bias import Note
from ethicskit.render import table_html

_PCT = ("rate", "ci_low", "ci_high", "tpr", "fpr", "fnr", "ppv", "base_rate", "share",
        "population_share", "rate_before", "rate_after", "delivered_share", "eligible_share")
_NUM2 = ("ratio", "mean_ratio", "fpr_ratio", "ratio_before", "ratio_after", "mean", "median",
         "weight")
_NUM3 = ("spd", "eod", "aod", "smd")


def _d(finding) -> dict:
    return finding.to_dict() if isinstance(finding, Finding) else finding


def _fmt(column: str, value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if column in _PCT:
        return f"{100 * value:.1f}%"
    if column in ("cramers_v", "cramers_v_corrected", "tvd"):
        return f"{value:.3f}"
    if column in _NUM2:
        return f"{value:,.2f}"
    if column in _NUM3:
        shown = f"{value:+.3f}"
        return "0.000" if shown in ("+0.000", "-0.000") else shown  # never a negative zero
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class Table:
    """A table of text for the notebook: ``frame`` holds it, HTML shows it in the one table
    style of the pages (:func:`ethicskit.render.table_html`: no index, text left, numbers
    right, escaped, scrolling when wide)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def _repr_html_(self) -> str:
        return table_html(self.frame)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def _frame(rows: list[dict], columns: list[str], names: dict[str, str]) -> Table:
    data = [{names.get(c, c): _fmt(c, r.get(c)) for c in columns} for r in rows]
    return Table(pd.DataFrame(data, columns=[names.get(c, c) for c in columns]))


NAMES = {"n": "people", "selected": "selected", "rate": "selection rate", "ci_low": "95% low",
         "ci_high": "95% high", "ratio": "ratio to reference", "spd": "difference",
         "evaluated": "judged", "reference": "reference", "tpr": "true-positive rate",
         "fpr": "false-positive rate", "fnr": "false-negative rate", "ppv": "precision",
         "base_rate": "converted", "cramers_v": "Cramér's V",
         "cramers_v_corrected": "corrected V (Bergsma)", "population_share":
         "population share", "share": "share of people", "mean": "mean offer",
         "median": "median offer", "rate_before": "rate before", "rate_after": "rate after",
         "ratio_before": "ratio before", "ratio_after": "ratio after",
         "delivered_share": "share of people targeted", "eligible_share": "eligible share",
         "tvd": "total variation distance"}

COLUMNS = {
    "bias.selection_rate": ["attribute", "group", "n", "selected", "rate", "ci_low", "ci_high",
                            "ratio", "spd", "evaluated", "reference"],
    "bias.intersectional": ["attribute", "group", "n", "selected", "rate", "ci_low", "ci_high",
                            "ratio", "evaluated"],
    "bias.error_rate_parity": ["attribute", "group", "n", "base_rate", "tpr", "fpr", "fnr",
                               "ppv", "eod", "aod", "fpr_ratio", "evaluated", "reference"],
    "bias.offer_value_disparity": ["attribute", "group", "n", "mean", "median", "smd",
                                   "mean_ratio", "evaluated", "reference"],
    "bias.representation": ["attribute", "group", "n", "share", "population_share", "ratio"],
    "bias.delivery_skew": ["attribute", "group", "n", "delivered_share", "eligible_share",
                           "tvd"],
    "bias.proxy_features": ["feature", "attribute", "cramers_v", "cramers_v_corrected"],
    "bias.mitigation_preview": ["attribute", "group", "n", "rate_before", "rate_after",
                                "ratio_before", "ratio_after", "evaluated", "reference"],
}


def table(finding, *, worst: int | None = None):
    """The finding's table (``details.groups``, ``details.pairs`` for proxies, the groups of
    ``details.attributes`` for the delivery skew), formatted.

    ``worst`` keeps only the evaluated rows furthest from parity, at most that many: for the
    intersections, where there are hundreds of groups.
    """
    f = _d(finding)
    if f.get("status") in ("not_evaluated", "error"):
        return Note(f"No table: {f.get('message', '')}")
    check = f["check_id"]
    rows = f["details"].get("pairs" if check == "bias.proxy_features" else "groups", [])
    if check == "bias.delivery_skew":  # one row per group; the distance on each attribute's first
        rows = [{**g, "attribute": a["attribute"], "tvd": a["tvd"] if k == 0 else ""}
                for a in f["details"].get("attributes", []) for k, g in enumerate(a["groups"])]
    if worst is not None:
        ranked = [r for r in rows if r.get("evaluated") and r.get("ratio") is not None]
        rows = sorted(ranked, key=lambda r: r["ratio"])[:worst]
    if check == "bias.proxy_features":
        rows = sorted(rows, key=lambda r: -(r["cramers_v"] or 0))
    return _frame(rows, COLUMNS[check], NAMES)


def references(finding):
    """Reference group of each attribute and how it was chosen."""
    f = _d(finding)
    refs = f.get("details", {}).get("references") or []
    if not refs:
        return Note("No reference groups: the check did not run.")
    return Table(pd.DataFrame([{"attribute": r["attribute"], "reference group": r["group"] or "—",
                          "chosen by": {"config": "the config (reference_groups)",
                                        "highest selection rate": "highest selection rate "
                                        "among groups large enough to judge",
                                        "lowest selection rate": "lowest rate of the adverse "
                                        "decision among groups large enough to judge"}.get(
                                            r["rule"], "no group large enough"),
                          "note": r.get("note") or ""} for r in refs]))


def notes(finding):
    """The check's notes (skipped attributes, small groups, empty decisions), as a list."""
    f = _d(finding)
    items = f.get("details", {}).get("notes") or []
    return Note(" ".join(items)) if items else Note("No notes.")


#: how the decision domain was found, in words
_DOMAIN_FROM = {"config": "set by the config (decision_domain)",
                "product_category": "the product_category shared by every targeted row",
                "default": "the default (general): the config sets none and the targeted rows "
                           "do not share one of credit, housing, employment, insurance"}


def domain(finding):
    """The decision audited: its domain, where the domain comes from, whether it is favourable,
    and what a gap means there (from the finding's ``details``)."""
    f = _d(finding)
    d = f.get("details", {})
    if "decision_domain" not in d:
        return Note("No decision domain: the check did not run.")
    name = d["decision_domain"]
    unlawful = name in ("credit", "housing", "employment")
    return Table(pd.DataFrame([
        {"": "decision domain", "value": name},
        {"": "found from", "value": _DOMAIN_FROM.get(d.get("decision_domain_from"), "")},
        {"": "decision favourable", "value": "yes" if d.get("decision_favourable", True) else
         "no: the decision harms; the reference is the group least often given it"},
        {"": "a gap means", "value": "fail: disparate impact is unlawful in this domain"
         if unlawful else "warn: a screen to review, not a breach"}]))
