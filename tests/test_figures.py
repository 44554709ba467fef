"""The one table of figures: every figure of a run registered once, drawn once by the package,
shown by the notebooks from the stored images and by the report when it is a key figure."""

from __future__ import annotations

import base64
import importlib
import json
import re
from pathlib import Path

import nbformat
import pytest

from ethicskit import figures
from ethicskit.findings import AREAS
from ethicskit.notebook import figure
from ethicskit.plots import Skipped
from ethicskit.record import Record
from ethicskit.report import key_figures

ROOT = Path(__file__).resolve().parents[1]
PLOT_MODULES = {"privacy": "ethicskit.plots.privacy", "bias": "ethicskit.plots.bias",
                "targeting": "ethicskit.plots.targeting"}


def test_every_row_names_a_plot_function_once_in_the_suites_order():
    names = [(r.area, r.name) for r in figures.FIGURES]
    assert len(set(names)) == len(names)
    ranks = [AREAS.index(r.area) for r in figures.FIGURES]
    assert ranks == sorted(ranks)
    for row in figures.FIGURES:
        module, _, function = row.function.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), row.function
        assert row.caption.endswith("."), row.name


def test_the_key_figures_are_the_six_the_report_shows():
    assert [r.name for r in figures.FIGURES if r.key] == [
        "consent-funnel", "k-anonymity", "selection-rates", "intersections", "segments",
        "contact-pressure"]


@pytest.mark.parametrize("stem, area", [("01_privacy", "privacy"), ("02_bias", "bias"),
                                        ("03_targeting", "targeting")])
def test_a_notebook_shows_exactly_its_areas_figures_in_the_tables_order(stem, area):
    """No figure is drawn by a notebook cell outside the table (the anonymisation trade-off,
    drawn only with ``anonymise:`` in the config, is the one plot of its own)."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    shown = re.findall(r'nb\.figure\(rec, "(\w+)", "([\w-]+)"\)', code)
    assert shown == [(r.area, r.name) for r in figures.FIGURES if r.area == area]
    public = {n for n in dir(importlib.import_module(PLOT_MODULES[area]))
              if any(r.function.endswith(f":{n}") for r in figures.FIGURES)}
    for name in public:
        assert f".{name}(" not in code, name


def _figure(record):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [record.meta["n"], 1])
    plt.close(fig)
    return fig


def _skipped(record):
    return Skipped("No rows to draw.")


def _broken(record):
    raise ValueError("table missing")


ROWS = (figures.FigureRow("targeting", "bars", f"{__name__}:_figure", "Bars <b>&</b>.", key=True),
        figures.FigureRow("targeting", "empty", f"{__name__}:_skipped", "Nothing."),
        figures.FigureRow("targeting", "broken", f"{__name__}:_broken", "Broken."),
        figures.FigureRow("bias", "other", f"{__name__}:_figure", "Other area."))


@pytest.fixture
def drawn(tmp_path, monkeypatch):
    monkeypatch.setattr(figures, "FIGURES", ROWS)
    rec = Record(meta={"areas": ["targeting"], "n": 3}, findings=())
    entries = figures.write_area_figures(rec, tmp_path, "targeting")
    figures.write_index(entries, tmp_path)
    return tmp_path, entries


def test_an_area_draws_its_rows_and_says_what_was_skipped_or_failed(drawn):
    folder, entries = drawn
    assert [(e["name"], e.get("file"), e.get("skipped"), e.get("error")) for e in entries] == [
        ("bars", "targeting-bars.png", None, None),
        ("empty", None, "No rows to draw.", None),
        ("broken", None, None, "ValueError: table missing")]
    assert (folder / "figures" / "targeting-bars.png").read_bytes()[:4] == b"\x89PNG"
    assert json.loads((folder / "figures" / "index.json").read_text()) == entries


def test_the_report_embeds_only_the_key_figures_that_were_drawn(drawn):
    folder, _ = drawn
    [group] = key_figures(folder)
    assert group["area"] == "targeting"
    assert [f["name"] for f in group["figures"]] == ["bars"]
    data = (folder / "figures" / "targeting-bars.png").read_bytes()
    assert group["figures"][0]["src"] == "data:image/png;base64," + base64.b64encode(
        data).decode()


def test_a_notebook_under_a_run_shows_the_stored_image_with_its_caption_as_alt_text(drawn):
    """By its path in the run folder; the page embeds the image itself."""
    from ethicskit.notebooks import embed_figures

    folder, _ = drawn
    rec = Record(meta={"areas": ["targeting"], "n": 3}, findings=(), folder=str(folder))
    html = figure(rec, "targeting", "bars")._repr_html_()
    assert html == ('<img class="ek-figure" src="figures/targeting-bars.png" '
                    'alt="Bars &lt;b&gt;&amp;&lt;/b&gt;.">')
    data = (folder / "figures" / "targeting-bars.png").read_bytes()
    page = embed_figures(f"<p>{html}</p><img src=\"figures/missing.png\">", folder)
    assert f'src="data:image/png;base64,{base64.b64encode(data).decode()}"' in page
    assert 'src="figures/missing.png"' in page  # not a file of the run: left as it is
    assert figure(rec, "targeting", "empty")._repr_html_() == "<p><em>No rows to draw.</em></p>"
    with pytest.raises(RuntimeError, match="targeting/broken could not be drawn: ValueError"):
        figure(rec, "targeting", "broken")


def test_a_notebook_on_its_own_draws_the_figure_through_the_same_function(monkeypatch):
    monkeypatch.setattr(figures, "FIGURES", ROWS)
    rec = Record(meta={"areas": ["bias"], "n": 2}, findings=())
    html = figure(rec, "bias", "other")._repr_html_()
    png = base64.b64decode(re.search(r"base64,([^\"]+)\"", html).group(1))
    assert png[:4] == b"\x89PNG" and 'alt="Other area."' in html


def test_an_unknown_figure_names_the_areas_figures():
    with pytest.raises(KeyError, match="consent-funnel"):
        figures.figure_row("privacy", "nope")


@pytest.mark.slow
def test_a_tall_figure_is_saved_in_parts_listed_part_by_part(tmp_path, monkeypatch):
    def tall(record):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(6, 1, figsize=(6, 18))
        for ax in axes:
            ax.plot([0, 1], [0, 1])
        plt.close(fig)
        return fig

    monkeypatch.setattr(f"{__name__}._figure", tall)
    monkeypatch.setattr(figures, "FIGURES", ROWS[:1])
    rec = Record(meta={"areas": ["targeting"], "n": 1}, findings=())
    [entry] = figures.write_area_figures(rec, tmp_path, "targeting")
    assert len(entry["files"]) >= 2 and entry["file"] == entry["files"][0]
    figures.write_index([entry], tmp_path)
    names = [f["name"] for f in key_figures(tmp_path)[0]["figures"]]
    assert names == [f"bars-{i}" for i in range(1, len(entry["files"]) + 1)]
    assert figures.parts_of(entry)[-1][1].endswith(f"(part {len(entry['files'])} of "
                                                   f"{len(entry['files'])})")


@pytest.mark.slow
def test_a_figure_is_rendered_at_its_size_and_its_parts_cut_from_one_drawing(monkeypatch):
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    fig = Figure(figsize=(3, 2))
    fig.add_subplot().plot([0, 1], [1, 0])
    [png] = figures.render(fig)
    assert Image.open(io.BytesIO(png)).size == (3 * figures.DPI, 2 * figures.DPI)

    tall = Figure(figsize=(6, 18))
    for i in range(6):
        tall.add_subplot(6, 1, i + 1).plot([0, 1], [0, i])
    draws = []
    original = tall.draw
    monkeypatch.setattr(tall, "draw", lambda renderer: draws.append(1) or original(renderer))
    parts = figures.render(tall)
    assert len(parts) >= 2 and len(draws) == 1
    heights = [Image.open(io.BytesIO(p)).size[1] for p in parts]
    assert sum(heights) <= 18 * figures.DPI and max(heights) <= figures.PRINT_HEIGHT * figures.DPI + 2


def test_two_drawers_each_add_their_areas_entries_to_the_index(tmp_path, monkeypatch):
    """Two processes drawing different areas merge their entries into one index, in the
    table's order; an area drawn again replaces its own entries; no part file is left."""
    import multiprocessing

    monkeypatch.setattr(figures, "FIGURES", ROWS)
    rec = Record(meta={"areas": ["targeting", "bias"], "n": 3}, findings=())
    context = multiprocessing.get_context("fork")
    drawers = [context.Process(target=figures.write_figures, args=(rec, tmp_path),
                               kwargs={"areas": [area]}) for area in ("bias", "targeting")]
    for p in drawers:
        p.start()
    for p in drawers:
        p.join(60)
        assert p.exitcode == 0
    index = figures.read_index(tmp_path)
    assert [(e["area"], e["name"]) for e in index] == [
        ("targeting", "bars"), ("targeting", "empty"), ("targeting", "broken"), ("bias", "other")]
    figures.merge_index([{"area": "bias", "name": "other", "caption": "Again."}], tmp_path,
                        "bias")
    assert [e.get("caption") for e in figures.read_index(tmp_path)][-1] == "Again."
    assert [p.name for p in (tmp_path / "figures").iterdir() if p.name.startswith(".")] == []
