"""The reductions run on an engine: group counts, evidence ids with a limit, the sample's ids.

Each call opens its source as a temporary view on the engine, runs one query of
:mod:`ethicskit.engine.sql` rendered in the engine's dialect and returns only the result: the
cells of a group count, or at most ``limit`` ids. Rows never travel whole.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from ethicskit.engine import sql
from ethicskit.engine.engines import FLOAT, INTEGRAL, opened
from ethicskit.engine.sample import SEED, sample_condition
from ethicskit.errors import DataError, InputError, did_you_mean


def _kinds(eng, view: str) -> dict[str, str]:
    """Column name -> kind of every column of the view (one ``LIMIT 0`` query)."""
    return eng.kinds(sql.render(sql.probe(view, {}), eng.dialect))


def _need(names: Sequence[str], columns: Sequence[str], what: str) -> None:
    for name in names:
        if name not in columns:
            raise DataError(f"{what}: no column {name!r} in the dataset"
                            f"{did_you_mean(name, columns)}")


def group_sums(source, *, by: Sequence[str], weight: str | None = None,
               values: Mapping[str, str] | None = None, where: str | None = None,
               engine="duckdb") -> pd.DataFrame:
    """Group counts of ``source`` computed by ``engine``: one row per cell of ``by`` with rows.

    The engine's counterpart of :func:`ethicskit.counts.group_sums`, keyed by the columns'
    values instead of codes. Per cell of the ``by`` columns, over the rows where ``where`` holds:

    ``n = sum(weight)`` (the number of rows without a weight) and, for each value,
    ``name = sum(weight * value)``; a null value or weight adds nothing.

    Parameters
    ----------
    source
        What :func:`ethicskit.engine.source.source_of` accepts: a frame, a Parquet file, folder
        or glob, a CSV, ``FILE.duckdb:TABLE``, a Spark table.
    by
        The columns whose values make the cells (may be empty: one cell, the total).
    weight
        A column (or SQL expression) of people per row; default 1.
    values
        Output name -> a column or a SQL expression over the row (DuckDB dialect), a number or
        a bool.
    where
        A SQL condition over the row (DuckDB dialect): only these rows are counted.
    engine
        ``"duckdb"``, ``"spark"`` or an engine from :func:`ethicskit.engine.engines.connect`.

    Returns
    -------
    DataFrame
        The ``by`` columns (their values, as Arrow reads them into pandas; a null is a group of
        its own), ``n`` and one column per value, sorted by the ``by`` values ascending with
        nulls last. Sums are int64 when the weight and the value are integers or bools, else
        float64 (floats summed in the engine's order: equal across engines to about 1e-15
        relative, not bit for bit).
    """
    by = list(by)
    values = dict(values or {})
    clash = [k for k in values if k in by or k == "n"]
    if clash:
        raise InputError(f"group_sums: value names {clash} clash with the cells' columns or 'n'")
    with opened(source, engine) as (eng, view):
        source_kinds = _kinds(eng, view)
        columns = list(source_kinds)
        _need(by, columns, "group_sums")
        texts = dict(values)
        if weight is not None:
            texts = {"n": weight, **texts}
        exprs = {name: sql.expression(text, what="weight" if name == "n" else f"value {name!r}",
                                      columns=columns) for name, text in texts.items()}
        if all(text in source_kinds for text in texts.values()):  # plain columns: known kinds
            kinds = {name: source_kinds[text] for name, text in texts.items()}
        else:  # an expression's type is the engine's to say
            kinds = eng.kinds(sql.render(sql.probe(view, exprs), eng.dialect))
        for name, kind in kinds.items():
            if kind not in (INTEGRAL, FLOAT):
                raise DataError(f"group_sums: {name!r} is not a number or a bool")
        whole_w = kinds.get("n", INTEGRAL) == INTEGRAL
        integral = {"n": whole_w, **{k: whole_w and kinds[k] == INTEGRAL for k in values}}
        cond = None if where is None else sql.expression(where, what="where", columns=())
        query = sql.group_sums_query(view, by, weight=exprs.get("n"),
                                     values={k: exprs[k] for k in values},
                                     integral=integral, where=cond)
        table = eng.arrow(sql.render(query, eng.dialect))
    frame = table.to_pandas()
    frame.columns = by + ["n"] + list(values)
    for name in ["n"] + list(values):
        frame[name] = frame[name].astype("int64" if integral[name] else "float64")
    return frame


def _order_key(text: str, columns: Sequence[str]) -> tuple:
    body, descending = str(text).strip(), False
    lower = body.lower()
    if lower.endswith(" desc"):
        body, descending = body[:-5].rstrip(), True
    elif lower.endswith(" asc"):
        body = body[:-4].rstrip()
    return sql.expression(body, what="order_by", columns=columns), descending


def first_ids(source, *, where: str | None = None, limit: int | None = 10,
              order_by: Sequence[str] = (), id_column: str = "customer_id",
              engine="duckdb") -> list:
    """The first ``limit`` ids of the rows where ``where`` holds, in ``order_by`` order.

    ``order_by`` items are columns or SQL expressions, each optionally followed by ``ASC`` or
    ``DESC``; nulls sort last and the id itself breaks ties (ascending), so every engine returns
    the same ids. ``limit=None`` returns every matching id (only for small selections).
    """
    if limit is not None and int(limit) < 0:
        raise InputError(f"first_ids: limit {limit!r} must be at least 0")
    with opened(source, engine) as (eng, view):
        columns = list(_kinds(eng, view))
        _need([id_column], columns, "first_ids")
        keys = [_order_key(k, columns) for k in order_by]
        cond = None if where is None else sql.expression(where, what="where", columns=())
        query = sql.first_ids_query(view, id_column, where=cond, order_by=keys, limit=limit)
        table = eng.arrow(sql.render(query, eng.dialect))
    return table.column(0).to_pylist()


def sample_ids(source, *, fraction: float, seed: int = SEED, id_column: str = "customer_id",
               limit: int | None = None, engine="duckdb") -> list:
    """The ids in the deterministic sample (:mod:`ethicskit.engine.sample`), sorted ascending."""
    return first_ids(source, where=sample_condition(fraction, seed=seed, id_column=id_column),
                     limit=limit, id_column=id_column, engine=engine)
