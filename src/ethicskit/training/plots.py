"""Figures of the training modules. Each returns a :class:`Figure` (a closed matplotlib figure
with its alt text), or a :class:`Skipped` sentence when the data or the check cannot give it.

They show the material of an exercise (rates with their intervals, a feature's gender mix,
segment sizes) and never print an exercise's answer on the figure. Every figure carries an alt
text: the same facts in words (shown as the ``alt`` of the image and as its caption, and as
the plain-text version of the output), so a screen reader, a text console or a printed page
gets what the picture shows. Colours are the Okabe-Ito palette, which people with the common
colour-vision deficiencies can tell apart. The proxy exercise's figure names the model
features neutrally ("feature 1" ...) until the exercise is solved.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ethicskit.plots import Skipped as _Skipped
from ethicskit.training.feedback import neutral_labels
from ethicskit.training.scenarios.base import wilson

#: Okabe & Ito (2008), "Color Universal Design": safe for deuteranopia, protanopia, tritanopia
OKABE_ITO = {"orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "purple": "#CC79A7", "black": "#000000", "grey": "#999999"}
BLUE, RED, GREY, ORANGE = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["grey"],
                           OKABE_ITO["orange"])
GENDER_COLOURS = {"female": OKABE_ITO["orange"], "male": OKABE_ITO["blue"],
                  "non-binary": OKABE_ITO["green"]}


class Figure:
    """A matplotlib figure with its alt text; displays as an image with ``alt`` and a caption.

    Attributes of the matplotlib figure (``axes``, ``savefig`` ...) are reachable directly."""

    def __init__(self, figure, alt: str) -> None:
        self.figure, self.alt = figure, " ".join(alt.split())

    def __getattr__(self, name):
        return getattr(self.__dict__["figure"], name)

    def png(self) -> str:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=96)
        return base64.b64encode(buf.getvalue()).decode("ascii")

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = self.png()
        alt = html.escape(self.alt, quote=True)
        return {"text/plain": f"Figure: {self.alt}",
                "image/png": png,
                "text/html": (f'<figure class="ek-figure" style="margin:8px 0"><img alt="{alt}" '
                              f'src="data:image/png;base64,{png}" style="max-width:100%">'
                              f'<figcaption style="font-size:0.85em;color:#475467">{alt}'
                              f"</figcaption></figure>")}

    def __repr__(self) -> str:
        return f"Figure: {self.alt}"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


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
    parts = []
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
        parts.append(f"{attr.replace('_', ' ')}: " + "; ".join(
            f"{k} ({n:,} people) {_pct(r)}, interval {_pct(lo)} to {_pct(hi)}"
            for k, n, r, (lo, hi) in zip(g.index, g["size"], rate, bounds)))
    fig.suptitle("Selection rate and its 95% interval (black bars)")
    return Figure(fig, "Bar chart of the selection rate of each group with its 95% interval. "
                  + ". ".join(parts) + ".")


def gender_mix(campaign, features=None, *, neutral: bool = True):
    """For each model feature, the gender mix of people at each of its values (100% bars).

    ``neutral`` (default): features are titled "feature 1", "feature 2" ... (the labels the
    proxy exercise's self-check accepts) and the values of a non-numeric feature "value 1" ...,
    so that no name gives the answer away; the solution names them."""
    features = [f for f in (features or campaign.model_features) if f in campaign.df.columns]
    if not features or "gender" not in campaign.df.columns:
        return Skipped("the campaign has no model features or no gender column.")
    labels = neutral_labels(features) if neutral else {f: f for f in features}
    features = sorted(features, key=lambda f: labels[f]) if neutral else features
    fig, axes = _figure(4.0 * len(features), 3.4, len(features))
    genders = sorted(campaign.df["gender"].dropna().unique())
    parts = []
    for ax, feature in zip(axes, features):
        values = _binned(campaign.df[feature])
        mix = pd.crosstab(values, campaign.df["gender"], normalize="index")
        mix = mix.reindex(columns=genders, fill_value=0)
        names = [str(v) for v in mix.index]
        if neutral and not pd.api.types.is_numeric_dtype(campaign.df[feature]):
            names = [f"value {i}" for i in range(1, len(names) + 1)]
        bottom = np.zeros(len(mix))
        for gender in genders:
            ax.bar(np.arange(len(mix)), mix[gender], bottom=bottom, label=gender,
                   color=GENDER_COLOURS.get(gender, GREY), width=0.7)
            bottom += mix[gender].to_numpy()
        ax.set_xticks(np.arange(len(mix)), names, rotation=35, ha="right", fontsize=8)
        ax.set_ylim(0, 1)
        ax.set_title(labels[feature])
        parts.append(f"{labels[feature]}: " + "; ".join(
            f"{name} " + ", ".join(f"{g} {_pct(mix.loc[idx, g])}" for g in genders)
            for name, idx in zip(names, mix.index)))
    axes[0].set_ylabel("share of people")
    axes[-1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, title="gender")
    fig.suptitle("Gender mix at each value of each model feature")
    return Figure(fig, "Stacked bars of the gender mix of the people at each value of each "
                  "model feature. " + ". ".join(parts) + ".")


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
    return Figure(fig, "Paired bars of the selection rate of each group as selected and in the "
                  "reweighed training data. " + "; ".join(
                      f"{a.replace('_', ' ')} {g}: {_pct(b)} as selected, {_pct(r)} reweighed"
                      for a, g, b, r in zip(groups["attribute"], groups["group"],
                                            groups["rate_before"], groups["rate_after"])) + ".")


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
    ax.axvline(minimum, color=OKABE_ITO["black"], ls="--", lw=1)
    ax.text(minimum, len(order) - 0.4, f" minimum audience ({minimum})", fontsize=8, va="bottom")
    ax.set_yticks(y, [f"{cards.get(s, '?')}  {s}" for s in order], fontsize=8)
    ax.set_xlabel("people targeted")
    ax.set_title("Audience size of each card")
    return Figure(fig, f"Horizontal bars of the people targeted by each audience card, with the "
                  f"minimum audience of {minimum} marked by a dashed line. " + "; ".join(
                      f"card {cards.get(seg, '?')} {seg}: {int(v):,} people"
                      for seg, v in zip(order, values)) + ".")
