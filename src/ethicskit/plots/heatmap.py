"""One heatmap primitive for every plot: a grid of coloured cells with their values written in.

seaborn's ``heatmap`` draws the whole figure once per call to see whether its tick labels
overlap; a figure of several heatmaps (the intersections of every pair of attributes) is then
drawn again for each one, most of a notebook's time. :func:`heatmap` draws the same picture
with matplotlib alone, once: ``pcolormesh`` cells, missing values left blank (the axes'
background shows through), a colour map centred like seaborn's, and each annotation dark on a
light cell and white on a dark one (seaborn's luminance rule).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: A cell lighter than this (relative luminance) gets dark text, else white (as seaborn).
LIGHT = 0.408


def _luminance(rgba) -> float:
    rgb = np.asarray(rgba[:3], dtype=float)
    rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(rgb @ [0.2126, 0.7152, 0.0722])


def heatmap(ax, table: pd.DataFrame, *, annot=True, fmt: str = ".2f", cmap="Blues",
            vmin: float | None = None, vmax: float | None = None, center: float | None = None,
            annot_kws: dict | None = None, linewidths: float = 0.5, linecolor: str = "white",
            cbar: bool = False, cbar_kws: dict | None = None):
    """Draw ``table`` on ``ax`` as a heatmap (rows top to bottom, columns left to right).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    table : pandas.DataFrame
        Numbers; NaN cells are left blank and unannotated. Its index and columns label the
        rows and columns.
    annot : bool or array of str
        True writes each value with ``fmt``; an array (the table's shape) gives the texts.
    fmt : str
        The format of each value written (``".2f"``, ``",d"``).
    cmap : str or Colormap
    vmin, vmax : float, optional
        The colour range (default: the data's); values outside take the end colours.
    center : float, optional
        The value at the middle of the colour map: colours run over ``center +/- r``, ``r``
        the larger distance from ``center`` to ``vmin`` or ``vmax`` (seaborn's rule).
    annot_kws : dict, optional
        Text properties of the annotations (``{"fontsize": 7}``).
    linewidths, linecolor
        The lines between cells.
    cbar : bool
        Add a colour bar (``cbar_kws`` passed to ``Figure.colorbar``).

    Returns
    -------
    matplotlib.collections.QuadMesh
    """
    import matplotlib as mpl

    values = table.to_numpy(dtype=float)
    data = np.ma.masked_invalid(values)
    finite = values[np.isfinite(values)]
    lo = float(vmin) if vmin is not None else (float(finite.min()) if finite.size else 0.0)
    hi = float(vmax) if vmax is not None else (float(finite.max()) if finite.size else 1.0)
    if hi <= lo:
        hi = lo + 1.0
    colours = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    if center is not None:
        reach = max(hi - center, center - lo)
        norm = mpl.colors.Normalize(center - reach, center + reach)
        colours = mpl.colors.ListedColormap(colours(np.linspace(norm(lo), norm(hi), 256)))
    norm = mpl.colors.Normalize(lo, hi, clip=True)
    rows, cols = values.shape
    mesh = ax.pcolormesh(np.arange(cols + 1), np.arange(rows + 1), data, cmap=colours,
                         norm=norm, edgecolors=linecolor, linewidth=linewidths)
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_xticks(np.arange(cols) + 0.5, [str(c) for c in table.columns])
    ax.set_yticks(np.arange(rows) + 0.5, [str(i) for i in table.index])
    ax.tick_params(length=0)
    ax.grid(False)  # no grid lines through the cells (or the blank ones)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if table.columns.name:
        ax.set_xlabel(str(table.columns.name))
    if table.index.name:
        ax.set_ylabel(str(table.index.name))
    if annot is not False and annot is not None:
        texts = None if annot is True else np.asarray(annot, dtype=object)
        kws = {"ha": "center", "va": "center", **(annot_kws or {})}
        for i in range(rows):
            for j in range(cols):
                if data.mask is not np.ma.nomask and np.ma.getmaskarray(data)[i, j]:
                    continue
                text = (format(int(values[i, j]) if fmt.endswith("d") else values[i, j], fmt)
                        if texts is None else str(texts[i, j]))
                light = _luminance(colours(norm(values[i, j]))) > LIGHT
                ax.text(j + 0.5, i + 0.5, text, color=".15" if light else "w", **kws)
    if cbar:
        ax.figure.colorbar(mesh, ax=ax, **(cbar_kws or {}))
    return mesh
