"""Helpers shared by the privacy checks: whole days, per-country thresholds, evidence, wording."""

from __future__ import annotations

import datetime as dt
from typing import Mapping

import numpy as np
import pandas as pd

from ethicskit.registry import THRESHOLDS


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


def by_country(campaign, mapping: dict) -> pd.Series:
    """The threshold in force for each row: the row's ``country`` entry, else the default
    (also for a null country or a dataset without ``country``)."""
    default = mapping["default"]
    if "country" not in campaign.df.columns:
        return pd.Series(default, index=campaign.df.index, dtype="float64")
    per = {k: v for k, v in mapping.items() if k != "default"}
    codes, uniques = campaign.codes("country")  # decided per distinct country
    values = pd.Series(uniques, dtype=object).map(per).astype("float64").fillna(default)
    out = np.append(values.to_numpy(dtype="float64"), float(default))[codes]
    return pd.Series(out, index=campaign.df.index, dtype="float64", name="country")


def counts_by(codes: np.ndarray, size: int, flags: dict[str, np.ndarray], *,
              rows=None) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Per group code ``0 .. size - 1``: how many of ``rows`` (a mask; all rows by default)
    it has, and how many of them each bool array of ``flags`` marks.

    The flags are packed as bits beside the group code and counted with one ``bincount``
    (``groupby(code).sum()`` of the flags, without a pass per flag or float weights).
    """
    names = list(flags)
    key = np.asarray(codes, dtype=np.int64) << len(names)
    for bit, name in enumerate(names):
        key |= np.asarray(flags[name], dtype=bool).astype(np.int64) << bit
    if rows is not None:
        key = key[np.asarray(rows, dtype=bool)]
    cells = np.bincount(key, minlength=size << len(names)).reshape(size, 1 << len(names))
    patterns = np.arange(1 << len(names))
    sums = {name: cells[:, (patterns >> bit) & 1 == 1].sum(axis=1)
            for bit, name in enumerate(names)}
    return cells.sum(axis=1), sums


def sums_by(campaign, column: str, flags: dict[str, np.ndarray], *, rows=None,
            empty: str = "(empty)") -> list[dict]:
    """``groupby(column, sort=True).sum()`` of the bool ``flags`` over ``rows`` (a mask; all
    rows by default) as records ``{column: label, <name>: sum...}``, a null value being the
    label ``empty``; worked out per distinct value of ``column`` (:func:`counts_by`)."""
    codes, uniques = campaign.codes(column)
    labels = [str(u) for u in uniques] + [empty]
    codes = np.where(codes < 0, len(uniques), codes)
    table = label_sums(codes, labels, flags, rows=rows)
    return [{column: label, **sums} for label, sums in table.items()]


def label_sums(codes: np.ndarray, labels: list[str], flags: dict[str, np.ndarray], *,
               rows=None) -> dict[str, dict[str, int]]:
    """:func:`counts_by` per label (``labels[code]``), in sorted label order: codes whose
    labels read the same are added together, codes without rows left out."""
    present, sums = counts_by(codes, len(labels), flags, rows=rows)
    table: dict[str, dict[str, int]] = {}
    for k, label in enumerate(labels):
        if present[k]:
            row = table.setdefault(label, dict.fromkeys(flags, 0))
            for name in flags:
                row[name] += int(sums[name][k])
    return {label: table[label] for label in sorted(table)}


def people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


def rows(n: int) -> str:
    return f"{n:,} {'row' if n == 1 else 'rows'}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb agreeing with a count: ``verb(1, "was", "were")`` -> ``was``."""
    return singular if n == 1 else plural


def days(n) -> str:
    return f"{n:g} {'day' if n == 1 else 'days'}"


def pct(part: int, whole: int) -> str:
    """``part`` as a percentage of ``whole`` with one decimal (``0.7%``)."""
    if not whole:
        return "0%"
    value = 100.0 * part / whole
    return f"{value:.1f}%" if value >= 0.1 or value == 0 else "<0.1%"


def status_count(n: int) -> str:
    """``fail`` when anything is counted, else ``pass``: the rule of every count-type check."""
    return "fail" if n > 0 else "pass"
