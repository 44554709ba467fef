"""The engines a reduction runs on (DuckDB, Spark in any master) and opening a source on one.

An engine is an explicit value holding its connection (a DuckDB connection, a SparkSession):
made once with :func:`connect` and passed to every reduction. It runs SQL text of its own
dialect and returns Arrow tables; it never returns rows of the source, only query results.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

import pyarrow as pa

from ethicskit.engine.source import Source, source_of
from ethicskit.errors import DataError, InputError

#: Engine names :func:`connect` accepts.
ENGINES = ("duckdb", "spark")

#: Spark settings :func:`connect` starts a session with (any can be overridden by ``config``):
#: no web UI or console progress bars, Parquet nanosecond timestamps read as longs (Spark cannot
#: read them otherwise), and the session's time zone UTC, as the data contract reads datetimes.
SPARK_DEFAULTS: Mapping[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.legacy.parquet.nanosAsLong": "true",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}

_names = itertools.count()
_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$")

#: The column a view opened with ``positions`` gives each row's place in the reading order.
POSITION = "__ek_row"
_FILE = "__ek_file"

#: Column kinds :meth:`kinds` reports: summed as integers, as floats, or not summable.
INTEGRAL, FLOAT, OTHER = "integral", "float", "other"

_DUCKDB_INTEGRAL = ("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
                    "USMALLINT", "UINTEGER", "UBIGINT")
_DUCKDB_FLOAT = ("FLOAT", "DOUBLE", "REAL")


def _quote(text: str) -> str:
    """``text`` as a SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


@dataclass(frozen=True)
class DuckDBEngine:
    """DuckDB, in process: ``con`` is the connection every query of this engine runs on."""

    con: Any
    name: str = "duckdb"
    dialect: str = "duckdb"
    #: a view opened with ``positions`` on Parquet -> its files as ``(first place, path)``,
    #: in path order (:meth:`at` reads a row from its file)
    placed: dict = field(default_factory=dict, compare=False, repr=False)

    def arrow(self, sql: str) -> pa.Table:
        """The result of ``sql`` (DuckDB dialect) as an Arrow table."""
        return self.con.sql(sql).fetch_arrow_table()

    def execute(self, statement: str) -> None:
        """Run a statement that returns nothing (a view's definition), DuckDB dialect."""
        self.con.execute(statement)

    def batches(self, sql: str, *, size: int = 1_000_000) -> Iterator[pa.RecordBatch]:
        """The result of ``sql`` as Arrow record batches of at most ``size`` rows, streamed."""
        reader = self.con.sql(sql).fetch_record_batch(size)
        yield from reader

    def register(self, name: str, table: pa.Table) -> None:
        """``table`` as the temporary view ``name`` (:meth:`unregister` drops it)."""
        self.con.register(name, table)

    def unregister(self, name: str) -> None:
        self.con.unregister(name)

    def kinds(self, sql: str) -> dict[str, str]:
        """Column name -> :data:`INTEGRAL`, :data:`FLOAT` or :data:`OTHER` of ``sql``'s result."""
        rel = self.con.sql(sql)
        out = {}
        for name, typ in zip(rel.columns, rel.types):
            text = str(typ).upper()
            out[name] = (INTEGRAL if text in _DUCKDB_INTEGRAL else
                         FLOAT if text in _DUCKDB_FLOAT or text.startswith("DECIMAL") else OTHER)
        return out

    def _positioned(self, path: str, files: list) -> str:
        """The body of a view of the Parquet ``path`` (a file or glob) with :data:`POSITION`:
        each file's first row is placed after every row of the files before it in path order
        (their row counts come from the files' footers): the file's offset, looked up by
        DuckDB's ``file_index``, plus the row's ``file_row_number``. ``files`` gets each file's
        ``(first place, path)``."""
        counts = self.con.sql(f"SELECT file_index, {_FILE}, count(*) FROM read_parquet("
                              f"{_quote(path)}, filename = '{_FILE}') GROUP BY ALL "
                              f"ORDER BY {_FILE}").fetchall()
        offsets, start = {}, 0
        for index, _, n in counts:
            offsets[int(index)] = start
            start += int(n)
        if sorted(offsets) != list(offsets) or sorted(offsets) != list(range(len(offsets))):
            raise DataError(f"{path}: DuckDB numbers the files in another order than their "
                            f"paths; audit it with --engine pandas")
        table = ", ".join(str(offsets[i]) for i in range(len(offsets))) or "0"
        files.extend((offsets[int(index)], str(file)) for index, file, _ in counts)
        return (f"SELECT * EXCLUDE (file_row_number), list_extract([{table}]::BIGINT[], "
                f"CAST(file_index AS BIGINT) + 1) + file_row_number AS {POSITION} "
                f"FROM read_parquet({_quote(path)}, hive_partitioning = true, "
                f"file_row_number = true)")

    def at(self, view: str, places, select: str) -> list:
        """The value of ``select`` (SQL over a row, DuckDB's dialect) in the rows of ``view``
        (opened with ``positions``) at each of ``places``, in their order (None for a place
        no row has). A view of Parquet files reads each row from its file by its
        ``file_row_number``, which DuckDB looks up without reading the other rows; any other
        view is filtered by :data:`POSITION`."""
        import bisect

        wanted = [int(p) for p in places]
        found: dict[int, Any] = {}
        files = self.placed.get(view)
        if files:
            starts = [start for start, _ in files]
            local: dict[int, list[int]] = {}
            for p in wanted:
                i = bisect.bisect_right(starts, p) - 1
                local.setdefault(i, []).append(p - starts[i])
            for i, rows in local.items():
                start, path = files[i]
                sql = (f"SELECT file_row_number AS p, {select} AS v FROM read_parquet("
                       f"{_quote(path)}, hive_partitioning = true, file_row_number = true) "
                       f"WHERE file_row_number IN ({', '.join(map(str, rows))})")
                found.update({start + int(p): v for p, v in self.con.sql(sql).fetchall()})
        elif wanted:
            sql = (f"SELECT {POSITION} AS p, {select} AS v FROM {view} "
                   f"WHERE {POSITION} IN ({', '.join(map(str, wanted))})")
            found.update({int(p): v for p, v in self.con.sql(sql).fetchall()})
        return [found.get(p) for p in wanted]

    @contextlib.contextmanager
    def view(self, source: Source, *, positions: bool = False) -> Iterator[str]:
        """A temporary view of ``source`` on this connection, dropped on exit; yields its name.

        With ``positions``, the view has one more column, :data:`POSITION`: each row's place
        (0, 1, ...) in the order the rows are read (a folder file by file in path order, each
        file's rows in order; a DuckDB table by ``rowid``; a frame by its rows)."""
        name = f"ek_source_{os.getpid()}_{next(_names)}"
        attached = None
        if source.kind == "frame":
            frame = source.frame
            if positions:
                frame = frame.assign(**{POSITION: range(len(frame))})
            self.con.register(name, frame)
        else:
            if source.kind == "parquet":
                path = source.location
                if os.path.isdir(path):
                    path = os.path.join(path, "**", "*.parquet")
                body = f"SELECT * FROM read_parquet({_quote(path)}, hive_partitioning = true)"
                if positions:
                    files: list = []
                    body = self._positioned(path, files)
                    self.placed[name] = files
            elif source.kind == "csv":
                body = (f"SELECT * FROM read_csv({_quote(source.location)}, header = true, "
                        "all_varchar = true)")
            elif source.kind == "duckdb":
                attached = f"ek_db_{os.getpid()}_{next(_names)}"
                self.con.execute(f"ATTACH {_quote(source.location)} AS {attached} (READ_ONLY)")
                body = f'SELECT *{", rowid AS " + POSITION if positions else ""} ' \
                       f'FROM {attached}."{source.table}"'
            else:
                if not _TABLE_NAME.match(source.location):
                    raise DataError(f"dataset {source!r}: not a table name")
                body = f"SELECT * FROM {source.location}"
                if positions:
                    body = f"SELECT *, rowid AS {POSITION} FROM {source.location}"
            self.con.execute(f"CREATE TEMP VIEW {name} AS {body}")
        try:
            yield name
        finally:
            self.placed.pop(name, None)
            if source.kind == "frame":
                self.con.unregister(name)
            else:
                self.con.execute(f"DROP VIEW IF EXISTS {name}")
            if attached:
                self.con.execute(f"DETACH {attached}")


@dataclass(frozen=True)
class SparkEngine:
    """Apache Spark through PySpark: ``session`` is the SparkSession every query runs on."""

    session: Any
    name: str = "spark"
    dialect: str = "spark"

    def arrow(self, sql: str) -> pa.Table:
        """The result of ``sql`` (Spark dialect) as an Arrow table."""
        return self.session.sql(sql).toArrow()

    def execute(self, statement: str) -> None:
        """Run a statement that returns nothing (a view's definition), Spark dialect."""
        self.session.sql(statement)

    def batches(self, sql: str, *, size: int = 1_000_000) -> Iterator[pa.RecordBatch]:
        """The result of ``sql`` as Arrow record batches of at most ``size`` rows."""
        yield from self.session.sql(sql).toArrow().to_batches(max_chunksize=size)

    def register(self, name: str, table: pa.Table) -> None:
        """``table`` as the temporary view ``name`` (:meth:`unregister` drops it)."""
        self.session.createDataFrame(table).createOrReplaceTempView(name)

    def unregister(self, name: str) -> None:
        self.session.catalog.dropTempView(name)

    def kinds(self, sql: str) -> dict[str, str]:
        """Column name -> :data:`INTEGRAL`, :data:`FLOAT` or :data:`OTHER` of ``sql``'s result."""
        from pyspark.sql import types as T

        out = {}
        for f in self.session.sql(sql).schema.fields:
            t = f.dataType
            out[f.name] = (INTEGRAL if isinstance(t, (T.BooleanType, T.ByteType, T.ShortType,
                                                     T.IntegerType, T.LongType)) else
                           FLOAT if isinstance(t, (T.FloatType, T.DoubleType, T.DecimalType))
                           else OTHER)
        return out

    @contextlib.contextmanager
    def view(self, source: Source, *, positions: bool = False) -> Iterator[str]:
        """A temporary view of ``source`` in this session, dropped on exit; yields its name.

        With ``positions``, :data:`POSITION` as :meth:`DuckDBEngine.view` gives it: Parquet
        files in path order (``_metadata.file_path``), each file's rows in order
        (``_metadata.row_index``); a catalogue table has no order of its own, and its rows are
        numbered as Spark returns them (``monotonically_increasing_id``, not consecutive)."""
        name = f"ek_source_{os.getpid()}_{next(_names)}"
        df = self.dataframe(source)
        if positions:
            df = self._positioned(df, source)
        df.createOrReplaceTempView(name)
        try:
            yield name
        finally:
            self.session.catalog.dropTempView(name)

    def _positioned(self, df, source: Source):
        from pyspark.sql import functions as F

        if source.kind == "frame":
            return self.session.createDataFrame(pa.Table.from_pandas(
                source.frame.assign(**{POSITION: range(len(source.frame))}),
                preserve_index=False))
        if source.kind != "parquet":
            return df.withColumn(POSITION, F.monotonically_increasing_id())
        files = df.select(F.col("_metadata.file_path").alias(_FILE)).groupBy(_FILE).count() \
            .orderBy(_FILE).collect()
        start, case = 0, None
        for file, n in files:
            when = F.col(_FILE) == F.lit(file)
            case = (F.when(when, F.lit(start)) if case is None
                    else case.when(when, F.lit(start)))
            start += int(n)
        offset = F.lit(0) if case is None else case
        columns = [F.col(f"`{c}`") for c in df.columns]
        return df.select(*columns, F.col("_metadata.file_path").alias(_FILE),
                         F.col("_metadata.row_index").alias("__ek_index")) \
            .select(*columns, (offset + F.col("__ek_index")).cast("long").alias(POSITION))

    def dataframe(self, source: Source):
        """The Spark DataFrame of ``source`` (not yet read: Spark plans it lazily)."""
        read = self.session.read
        if source.kind == "frame":
            df = self.session.createDataFrame(pa.Table.from_pandas(source.frame,
                                                                   preserve_index=False))
        elif source.kind == "parquet":
            base = _glob_base(source.location)
            # a glob's key=value folders are columns, as DuckDB and Arrow read them
            df = (read.option("basePath", base) if base else read).parquet(source.location)
        elif source.kind == "csv":
            df = read.option("header", "true").csv(source.location)
        elif source.kind == "table":
            df = self.session.table(source.location)
        else:
            raise InputError(f"dataset {source!r}: a DuckDB database table cannot be read by "
                             "Spark; export it to Parquet")
        return df


def _glob_base(location: str) -> str | None:
    """The folder above a glob's first wildcard (``data/`` of ``data/*/*.parquet``), where
    Spark looks for Hive partition folders; None for a path without a wildcard."""
    parts = location.split("/")
    for i, part in enumerate(parts):
        if set(part) & set("*?["):
            return "/".join(parts[:i]) or "/"
    return None


def connect(name: str = "duckdb", *, spark_master: str = "local[*]",
            spark_config: Mapping[str, str] | None = None, duckdb_config=None):
    """An engine: a fresh in-memory DuckDB connection, or a SparkSession.

    Parameters
    ----------
    name
        ``duckdb`` or ``spark``.
    spark_master
        Spark's master URL (``local[*]``, ``local[2]``, ``spark://host:7077``, ``yarn``).
    spark_config
        Any other SparkSession setting, over :data:`SPARK_DEFAULTS`.
    duckdb_config
        Settings for the DuckDB connection (``threads``, ``memory_limit``).

    Notes
    -----
    Spark keeps one active session per process (``SparkSession.builder.getOrCreate``): a second
    ``connect("spark")`` returns the same session, with its first master.
    """
    if name == "duckdb":
        import duckdb

        return DuckDBEngine(duckdb.connect(":memory:", config=dict(duckdb_config or {})))
    if name == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise InputError("engine 'spark' needs pyspark (pip install pyspark) and Java 17")\
                from exc
        builder = SparkSession.builder.master(spark_master).appName("ethicskit")
        for key, value in {**SPARK_DEFAULTS, **dict(spark_config or {})}.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        return SparkEngine(session)
    raise InputError(f"engine {name!r}: choose one of {', '.join(ENGINES)}")


def engine_of(engine) -> Any:
    """``engine`` itself if it is an engine, else :func:`connect` of its name."""
    if isinstance(engine, (DuckDBEngine, SparkEngine)):
        return engine
    return connect(str(engine))


@contextlib.contextmanager
def opened(source, engine) -> Iterator[tuple[Any, str]]:
    """``(engine, view name)`` of ``source`` opened on ``engine`` (a name or an engine)."""
    eng = engine_of(engine)
    src = source_of(source, engine=eng.name)
    with eng.view(src) as name:
        yield eng, name
