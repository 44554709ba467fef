"""Group counts computed inside a query engine (DuckDB, Spark), from one relational definition.

Every check's metric works on group counts (:func:`ethicskit.counts.group_sums`). This package
builds that reduction as one SQL query, written once in DuckDB's dialect with ``sqlglot`` and
transpiled to the dialect of the engine that runs it, so a table too big for pandas, or one that
lives in a Spark catalogue, is reduced where it is and only the cells travel back.

- :mod:`~ethicskit.engine.source`: naming a table (frame, Parquet, CSV, DuckDB table, Spark table).
- :mod:`~ethicskit.engine.engines`: the engines (DuckDB, Spark) and opening a source on one.
- :mod:`~ethicskit.engine.sql`: the queries, as sqlglot expressions.
- :mod:`~ethicskit.engine.sample`: the deterministic sample every engine draws identically.
- :mod:`~ethicskit.engine.reduce`: :func:`group_sums`, :func:`first_ids`, :func:`sample_ids`.

See ``docs/engines.md`` for the choice of sqlglot over Ibis and what is not done yet.
"""

from __future__ import annotations

from ethicskit.engine.engines import DuckDBEngine, SparkEngine, connect
from ethicskit.engine.reduce import first_ids, group_sums, sample_ids
from ethicskit.engine.sample import in_sample, sample_condition, sample_order
from ethicskit.engine.source import Source, source_of

__all__ = ["DuckDBEngine", "SparkEngine", "Source", "connect", "first_ids", "group_sums",
           "in_sample", "sample_condition", "sample_ids", "sample_order", "source_of"]
