"""The notice check and what the area discloses: the notice and data sheet files, the table."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from ethicskit.check import Measure
from ethicskit.notice import FILES, render_files, sheet_rows
from ethicskit.transparency.declared import NO_INVENTORY
from ethicskit.transparency.reduction import TransparencyReduction, reduce


def notice(r: TransparencyReduction) -> Measure:
    """The customer notice and the internal data sheet (written as the area's files), checked
    against GDPR Art. 13/14 and the findings of the same run.

    ``value`` = number of kinds of data the notice says are used for personalisation.
    ``details.missing_fields``: the Art. 13/14 items (:data:`ethicskit.notice.ITEMS`) the
    config's ``controller:`` block and the inventory could not fill; ``details.contradictions``:
    ``{statement, check_id}`` per statement a failing finding disproves (the notice leaves it
    out and is a DRAFT); ``details.unchecked``: statements made whose checks did not run.
    Fact ``problems`` = missing fields + contradictions. Rule: GDPR Art. 12-14; warns when
    ``problems > 0``, else info.
    """
    if r.inventory is None:
        return Measure.not_evaluated(NO_INVENTORY, missing=["inventory"])
    n = r.notice
    used = [u["column"] for u in n["used"]]
    excluded = [e["column"] for e in n["excluded"]]
    return Measure(value=len(used), details={
        "used": used, "excluded": excluded, "files": list(FILES),
        "missing_fields": list(n["missing_fields"]),
        "contradictions": [dict(c) for c in n["contradictions"]],
        "unchecked": [dict(c) for c in n["unchecked"]], "draft": n["draft"]},
        facts={"n_used": len(used), "n_excluded": len(excluded),
               "problems": len(n["missing_fields"]) + len(n["contradictions"]),
               "missing_fields": list(n["missing_fields"]),
               "missing_words": list(n["missing_words"]),
               "contradictions": [c["check_id"] for c in n["contradictions"]],
               "unchecked": len(n["unchecked"]), "draft": n["draft"]})


def sheet(r: TransparencyReduction) -> list[dict]:
    """The data sheet's rows (:func:`ethicskit.notice.sheet_rows`); [] without inventory."""
    return [] if r.inventory is None else sheet_rows(r.inventory, r.observed)


def inventory_frame(rows: list[dict]) -> pd.DataFrame:
    """The sheet's rows as a typed table (strings, nullable booleans and integers), so that it
    is stored as Parquet: a field the entry lacks is NA."""
    def text(key):
        return pd.array([None if r[key] is None else str(r[key]) for r in rows], dtype=object)

    def opt(key, kind, dtype):
        return pd.array([r[key] if isinstance(r[key], kind) and not (
            kind is int and isinstance(r[key], bool)) else None for r in rows], dtype=dtype)

    return pd.DataFrame({
        "column": text("column"), "logical": text("logical"),
        "declared": pd.array([bool(r["declared"]) for r in rows], dtype=bool),
        "category": text("category"), "purpose": text("purpose"),
        "legal_basis": text("legal_basis"), "retention_days": opt("retention_days", int, "Int64"),
        "in_model": opt("in_model", bool, "boolean"), "use": text("use"),
        "non_null": opt("non_null", int, "Int64")})


def transparency_findings(findings: Mapping | Iterable) -> list:
    """The transparency findings among ``findings`` (a dict by id or a list), in order."""
    values = findings.values() if isinstance(findings, Mapping) else findings
    return [f for f in values if f.area == "transparency"]


def notice_files(r: TransparencyReduction, findings) -> dict[str, str]:
    """``notice.md``, ``notice.html`` and ``datasheet.html``, as the notebook wrote them;
    {} without an inventory."""
    if r.inventory is None:
        return {}
    return render_files(r.notice, rows=r.rows, columns=sheet(r),
                        findings=[f.to_dict() for f in transparency_findings(findings)])


def build_notice(campaign, inventory=None, findings=None) -> dict:
    """The notice's content for a campaign, as the transparency reduction builds it
    (:func:`ethicskit.transparency.reduce`); ``findings`` are the run's findings so far."""
    return reduce(campaign, findings, inventory=inventory).notice


def write_notice_files(campaign, inventory, findings, output_dir) -> list[Path]:
    """Write ``notice.md``, ``notice.html`` and ``datasheet.html`` into ``output_dir``."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    r = reduce(campaign, findings, inventory=inventory)  # of rows or of an engine's cells
    files = render_files(r.notice, rows=campaign.rows, columns=sheet(r),
                         findings=[f.to_dict() for f in findings])
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in FILES]
