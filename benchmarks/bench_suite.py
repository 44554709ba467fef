#!/usr/bin/env python
"""Benchmark of ethicskit on a campaign of N rows (issue 8): the read floor, loading, the checks
of every area, the whole ``ethicskit run`` and two peers, in one process run.

    .venv/bin/python benchmarks/bench_suite.py [--rows 1000000] [--repeat 3]

It generates the sample campaign at ``--rows`` (CSV and Parquet, under ``benchmarks/_data/``,
git-ignored), or takes ``--dataset``/``--config``, then times (best of ``--repeat``):

* the floor: ``pandas.read_parquet`` and ``pandas.read_csv(engine="pyarrow")`` of the file;
  the Parquet read is timed again just before the checks (the process then as warm as for
  them) and the faster best of the two is the floor of every ratio;
* loading through the package: ``open_campaign`` (read, map, type, validate) on each file;
* the checks: ``registry.run_area(area, campaign)`` for each area on an already-loaded campaign,
  each area on a fresh ``Campaign`` object (no cached reductions from earlier areas or runs, as
  in a notebook kernel); the modules are imported first on the bundled sample, and that first
  use (imports of aif360, scikit-learn...) is its own line; then all areas ``--jobs`` at a time
  through ``registry.run_areas(campaign, jobs=...)`` (forked workers, as ``ethicskit run``
  runs its notebooks side by side), its findings checked equal to those one by one;
* the whole ``ethicskit run`` on the Parquet file and on the CSV, in a fresh process: wall time,
  peak RSS of the largest process of the run (``getrusage(RUSAGE_CHILDREN)``, what
  ``/usr/bin/time -v`` reports) and the peak of the summed RSS of all processes of the run
  (runner, papermill, kernels; sampled every 50 ms);
* peers on the same rows: the selection and error-rate metrics of ``bias.selection_rate`` and
  ``bias.error_rate_parity`` against aif360 on the raw rows (values asserted equal to 1e-9), and
  ``privacy.k_anonymity`` against a row-level pandas ``groupby().transform("size")``.

The table is printed and written to ``benchmarks/RESULTS.md`` (``--out``) with the machine's
cores, memory and load average, and each target of the issue with the figure reached.
"""

from __future__ import annotations

import argparse
import dataclasses
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

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_peers import bias_peer, kanon_peer  # noqa: E402

AREAS = ("privacy", "bias", "targeting", "transparency")
#: The targets of issue 8.
CHECKS_OVER_READ = 2.0
RUN_PARQUET_S = 90.0
CSV_EXTRA_S = 30.0
MEMORY_OVER_DATA = 3.0
BIAS_SPEEDUP = 5.0
#: Runs ``ethicskit run`` and reports the largest RSS among its processes (getrusage).
LAUNCHER = ("import json, resource, subprocess, sys\n"
            "rc = subprocess.call(sys.argv[1:], stdout=sys.stderr)\n"
            "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(json.dumps({'rc': rc, 'maxrss_kb': ru.ru_maxrss}))\n")


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


def generate(rows: int, seed: int, folder: Path) -> tuple[Path, Path, Path]:
    """The sample campaign at ``rows`` as CSV and Parquet, with its config and inventory."""
    from ethicskit.sample.base import write_sample

    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / f"campaign_{rows}.csv"
    sample = write_sample(csv, rows=rows, seed=seed, count_expected=False)
    parquet = csv.with_suffix(".parquet")
    sample.df.to_parquet(parquet, index=False)
    return csv, parquet, csv.with_suffix(".yaml")


def given(dataset: Path, config: Path, folder: Path) -> tuple[Path, Path, Path]:
    """A campaign of the user's: the other format is written beside it under ``folder`` (a
    CSV's columns as the text ethicskit reads from it; a Parquet's values as CSV text)."""
    from ethicskit.data import read_table
    from ethicskit.sample.base import _csv_frame

    folder.mkdir(parents=True, exist_ok=True)
    if dataset.suffix == ".parquet":
        csv = folder / f"{dataset.stem}.csv"
        _csv_frame(pd.read_parquet(dataset)).to_csv(csv, index=False)
        return csv, dataset, config
    parquet = folder / f"{dataset.name.split('.')[0]}.parquet"
    read_table(dataset)[0].to_parquet(parquet, index=False)
    return dataset, parquet, config


def first_read(parquet: Path) -> float:
    """Seconds of one ``read_parquet`` in a fresh process (after its imports): what a notebook
    kernel pays, before the allocator and thread pools are warm. For context only."""
    code = ("import sys, time, pandas as pd\n"
            "start = time.perf_counter(); pd.read_parquet(sys.argv[1])\n"
            "print(time.perf_counter() - start)\n")
    out = subprocess.run([sys.executable, "-c", code, str(parquet)], capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def csv_delimiter(csv: Path) -> str:
    """The delimiter ethicskit finds in the CSV's header line."""
    import gzip

    from ethicskit.data import detect_delimiter

    opener = gzip.open if csv.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(csv, "rt", encoding="utf-8", errors="replace") as f:
        return detect_delimiter(f.readline(), path=str(csv))


def fresh(campaign):
    """The same loaded campaign as a new object: no reduction cached by an earlier run."""
    return dataclasses.replace(campaign)


def time_checks(campaign, repeat: int) -> dict:
    """Best time of ``run_area`` per area (each on a fresh campaign) and its per-check times."""
    from ethicskit.registry import checks_for, run_check

    out = {}
    for area in AREAS:
        def one(area=area):
            c, times, statuses = fresh(campaign), {}, {}
            for spec in checks_for(area):
                start = time.perf_counter()
                statuses[spec.id] = run_check(spec, c).status
                times[spec.id] = time.perf_counter() - start
            return times, statuses
        seconds, (times, statuses) = best_of(one, repeat)
        errors = [k for k, s in statuses.items() if s == "error"]
        if errors:
            raise SystemExit(f"checks ended in error: {', '.join(errors)}")
        out[area] = {"seconds": seconds, "checks": times}
    return out


def time_side_by_side(campaign, jobs: int, repeat: int) -> float:
    """Best time of ``run_areas(campaign, AREAS, jobs=jobs)``: the areas ``jobs`` at a time in
    forked worker processes, as ``ethicskit run --jobs`` runs the notebooks. Its findings must
    equal those of the areas one after another."""
    from ethicskit.registry import run_area, run_areas

    seconds, found = best_of(lambda: run_areas(fresh(campaign), AREAS, jobs=jobs), repeat)
    alone = {k: f for area in AREAS for k, f in run_area(area, fresh(campaign)).items()}
    if {k: f.to_dict() for k, f in found.items()} != {k: f.to_dict() for k, f in alone.items()}:
        raise SystemExit("run_areas(jobs) gave other findings than the areas one by one")
    return seconds


def run_whole(dataset: Path, config: Path, out: Path, jobs: int) -> dict:
    """One ``ethicskit run`` in a fresh process tree: wall, largest RSS, summed RSS peak."""
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


def faster(peer: float, ours: float) -> str:
    """Which of the two is faster, and by how much."""
    if ours <= peer:
        return f"ethicskit {peer / ours:.1f} x faster"
    return f"the peer {ours / peer:.1f} x faster"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(r: dict) -> str:
    """RESULTS.md: machine, the table of timings, the targets, the per-check times."""
    m, d = r["machine"], r["data"]
    floor = r["read_parquet"]
    checks_total = sum(a["seconds"] for a in r["checks"].values())
    pq_run, csv_run = r["run_parquet"], r["run_csv"]
    lines = [
        "# ethicskit benchmark", "",
        f"Run `{r['command']}` on {r['date']} (best of {r['repeat']} for every time).", "",
        f"Machine: {m['cores']} cores, {m['memory_gib']:.1f} GiB memory, {m['cpu']}; load "
        f"average (1, 5, 15 min) {r['load_start']} at the start and {r['load_end']} at the end. "
        f"Python {m['python']}, pandas {m['pandas']}, numpy {m['numpy']}, pyarrow "
        f"{m['pyarrow']}, aif360 {m['aif360']}.", "",
        f"Data: {d['source']}, {d['rows']:,} rows x {d['columns']} columns; CSV "
        f"{gb(d['csv_bytes'])}, Parquet {gb(d['parquet_bytes'])}; in memory "
        f"{gb(d['memory'])} (pandas `memory_usage(deep=True)` of `read_parquet`), the typed "
        f"campaign {gb(d['campaign_memory'])}.", "",
        "| measurement | time | ratio / note |", "| --- | ---: | --- |",
        f"| floor: `pandas.read_parquet` (the faster of its best just after the data is "
        f"written, {r['read_parquet_first']:.2f} s, and its best just before the checks are "
        f"timed) | {floor:.2f} s | 1.00 |",
        f"| (context: the same read done once in a fresh process) | "
        f"{r['read_parquet_cold']:.2f} s | {r['read_parquet_cold'] / floor:.2f} x read |",
        f"| floor: `pandas.read_csv(engine=\"pyarrow\")` | {r['read_csv']:.2f} s | |",
        f"| load: `open_campaign` on Parquet (read, type, validate) | {r['open_parquet']:.2f} s "
        f"| {r['open_parquet'] / floor:.2f} x read |",
        f"| load: `open_campaign` on CSV | {r['open_csv']:.2f} s | |",
        f"| first use of the check modules (imports, on the bundled sample) | "
        f"{r['warmup']:.2f} s | once per process |",
    ]
    for area in AREAS:
        lines.append(f"| checks: {area} (`run_area` on the loaded campaign) | "
                     f"{r['checks'][area]['seconds']:.2f} s | |")
    side = r["checks_side_by_side"]
    lines += [
        f"| **checks: all areas, one after another** (the sum of the four lines above) | "
        f"**{checks_total:.2f} s** | **{checks_total / floor:.2f} x read** "
        f"({checks_total / r['read_parquet_cold']:.2f} x a first read) |",
        f"| **checks: all areas, {r['checks_jobs']} at a time** (`run_areas(..., "
        f"jobs={r['checks_jobs']})`, as `ethicskit run --jobs {r['checks_jobs']}`) | "
        f"**{side:.2f} s** | **{side / floor:.2f} x read** |",
        f"| `ethicskit run` on Parquet (wall) | {pq_run['wall']:.1f} s | largest process "
        f"{gb(pq_run['largest_rss'])}; all processes {gb(pq_run['tree_rss'])} |",
        f"| `ethicskit run` on CSV (wall) | {csv_run['wall']:.1f} s | largest process "
        f"{gb(csv_run['largest_rss'])}; all processes {gb(csv_run['tree_rss'])} |",
    ]
    bias, kanon = r["bias_peer"], r["kanon_peer"]
    if bias.get("skipped"):
        lines.append(f"| peer: aif360 on the raw rows | n/a | {bias['skipped']} |")
    else:
        lines += [
            f"| bias metrics: ethicskit (`selection_rate` + `error_rate_parity`) | "
            f"{bias['ethicskit']:.2f} s | {bias['values']} values equal to aif360 (1e-9) |",
            f"| bias metrics: aif360 on the {d['rows']:,} raw rows | {bias['aif360']:.2f} s | "
            f"{faster(bias['aif360'], bias['ethicskit'])} |",
        ]
    if kanon.get("skipped"):
        lines.append(f"| peer: row-level k-anonymity | n/a | {kanon['skipped']} |")
    else:
        lines += [
            f"| k-anonymity: ethicskit (`privacy.k_anonymity`) | {kanon['ethicskit']:.2f} s | "
            f"k = {kanon['k']}, {kanon['affected']:,} rows below k_min, equal to the peer |",
            f"| k-anonymity: pandas `groupby(...).transform(\"size\")` on the rows | "
            f"{kanon['peer']:.2f} s | {faster(kanon['peer'], kanon['ethicskit'])} (the check also "
            f"builds the class-size histogram and its evidence) |",
        ]
    memory_cap = MEMORY_OVER_DATA * d["memory"]
    targets = [
        (f"all checks of all areas <= 2 x a Parquet read: {r['checks_jobs']} areas at a time "
         f"(the read uses every core too)", f"{side / floor:.2f} x",
         side <= CHECKS_OVER_READ * floor),
        ("all checks of all areas <= 2 x a Parquet read: one after another, one core",
         f"{checks_total / floor:.2f} x", checks_total <= CHECKS_OVER_READ * floor),
        ("`ethicskit run` on Parquet <= 90 s", f"{pq_run['wall']:.1f} s",
         pq_run["wall"] <= RUN_PARQUET_S),
        ("`ethicskit run` on CSV <= Parquet run + 30 s",
         f"+{csv_run['wall'] - pq_run['wall']:.1f} s",
         csv_run["wall"] - pq_run["wall"] <= CSV_EXTRA_S),
        (f"peak memory <= 3 x the data ({gb(memory_cap)}): largest process (getrusage)",
         f"{gb(max(pq_run['largest_rss'], csv_run['largest_rss']))}",
         max(pq_run["largest_rss"], csv_run["largest_rss"]) <= memory_cap),
    ]
    if pq_run["tree_rss"] is not None:
        tree = max(pq_run["tree_rss"], csv_run["tree_rss"])
        targets.append((f"peak memory <= 3 x the data ({gb(memory_cap)}): all processes of the "
                        f"run together (sampled)", gb(tree), tree <= memory_cap))
    if not bias.get("skipped"):
        speed = bias["aif360"] / bias["ethicskit"]
        targets.append(("bias metrics >= 5 x faster than aif360 on raw rows, identical values",
                        f"{speed:.1f} x, {bias['values']} values equal",
                        speed >= BIAS_SPEEDUP))
    lines += ["", "## Targets of issue 8", "", "| target | reached | |", "| --- | --- | --- |"]
    lines += [f"| {name} | {got} | {verdict(ok)} |" for name, got, ok in targets]
    lines += ["", "## Checks one by one", "",
              "Seconds of each check in the best run of its area (a check that builds a shared "
              "reduction, such as the bias group counts, carries its cost).", "",
              "| check | seconds |", "| --- | ---: |"]
    for area in AREAS:
        for check_id, seconds in r["checks"][area]["checks"].items():
            lines.append(f"| {check_id} | {seconds:.3f} |")
    lines += ["", "What each line times: see the docstring of `benchmarks/bench_suite.py` and "
              "`benchmarks/README.md`.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated sample")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=3, help="best of this many runs per timing")
    p.add_argument("--jobs", type=int, default=2, help="--jobs of ethicskit run")
    p.add_argument("--dataset", type=Path, help="time this campaign instead of the sample")
    p.add_argument("--config", type=Path, help="its config (with --dataset)")
    p.add_argument("--data-dir", type=Path, default=HERE / "_data")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = p.parse_args(argv)
    warnings.filterwarnings("ignore")
    r: dict = {"command": " ".join(["benchmarks/bench_suite.py", *(argv or sys.argv[1:])]),
               "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "repeat": args.repeat, "load_start": load_average(), "machine": machine()}

    def say(text: str) -> None:
        print(text, flush=True)

    if args.dataset:
        if not args.config:
            p.error("--dataset needs --config")
        csv, parquet, config = given(args.dataset, args.config, args.data_dir)
        source = str(args.dataset)
    else:
        say(f"generating the sample campaign at {args.rows:,} rows ...")
        csv, parquet, config = generate(args.rows, args.seed, args.data_dir)
        source = f"the sample campaign (seed {args.seed})"

    from ethicskit.campaign import open_campaign
    from ethicskit.registry import run_area

    r["read_parquet"], frame = best_of(lambda: pd.read_parquet(parquet), args.repeat)
    r["data"] = {"source": source, "rows": len(frame), "columns": frame.shape[1],
                 "memory": int(frame.memory_usage(deep=True).sum()),
                 "csv_bytes": csv.stat().st_size, "parquet_bytes": parquet.stat().st_size}
    del frame
    r["read_parquet_cold"] = first_read(parquet)
    say(f"floor read_parquet {r['read_parquet']:.2f} s (first read in a fresh process "
        f"{r['read_parquet_cold']:.2f} s)")
    sep = csv_delimiter(csv)
    r["read_csv"], _ = best_of(lambda: len(pd.read_csv(csv, sep=sep, engine="pyarrow")),
                               args.repeat)
    say(f"floor read_csv {r['read_csv']:.2f} s")
    r["open_csv"], _ = best_of(lambda: open_campaign(csv, config_path=config).rows, args.repeat)
    say(f"open_campaign csv {r['open_csv']:.2f} s")
    r["open_parquet"], campaign = best_of(lambda: open_campaign(parquet, config_path=config),
                                          args.repeat)
    r["data"]["campaign_memory"] = int(campaign.df.memory_usage(deep=True).sum())
    say(f"open_campaign parquet {r['open_parquet']:.2f} s")

    start = time.perf_counter()
    sample = open_campaign()
    for area in AREAS:
        run_area(area, sample)
    r["warmup"] = time.perf_counter() - start
    # the floor again, now that the process is as warm as it is for the checks (allocator,
    # thread pools, page cache): the lower of the two is the floor every ratio uses
    again, _ = best_of(lambda: len(pd.read_parquet(parquet)), max(args.repeat, 3))
    r["read_parquet_first"] = r["read_parquet"]
    r["read_parquet"] = min(r["read_parquet"], again)
    say(f"floor read_parquet again {again:.2f} s: the floor is {r['read_parquet']:.2f} s")
    r["checks"] = time_checks(campaign, args.repeat)
    say("checks " + ", ".join(f"{a} {v['seconds']:.2f} s" for a, v in r["checks"].items()))
    r["checks_jobs"] = args.jobs
    r["checks_side_by_side"] = time_side_by_side(campaign, args.jobs, args.repeat)
    say(f"checks, {args.jobs} areas at a time {r['checks_side_by_side']:.2f} s")

    r["kanon_peer"] = kanon_peer(campaign, fresh, best_of, args.repeat)
    say(f"k-anonymity peer {r['kanon_peer']}")
    r["bias_peer"] = bias_peer(campaign, fresh, best_of, args.repeat)
    say(f"bias peer {r['bias_peer']}")
    del campaign

    runs = args.data_dir / "runs"
    for kind, path in (("parquet", parquet), ("csv", csv)):
        shutil.rmtree(runs, ignore_errors=True)
        done = [run_whole(path, config, runs, args.jobs) for _ in range(max(1, args.repeat))]
        r[f"run_{kind}"] = {"wall": min(x["wall"] for x in done),
                            "largest_rss": max(x["largest_rss"] for x in done),
                            "tree_rss": (max(x["tree_rss"] for x in done)
                                         if done[0]["tree_rss"] is not None else None)}
        say(f"ethicskit run {kind} {r[f'run_{kind}']}")
    shutil.rmtree(runs, ignore_errors=True)
    r["load_end"] = load_average()

    text = report(r)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
