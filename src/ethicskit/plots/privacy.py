"""Pictures of the privacy notebook: the consent funnel by channel, the sizes of the
k-anonymity classes, and the age of open erasure requests against their deadline.

Each function takes the run's :class:`~ethicskit.record.Record` and draws from its privacy
tables (``consent_funnel``, ``class_sizes``, ``quasi_identifiers``, ``erasure_ages``), its
findings and its thresholds; it returns a :class:`matplotlib.figure.Figure` (the style of
:mod:`ethicskit.plots.style`, laid out once by its :func:`~ethicskit.plots.style.fit`), or a
:class:`Skipped` note saying in one sentence why there is nothing to draw. Figures are built
without pyplot, so nothing is shown twice or kept open; :func:`show` displays either kind in a
notebook. No identifier ever reaches a picture: the tables hold counts only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ethicskit.plots import Skipped
from ethicskit.plots.style import figure, fit, styled
from ethicskit.privacy.consent import CONSENT_COLUMNS

STAGES = ("eligible", "targeted", "consented", "contacted")
STAGE_COLOURS = ("#d0d5dd", "#84adff", "#2e90fa", "#1849a9")
BREACH, OK, LINE = "#d92d20", "#98a2b3", "#101828"


#: Room under the plot for the consent funnel's legend (one row of 8 pt entries), in inches.
LEGEND_ROOM = 0.3


def _figure(width: float, height: float):
    """A figure of one plot and its axes."""
    fig, axes = figure(width, height)
    return fig, axes[0, 0]


def _no_consent_column(record) -> bool:
    """``privacy.consent_missing`` could not start: the dataset has none of its columns."""
    finding = record.finding("privacy.consent_missing")
    return finding.status == "not_evaluated" and "channels" not in (finding.details or {})


@styled
def consent_funnel(record) -> Figure | Skipped:
    """Per channel, bars for eligible, targeted, consented (targeted with the channel's opt-in)
    and contacted people (table ``consent_funnel``), with the people ``privacy.consent_missing``
    counts on the channel marked in red: those whose jurisdiction needs a prior consent for the
    channel that they did not give (a gap between *targeted* and *consented* is not one where
    the channel is opt-out, as US email)."""
    if record.meta["dataset"]["rows"] == 0:
        return Skipped("No consent funnel: the dataset has no rows.")
    if _no_consent_column(record):
        return Skipped("No consent funnel: the dataset has no consent column "
                       f"({', '.join(CONSENT_COLUMNS)}).")
    table = record.table("privacy", "consent_funnel")
    stages = [s for s in STAGES if table[s].notna().any()]
    fig, ax = _figure(8, 0.22 * len(table) * len(stages) + 1.4)
    height = 0.8 / len(stages)
    y = np.arange(len(table))
    for i, stage in enumerate(stages):
        values = table[stage].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        bars = ax.barh(y + (i - (len(stages) - 1) / 2) * height, np.nan_to_num(values), height,
                       label=stage, color=STAGE_COLOURS[STAGES.index(stage)])
        labels = ["n/a" if np.isnan(v) else f"{int(v):,}" for v in values]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=7)
    top = float(table["eligible"].max())
    for i, missing in enumerate(table["without_consent"]):
        if pd.notna(missing) and missing > 0:
            ax.text(top * 1.13, i, f"{int(missing):,} without\nconsent", color=BREACH,
                    fontsize=8, va="center", fontweight="bold")
    ax.set_yticks(y, table["channel"].astype(str))
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.35)
    ax.set_xlabel("people")
    ax.set_title("Consent funnel by channel (red: without the consent their jurisdiction needs)")
    fit(fig, bottom=LEGEND_ROOM)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=len(stages),
               fontsize=8, frameon=False, bbox_to_anchor=(0.5, 0.0))
    return fig


def _size_bins(k_min: int, largest: int) -> list[tuple[int, int]]:
    """One bin per size up to ``k_min``, then up to the next power of ten, then by decades."""
    bins = [(s, s) for s in range(1, max(int(k_min), 1) + 1)]
    low = bins[-1][1] + 1
    edge = 10
    while low <= largest:
        while edge <= low:
            edge *= 10
        bins.append((low, min(edge - 1, largest)))
        low = edge
    return bins


@styled
def class_sizes(record, *, k_min: int | None = None) -> Figure | Skipped:
    """People by the size of their equivalence class (table ``class_sizes``), classes smaller
    than ``k_min`` (default: the run's threshold) in red, with ``k_min`` marked."""
    k_min = record.threshold("k_min") if k_min is None else k_min
    qis = record.table("privacy", "quasi_identifiers")["column"].tolist()
    if not qis:
        return Skipped("No class-size picture: there are no quasi-identifiers to group by.")
    hist = record.table("privacy", "class_sizes")
    if hist.empty:
        return Skipped("No class-size picture: the dataset has no rows.")
    bins = _size_bins(k_min, int(hist["size"].max()))
    labels, people, classes = [], [], []
    for low, high in bins:
        inside = hist[(hist["size"] >= low) & (hist["size"] <= high)]
        labels.append(str(low) if low == high else f"{low}-{high}")
        people.append(int(inside["rows"].sum()))
        classes.append(int(inside["classes"].sum()))
    colours = [BREACH if high < k_min else OK for _, high in bins]
    fig, ax = _figure(8, 3.6)
    x = np.arange(len(bins))
    bars = ax.bar(x, people, color=colours)
    ax.bar_label(bars, labels=[f"{c:,} cl." if c else "" for c in classes], fontsize=7,
                 padding=2)
    edge = sum(1 for _, high in bins if high < k_min) - 0.5
    ax.axvline(edge, color=LINE, linestyle="--", linewidth=1)
    ax.text(edge + 0.1, max(people) * 1.8, f"k_min = {k_min}", fontsize=8)
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_xlabel("class size (people sharing the same quasi-identifiers)")
    ax.set_ylabel("people (log scale)")
    ax.set_yscale("log")
    ax.set_ylim(0.7, max(people) * 4)
    names = ", ".join(qis)
    ax.set_title(f"Who could be singled out: classes over {names}")
    return fit(fig)


@styled
def erasure_deadlines(record) -> Figure | Skipped:
    """Open erasure requests as dots at their age in days, one line per jurisdiction (the
    rule-pack entry each person follows), with that jurisdiction's deadline marked (a second,
    later mark for the extended deadline when some requests were extended); overdue requests in
    red. A dot stands for every request of its jurisdiction, deadline and age (table
    ``erasure_ages``): its area grows with their number."""
    if record.finding("privacy.erasure_overdue").status == "not_evaluated":
        return Skipped("No erasure picture: the dataset has no erasure_request_ts column.")
    ages = record.table("privacy", "erasure_ages")
    if ages.empty:
        return Skipped("No erasure picture: there are no open erasure requests.")
    labels = ages["jurisdiction"].astype(str)
    places = list(dict.fromkeys(labels))  # the table's order: by jurisdiction
    position = {c: i for i, c in enumerate(places)}
    fig, ax = _figure(8, 0.45 * len(places) + 1.6)
    y = labels.map(position).to_numpy(float)
    colour = np.where(ages["overdue"].to_numpy(bool), BREACH, OK)
    n = ages["n"].to_numpy(float)  # people: sums of weights on aggregated rows
    scale = min(1.0, 20.0 / max(1.0, float(n.max())))  # the largest dot stays readable
    ax.scatter(ages["age_days"], y, c=colour, s=18 * n * scale, zorder=3, alpha=0.8)
    deadlines = ages.assign(jurisdiction=labels)[["jurisdiction", "deadline_days"]]
    for place, days in deadlines.drop_duplicates().itertuples(index=False):
        i = position[place]
        ax.plot([days, days], [i - 0.35, i + 0.35], color=LINE, linewidth=2, zorder=4)
    ax.set_yticks(range(len(places)), places)
    ax.invert_yaxis()
    ax.set_xlabel("days since the erasure request (bar: the jurisdiction's deadline; "
                  "dot area: requests)")
    late = int(ages.loc[ages["overdue"].astype(bool), "n"].sum())
    total = int(ages["n"].sum())
    ax.set_title(f"Open erasure requests: {late:,} of {total:,} past the deadline")
    ax.set_xlim(left=min(0, ages["age_days"].min() - 1))
    return fit(fig)


def anonymise_tradeoff(record) -> Figure | Skipped:
    """The anonymised extract's trade-off (table ``anonymise_tradeoff``, computed when the
    config has an ``anonymise:`` block): k reached and information lost against the rows
    suppressed, one point per combination of generalisation levels
    (:func:`ethicskit.anonymise.plot_tradeoff`)."""
    if "anonymise_tradeoff" not in record.tables.get("privacy", {}):
        return Skipped("No trade-off in this record: add `anonymise: {}` to the config to "
                       "compute it.")
    from ethicskit.anonymise import plot_tradeoff

    tradeoff = record.table("privacy", "anonymise_tradeoff").copy()
    tradeoff.attrs.update(k_min=record.threshold("k_min"), l_min=record.threshold("l_min"))
    return plot_tradeoff(tradeoff)
