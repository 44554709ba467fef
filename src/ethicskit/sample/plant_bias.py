"""Who is targeted, what the model predicted and what happened (to be refined by the bias area).

:func:`decide` sets ``targeted``, ``score``, ``prediction``, ``outcome`` and ``offer_value`` for
every row, before the targeting-dependent fields are filled.
"""

from __future__ import annotations

import numpy as np


def decide(df, rng):
    """Decide for every row; return expected bias results by check id."""
    n = len(df)
    score = rng.random(n)
    df["score"] = np.round(score, 4)
    df["targeted"] = score > 0.5
    df["prediction"] = df["targeted"]
    df["outcome"] = rng.random(n) < np.where(df["targeted"], 0.3, 0.1)
    df["offer_value"] = np.where(df["targeted"], np.round(rng.normal(20, 5, n), 2), np.nan)
    return {}


def expect(df, config):
    """Expected bias results on the final frame (counted independently of the package)."""
    return {}
