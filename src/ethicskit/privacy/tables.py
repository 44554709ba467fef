"""A privacy finding's details as readable HTML for the notebook: its tables, its settings and
its evidence (at most ten ``customer_id`` values; identifier values only ever masked).

Everything from the data passes through :func:`ethicskit.render.esc`.
"""

from __future__ import annotations

from ethicskit.findings import Finding
from ethicskit.render import esc, fmt
from ethicskit.render import table_html as styled_table

#: details keys shown as tables, with their captions, in this order
TABLES = {
    "channels": "By channel",
    "by_jurisdiction": "By jurisdiction (the rule-pack entry each person follows)",
    "columns": "Columns (identifier examples masked)",
    "below_share": "Columns with some identifier-like values, below the share",
    "by_column": "By column",
    "other_condition_columns": "Columns resting on another Art. 9 condition (not counted)",
    "classes_by_l": "Classes by number of distinct sensitive values (l)",
    "class_sizes": "Classes by size (smallest first)",
}
#: details keys shown as settings
SETTINGS = {
    "default_jurisdiction": "Rules for rows without a known country or region "
                            "(default_jurisdiction)",
    "fallback_rows": "Rows judged by default_jurisdiction",
    "retention_days": "Retention period (days)",
    "identifier_share": "Share of values that makes an identifier column",
    "quasi_identifiers": "Quasi-identifiers",
    "sensitive_attribute": "Sensitive attribute",
    "unknown_rows": "Targeted people whose consent column is absent (not counted)",
    "soft_optin_rows": "Targeted people exempted by the soft opt-in (not counted)",
    "b2b_rows": "Targeted people exempted as business contacts (not counted)",
    "do_not_call_rows": "Called on a do-not-call number without consent (counted)",
    "other_channel_rows": "Targeted people with an empty or unknown channel (not counted)",
    "not_needed_rows": "Rows whose channel needed no prior consent (not judged)",
    "unknown_age_rows": "Targeted people without an age (not checked)",
    "open_requests": "Open erasure requests",
    "extended_rows": "Open requests whose deadline was extended",
    "checked_rows": "Rows checked",
    "rows_with_date": "Rows with a collection date",
    "rows_with_values": "People with special-category values",
    "other_condition_rows": "People whose values rest on another Art. 9 condition "
                            "(not counted)",
}
MAX_TABLE_ROWS = 15


class HTML:
    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return "<html output>"


def _cell(key: str, value) -> str:
    if key == "share" and isinstance(value, (int, float)):
        return f"{100 * value:.0f}%"
    return fmt(value)


def table_html(rows: list[dict], caption: str) -> str:
    """``rows`` (a finding's details list) in the one table style of the pages
    (:func:`ethicskit.render.table_html`), shares as whole percentages, at most
    :data:`MAX_TABLE_ROWS` rows and a line saying how many more the finding's JSON holds."""
    if not rows:
        return ""
    keys = list(rows[0])
    shown = [{k.replace("_", " "): _cell(k, r.get(k)) for k in keys}
             for r in rows[:MAX_TABLE_ROWS]]
    more = (f"<p><em>{len(rows) - MAX_TABLE_ROWS:,} more rows in the finding's JSON.</em></p>"
            if len(rows) > MAX_TABLE_ROWS else "")
    return styled_table(shown, caption=caption) + more


def details_html(finding: Finding | dict) -> str:
    d = finding.to_dict() if isinstance(finding, Finding) else finding
    details = d.get("details") or {}
    parts = []
    settings = [(label, details[key]) for key, label in SETTINGS.items() if key in details]
    if settings:
        items = "".join(f"<li>{esc(label)}: {esc(fmt(', '.join(v) if isinstance(v, list) else v))}"
                        f"</li>" for label, v in settings)
        parts.append(f"<ul>{items}</ul>")
    for key, caption in TABLES.items():
        value = details.get(key)
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            parts.append(table_html(value, caption))
        elif isinstance(value, list) and value:
            parts.append(f"<p>Columns: {esc(', '.join(str(v) for v in value))}</p>")
    ids = details.get("customer_ids")
    if ids:
        parts.append(f"<p>Evidence — up to ten affected people by <code>customer_id</code>: "
                     f"{esc(', '.join(str(i) for i in ids))}</p>")
    elif ids is not None:
        parts.append("<p>Evidence: no affected rows.</p>")
    return "".join(parts)


def evidence(finding: Finding | dict) -> HTML:
    """The finding's tables, settings and evidence as an HTML block for a notebook cell."""
    return HTML(details_html(finding))


def suppression_summary(record) -> HTML:
    """How many lines and people the suppression list holds, per check (no ids shown), from
    the record's tables ``suppression_summary`` and ``suppression_total``."""
    by_check = record.table("privacy", "suppression_summary")
    total = record.table("privacy", "suppression_total")
    lines, people = int(total["lines"].iloc[0]), int(total["people"].iloc[0])
    if lines == 0:
        return HTML("<p>Nobody needs to be suppressed: none of the four checks counted anyone "
                    "(or their columns are absent).</p>")
    rows = [{"check": k, "people": int(v)} for k, v in zip(by_check["check"], by_check["people"])]
    head = (f"<p>The suppression list has {lines:,} lines for {people:,} "
            f"{'person' if people == 1 else 'people'}.</p>")
    return HTML(head + table_html(rows, "Lines per check"))
