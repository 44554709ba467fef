"""What the notebooks show: the inventory table and the customer notice."""

from __future__ import annotations

from ethicskit.notice import render_notice
from ethicskit.transparency.disclosure import inventory_frame, sheet
from ethicskit.transparency.reduction import reduce
from ethicskit.transparency.stored import record_text

#: The headings of the inventory table in the notebook and in the pages (plain words).
INVENTORY_HEADINGS = {"column": "column", "logical": "read as", "declared": "declared",
                      "category": "category", "purpose": "purpose", "legal_basis": "legal basis",
                      "retention_days": "kept for (days)", "in_model": "used by the model",
                      "use": "use", "non_null": "rows with a value"}


def inventory_table(campaign):
    """The inventory against the data as a table (no data values), or None without one."""
    r = reduce(campaign)
    return None if r.inventory is None else inventory_frame(sheet(r))


def notice_markdown(campaign, findings=None) -> str:
    """The customer notice as Markdown, or ``""`` without an inventory. ``findings`` (check id
    -> Finding) are those it is checked against; without them every claim that depends on a
    finding is unverified and the notice is a DRAFT saying so (``ethicskit run`` and
    :func:`ethicskit.record.compute` check it against the run's findings)."""
    r = reduce(campaign, findings)
    return "" if r.inventory is None else render_notice(r.notice)[0]


def notice_from_record(record, record_dir: str = "") -> str:
    """The customer notice of a record as Markdown, ``""`` when the run wrote none.

    A computed record holds it in ``record.files``; a stored one has ``notice.md`` at the top
    of its run folder ``record_dir``.
    """
    return record_text(record, "notice.md", record_dir)
