#!/usr/bin/env python
"""Benchmark of the whole ``ethicskit run`` against its floor (issue 12), in one process run.

    .venv/bin/python benchmarks/bench_suite.py [--rows 1000000] [--repeat 3]

The floor of a dataset is what any notebook-based audit must pay at least: a fresh Python
process that imports pandas, matplotlib, seaborn and aif360 and reads the dataset once
(``pandas.read_parquet``, or ``pandas.read_csv(engine="pyarrow")`` for a CSV). Every figure is
a ratio to a floor measured in the same run, best of ``--repeat``:

* the bundled 5,000-row sample: ``ethicskit run`` with one reused kernel (``--jobs 1``) and
  with two (``--jobs 2``), against the floor of its CSV;
* the sample campaign generated at ``--rows`` (CSV and Parquet under ``benchmarks/_data/``,
  git-ignored): ``ethicskit run`` on the Parquet file and on the CSV, each against its own
  floor, with the peak of the summed RSS of all the run's processes (runner, the child that
  computes the record, kernels; sampled every 50 ms in one more run of its own, as the
  sampling takes CPU from a timed run) against the dataset's in-memory size
  (``memory_usage(deep=True)`` of the frame ``read_parquet`` returns);
* for context, ``record.compute`` (every check, table and file) on a loaded campaign, the
  product's own call, and ``open_campaign`` (read, map, type, validate).

The table is printed and written to ``benchmarks/RESULTS.md`` (``--out``) with the machine's
cores, memory and load average, and each target with the figure reached. No test asserts a time:
tests/test_bench_smoke.py runs this at 3,000 rows and checks only that the table is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: The targets of issue 12.
RUN_OVER_FLOOR = 3.0
MEMORY_OVER_DATA = 2.0
#: Runs ``ethicskit run`` and reports the largest RSS among its processes (getrusage).
LAUNCHER = ("import json, resource, subprocess, sys\n"
            "rc = subprocess.call(sys.argv[1:], stdout=sys.stderr)\n"
            "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(json.dumps({'rc': rc, 'maxrss_kb': ru.ru_maxrss}))\n")
#: The floor: a fresh process with the libraries a notebook audit needs, reading the file once.
FLOOR = ("import sys, warnings; warnings.filterwarnings('ignore')\n"
         "import pandas as pd, matplotlib, seaborn, aif360\n"
         "path = sys.argv[1]\n"
         "pd.read_parquet(path) if path.endswith('.parquet') else "
         "pd.read_csv(path, engine='pyarrow')\n")


def best_of(fn, repeat: int):
    """(best seconds, result of the best call) of ``repeat`` calls of ``fn``."""
    best, result = math.inf, None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        out = fn()
        took = time.perf_counter() - start
        if took < best:
            best, result = took, out
    return best, result


def machine() -> dict:
    """Cores, memory, CPU model, load average and library versions."""
    import numpy as np
    import pandas as pd
    import pyarrow

    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        import aif360
        aif_version = aif360.__version__
    except ImportError:  # pragma: no cover - a dependency of the package
        aif_version = "absent"
    return {"cores": os.cpu_count(), "memory_gib": mem / 2**30 if mem else None, "cpu": cpu,
            "python": platform.python_version(), "pandas": pd.__version__,
            "numpy": np.__version__, "pyarrow": pyarrow.__version__, "aif360": aif_version}


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "n/a"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "n/a"


def generate(rows: int, seed: int, folder: Path) -> tuple[Path, Path, Path]:
    """The sample campaign at ``rows`` as CSV and Parquet, with its config and inventory."""
    from ethicskit.sample.build import write_sample

    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / f"campaign_{rows}.csv"
    sample = write_sample(csv, rows=rows, seed=seed, count_expected=False)
    parquet = csv.with_suffix(".parquet")
    sample.df.to_parquet(parquet, index=False)
    return csv, parquet, csv.with_suffix(".yaml")


def floor(path: Path, repeat: int) -> float:
    """Best wall seconds of the floor process on ``path``."""
    return best_of(lambda: subprocess.run([sys.executable, "-c", FLOOR, str(path)],
                                          check=True, capture_output=True), repeat)[0]


def run_whole(dataset: Path, config: Path, out: Path, jobs: int, *, watch: bool = False) -> dict:
    """One ``ethicskit run`` in a fresh process tree: wall, largest RSS and, with ``watch``,
    the peak of the summed RSS of its processes (sampled every 50 ms by a thread of this
    process; walking the process tree that often costs CPU the run then lacks on 2 cores, so
    the timed runs are not watched)."""
    psutil = None
    if watch:
        try:
            import psutil
        except ImportError:  # pragma: no cover - ipykernel brings it
            psutil = None
    cmd = [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "ethicskit.cli", "run",
           str(dataset), "--config", str(config), "--out", str(out), "--jobs", str(jobs)]
    peak = {"sum": 0}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)

    def sample():
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0
            try:
                for child in root.children(recursive=True):  # not the launcher itself
                    try:
                        total += child.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak["sum"] = max(peak["sum"], total)
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True) if psutil else None
    if watcher:
        watcher.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    if watcher:
        watcher.join()
    try:
        info = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise SystemExit(f"ethicskit run did not report:\n{stderr[-2000:]}") from None
    if info["rc"] not in (0, 1):  # 1: the campaign breaks rules (the sample does, on purpose)
        raise SystemExit(f"ethicskit run failed (exit {info['rc']}):\n{stderr[-2000:]}")
    return {"wall": wall, "largest_rss": info["maxrss_kb"] * 1024,
            "tree_rss": peak["sum"] if psutil else None, "exit": info["rc"]}


def gb(n) -> str:
    if n is None:
        return "n/a"
    if n >= 1e9:
        return f"{n / 1e9:.2f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 1e7 else f"{n / 1e6:.1f} MB"


def best_run(dataset, config, out: Path, jobs: int, repeat: int) -> dict:
    """The fastest of ``repeat`` whole runs, and the memory of one more run watched for it
    (``tree_rss``: the peak of all its processes together); run folders removed."""
    runs = []
    for _ in range(max(1, repeat)):
        runs.append(run_whole(dataset, config, out, jobs))
        shutil.rmtree(out, ignore_errors=True)
    best = min(runs, key=lambda r: r["wall"])
    watched = run_whole(dataset, config, out, jobs, watch=True)
    shutil.rmtree(out, ignore_errors=True)
    best["tree_rss"] = best["tree_rss_max"] = watched["tree_rss"]
    best["largest_rss"] = max(r["largest_rss"] for r in runs + [watched])
    return best


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--data-dir", type=Path, default=HERE / "_data")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = p.parse_args(argv)
    warnings.filterwarnings("ignore")
    sys.path.insert(0, str(ROOT / "src"))
    import pandas as pd

    from ethicskit import record
    from ethicskit.campaign import PACKAGE_DATA, open_campaign

    data = args.data_dir
    runs = data / "runs"
    r: dict = {"rows": args.rows, "repeat": args.repeat}
    sample_csv = PACKAGE_DATA / "sample" / "campaign.csv"
    sample_cfg = PACKAGE_DATA / "sample" / "campaign.yaml"
    print("bundled sample ...", flush=True)
    r["sample_floor"] = floor(sample_csv, args.repeat)
    r["sample_run1"] = best_run(sample_csv, sample_cfg, runs, 1, args.repeat)
    r["sample_run2"] = best_run(sample_csv, sample_cfg, runs, 2, args.repeat)

    print(f"generating {args.rows:,} rows ...", flush=True)
    csv, parquet, config = generate(args.rows, args.seed, data)
    r["data_bytes"] = int(pd.read_parquet(parquet).memory_usage(deep=True).sum())
    r["parquet_floor"] = floor(parquet, args.repeat)
    r["csv_floor"] = floor(csv, args.repeat)
    r["load"], campaign = best_of(lambda: open_campaign(parquet, config_path=config),
                                  args.repeat)
    record.compute(campaign)  # imports (aif360, scikit-learn) once, outside the timing
    r["compute"], rec = best_of(lambda: record.compute(campaign), args.repeat)
    errors = [f.check_id for f in rec.findings if f.status == "error"]
    if errors:
        raise SystemExit(f"checks ended in error: {', '.join(errors)}")
    del campaign, rec
    print("whole runs ...", flush=True)
    r["run_parquet"] = best_run(parquet, config, runs, 1, args.repeat)
    r["run_csv"] = best_run(csv, config, runs, 1, args.repeat)
    shutil.rmtree(runs, ignore_errors=True)
    r["machine"] = machine()
    r["load_average"] = load_average()
    text = report(r)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


def verdict(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


def report(r: dict) -> str:
    m = r["machine"]
    s1, s2, rp, rc = r["sample_run1"], r["sample_run2"], r["run_parquet"], r["run_csv"]
    sample_ratio = min(s1["wall"], s2["wall"]) / r["sample_floor"]
    parquet_ratio = rp["wall"] / r["parquet_floor"]
    csv_ratio = rc["wall"] / r["csv_floor"]
    peak = max(rp["tree_rss_max"] or 0, rc["tree_rss_max"] or 0) or None
    mem_ratio = peak / r["data_bytes"] if peak else None
    lines = [
        "# Benchmark results", "",
        f"{dt.date.today().isoformat()}, {m['cores']} cores, {m['memory_gib']:.0f} GiB, {m['cpu']}, "
        f"pandas {m['pandas']}, aif360 {m['aif360']}, Python "
        f"{platform.python_version()}, load average {r['load_average']}; best of "
        f"{r['repeat']}. Written by `benchmarks/bench_suite.py --rows {r['rows']}`.", "",
        "| measure | seconds | ratio to its floor | memory |", "|---|---|---|---|",
        f"| floor: bundled sample (5,000 rows, CSV) | {r['sample_floor']:.2f} | 1 | |",
        f"| `ethicskit run`, bundled sample, one reused kernel (`--jobs 1`) | "
        f"{s1['wall']:.2f} | {s1['wall'] / r['sample_floor']:.2f} | {gb(s1['tree_rss_max'])} |",
        f"| `ethicskit run`, bundled sample, two kernels (`--jobs 2`) | {s2['wall']:.2f} | "
        f"{s2['wall'] / r['sample_floor']:.2f} | {gb(s2['tree_rss_max'])} |",
        f"| floor: {r['rows']:,} rows, Parquet | {r['parquet_floor']:.2f} | 1 | "
        f"{gb(r['data_bytes'])} in memory |",
        f"| floor: {r['rows']:,} rows, CSV | {r['csv_floor']:.2f} | 1 | |",
        f"| `open_campaign` (Parquet) | {r['load']:.2f} | {r['load'] / r['parquet_floor']:.2f} "
        f"| |",
        f"| `record.compute` (all checks, tables, files) | {r['compute']:.2f} | "
        f"{r['compute'] / r['parquet_floor']:.2f} | |",
        f"| **`ethicskit run` on Parquet** | {rp['wall']:.2f} | {parquet_ratio:.2f} | "
        f"{gb(rp['tree_rss_max'])} all processes |",
        f"| **`ethicskit run` on CSV** | {rc['wall']:.2f} | {csv_ratio:.2f} (CSV floor) | "
        f"{gb(rc['tree_rss_max'])} all processes |",
        "", "## Targets of issue 12", "",
        "| target | reached | |", "|---|---|---|",
        f"| run on the bundled sample <= {RUN_OVER_FLOOR:g} x its floor | {sample_ratio:.2f} x "
        f"| {verdict(sample_ratio <= RUN_OVER_FLOOR)} |",
        f"| run on {r['rows']:,} rows from Parquet <= {RUN_OVER_FLOOR:g} x its floor | "
        f"{parquet_ratio:.2f} x | {verdict(parquet_ratio <= RUN_OVER_FLOOR)} |",
        f"| run on {r['rows']:,} rows from CSV <= {RUN_OVER_FLOOR:g} x the CSV floor | "
        f"{csv_ratio:.2f} x | {verdict(csv_ratio <= RUN_OVER_FLOOR)} |",
        f"| peak memory of all the run's processes <= {MEMORY_OVER_DATA:g} x the data in "
        f"memory | " + (f"{mem_ratio:.2f} x ({gb(peak)} / {gb(r['data_bytes'])})"
                        if mem_ratio else "n/a") +
        f" | {verdict(mem_ratio is not None and mem_ratio <= MEMORY_OVER_DATA)} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
