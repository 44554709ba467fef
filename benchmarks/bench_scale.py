#!/usr/bin/env python
"""Benchmark of ``ethicskit run`` at scale, per engine, against a scan floor (issue 17), in one run.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000000,10000000,100000000]
        [--engines pandas,duckdb,spark] [--spark-sizes 10000000] [--data benchmarks/_data/scale]
        [--out benchmarks/SCALE.md] [--repeat 1] [--timeout 3600]

For each size N:

1. **Data.** ``ethicskit sample-data --rows N --out DATA/rows-N/`` (a Parquet folder, with
   ``rows-N.yaml`` and ``rows-N.inventory.yaml`` beside it), made once and reused while the stamp
   ``rows-N.stamp.json`` and the Parquet footers agree on N rows. Its time is printed (not a target).
2. **Floor.** One DuckDB aggregate query, ``count(*)`` and ``count(column)`` of every column the
   checks read, over ``read_parquet('DATA/rows-N/**/*.parquet')``, in a fresh ``python -c``
   process: the whole process (start and imports included) and the query alone are both timed.
   The columns are the dataset columns, through the config's ``columns:`` mapping (``derive:``
   expressions give the columns they read), of every logical column a registry row lists in its
   ``needs`` or ``reads``, plus those the config names: protected attributes, model features,
   decision, quasi-identifiers, sensitive attribute, special-category columns, and
   ``customer_id`` (evidence). ``reads: "*"`` (a scan of all text columns, the inventory
   comparison) is not expanded: the all-columns scan is printed beside it for context.
3. **Whole runs.** ``ethicskit run DATA/rows-N --config DATA/rows-N.yaml --out TMP --engine E``
   (Spark: ``--spark-master local[2]``) in a fresh process tree, wall time from outside, and the peak
   of the summed RSS of every process of the tree (runner, children, kernels, the JVM), sampled every
   100 ms with psutil. Exit 0 or 1 (the audit found failures: the sample has them on purpose) is a
   completed run. A run is skipped when its estimated peak exceeds 80% of the memory available
   (estimate: the line through the two largest smaller sizes run on that engine, else the peak per
   row of the largest one, times N, times 1.2), and killed when the machine's available memory
   falls under ``--memory-floor`` GB or the run outlasts ``--timeout``. A size at which no engine
   would run is not generated. ``--spark-setting NAME=VALUE`` adds Spark settings to the Spark
   runs' config (a copy, ``rows-N.spark.yaml``, beside the original).
4. **Findings.** The runs completed at one size are compared finding by finding (check id, status,
   value, threshold, affected rows; numbers to 1e-12 relative), and separately their ``details``.

The table is printed and written to ``--out`` (default ``benchmarks/SCALE.md``) with the machine,
load average and library versions, and the targets of issue 17 with the figure reached, misses
included. Helpers ``machine()``, ``load_average()`` and ``gb()`` are imported from
``bench_suite.py``; the process-tree sampler is this file's own (it adds the root process,
a timeout and a memory guard). No test asserts a time: tests/test_bench_scale_smoke.py runs this
at a few thousand rows and checks only that the table is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_suite import gb, load_average, machine  # noqa: E402

#: Targets of issue 17 (embedded engine at 100M rows).
TARGET_ROWS = 100_000_000
TARGET_PEAK = 4e9
TARGET_RATIO = 10.0
#: Per-row cost at a size may exceed that of the size before by this much and still be linear.
LINEAR_SLACK = 1.10
ENGINES = ("pandas", "duckdb", "spark")
ETHICSKIT = (sys.executable, "-m", "ethicskit.cli")

#: The floor: a fresh process that imports DuckDB and runs one aggregate query; prints its time.
FLOOR = ("import json, sys, time\n"
         "import duckdb\n"
         "con = duckdb.connect()\n"
         "start = time.perf_counter()\n"
         "row = con.execute(sys.argv[1]).fetchone()\n"
         "print(json.dumps({'query': time.perf_counter() - start, 'rows': row[0]}))\n")


# ---------------------------------------------------------------------------------------------
# processes

def _tree(root):
    import psutil

    try:
        return [root] + root.children(recursive=True)
    except psutil.Error:
        return [root]


def kill_tree(pid: int) -> None:
    """SIGKILL the process ``pid`` started here and all its descendants (by pid)."""
    import psutil

    try:
        procs = _tree(psutil.Process(pid))
    except psutil.Error:
        procs = []
    for p in reversed(procs):
        try:
            p.kill()
        except psutil.Error:
            pass
    try:
        os.killpg(pid, signal.SIGKILL)  # its own session: the group id is its pid
    except (ProcessLookupError, PermissionError):
        pass


def watched(cmd: list[str], *, timeout: float, memory_floor: float, cwd=ROOT) -> dict:
    """Run ``cmd`` in its own session; wall seconds, exit code, peak summed RSS of its process
    tree (sampled every 100 ms), the tail of stderr, and why it was killed (if it was)."""
    import psutil

    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
    state = {"peak": 0, "killed": None}
    root = psutil.Process(proc.pid)

    def sample():
        while proc.poll() is None:
            total = 0
            for p in _tree(root):
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            state["peak"] = max(state["peak"], total)
            if psutil.virtual_memory().available < memory_floor:
                state["killed"] = (f"killed: the machine's available memory fell under "
                                   f"{memory_floor / 1e9:.1f} GB (tree at {gb(total)})")
                kill_tree(proc.pid)
                return
            time.sleep(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        state["killed"] = f"killed: timeout after {timeout:.0f} s"
        kill_tree(proc.pid)
        rc = proc.wait()
    wall = time.perf_counter() - start
    watcher.join()
    kill_tree(proc.pid)  # kernels or a JVM left behind by a crash
    out.seek(0)
    err.seek(0)
    stdout = out.read().decode("utf-8", "replace")
    stderr = err.read().decode("utf-8", "replace")
    out.close()
    err.close()
    return {"wall": wall, "rc": rc, "peak": state["peak"], "killed": state["killed"],
            "stdout": stdout, "stderr_tail": excerpt(stderr),
            "stdout_tail": "\n".join(stdout.strip().splitlines()[-4:])}


def excerpt(stderr: str) -> str:
    """The first error lines of ``stderr`` (a Java stack buries the cause) and its last lines."""
    lines = stderr.strip().splitlines()
    first = [line for line in lines if ("Error" in line or "Exception" in line)
             and not line.lstrip().startswith("at ")]
    first = list(dict.fromkeys(first))[:6]
    last = [line for line in lines[-6:] if line not in first]
    return "\n".join(first + (["..."] if first and last else []) + last)


# ---------------------------------------------------------------------------------------------
# data

def parquet_rows(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in folder.glob("**/*.parquet"))


def present(rows: int, seed: int, data: Path) -> dict | None:
    """The stamp of the data of ``rows`` rows if the folder holds them, else None."""
    folder = data / f"rows-{rows}"
    config = data / f"rows-{rows}.yaml"
    stamp = data / f"rows-{rows}.stamp.json"
    if stamp.is_file() and config.is_file() and folder.is_dir():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("rows") == rows and info.get("seed") == seed and parquet_rows(folder) == rows:
            return dict(info, folder=folder, config=config, reused=True)
    return None


def ensure_data(rows: int, seed: int, data: Path, timeout: float, memory_floor: float) -> dict:
    """The Parquet folder and config of ``rows`` rows, made unless its stamp says it is there."""
    folder = data / f"rows-{rows}"
    config = data / f"rows-{rows}.yaml"
    stamp = data / f"rows-{rows}.stamp.json"
    found = present(rows, seed, data)
    if found:
        return found
    data.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    r = watched([*ETHICSKIT, "sample-data", "--rows", str(rows), "--seed", str(seed),
                 "--out", f"{folder}/"], timeout=timeout, memory_floor=memory_floor)
    if r["rc"] != 0 or r["killed"]:
        raise SystemExit(f"sample-data --rows {rows} failed ({r['killed'] or r['rc']}):\n"
                         f"{r['stderr_tail']}")
    found = parquet_rows(folder)
    if found != rows:
        raise SystemExit(f"sample-data wrote {found:,} rows, not {rows:,}")
    info = {"rows": rows, "seed": seed, "seconds": round(r["wall"], 2), "peak": r["peak"],
            "bytes": sum(p.stat().st_size for p in folder.glob("**/*.parquet")),
            "written": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    stamp.write_text(json.dumps(info, indent=2), encoding="utf-8")
    return dict(info, folder=folder, config=config, reused=False)


def check_columns(config_path: Path, folder: Path, areas: list[str] | None = None
                  ) -> tuple[list[str], list[str], list[str]]:
    """(dataset columns the checks read, in the data's order; all the data's columns; notes).
    With ``areas``, only the columns the checks of those areas read (for the bias area the
    protected attributes, the decision and the features: without ``model_features``, every
    column that is not a logical one)."""
    import pyarrow.parquet as pq
    import sqlglot
    from sqlglot import exp

    from ethicskit.config import load_config
    from ethicskit.registry import CHECKS

    config = load_config(config_path)
    schema = pq.read_schema(next(iter(sorted(folder.glob("**/*.parquet")))))
    present = list(schema.names)
    from ethicskit.config import DEFAULT_PROTECTED
    from ethicskit.schema import LOGICAL_TYPES

    logical: list[str] = []
    rows = [r for r in CHECKS if areas is None or r.area in areas]
    for row in rows:
        for group in row.needs:
            logical += group
        logical += row.reads
    if areas is None or "bias" in areas:
        logical += list(config.protected_attributes if config.protected_attributes is not None
                        else DEFAULT_PROTECTED) + [config.decision]
        mapped = set(config.columns.values())
        logical += (config.model_features if config.model_features is not None else
                    [c for c in present if c not in LOGICAL_TYPES and c not in mapped])
        if "age_band" in logical and "age_band" not in present:
            logical += ["birth_date", "age"]
    if areas is None or "privacy" in areas:
        logical += (config.quasi_identifiers or [])
        logical += [config.sensitive_attribute] if config.sensitive_attribute else []
        logical += (config.special_category_columns or [])
    if areas is None:
        logical += ["customer_id"]
    wanted, absent, star = set(), set(), False
    for name in dict.fromkeys(logical):
        if name == "*":
            star = True
            continue
        if name in config.derive:
            tree = sqlglot.parse_one(config.derive[name], read="duckdb")
            wanted.update(c.name for c in tree.find_all(exp.Column))
            continue
        column = config.columns.get(name, name)
        (wanted if column in present else absent).add(column)
    notes = []
    if absent:
        notes.append("logical columns with no dataset column (derived in the run, e.g. "
                     "`age_band` from `birth_date`, or absent): " + ", ".join(sorted(absent)))
    if star:
        stars = sorted(r.id for r in rows if "*" in r.reads)
        notes.append('checks that read "*" (every column; not expanded in the floor): '
                     + ", ".join(stars))
    return [c for c in present if c in wanted], present, notes


def floor_query(folder: Path, columns: list[str]) -> str:
    """One aggregate that reads every value of ``columns`` once: ``sum(hash(column))`` (a
    ``count(column)`` alone may be answered from the Parquet pages' null counts, without
    reading the values)."""
    sums = ", ".join(f'sum(hash("{c}"))' for c in columns)
    return f"SELECT count(*), {sums} FROM read_parquet('{folder.as_posix()}/**/*.parquet')"


def floor(folder: Path, columns: list[str], repeat: int, timeout: float, mem: float) -> dict:
    """Best of ``repeat``: wall of the fresh process, and the query alone (its own clock)."""
    best = {"process": math.inf, "query": math.inf}
    q = floor_query(folder, columns)
    for _ in range(max(1, repeat)):
        r = watched([sys.executable, "-c", FLOOR, q], timeout=timeout, memory_floor=mem)
        if r["rc"] != 0 or r["killed"]:
            raise SystemExit(f"floor query failed ({r['killed'] or r['rc']}):\n{r['stderr_tail']}")
        info = json.loads(r["stdout"].strip().splitlines()[-1])
        best["process"] = min(best["process"], r["wall"])
        best["query"] = min(best["query"], info["query"])
        best["peak"] = max(best.get("peak", 0), r["peak"])
        best["rows"] = info["rows"]
    return best


# ---------------------------------------------------------------------------------------------
# runs

def run_options() -> set[str]:
    """The options ``ethicskit run --help`` shows (``--engine`` is being added)."""
    text = subprocess.run([*ETHICSKIT, "run", "--help"], cwd=ROOT, capture_output=True,
                          text=True).stdout
    return {o for o in ("--engine", "--spark-master") if o in text}


def spark_config(config: Path, settings: dict[str, str]) -> Path:
    """``config`` with ``settings`` added to its ``spark:`` mapping, written beside it
    (``rows-N.spark.yaml``: the same folder, so its relative paths still hold)."""
    import yaml

    if not settings:
        return config
    raw = yaml.safe_load(config.read_text(encoding="utf-8"))
    raw["spark"] = dict(raw.get("spark") or {}, **settings)
    copy = config.with_suffix(".spark.yaml")
    copy.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return copy


def run_once(folder: Path, config: Path, engine: str, options: set[str], master: str,
             timeout: float, mem: float, scratch: Path, only: str | None = None) -> dict:
    out = Path(tempfile.mkdtemp(prefix=f"run-{engine}-", dir=scratch))
    cmd = [*ETHICSKIT, "run", str(folder), "--config", str(config), "--out", str(out)]
    if only:
        cmd += ["--only", only]
    if "--engine" in options:
        cmd += ["--engine", engine]
    if engine == "spark":
        cmd += ["--spark-master", master]
    try:
        r = watched(cmd, timeout=timeout, memory_floor=mem)
        r["summary"] = None
        if not r["killed"] and r["rc"] in (0, 1):
            found = [p for p in out.glob("*/summary.json")
                     if not p.parent.is_symlink() and not p.parent.name.startswith(".")]
            if len(found) == 1:
                r["summary"] = json.loads(found[0].read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(out, ignore_errors=True)  # run folders never outlive the run
    return r


def run_engine(folder, config, engine, options, master, repeat, timeout, mem, scratch,
               only=None) -> dict:
    """Best wall of ``repeat`` completed runs, the largest peak of them all, the last summary."""
    best = None
    for _ in range(max(1, repeat)):
        r = run_once(folder, config, engine, options, master, timeout, mem, scratch, only=only)
        if r["killed"] or r["rc"] not in (0, 1):
            tail = r["stderr_tail"] + "\n-- stdout:\n" + r["stdout_tail"]
            cause = next((line.strip() for line in tail.splitlines()
                          if "Error" in line or "error" in line), "")
            cause = cause.replace("|", "/")[:160]
            return {"error": r["killed"] or f"exit {r['rc']}" + (f" ({cause})" if cause else ""),
                    "stderr_tail": tail,
                    "peak": r["peak"], "wall": r["wall"]}
        if r["summary"] is None:
            return {"error": f"exit {r['rc']} but no summary.json in the run folder",
                    "stderr_tail": r["stderr_tail"], "peak": r["peak"], "wall": r["wall"]}
        peak = max(r["peak"], best["peak"] if best else 0)
        if best is None or r["wall"] < best["wall"]:
            best = r
        best["peak"] = peak
    return {"wall": best["wall"], "peak": best["peak"], "rc": best["rc"],
            "summary": best["summary"]}


def estimate_peak(done: list[tuple[int, int]], rows: int) -> float | None:
    """Peak bytes expected at ``rows`` from the completed smaller sizes (rows, peak): the line
    through the two largest (fixed part plus per row), else the peak per row of the largest
    one; times 1.2. None when nothing smaller ran."""
    smaller = sorted((n, p) for n, p in done if n < rows)
    if not smaller:
        return None
    n1, p1 = smaller[-1]
    per_row = p1 / n1 * rows
    if len(smaller) >= 2:
        n0, p0 = smaller[-2]
        slope = max(0.0, (p1 - p0) / (n1 - n0))
        return 1.2 * max(p1 + slope * (rows - n1), p1)
    return 1.2 * per_row


# ---------------------------------------------------------------------------------------------
# findings

def close(a, b, tol: float = 1e-12) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) and math.isnan(b):
            return True
        return a == b or abs(a - b) <= tol * max(1.0, abs(a), abs(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], tol) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b))
    return a == b


FIELDS = ("status", "value", "threshold", "affected_rows")


def compare(summaries: dict[str, dict]) -> tuple[str, str]:
    """("yes"/"no (...)", same for details) across the engines' summaries; the first is the
    reference."""
    if len(summaries) < 2:
        return "n/a (fewer than two engines completed)", "n/a"
    (ref_name, ref), *others = summaries.items()
    ref_f = {f["check_id"]: f for f in ref["findings"]}
    diff, diff_details = [], []
    for name, s in others:
        got = {f["check_id"]: f for f in s["findings"]}
        if got.keys() != ref_f.keys():
            missing = sorted(ref_f.keys() ^ got.keys())
            diff.append(f"{name}: check ids differ ({', '.join(missing[:5])})")
        for cid in sorted(ref_f.keys() & got.keys()):
            a, b = ref_f[cid], got[cid]
            bad = [k for k in FIELDS if not close(a.get(k), b.get(k))]
            if bad:
                diff.append(f"{name}: {cid} ({', '.join(bad)})")
            if not close(a.get("details"), b.get("details")):
                diff_details.append(f"{name}: {cid}")
    head = f"vs {ref_name}"

    def said(items):
        if not items:
            return f"yes ({head})"
        more = f" and {len(items) - 6} more" if len(items) > 6 else ""
        return f"no ({head}: {'; '.join(items[:6])}{more})"

    return said(diff), said(diff_details)


# ---------------------------------------------------------------------------------------------
# report

def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def java_version() -> str:
    try:
        p = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
        line = (p.stderr or p.stdout).splitlines()[0]
        return line.split('"')[1] if '"' in line else line
    except (OSError, IndexError, subprocess.SubprocessError):
        return "absent"


def secs(x) -> str:
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def table_rows(results: list[dict]) -> list[str]:
    lines = ["| rows | engine | run s | floor s (process / query) | run / floor (process / query) "
             "| peak GB | s per M rows | MB per M rows | outcome |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in results:
        n, fl = r["rows"], r.get("floor")
        fl_txt = f"{secs(fl['process'])} / {secs(fl['query'])}" if fl else "n/a"
        if "why" in r or "error" in r:
            why = r.get("why") or f"error: {r['error']}"
            short = "not run" if "why" in r else "error"
            lines.append(f"| {n:,} | {r['engine']} | {short} | {fl_txt} | {short} | {short} "
                         f"| {short} | {short} | {why} |")
            continue
        m = n / 1e6
        lines.append(
            f"| {n:,} | {r['engine']} | {secs(r['wall'])} | {fl_txt} | "
            f"{r['wall'] / fl['process']:.1f}x / {r['wall'] / fl['query']:.1f}x | "
            f"{r['peak'] / 1e9:.2f} | {r['wall'] / m:.2f} | {r['peak'] / 1e6 / m:.0f} | "
            f"completed (exit {r['rc']}) |")
    return lines


def targets(results: list[dict], sizes: list[int], equal: dict) -> list[str]:
    done = {(r["rows"], r["engine"]): r for r in results}
    lines = ["| target | reached | verdict |", "|---|---|---|"]

    def why_not(key):
        r = done.get(key)
        if r is None:
            return f"not run: {key[0]:,} rows not in --sizes" if key[0] not in sizes else \
                f"not run: {key[1]} not in --engines"
        return r.get("why") or f"error: {r.get('error')}"

    big = done.get((TARGET_ROWS, "duckdb"))
    ok = big is not None and "wall" in big and "why" not in big and "error" not in big
    if ok:
        ratio = big["wall"] / big["floor"]["process"]
        lines.append(f"| 100M rows, embedded engine (duckdb): peak of all processes <= 4 GB | "
                     f"{big['peak'] / 1e9:.2f} GB | "
                     f"{'met' if big['peak'] <= TARGET_PEAK else '**MISSED**'} |")
        lines.append(f"| 100M rows, embedded engine: run <= 10x the scan floor | {ratio:.1f}x the "
                     f"fresh-process floor ({big['wall'] / big['floor']['query']:.1f}x the query "
                     f"alone) | {'met' if ratio <= TARGET_RATIO else '**MISSED**'} |")
    else:
        why = why_not((TARGET_ROWS, "duckdb"))
        ran = sorted((n, r) for (n, e), r in done.items() if e == "duckdb" and n < TARGET_ROWS
                     and "wall" in r and "why" not in r and "error" not in r)
        if len(ran) >= 2:  # a projection, said to be one: never a pass
            (n0, r0), (n1, r1) = ran[-2], ran[-1]
            at = lambda k: r1[k] + (r1[k] - r0[k]) / (n1 - n0) * (TARGET_ROWS - n1)  # noqa: E731
            why += (f"; the line through {n0 / 1e6:g}M and {n1 / 1e6:g}M gives about "
                    f"{at('peak') / 1e9:.0f} GB and {at('wall'):.0f} s at 100M (a projection)")
        lines.append(f"| 100M rows, embedded engine (duckdb): peak of all processes <= 4 GB | "
                     f"{why} | **not reached** |")
        lines.append(f"| 100M rows, embedded engine: run <= 10x the scan floor | {why} | "
                     f"**not reached** |")
    for engine in ("duckdb", "pandas"):
        ran = sorted((n, r) for (n, e), r in done.items()
                     if e == engine and "wall" in r and "why" not in r and "error" not in r)
        if not ran:
            continue
        per = "; ".join(f"{n / 1e6:g}M: {r['wall'] / (n / 1e6):.2f} s, "
                        f"{r['peak'] / 1e6 / (n / 1e6):.0f} MB" for n, r in ran)
        steps = [(a, b) for a, b in zip(ran, ran[1:])]
        marg = "; ".join(f"{a[0] / 1e6:g}M->{b[0] / 1e6:g}M: "
                         f"{(b[1]['wall'] - a[1]['wall']) / ((b[0] - a[0]) / 1e6):.2f} s, "
                         f"{(b[1]['peak'] - a[1]['peak']) / 1e6 / ((b[0] - a[0]) / 1e6):.0f} MB"
                         for a, b in steps)
        linear = all(b[1]["wall"] / b[0] <= LINEAR_SLACK * a[1]["wall"] / a[0] and
                     b[1]["peak"] / b[0] <= LINEAR_SLACK * a[1]["peak"] / a[0] for a, b in steps)
        full = all(n in dict(ran) for n in (1_000_000, 10_000_000, TARGET_ROWS))
        if engine == "pandas":
            verdict = "for comparison"
        elif not steps:
            verdict = "**not reached** (one size)"
        elif not full:
            missing = [f"{n / 1e6:g}M" for n in (1_000_000, 10_000_000, TARGET_ROWS)
                       if n not in dict(ran)]
            verdict = ("no super-linear step among the sizes run" if linear else
                       "**MISSED** (a per-row cost grew)") + \
                f"; **not reached** at 1M/10M/100M: {', '.join(missing)} not run"
        else:
            verdict = "met" if linear else "**MISSED** (a per-row cost grew)"
        lines.append(f"| cost grows linearly, {engine}: per million rows (time, peak) | {per}"
                     + (f"; marginal per million rows {marg}" if marg else "") + f" | {verdict} |")
    spark = done.get((10_000_000, "spark"))
    duck = done.get((10_000_000, "duckdb"))
    if spark is not None and "wall" in spark and "why" not in spark and "error" not in spark:
        beside = (f"spark {secs(spark['wall'])} s, duckdb {secs(duck['wall'])} s "
                  f"({spark['wall'] / duck['wall']:.1f}x)" if duck and "wall" in duck
                  and "why" not in duck and "error" not in duck else
                  f"spark {secs(spark['wall'])} s, duckdb not run")
        eq = equal.get(10_000_000, ("n/a", "n/a"))
        lines.append(f"| Spark local mode, 10M rows: identical findings | findings equal: {eq[0]}; "
                     f"details equal: {eq[1]} | "
                     f"{'met' if eq[0].startswith('yes') else '**MISSED**'} |")
        lines.append(f"| Spark 10M: time beside DuckDB's | {beside} | stated |")
    else:
        why = why_not((10_000_000, "spark"))
        lines.append(f"| Spark local mode, 10M rows: identical findings | {why} | "
                     "**not reached** |")
        lines.append(f"| Spark 10M: time beside DuckDB's | {why} | **not reached** |")
    return lines


def report(ctx: dict) -> str:
    m = ctx["machine"]
    lines = [
        "# Scale: `ethicskit run` per engine against a scan floor", "",
        f"Written by `benchmarks/bench_scale.py {ctx['argv']}` on {ctx['date']}: {m['cores']} cores, "
        f"{m['memory_gib']:.0f} GiB ({ctx['available'] / 1e9:.1f} GB available at the start), "
        f"{m['cpu']}, Python {m['python']}; duckdb {version('duckdb')}, pyspark {version('pyspark')}, "
        f"pandas {m['pandas']}, pyarrow {m['pyarrow']}, Java {ctx['java']}; load average "
        f"{ctx['load_start']} at the start, {ctx['load_end']} at the end; best of {ctx['repeat']}; "
        f"Spark {ctx['spark']}; "
        f"`ethicskit run` options found: {', '.join(sorted(ctx['options'])) or 'no --engine'}.", "",
        "*run s*: the whole `ethicskit run` (fresh process tree, wall). *floor*: one DuckDB "
        "aggregate query (`count(*)` and `sum(hash(column))` of the columns the checks read, so "
        "that every value is read) over the "
        "Parquet folder, in a fresh process (start and imports included) / the query alone. *peak*: "
        "the summed RSS of every process of the run (runner, children, kernels, JVM), sampled every "
        "100 ms. Exit 1 is a completed run (the sample campaign breaks rules on purpose).", "",
        f"Columns the floor scans ({len(ctx.get('columns', []))} of "
        f"{len(ctx.get('all_columns', []))}): "
        + ", ".join(f"`{c}`" for c in ctx.get("columns", [])) + ".", "",
    ]
    if ctx.get("only"):
        lines += [f"**Only the {ctx['only']} area** (`ethicskit run --only {ctx['only']}`): the "
                  f"issue's targets are for the whole run; these rows say what the area alone "
                  f"costs, against a floor of the columns its checks read.", ""]
    lines += [f"- {n}" for n in ctx["notes"]] + [""]
    lines += table_rows(ctx["results"]) + [""]
    lines += ["| rows | data | floor, all columns (process / query) | findings equal across engines "
              "| details equal |", "|---:|---|---:|---|---|"]
    for d in ctx["data"]:
        eq = ctx["equal"].get(d["rows"], ("n/a", "n/a"))
        if d.get("skipped"):
            lines.append(f"| {d['rows']:,} | not made: no engine would run at this size "
                         f"| n/a | {eq[0]} | {eq[1]} |")
            continue
        made = (f"reused (made in {d['seconds']:.0f} s, {d['written']})" if d["reused"] else
                f"made in {d['seconds']:.1f} s, peak {gb(d['peak'])}")
        fa = d.get("floor_all")
        fa_txt = f"{secs(fa['process'])} / {secs(fa['query'])}" if fa else "n/a"
        lines.append(f"| {d['rows']:,} | {made}, {d['bytes'] / 1e6:.0f} MB Parquet | {fa_txt} | "
                     f"{eq[0]} | {eq[1]} |")
    lines += ["", "## Targets of issue 17" + (f" (runs of the {ctx['only']} area alone)"
                                               if ctx.get("only") else ""), ""]
    lines += targets(ctx["results"], ctx["sizes"], ctx["equal"]) + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------

def sizes_arg(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    import psutil

    p = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    p.add_argument("--sizes", type=sizes_arg, default=[1_000_000, 10_000_000, 100_000_000])
    p.add_argument("--engines", default="pandas,duckdb,spark")
    p.add_argument("--spark-sizes", type=sizes_arg, default=[10_000_000])
    p.add_argument("--spark-master", default="local[2]")
    p.add_argument("--spark-setting", action="append", default=[], metavar="NAME=VALUE",
                   help="a Spark setting for the Spark runs, added to the config's spark: "
                        "mapping (e.g. spark.driver.memory=8g); repeatable")
    p.add_argument("--data", type=Path, default=HERE / "_data" / "scale")
    p.add_argument("--out", type=Path, default=HERE / "SCALE.md")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per process")
    p.add_argument("--only", metavar="AREAS", default=None,
                   help="run only these areas (ethicskit run --only); the floor then scans "
                        "the columns their checks read")
    p.add_argument("--memory-floor", type=float, default=1.5,
                   help="kill a run when the machine's available memory falls under this (GB)")
    args = p.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    settings = dict(item.split("=", 1) for item in args.spark_setting)
    bad = [e for e in engines if e not in ENGINES]
    if bad:
        p.error(f"unknown engines {bad}; choose among {', '.join(ENGINES)}")
    sizes = sorted(set(args.sizes))
    mem_floor = args.memory_floor * 1e9
    sys.path.insert(0, str(ROOT / "src"))
    ctx = {"argv": " ".join(sys.argv[1:] if argv is None else argv), "repeat": args.repeat,
           "only": args.only,
           "load_start": load_average(), "available": psutil.virtual_memory().available,
           "sizes": sizes, "results": [], "data": [], "equal": {}, "notes": [],
           "spark": f"master `{args.spark_master}`" + "".join(
               f", `{k}: {v}`" for k, v in settings.items())}
    options = run_options()
    ctx["options"] = options
    print(f"ethicskit run options: {sorted(options) or 'no --engine (the pandas path only)'}",
          flush=True)
    args.data.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".runs-", dir=args.data))
    peaks: dict[str, list[tuple[int, int]]] = {e: [] for e in engines}
    try:
        def skip_reason(engine: str, n: int) -> str | None:
            if engine == "spark" and n not in args.spark_sizes:
                return "not run: spark only at --spark-sizes " + ", ".join(
                    f"{s:,}" for s in args.spark_sizes)
            if engine != "pandas" and "--engine" not in options:
                return "not run: `ethicskit run` has no --engine option yet"
            if engine == "spark" and "--spark-master" not in options:
                return "not run: `ethicskit run` has no --spark-master option yet"
            need = estimate_peak(peaks[engine], n)
            avail = psutil.virtual_memory().available
            if need is not None and need > 0.8 * avail:
                return f"not run: needs about {need / 1e9:.1f} GB, {avail / 1e9:.1f} GB available"
            return None

        for n in sizes:
            print(f"\n== {n:,} rows", flush=True)
            reasons = {e: skip_reason(e, n) for e in engines}
            if all(reasons.values()) and not present(n, args.seed, args.data):
                print("  data: not made: no engine would run at this size", flush=True)
                for e in engines:
                    print(f"  {e}: {reasons[e]}", flush=True)
                    ctx["results"].append({"rows": n, "engine": e, "floor": None,
                                           "why": reasons[e]})
                ctx["data"].append({"rows": n, "skipped": True})
                ctx["equal"][n] = ("n/a (no run)", "n/a")
                continue
            d = ensure_data(n, args.seed, args.data, args.timeout, mem_floor)
            print(("  data: reused " if d["reused"] else "  data: made ")
                  + f"{d['folder']} ({d['seconds']:.1f} s to make, {d['bytes'] / 1e6:.0f} MB)",
                  flush=True)
            if "columns" not in ctx:
                ctx["columns"], ctx["all_columns"], ctx["notes"] = check_columns(
                    d["config"], d["folder"],
                    areas=args.only.split(",") if args.only else None)
                print(f"  floor columns ({len(ctx['columns'])}): {', '.join(ctx['columns'])}")
                for note in ctx["notes"]:
                    print(f"  note: {note}")
            fl = floor(d["folder"], ctx["columns"], args.repeat, args.timeout, mem_floor)
            if fl["rows"] != n:
                raise SystemExit(f"the floor counted {fl['rows']:,} rows, not {n:,}")
            d["floor_all"] = floor(d["folder"], ctx["all_columns"], args.repeat, args.timeout,
                                   mem_floor)
            print(f"  floor: {fl['process']:.2f} s process, {fl['query']:.2f} s query; all "
                  f"columns {d['floor_all']['process']:.2f} / {d['floor_all']['query']:.2f} s",
                  flush=True)
            ctx["data"].append(d)
            summaries = {}
            for engine in engines:
                row = {"rows": n, "engine": engine, "floor": fl}
                ctx["results"].append(row)
                why = skip_reason(engine, n)  # memory available now
                if why:
                    row["why"] = why
                    print(f"  {engine}: {row['why']}", flush=True)
                    continue
                print(f"  {engine}: running ...", flush=True)
                config = spark_config(d["config"], settings) if engine == "spark" else d["config"]
                r = run_engine(d["folder"], config, engine, options, args.spark_master,
                               args.repeat, args.timeout, mem_floor, scratch, only=args.only)
                row.update(r)
                if "error" in r:
                    print(f"  {engine}: ERROR {r['error']} after {r['wall']:.1f} s, peak "
                          f"{gb(r['peak'])}\n    " + r["stderr_tail"].replace("\n", "\n    "),
                          flush=True)
                    continue
                peaks[engine].append((n, r["peak"]))
                summaries[engine] = r.pop("summary")
                print(f"  {engine}: {r['wall']:.1f} s ({r['wall'] / fl['process']:.1f}x the "
                      f"floor), peak {gb(r['peak'])}, exit {r['rc']}", flush=True)
            ctx["equal"][n] = compare(summaries)
            print(f"  findings equal across engines: {ctx['equal'][n][0]}; details equal: "
                  f"{ctx['equal'][n][1]}", flush=True)
            del summaries
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ctx["machine"] = machine()
    ctx["java"] = java_version()
    ctx["load_end"] = load_average()
    ctx["date"] = dt.date.today().isoformat()
    text = report(ctx)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print("\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
