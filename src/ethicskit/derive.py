"""Logical columns computed from the dataset's own columns: the config's ``derive:``.

``derive: {targeted: "Approved_Conversion > 0"}`` computes ``targeted`` for every row from that
row's values, by an SQL expression that DuckDB evaluates on the dataset as read (before any
column is typed). The engine runs in memory with every way out closed: no file, network or
extension access (``enable_external_access``, no extension autoload or autoinstall) and its
configuration locked, so an expression cannot change it back. An expression must compute one
value per row from that row alone: subqueries, window and aggregate functions, table functions
and functions that read the engine's settings are refused before it runs.

Columns reach the engine typed simply: a CSV column whose every value is a number is a number
(an integer when every value is whole), every other column is text (trimmed, empty is NULL);
Parquet columns keep their types. The result is typed afterwards by the normal rules of its
logical column (:mod:`ethicskit.campaign`), so ``targeted`` must come out true/false (or 1/0).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ethicskit.errors import ConfigError

#: DuckDB settings of the connection; the last one makes the others unchangeable.
ENGINE_CONFIG = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}
#: Functions that read the engine's state or settings rather than the row.
_REFUSED_FUNCTIONS = re.compile(r"^(current_setting|getvariable|nextval|currval|setseed|"
                                r"current_database|current_catalog|current_schema|"
                                r"current_schemas|current_query|current_user|session_user|"
                                r"user|duckdb_.*|pg_.*|txid_current|version|getenv)$", re.I)
_WHOLE = re.compile(r"[+-]?[0-9]+")


def _connect():
    import duckdb

    return duckdb.connect(":memory:", config=dict(ENGINE_CONFIG))


@lru_cache(maxsize=1)
def _aggregates() -> frozenset[str]:
    con = _connect()
    try:
        rows = con.execute("SELECT DISTINCT lower(function_name) FROM duckdb_functions() "
                           "WHERE function_type = 'aggregate'").fetchall()
    finally:
        con.close()
    return frozenset(r[0] for r in rows)


def _fail(key: str, expression: str, problem: str, where: str) -> ConfigError:
    return ConfigError(f"{where}derive.{key}: {problem} (expression {json.dumps(expression)})")


def _walk(node, found: dict) -> None:
    """Collect from a parsed expression the column names it reads and what it may not hold."""
    if isinstance(node, list):
        for item in node:
            _walk(item, found)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("class")
    if kind == "SUBQUERY":
        found["refused"].append("a subquery (an expression sees only its own row)")
        return
    if kind == "WINDOW":
        found["refused"].append("a window function (an expression sees only its own row)")
    if kind == "COLUMN_REF":
        names = node.get("column_names") or []
        if len(names) > 1:
            found["refused"].append(f"the qualified name {'.'.join(names)!r} (write the "
                                    f"dataset's column name alone, in double quotes if it has "
                                    f"spaces)")
        elif names:
            found["columns"].append(names[-1])
    if kind == "FUNCTION":
        name = str(node.get("function_name", ""))
        if _REFUSED_FUNCTIONS.match(name):
            found["refused"].append(f"the function {name}() (it reads the engine, not the row)")
        elif name.lower() in _aggregates():
            found["refused"].append(f"the aggregate function {name}() (an expression computes "
                                    f"one value per row from that row alone)")
    if kind == "TABLE_FUNCTION" or node.get("type") == "TABLE_FUNCTION":
        found["refused"].append("a table function")
    for value in node.values():
        if isinstance(value, (dict, list)):
            _walk(value, found)


def _parse(con, key: str, expression: str, where: str) -> list[str]:
    """Check ``expression`` is one expression over the row; the column names it reads."""
    text = json.loads(con.execute("SELECT json_serialize_sql(?)",
                                  [f"SELECT {expression}"]).fetchall()[0][0])
    if text.get("error"):
        message = str(text.get("error_message", "cannot parse it")).splitlines()[0]
        raise _fail(key, expression, f"not an SQL expression: {message}", where)
    statements = text.get("statements") or []
    node = statements[0].get("node", {}) if len(statements) == 1 else {}
    plain = (node.get("type") == "SELECT_NODE" and len(node.get("select_list", [])) == 1
             and (node.get("from_table") or {}).get("type") == "EMPTY"
             and not node.get("where_clause") and not node.get("group_expressions")
             and not node.get("having") and not node.get("qualify")
             and not node.get("modifiers") and not (node.get("cte_map") or {}).get("map"))
    if not plain:
        raise _fail(key, expression, "not a single SQL expression over the row's columns",
                    where)
    found: dict = {"columns": [], "refused": []}
    _walk(node["select_list"], found)
    if found["refused"]:
        raise _fail(key, expression, f"may not use {found['refused'][0]}", where)
    return found["columns"]


def _engine_column(s: pd.Series, *, csv: bool):
    """A raw column as the engine sees it (an Arrow array): numbers when every value of a CSV
    column is a number (integers when all are whole), else trimmed text; typed columns as
    they are."""
    import pyarrow as pa

    if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
        try:
            return pa.array(s, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            pass
    if s.dtype == object and not csv:
        try:
            arr = pa.array(s, from_pandas=True)
            if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
                return arr
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
            pass
    from ethicskit.data import strip_text

    text = strip_text(s)  # trimmed, empty is null (Arrow's string kernels)
    present = text.dropna()
    if len(present):
        num = pd.to_numeric(present, errors="coerce")
        if num.notna().all():
            if present.str.fullmatch(_WHOLE.pattern).all() and (num.abs() < 2 ** 63).all():
                return pa.array(pd.to_numeric(text, errors="coerce").astype("Int64"),
                                from_pandas=True)
            return pa.array(pd.to_numeric(text, errors="coerce").astype("float64"),
                            from_pandas=True)
    return pa.array(text, type=pa.string(), from_pandas=True)


def _column_for(name: str, columns: list[str]) -> str | None:
    """The dataset's column an SQL name reads (SQL names are case-insensitive)."""
    if name in columns:
        return name
    lowered = [c for c in columns if c.lower() == name.lower()]
    return lowered[0] if len(lowered) == 1 else None


def _to_pandas(arr, n: int) -> pd.Series:
    """The engine's result column as pandas, ready for the normal parsing."""
    import pyarrow as pa

    arr = arr.combine_chunks() if hasattr(arr, "combine_chunks") else arr
    if pa.types.is_boolean(arr.type):
        return pd.Series(pd.array(arr.to_pylist(), dtype="boolean"))
    if pa.types.is_integer(arr.type):
        return pd.Series(pd.array(arr.to_pylist(), dtype="Int64"))
    if pa.types.is_decimal(arr.type):
        return pd.Series(arr.cast(pa.float64()).to_numpy(zero_copy_only=False))
    if pa.types.is_null(arr.type):
        return pd.Series([None] * n, dtype=object)
    return arr.to_pandas()


def evaluate(raw: pd.DataFrame, derive: dict[str, str], *, kinds: dict[str, str],
             where: str = "", csv: bool = True) -> dict[str, pd.Series]:
    """Each ``derive:`` expression evaluated on ``raw`` (the dataset's columns as read):
    logical name -> a column of one value per row, in row order, index that of ``raw``.
    ``kinds`` gives the type of each logical name (``list`` results are joined by ``;``)."""
    if not derive:
        return {}
    import duckdb
    import pyarrow as pa

    columns = [str(c) for c in raw.columns]
    out: dict[str, pd.Series] = {}
    con = _connect()
    try:
        for key, expression in derive.items():
            names = _parse(con, key, expression, where)
            used: list[str] = []
            for name in names:
                column = _column_for(name, columns)
                if column is not None and column not in used:
                    used.append(column)
            if used:
                table = pa.table({c: _engine_column(raw[c], csv=csv) for c in used})
            else:
                table = pa.table({"__row": pa.array(np.zeros(len(raw), dtype=np.int8))})
            rel = con.from_arrow(table)
            try:
                result = rel.select(duckdb.SQLExpression(expression).alias("value"))
                kind = str(result.types[0])
                if kinds.get(key) == "list" and kind.endswith("[]"):
                    result = rel.select(duckdb.SQLExpression(
                        f"array_to_string(({expression}), ';')").alias("value"))
                elif kind.endswith("[]") or kind.startswith(("STRUCT", "MAP", "UNION")) or \
                        kind == "BLOB":
                    raise _fail(key, expression, f"gives values of type {kind}, not one "
                                f"value per row", where)
                values = result.fetch_arrow_table().column(0)
            except duckdb.Error as exc:
                raise _fail(key, expression, _engine_message(exc, columns), where) from None
            if len(values) != len(raw):
                raise _fail(key, expression, "does not give one value per row (an aggregate?)",
                            where)
            series = _to_pandas(values, len(raw))
            series.index = raw.index
            out[key] = series
    finally:
        con.close()
    return out


def _engine_message(exc: Exception, columns: list[str]) -> str:
    """DuckDB's error in the project's words: an unknown column names the closest ones."""
    from ethicskit.data import closest_columns

    text = str(exc).splitlines()[0]
    missing = re.search(r'Referenced column "([^"]+)" not found', text)
    if missing:
        name = missing.group(1)
        return f"the dataset has no column {name!r}{closest_columns(name, columns)}"
    if "Permission Error" in text or "disabled by configuration" in text:
        return "may not read files, the network or the engine's settings"
    for prefix in ("Binder Error: ", "Parser Error: ", "Conversion Error: ",
                   "Catalog Error: ", "Invalid Input Error: ", "Out of Range Error: "):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    return f"cannot be computed: {text}"
