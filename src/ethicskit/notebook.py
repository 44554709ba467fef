"""What an area notebook calls: the record to present, its header and its finding cards.

A notebook stays thin: :func:`load_record` gives it the stored record of a run, or computes the
same record through :func:`ethicskit.record.compute` when the notebook runs on its own; the
notebook then explains and plots it. Nothing here computes a check and nothing writes an output
of a run: the package does both.
"""

from __future__ import annotations

import logging
import warnings

from ethicskit.compressed import open_for
from ethicskit.findings import Finding, area_statuses, sort_findings
from ethicskit.numbers import fmt_number
from ethicskit.render import badge, finding_html, findings_table_html, table_html


def quiet() -> None:
    """Silence library warnings (pandas future warnings, matplotlib font notices)."""
    warnings.filterwarnings("ignore")
    logging.getLogger().setLevel(logging.ERROR)


def load_record(area: str, *, dataset_path: str = "", config_path: str = "", as_of: str = "",
                record_dir: str = "", engine: str = "", spark_master: str = ""):
    """The record a notebook presents: under a run, the stored one (``record_dir``, findings
    and figure tables only); on its own, computed from the dataset (or the bundled sample)
    through the same call as ``ethicskit run`` (:func:`ethicskit.record.compute`), its rows
    read by ``engine`` (pandas, duckdb or spark: :mod:`ethicskit.engine.load`); the bias page on
    DuckDB or Spark is computed from the engine's cells (:mod:`ethicskit.compressed`)."""
    from ethicskit import record

    quiet()
    if record_dir:
        return record.read(record_dir, areas=[area])
    campaign = open_for([area], dataset_path or None, config_path=config_path or None,
                        as_of=as_of or None, engine=engine or None,
                        spark_master=spark_master or None)
    rec = record.compute(campaign, areas=[area])
    if campaign.cells is not None:  # a compressed campaign: its engine's views go
        campaign.cells.close()
    return rec


class _HTML:
    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # plain-text fallback, e.g. in a terminal
        return "<html output>"


def show(finding: Finding, *, details: bool = False) -> _HTML:
    """A finding as a card (status, message, value against threshold in the check's unit,
    rule, what to do)."""
    from ethicskit.registry import unit_of

    return _HTML(finding_html(finding, unit=unit_of(finding.check_id), show_details=details))


def overview(record, *, area: str) -> _HTML:
    """The area's header: campaign, data, area status and the table of its findings, from a
    :class:`ethicskit.record.Record`."""
    from ethicskit.render import esc

    findings = record.area_findings(area)
    meta = record.meta
    name, rows, keyed_by_row, as_of = (meta["campaign"], meta["dataset"]["rows"],
                                       meta["keyed_by_row"], meta["as_of"])
    status = area_statuses(findings.values()).get(area, "not_evaluated")
    key = ("keyed by row number (the dataset has no customer_id)" if keyed_by_row
           else "keyed by customer_id")
    head = (f"<p><strong>{esc(name)}</strong> — {fmt_number(rows)} rows, "
            f"{esc(key)}, as of {esc(as_of)}. Area status: {badge(status)}</p>")
    from ethicskit.registry import unit_of

    units = {check_id: unit_of(check_id) for check_id in findings}
    return _HTML(head + findings_table_html(sort_findings(findings.values()), units=units))


def table(frame, *, caption: str = "", max_rows: int | None = None, digits=None,
          long_text=(), names=None, drop_empty: bool = True, empty: str = "No rows.") -> _HTML:
    """A table in the one style of the pages and notebooks (:func:`ethicskit.render.table_html`):
    text left, numbers right and formatted once, yes/no for booleans, no index column, and a
    horizontal scroll inside its wrapper when it is wider than the page.

    Parameters
    ----------
    frame : pandas.DataFrame, list of dict, or an object holding a DataFrame in ``.frame``
        A named index becomes the first column; an unnamed one is dropped. Anything else (a
        note saying why there is no table, a sentence) is returned as it is.
    caption : str, optional
        A caption above the table.
    max_rows : int, optional
        Rows shown at most; a line says how many more there are.
    digits : dict, optional
        Fixed decimals per column.
    long_text : iterable of str, optional
        Columns of sentences, which wrap.
    names : dict, optional
        Headings for columns.
    drop_empty : bool, optional
        Leave out columns without any value (default True).
    empty : str, optional
        What is shown instead of a table without rows.
    """
    import pandas as pd

    from ethicskit.render import esc

    if isinstance(getattr(frame, "frame", None), pd.DataFrame):
        frame = frame.frame  # a formatted table of an area (ethicskit.bias.tables.Table)
    if isinstance(frame, list):
        frame = pd.DataFrame(frame)
    if not isinstance(frame, pd.DataFrame):
        return frame
    rows = frame
    if rows.empty:
        return _HTML(f"<p>{esc(empty)}</p>")
    return _HTML(table_html(rows, caption=caption, max_rows=max_rows, digits=digits,
                            long_text=long_text, names=names, drop_empty=drop_empty))


def _image_html(src: str, alt: str) -> str:
    from ethicskit.render import esc

    return f'<img class="ek-figure" src="{esc(src)}" alt="{esc(alt)}">'


def figure(record, area: str, name: str) -> _HTML:
    """The figure ``area``/``name`` of :data:`ethicskit.figures.FIGURES`, as an image whose
    alternative text is its caption.

    Under a run (a record read from a run folder whose ``figures/index.json`` lists it) the
    stored image the package drew is shown, by its path in the run folder
    (``figures/<file>``: the page of the run embeds it, :class:`ethicskit.notebooks.HtmlPages`),
    and a figure the package could not draw raises (the cell fails, so the page says
    ``error``). On its own, the notebook draws it from the record through the same plot
    function and shows it embedded. A figure with nothing to draw shows the sentence saying
    why.
    """
    from ethicskit import figures
    from ethicskit.render import esc

    row = figures.figure_row(area, name)
    folder = getattr(record, "folder", None)
    entry = next((e for e in figures.read_index(folder) if e["area"] == area
                  and e["name"] == name), None) if folder else None
    if entry is not None:
        if entry.get("error"):
            raise RuntimeError(f"figure {area}/{name} could not be drawn: {entry['error']}")
        if entry.get("skipped") is not None:
            return _HTML(f"<p><em>{esc(entry['skipped'])}</em></p>")
        return _HTML("".join(_image_html(f"figures/{file}", caption)
                             for file, caption in figures.parts_of(entry)))
    drawn = figures.draw(row, record)
    if not hasattr(drawn, "savefig"):
        return _HTML(f"<p><em>{esc(getattr(drawn, 'text', str(drawn)))}</em></p>")
    images = figures.render(drawn)
    figures.close(drawn)
    captions = figures.part_captions(row.caption, len(images))
    return _HTML("".join(_image_html(figures.data_uri(data), caption)
                         for data, caption in zip(images, captions)))
