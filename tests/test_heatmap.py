"""The one heatmap primitive, checked cell by cell against values worked out by hand."""

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

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
