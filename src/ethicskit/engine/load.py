"""Reading a campaign's rows through an engine: which engine a run uses, and the rows it reads.

``ethicskit run --engine`` (or the config's ``engine:``) names it:

- ``pandas``: files are read by Arrow in this process (CSV, Parquet, Parquet folders and
  globs); a DuckDB database table by DuckDB.
- ``duckdb``: Parquet files, folders and globs and DuckDB tables are read by DuckDB; a CSV by
  the same Arrow CSV reader as ``pandas`` (the contract's CSV rules: delimiter, encoding, an
  empty field is null).
- ``spark``: Spark reads the source where it is: a catalogue table (``table:NAME``, or a bare
  ``db.table``), Parquet or CSV paths Spark can open (``s3a://``, ``hdfs://``, local).
- ``auto`` (the default): ``spark`` for a catalogue table, else ``pandas`` (a run of the bias
  area alone on a large Parquet dataset is computed from DuckDB's cells instead:
  :func:`ethicskit.compressed.open_for`).

Every engine hands the same rows, with the same column types, to the one typing and
validation of :mod:`ethicskit.data`, and the checks run on them in pandas: the findings are
the same on every engine. The bias area alone can be computed from the engine's cells instead
(:mod:`ethicskit.compressed`); the other areas' reductions move into the engine next
(docs/engines.md).
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd
import pyarrow as pa

from ethicskit.config import ENGINE_CHOICES
from ethicskit.engine.engines import connect
from ethicskit.engine.source import Source, source_of
from ethicskit.errors import DataError, InputError

#: The names ``--engine`` (and the config's ``engine:``) accept.
CHOICES = ENGINE_CHOICES
#: The Spark master a run uses when neither ``--spark-master`` nor the config's
#: ``spark: {spark.master: ...}`` names one: every core of this machine.
SPARK_MASTER = "local[*]"


def choose(dataset: str, engine: str | None) -> str:
    """The engine that reads ``dataset``: ``engine`` itself, or for ``auto`` (and None)
    ``spark`` when ``dataset`` is a catalogue table (``table:NAME``), else ``pandas``."""
    engine = engine or "auto"
    if engine not in CHOICES:
        raise InputError(f"--engine: {engine!r} is not an engine; choose one of "
                         f"{', '.join(CHOICES)}")
    if engine != "auto":
        return engine
    return "spark" if str(dataset).startswith("table:") else "pandas"


def spark_settings(config_spark: Mapping[str, str] | None,
                   master: str | None) -> tuple[str, dict[str, str]]:
    """``(master, other settings)`` of a Spark run: ``master`` (the command line's) over the
    config's ``spark.master`` over :data:`SPARK_MASTER`; every other setting of the config's
    ``spark:`` as given."""
    settings = {str(k): str(v) for k, v in dict(config_spark or {}).items()}
    chosen = master or settings.pop("spark.master", None) or SPARK_MASTER
    settings.pop("spark.master", None)
    return chosen, settings


def read_rows(dataset: str, *, engine: str, spark_master: str | None = None,
              spark_config: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every row and column of ``dataset`` read by ``engine`` (``duckdb`` or ``spark``), as the
    frame :func:`pandas.read_parquet` would give for the same data.

    DuckDB reads with the session's time zone UTC (a ``TIMESTAMP WITH TIME ZONE`` arrives in
    UTC, as Arrow reads it) and Hive partitions as columns. Spark reads Parquet nanosecond
    timestamps as longs (:data:`ethicskit.engine.engines.SPARK_DEFAULTS`); the columns the
    Parquet schema says are timestamps are turned back into them here.
    """
    if engine == "duckdb":
        source = source_of(dataset, engine="duckdb")
        eng = reader_engine("duckdb")
        try:
            with eng.view(source) as name:
                table = eng.arrow(f"SELECT * FROM {name}")
        except DataError:
            raise
        except Exception as exc:  # noqa: BLE001 - any reader failure is the source's fault
            raise DataError(f"{dataset}: DuckDB cannot read the dataset: "
                            f"{first_line(exc)}") from None
        finally:
            eng.con.close()
        return _frame(table, source)
    if engine == "spark":
        source = source_of(dataset, engine="spark")
        if source.kind == "duckdb":
            raise InputError(f"{dataset}: a DuckDB database table cannot be read by Spark; "
                             f"use --engine duckdb, or export it to Parquet")
        from pyspark.sql import SparkSession

        created = SparkSession.getActiveSession() is None
        eng = reader_engine("spark", spark_master=spark_master, spark_config=spark_config)
        try:
            df = eng.dataframe(source)
            if source.kind == "parquet":
                # rows in the order DuckDB and Arrow read them (file by file in path order,
                # each file's rows in order), not Spark's (largest file first): a finding's
                # evidence is its first rows
                from pyspark.sql import functions as F

                columns = [F.col(f"`{c}`") for c in df.columns]
                df = df.select(*columns, F.col("_metadata.file_path").alias("__ek_file"),
                               F.col("_metadata.row_index").alias("__ek_row")) \
                    .orderBy("__ek_file", "__ek_row").select(*columns)
            table = df.toArrow()
        except Exception as exc:  # noqa: BLE001 - Spark's own errors are long; keep the first
            raise DataError(f"{dataset}: Spark cannot read the dataset: "
                            f"{first_line(exc)}") from None
        finally:
            if created:  # a session of this call's own (not an analyst's): its JVM is let go
                eng.session.stop()
        return _frame(_timestamps_back(table, source), source)
    raise InputError(f"engine {engine!r} does not read rows here (pandas reads files itself)")


def reader_engine(name: str, *, spark_master: str | None = None,
                  spark_config: Mapping[str, str] | None = None):
    """The engine a run reads its dataset with: DuckDB with its time zone UTC (a timestamp with
    a time zone arrives in UTC, as Arrow reads it), or Spark (``spark_master``, default
    :data:`SPARK_MASTER`) with :func:`reading_defaults` under ``spark_config``."""
    if name == "duckdb":
        eng = connect("duckdb")
        eng.con.execute("SET TimeZone = 'UTC'")
        return eng
    master = spark_master or SPARK_MASTER
    return connect("spark", spark_master=master,
                   spark_config={**reading_defaults(master), **dict(spark_config or {})})


def reading_defaults(master: str) -> dict[str, str]:
    """The Spark settings a run reads its rows with, unless the config's ``spark:`` says
    otherwise: the rows come back to this process whole, so the result may be any size
    (``spark.driver.maxResultSize`` 0, Spark's default is 1 GB), and in local mode, where the
    driver is the JVM that does all the work, it may take half of this machine's memory
    (Spark's default is 1 GB, about two million rows of the sample campaign). A session that
    is already running keeps its own settings."""
    out = {"spark.driver.maxResultSize": "0"}
    if master.startswith("local"):
        import os

        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        out["spark.driver.memory"] = f"{max(1, total // 2 // 2**30)}g"
    return out


def first_line(exc: BaseException) -> str:
    """The first line of an engine's error (at most 300 characters): its own messages are long."""
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _frame(table: pa.Table, source: Source) -> pd.DataFrame:
    """``table`` as pandas, each Arrow column freed once converted. A local Parquet source's
    own pandas metadata (written by pandas: nullable ``boolean``, ``Int64``, categories) is
    given to the table first, so the frame's types are those ``pandas.read_parquet`` gives."""
    schema = parquet_schema(source.location) if source.kind == "parquet" else None
    meta = (schema.metadata or {}).get(b"pandas") if schema is not None else None
    if meta is not None and set(table.column_names) >= set(schema.names):
        # a column the file holds as a dictionary (a pandas category) stays one; its
        # categories come in the order of first appearance, not the file's
        columns = [table[name].dictionary_encode()
                   if name in schema.names and pa.types.is_dictionary(schema.field(name).type)
                   and not pa.types.is_dictionary(table[name].type) else table[name]
                   for name in table.column_names]
        table = pa.table(columns, names=table.column_names).replace_schema_metadata(
            {b"pandas": meta})
    return table.to_pandas(self_destruct=True, split_blocks=True)


def _timestamps_back(table: pa.Table, source: Source) -> pa.Table:
    """The Parquet nanosecond timestamps Spark read as longs, as timestamps again (UTC when the
    file's type has a time zone); other columns unchanged. Only a local Parquet source has a
    schema to ask; a catalogue table already has Spark's own types."""
    if source.kind != "parquet":
        return table
    schema = parquet_schema(source.location)
    if schema is None:
        return table
    columns = []
    for name in table.column_names:
        column = table[name]
        want = schema.field(name).type if name in schema.names else None
        if (want is not None and pa.types.is_timestamp(want) and want.unit == "ns"
                and pa.types.is_integer(column.type)):
            column = column.cast(pa.int64()).cast(want)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def parquet_schema(location: str) -> pa.Schema | None:
    """The Arrow schema of the first Parquet file of a local file, folder or glob; None for a
    remote path."""
    import glob
    import os

    import pyarrow.parquet as pq

    if "://" in location:
        return None
    if os.path.isdir(location):
        files = sorted(glob.glob(os.path.join(location, "**", "*.parquet"), recursive=True))
    else:
        files = sorted(glob.glob(location, recursive=True)) or [location]
    return pq.read_schema(files[0]) if files else None
