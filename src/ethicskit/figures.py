"""The report's key figures, drawn by the package from the record (never by a notebook cell).

Each area module lists its key figures in ``KEY_FIGURES`` as ``(name, "module:function",
caption)``; the function takes the :class:`~ethicskit.record.Record` and returns a matplotlib
Figure (or a :class:`~ethicskit.plots.Skipped` when the data lack what it needs, which is left
out). :func:`write_key_figures` saves them as ``figures/<area>-<name>.png`` with the caption in
``figures/index.json``, in the suite's order: areas as they run, figures as their area lists
them.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

INDEX = "index.json"
DPI = 110


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
            file = f"{area}-{name}.png"
            fig.savefig(target / file, dpi=DPI, bbox_inches="tight")
            plt.close(fig)
            index.append({"area": area, "name": name, "caption": caption, "file": file})
    if index:
        (target / INDEX).write_text(json.dumps(index, indent=2), encoding="utf-8")
    return index
