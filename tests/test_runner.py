"""``ethicskit run`` end to end on the transparency area (the fastest notebook).

The other areas' notebooks are exercised by their own tests and by ``test_full_run``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from ethicskit.cli import main
from ethicskit.paths import NOTEBOOKS
from ethicskit.runner import run
from ethicskit.sample import generate

SUMMARY_KEYS = {"schema_version", "run_id", "status", "started_at", "finished_at", "as_of",
                "campaign", "dataset", "ethicskit_version", "counts", "areas", "findings",
                "changes"}
FINDING_KEYS = {"check_id", "area", "title", "status", "severity", "value", "threshold",
                "affected_rows", "message", "details", "remediation", "references"}


def quiet(_msg):
    pass


def digest(folder: Path) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return out, run(out=out, areas=["transparency"], log=quiet)


@pytest.mark.slow
def test_run_folder_follows_the_contract(first_run):
    out, result = first_run
    run_dir = result.run_dir
    assert run_dir.parent == out and (out / "latest").resolve() == run_dir
    summary = json.loads((run_dir / "summary.json").read_text())
    assert SUMMARY_KEYS <= set(summary)
    assert summary["schema_version"] == 1 and summary["run_id"] == run_dir.name
    assert set(summary["dataset"]) >= {"path", "rows", "columns", "sha256"}
    assert summary["dataset"]["rows"] == 5000
    assert set(summary["counts"]) == {"pass", "warn", "fail", "not_evaluated", "error", "info"}
    for f in summary["findings"]:
        assert FINDING_KEYS <= set(f)
    expected = generate().expected
    by_id = {f["check_id"]: f for f in summary["findings"]}
    for check_id in ("transparency.undeclared_columns", "transparency.excluded_data_used",
                     "transparency.inventory_completeness"):
        for key in ("status", "value", "affected_rows"):
            assert by_id[check_id][key] == expected[check_id][key], (check_id, key)
    assert summary["status"] == "fail" and result.exit_code() == 1
    for name in ("index.html", "04_transparency.ipynb", "04_transparency.html",
                 "findings/transparency.json", "notice.html", "notice.md", "datasheet.html"):
        assert (run_dir / name).is_file(), name
    assert not list(run_dir.rglob("*.parquet")) or all(
        "tables" in p.parts for p in run_dir.rglob("*.parquet")), "no copy of the rows is kept"
    assert not list(out.glob(".building-*")) and not list(out.glob(".claim-*"))


@pytest.mark.slow
def test_no_page_names_a_temporary_folder(first_run):
    _, result = first_run
    for path in result.run_dir.rglob("*"):
        if path.suffix in (".html", ".ipynb", ".json", ".md", ".log"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert ".building-" not in text and ".claim-" not in text, path.name


@pytest.mark.slow
def test_no_identifier_value_reaches_any_file(first_run):
    _, result = first_run
    sample = generate().df
    needles = set(sample["email"].head(200)) | set(sample["phone"].head(200))
    for path in result.run_dir.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            leaked = [n for n in needles if n in text]
            assert not leaked, (path.name, leaked[:3])


@pytest.mark.slow
def test_second_run_reports_changes_and_crash_keeps_latest(first_run, tmp_path):
    out, first = first_run
    second = run(out=out, areas=["transparency"], log=quiet)
    assert second.summary["changes"]["previous_run"] == first.run_dir.name
    assert second.summary["changes"]["new_failures"] == []
    assert (out / "latest").resolve() == second.run_dir
    before = {p.name: digest(p) for p in out.iterdir() if p.is_dir() and not p.is_symlink()}

    broken = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, broken)
    nb = nbformat.read(broken / "04_transparency.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('planted crash')"))
    nbformat.write(nb, broken / "04_transparency.ipynb")
    crashed = run(out=out, areas=["transparency"], notebooks_dir=broken, log=quiet)
    assert crashed.exit_code() == 2 and crashed.summary["notebooks"]["transparency"] == "error"
    # the page failed, but the findings are those the package computed
    assert crashed.summary["findings"] == second.summary["findings"]
    assert crashed.summary["areas"] == second.summary["areas"]
    assert (out / "latest").resolve() == second.run_dir, "latest still names the last good run"
    for name, files in before.items():
        assert digest(out / name) == files, f"run {name} was changed"
    executed = (crashed.run_dir / "04_transparency.ipynb").read_text()
    assert "planted crash" in executed and "Traceback" in executed or "RuntimeError" in executed

    main(["run", "--only", "transparency", "--out", str(out), "--keep", "1"])
    remaining = [p for p in out.iterdir() if p.is_dir() and not p.is_symlink()]
    assert remaining == [(out / "latest").resolve()]


@pytest.mark.slow
def test_fail_on_warn(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("customer_id,targeted\na,yes\nb,no\n")
    inv = tmp_path / "inv.yaml"
    inv.write_text("columns:\n  customer_id: {category: identifier}\n  targeted: {category: "
                   "model_output, purpose: p, legal_basis: consent, source: inferred, "
                   "retention_days: 30, in_model: false, reason: r}\n")
    cfg = tmp_path / "c.yaml"
    cfg.write_text("dataset: d.csv\ninventory: inv.yaml\n")
    args = ["run", "--config", str(cfg), "--only", "transparency", "--out", str(tmp_path / "r")]
    assert main(args) == 0  # only a warning (customer_id's entry is incomplete)
    assert main(args + ["--fail-on", "warn"]) == 1


@pytest.mark.slow
def test_outputs_do_not_depend_on_notebook_cells(tmp_path):
    """Deleting the last cell of the privacy notebook (it once wrote suppress.csv) changes no
    output of the run."""
    broken = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, broken)
    nb = nbformat.read(broken / "01_privacy.ipynb", as_version=4)
    nb.cells = nb.cells[:-1]
    nbformat.write(nb, broken / "01_privacy.ipynb")
    result = run(out=tmp_path / "r", areas=["privacy"], notebooks_dir=broken, log=quiet)
    assert (result.run_dir / "suppress.csv").is_file()
    assert (result.run_dir / "findings" / "privacy.json").is_file()
    assert result.summary["notebooks"] == {"privacy": "ok"}


@pytest.mark.slow
def test_a_damaged_previous_run_is_said_not_fatal(tmp_path):
    out = tmp_path / "r"
    first = run(out=out, areas=["transparency"], log=quiet)
    (first.run_dir / "summary.json").write_text("{not json")
    second = run(out=out, areas=["transparency"], log=quiet)
    assert second.summary["changes"]["previous_run"] == first.run_dir.name
    assert "damaged" in second.summary["changes"]["error"]
    assert (out / "latest").resolve() == second.run_dir


def test_run_ids_are_claimed_once(tmp_path):
    import datetime as dt

    from ethicskit.runner import claim_run_id

    now = dt.datetime(2026, 11, 29, 10, 15, tzinfo=dt.timezone.utc)
    ids = [claim_run_id(tmp_path, now) for _ in range(3)]
    assert ids == ["20261129T101500Z", "20261129T101500Z-2", "20261129T101500Z-3"]


@pytest.mark.parametrize("name", ["record_dir"])
def test_parameters_the_runner_sets_are_refused(tmp_path, name):
    from ethicskit.errors import ParameterError

    with pytest.raises(ParameterError, match=name):
        run(out=tmp_path / "r", areas=["transparency"], parameters={name: "x"}, log=quiet)
    assert not (tmp_path / "r").exists()


@pytest.mark.slow
def test_export_writes_the_anonymised_extract_beside_the_run(tmp_path, monkeypatch):
    import pandas as pd

    from ethicskit.errors import InputError

    monkeypatch.delenv("ETHICSKIT_HMAC_KEY", raising=False)
    extract = tmp_path / "extract.parquet"
    with pytest.raises(InputError, match="ETHICSKIT_HMAC_KEY"):
        run(out=tmp_path / "r", areas=["transparency"], export=extract, log=quiet)
    assert not extract.exists() and not (tmp_path / "r").exists()
    monkeypatch.setenv("ETHICSKIT_HMAC_KEY", "a test key")
    said = []
    result = run(out=tmp_path / "r", areas=["transparency"], export=extract, log=said.append)
    assert result.exit_code() in (0, 1) and extract.is_file()
    assert any(line.startswith("  export   wrote") for line in said)
    rows = pd.read_parquet(extract)
    sample = generate().df
    assert not set(rows["customer_id"].astype(str)) & set(sample["customer_id"].astype(str))
    assert "email" not in rows.columns and "phone" not in rows.columns


# --- crash-proof, leak-proof (issue 13) -------------------------------------------------------

def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_build_folders_and_claims_are_removed(tmp_path):
    import os
    import time

    from ethicskit.runner import remove_stale

    dead = tmp_path / f".building-20260101T000000Z-{_dead_pid()}"
    (dead / "tables").mkdir(parents=True)
    (dead / "suppress.csv").write_text("customer_id\n")
    alive = tmp_path / f".building-20260101T000001Z-{os.getppid()}"  # a live process
    alive.mkdir()
    mine = tmp_path / f".building-20260101T000002Z-{os.getpid()}"
    mine.mkdir()
    old_claim, new_claim = tmp_path / ".claim-20260101T000000Z", tmp_path / ".claim-20260102T0Z"
    old_claim.mkdir()
    new_claim.mkdir()
    two_days_ago = time.time() - 2 * 86400
    os.utime(old_claim, (two_days_ago, two_days_ago))
    run_dir = tmp_path / "20260101T000000Z"
    run_dir.mkdir()
    removed = remove_stale(tmp_path)
    assert sorted(removed) == sorted([dead.name, old_claim.name])
    assert not dead.exists() and not old_claim.exists()
    assert alive.is_dir() and mine.is_dir() and new_claim.is_dir() and run_dir.is_dir()


@pytest.mark.slow
def test_a_pdf_failure_keeps_the_html_run_and_exits_2(tmp_path, monkeypatch, capsys):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    chromium.chmod(0o755)
    monkeypatch.setenv("ETHICSKIT_CHROMIUM", str(chromium))
    out = tmp_path / "r"
    code = main(["run", "--only", "transparency", "--out", str(out), "--pdf"])
    captured = capsys.readouterr()
    assert code == 2
    runs = [p for p in out.iterdir() if p.is_dir() and not p.is_symlink()]
    assert len(runs) == 1, "the run is put in place"
    run_dir = runs[0]
    assert (run_dir / "index.html").is_file() and (run_dir / "summary.json").is_file()
    assert not (run_dir / "report.pdf").exists()
    assert not list(run_dir.glob(".*partial"))
    assert (out / "latest").resolve() == run_dir, "the notebooks ran: latest moves"
    assert "FAILED   pdf" in captured.out and "report.pdf not written" in captured.out
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("ethicskit: error: --pdf: Chromium")
    assert "cannot open display" in err[0] and "Traceback" not in captured.err
    assert not list(out.glob(".building-*")) and not list(out.glob(".claim-*"))


@pytest.mark.slow
def test_sigterm_cleans_up_like_ctrl_c(tmp_path):
    import signal
    import subprocess
    import sys

    psutil = pytest.importorskip("psutil")
    from ethicskit.runner import RUN_ID

    out = tmp_path / "r"
    binary = Path(sys.executable).with_name("ethicskit")
    command = [str(binary)] if binary.exists() else [sys.executable, "-m", "ethicskit.cli"]
    proc = subprocess.Popen([*command, "run", "--only", "transparency", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if line.strip().startswith("started"):
                break
        else:
            pytest.fail(f"no 'started' line: {proc.stderr.read()}")
        children = psutil.Process(proc.pid).children(recursive=True)
        assert children, "a kernel runs the notebook"
        assert list(out.glob(".building-*"))
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143, err
    assert err.strip() == "ethicskit: terminated"
    assert not list(out.glob(".building-*")) and not list(out.glob(".claim-*"))
    assert not [p for p in out.iterdir() if RUN_ID.match(p.name)], "no half run is kept"

    def running(p):
        try:
            return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    _, alive = psutil.wait_procs(children, timeout=10)
    assert not [p for p in alive if running(p)], "no child process outlives the run"


@pytest.mark.slow
def test_the_run_command_validates_notebooks_without_the_iri_grammars():
    """``skip_iri_grammars`` keeps rfc3987_syntax out; nbformat still validates a notebook."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from ethicskit.runner import skip_iri_grammars\n"
            "skip_iri_grammars()\n"
            "import nbformat\n"
            "nb = nbformat.read('notebooks/01_privacy.ipynb', as_version=4)\n"
            "nbformat.validate(nb)\n"
            "bad = nbformat.v4.new_notebook(); bad['cells'] = [{'cell_type': 'nope'}]\n"
            "try:\n"
            "    nbformat.validate(bad)\n"
            "except nbformat.ValidationError:\n"
            "    print('invalid caught')\n"
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is not None)\n")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["invalid", "caught", "False"]


@pytest.mark.slow
def test_without_fork_the_run_draws_every_figure_in_its_own_process(tmp_path, monkeypatch):
    """Where there is no fork (Windows, macOS), the record and the figures are made in the
    runner's process: every figure of the table is drawn and shown on its page."""
    import multiprocessing

    from ethicskit.figures import FIGURES, read_index
    from ethicskit.runner import run

    real = multiprocessing.get_context

    def no_fork(method=None):
        if method == "fork":
            raise ValueError("cannot find context for 'fork'")
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    result = run(out=tmp_path, areas=["privacy"], log=lambda msg: None)
    index = read_index(result.run_dir)
    assert [e["name"] for e in index] == [r.name for r in FIGURES if r.area == "privacy"]
    assert json.loads((result.run_dir / "summary.json").read_text())["notebooks"] == {
        "privacy": "ok"}
    page = (result.run_dir / "01_privacy.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png') == sum(len(e.get("files", [])) for e in index)
