#!/usr/bin/env python
"""Benchmark of the group-count reduction on each engine and each query-building approach.

    .venv/bin/python benchmarks/bench_engines.py [--data PATH ...] [--repeat 2] [--only NAME ...]

One representative reduction (issue 17's "one definition, several engines"): the cells of
gender x ethnicity x channel x targeted x prediction x outcome, each with its number of rows and
the sum of ``offer_value``, read from Parquet. It is run, each variant in a fresh process:

* ``duckdb sqlglot``: :func:`ethicskit.engine.group_sums` (SQL built with sqlglot) on DuckDB;
* ``duckdb ibis``: the same reduction as an Ibis expression on Ibis's DuckDB backend;
* ``spark sqlglot`` / ``spark ibis``: the same two on Spark, ``local[2]`` (``--spark-master``);
* ``pandas``: ``pandas.read_parquet`` of the columns, codes by ``pandas.factorize`` and
  :func:`ethicskit.counts.group_sums` (read + reduce);
* ``spark scan``: Spark's own scan of the columns (one aggregate query), for context.

The floor, measured in the same run, is a DuckDB scan of the same columns: one aggregate query
(``MAX`` of each key column, ``SUM(offer_value)``) in a fresh process. Each time is the best
of ``--repeat`` queries (the floor: at least 5) in the variant's process, after its set-up
(imports, connection or Spark session, which is timed apart); memory is the peak of the
summed RSS of the variant's whole process tree (Python and, for Spark, the JVM), sampled every
20 ms. ``duckdb paired`` and ``spark paired`` run both approaches in one process on one warm
engine, alternately (the fairest comparison of their query times). Every variant's cells
are compared with those of ``duckdb sqlglot`` (counts exact, sums to 1e-12 relative).

The table is printed and written to ``benchmarks/ENGINES.md`` (``--out``). The default data are
the 1M-row Parquet file of bench_suite.py and a 10M-row Parquet folder, ``/work/big10m`` if it
exists (make one with ``ethicskit sample-data --rows 10000000 --out FOLDER/``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

BY = ["gender", "ethnicity", "channel", "targeted", "prediction", "outcome"]
VALUE = "offer_value"
VARIANTS = ["floor", "duckdb sqlglot", "duckdb ibis", "pandas", "spark scan", "spark sqlglot",
            "spark ibis", "duckdb paired", "spark paired"]
#: The floor is cheap: it is the best of at least this many queries.
FLOOR_REPEAT = 5
DEFAULT_DATA = [HERE / "_data" / "campaign_1000000.parquet", Path("/work/big10m")]


# The worker: one variant in its own process -----------------------------------------------------

def _scan_sql(relation: str) -> str:
    """One aggregate that reads every value of the columns: ``MAX`` of each key, ``SUM`` of the
    value. (``COUNT(column)`` would not do: DuckDB answers it from Parquet statistics.)"""
    keys = ", ".join(f"MAX({c})" for c in BY)
    return f"SELECT COUNT(*), {keys}, SUM({VALUE}) FROM {relation}"


def _ibis_reduction(table):
    """The reduction as an Ibis expression (the alternative to the sqlglot-built query)."""
    import ibis

    return (table.group_by(BY)
            .aggregate(n=table.count(), **{VALUE: table[VALUE].sum().fill_null(0)})
            .order_by([ibis.asc(c, nulls_first=False) for c in BY]))


def _duckdb_glob(path: str) -> str:
    return os.path.join(path, "**", "*.parquet") if os.path.isdir(path) else path


def worker(variant: str, path: str, repeat: int, master: str, out: str) -> dict:
    t0 = time.perf_counter()
    import pandas as pd

    if variant == "floor":
        import duckdb

        con = duckdb.connect()
        scan = _scan_sql(f"read_parquet('{_duckdb_glob(path)}')")
        run = lambda: con.sql(scan).fetchall()  # noqa: E731
    elif variant == "duckdb sqlglot":
        from ethicskit.engine import connect, group_sums

        eng = connect("duckdb")
        run = lambda: group_sums(path, by=BY, values={VALUE: VALUE}, engine=eng)  # noqa: E731
    elif variant == "duckdb ibis":
        import ibis

        con = ibis.duckdb.connect()
        run = lambda: (_ibis_reduction(con.read_parquet(_duckdb_glob(path)))  # noqa: E731
                       .to_pyarrow().to_pandas())
    elif variant == "pandas":
        import numpy as np

        from ethicskit.counts import codes_with_null, group_sums

        def run():
            frame = pd.read_parquet(path, columns=BY + [VALUE])
            codes, sizes, labels = {}, {}, {}
            for c in BY:
                k, uniques = pd.factorize(frame[c], sort=True)
                codes[c], sizes[c] = codes_with_null(k, len(uniques))
                labels[c] = list(uniques) + [None]
            cells = group_sums(codes, sizes,
                               values={VALUE: np.nan_to_num(frame[VALUE].to_numpy(float))})
            for c in BY:
                cells[c] = [labels[c][i] for i in cells[c]]
            return cells
    elif variant.endswith("paired"):
        return paired(variant.split()[0], path, repeat, master)
    elif variant.startswith("spark"):
        from ethicskit.engine import connect, group_sums

        eng = connect("spark", spark_master=master)
        session = eng.session
        if variant == "spark scan":
            def run():
                session.read.parquet(path).createOrReplaceTempView("bench_scan")
                return session.sql(_scan_sql("bench_scan")).collect()
        elif variant == "spark sqlglot":
            run = lambda: group_sums(path, by=BY, values={VALUE: VALUE}, engine=eng)  # noqa: E731
        else:
            import ibis

            con = ibis.pyspark.connect(session)
            run = lambda: (_ibis_reduction(con.read_parquet(path))  # noqa: E731
                           .to_pyarrow().to_pandas())
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    setup = time.perf_counter() - t0
    times, result = [], None
    for _ in range(max(repeat, FLOOR_REPEAT) if variant == "floor" else repeat):
        t = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t)
    if isinstance(result, pd.DataFrame):
        result = result.copy()
        result.columns = BY + ["n", VALUE]
        for c in BY:
            result[c] = result[c].astype(object).where(result[c].notna(), None).astype(str)
        result.to_parquet(out, index=False)
    return {"setup_s": setup, "query_s": min(times), "queries_s": times}


def paired(engine: str, path: str, repeat: int, master: str) -> dict:
    """Both approaches in one process on one warm engine, alternately, ``repeat`` times each:
    the fairest comparison of their query times (same JVM, same caches, same load)."""
    import ibis

    from ethicskit.engine import connect, group_sums

    t0 = time.perf_counter()
    eng = connect(engine, spark_master=master)
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        ibis_run = lambda: (_ibis_reduction(con.read_parquet(_duckdb_glob(path)))  # noqa: E731
                            .to_pyarrow())
    else:
        con = ibis.pyspark.connect(eng.session)
        ibis_run = lambda: _ibis_reduction(con.read_parquet(path)).to_pyarrow()  # noqa: E731
    glot_run = lambda: group_sums(path, by=BY, values={VALUE: VALUE}, engine=eng)  # noqa: E731
    setup = time.perf_counter() - t0
    glot, ibis_times = [], []
    for _ in range(repeat + 1):  # the first round warms both up
        for run, times in ((glot_run, glot), (ibis_run, ibis_times)):
            t = time.perf_counter()
            run()
            times.append(time.perf_counter() - t)
    return {"setup_s": setup, "query_s": min(glot[1:]), "ibis_s": min(ibis_times[1:]),
            "queries_s": glot, "ibis_queries_s": ibis_times}


# The parent: a fresh process per variant, its tree's memory watched from outside ---------------

def _tree_rss(proc) -> int:
    import psutil

    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(variant: str, path: Path, repeat: int, master: str, out: Path) -> dict:
    import psutil

    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", variant, str(path),
           "--repeat", str(repeat), "--spark-master", master, "--result", str(out)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT)
    watched = psutil.Process(proc.pid)
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_rss(watched))
            stop.wait(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    stdout, stderr = proc.communicate()
    stop.set()
    thread.join()
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{variant} on {path} failed:\n{stderr[-3000:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures.update(process_s=wall, peak_mb=peak[0] / 2 ** 20)
    return figures


def same_cells(a: Path, b: Path) -> str:
    import numpy as np
    import pandas as pd

    x, y = pd.read_parquet(a), pd.read_parquet(b)
    if len(x) != len(y) or any(x[c].tolist() != y[c].tolist() for c in BY):
        return "cells differ"
    if x["n"].tolist() != y["n"].tolist():
        return "counts differ"
    close = np.allclose(x[VALUE].to_numpy(float), y[VALUE].to_numpy(float), rtol=1e-12, atol=0)
    exact = x[VALUE].tolist() == y[VALUE].tolist()
    return "equal" if exact else ("equal (sums to 1e-12)" if close else "sums differ")


def _rows(path: Path) -> int:
    import pyarrow.dataset as ds

    return ds.dataset(str(path), format="parquet").count_rows()


def _versions() -> str:
    from importlib.metadata import version

    names = ["duckdb", "ibis-framework", "sqlglot", "pyspark", "pandas", "pyarrow"]
    out = []
    for n in names:
        try:
            out.append(f"{n} {version(n)}")
        except Exception:  # noqa: BLE001 - not installed
            out.append(f"{n} (not installed)")
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
        out.append("Java " + java.splitlines()[0].split('"')[1])
    except (OSError, IndexError):
        out.append("Java (missing)")
    return ", ".join(out)


def _missing() -> dict[str, str]:
    """What a variant needs that is not installed: ``{"ibis": why, "spark": why}``."""
    import importlib.util
    import shutil

    out = {}
    if importlib.util.find_spec("ibis") is None:
        out["ibis"] = "ibis-framework is not installed"
        out["paired"] = out["ibis"]
    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        out["spark"] = "pyspark or java is missing"
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", nargs="*", type=Path, default=None,
                   help="Parquet files or folders (default: the 1M file and /work/big10m)")
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--only", nargs="*", default=None, help="variants to run (floor always runs)")
    p.add_argument("--spark-master", default="local[2]")
    p.add_argument("--out", type=Path, default=HERE / "ENGINES.md")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    p.add_argument("--result", default=None, help=argparse.SUPPRESS)
    p.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.path, args.repeat, args.spark_master,
                                args.result)))
        return 0
    data = args.data or [d for d in DEFAULT_DATA if d.exists()]
    variants = ["floor"] + [v for v in VARIANTS[1:] if args.only is None or v in args.only]
    missing = _missing()
    skipped = [v for v in variants if any(need in v for need in missing)]
    for v in skipped:
        print(f"skipped {v}: {missing[next(n for n in missing if n in v)]}")
    variants = [v for v in variants if v not in skipped]
    lines, paired_lines = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for path in data:
            rows = _rows(path)
            results = {}
            for v in variants:
                out = Path(tmp) / f"{len(lines)}-{v.replace(' ', '_')}.parquet"
                results[v] = measure(v, path, args.repeat, args.spark_master, out)
                results[v]["file"] = out
                r = results[v]
                also = f"ibis {r['ibis_s']:7.2f} s  " if "ibis_s" in r else ""
                print(f"{rows:>11,} rows  {v:<15} query {r['query_s']:7.2f} s  {also}"
                      f"set-up {r['setup_s']:6.2f} s  peak {r['peak_mb']:6.0f} MB", flush=True)
            floor = results["floor"]["query_s"]
            ref = results.get("duckdb sqlglot", {}).get("file")
            for v in [v for v in variants if v.endswith("paired")]:
                r = results[v]
                paired_lines.append(f"| {path.name} | {rows:,} | {v.split()[0]} | "
                                    f"{r['query_s']:.2f} | {r['ibis_s']:.2f} | "
                                    f"{r['ibis_s'] / r['query_s']:.2f} |")
            for v in [v for v in variants if not v.endswith("paired")]:
                r = results[v]
                check = ("" if v in ("floor", "spark scan") or ref is None else
                         "reference" if v == "duckdb sqlglot" else same_cells(ref, r["file"]))
                lines.append(f"| {path.name} | {rows:,} | {v} | {r['query_s']:.2f} | "
                             f"{r['query_s'] / floor:.1f}x | {r['setup_s']:.2f} | "
                             f"{r['process_s']:.1f} | {r['peak_mb']:.0f} | {check} |")
    try:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    text = "\n".join([
        "# Engines: the group-count reduction on DuckDB, Spark and pandas",
        "",
        f"Written by `benchmarks/bench_engines.py` on {dt.date.today().isoformat()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load} at the end; "
        f"{_versions()}; Spark master `{args.spark_master}`; best of {args.repeat} queries.",
        "",
        f"Reduction: cells of {' x '.join(BY)}, with the number of rows and the sum of "
        f"`{VALUE}`. Floor: a DuckDB scan of the same columns (one aggregate query) in a fresh "
        "process. *query*: the reduction's time once the engine is up (for pandas, read + reduce); "
        "*ratio*: query over the floor; *set-up*: imports and connection (the Spark session); "
        "*process*: the variant's whole process, wall; *peak*: summed RSS of its process tree "
        "(Python and JVM). *cells*: compared with `duckdb sqlglot`.",
        "",
        "| data | rows | variant | query s | ratio | set-up s | process s | peak MB | cells |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
        *lines, "",
        "Paired: both approaches in one process on one warm engine, alternately, best of "
        f"{args.repeat} each after a warm-up round (*ibis / sqlglot* above 1: sqlglot faster).",
        "",
        "| data | rows | engine | sqlglot s | ibis s | ibis / sqlglot |",
        "|---|---:|---|---:|---:|---:|",
        *paired_lines, ""])
    args.out.write_text(text)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
