"""The report's key figures, drawn by the package from the record (never by a notebook cell).

Each area module lists its key figures in ``KEY_FIGURES`` as ``(name, "module:function",
caption)``; the function takes the :class:`~ethicskit.record.Record` and returns a matplotlib
Figure (or a :class:`~ethicskit.plots.Skipped` when the data lack what it needs, which is left
out). :func:`write_key_figures` saves them as ``figures/<area>-<name>.png`` with the caption in
``figures/index.json``, in the suite's order: areas as they run, figures as their area lists
them.

Sized for print: the PDF shows each figure at its own size (``width / DPI`` inches), so a
figure is made at most :data:`PRINT_WIDTH` inches wide (an A4 page's text width; its text, drawn
at 7 pt or more, prints at that size), and one taller than :data:`PRINT_HEIGHT` is saved in parts
that each fit a page (``<area>-<name>-1.png``, ``-2.png``..., cut between its rows of plots,
each part listed with the caption and "part i of n").
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

INDEX = "index.json"
DPI = 110
#: Widest a key figure is made, in inches: the text width of an A4 page with 12 mm margins.
PRINT_WIDTH = 7.2
#: Tallest part of a key figure, in inches (an A4 page's text height, less a caption).
PRINT_HEIGHT = 9.6


def _function(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def write_key_figures(record, folder: str | Path) -> list[dict]:
    """Draw and save every key figure of ``record``'s areas into ``folder/figures``; returns the
    index written (``[{"area", "name", "caption", "file"}]``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ethicskit.record import area_module

    target = Path(folder) / "figures"
    index: list[dict] = []
    for area in record.areas:
        module = area_module(area)
        for name, function, caption in getattr(module, "KEY_FIGURES", ()):
            fig = _function(function)(record)
            if not hasattr(fig, "savefig"):  # skipped: the data lack what it needs
                continue
            target.mkdir(parents=True, exist_ok=True)
            fit_width(fig)
            parts = page_parts(fig)
            for i, box in enumerate(parts, 1):
                file = f"{area}-{name}.png" if len(parts) == 1 else f"{area}-{name}-{i}.png"
                fig.savefig(target / file, dpi=DPI, bbox_inches=box or "tight")
                entry = {"area": area, "name": name, "caption": caption, "file": file}
                if len(parts) > 1:
                    entry.update(name=f"{name}-{i}", caption=f"{caption} (part {i} of "
                                                             f"{len(parts)})".lstrip())
                index.append(entry)
            plt.close(fig)
    if index:
        (target / INDEX).write_text(json.dumps(index, indent=2), encoding="utf-8")
    return index


def fit_width(fig, *, width: float = PRINT_WIDTH) -> None:
    """Make ``fig`` at most ``width`` inches wide (its height kept), laid out again: its text
    keeps its size in points, so it prints at that size on an A4 page."""
    w, h = fig.get_size_inches()
    if w <= width:
        return
    fig.set_size_inches(width, h)
    if fig.get_layout_engine() is None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig.tight_layout()


def page_parts(fig, *, height: float = PRINT_HEIGHT) -> list:
    """Where to cut ``fig`` so that each part fits a page: ``[None]`` (the whole figure) when it
    is at most ``height`` inches tall, else one bounding box (inches) per part, each spanning
    the figure's width and holding whole rows of plots."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    if fig.get_size_inches()[1] <= height:  # cheap: what is drawn is within the figure's size
        return [None]
    if not hasattr(fig.canvas, "get_renderer"):  # a bare Figure: give it a canvas to measure
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    to_inches = fig.dpi_scale_trans.inverted()
    full = fig.get_tightbbox(renderer)
    if full is None or full.height <= height:
        return [None]
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes if ax.get_visible()]
    boxes = sorted((b.transformed(to_inches) for b in boxes if b is not None),
                   key=lambda b: -b.y1)
    parts: list = []
    current = None
    for box in boxes:
        joined = box if current is None else Bbox.union([current, box])
        if current is not None and joined.height > height and box.y1 <= current.y0 + 1e-6:
            parts.append(current)
            current = box
        else:
            current = joined
    if current is not None:
        parts.append(current)
    if len(parts) < 2:
        return [None]
    pad = 0.08
    top, bottom = full.y1, full.y0
    out = []
    for i, part in enumerate(parts):  # the first part keeps what is above, the last below
        y1 = top if i == 0 else part.y1 + pad
        y0 = bottom if i == len(parts) - 1 else part.y0 - pad
        out.append(Bbox.from_extents(full.x0, y0, full.x1, y1))
    return out
