"""What the privacy metrics share: whole days, the pack's values per jurisdiction and sums per
label.

Sums per channel or country are group counts (:func:`ethicskit.counts.group_sums`) over the
column's dictionary codes, a null being a code of its own, then added up per label.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ethicskit.counts import group_sums


def with_people(campaign):
    """``(campaign, weights)`` for a reduction: ``weights`` is None without a ``weight``
    column (every count a count of rows, as before); with one, it is the people each row
    stands for (:attr:`ethicskit.campaign.Campaign.weights`, asked once) and rows of weight 0
    are left out of the campaign returned, as the data expanded row by row would not hold them
    (docs/checks.md, Weights). Counts are then sums of ``weights`` over the rows concerned.
    A compressed campaign's rows always have weights (the rows each cell stands for), also
    when the dataset has none (``campaign.repeats``: the counts are then still rows)."""
    if not campaign.has_weights:
        return campaign, None
    weights = np.asarray(campaign.weights, dtype=np.int64)
    keep = weights > 0
    if keep.all():
        return campaign, weights
    import dataclasses

    return dataclasses.replace(campaign, df=campaign.df.loc[keep]), weights[keep]


class CountsPeople:
    """What a reduction whose rows may stand for several people shares: with ``self.w`` the
    people per row (None without a ``weight`` column), :attr:`weighted` and :meth:`count`.
    A reduction of a compressed campaign has ``w`` (the rows each cell stands for) and, when
    the dataset has no weight of its own, ``repeats`` true: its counts are rows."""

    w: np.ndarray | None
    repeats: bool = False

    @property
    def weighted(self) -> bool:
        """Whether the counts are sums of the dataset's own weights (it has a ``weight``
        column), not of rows."""
        return self.w is not None and not self.repeats

    def count(self, mask: np.ndarray) -> int:
        """The people of the rows in ``mask``: rows, or the sum of their weights."""
        return people(mask, self.w)


def people(mask: np.ndarray, weights: np.ndarray | None) -> int:
    """The people of the rows in ``mask``: their number, or the sum of their ``weights``."""
    mask = np.asarray(mask, dtype=bool)
    if weights is None:
        return int(np.count_nonzero(mask))
    return int(weights[mask].sum())


def weighed(metric):
    """``metric`` whose measure's ``details`` say ``weighted: true`` when the reduction's
    counts are sums of weights (the reduction, or its ``tracking`` part, is ``weighted``)."""
    import dataclasses
    import functools

    @functools.wraps(metric)
    def measured(reduction, **thresholds):
        measure = metric(reduction, **thresholds)
        weighted = getattr(reduction, "weighted", None)
        if weighted is None:
            weighted = getattr(getattr(reduction, "tracking", None), "weighted", False)
        if weighted is True:
            measure = dataclasses.replace(measure,
                                          details={**measure.details, "weighted": True},
                                          facts={**measure.facts, "weighted": True})
        return measure

    return measured


def weigh_checks(rows: tuple) -> tuple:
    """The registry ``rows`` with each metric :func:`weighed`, and ``weight`` among the
    columns each reads (every count is a sum of it)."""
    import dataclasses

    return tuple(dataclasses.replace(
        row, metric=weighed(row.metric),
        reads=row.reads if "*" in row.reads or "weight" in row.reads
        else (*row.reads, "weight")) for row in rows)


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


def with_parameters(j, details: dict, parameter: str, fields: Mapping[str, str]) -> dict:
    """``details`` (of :meth:`ethicskit.jurisdictions.Jurisdictions.details`) with each
    ``by_jurisdiction`` entry given the pack's values of ``parameter``: ``fields`` maps the
    key to add to the parameter's field (``{"grace_days": "days"}``)."""
    table = []
    for row in details["by_jurisdiction"]:
        item = j.entry(row["jurisdiction"])[parameter]
        table.append({**row, **{name: item[field] for name, field in fields.items()}})
    return {**details, "by_jurisdiction": table}


def labels_of(values: Sequence, empty: str) -> list[str]:
    """The label of each code: ``str(value)``, then ``empty`` for the code of a null (the last,
    see :func:`ethicskit.counts.codes_with_null`)."""
    return [str(v) for v in values] + [empty]


def label_sums(codes: np.ndarray, labels: Sequence[str], values: Mapping[str, np.ndarray], *,
               rows: np.ndarray | None = None,
               weights: np.ndarray | None = None) -> pd.DataFrame:
    """Per label, in sorted label order: the sum of each bool array of ``values`` over ``rows``
    (a mask; all rows by default), ``groupby(label, sort=True).sum()`` of the rows.

    ``codes`` index ``labels`` (0 .. len - 1); the cells are :func:`ethicskit.counts.group_sums`
    of the codes, codes whose labels read the same are added together and codes without rows
    are left out. The frame is indexed by label, one int64 column per value; with
    ``weights``, each is a sum of weights.
    """
    cells = group_sums({"code": codes}, {"code": len(labels)}, values=values, rows=rows,
                       weights=weights)
    cells["label"] = np.asarray(list(labels), dtype=object)[cells["code"].to_numpy()]
    return cells.groupby("label", sort=True)[list(values)].sum()


def label_records(column: str, table: pd.DataFrame) -> list[dict]:
    """:func:`label_sums` as records ``{column: label, <value>: int, ...}``."""
    return [{column: label, **{name: int(v) for name, v in zip(table.columns, sums)}}
            for label, sums in zip(table.index, table.to_numpy().tolist())]
