"""Plots of the targeting notebook (``03_targeting``), drawn from the record of a run.

Each takes the :class:`~ethicskit.record.Record` and returns a matplotlib Figure (the style of
:mod:`ethicskit.plots.style`, laid out once by its :func:`~ethicskit.plots.style.fit`, built
without pyplot), or a :class:`Skipped` note (a sentence that renders in the notebook) when the
data lack its columns.
The tables come from :func:`ethicskit.targeting.tables.tables` (``record.table("targeting",
name)``); these functions only draw. Labels are counts, category names and segment names
(campaign metadata), never a person's data.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ethicskit.plots import Skipped as _Skipped
from ethicskit.plots.heatmap import heatmap
from ethicskit.plots.style import figure, fit, styled
from ethicskit.targeting.common import label, safe_text
from ethicskit.targeting.reduction import AGE_RESTRICTED, HIGH_RISK
from ethicskit.targeting.tables import PACK_CHECKS

AREA = "targeting"
FAIL, WARN, OK, NEUTRAL = "#b42318", "#dc6803", "#2e90fa", "#98a2b3"
MAX_SEGMENTS = 30


class Skipped(_Skipped):
    """A plot that could not be drawn, with the reason as a sentence."""

    prefix = "Plot skipped: "


def _figure(width=8.0, height=4.0, ncols=1, **kw):
    """A figure of ``ncols`` plots side by side and its axes (one, or a list)."""
    fig, axes = figure(width, height, cols=ncols, **kw)
    return fig, (axes[0, 0] if ncols == 1 else list(axes[0]))


def _finding(record, check_id: str):
    try:
        return record.finding(check_id)
    except KeyError:
        return None


def _table(record, name: str) -> pd.DataFrame | None:
    """A targeting table of the record, None when the data lacked its columns."""
    return record.tables.get(AREA, {}).get(name)


def _present(record, column: str) -> bool:
    columns = _table(record, "columns")
    if columns is None:
        return False
    return bool(columns.set_index("column")["present"].get(column, False))


def _unavailable(finding) -> str | None:
    if finding is None:
        return "the check did not run."
    if finding.status == "not_evaluated":
        return finding.message.replace("Not evaluated: ", "")
    if finding.status == "error":
        return "the check failed with an error."
    return None


@styled
def contacts_per_person(record) -> Figure | Skipped:
    """Rows per number of contacts in the campaign (table ``contacts``), the cap marked; bars
    above it in red."""
    finding = _finding(record, "targeting.contact_pressure")
    dist = _table(record, "contacts")
    reason = _unavailable(finding)
    if reason or dist is None:
        return Skipped(reason or "the dataset has no contact_count column.")
    cap = finding.threshold
    fig, ax = _figure(9, 4)
    colours = [FAIL if c > cap else OK for c in dist["contacts"]]
    ax.bar(dist["contacts"], dist["rows"], color=colours, width=0.85)
    ax.axvline(cap + 0.5, color="#344054", linestyle="--", linewidth=1.2,
               label=f"cap: {cap} contacts")
    ax.legend(loc="upper right", fontsize=9)
    if dist["rows"].max() > 50 * max(1, dist["rows"].min()):
        ax.set_yscale("log")
        ax.set_ylabel("people (log scale)")
    else:
        ax.set_ylabel("people")
    ax.set_xlabel("contacts made to the person in this campaign")
    over = int(finding.affected_rows or 0)
    ax.set_title(f"Contacts per person: {over:,} above the cap of {cap}")
    return fit(fig)


@styled
def segment_audiences(record) -> Figure | Skipped:
    """Targeted people per segment (table ``segments``) against ``min_audience`` (the smallest
    segments when many)."""
    finding = _finding(record, "targeting.micro_segments")
    reason = _unavailable(finding)
    if reason:
        return Skipped(reason)
    sizes = _table(record, "segments")
    if sizes is None or sizes.empty:
        return Skipped("no targeted person has a segment.")
    minimum = finding.threshold
    shown = sizes.head(MAX_SEGMENTS).iloc[::-1]
    fig, ax = _figure(8, max(2.5, 0.32 * len(shown) + 1.2))
    colours = [FAIL if n < minimum else OK for n in shown["targeted_rows"]]
    positions = list(range(len(shown)))
    ax.barh(positions, shown["targeted_rows"], color=colours)
    ax.set_yticks(positions, [safe_text(s)[:40] for s in shown["segment"]])
    ax.axvline(minimum, color="#344054", linestyle="--", linewidth=1.2,
               label=f"minimum audience: {minimum:,}")
    ax.legend(loc="lower right", fontsize=9)
    ax.set_xlabel("targeted people in the segment")
    more = f" (the {len(shown)} smallest of {len(sizes):,})" if len(sizes) > len(shown) else ""
    ax.set_title(f"Segment sizes against the minimum audience{more}")
    return fit(fig)


@styled
def sensitive_categories(record) -> Figure | Skipped:
    """Targeted people counted per category (table ``sensitive_categories``, all nine shown):
    the eight special categories of ``targeting.sensitive_interests`` (red: a breach) and
    financial hardship of ``targeting.hardship_targeting`` (amber: a risk to review)."""
    reason = _unavailable(_finding(record, "targeting.sensitive_interests"))
    if reason:
        return Skipped(reason)
    table = _table(record, "sensitive_categories")
    hardship = (table["check"] == "hardship_targeting" if "check" in table.columns
                else table["category"] == "financial_hardship")
    fig, ax = _figure(8, 3.8)
    colours = [NEUTRAL if not n else (WARN if hard else FAIL)
               for n, hard in zip(table["rows"], hardship)]
    names = [label(c) + (" (not special)" if hard else "")
             for c, hard in zip(table["category"], hardship)]
    ax.barh(names[::-1], table["rows"][::-1], color=colours[::-1])
    for i, n in enumerate(table["rows"][::-1]):
        ax.text(n, i, f" {n:,}", va="center", fontsize=9)
    ax.set_xlabel("targeted people counted")
    ax.set_title("Targeted through a special category (red) or financial hardship (amber)")
    ax.set_xlim(0, max(1, int(table["rows"].max())) * 1.15)
    return fit(fig)


@styled
def jurisdictions(record) -> Figure | Skipped:
    """Rows affected per jurisdiction by the checks that follow the rule pack (table
    ``by_jurisdiction``): one heatmap cell per check and jurisdiction, the rows judged in
    brackets."""
    table = _table(record, "by_jurisdiction")
    if table is None or table.empty:
        return Skipped("no check that follows the rule pack judged any row.")
    order = [c.split(".", 1)[1] for c in PACK_CHECKS]
    checks = sorted(dict.fromkeys(table["check"]), key=lambda c: (
        order.index(c) if c in order else len(order), c))
    keys = list(dict.fromkeys(table["jurisdiction"]))  # the pack's order (the table's)
    affected = (table.pivot_table(index="check", columns="jurisdiction", values="affected",
                                  aggfunc="sum", fill_value=0)
                .reindex(index=checks, columns=keys, fill_value=0).astype("int64"))
    judged = (table.pivot_table(index="check", columns="jurisdiction", values="judged",
                                aggfunc="sum", fill_value=0)
              .reindex(index=checks, columns=keys, fill_value=0).astype("int64"))
    notes = affected.astype(str) + "\n(" + judged.astype(str) + ")"
    width = max(5.0, 0.9 * len(keys) + 3.5)
    fig, ax = _figure(width, 0.8 * len(checks) + 1.6)
    heatmap(ax, affected, annot=notes.to_numpy(), fmt="", cmap="Reds", vmin=0)
    ax.set_xlabel("rule-pack entry the rows follow")
    ax.set_ylabel("")
    ax.set_yticklabels([label(c) for c in checks], rotation=0)
    ax.set_title("Affected rows per jurisdiction (rows judged in brackets)")
    return fit(fig)


def _heatmap(ax, table, title, xlabel):
    heatmap(ax, table, annot=True, fmt=",d", cmap="Blues")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("product category")
    for tick in ax.get_yticklabels():
        if tick.get_text() in (*HIGH_RISK, *AGE_RESTRICTED):
            tick.set_color(FAIL)
            tick.set_fontweight("bold")


def _by_product(record, name: str) -> pd.DataFrame | None:
    table = _table(record, name)
    return None if table is None else table.set_index("product")


@styled
def products_by_vulnerability_and_age(record) -> Figure | Skipped:
    """Targeted people per product category against vulnerability and against age band
    (tables ``product_by_vulnerability`` and ``product_by_age``).

    Restricted products (high-risk or age-restricted) are labelled in red.
    """
    vulnerability = _by_product(record, "product_by_vulnerability")
    age = _by_product(record, "product_by_age")
    if not _present(record, "product_category"):
        return Skipped("the dataset has no product_category column.")
    if vulnerability is None and age is None:
        return Skipped("the dataset has neither a vulnerability_flags nor an age column.")
    panels = [(t, title, x) for t, title, x in (
        (vulnerability, "by vulnerability flag", "vulnerability"),
        (age, "by age band", "age band")) if t is not None and not t.empty]
    if not panels:
        return Skipped("no targeted person has a product category.")
    widths = [max(2.5, 0.9 * t.shape[1] + 1.5) for t, _, _ in panels]
    height = max(2.5, 0.4 * max(t.shape[0] for t, _, _ in panels) + 1.3)
    fig, axes = _figure(sum(widths) + 1, height, len(panels),
                        gridspec_kw={"width_ratios": widths})
    axes = axes if len(panels) > 1 else [axes]
    for ax, (table, title, xlabel) in zip(axes, panels):
        _heatmap(ax, table, f"Targeted people {title}", xlabel)
    return fit(fig)
