"""The one heatmap primitive, checked cell by cell against values worked out by hand; the one
style of every plot (against seaborn's own settings) and its computed layout (against what Agg
draws); and drawing without seaborn or scipy.stats."""

import matplotlib

matplotlib.use("agg")

import subprocess  # noqa: E402
import sys  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ethicskit.plots import PRINT_WIDTH, style  # noqa: E402
from ethicskit.plots.heatmap import heatmap  # noqa: E402


def draw(table, **kw):
    fig, ax = plt.subplots()
    mesh = heatmap(ax, table, **kw)
    return fig, ax, mesh


def test_cells_labels_and_annotations():
    t = pd.DataFrame([[0.5, np.nan], [1.0, 1.5]], index=["f", "m"], columns=["18-24", "65+"])
    fig, ax, mesh = draw(t, fmt=".2f", cmap="RdBu", center=1.0, vmin=0.5, vmax=1.5)
    assert [x.get_text() for x in ax.get_xticklabels()] == ["18-24", "65+"]
    assert [y.get_text() for y in ax.get_yticklabels()] == ["f", "m"]
    assert sorted(t.get_text() for t in ax.texts) == ["0.50", "1.00", "1.50"]  # NaN: no text
    assert ax.get_ylim() == (2.0, 0.0)  # first row on top, as seaborn draws it
    assert np.ma.getmaskarray(mesh.get_array()).ravel().tolist() == [False, True, False, False]
    # centred: 1.0 is the middle of RdBu, 0.5 and 1.5 its two ends
    rgba = mesh.cmap(mesh.norm(np.array([0.5, 1.0, 1.5])))
    full = matplotlib.colormaps["RdBu"]
    assert np.allclose(rgba[0], full(0.0), atol=0.01) and np.allclose(rgba[2], full(1.0), atol=0.01)
    assert np.allclose(rgba[1], full(0.5), atol=0.01)
    plt.close(fig)


@pytest.mark.parametrize("value, colour", [(0.0, ".15"), (100.0, "w")])
def test_text_is_dark_on_light_cells_and_white_on_dark(value, colour):
    t = pd.DataFrame([[value]], index=["a"], columns=["b"])
    fig, ax, _ = draw(t, fmt=",d", cmap="Blues", vmin=0, vmax=100)
    assert ax.texts[0].get_text() == f"{int(value):,d}" and ax.texts[0].get_color() == colour
    plt.close(fig)


def test_given_texts_and_a_colour_bar():
    t = pd.DataFrame([[0.2, 0.7]], index=["x"], columns=["g", "h"])
    fig, ax, _ = draw(t, annot=np.array([["0.20 (0.1)", "0.70 (0.6)"]]), fmt="", cmap="Reds",
                      vmin=0, vmax=1, cbar=True, cbar_kws={"label": "V"})
    assert [x.get_text() for x in ax.texts] == ["0.20 (0.1)", "0.70 (0.6)"]
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "V"
    plt.close(fig)


def test_a_heatmap_has_no_grid_lines():
    # the whitegrid style puts a grid on every axes; a blank (NaN) cell must not show one
    with matplotlib.rc_context(style.RC):
        fig, ax, _ = draw(pd.DataFrame([[np.nan, 1.0]], index=["a"], columns=["b", "c"]))
    assert not any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())
    plt.close(fig)


# -- the style and the computed layout of every plot (ethicskit.plots.style) -------------------

def test_the_style_is_seaborns_whitegrid_notebook_context():
    # the second library: what seaborn itself sets, wherever it differs from matplotlib
    sns = pytest.importorskip("seaborn")
    wanted = {**sns.axes_style("whitegrid"), **sns.plotting_context("notebook", font_scale=0.85)}
    for key, value in wanted.items():
        if key == "image.cmap" or matplotlib.rcParamsDefault[key] == value:
            continue  # seaborn's own colour map is never used (every heatmap names its own)
        assert key in style.RC and style.RC[key] == value, key
    assert style.RC["xtick.labelsize"] == pytest.approx(11 * 0.85)  # seaborn: 11 pt x scale


def _tight(fig):
    """The box (inches) of everything drawn, as Agg renders it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    return fig.get_tightbbox(renderer)


def _long_labels(fig, axes):
    axes[0, 0].barh([0, 1], [3, 4])
    axes[0, 0].set_yticks([0, 1], ["a rather long group label", "b"])
    axes[0, 0].set_title("A title far too long to fit above the plot on one line, so it is "
                         "broken into two or more lines")


def _two_rows(fig, axes):
    for ax in axes[:, 0]:
        ax.plot([0, 1], [0, 1])
        ax.set_title("a title")
        ax.set_xlabel("an x label")
        ax.set_ylabel("a y label")


def _rotated_heatmap(fig, axes):
    t = pd.DataFrame([[0.1, 0.9], [0.5, 0.4]], index=["female", "male"],
                     columns=["a long column name", "b"])
    mesh = heatmap(axes[0, 0], t)
    axes[0, 0].tick_params(axis="x", labelrotation=45)
    fig.colorbar(mesh, cax=axes[0, 1], label="a colour bar label")


@pytest.mark.parametrize("build, rows, cols, kw", [
    (_long_labels, 1, 1, {}),
    (_two_rows, 2, 1, {}),
    (_rotated_heatmap, 1, 2, {"gridspec_kw": {"width_ratios": [1, 0.05]}})])
def test_fit_keeps_everything_inside_the_figure_with_a_thin_margin(build, rows, cols, kw):
    with matplotlib.rc_context(style.RC):
        fig, axes = style.figure(5, 4, rows=rows, cols=cols, **kw)
        build(fig, axes)
        style.fit(fig)
    inches = _tight(fig)
    width, height = fig.get_size_inches()
    # nothing clipped: all within the figure; no waste: the margins are about PAD (0.1 in)
    assert 0 <= inches.x0 <= 0.2 and 0 <= inches.y0 <= 0.2
    assert width - 0.35 <= inches.x1 <= width and height - 0.2 <= inches.y1 <= height
    if rows == 2:  # the lower title clears the upper plot's x label
        upper, lower = axes[0, 0], axes[1, 0]
        renderer = fig.canvas.get_renderer()
        assert (upper.xaxis.label.get_window_extent(renderer).y0
                > lower.title.get_window_extent(renderer).y1)


def test_fit_breaks_a_long_title_into_lines_that_fit():
    with matplotlib.rc_context(style.RC):
        fig, axes = style.figure(4, 3)
        _long_labels(fig, axes)
        style.fit(fig)
    title = axes[0, 0].title
    assert title.get_text().count("\n") >= 1
    assert title.get_text().replace("\n", " ") == ("A title far too long to fit above the plot "
                                                   "on one line, so it is broken into two or "
                                                   "more lines")
    assert _tight(fig).width <= fig.get_size_inches()[0]


def test_figure_is_at_most_the_print_width():
    fig, axes = style.figure(11, 2, rows=1, cols=2)
    assert tuple(fig.get_size_inches()) == (PRINT_WIDTH, 2.0) and axes.shape == (1, 2)


DRAW_ONE_OF_EACH = """
import sys
from ethicskit import record
rec = record.read(sys.argv[1])
from ethicskit.plots import bias, privacy, targeting
import io
for fig in (bias.selection_rates(rec), privacy.class_sizes(rec),
            targeting.contacts_per_person(rec)):
    assert hasattr(fig, "savefig"), fig
    fig.savefig(io.BytesIO(), format="png", dpi=110)
print(sorted(m for m in ("seaborn", "scipy.stats") if m in sys.modules))
"""


@pytest.mark.slow
def test_drawing_imports_neither_seaborn_nor_scipy_stats(tmp_path):
    from ethicskit import record
    from ethicskit.campaign import from_frame
    from ethicskit.sample import generate

    s = generate(rows=1000, seed=2)
    rec = record.compute(from_frame(s.df, s.config, as_of="2026-11-29"),
                         areas=["privacy", "bias", "targeting"])
    folder = record.write(rec, tmp_path / "run")
    done = subprocess.run([sys.executable, "-c", DRAW_ONE_OF_EACH, str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
