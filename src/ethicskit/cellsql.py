"""What an area's cells need of SQL and of the typing, below every area: quoting a column for an
engine, the kind of a Parquet nanosecond timestamp Spark reads as a number, whether the typing
leaves a value present (:func:`present_sql`), which columns the rows reader gives as categories,
and a config for a frame of some of the dataset's columns (:func:`partial`).

:mod:`ethicskit.compressed` builds the cells; the areas' ``cells`` modules import these from here,
so that no area module depends on the module that opens campaigns for the run.
"""

from __future__ import annotations

import dataclasses

from ethicskit.config import Config
from ethicskit.errors import DataError
from ethicskit.schema import LOGICAL_TYPES

#: The kind of a Parquet nanosecond timestamp Spark reads as a long.
NANOS = "NANOS"


def quoted(eng, name: str) -> str:
    """The column ``name`` quoted in the engine's dialect (:func:`ethicskit.engine.sql.column`)."""
    from ethicskit.engine import sql as S

    return S.render(S.column(name), eng.dialect)


def partial(config: Config, columns) -> Config:
    """``config`` for a frame of some of the dataset's ``columns``: its ``columns:``,
    ``values:`` and per-column ``date_format:`` keep the columns the frame has (the whole
    config was checked against the whole dataset's schema)."""
    present = set(map(str, columns))
    mapped = {k: v for k, v in config.columns.items() if v in present}

    def here(key) -> bool:
        return key in present or config.columns.get(key) in present

    formats = config.date_format
    if isinstance(formats, dict):
        formats = {k: v for k, v in formats.items() if here(k)}
    return dataclasses.replace(config, columns=mapped,
                               values={k: v for k, v in config.values.items() if here(k)},
                               date_format=formats)


#: The characters Arrow's ``utf8_trim_whitespace`` trims (those of Python's ``str.isspace``):
#: the data contract strips them from every text value (:func:`ethicskit.data.strip_text`),
#: and a value of nothing else becomes null.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
              "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def present_sql(column: str, arrow_type, *, logical: str | None = None,
                categorical: bool = False, dated: bool = False) -> str:
    """A condition (DuckDB's dialect) that holds on the rows whose value of the dataset's
    ``column`` (read by the engine as ``arrow_type``) the data contract's typing leaves
    present (``notna``), the frame column being ``logical`` (None: not a logical column).
    ``categorical``: the rows reader gives the column as a pandas ``Categorical`` (the file's
    own pandas metadata holds it as a category, or the engine reads it as a dictionary);
    ``dated``: the config's ``date_format:`` names the column (read as dates).

    The rule is the typing's (:func:`ethicskit.campaign.prepare`, values not recoded):

    - a logical list column (``targeting_criteria``, ``inferred_segments``,
      ``vulnerability_flags``) is never null: :func:`ethicskit.data.parse_list` reads no value
      as the empty list ``""``; every row counts (``TRUE``);
    - a column that is not logical, is not read as dates, and that the rows reader gives as
      a ``Categorical`` is kept as it is (``ethicskit.data._plain`` reads only text and
      objects): null only when NULL, a blank text included;
    - a text value is stripped of :data:`WHITESPACE` by every reading of text (logical or
      not: :func:`ethicskit.data.strip_text`, ``parse_number``, ``parse_datetime``,
      ``parse_bool``, ``_plain``) and is null when nothing is left: present when
      ``trim(value, WHITESPACE) <> ''`` (asked only of a value that does not begin with a
      printable ASCII character, which no blank value does);
    - a floating-point NaN is null in pandas: present when not NULL and not NaN;
    - any other value (boolean, integer, date, timestamp) is null only when NULL.

    A value the typing refuses (a text that is not a date of a date column) makes the rows
    path fail at reading; it is not counted apart here.
    """
    import pyarrow as pa

    from ethicskit.schema import LIST

    q = f'"{column}"'
    if logical is not None and LOGICAL_TYPES.get(logical) == LIST:
        return "TRUE"
    if logical is None and not dated and (categorical or pa.types.is_dictionary(arrow_type)):
        return f"{q} IS NOT NULL"
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or (
            pa.types.is_dictionary(arrow_type) and pa.types.is_string(arrow_type.value_type)):
        # A value whose first byte is a printable ASCII character ("!" to "~") cannot be
        # blank (every character of WHITESPACE begins with a byte outside that range), and
        # most values are such: only the others are trimmed (trim with a character list is
        # some 20 times slower than comparing). Both engines compare text byte by byte.
        high = _literal(chr(0x80))
        return (f"CASE WHEN {q} IS NULL OR {q} = '' THEN FALSE "
                f"WHEN {q} >= '!' AND {q} < {high} THEN TRUE "
                f"ELSE trim({q}, {_literal(WHITESPACE)}) <> '' END")
    if pa.types.is_floating(arrow_type):
        return f"{q} IS NOT NULL AND NOT isnan({q})"
    return f"{q} IS NOT NULL"


def _literal(text: str) -> str:
    from ethicskit.engine import sql as S

    return S.render(S.sqlglot.exp.Literal.string(text), "duckdb")


def categorical_columns(cells) -> set[str]:
    """The dataset columns the rows reader gives as a pandas ``Categorical``: those a local
    Parquet source's own pandas metadata holds as categories (dictionaries in its Arrow
    schema), as :func:`ethicskit.engine.load.read_rows` restores them."""
    import pyarrow as pa

    from ethicskit.engine.load import parquet_schema
    from ethicskit.engine.source import source_of

    try:
        source = source_of(cells.schema.source, engine=cells.engine.name)
    except DataError:  # not a source of this machine's files
        return set()
    schema = parquet_schema(source.location) if source.kind == "parquet" else None
    if schema is None or b"pandas" not in (schema.metadata or {}):
        return set()
    return {f.name for f in schema if pa.types.is_dictionary(f.type)}
