"""The one look of every plot, and a layout computed once from the text it holds.

:data:`RC` holds the matplotlib settings that seaborn's ``whitegrid`` style with its
``"notebook"`` context at ``font_scale=0.85`` gave (light grid behind the data, light-grey
spines, dark-grey text, 10.2 pt labels and titles, 9.35 pt tick labels), written out so that
drawing a figure never imports seaborn (whose import pulls in scipy.stats, seconds on a busy
machine). :func:`styled` draws a plot function's figure under it.

:func:`fit` replaces ``tight_layout``/``layout="constrained"``: instead of drawing the figure to
measure it (and again when it is saved with a tight bounding box), it measures only the texts
around each plot (tick labels, axis labels, titles) with matplotlib's font metrics and sets the
figure's margins and gaps once (``subplots_adjust``). A figure laid out by :func:`fit` saves
unclipped with a plain ``savefig``.
"""

from __future__ import annotations

import functools
import re
import textwrap

import numpy as np

#: seaborn 0.13's ``axes_style("whitegrid")`` and ``plotting_context("notebook",
#: font_scale=0.85)``, where they differ from matplotlib's defaults; ``axes.titley`` fixed at
#: the top of the axes (nothing is drawn above an axes here), so that matplotlib does not
#: measure every axes again at each draw to place its title.
RC = {
    # whitegrid
    "axes.facecolor": "white",
    "axes.edgecolor": ".8",
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.labelcolor": ".15",
    "figure.facecolor": "white",
    "grid.color": ".8",
    "grid.linestyle": "-",
    "text.color": ".15",
    "xtick.color": ".15",
    "ytick.color": ".15",
    "xtick.direction": "out",
    "ytick.direction": "out",
    "xtick.bottom": False,
    "ytick.left": False,
    "xtick.top": False,
    "ytick.right": False,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans",
                        "sans-serif"],
    "axes.spines.left": True,
    "axes.spines.bottom": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    # notebook context, font_scale 0.85 (sizes in points)
    "font.size": 10.2,
    "axes.labelsize": 10.2,
    "axes.titlesize": 10.2,
    "xtick.labelsize": 9.35,
    "ytick.labelsize": 9.35,
    "legend.fontsize": 9.35,
    "legend.title_fontsize": 10.2,
    "axes.linewidth": 1.25,
    "grid.linewidth": 1.0,
    "lines.linewidth": 1.5,
    "lines.markersize": 6.0,
    "patch.linewidth": 1.0,
    "xtick.major.width": 1.25,
    "ytick.major.width": 1.25,
    "xtick.minor.width": 1.0,
    "ytick.minor.width": 1.0,
    "xtick.major.size": 6.0,
    "ytick.major.size": 6.0,
    "xtick.minor.size": 4.0,
    "ytick.minor.size": 4.0,
    # no automatic title placement (see above)
    "axes.titley": 1.0,
}

#: What :func:`_line_width` drops from mathematical text: commands, braces, ``^ _ $``.
_MATH_MARKUP = re.compile(r"\\[A-Za-z]+|[{}^_$]")
#: White space kept around the figure's content and between two plots, in inches.
PAD = 0.1
#: Height of one line of text, in multiples of its font size (matplotlib's line spacing).
LINE = 1.2


def styled(plot):
    """Run the plot function ``plot`` under :data:`RC` (its signature kept)."""

    @functools.wraps(plot)
    def draw(*args, **kwargs):
        import matplotlib as mpl

        with mpl.rc_context(RC):
            return plot(*args, **kwargs)

    return draw


def figure(width: float, height: float, *, rows: int = 1, cols: int = 1, **kw):
    """A figure of ``rows x cols`` plots, ``width`` (at most the print width) by ``height``
    inches, built without pyplot (nothing to close, nothing shown twice); returns the figure
    and its axes as a 2-D array. ``kw`` goes to ``Figure.subplots`` (``sharey``,
    ``gridspec_kw``)."""
    from matplotlib.figure import Figure

    from ethicskit.plots import print_width

    fig = Figure(figsize=(print_width(width), height))
    axes = fig.subplots(rows, cols, squeeze=False, **kw)
    return fig, axes


@functools.lru_cache(maxsize=4096)
def _line_width(line: str, prop) -> float:
    """Width in points of one line of text in the font ``prop`` (a FontProperties, hashable by
    its values). A pure function of small inputs, so kept in a module-level LRU cache: the
    same tick labels are measured by each pass of :func:`fit`. Mathematical text (the
    ``$\\mathdefault{10^{3}}$`` of a log axis) is measured as its plain characters (``103``):
    never narrower than the typeset label (its exponent is smaller), and without parsing it a
    second time for measuring (about half a second for the first one)."""
    from matplotlib import cbook
    from matplotlib.textpath import text_to_path

    if cbook.is_math_text(line):
        line = _MATH_MARKUP.sub("", line)
    width, _, _ = text_to_path.get_text_width_height_descent(line, prop, ismath=False)
    return width


def _size(text) -> tuple[float, float]:
    """Width and height in inches of the matplotlib Text ``text`` as drawn (rotation included):
    ``w = max(line widths)``, ``h = lines x LINE x size``, rotated by ``a``:
    ``(w |cos a| + h |sin a|, w |sin a| + h |cos a|)``."""
    content = text.get_text()
    if not content or not text.get_visible():
        return 0.0, 0.0
    prop = text.get_fontproperties()
    points = prop.get_size_in_points()
    lines = content.split("\n")
    w = max(_line_width(line, prop.copy()) for line in lines) / 72
    h = len(lines) * LINE * points / 72
    a = np.deg2rad(text.get_rotation())
    return (w * abs(np.cos(a)) + h * abs(np.sin(a)), w * abs(np.sin(a)) + h * abs(np.cos(a)))


def _labels(axis) -> list:
    """The ticks ``axis`` will draw inside its view, their labels formatted as drawing does."""
    lo, hi = sorted(axis.get_view_interval())
    out = []
    for ticks, formatter, locs in (
            (axis.get_major_ticks, axis.get_major_formatter(), axis.get_majorticklocs()),
            (axis.get_minor_ticks, axis.get_minor_formatter(), axis.get_minorticklocs())):
        if not len(locs):
            continue
        texts = formatter.format_ticks(list(locs))
        slack = 1e-9 * (hi - lo)
        for tick, loc, text in zip(ticks(len(locs)), locs, texts):
            if lo - slack <= loc <= hi + slack:
                tick.update_position(loc)
                tick.label1.set_text(text)
                tick.label2.set_text(text)
                out.append(tick)
    return out


def _tick_side(axis, first: str) -> tuple[float, float]:
    """Room the tick labels of ``axis`` take beyond the axes, in inches, on the ``first`` side
    (left or bottom) and on the other one: the largest label's extent across the axis plus the
    tick's pad and outward length."""
    ticks = _labels(axis)
    if not ticks:
        return 0.0, 0.0
    params = axis.get_tick_params()
    across = 0 if axis.axis_name == "y" else 1  # width for y labels, height for x labels
    pad = (ticks[0].get_pad() + ticks[0].get_tick_padding()) / 72
    sides = []
    for which, on in ((1, params.get(f"label{first}", first in ("left", "bottom"))),
                      (2, params.get("labelright" if first == "left" else "labeltop", False))):
        if not on:
            sides.append(0.0)
            continue
        extent = max(_size(getattr(t, f"label{which}"))[across] for t in ticks)
        sides.append(extent + pad if extent else 0.0)
    return sides[0], sides[1]


def _wrap(text, width: float) -> None:
    """Break the text of ``text`` into lines of at most ``width`` inches (at word spaces)."""
    content = text.get_text()
    if not content or width <= 0:
        return
    w, _ = _size(text)
    if w <= width:
        return
    chars = max(len(line) for line in content.split("\n"))
    per_line = max(10, int(chars * width / w))
    while per_line > 10:
        wrapped = "\n".join(textwrap.fill(line, per_line) for line in content.split("\n"))
        text.set_text(wrapped)
        if _size(text)[0] <= width:
            return
        per_line -= 2


def _needs(ax) -> dict[str, float]:
    """What ``ax`` needs around itself, in inches: ``left``, ``right``, ``bottom`` (tick labels
    and axis labels) and ``top`` (its titles)."""
    left, right = _tick_side(ax.yaxis, "left")
    bottom, top = _tick_side(ax.xaxis, "bottom")
    lo, hi = sorted(ax.xaxis.get_view_interval())
    for tick in _labels(ax.xaxis):
        # a label centred on a tick at either end of the axis reaches half its width beyond
        if tick.label1.get_rotation() or not tick.label1.get_text():
            continue
        at = (tick.get_loc() - lo) / ((hi - lo) or 1.0)
        half = _size(tick.label1)[0] / 2
        if ax.get_xscale() == "linear" and at < 0.02:
            left = max(left, half)
        if ax.get_xscale() == "linear" and at > 0.98:
            right = max(right, half)
    ylabel = ax.yaxis.label
    if ylabel.get_text():
        room = _size(ylabel)[0] + ax.yaxis.labelpad / 72
        if ax.yaxis.get_label_position() == "right":
            right += room
        else:
            left += room
    xlabel = ax.xaxis.label
    if xlabel.get_text():
        bottom += _size(xlabel)[1] + ax.xaxis.labelpad / 72
    import matplotlib as mpl

    titles = [ax.title, ax._left_title, ax._right_title]
    title = max((_size(t)[1] for t in titles), default=0.0)
    if title:
        top += title + mpl.rcParams["axes.titlepad"] / 72
    return {"left": left, "right": right, "bottom": bottom, "top": top}


def fit(fig, *, left: float = 0.0, right: float = 0.0, bottom: float = 0.0, top: float = 0.0):
    """Lay ``fig`` (a grid of plots made by :func:`figure`) out once: margins and gaps just
    wide enough for each plot's tick labels, axis labels and titles, long titles and x labels
    broken into lines that fit their plot. ``left``, ``right``, ``bottom``, ``top`` add room in
    inches on that side of the figure (for a legend or notes drawn outside the plots).

    Each margin is the largest need of the plots along that edge plus :data:`PAD`; a gap
    between two rows is ``bottom need of the upper + top need of the lower + PAD``, given to
    ``subplots_adjust`` as a fraction of the mean plot height (``hspace = gap / mean``), and
    likewise between columns. Done twice: automatic ticks depend on the plot's size, so the
    labels are measured again once the plots have their final size. Returns ``fig``.
    """
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.get_subplotspec() is not None]
    if not axes:
        return fig
    for _ in range(2):
        _adjust(fig, axes, left=left, right=right, bottom=bottom, top=top)
    return fig


def _adjust(fig, axes, *, left, right, bottom, top) -> None:
    """One pass of :func:`fit`."""
    width, height = fig.get_size_inches()
    rows, cols = axes[0].get_subplotspec().get_geometry()[:2]
    needs = {ax: _needs(ax) for ax in axes}
    spans = {ax: (ax.get_subplotspec().rowspan, ax.get_subplotspec().colspan) for ax in axes}

    def edge(side, pick):
        return max((n[side] for ax, n in needs.items() if pick(*spans[ax])), default=0.0)

    l = edge("left", lambda r, c: c.start == 0) + PAD + left
    r = edge("right", lambda r, c: c.stop == cols) + PAD + right
    wgap = max([edge("right", lambda r, c, j=j: c.stop == j) +
                edge("left", lambda r, c, j=j: c.start == j) for j in range(1, cols)],
               default=0.0) + PAD
    plot_width = (width - l - r - (cols - 1) * wgap) / cols
    ratios = axes[0].get_subplotspec().get_gridspec().get_width_ratios() or [1] * cols
    for ax in axes:  # long titles and x labels broken to fit, then measured again
        span = spans[ax][1]
        room = (plot_width * cols * sum(ratios[span.start:span.stop]) / sum(ratios)
                + wgap * (len(span) - 1))
        # text above or below the plot may reach over the margins (or half the gap) beside it
        before = l - PAD if span.start == 0 else wgap / 2
        after = r - PAD if span.stop == cols else wgap / 2
        centred = room + 2 * max(min(before, after), 0.0)
        for text, most in ((ax.title, centred), (ax._left_title, room + after),
                           (ax._right_title, room + before), (ax.xaxis.label, centred)):
            _wrap(text, most)
        needs[ax] = _needs(ax)
    t = edge("top", lambda r, c: r.start == 0) + PAD + top
    b = edge("bottom", lambda r, c: r.stop == rows) + PAD + bottom
    hgap = max([edge("bottom", lambda r, c, i=i: r.stop == i) +
                edge("top", lambda r, c, i=i: r.start == i) for i in range(1, rows)],
               default=0.0) + PAD
    plot_height = max((height - t - b - (rows - 1) * hgap) / rows, 0.1)
    plot_width = max(plot_width, 0.1)
    fig.subplots_adjust(left=min(l / width, 0.45), right=max(1 - r / width, 0.55),
                        bottom=min(b / height, 0.45), top=max(1 - t / height, 0.55),
                        hspace=hgap / plot_height, wspace=wgap / plot_width)
