"""``ethicskit run``: validate once, run the area notebooks, write one complete run folder.

The run folder ``<out>/<run_id>/`` (DATA.md section 4) is built in a hidden temporary folder and
renamed into place only when complete, so a reader never sees half a run and no earlier run is
overwritten. ``<out>/latest`` (a symbolic link) moves to the new run only when no notebook
failed: a crashed run is kept for its tracebacks, but ``latest`` keeps naming the last complete
one.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ethicskit import __version__
from ethicskit.errors import InputError, RunError
from ethicskit.findings import (AREAS, STATUS_ORDER, area_statuses, count_statuses,
                                read_findings, sort_findings, worst)
from ethicskit.notebooks import check_parameters, execute, to_html
from ethicskit.paths import AREA_NOTEBOOKS, NOTEBOOKS
from ethicskit.registry import checks_for, finding

RUN_ID = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
WORK = "_work"


@dataclass
class RunResult:
    """What a run made: its folder, summary and the status of each area."""

    run_dir: Path
    summary: dict
    areas_failed: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.summary["status"]

    def exit_code(self, *, fail_on: str = "fail") -> int:
        """0 no finding at or above ``fail_on``; 1 at least one; 2 a notebook failed."""
        if self.areas_failed or self.summary["counts"].get("error"):
            return 2
        limit = STATUS_ORDER.index(fail_on)
        hit = any(STATUS_ORDER.index(s) <= limit and n for s, n in self.summary["counts"].items()
                  if s in ("fail", "warn"))
        return 1 if hit else 0


def new_run_id(out: Path, now: dt.datetime) -> str:
    base = now.strftime("%Y%m%dT%H%M%SZ")
    run_id, i = base, 1
    while (out / run_id).exists():
        i += 1
        run_id = f"{base}-{i}"
    return run_id


def previous_run(out: Path) -> Path | None:
    """The run ``latest`` names, if it is a complete run folder."""
    latest = out / "latest"
    if latest.is_symlink() or latest.is_dir():
        target = latest.resolve()
        if (target / "summary.json").is_file():
            return target
    return None


def changes_since(previous: Path | None, findings: list[dict]) -> dict:
    """New failures and resolved failures against the previous complete run."""
    if previous is None:
        return {"previous_run": None, "new_failures": [], "resolved": []}
    before = json.loads((previous / "summary.json").read_text(encoding="utf-8"))
    was = {f["check_id"] for f in before.get("findings", []) if f["status"] in ("fail", "error")}
    now = {f["check_id"] for f in findings if f["status"] in ("fail", "error")}
    return {"previous_run": before.get("run_id", previous.name),
            "previous_status": before.get("status"),
            "new_failures": sorted(now - was), "resolved": sorted(was - now)}


def point_latest(out: Path, run_id: str) -> None:
    """Move ``<out>/latest`` to ``run_id`` atomically (a relative symbolic link)."""
    tmp = out / f".latest-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(run_id, tmp)
    os.replace(tmp, out / "latest")


def prune(out: Path, keep: int) -> list[str]:
    """Remove all but the ``keep`` newest run folders; never the one ``latest`` names."""
    if keep < 1:
        raise InputError(f"--keep: expected 1 or more, got {keep}")
    runs = sorted((p for p in out.iterdir() if p.is_dir() and not p.is_symlink()
                   and RUN_ID.match(p.name)), key=lambda p: p.name)
    latest = previous_run(out)
    removed = []
    for old in runs[:-keep]:
        if latest is not None and old.resolve() == latest:
            continue
        shutil.rmtree(old)
        removed.append(old.name)
    return removed


def _error_findings(area: str, reason: str) -> list[dict]:
    return [finding(spec.id, status="error", message=f"The {area} notebook failed before this "
                    f"check's result was saved: {reason}", details={"error": reason}).to_dict()
            for spec in checks_for(area)]


def run(*, dataset: str | None = None, config: str | None = None, out: str | Path = "reports",
        areas: list[str] | None = None, as_of: str | None = None, jobs: int = 2,
        keep: int | None = None, pdf: bool = False, parameters: dict | None = None,
        notebooks_dir: str | Path | None = None,
        log: Callable[[str], None] = print) -> RunResult:
    """Run the suite; see the module docstring. Input errors raise before anything is written."""
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    clock = time.perf_counter()
    areas = list(areas or AREAS)
    for area in areas:
        if area not in AREAS:
            raise InputError(f"--only: unknown area {area!r}; areas are {', '.join(AREAS)}")
    if jobs < 1:
        raise InputError(f"--jobs: expected 1 or more, got {jobs}")
    if pdf:  # a missing browser is said before any notebook runs, not after
        from ethicskit.pdf import find_chromium

        find_chromium()
    nb_dir = Path(notebooks_dir) if notebooks_dir else NOTEBOOKS
    extra = dict(parameters or {})
    out = Path(out)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    run_id = new_run_id(out, started)
    build = out / f".building-{run_id}-{os.getpid()}"
    work = build / WORK
    try:
        campaign = prepare(dataset, config=config, as_of=as_of, folder=work,
                           notebooks=[nb_dir / AREA_NOTEBOOKS[a] for a in areas],
                           parameters={**_base_params(Path(".")), **extra})
    except BaseException:  # bad input leaves nothing behind
        shutil.rmtree(build, ignore_errors=True)
        if created and not any(out.iterdir()):
            out.rmdir()
        raise
    log(f"ethicskit {__version__}: {campaign.name} — {campaign.rows:,} rows from "
        f"{campaign.source}, as of {campaign.as_of.isoformat()}")

    def one(area: str):
        name = AREA_NOTEBOOKS[area]
        log(f"  started  {area:<13} {name}")
        params = {**_base_params(build), **extra}
        result = execute(nb_dir / name, build / name, params, cwd=build,
                         log_file=work / f"{area}.log")
        state = "done" if result.ok else "FAILED"
        log(f"  {state:<8} {area:<13} {name} in {result.seconds:.1f}s"
            + ("" if result.ok else f": {result.error}"))
        return area, result

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = dict(pool.map(one, areas))
        findings, failed = [], []
        for area in areas:
            res = results[area]
            path = build / "findings" / f"{area}.json"
            if res.ok and path.is_file():
                findings += read_findings(path)
            else:
                failed.append(area)
                reason = res.error or "no findings were written"
                findings += _error_findings(area, reason)
                (build / "findings").mkdir(exist_ok=True)
                path.write_text(json.dumps(_error_findings(area, reason), indent=2),
                                encoding="utf-8")
            if res.output.exists():
                to_html(res.output, res.output.with_suffix(".html"))
        findings = sort_findings(findings)
        previous = previous_run(out)
        summary = {
            "schema_version": 1,
            "run_id": run_id,
            "status": worst(f["status"] for f in findings),
            "started_at": started.isoformat().replace("+00:00", "Z"),
            "finished_at": None,
            "as_of": campaign.as_of.isoformat(),
            "campaign": campaign.name,
            "dataset": campaign.dataset,
            "ethicskit_version": __version__,
            "counts": count_statuses(findings),
            "areas": {a: s for a, s in area_statuses(findings).items()},
            "findings": findings,
            "changes": changes_since(previous, findings),
            "keyed_by_row": campaign.keyed_by_row,
            "duration_seconds": None,
        }
        for area in failed:
            summary["areas"][area] = "error"
        finished = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        summary["finished_at"] = finished.isoformat().replace("+00:00", "Z")
        summary["duration_seconds"] = round(time.perf_counter() - clock, 1)
        (build / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False),
                                            encoding="utf-8")
        from ethicskit.report import write_index

        write_index(summary, build, notebooks=[AREA_NOTEBOOKS[a] for a in areas])
        logs = build / "logs"
        logs.mkdir(exist_ok=True)
        for log_file in work.glob("*.log"):
            shutil.move(str(log_file), logs / log_file.name)
        shutil.rmtree(work)
        if pdf:
            from ethicskit.pdf import write_pdf

            write_pdf(build / "index.html", build / "report.pdf")
        os.rename(build, out / run_id)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    final = out / run_id
    if not failed:
        point_latest(out, run_id)
    if keep:
        removed = prune(out, keep)
        if removed:
            log(f"  pruned   {len(removed)} older run(s)")
    result = RunResult(final, summary, failed)
    log(f"Overall status: {summary['status'].upper()}"
        + (f" (notebook failed: {', '.join(failed)})" if failed else ""))
    log(f"Report: {final / 'index.html'}")
    return result


@dataclass
class Prepared:
    """What the runner keeps of a validated campaign: its metadata, not its rows."""

    name: str
    rows: int
    source: str
    as_of: dt.date
    keyed_by_row: bool
    dataset: dict  # the ``dataset`` object of summary.json


def _prepare_here(dataset: str | None, config: str | None, as_of: str | None, folder: Path,
                  notebooks: list[Path], parameters: dict) -> Prepared:
    """Check the notebooks' parameters, load, type and validate the campaign, and write its
    snapshot to ``folder``."""
    from ethicskit.campaign import open_campaign

    for notebook in notebooks:
        check_parameters(notebook, parameters)
    campaign = open_campaign(dataset, config_path=config, as_of=as_of)
    campaign.write_snapshot(folder)
    return Prepared(name=campaign.config.name, rows=campaign.rows, source=campaign.source,
                    as_of=campaign.as_of, keyed_by_row=campaign.keyed_by_row,
                    dataset=campaign.meta())


def prepare(dataset: str | None, *, config: str | None, as_of: str | None, folder: Path,
            notebooks: list[Path], parameters: dict) -> Prepared:
    """Check the parameters and validate the campaign into a snapshot in ``folder``.

    The work runs in a short-lived child process (forked where the system can): parsing a large
    file takes several times the data's memory, and when the child ends all of it goes back to
    the system before the notebooks start. The runner itself never imports pandas, so it stays
    small while the notebooks run. Input errors come back from the child unchanged.
    """
    args = (dataset, config, as_of, folder, notebooks, parameters)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork here (Windows, macOS default): work in this process
        return _prepare_here(*args)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(_prepare_here, *args).result()
        except BrokenProcessPool as exc:
            raise RunError("Loading the campaign stopped: its process ended unexpectedly "
                           "(out of memory?).") from exc


def _base_params(build: Path) -> dict:
    return {"snapshot_dir": str((build / WORK).resolve()), "output_dir": str(build.resolve())}
