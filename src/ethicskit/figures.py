"""Every figure of a run, in one table, drawn once by the package from the record.

:data:`FIGURES` lists each figure an area page or the report shows: its area, name, plot
function (``"module:function"``, taking the :class:`~ethicskit.record.Record` and returning a
matplotlib Figure or a :class:`~ethicskit.plots.Skipped` saying why there is nothing to draw),
caption (also the image's alternative text) and whether the report shows it (``key``). Under
``ethicskit run``, :func:`write_figures` draws them all (two processes, each its areas in this
order: :data:`ethicskit.runner.BESIDE`), into ``figures/<area>-<name>.png`` with
``figures/index.json`` (:func:`merge_index`); an area notebook then shows the stored
images (:func:`ethicskit.notebook.figure`), and the report embeds the key ones. A notebook run on
its own draws the same figures through the same functions (:func:`draw`).

Sized for print: the PDF shows each figure at its own size (``width / DPI`` inches), so a
figure is made at most :data:`PRINT_WIDTH` inches wide (an A4 page's text width; its text, drawn
at 7 pt or more, prints at that size), and one taller than :data:`PRINT_HEIGHT` is saved in parts
that each fit a page (``<area>-<name>-1.png``, ``-2.png``..., cut between its rows of plots,
each part listed with the caption and "part i of n").
"""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

INDEX = "index.json"
DPI = 110
#: Widest a key figure is made, in inches: the text width of an A4 page with 12 mm margins.
PRINT_WIDTH = 7.2
#: Tallest part of a key figure, in inches (an A4 page's text height, less a caption).
PRINT_HEIGHT = 9.6


@dataclass(frozen=True)
class FigureRow:
    """One figure of a run: where it belongs, what draws it, what it shows."""

    area: str
    name: str
    function: str
    caption: str
    key: bool = False

    @property
    def file(self) -> str:
        return f"{self.area}-{self.name}.png"


_P, _B, _T = "ethicskit.plots.privacy", "ethicskit.plots.bias", "ethicskit.plots.targeting"
#: Every figure of a run, in the order the pages show them (areas in the suite's order).
FIGURES: tuple[FigureRow, ...] = (
    FigureRow("privacy", "consent-funnel", f"{_P}:consent_funnel",
              "Consent funnel by channel: eligible, targeted, consented and contacted people.",
              key=True),
    FigureRow("privacy", "erasure-deadlines", f"{_P}:erasure_deadlines",
              "Open erasure requests by days since the request, one line per jurisdiction with "
              "its deadline marked; overdue requests in red."),
    FigureRow("privacy", "k-anonymity", f"{_P}:class_sizes",
              "People per equivalence class of the quasi-identifiers, with k_min marked.",
              key=True),
    FigureRow("privacy", "anonymise-tradeoff", f"{_P}:anonymise_tradeoff",
              "The anonymised extract's trade-off: k reached and information lost against the "
              "share of rows suppressed, per combination of generalisation levels; the one "
              "chosen highlighted."),
    FigureRow("bias", "selection-rates", f"{_B}:selection_rates",
              "Selection rate per group with its 95% interval; the band keeps the ratio to the "
              "reference within 0.8-1.25; small groups are grey.", key=True),
    FigureRow("bias", "error-rates", f"{_B}:error_rates",
              "True- and false-positive rate of the model per group, per attribute; small groups "
              "faded."),
    FigureRow("bias", "intersections", f"{_B}:intersectional_heatmap",
              "Selection-rate ratio at each intersection of two protected attributes.",
              key=True),
    FigureRow("bias", "offer-values", f"{_B}:offer_values",
              "Offer values per group as box plots, with each group's standardised mean "
              "difference; small groups grey, the reference green."),
    FigureRow("bias", "delivery-shares", f"{_B}:delivery_shares",
              "Each group's share of the people targeted beside its share of the eligible "
              "audience, per attribute."),
    FigureRow("bias", "proxies", f"{_B}:proxy_heatmap",
              "Cramér's V of each model feature with each protected attribute, the "
              "bias-corrected V in brackets; cells at or above the threshold outlined."),
    FigureRow("bias", "reweighing", f"{_B}:reweighing",
              "Reweighing weights per group and decision, and the selection-rate ratios before "
              "and after."),
    FigureRow("targeting", "sensitive-categories", f"{_T}:sensitive_categories",
              "Targeted people per special category and for financial hardship."),
    FigureRow("targeting", "segments", f"{_T}:segment_audiences",
              "Targeted people per segment against the minimum audience.", key=True),
    FigureRow("targeting", "contact-pressure", f"{_T}:contacts_per_person",
              "People by number of contacts in this campaign, with the cap marked.", key=True),
    FigureRow("targeting", "products-by-vulnerability", f"{_T}:products_by_vulnerability_and_age",
              "Targeted people per product category, by vulnerability flag and by age band; "
              "restricted products in red."),
    FigureRow("targeting", "jurisdictions", f"{_T}:jurisdictions",
              "Rows affected per jurisdiction by each check that follows the rule pack."),
)


def figure_row(area: str, name: str) -> FigureRow:
    """The row of :data:`FIGURES` named ``area``/``name``."""
    for row in FIGURES:
        if row.area == area and row.name == name:
            return row
    known = ", ".join(r.name for r in FIGURES if r.area == area) or "none"
    raise KeyError(f"no figure {area}/{name} (the {area} figures: {known})")


def _function(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def draw(row: FigureRow, record):
    """The figure of ``row`` drawn from ``record`` (a Figure, or a Skipped saying why not)."""
    return _function(row.function)(record)


def write_area_figures(record, folder: str | Path, area: str, *,
                       rows: Iterable[FigureRow] | None = None) -> list[dict]:
    """Draw and save the figures of one area into ``folder/figures``; returns their index
    entries (``{"area", "name", "caption", "file", "key"}``, a skipped figure with ``skipped``
    (the sentence shown instead) and no file, a figure that failed with ``error``)."""
    target = Path(folder) / "figures"
    target.mkdir(parents=True, exist_ok=True)
    entries: list[dict] = []
    for row in rows if rows is not None else FIGURES:
        if row.area != area:
            continue
        base = {"area": area, "name": row.name, "caption": row.caption, "key": row.key}
        try:
            fig = draw(row, record)
        except Exception as exc:  # noqa: BLE001 - told on the page (the notebook cell fails)
            entries.append({**base, "error": f"{type(exc).__name__}: {exc}"})
            continue
        if not hasattr(fig, "savefig"):  # skipped: the data lack what it needs
            entries.append({**base, "skipped": getattr(fig, "text", str(fig))})
            continue
        images = render(fig)
        close(fig)
        files = []
        for i, data in enumerate(images, 1):
            file = row.file if len(images) == 1 else f"{area}-{row.name}-{i}.png"
            (target / file).write_bytes(data)
            files.append(file)
        entries.append({**base, "file": files[0], "files": files})
    return entries


def render(fig) -> list[bytes]:
    """``fig`` as PNG images at :data:`DPI`: one, or one per part when it is taller than a page
    (:func:`page_parts`). The figure is drawn once; the parts are cut from the same pixels.

    Saving each part with ``savefig(bbox_inches=part)`` would draw the whole figure again per
    part (measured on the sample: the intersection heatmaps, four parts, took five draws)."""
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fit_width(fig)
    fig.set_dpi(DPI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    out = []
    for box in page_parts(fig):
        crop = pixels
        if box is not None:  # inches from the bottom left -> pixel rows from the top
            top = max(0, int(np.floor(height - box.y1 * DPI)))
            bottom = min(height, int(np.ceil(height - box.y0 * DPI)))
            left = max(0, int(np.floor(box.x0 * DPI)))
            right = min(width, int(np.ceil(box.x1 * DPI)))
            crop = pixels[top:bottom, left:right]
        buffer = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(crop)).save(buffer, format="png", dpi=(DPI, DPI))
        out.append(buffer.getvalue())
    return out


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, the way every page of a run embeds its figures."""
    import base64

    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def close(fig) -> None:
    """Let pyplot forget ``fig`` if pyplot made it (the package's plots are built without
    pyplot, which is then never imported)."""
    import sys

    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)


def write_index(entries: list[dict], folder: str | Path) -> Path:
    """``figures/index.json``: the entries in the order of :data:`FIGURES`."""
    target = Path(folder) / "figures"
    target.mkdir(parents=True, exist_ok=True)
    rank = {(r.area, r.name): i for i, r in enumerate(FIGURES)}
    ordered = sorted(entries, key=lambda e: rank.get((e["area"], e["name"]), len(rank)))
    path = target / INDEX
    part = path.with_name(f".{INDEX}.{os.getpid()}")
    part.write_text(json.dumps(ordered, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(part, path)  # whole: a notebook reading it never sees half a file
    return path


def write_figures(record, folder: str | Path, *, done: Callable[[str], None] | None = None,
                  areas: Iterable[str] | None = None) -> list[dict]:
    """Draw every figure of ``record``'s areas (or of ``areas``) into ``folder/figures`` (area
    by area, in the suite's order), adding each area's entries to ``figures/index.json``
    (:func:`merge_index`) and calling ``done(area)`` then; returns the entries drawn."""
    entries: list[dict] = []
    for area in (record.areas if areas is None else areas):
        mine = write_area_figures(record, folder, area)
        entries += mine
        merge_index(mine, folder, area)
        if done is not None:
            done(area)
    return entries


def merge_index(entries: list[dict], folder: str | Path, area: str) -> Path:
    """``figures/index.json`` with ``area``'s entries replaced by ``entries``: read, changed and
    written holding a lock on the ``figures`` folder itself (``flock``; no lock file), so that
    two processes drawing different areas each add theirs (:func:`write_figures`); a reader
    sees the old file or the new one, never a part (:func:`write_index` replaces it whole).
    Where there is no ``fcntl`` (Windows), one process draws every area and takes no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the figures are drawn in one process
        fcntl = None
    target = Path(folder) / "figures"
    target.mkdir(parents=True, exist_ok=True)
    held = os.open(target, os.O_RDONLY) if fcntl is not None else None
    try:
        if held is not None:
            fcntl.flock(held, fcntl.LOCK_EX)
        kept = [e for e in read_index(folder) if e["area"] != area]
        return write_index(kept + entries, folder)
    finally:
        if held is not None:
            os.close(held)  # and the lock with it


def read_index(folder: str | Path) -> list[dict]:
    """The entries of ``folder/figures/index.json`` (none when there is no index)."""
    path = Path(folder) / "figures" / INDEX
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def part_captions(caption: str, parts: int) -> list[str]:
    """The caption of each of a figure's ``parts``: the caption itself for a whole figure,
    else "<caption> (part i of n)"."""
    if parts < 2:
        return [caption] * parts
    return [f"{caption} (part {i} of {parts})".lstrip() for i in range(1, parts + 1)]


def parts_of(entry: dict) -> list[tuple[str, str]]:
    """``[(file, caption)]`` of an index entry: one file, or its parts "part i of n"."""
    files = entry.get("files") or ([entry["file"]] if entry.get("file") else [])
    return list(zip(files, part_captions(entry.get("caption", ""), len(files))))


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
