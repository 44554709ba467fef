"""The picture of the trade-off between generalising and suppressing (privacy notebook).

:func:`plot_tradeoff` takes the table of :func:`ethicskit.anonymise.tradeoff` and returns a
:class:`matplotlib.figure.Figure` built without pyplot (or a
:class:`ethicskit.plots.Skipped` note): on the left, for every lattice node, the k reached
before suppression against the share of rows that must be suppressed to reach ``k_min``
(and ``l_min``); on the right, the information loss (NCP) of the same nodes. The node chosen
for the extract is ringed, nodes beyond the suppression limit are grey. No value of the data
reaches the picture, only levels and counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ethicskit.plots import Skipped

CHOSEN, FEASIBLE, INFEASIBLE = "#1849a9", "#84adff", "#d0d5dd"
LINE = "#d92d20"


def plot_tradeoff(table: pd.DataFrame) -> Figure | Skipped:
    """k reached and loss against rows suppressed, one point per generalisation node."""
    if table is None or table.empty:
        return Skipped("No trade-off to draw: there is no quasi-identifier to generalise.")
    share = table["share"].to_numpy(dtype=float) * 100
    k = table["k"].to_numpy(dtype=float)
    loss = table["loss"].to_numpy(dtype=float)
    feasible = table["feasible"].to_numpy(dtype=bool)
    chosen = table["chosen"].to_numpy(dtype=bool)
    colours = np.where(chosen, CHOSEN, np.where(feasible, FEASIBLE, INFEASIBLE))
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    k_min = table.attrs.get("k_min")
    limit = table.attrs.get("max_suppression")
    for ax, y, label in ((left, k, "k before suppression (smallest class)"),
                         (right, loss, "information loss (NCP, 0 = as is, 1 = nothing left)")):
        ax.scatter(share, y, c=colours, s=36, edgecolors="#101828", linewidths=0.4, zorder=3)
        if chosen.any():
            ax.scatter(share[chosen], y[chosen], s=140, facecolors="none",
                       edgecolors=CHOSEN, linewidths=1.6, zorder=4, label="chosen")
        if limit is not None:
            ax.axvline(limit * 100, color=LINE, linestyle="--", linewidth=1,
                       label=f"max suppression {limit:.0%}")
        ax.set_xlabel("rows suppressed to reach k_min (%)")
        ax.set_ylabel(label)
        ax.grid(True, color="#eaecf0", zorder=0)
    if k_min is not None:
        left.axhline(k_min, color="#667085", linestyle=":", linewidth=1, label=f"k_min {k_min}")
    if (k > 0).all() and k.max() / max(k.min(), 1) > 50:
        left.set_yscale("log")
    for i in np.flatnonzero(chosen):
        right.annotate(str(table["node"].iloc[i]), (share[i], loss[i]), fontsize=7,
                       xytext=(6, 6), textcoords="offset points", color=CHOSEN)
    left.legend(fontsize=7, loc="best")
    fig.suptitle(f"Generalise or suppress: {len(table)} combinations of levels", fontsize=10)
    return fig
