"""``ethicskit run``: compute the record once, present it in the area notebooks, write one run.

The package computes every output of a run in one pass (:func:`ethicskit.record.compute`, in a
short-lived child process): ``findings/<area>.json``, ``suppress.csv``, the notice, the data sheet,
the figure tables and the key figures. The area notebooks then run on one reused kernel
(:mod:`ethicskit.kernel`) and only present that stored record; a notebook that crashes makes its
page ``error`` and the run exit 2, but the findings stay those the package computed.

The run folder ``<out>/<run_id>/`` (docs/data.md) is built in a hidden temporary folder and
renamed into place only when complete, so a reader never sees half a run and no earlier run is
overwritten. ``<out>/latest`` (a symbolic link) moves to the new run only when every notebook
ran: a run with a crashed notebook is kept for its tracebacks, but ``latest`` keeps naming the
last complete one. No copy of the campaign's rows is ever written to disk.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ethicskit import __version__
from ethicskit.errors import InputError, ParameterError, RunError
from ethicskit.findings import (AREAS, STATUS_ORDER, Finding, area_statuses, count_statuses,
                                sort_findings, worst)
from ethicskit.paths import AREA_NOTEBOOKS, NOTEBOOKS

RUN_ID = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")
#: Parameters the runner sets itself; ``-p`` may not override them.
RESERVED = ("record_dir",)


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


def claim_run_id(out: Path, now: dt.datetime) -> str:
    """A run id no other run has or is building: the UTC start time, with ``-2``, ``-3``...
    when taken. The claim is a folder ``.claim-<run_id>`` made with one atomic ``mkdir``, so two
    runs started in the same second into one ``--out`` never get the same id."""
    base = now.strftime("%Y%m%dT%H%M%SZ")
    run_id, i = base, 1
    while True:
        if not (out / run_id).exists():
            try:
                os.mkdir(out / f".claim-{run_id}")
                return run_id
            except FileExistsError:
                pass
        i += 1
        run_id = f"{base}-{i}"


def previous_run(out: Path) -> Path | None:
    """The run ``latest`` names, if it is a complete run folder."""
    latest = out / "latest"
    if latest.is_symlink() or latest.is_dir():
        target = latest.resolve()
        if (target / "summary.json").is_file():
            return target
    return None


def changes_since(previous: Path | None, findings: list[Finding]) -> dict:
    """New failures and resolved failures against the previous complete run."""
    if previous is None:
        return {"previous_run": None, "new_failures": [], "resolved": []}
    try:
        before = json.loads((previous / "summary.json").read_text(encoding="utf-8"))
        was_findings = before["findings"]
        was = {f["check_id"] for f in was_findings if f["status"] in ("fail", "error")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"previous_run": previous.name, "new_failures": [], "resolved": [],
                "error": f"could not compare with {previous.name}: its summary.json is "
                         f"damaged ({type(exc).__name__})"}
    now = {f.check_id for f in findings if f.status in ("fail", "error")}
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


@dataclass
class Prepared:
    """What the child process computed, as the runner keeps it: metadata and the findings."""

    meta: dict
    findings: tuple[Finding, ...]
    export: list[str] = field(default_factory=list)  # the extract's report, with --export


def _compute_here(dataset: str | None, config: str | None, as_of: str | None, areas: list[str],
                  folder: Path, export: str | None = None):
    """Load and validate the campaign, compute its record and write it into ``folder``; with
    ``export``, write the anonymised extract too (:func:`ethicskit.anonymise.anonymise`; its
    key is looked for before anything is done). Returns ``(Prepared, Record)``."""
    from ethicskit import record
    from ethicskit.campaign import open_campaign

    campaign = open_campaign(dataset, config_path=config, as_of=as_of)
    key = None
    if export:
        from ethicskit.anonymise import load_key

        key = load_key(campaign.config)
    rec = record.compute(campaign, areas)
    lines: list[str] = []
    if export:
        from ethicskit.anonymise import anonymise

        lines = anonymise(campaign, out=export, key=key).lines()
    del campaign
    record.write(rec, folder)
    return Prepared(meta=dict(rec.meta), findings=rec.findings, export=lines), rec


def _sendable(exc: BaseException) -> BaseException:
    """``exc`` if it crosses a pipe intact (input errors do), else a :class:`RunError` that
    carries its type, message and traceback."""
    import pickle
    import traceback

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - anything that does not pickle is told as text
        error = RunError(f"Computing the record failed: {type(exc).__name__}: {exc}")
        error.remote_traceback = "".join(traceback.format_exception(exc))
        return error


def _child(conn, args) -> None:
    """The child process: compute and write the record, send it, then draw the key figures
    (while the notebooks already present the record) and say when they are done."""
    from ethicskit.figures import write_key_figures

    try:
        prepared, rec = _compute_here(*args)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the runner
        conn.send(("error", _sendable(exc)))
        return
    conn.send(("record", prepared))
    try:
        write_key_figures(rec, args[4])
        conn.send(("figures", None))
    except BaseException as exc:  # noqa: BLE001
        conn.send(("error", _sendable(exc)))
    finally:
        conn.close()


class Computation:
    """The record of a run, computed in a short-lived child process (forked where the system
    can): parsing a large file takes several times the data's memory, and when the child ends
    all of it goes back to the system. :meth:`record` waits for the record (input errors come
    back unchanged); the child then draws the key figures while the notebooks run, and
    :meth:`figures` waits for them. Without fork, both are done in this process."""

    def __init__(self, dataset: str | None, *, config: str | None, as_of: str | None,
                 areas: list[str], folder: Path, export: str | None = None) -> None:
        self.args = (dataset, config, as_of, areas, folder, export)
        self.rec = None
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork here (Windows, macOS default)
            self.process = None
            return
        self.conn, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(sender, self.args), daemon=True)
        self.process.start()
        sender.close()

    def _receive(self, expected: str):
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise RunError("Computing the record stopped: its process ended unexpectedly "
                           "(out of memory?).") from exc
        if kind == "error":
            raise value
        assert kind == expected, (kind, expected)
        return value

    def record(self) -> Prepared:
        if self.process is None:
            prepared, self.rec = _compute_here(*self.args)
            return prepared
        return self._receive("record")

    def figures(self) -> None:
        if self.process is None:
            from ethicskit.figures import write_key_figures

            write_key_figures(self.rec, self.args[4])
            return
        self._receive("figures")
        self.process.join()

    def stop(self) -> None:
        """End the child if it still runs (a failed or interrupted run)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


#: Below this size of the dataset file, the kernels start while the record is computed (their
#: start-up then costs no time); above it they start after the child has ended, so that the
#: child's peak memory and theirs do not add up.
EARLY_KERNEL_BYTES = 64 * 1024 * 1024


def _dataset_bytes(dataset: str | None, config: str | None) -> int | None:
    """The size of the dataset file the run will read, when it can be told cheaply (None
    otherwise: the config is the child's to read and report on)."""
    from ethicskit.campaign import SAMPLE_CONFIG

    try:
        if dataset:
            return os.path.getsize(dataset)
        from ethicskit.config import load_config

        named = load_config(config or SAMPLE_CONFIG).dataset
        return os.path.getsize(named) if named else None
    except Exception:  # noqa: BLE001 - any problem is reported by the child, not here
        return None


def check_notebook_parameters(notebooks: list[Path], parameters: dict) -> None:
    """Every ``-p`` name must be declared by every notebook."""
    from ethicskit.notebooks import check_parameters

    for notebook in notebooks:
        check_parameters(notebook, parameters)


def summarise(prepared: Prepared, *, run_id: str, started: dt.datetime, previous: Path | None,
              notebooks: dict[str, str]) -> dict:
    """The ``summary.json`` of a run, built from the computed findings."""
    findings = sort_findings(prepared.findings)
    meta = prepared.meta
    return {
        "schema_version": 1,
        "run_id": run_id,
        "status": worst(f.status for f in findings),
        "started_at": started.isoformat().replace("+00:00", "Z"),
        "finished_at": None,
        "as_of": meta["as_of"],
        "campaign": meta["campaign"],
        "dataset": meta["dataset"],
        "ethicskit_version": __version__,
        "counts": count_statuses(findings),
        "areas": area_statuses(findings),
        "notebooks": notebooks,
        "findings": [f.to_dict() for f in findings],
        "changes": changes_since(previous, findings),
        "keyed_by_row": meta["keyed_by_row"],
        "duration_seconds": None,
    }


def _present(areas: list[str], build: Path, nb_dir: Path, extra: dict, kernels: list,
             log: Callable[[str], None]) -> dict:
    """Run the area notebooks on the started ``kernels`` (one area at a time on each) and
    render each page as soon as its notebook is done; returns area -> Execution."""
    from ethicskit.notebooks import HtmlPages

    queue = list(areas)
    results: dict = {}
    logs = build / "logs"
    logs.mkdir(exist_ok=True)
    pages = ThreadPoolExecutor(max_workers=1)  # pages render while the next notebook runs
    renderer: list = []

    def render(output: Path) -> None:
        if not renderer:
            renderer.append(HtmlPages())
        renderer[0].write(output, output.with_suffix(".html"))

    def worker(kernel) -> list:
        rendered = []
        while queue:
            area = queue.pop(0)
            name = AREA_NOTEBOOKS[area]
            log(f"  started  {area:<13} {name}")
            # the kernel works in the build folder: "." names the record there and after the
            # rename, and no page names the temporary folder
            params = {**extra, "record_dir": "."}
            res = kernel.run(nb_dir / name, build / name, params)
            results[area] = res
            state = "done" if res.ok else "FAILED"
            log(f"  {state:<8} {area:<13} {name} in {res.seconds:.1f}s"
                + ("" if res.ok else f": {res.error}"))
            (logs / f"{area}.log").write_text(
                f"notebook {name}\nparameters {json.dumps(params)}\n"
                f"seconds {res.seconds:.2f}\nstatus {'ok' if res.ok else 'error'}\n"
                + (f"error {res.error}\n" if res.error else ""), encoding="utf-8")
            if res.output.exists():
                rendered.append(pages.submit(render, res.output))
        return rendered

    try:
        with ThreadPoolExecutor(max_workers=len(kernels)) as pool:
            rendered = [f for w in [pool.submit(worker, k) for k in kernels] for f in w.result()]
        for future in rendered:
            future.result()
    finally:
        pages.shutdown(wait=True)
    return results


def _start_kernels(jobs: int, areas: list[str], build: Path) -> list:
    from ethicskit.kernel import Kernel

    kernels = []
    try:
        for _ in range(max(1, min(jobs, len(areas)))):
            kernels.append(Kernel(cwd=build))
            kernels[-1].start()
    except BaseException:
        for kernel in kernels:
            kernel.stop()
        raise
    return kernels


def run(*, dataset: str | None = None, config: str | None = None, out: str | Path = "reports",
        areas: list[str] | None = None, as_of: str | None = None, jobs: int = 1,
        keep: int | None = None, pdf: bool = False, parameters: dict | None = None,
        notebooks_dir: str | Path | None = None, export: str | Path | None = None,
        log: Callable[[str], None] = print) -> RunResult:
    """Run the suite; see the module docstring. Input errors raise before anything is written."""
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    clock = time.perf_counter()
    areas = list(areas or AREAS)
    for area in areas:
        if area not in AREAS:
            raise InputError(f"--only: unknown area {area!r}; areas are {', '.join(AREAS)}")
    areas = [a for a in AREAS if a in areas]
    if jobs < 1:
        raise InputError(f"--jobs: expected 1 or more, got {jobs}")
    if keep is not None and keep < 1:
        raise InputError(f"--keep: expected 1 or more, got {keep}")
    if pdf:  # a missing browser is said before anything runs, not after
        from ethicskit.pdf import find_chromium

        find_chromium()
    nb_dir = Path(notebooks_dir) if notebooks_dir else NOTEBOOKS
    extra = dict(parameters or {})
    for name in extra:
        if name in RESERVED:
            raise ParameterError(f"-p {name}: set by ethicskit run itself; it cannot be "
                                 f"overridden")
    out = Path(out)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    run_id = claim_run_id(out, started)
    claim = out / f".claim-{run_id}"
    build = out / f".building-{run_id}-{os.getpid()}"
    build.mkdir()
    computation = None
    kernels: list = []
    try:
        try:
            computation = Computation(dataset, config=config, as_of=as_of, areas=areas,
                                      folder=build, export=str(export) if export else None)
            # checked while the child loads: reading notebooks imports nbformat (seconds)
            check_notebook_parameters([nb_dir / AREA_NOTEBOOKS[a] for a in areas], extra)
            size = _dataset_bytes(dataset, config)
            if size is not None and size <= EARLY_KERNEL_BYTES:
                kernels = _start_kernels(jobs, areas, build)  # they start while it computes
            prepared = computation.record()
        except BaseException:  # bad input leaves nothing behind
            computation and computation.stop()
            for kernel in kernels:
                kernel.stop()
            shutil.rmtree(build, ignore_errors=True)
            claim.rmdir()
            if created and not any(out.iterdir()):
                out.rmdir()
            raise
        meta = prepared.meta
        log(f"ethicskit {__version__}: {meta['campaign']} — {meta['dataset']['rows']:,} rows "
            f"from {meta['dataset']['path']}, as of {meta['as_of']}")
        for line in prepared.export:
            log(f"  export   {line}")
        try:
            kernels = kernels or _start_kernels(jobs, areas, build)
            results = _present(areas, build, nb_dir, extra, kernels, log)
            for kernel in kernels:
                kernel.stop()
            computation.figures()
            failed = [a for a in areas if not results[a].ok]
            previous = previous_run(out)
            summary = summarise(prepared, run_id=run_id, started=started, previous=previous,
                                notebooks={a: "error" if a in failed else "ok" for a in areas})
            finished = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
            summary["finished_at"] = finished.isoformat().replace("+00:00", "Z")
            summary["duration_seconds"] = round(time.perf_counter() - clock, 1)
            (build / "summary.json").write_text(
                json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
            from ethicskit.report import write_index

            write_index(summary, build, notebooks=[AREA_NOTEBOOKS[a] for a in areas])
            if pdf:
                from ethicskit.pdf import write_pdf

                write_pdf(build / "index.html", build / "report.pdf")
            os.rename(build, out / run_id)
        except BaseException:
            computation.stop()
            for kernel in kernels:
                kernel.stop()
            shutil.rmtree(build, ignore_errors=True)
            raise
    finally:
        if claim.exists():
            claim.rmdir()
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
