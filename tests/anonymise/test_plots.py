"""The trade-off picture of the privacy notebook."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ethicskit.anonymise import plot_tradeoff, tradeoff
from ethicskit.plots import Skipped


def test_plot_tradeoff(eight):
    fig = plot_tradeoff(tradeoff(eight()))
    assert isinstance(fig, Figure) and len(fig.axes) == 2


def test_nothing_to_plot():
    assert isinstance(plot_tradeoff(pd.DataFrame()), Skipped)
