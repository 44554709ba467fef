"""What the transparency area reads of a compressed campaign, asked of its engine.

The transparency reduction (:func:`ethicskit.transparency.reduce`) reads three things of the
rows: each dataset column's non-null rows (the data sheet and the ``inventory`` table), the
rows of each distinct ``targeting_criteria`` value (``transparency.excluded_data_used``) and
whether any row was decided automatically (the notice). For a compressed campaign
(:mod:`ethicskit.compressed`) the engine answers each without a row leaving it:

- :func:`observed`: per dataset column, the rows whose value the data contract's typing leaves
  present (:func:`ethicskit.cellsql.present_sql`), counted by the one scan of
  :meth:`ethicskit.compressed.Cells.census`; a column recoded by ``values:`` is counted from
  the typed cells of its distinct values instead (:func:`typed_present`).
- :func:`criteria`: the cells of the ``targeting_criteria`` column alone (one per distinct raw
  value), typed by the contract, their rows summed per typed value.
- :func:`automated`: the cells of the ``automated_decision`` column alone (a yes/no column: a
  handful of distinct values), typed by the contract.

Every answer is that of the rows path, because each is either the typing itself applied to the
distinct values (a cell holds one raw value, and the contract types value by value), or a
count whose rule is the typing's rule for a value to become null
(:func:`ethicskit.cellsql.present_sql`).
"""

from __future__ import annotations

import numpy as np


def recoded(schema, column: str) -> bool:
    """Whether the config's ``values:`` recodes the dataset's ``column`` (under its own name or
    its frame name): a recoded value may become null (a code mapped to an empty text)."""
    values = schema.config.values or {}
    return column in values or schema.frame_column(column) in values


def _constant_weights(cells) -> dict[str, str]:
    """``exprs`` for :meth:`ethicskit.compressed.Cells.group` that replace the dataset's
    ``weight`` and ``selected_count`` by 1: the cells are then those of the columns asked for
    alone, and each cell's ``weight`` is its number of rows (a weight of the dataset's own
    would multiply it)."""
    return {c: "1" for c in (cells.weight, cells.selected) if c}


def rows_of(group_campaign) -> np.ndarray:
    """The rows each cell of a :func:`_constant_weights` group stands for (int64)."""
    return group_campaign.df["weight"].to_numpy(dtype=np.int64)


def typed_present(cells, column: str) -> int:
    """The rows of the dataset's ``column`` that are present once typed by the contract:
    the column's cells (one per distinct value, :meth:`~ethicskit.compressed.Cells.group`)
    typed value by value, the rows of the present ones summed. Exact for any column; used for
    a column recoded by ``values:`` (whose distinct values are few)."""
    group = cells.group([column], exprs=_constant_weights(cells), evidence=False)
    frame = group.frame_column(column)
    if frame not in group.df.columns:
        return 0
    return int(rows_of(group)[group.df[frame].notna().to_numpy(dtype=bool)].sum())


def observed(cells) -> list[tuple[str, str, int]]:
    """``(dataset column, frame column, non-null rows)`` per dataset column, in the dataset's
    order, as :func:`ethicskit.notice.observed_columns` gives them for the rows: the present
    rows of :meth:`~ethicskit.compressed.Cells.census` (the typing's rule per column), and one
    group per column recoded by ``values:`` (:func:`typed_present`). A column the typed frame
    lacks has 0 rows."""
    schema = cells.schema
    frames = {c: schema.frame_column(c) for c in schema.dataset_columns}
    counted = [c for c in schema.dataset_columns
               if frames[c] in schema.df.columns and not recoded(schema, c)
               or c in (cells.weight, cells.selected)]
    census = cells.census() if counted else {}
    counts = {c: census[c][1] for c in counted}
    out = []
    for column in schema.dataset_columns:
        frame = frames[column]
        if column in counts:
            n = counts[column]
        elif frame in schema.df.columns:
            n = typed_present(cells, column)
        else:
            n = 0
        out.append((column, frame, n))
    return out


def _source_column(schema, logical: str) -> str | None:
    """The dataset column the frame's ``logical`` column is typed from, None without one."""
    if logical not in schema.df.columns:
        return None
    column = schema.mapping.get(logical, logical)
    return column if column in schema.dataset_columns else None


def criteria(cells) -> tuple[tuple[frozenset[str], ...] | None, np.ndarray | None]:
    """Per distinct typed ``targeting_criteria`` value, the keys of its tokens, and the rows
    holding it (as :func:`ethicskit.transparency.criteria.criteria_of` for the rows); ``(None,
    None)`` when the data has no such column.

    The column's cells are grouped alone (:func:`_constant_weights`): each holds one raw value
    and its rows; the contract types each value as it types the rows (``parse_list``: trimmed,
    lower-cased tokens), so raw values that read alike merge into one typed value, whose rows
    are the sum of their cells' rows."""
    from ethicskit.transparency.criteria import criteria_of

    column = _source_column(cells.schema, "targeting_criteria")
    if column is None:
        return None, None
    group = cells.group([column], exprs=_constant_weights(cells), evidence=False)
    return criteria_of(group, weights=rows_of(group))


def automated(cells) -> bool:
    """Whether any row's ``automated_decision`` is true, as the rows path reads it
    (:meth:`ethicskit.campaign.Campaign.is_true`): the column's cells (its distinct values)
    typed by the contract; False when the data has no such column."""
    column = _source_column(cells.schema, "automated_decision")
    if column is None:
        return False
    group = cells.group([column], exprs=_constant_weights(cells), evidence=False)
    return bool(group.is_true("automated_decision").any())

