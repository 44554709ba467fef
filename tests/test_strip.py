"""The notebook output filter (ethicskit.strip), alone and as the git clean filter of make."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from ethicskit.strip import main, strip_text

ROOT = Path(__file__).resolve().parents[1]
AREA = sorted((ROOT / "notebooks").glob("0*.ipynb"))


def executed(source: Path | None = None) -> str:
    """A notebook as papermill or a Run All in JupyterLab leaves it: the injected parameters,
    outputs, counts, timings, widget state, papermill's metadata and empty tag lists, the full
    language_info."""
    if source is None:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# Title"),
                    nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                    nbformat.v4.new_code_cell("print(x)")]
        for i, cell in enumerate(nb.cells):
            cell.id = f"cell{i}"
        nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"},
                       "language_info": {"name": "python"}}
    else:
        nb = nbformat.read(str(source), as_version=nbformat.NO_CONVERT)
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])  # papermill gives every cell a tags list
    at = 1 + next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata["tags"]), -1)
    injected = nbformat.v4.new_code_cell('dataset_path = "/home/ana/campaign.csv"\n',
                                         metadata={"tags": ["injected-parameters"]})
    injected.id = "injected"
    nb.cells.insert(at, injected)
    for n, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        cell.execution_count = n + 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n"),
                        nbformat.v4.new_output("display_data", data={"text/plain": "x"})]
        cell.metadata["execution"] = {"iopub.status.busy": "2026-12-02T04:00:00.000Z"}
        cell.metadata["papermill"] = {"duration": 0.5, "status": "completed"}
        cell.metadata["scrolled"] = True
        cell.metadata["jupyter"] = {"outputs_hidden": True}
    nb.metadata["papermill"] = {"parameters": {"dataset_path": "/home/ana/campaign.csv"}}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.2",
                                    "mimetype": "text/x-python", "file_extension": ".py"}
    return nbformat.writes(nb) + "\n"


# The tiny notebook above, stripped, written out by hand as Jupyter writes it.
TINY_STRIPPED = """{
 "cells": [
  {
   "cell_type": "markdown",
   "id": "cell0",
   "metadata": {},
   "source": [
    "# Title"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "cell1",
   "metadata": {
    "tags": [
     "parameters"
    ]
   },
   "outputs": [],
   "source": [
    "x = 1"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "id": "cell2",
   "metadata": {},
   "outputs": [],
   "source": [
    "print(x)"
   ]
  }
 ],
 "metadata": {
  "kernelspec": {
   "display_name": "Python 3",
   "language": "python",
   "name": "python3"
  },
  "language_info": {
   "name": "python"
  }
 },
 "nbformat": 4,
 "nbformat_minor": 5
}
"""


def test_a_tiny_executed_notebook_comes_out_as_written_by_hand():
    assert strip_text(executed()) == TINY_STRIPPED


@pytest.mark.parametrize("path", AREA, ids=lambda p: p.name)
def test_an_executed_area_notebook_comes_back_to_its_committed_bytes(path):
    out = strip_text(executed(path))
    assert out == path.read_text(encoding="utf-8")
    nb = nbformat.reads(out, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert any("parameters" in c.metadata.get("tags", []) for c in code), "tags are kept"
    assert "papermill" not in nb.metadata and "widgets" not in nb.metadata


@pytest.mark.parametrize("source", [None, *AREA], ids=lambda p: "tiny" if p is None else p.name)
def test_the_filter_is_idempotent_and_valid(source):
    once = strip_text(executed(source))
    assert strip_text(once) == once
    nbformat.validate(nbformat.reads(once, as_version=4))


def test_stdin_to_stdout_is_byte_stable_in_a_fresh_process():
    data = executed().encode("utf-8")
    runs = [subprocess.run([sys.executable, "-m", "ethicskit.strip"], input=data,
                           capture_output=True, check=True) for _ in range(2)]
    assert runs[0].stdout == runs[1].stdout == TINY_STRIPPED.encode("utf-8")
    assert runs[0].stderr == b""


def test_not_a_notebook_is_one_line_and_exit_1():
    run = subprocess.run([sys.executable, "-m", "ethicskit.strip"], input=b"<<<<<<< HEAD\n",
                         capture_output=True)
    assert run.returncode == 1
    assert run.stderr.decode() == ("ethicskit.strip: <stdin>: not a notebook: JSON error at "
                                   "line 1, column 1\n")


def test_files_are_stripped_in_place(tmp_path, capsys):
    dirty, clean = tmp_path / "01_a.ipynb", tmp_path / "02_b.ipynb"
    dirty.write_text(executed(), encoding="utf-8")
    clean.write_text(TINY_STRIPPED, encoding="utf-8")
    before = clean.stat().st_mtime_ns
    assert main([str(dirty), str(clean)]) == 0
    assert dirty.read_text(encoding="utf-8") == TINY_STRIPPED
    assert clean.stat().st_mtime_ns == before, "an already clean notebook is not rewritten"
    assert capsys.readouterr().out == f"stripped {dirty}\n"
    assert main([str(tmp_path / "missing.ipynb")]) == 1
    assert "missing.ipynb: No such file or directory" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None,
                    reason="needs git and make")
def test_make_registers_the_clean_filter_for_the_area_notebooks_only(tmp_path):
    """In a scratch repository: the Makefile's git-filter target, the project's .gitattributes;
    git stores an executed area notebook stripped and a training notebook as it is."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True,
                              capture_output=True, text=True).stdout

    git("init", "-q")
    shutil.copy(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "git-filter",
                    f"BIN={Path(sys.executable).parent}"], cwd=tmp_path, env=env, check=True)
    assert "ethicskit.strip" in git("config", "filter.ethicskit-strip.clean")
    (tmp_path / "notebooks" / "training").mkdir(parents=True)
    area = tmp_path / "notebooks" / "01_privacy.ipynb"
    training = tmp_path / "notebooks" / "training" / "01_consent.ipynb"
    area.write_text(executed(), encoding="utf-8")
    training.write_text(executed(), encoding="utf-8")
    git("add", "notebooks")
    assert git("show", ":notebooks/01_privacy.ipynb") == TINY_STRIPPED
    assert git("show", ":notebooks/training/01_consent.ipynb") == executed()
    # a Run All leaves the area notebook's outputs in the work tree; git sees no change
    assert git("status", "--porcelain", "notebooks") == (
        "A  notebooks/01_privacy.ipynb\nA  notebooks/training/01_consent.ipynb\n")
    assert json.loads(area.read_text(encoding="utf-8"))["cells"][2]["outputs"], (
        "the work tree keeps the outputs")
