"""What the privacy metrics share: whole days, per-country thresholds and sums per label.

Sums per channel or country are group counts (:func:`ethicskit.counts.group_sums`) over the
column's dictionary codes, a null being a code of its own, then added up per label.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ethicskit.counts import group_sums
from ethicskit.thresholds import THRESHOLDS


def as_of_ts(as_of: dt.date) -> pd.Timestamp:
    """The reference date as a timestamp: midnight UTC at the start of ``as_of``."""
    return pd.Timestamp(as_of.isoformat(), tz="UTC")


def whole_days(as_of: dt.date, ts: pd.Series) -> pd.Series:
    """Whole days from ``ts`` to ``as_of``: ``floor((as_of at 00:00 UTC - ts) / 1 day)``.

    A request made at 09:00 on 2026-10-30 is 29 whole days old on 2026-11-29 (29 days and
    15 hours); one made at 00:00 on 2026-10-30 is 30. Null timestamps give null.
    """
    stamps = ts.dt.tz_convert("UTC") if ts.dt.tz is not None else ts.dt.tz_localize("UTC")
    ns = stamps.to_numpy(dtype="datetime64[ns]").view(np.int64)  # NaT: the smallest int64
    days = (as_of_ts(as_of).value - ns) // 86_400_000_000_000  # floor, as Timedelta.days
    return pd.Series(pd.array(days, dtype="Int64"), index=ts.index, name=ts.name).mask(ts.isna())


def country_mapping(threshold, name: str) -> dict:
    """A per-country threshold as ``{"default": x, "<CC>": y}`` (a plain number means every
    country); country codes are upper-cased, a missing default is the catalogue's."""
    if isinstance(threshold, Mapping):
        out = {str(k) if str(k) == "default" else str(k).upper(): v for k, v in threshold.items()}
    else:
        out = {"default": threshold}
    out.setdefault("default", THRESHOLDS[name]["default"])
    return out


def by_country(codes: np.ndarray | None, values: np.ndarray | None, mapping: dict, *,
               rows: int) -> np.ndarray:
    """The threshold in force for each row: the entry of the row's country (``codes`` into the
    distinct ``values``, -1 for a null), else the default (also for a null country or a dataset
    without ``country``: ``codes`` None). Decided once per distinct country."""
    default = mapping["default"]
    if codes is None:
        return np.full(rows, float(default), dtype="float64")
    per = {k: v for k, v in mapping.items() if k != "default"}
    decided = pd.Series(values, dtype=object).map(per).astype("float64").fillna(default)
    return np.append(decided.to_numpy(dtype="float64"), float(default))[codes]


def labels_of(values: Sequence, empty: str) -> list[str]:
    """The label of each code: ``str(value)``, then ``empty`` for the code of a null (the last,
    see :func:`ethicskit.counts.codes_with_null`)."""
    return [str(v) for v in values] + [empty]


def label_sums(codes: np.ndarray, labels: Sequence[str], values: Mapping[str, np.ndarray], *,
               rows: np.ndarray | None = None) -> pd.DataFrame:
    """Per label, in sorted label order: the sum of each bool array of ``values`` over ``rows``
    (a mask; all rows by default), ``groupby(label, sort=True).sum()`` of the rows.

    ``codes`` index ``labels`` (0 .. len - 1); the cells are :func:`ethicskit.counts.group_sums`
    of the codes, codes whose labels read the same are added together and codes without rows
    are left out. The frame is indexed by label, one int64 column per value.
    """
    cells = group_sums({"code": codes}, {"code": len(labels)}, values=values, rows=rows)
    cells["label"] = np.asarray(list(labels), dtype=object)[cells["code"].to_numpy()]
    return cells.groupby("label", sort=True)[list(values)].sum()


def label_records(column: str, table: pd.DataFrame) -> list[dict]:
    """:func:`label_sums` as records ``{column: label, <value>: int, ...}``."""
    return [{column: label, **{name: int(v) for name, v in zip(table.columns, sums)}}
            for label, sums in zip(table.index, table.to_numpy().tolist())]
