"""What a notebook calls: load quietly, run an area, show findings, save them.

A notebook stays thin: it calls these functions, then explains and plots. Nothing here computes
a check; that is the area modules' work.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from ethicskit.campaign import Campaign, open_campaign
from ethicskit.findings import Finding, area_statuses, sort_findings, write_findings
from ethicskit.registry import run_area as _run_area
from ethicskit.render import badge, finding_html, findings_table_html


def quiet() -> None:
    """Silence library warnings (aif360's optional extras, pandas future warnings)."""
    warnings.filterwarnings("ignore")
    logging.getLogger().setLevel(logging.ERROR)


def load(*, dataset_path: str = "", config_path: str = "", as_of: str = "",
         snapshot_dir: str = "", columns: list[str] | None = None,
         area: str | None = None) -> Campaign:
    """The campaign for a notebook: the run's snapshot when given, else the file (or sample).

    From a snapshot, ``area`` reads only the columns that area needs
    (:func:`ethicskit.columns.area_columns`); ``columns`` names them outright.
    """
    quiet()
    return open_campaign(dataset_path or None, config_path=config_path or None,
                         as_of=as_of or None, snapshot_dir=snapshot_dir or None, columns=columns,
                         area=area)


def load_record(area: str, *, dataset_path: str = "", config_path: str = "", as_of: str = "",
                record_dir: str = ""):
    """The record a notebook presents: under a run, the stored one (``record_dir``, findings
    and figure tables only); on its own, computed from the dataset (or the bundled sample)
    through the same call as ``ethicskit run`` (:func:`ethicskit.record.compute`)."""
    from ethicskit import record

    quiet()
    if record_dir:
        return record.read(record_dir, areas=[area])
    campaign = open_campaign(dataset_path or None, config_path=config_path or None,
                             as_of=as_of or None)
    return record.compute(campaign, areas=[area])


def run_area(area: str, campaign: Campaign) -> dict[str, Finding]:
    """Every check of the area, keyed by id."""
    quiet()
    return _run_area(area, campaign)


class _HTML:
    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # plain-text fallback, e.g. in a terminal
        return "<html output>"


def show(finding: Finding, *, details: bool = False) -> _HTML:
    """A finding as a card (status, message, value against threshold, rule, what to do)."""
    return _HTML(finding_html(finding, show_details=details))


def overview(record, findings: dict[str, Finding] | None = None, *, area: str) -> _HTML:
    """The area's header: campaign, data, area status and the table of its findings.

    ``record`` is a :class:`ethicskit.record.Record` (or, for a notebook not yet moved to the
    record, a campaign with its ``findings``)."""
    from ethicskit.render import esc

    if findings is None:  # a record
        findings = record.area_findings(area)
        meta = record.meta
        name, rows, keyed_by_row, as_of = (meta["campaign"], meta["dataset"]["rows"],
                                           meta["keyed_by_row"], meta["as_of"])
    else:
        name, rows, keyed_by_row, as_of = (record.config.name, record.rows,
                                           record.keyed_by_row, record.as_of.isoformat())
    status = area_statuses(findings.values()).get(area, "not_evaluated")
    key = ("keyed by row number (the dataset has no customer_id)" if keyed_by_row
           else "keyed by customer_id")
    head = (f"<p><strong>{esc(name)}</strong> — {rows:,} rows, "
            f"{esc(key)}, as of {esc(as_of)}. Area status: {badge(status)}</p>")
    return _HTML(head + findings_table_html(sort_findings(findings.values())))


def save(findings: dict[str, Finding], output_dir: str, *, area: str) -> Path | None:
    """Write ``findings/<area>.json`` into ``output_dir``; nothing when it is empty."""
    if not output_dir:
        return None
    return write_findings(list(findings.values()), Path(output_dir) / "findings" / f"{area}.json")


def keep_figure(fig, output_dir: str, *, area: str, name: str, caption: str = ""):
    """Show ``fig`` and, with ``output_dir`` set, keep it as ``figures/<area>-<name>.png`` for the
    report's key plots (``caption`` goes beside it in ``figures/<area>-<name>.txt``)."""
    if output_dir and hasattr(fig, "savefig"):  # a plot that was skipped is not kept
        folder = Path(output_dir) / "figures"
        folder.mkdir(parents=True, exist_ok=True)
        fig.savefig(folder / f"{area}-{name}.png", dpi=110, bbox_inches="tight")
        (folder / f"{area}-{name}.txt").write_text(caption, encoding="utf-8")
    return fig
