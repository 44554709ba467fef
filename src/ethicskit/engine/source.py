"""Naming a source table: a pandas frame, a Parquet file, folder or glob, a CSV file, a table of a
DuckDB database (``FILE.duckdb:TABLE``) or a Spark table (``table:NAME``, or any name that is not
a path when the engine is Spark).

A :class:`Source` is only a name: :func:`ethicskit.engine.engines.opened` opens it on an engine.
"""

from __future__ import annotations

import glob as globbing
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ethicskit.errors import DataError

#: The kinds of source, in the words of docs/engines.md.
KINDS = ("frame", "parquet", "csv", "duckdb", "table")

_GLOB = set("*?[")
_FILE_SUFFIXES = (".parquet", ".pq", ".csv", ".gz", ".tsv", ".txt", ".duckdb", ".db")


@dataclass(frozen=True)
class Source:
    """A table to reduce, by kind and location.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    location
        The path or glob (``parquet``, ``csv``), the database file (``duckdb``), the table name
        (``table``); empty for a frame.
    table
        The table inside a DuckDB database file (``duckdb`` only).
    frame
        The rows (``frame`` only).
    """

    kind: str
    location: str = ""
    table: str = ""
    frame: pd.DataFrame | None = None

    def __repr__(self) -> str:  # a frame's rows are never printed
        where = f"{self.location}:{self.table}" if self.table else self.location
        return f"Source({self.kind!r}, {where!r})"


def source_of(value, *, engine: str = "duckdb") -> Source:
    """The :class:`Source` a value names.

    Parameters
    ----------
    value
        A :class:`Source` (returned as is), a DataFrame, or a string or path: ``*.parquet`` file,
        a folder (Parquet parts, partitioned or not), a glob (``data/*.parquet``), ``*.csv``
        (also ``.csv.gz``), ``FILE.duckdb:TABLE`` (or ``.db``), ``table:NAME`` for a table of
        the engine's catalogue; with ``engine="spark"`` a name that is no existing path is a
        Spark table too.
    engine
        The engine's name (``duckdb`` or ``spark``), which decides how a bare name is read.

    Raises
    ------
    DataError
        The value names nothing that can be read.
    """
    if isinstance(value, Source):
        return value
    if isinstance(value, pd.DataFrame):
        return Source("frame", frame=value)
    text = str(value)
    if text.startswith("table:"):
        return Source("table", text[len("table:"):])
    head, sep, tail = text.rpartition(":")
    if sep and Path(head).suffix.lower() in (".duckdb", ".db") and tail and "/" not in tail:
        if not Path(head).is_file():
            raise DataError(f"dataset {text!r}: no DuckDB database file {head!r}")
        return Source("duckdb", head, table=tail)
    path = Path(text)
    lower = text.lower()
    if _GLOB & set(text):
        if not globbing.glob(text, recursive=True):
            raise DataError(f"dataset {text!r}: the glob matches no file")
        return Source("csv" if lower.endswith((".csv", ".csv.gz")) else "parquet", text)
    if path.is_dir():
        if not any(path.rglob("*.parquet")):
            raise DataError(f"dataset {text!r}: the folder holds no .parquet file")
        return Source("parquet", text)
    if path.is_file():
        if lower.endswith((".parquet", ".pq")):
            return Source("parquet", text)
        if lower.endswith((".csv", ".csv.gz", ".tsv", ".txt")):
            return Source("csv", text)
        raise DataError(f"dataset {text!r}: not a .parquet or .csv file")
    if engine == "spark" and "/" not in text and path.suffix.lower() not in _FILE_SUFFIXES:
        return Source("table", text)
    raise DataError(f"dataset {text!r}: no such file, folder or table")
