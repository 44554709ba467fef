"""Plots of the bias notebook (``02_bias``), drawn from the record.

Every function takes a :class:`~ethicskit.record.Record` and reads the small tables of the bias
area (``record.table("bias", name)``, see :func:`ethicskit.bias.checks.tables`) and the status
and threshold of its finding. It returns a matplotlib Figure (the style of
:mod:`ethicskit.plots.style`, laid out once by its :func:`~ethicskit.plots.style.fit`), built
without pyplot so that a notebook shows it once, as the cell's value; or a :class:`Note` saying
in one sentence why there is nothing to draw (the check was not evaluated, the data lack the
columns).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.bias.groups import sort_key
from ethicskit.plots import Skipped
from ethicskit.plots.heatmap import heatmap
from ethicskit.plots.style import figure, fit, styled
from ethicskit.thresholds import THRESHOLDS

GOOD, BAD, SMALL, REF = "#2f6db3", "#c0392b", "#b0b7c3", "#1b7a3d"
BAND = "#d9f0dc"


class Note(Skipped):
    """A sentence shown instead of a plot."""


def _band(f) -> tuple[float, float]:
    """The ratio band of a finding's threshold, else the defaults of the check table."""
    th = f.threshold if isinstance(f.threshold, dict) else {}
    return (th.get("ratio_min", THRESHOLDS["ratio_min"]),
            th.get("ratio_max", THRESHOLDS["ratio_max"]))


def _signed(x: float) -> str:
    """``x`` with its sign and two decimals (``+0.12``, ``-0.30``), never ``-0.00``."""
    shown = f"{x:+.2f}"
    return "0.00" if shown in ("+0.00", "-0.00") else shown


def _no_plot(f, what: str) -> Note | None:
    if f.status in ("not_evaluated", "error"):
        return Note(f"No {what}: {f.message}")
    return None


def _records(record, name: str) -> list[dict]:
    """The rows of the bias table ``name``, missing numbers as None."""
    frame = record.table("bias", name)
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _figure(rows: int, cols: int, *, width: float, height: float, **kw):
    return figure(width, height, rows=rows, cols=cols, **kw)


def _done(fig, **room):
    return fit(fig, **room)


def _by_attribute(groups: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for g in groups:
        out.setdefault(g["attribute"], []).append(g)
    return out


@styled
def selection_rates(record):
    """Selection rate per group with its Wilson 95% interval (table ``selection_rates``); the
    band of rates that keeps the ratio to the reference within [ratio_min, ratio_max] shaded;
    groups outside the band red, groups too small to judge grey."""
    f = record.finding("bias.selection_rate")
    note = _no_plot(f, "selection-rate plot")
    if note:
        return note
    lo, hi = _band(f)
    parts = _by_attribute(_records(record, "selection_rates"))
    heights = [max(len(g), 2) * 0.32 + 0.7 for g in parts.values()]
    fig, axes = _figure(len(parts), 1, width=8, height=sum(heights),
                        gridspec_kw={"height_ratios": heights})
    for ax, (attr, groups) in zip(axes[:, 0], parts.items()):
        ref = next((g for g in groups if g["reference"]), None)
        if ref is not None and ref["rate"]:
            ax.axvspan(ref["rate"] * lo, min(ref["rate"] * hi, 1.0), color=BAND, zorder=0,
                       label=f"ratio {lo:g}-{hi:g} of the reference")
            ax.axvline(ref["rate"], color=REF, ls="--", lw=1)
        y = np.arange(len(groups))[::-1]
        for yi, g in zip(y, groups):
            colour = (SMALL if not g["evaluated"] else
                      BAD if g["ratio"] is not None and not (lo - 1e-12 <= g["ratio"] <= hi + 1e-12)
                      else GOOD)
            if g["rate"] is None:
                continue
            ax.errorbar(g["rate"], yi, xerr=[[g["rate"] - g["ci_low"]], [g["ci_high"] - g["rate"]]],
                        fmt="o", color=colour, capsize=3)
        ax.set_yticks(y, [f"{g['group']}{' (reference)' if g['reference'] else ''}"
                          f"  n={g['n']:,}" for g in groups])
        ax.set_xlim(0, 1)
        ax.set_title(attr, loc="left", fontsize=10)
        ax.set_xlabel("selection rate (95% interval)")
    axes[0, 0].legend(loc="lower right", fontsize=8)
    return _done(fig)


@styled
def intersectional_heatmap(record):
    """One heatmap per pair of attributes (table ``intersections``): the selection-rate ratio
    of each combination to the pair's reference (the most often selected; for an adverse
    decision, ``decision_favourable: false``, the least often); grey cells are groups too small
    to judge (or absent). Each heatmap is sized to its groups (rows and columns of equal cells), one
    under the other, so labels never overlap and the figure reads on a screen and in a PDF."""
    f = record.finding("bias.intersectional")
    note = _no_plot(f, "intersection heatmap")
    if note:
        return note
    lo, hi = _band(f)
    favourable = (f.details or {}).get("decision_favourable", True) is not False
    reference = "best-served group" if favourable else "least-flagged group (adverse decision)"
    parts = _by_attribute(_records(record, "intersections"))
    grids = []
    for attr, groups in parts.items():
        frame = pd.DataFrame([{"a": g["a"], "b": g["b"],
                               "ratio": g["ratio"] if g["evaluated"] else np.nan}
                              for g in groups])
        frame["ratio"] = frame["ratio"].astype(float)
        order_a = list(dict.fromkeys(frame["a"]))
        order_b = sorted(set(frame["b"]), key=sort_key)
        table = frame.pivot(index="a", columns="b", values="ratio").reindex(index=order_a)
        grids.append((attr, table.reindex(columns=[b for b in order_b if b in table.columns])))
    longest = max(max((len(str(x)) for x in t.index), default=1) for _, t in grids)
    widest = max(t.shape[1] for _, t in grids)
    cell = 0.55  # inches per cell: room for a two-decimal ratio at 7 pt
    label = min(0.075 * longest + 0.6, 3.0)  # room for the row labels
    width = min(max(label + cell * widest + 0.6, 6.0), 12.0)
    cell = min(cell, (width - label - 0.6) / widest)
    heights = [cell * t.shape[0] + 0.08 * max(len(str(b)) for b in t.columns) + 1.0
               for _, t in grids]
    fig, axes = _figure(len(grids), 1, width=width, height=sum(heights),
                        gridspec_kw={"height_ratios": heights})
    for ax, (attr, table) in zip(axes[:, 0], grids):
        ax.set_facecolor(SMALL)
        heatmap(ax, table, annot=True, fmt=".2f", cmap="RdBu", center=1.0,
                vmin=max(0.0, 2 * lo - 1), vmax=min(2.0, 2 * hi - 1),
                annot_kws={"fontsize": 7})
        # every cell the same size, whatever the pair's number of groups
        ax.set_anchor("W")
        ax.set_box_aspect(table.shape[0] / table.shape[1])
        a, b = attr.split(" & ", 1)
        ax.set_ylabel(a)
        ax.set_xlabel(b)
        ax.set_title(f"{attr}: ratio to the {reference}", loc="left", fontsize=10)
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        ax.tick_params(axis="y", labelrotation=0, labelsize=8)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
        ax.grid(False)
    return _done(fig)


@styled
def error_rates(record):
    """True- and false-positive rate per group, per attribute (table ``error_rates``); small
    groups faded."""
    f = record.finding("bias.error_rate_parity")
    note = _no_plot(f, "error-rate plot")
    if note:
        return note
    odds_max = (f.threshold or {}).get("odds_max", THRESHOLDS["odds_max"])
    parts = _by_attribute(_records(record, "error_rates"))
    heights = [max(len(g), 2) * 0.42 + 0.7 for g in parts.values()]
    fig, axes = _figure(len(parts), 1, width=8, height=sum(heights),
                        gridspec_kw={"height_ratios": heights})
    for ax, (attr, groups) in zip(axes[:, 0], parts.items()):
        y = np.arange(len(groups))[::-1]
        for yi, g in zip(y, groups):
            alpha = 1.0 if g["evaluated"] else 0.3
            ax.barh(yi + 0.2, g["tpr"] or 0, height=0.38, color=GOOD, alpha=alpha,
                    label="true-positive rate" if yi == y[0] else None)
            ax.barh(yi - 0.2, g["fpr"] or 0, height=0.38, color="#e08e0b", alpha=alpha,
                    label="false-positive rate" if yi == y[0] else None)
            if g["evaluated"] and not g["reference"] and g["eod"] is not None:
                gap = max(abs(g["eod"]), abs(g["aod"] or 0))
                ax.text(1.01, yi, f"eod {_signed(g['eod'])}", va="center", fontsize=8,
                        color=BAD if gap > odds_max + 1e-12 else "#475467",
                        transform=ax.get_yaxis_transform())
        ax.set_yticks(y, [f"{g['group']}{' (reference)' if g['reference'] else ''}"
                          f"  n={g['n']:,}" for g in groups])
        ax.set_xlim(0, 1)
        ax.set_title(attr, loc="left", fontsize=10)
    axes[0, 0].legend(loc="lower right", fontsize=8)
    axes[-1, 0].set_xlabel("rate among people with a known outcome")
    return _done(fig, right=0.7)  # the "eod" notes right of each plot


@styled
def offer_values(record):
    """Offer values per group as box plots, from the table ``offer_boxes`` (quartiles, whiskers
    at 1.5 IQR, outliers, and each group's SMD); groups whose SMD reaches the threshold red,
    small groups grey, the reference green. Drawn from a few numbers per group, so a million
    offers cost what a hundred do."""
    f = record.finding("bias.offer_value_disparity")
    note = _no_plot(f, "offer-value plot")
    if note:
        return note
    boxes = record.table("bias", "offer_boxes")
    if boxes.empty:
        return Note("No offer-value plot: no targeted row has an offer value.")
    smd_max = (f.threshold or {}).get("smd_max", THRESHOLDS["smd_max"])
    parts = _by_attribute(_records(record, "offer_boxes"))
    heights = [max(len(g), 2) * 0.38 + 0.7 for g in parts.values()]
    fig, axes = _figure(len(parts), 1, width=8, height=sum(heights),
                        gridspec_kw={"height_ratios": heights})
    for ax, (attr, groups) in zip(axes[:, 0], parts.items()):
        stats = boxes[boxes["attribute"] == attr].set_index("group")[
            ["mean", "q1", "med", "q3", "whislo", "whishi", "fliers"]]
        colours = [REF if g["reference"] else SMALL if not g["evaluated"] else
                   BAD if g["smd"] is not None and abs(g["smd"]) >= smd_max else GOOD
                   for g in groups]
        drawn = ax.bxp([{**stats.loc[g["group"]].to_dict(), "label": g["group"]}
                        for g in groups], positions=range(len(groups)),
                       orientation="horizontal", patch_artist=True, widths=0.6,
                       flierprops={"marker": "o", "markersize": 1.5, "alpha": 0.6},
                       medianprops={"color": "black", "linewidth": 0.8},
                       boxprops={"linewidth": 0.8}, whiskerprops={"linewidth": 0.8},
                       capprops={"linewidth": 0.8})
        for patch, colour in zip(drawn["boxes"], colours):
            patch.set_facecolor(colour)
        ax.set_yticks(range(len(groups)), [f"{g['group']}  SMD {_signed(g['smd'])}"
                                           if g["smd"] is not None else g["group"]
                                           for g in groups])
        ax.set_ylim(len(groups) - 0.5, -0.5)  # the first group on top
        ax.set_ylabel("")
        ax.set_xlabel("")
        ax.set_title(attr, loc="left", fontsize=10)
    axes[-1, 0].set_xlabel("offer value (targeted people with an offer)")
    return _done(fig)


@styled
def proxy_heatmap(record):
    """Cramér's V of each feature with each protected attribute (table ``proxy_v``), with the
    bias-corrected V (Bergsma 2013) in brackets beside it; the colour and the outline (cells at
    or above the threshold) follow the plain V, which decides the status."""
    from matplotlib.patches import Rectangle

    f = record.finding("bias.proxy_features")
    note = _no_plot(f, "proxy heatmap")
    if note:
        return note
    pairs = record.table("bias", "proxy_v")
    table = pairs.pivot(index="feature", columns="attribute", values="cramers_v")
    table = table.reindex(index=list(dict.fromkeys(pairs["feature"])),
                          columns=list(dict.fromkeys(pairs["attribute"])))
    corrected = (pairs.pivot(index="feature", columns="attribute", values="cramers_v_corrected")
                 .reindex(index=table.index, columns=table.columns)
                 if "cramers_v_corrected" in pairs.columns else None)

    def text(feature, attr) -> str:
        plain = table.loc[feature, attr]
        if plain is None or plain != plain:
            return ""
        fixed = corrected.loc[feature, attr] if corrected is not None else None
        if fixed is None or fixed != fixed:
            return f"{plain:.2f}"
        return f"{plain:.2f} ({fixed:.2f})"

    labels = np.array([[text(a, b) for b in table.columns] for a in table.index], dtype=object)
    v = (f.threshold or {}).get("proxy_v", THRESHOLDS["proxy_v"])
    fig, axes = _figure(1, 2, width=1.6 * len(table.columns) + 3,
                        height=0.45 * len(table) + 1.6, gridspec_kw={"width_ratios": [1, 0.03]})
    ax = axes[0, 0]
    mesh = heatmap(ax, table.astype(float), annot=labels, fmt="", cmap="Reds", vmin=0, vmax=1,
                   annot_kws={"fontsize": 8})
    fig.colorbar(mesh, cax=axes[0, 1], label="Cramér's V")
    for i, feature in enumerate(table.index):
        for j, attr in enumerate(table.columns):
            value = table.loc[feature, attr]
            if value == value and value >= v - 1e-12:
                ax.add_patch(Rectangle((j, i), 1, 1, fill=False, edgecolor="black", lw=2))
    ax.set_title(f"Association of features with protected attributes: Cramér's V (bias-"
                 f"corrected V); outlined: V ≥ {v:g}", loc="left", fontsize=10)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return _done(fig)


@styled
def reweighing(record):
    """Left: the weight reweighing gives each (group, decision) cell (1 = unchanged; table
    ``reweighing_weights``). Right: each group's selection-rate ratio before and after
    weighting (table ``reweighing_ratios``)."""
    f = record.finding("bias.mitigation_preview")
    note = _no_plot(f, "reweighing plot")
    if note:
        return note
    weights = record.table("bias", "reweighing_weights")
    groups = record.table("bias", "reweighing_ratios")
    labels = list(dict.fromkeys(groups["attribute"] + ": " + groups["group"]))
    fig, axes = _figure(1, 2, width=11, height=0.3 * len(labels) + 1.6, sharey=True)
    y = {lab: i for i, lab in enumerate(labels[::-1])}
    ax = axes[0, 0]
    for selected, offset, colour, name in ((True, 0.2, GOOD, "selected"),
                                           (False, -0.2, "#e08e0b", "not selected")):
        part = weights[weights["selected"] == selected]
        ys = [y[a + ": " + g] + offset for a, g in zip(part["attribute"], part["group"])]
        ax.barh(ys, part["weight"], height=0.38, color=colour, label=name)
    ax.axvline(1.0, color="black", lw=0.8, ls="--")
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_xlabel("weight (before reweighing: 1)")
    ax.legend(loc="lower right", fontsize=8)
    ax = axes[0, 1]
    for _, r in groups.iterrows():
        yi = y[r["attribute"] + ": " + r["group"]]
        colour = GOOD if r["evaluated"] else SMALL
        if r["ratio_before"] is not None and r["ratio_after"] is not None \
                and not pd.isna(r["ratio_before"]) and not pd.isna(r["ratio_after"]):
            ax.plot([r["ratio_before"], r["ratio_after"]], [yi, yi], color=colour, lw=1)
            ax.scatter([r["ratio_before"]], [yi], color=BAD if r["evaluated"] else SMALL, s=18,
                       zorder=3, label="before" if yi == 0 else None)
            ax.scatter([r["ratio_after"]], [yi], color=REF, s=18, zorder=3,
                       label="after" if yi == 0 else None)
    ax.axvspan(*_band(f), color=BAND, zorder=0)
    ax.set_xlabel("selection-rate ratio to the reference")
    handles = [ax.scatter([], [], color=BAD, s=18, label="before"),
               ax.scatter([], [], color=REF, s=18, label="after reweighing")]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return _done(fig)


@styled
def delivery_shares(record):
    """Per attribute of ``bias.delivery_skew`` (table ``delivery``): each group's share of the
    people targeted beside its share of the eligible audience (``population_shares``), as
    side-by-side bars; the title gives the attribute's total variation distance, red when it is
    above ``tvd_max``."""
    f = record.finding("bias.delivery_skew")
    note = _no_plot(f, "delivery plot")
    if note:
        return note
    tvd_max = (f.threshold or {}).get("tvd_max", THRESHOLDS["tvd_max"])
    parts = _by_attribute(_records(record, "delivery"))
    if not parts:
        return Note("No delivery plot: the check compared no attribute.")
    heights = [max(len(g), 2) * 0.5 + 0.8 for g in parts.values()]
    fig, axes = _figure(len(parts), 1, width=8, height=sum(heights),
                        gridspec_kw={"height_ratios": heights})
    for ax, (attr, groups) in zip(axes[:, 0], parts.items()):
        y = np.arange(len(groups))[::-1]
        ax.barh(y + 0.2, [g["eligible_share"] or 0 for g in groups], height=0.38,
                color=SMALL, label="eligible audience (population_shares)")
        ax.barh(y - 0.2, [g["delivered_share"] or 0 for g in groups], height=0.38,
                color=GOOD, label="people targeted (delivered)")
        for yi, g in zip(y, groups):
            for offset, share in ((0.2, g["eligible_share"]), (-0.2, g["delivered_share"])):
                if share is not None:
                    ax.text(share + 0.01, yi + offset, f"{100 * share:.1f}%", va="center",
                            fontsize=7, color="#475467")
        ax.set_yticks(y, [f"{g['group']}  ({g['n']:,.0f} targeted)" if g["n"] is not None
                          else str(g["group"]) for g in groups])
        ax.set_xlim(0, 1.08)  # one scale for every attribute: shares of the same people
        tvd = groups[0]["tvd"]
        over = tvd is not None and tvd > tvd_max
        ax.set_title(f"{attr}: total variation distance "
                     f"{'n/a' if tvd is None else format(tvd, '.3f')} (tvd_max {tvd_max:g})",
                     loc="left", fontsize=10, color=BAD if over else "black")
    axes[0, 0].legend(loc="best", fontsize=8)
    axes[-1, 0].set_xlabel("share of people")
    return _done(fig)
