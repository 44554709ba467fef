"""Every area notebook declares exactly the four typed parameters, presents the record and
plumbs no output of the run."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from ethicskit.paths import AREA_NOTEBOOKS, NOTEBOOKS

PARAMETERS = {"dataset_path", "config_path", "as_of", "record_dir"}
#: What a presenting notebook no longer does: the package writes every output of a run.
PLUMBING = ("output_dir", "snapshot_dir", "keep_figure", "nb.save", "write_suppression",
            "write_files", "campaign.df")


@pytest.mark.parametrize("name", sorted(AREA_NOTEBOOKS.values()))
def test_parameters_cell(name):
    path = NOTEBOOKS / name
    declared = pm.inspect_notebook(str(path))
    assert set(declared) == PARAMETERS
    assert all(p["inferred_type_name"] == "str" and p["help"] for p in declared.values())
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", sorted(AREA_NOTEBOOKS.values()))
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("name", sorted(AREA_NOTEBOOKS.values()))
def test_notebook_presents_the_record_and_writes_nothing(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "nb.load_record(" in code and "record_dir=record_dir" in code
    for word in PLUMBING:
        assert word not in code, word
