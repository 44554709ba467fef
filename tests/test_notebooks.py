"""Every area notebook declares exactly the five typed parameters the runner passes."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from ethicskit.paths import AREA_NOTEBOOKS, NOTEBOOKS

PARAMETERS = {"dataset_path", "config_path", "as_of", "snapshot_dir", "output_dir"}


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
