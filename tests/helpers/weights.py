"""The reference of the weight tests: a weighted frame expanded to one row per person."""

from __future__ import annotations

import numpy as np
import pandas as pd


def expand(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each row repeated ``weight`` times, ``weight`` dropped and the copies
    numbered (``a.0``, ``a.1``, ...): the people the weighted rows stand for."""
    weights = frame["weight"].astype(int).to_numpy()
    out = frame.loc[np.repeat(frame.index.to_numpy(), weights)].drop(columns="weight")
    copy = out.groupby(level=0).cumcount().astype(str).to_numpy()
    out["customer_id"] = out["customer_id"].astype(str).to_numpy() + "." + copy
    return out.reset_index(drop=True)
