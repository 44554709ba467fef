"""Every area notebook declares exactly the four typed parameters, presents the record and
plumbs no output of the run."""

from __future__ import annotations

import nbformat
import papermill as pm
import pytest

from ethicskit.paths import AREA_NOTEBOOKS, NOTEBOOKS

PARAMETERS = {"dataset_path", "config_path", "as_of", "record_dir", "engine", "spark_master"}
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


TRAINING = sorted((NOTEBOOKS / "training").glob("*.ipynb"))


@pytest.mark.parametrize("path", [NOTEBOOKS / n for n in sorted(AREA_NOTEBOOKS.values())]
                         + TRAINING, ids=lambda p: p.name)
def test_declared_parameters_read_as_papermill_reads_them(path):
    from ethicskit.notebooks import declared_parameters

    assert declared_parameters(path) == pm.inspect_notebook(str(path))


@pytest.mark.parametrize("source, names", [
    ('a = 1\nb: int = 2  # the b\n', {"a": ("None", "1", ""), "b": ("int", "2", "the b")}),
    ("x, y = 1, 2\nz = x\n", {"z": ("None", "x", "")}),  # papermill skips tuples too
    ("", {}),
])
def test_declared_parameters_of_a_tiny_cell(tmp_path, source, names):
    from ethicskit.notebooks import declared_parameters

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        source, metadata={"tags": ["parameters"]})], metadata={"kernelspec": {
            "name": "python3", "display_name": "Python 3", "language": "python"}})
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    got = {k: (v["inferred_type_name"], v["default"], v["help"])
           for k, v in declared_parameters(path).items()}
    assert got == names
    assert set(pm.inspect_notebook(str(path))) == set(names)


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


#: How a raw pandas table reaches a notebook's output (an index column, right-aligned text,
#: True/False): every table goes through ``nb.table`` instead.
RAW_TABLES = (".set_index(", ".style", "pd.DataFrame(", "display(matched)", "\nsheet if ")


@pytest.mark.parametrize("name", sorted(AREA_NOTEBOOKS.values()))
def test_every_table_uses_the_one_table_style(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for raw in RAW_TABLES:
        assert raw not in code, raw
    for c in nb.cells:  # a cell ending in a table of a record shows it through nb.table
        last = c.source.strip().splitlines()[-1] if c.cell_type == "code" and c.source else ""
        if "rec.table(" in last or "bias_tables.table(" in last:
            assert last.startswith("nb.table("), last


# ---------------------------------------------------------------- the one table style, the cards
def _cells(html: str) -> list[tuple[str, str, str]]:
    import re

    return re.findall(r'<(td|th) style="text-align:(left|right)[^"]*">(.*?)</t[dh]>', html)


def test_a_table_aligns_formats_and_escapes_by_hand():
    import pandas as pd

    import ethicskit.notebook as nb

    frame = pd.DataFrame({"group": ["a", "<b>"], "n": [5000, 12], "rate": [-0.0004, 0.61215],
                          "judged": [True, False], "empty": [None, None]},
                         index=pd.Index([7, 8]))
    html = nb.table(frame, caption="Groups").html
    assert html.startswith('<div class="ek-table-wrap" style="overflow-x:auto')
    assert "<caption" in html and ">Groups</caption>" in html
    # no index column, no empty column; text left, numbers right; yes/no; no negative zero
    assert _cells(html) == [
        ("th", "left", "group"), ("th", "right", "n"), ("th", "right", "rate"),
        ("th", "left", "judged"),
        ("td", "left", "a"), ("td", "right", "5,000"), ("td", "right", "0"),
        ("td", "left", "yes"),
        ("td", "left", "&lt;b&gt;"), ("td", "right", "12"), ("td", "right", "0.612"),
        ("td", "left", "no")]


@pytest.mark.parametrize("cells, shown", [
    (["-0.000", "+0.103", "12.0%"], [("right", "0.000"), ("right", "+0.103"), ("right", "12.0%")]),
    (["2024", "x"], [("left", "2024"), ("left", "x")]),  # a text column stays text
])
def test_formatted_text_columns(cells, shown):
    import ethicskit.notebook as nb

    html = nb.table([{"c": c} for c in cells]).html
    assert [(a, t) for kind, a, t in _cells(html) if kind == "td"] == shown


def test_a_table_object_and_a_note_pass_through():
    import pandas as pd

    import ethicskit.notebook as nb

    class Holder:
        frame = pd.DataFrame({"x": [1]})

    assert '<td style="text-align:right' in nb.table(Holder()).html
    assert nb.table("No table: not evaluated.") == "No table: not evaluated."
    assert nb.table(pd.DataFrame(), empty="Nothing.").html == "<p>Nothing.</p>"


@pytest.mark.parametrize("check_id, value, threshold, shown", [
    ("targeting.contact_pressure", 20, 7, "20 contacts (threshold 7 contacts)"),
    ("targeting.personalization_depth", 9, 6, "9 criteria (threshold 6 criteria)"),
    ("targeting.micro_segments", 3, 100, "3 people (threshold 100 people)"),
    ("bias.selection_rate", 0.6121507927947363, {"ratio_min": 0.8, "ratio_max": 1.25},
     "0.612 rate ratio (threshold 0.8 to 1.25 rate ratio)"),
    ("bias.error_rate_parity", -0.0, {"odds_max": 0.1},
     "0 rate difference (threshold 0.1 rate difference)"),
    ("bias.mitigation_preview", 0.9999999999999999, None, "1 rate ratio"),
    ("privacy.k_anonymity", 1, 5, "1 person per class (threshold 5 people per class)"),
])
def test_a_card_shows_value_and_threshold_in_the_unit_of_the_check(check_id, value, threshold,
                                                                   shown):
    import ethicskit.notebook as nb
    from ethicskit.findings import Finding

    f = Finding(check_id=check_id, area=check_id.split(".")[0], title="t", status="warn",
                severity="low", value=value, threshold=threshold, affected_rows=5000)
    html = nb.show(f).html
    assert f">{shown}</td>" in html
    assert ">5,000</td>" in html
