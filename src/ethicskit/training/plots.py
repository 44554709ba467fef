"""Figures of the training modules. Each returns a matplotlib Figure (closed, so the notebook
shows it once), or a :class:`Skipped` sentence when the data or the check cannot give it.

They show the material of an exercise (rates with their intervals, a feature's gender mix,
segment sizes) and never print an exercise's answer on the figure.
"""

from __future__ import annotations


import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ethicskit.training.scenarios.base import wilson
from ethicskit.plots import Skipped as _Skipped

BLUE, RED, GREY, ORANGE = "#2e90fa", "#b42318", "#98a2b3", "#f79009"
GENDER_COLOURS = {"female": "#7a5af8", "male": "#2e90fa", "non-binary": "#12b76a"}


class Skipped(_Skipped):
    """A figure that could not be drawn, and why: one sentence in the notebook."""

    prefix = "Figure skipped: "


def _figure(width: float, height: float, ncols: int = 1):
    with sns.axes_style("whitegrid"):
        fig, axes = plt.subplots(1, ncols, figsize=(width, height), layout="constrained",
                                 squeeze=False)
    plt.close(fig)
    return fig, axes[0]


def rates_with_intervals(campaign, attributes=("gender", "age_band")):
    """Selection rate per group with its Wilson 95% interval, one panel per attribute."""
    attributes = [a for a in attributes if a in campaign.df.columns]
    if not attributes:
        return Skipped("the campaign has none of the attributes to plot.")
    selected = campaign.is_true(campaign.decision or "targeted")
    fig, axes = _figure(4.2 * len(attributes), 3.4, len(attributes))
    for ax, attr in zip(axes, attributes):
        g = selected.groupby(campaign.df[attr]).agg(["size", "sum"])
        rate = g["sum"] / g["size"]
        bounds = np.array([wilson(int(s), int(n)) for s, n in zip(g["sum"], g["size"])])
        x = np.arange(len(g))
        ax.bar(x, rate, color=BLUE, alpha=0.75, width=0.6)
        ax.errorbar(x, rate, yerr=[rate - bounds[:, 0], bounds[:, 1] - rate], fmt="none",
                    ecolor="#101828", capsize=6, lw=1.4)
        ax.set_xticks(x, [f"{k}\n({n:,} people)" for k, n in zip(g.index, g["size"])])
        ax.set_ylim(0, max(0.5, float(bounds[:, 1].max()) + 0.05))
        ax.set_ylabel("selection rate")
        ax.set_title(attr.replace("_", " "))
    fig.suptitle("Selection rate and its 95% interval (black bars)")
    return fig


def gender_mix(campaign, features=None):
    """For each model feature, the gender mix of people at each of its values (100% bars)."""
    features = [f for f in (features or campaign.model_features) if f in campaign.df.columns]
    if not features or "gender" not in campaign.df.columns:
        return Skipped("the campaign has no model features or no gender column.")
    fig, axes = _figure(4.0 * len(features), 3.4, len(features))
    genders = sorted(campaign.df["gender"].dropna().unique())
    for ax, feature in zip(axes, features):
        values = _binned(campaign.df[feature])
        mix = pd.crosstab(values, campaign.df["gender"], normalize="index")
        mix = mix.reindex(columns=genders, fill_value=0)
        bottom = np.zeros(len(mix))
        for gender in genders:
            ax.bar(np.arange(len(mix)), mix[gender], bottom=bottom, label=gender,
                   color=GENDER_COLOURS.get(gender, GREY), width=0.7)
            bottom += mix[gender].to_numpy()
        ax.set_xticks(np.arange(len(mix)), [str(v) for v in mix.index], rotation=35,
                      ha="right", fontsize=8)
        ax.set_ylim(0, 1)
        ax.set_title(feature)
    axes[0].set_ylabel("share of people")
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, title="gender")
    fig.suptitle("Gender mix at each value of each model feature")
    return fig


def _binned(values: pd.Series) -> pd.Series:
    """A numeric feature with more than 10 values cut into 5 quantile bins, labelled ``a-b``
    in order (as the proxy check bins it); other features unchanged."""
    if not (pd.api.types.is_numeric_dtype(values) and values.nunique() > 10):
        return values
    cut = pd.qcut(values.astype(float), 5, duplicates="drop")
    whole = bool((values.dropna() % 1 == 0).all())

    def label(iv) -> str:
        if whole:
            return f"{int(np.floor(iv.left)) + 1}-{int(np.floor(iv.right))}"
        return f"{iv.left:.3g}-{iv.right:.3g}"

    return cut.cat.rename_categories([label(iv) for iv in cut.cat.categories])


def reweighing(finding):
    """Selection rate per group before and after reweighing (``bias.mitigation_preview``)."""
    if finding is None or finding.status != "info":
        return Skipped("the reweighing preview did not run on this campaign.")
    groups = pd.DataFrame(finding.details.get("groups", []))
    if groups.empty:
        return Skipped("the reweighing preview has no groups.")
    groups = groups[groups["evaluated"]]
    labels = [f"{a.replace('_', ' ')}\n{g}" for a, g in zip(groups["attribute"], groups["group"])]
    x = np.arange(len(groups))
    fig, (ax,) = _figure(max(6.0, 1.1 * len(groups)), 3.4)
    ax.bar(x - 0.2, groups["rate_before"], width=0.4, color=GREY, label="as selected")
    ax.bar(x + 0.2, groups["rate_after"], width=0.4, color=BLUE,
           label="in the reweighed training data")
    ax.set_xticks(x, labels, fontsize=8)
    ax.set_ylabel("selection rate")
    top = float(max(groups["rate_before"].max(), groups["rate_after"].max()))
    ax.set_ylim(0, top * 1.35 if top > 0 else 1)
    ax.legend(fontsize=8, loc="upper right", ncol=2)
    ax.set_title("What reweighing changes: the training data's rates, group by group")
    return fig


def segment_sizes(campaign, *, minimum: int = 100):
    """People targeted per audience card, with the minimum audience marked."""
    if "segment" not in campaign.df.columns:
        return Skipped("the campaign has no segment column.")
    cards = campaign.tables.get("cards", {})
    sizes = campaign.df.loc[campaign.targeted, "segment"].value_counts()
    order = sorted(sizes.index, key=lambda s: cards.get(s, s))
    values = sizes.reindex(order).to_numpy()
    fig, (ax,) = _figure(7.0, 3.6)
    y = np.arange(len(order))[::-1]
    ax.barh(y, values, color=BLUE)
    ax.axvline(minimum, color="#101828", ls="--", lw=1)
    ax.text(minimum, len(order) - 0.4, f" minimum audience ({minimum})", fontsize=8, va="bottom")
    ax.set_yticks(y, [f"{cards.get(s, '?')}  {s}" for s in order], fontsize=8)
    ax.set_xlabel("people targeted")
    ax.set_title("Audience size of each card")
    return fig
