"""The reductions as relational queries: one sqlglot expression each, rendered per dialect.

Queries are built as sqlglot syntax trees (DuckDB's dialect is the one written: the dialect of
``derive:`` expressions and of the data contract's SQL), then rendered into the dialect of the
engine that runs them (``duckdb``, ``spark``, or any other sqlglot writes: ``bigquery``,
``snowflake``). Expressions a user writes (``where``, a value) are parsed in DuckDB's dialect and
may only read the row: no subquery, table, file reader, aggregate or window.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

import sqlglot
from sqlglot import exp

from ethicskit.errors import InputError

#: The dialect every query and user expression is written in.
DIALECT = "duckdb"

_FORBIDDEN = re.compile(r"^(read_.*|glob|query|query_table|getenv|current_setting|sniff_csv|"
                        r"parquet_.*|duckdb_.*|load|install|pragma_.*)$", re.I)


def column(name: str) -> exp.Column:
    """A quoted column reference: the column of exactly that name."""
    return exp.column(str(name), quoted=True)


def expression(text: str, *, what: str, columns: Sequence[str] = ()) -> exp.Expression:
    """``text`` as an expression over one row: a column's name, or SQL of DuckDB's dialect.

    Raises
    ------
    InputError
        The SQL cannot be parsed, or reads more than the row (subquery, table, file, aggregate).
    """
    if text in columns:
        return column(text)
    try:
        tree = sqlglot.parse_one(str(text), read=DIALECT)
    except sqlglot.errors.ParseError as exc:
        raise InputError(f"{what} {text!r}: not a SQL expression ({str(exc).splitlines()[0]})") \
            from exc
    for node in tree.walk():
        bad = (isinstance(node, (exp.Query, exp.Subquery, exp.Table, exp.AggFunc, exp.Window,
                                 exp.Command))
               or type(node).__name__.startswith("Read")
               or (isinstance(node, exp.Anonymous) and _FORBIDDEN.match(str(node.this))))
        if bad:
            raise InputError(f"{what} {text!r}: may only read the row's own columns "
                             f"(found {node.sql(dialect=DIALECT)[:40]!r})")
    return tree


def render(query: exp.Expression, dialect: str) -> str:
    """``query`` as SQL text of ``dialect``."""
    return query.sql(dialect=dialect)


def probe(view: str, expressions: Mapping[str, exp.Expression]) -> exp.Select:
    """``SELECT <expressions> FROM view LIMIT 0``: the result types, no rows read."""
    select = [e.copy().as_(name, quoted=True) for name, e in expressions.items()] or [exp.Star()]
    return exp.select(*select).from_(view).limit(0)


def _cast(e: exp.Expression, to: str) -> exp.Expression:
    return exp.Cast(this=e.copy(), to=exp.DataType.build(to))


def group_sums_query(view: str, by: Sequence[str], *, weight: exp.Expression | None,
                     values: Mapping[str, exp.Expression], integral: Mapping[str, bool],
                     where: exp.Expression | None) -> exp.Select:
    """The group-count reduction as one query.

    ``n = SUM(weight)`` (``COUNT(*)`` without a weight) and ``name = SUM(value * weight)`` per
    cell of the ``by`` columns, over the rows where ``where`` holds, ordered by the ``by``
    values ascending with nulls last::

        SELECT by..., COALESCE(SUM(CAST(w AS BIGINT)), 0) AS n,
               COALESCE(SUM(CAST(v AS BIGINT) * CAST(w AS BIGINT)), 0) AS v, ...
        FROM view WHERE where GROUP BY by... ORDER BY by... ASC NULLS LAST

    Sums are BIGINT where ``integral[name]`` (and ``integral["n"]`` for the weight), else
    DOUBLE; a null value or weight adds nothing (SQL's SUM skips nulls).
    """
    whole_w = integral.get("n", True)
    w = None if weight is None else _cast(weight, "BIGINT" if whole_w else "DOUBLE")
    n = exp.Count(this=exp.Star()) if w is None else exp.Sum(this=w)
    select: list[exp.Expression] = [column(b) for b in by]
    select.append(exp.Coalesce(this=n, expressions=[exp.Literal.number(0)]).as_("n", quoted=True))
    for name, value in values.items():
        kind = "BIGINT" if integral[name] else "DOUBLE"
        term = _cast(value, kind)
        if weight is not None:
            term = exp.Mul(this=term, expression=_cast(weight, kind))
        total = exp.Coalesce(this=exp.Sum(this=term), expressions=[exp.Literal.number(0)])
        select.append(total.as_(name, quoted=True))
    query = exp.select(*select).from_(view)
    if where is not None:
        query = query.where(where.copy())
    if by:
        query = query.group_by(*[column(b) for b in by])
        query = query.order_by(*[exp.Ordered(this=column(b), desc=False, nulls_first=False)
                                 for b in by])
    return query


def first_ids_query(view: str, id_column: str, *, where: exp.Expression | None,
                    order_by: Sequence[tuple[exp.Expression, bool]], limit: int | None
                    ) -> exp.Select:
    """``SELECT id FROM view WHERE where ORDER BY order_by..., id LIMIT limit``.

    Each ``(expression, descending)`` of ``order_by`` sorts nulls last; the id itself is the
    last key, so ties are broken the same way on every engine.
    """
    ident = column(id_column)
    query = exp.select(ident.as_(id_column, quoted=True)).from_(view)
    if where is not None:
        query = query.where(where.copy())
    keys = [exp.Ordered(this=e.copy(), desc=d, nulls_first=False) for e, d in order_by]
    keys.append(exp.Ordered(this=ident.copy(), desc=False, nulls_first=False))
    query = query.order_by(*keys)
    if limit is not None:
        query = query.limit(int(limit))
    return query
