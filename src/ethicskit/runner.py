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

Nothing outlives a run that stops early: an input error, a crash, Ctrl-C or ``SIGTERM`` (turned
into :class:`~ethicskit.errors.Terminated` while a run is under way) removes the build folder and
ends the child process and the kernels. Build folders and claims that a killed run (``SIGKILL``,
power loss) left behind are removed by the next run into the same ``--out``. When ``--pdf`` cannot
print, the HTML run is still put in place and the run exits 2 (:attr:`RunResult.pdf_error`).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ethicskit import __version__
from ethicskit.errors import (InputError, ParameterError, PdfError, RunError, Terminated,
                              printable)
from ethicskit.findings import (AREAS, STATUS_ORDER, Finding, area_statuses, count_statuses,
                                sort_findings, worst)
from ethicskit.lifetime import die_with_parent
from ethicskit.memory import release as release_memory
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
    #: Why ``report.pdf`` could not be written (``--pdf``), else None; the run exits 2.
    pdf_error: str | None = None

    @property
    def status(self) -> str:
        return self.summary["status"]

    def exit_code(self, *, fail_on: str = "fail") -> int:
        """0 no finding at or above ``fail_on``; 1 at least one; 2 a notebook failed, a check
        ended in ``error`` or the PDF could not be printed."""
        if self.areas_failed or self.summary["counts"].get("error") or self.pdf_error:
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


#: A claim older than this is stale: no run takes that long to start.
STALE_CLAIM_SECONDS = 24 * 3600
BUILDING = re.compile(r"^\.building-.+-(\d+)$")
LATEST_TMP = re.compile(r"^\.latest-(\d+)$")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return True
    return True


def remove_stale(out: Path, *, now: float | None = None) -> list[str]:
    """Remove what killed runs left in ``out``: ``.building-<run_id>-<pid>`` folders whose
    process is gone and ``.claim-<run_id>`` folders older than a day; returns their names."""
    now = time.time() if now is None else now
    removed = []
    for path in out.iterdir():
        name = path.name
        try:
            if (m := BUILDING.match(name)) and path.is_dir() and not path.is_symlink():
                if int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
                    shutil.rmtree(path)
                    removed.append(name)
            elif name.startswith(".claim-") and path.is_dir() and not path.is_symlink():
                if now - path.stat().st_mtime > STALE_CLAIM_SECONDS:
                    shutil.rmtree(path)
                    removed.append(name)
            elif (m := LATEST_TMP.match(name)) and path.is_symlink():
                if not _pid_alive(int(m.group(1))):
                    path.unlink()
        except OSError:  # gone meanwhile, or not ours to remove: not this run's business
            continue
    return removed


class _TermAsInterrupt:
    """While a run is under way (main thread only), ``SIGTERM`` raises
    :class:`~ethicskit.errors.Terminated`, so the cleanup that Ctrl-C gets runs too; the
    previous handler is put back afterwards."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            try:
                self.previous = signal.signal(signal.SIGTERM, self._raise)
            except (ValueError, OSError):  # not settable here (embedded interpreter)
                self.previous = None
        return self

    @staticmethod
    def _raise(signum, frame):
        raise Terminated(signum)

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


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
    #: check id -> title and unit of every registered check (:func:`ethicskit.report.
    #: check_words`: the report's changes name checks this run may not have), sent by the
    #: child, so that the runner does not import the registry (every check, and pandas)
    words: dict = field(default_factory=dict)


def _compute_here(dataset: str | None, config: str | None, as_of: str | None, areas: list[str],
                  folder: Path, export: str | None = None, engine: str | None = None,
                  spark_master: str | None = None):
    """Load and validate the campaign, compute its record and write it into ``folder``; with
    ``export``, write the anonymised extract too (:func:`ethicskit.anonymise.anonymise`; its
    key is looked for before anything is done). Returns ``(Prepared, Record)``."""
    from ethicskit import record
    from ethicskit.campaign import open_campaign
    from ethicskit.compressed import open_for

    if export:  # the extract is made of the rows
        campaign = open_campaign(dataset, config_path=config, as_of=as_of, engine=engine,
                                 spark_master=spark_master)
    else:
        campaign = open_for(areas, dataset, config_path=config, as_of=as_of, engine=engine,
                            spark_master=spark_master)
    key = None
    if export:
        from ethicskit.anonymise import load_key

        key = load_key(campaign.config)
    rec = record.compute(campaign, areas)
    if campaign.cells is not None:  # a compressed campaign: its engine's views go
        campaign.cells.close()
    lines: list[str] = []
    if export:
        from ethicskit.anonymise import anonymise

        lines = anonymise(campaign, out=export, key=key).lines()
    del campaign
    record.write(rec, folder)
    from ethicskit.report import check_words

    return Prepared(meta=dict(rec.meta), findings=rec.findings, export=lines,
                    words=check_words()), rec


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


#: The areas whose figures a second process (forked from the child once the record is sent)
#: draws, beside the child drawing the others': the bias area's figures take about half the
#: drawing. Measured on the sample, the whole run (``ethicskit run``, 2 cores): 7.40 s best of
#: 6 against 7.99 s with one drawer (median 7.5 s against 8.2 s).
BESIDE = ("bias",)

#: Signals held back from the fork until the child has set its own handlers.
HELD_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _child(conn, args, parent: int) -> None:
    """The child process: compute and write the record, send it, then draw every figure of the
    run area by area (while the notebooks already present the areas drawn), saying when each
    area's figures are done; a process forked from it draws the :data:`BESIDE` areas' at the
    same time (each adds its entries to ``figures/index.json``, :func:`ethicskit.figures.
    merge_index`). Both end with the runner, even when the runner is killed outright
    (:func:`ethicskit.lifetime.die_with_parent`)."""
    from ethicskit.figures import write_figures

    # the runner's SIGTERM handler is inherited by fork; here a SIGTERM (Computation.stop, or
    # the runner's death) must end the process at once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)  # held since the fork
    die_with_parent(parent)
    try:
        prepared, rec = _compute_here(*args)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the runner
        conn.send(("error", _sendable(exc)))
        return
    conn.send(("record", prepared))
    release_memory(collect=True, trim=True)  # the rows are gone: kernels start beside it
    try:
        beside = [a for a in rec.areas if a in BESIDE] if len(rec.areas) > 1 else []
        pid = os.fork() if beside else -1
        if pid == 0:  # the second drawer: its areas, then out (it ends with the child too)
            try:
                die_with_parent(os.getppid())
                write_figures(rec, args[4], done=lambda area: conn.send(("figures", area)),
                              areas=beside)
            except BaseException as exc:  # noqa: BLE001
                conn.send(("error", _sendable(exc)))
            finally:
                os._exit(0)
        write_figures(rec, args[4], done=lambda area: conn.send(("figures", area)),
                      areas=[a for a in rec.areas if a not in beside])
        if pid > 0:
            os.waitpid(pid, 0)
        conn.send(("figures", None))
    except BaseException as exc:  # noqa: BLE001
        conn.send(("error", _sendable(exc)))
    finally:
        conn.close()


class Computation:
    """The record of a run, computed in a short-lived child process (forked where the system
    can): parsing a large file takes several times the data's memory, and when the child ends
    all of it goes back to the system. :meth:`record` waits for the record (input errors come
    back unchanged); the child then draws the figures area by area while the notebooks run, and
    :meth:`figures` waits for one area's (or all of them). Without fork, both are done in this
    process."""

    def __init__(self, dataset: str | None, *, config: str | None, as_of: str | None,
                 areas: list[str], folder: Path, export: str | None = None,
                 engine: str | None = None, spark_master: str | None = None) -> None:
        self.args = (dataset, config, as_of, areas, folder, export, engine, spark_master)
        self.rec = None
        self.drawn: set = set()  # areas whose figures are drawn (None: all of them)
        self.lock = threading.Lock()
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork here (Windows, macOS default)
            self.process = None
            return
        self.conn, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(sender, self.args, os.getpid()),
                                       daemon=True)
        # the fork starts with SIGTERM and SIGINT held back: a signal that arrives before the
        # child has taken its own handlers must not run the runner's in a copy of the runner
        held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
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

    def figures(self, area: str | None = None) -> None:
        """Wait until the figures of ``area`` are drawn (None: all of them, and the child has
        ended). Safe to call from several threads."""
        from ethicskit.figures import write_figures

        with self.lock:
            if self.process is None:  # drawn here, all at the first call
                if None not in self.drawn:
                    write_figures(self.rec, self.args[4], done=self.drawn.add)
                    self.drawn.add(None)
                return
            while None not in self.drawn and (area is None or area not in self.drawn):
                self.drawn.add(self._receive("figures"))
            if area is None:
                self.process.join()

    def stop(self) -> None:
        """End the child if it still runs (a failed or interrupted run)."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(5)


#: Below this size of the dataset file, the kernels start while the record is computed (their
#: start-up then costs no time); above it they start once the record is computed and the child
#: has given the rows' memory back (:func:`ethicskit.memory.release`), so that the child's peak
#: memory and theirs do not add up.
EARLY_KERNEL_BYTES = 64 * 1024 * 1024


def _dataset_bytes(dataset: str | None, config: str | None) -> int | None:
    """The size of the dataset file the run will read, when it can be told cheaply (None
    otherwise: the config is the child's to read and report on)."""
    from ethicskit.paths import SAMPLE_CONFIG  # not ethicskit.campaign: no pandas here

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
        "notes": meta.get("notes", []),
        "duration_seconds": None,
    }


def _present(areas: list[str], build: Path, nb_dir: Path, extra: dict, kernels: list,
             log: Callable[[str], None], *, drawn: Callable[[str], None]) -> dict:
    """Run the area notebooks on the started ``kernels`` (one area at a time on each, each once
    ``drawn(area)`` says its figures are there) and render each page as soon as its notebook is
    done; returns area -> Execution."""
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
            drawn(area)
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

    pool = ThreadPoolExecutor(max_workers=len(kernels))
    try:
        rendered = [f for w in [pool.submit(worker, k) for k in kernels] for f in w.result()]
        for future in rendered:
            future.result()
    except BaseException:  # interrupted: no next notebook, and the running ones end now
        queue.clear()
        for kernel in kernels:
            _kill_kernel(kernel)
        raise
    finally:
        pool.shutdown(wait=True)
        pages.shutdown(wait=True, cancel_futures=True)
    return results


def _kill_kernel(kernel) -> None:
    """Kill the kernel's process (from any thread, without touching its channels): the
    notebook running on it then fails within a second and its worker returns."""
    try:
        pid = kernel.km.provisioner.process.pid
        os.kill(pid, signal.SIGKILL)
    except Exception:  # noqa: BLE001 - not started, or already gone
        pass


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


def _print_pdf(build: Path, log: Callable[[str], None]) -> str | None:
    """Print ``report.pdf`` (the report, the area pages, the notice and the data sheet in one
    PDF: :func:`ethicskit.pdf.write_run_pdf`); on failure say why and return it (the HTML run is
    kept)."""
    from ethicskit.pdf import write_run_pdf

    try:
        write_run_pdf(build, build / "report.pdf")
    except Exception as exc:  # noqa: BLE001 - the audit is kept; the run exits 2
        (build / "report.pdf").unlink(missing_ok=True)
        why = str(exc) if isinstance(exc, RunError) else f"{type(exc).__name__}: {exc}"
        if not why.startswith("--pdf"):
            why = f"--pdf: {why}"
        error = str(PdfError(f"{why}; report.pdf was not written"))
        log(f"  FAILED   pdf           {error}")
        return error
    return None


def run(*, dataset: str | None = None, config: str | None = None, out: str | Path = "reports",
        areas: list[str] | None = None, as_of: str | None = None, jobs: int = 1,
        keep: int | None = None, pdf: bool = False, parameters: dict | None = None,
        notebooks_dir: str | Path | None = None, export: str | Path | None = None,
        engine: str | None = None, spark_master: str | None = None,
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
    from ethicskit.config import ENGINE_CHOICES  # a leaf without pandas

    if engine is not None and engine not in ENGINE_CHOICES:
        raise InputError(f"--engine: {engine!r} is not an engine; choose one of "
                         f"{', '.join(ENGINE_CHOICES)}")
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
    with _TermAsInterrupt():
        return _run(out=out, started=started, clock=clock, dataset=dataset, config=config,
                    areas=areas, as_of=as_of, jobs=jobs, keep=keep, pdf=pdf, extra=extra,
                    nb_dir=nb_dir, export=export, engine=engine, spark_master=spark_master,
                    log=lambda msg: log(printable(msg)))


def skip_iri_grammars() -> None:
    """Keep ``rfc3987_syntax`` out of this process: jsonschema (imported by nbformat, which
    executes and renders the notebooks) uses it, when it is installed, only to check the "iri"
    string format, which no notebook schema uses, and importing it builds 38 Lark grammars
    (1.4 s of CPU measured here). A module already imported is left alone."""
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)  # None: ``import`` raises ImportError


def _make_build(out: Path, started: dt.datetime, log: Callable[[str], None]):
    """Create ``out`` if needed, clear what killed runs left there, claim a run id and make its
    build folder; an ``out`` that cannot be written is a :class:`RunError` naming it."""
    created = not out.exists()
    claim = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        stale = remove_stale(out)
        if stale:
            log(f"  removed  {len(stale)} folder(s) left by an earlier run that was killed")
        run_id = claim_run_id(out, started)
        claim = out / f".claim-{run_id}"
        build = out / f".building-{run_id}-{os.getpid()}"
        build.mkdir()
    except OSError as exc:
        if claim is not None:
            shutil.rmtree(claim, ignore_errors=True)
        why = exc.strerror or type(exc).__name__
        raise RunError(f"--out {out}: cannot write the run folder there ({why})") from exc
    return created, run_id, claim, build


def _run(*, out: Path, started, clock, dataset, config, areas, as_of, jobs, keep, pdf, extra,
         nb_dir, export, engine, spark_master, log) -> RunResult:
    created, run_id, claim, build = _make_build(out, started, log)
    computation = None
    kernels: list = []
    pdf_error = None
    try:
        try:
            computation = Computation(dataset, config=config, as_of=as_of, areas=areas,
                                      folder=build, export=str(export) if export else None,
                                      engine=engine, spark_master=spark_master)
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
        reader, cells = meta.get("engine", "pandas"), meta.get("cells")
        how = ("" if reader == "pandas" else f" (read by {reader})" if cells is None else
               f" (reduced by {reader} to {cells:,} cells)")
        log(f"ethicskit {__version__}: {meta['campaign']} — {meta['dataset']['rows']:,} rows "
            f"from {meta['dataset']['path']}{how}, as of {meta['as_of']}")
        for line in prepared.export:
            log(f"  export   {line}")
        try:
            kernels = kernels or _start_kernels(jobs, areas, build)
            results = _present(areas, build, nb_dir, extra, kernels, log,
                               drawn=computation.figures)
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

            write_index(summary, build, notebooks=[AREA_NOTEBOOKS[a] for a in areas],
                        words=prepared.words or None)
            if pdf:
                pdf_error = _print_pdf(build, log)
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
    result = RunResult(final, summary, failed, pdf_error)
    problems = ([f"notebook failed: {', '.join(failed)}"] if failed else []) + (
        ["report.pdf not written"] if pdf_error else [])
    log(f"Overall status: {summary['status'].upper()}"
        + (f" ({'; '.join(problems)})" if problems else ""))
    log(f"Report: {final / 'index.html'}")
    if pdf and not pdf_error:
        log(f"PDF: {final / 'report.pdf'}")
    return result
