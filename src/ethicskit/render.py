"""HTML fragments of findings, shared by the notebooks and the report. Everything is escaped.

Values from the data or the config (segment names, group labels, column names, the campaign's
name) reach HTML only through :func:`esc` or Jinja2's autoescape.
"""

from __future__ import annotations

import html
import json
import re
from numbers import Real
from typing import Any

import numpy as np

from ethicskit.findings import Finding
from ethicskit.numbers import fmt_number, fmt_value

STATUS_COLOURS = {"fail": "#b42318", "error": "#7a0916", "warn": "#b54708",
                  "not_evaluated": "#475467", "pass": "#067647", "info": "#175cd3"}
STATUS_LABELS = {"fail": "FAIL", "error": "ERROR", "warn": "WARN", "not_evaluated": "NOT EVALUATED",
                 "pass": "PASS", "info": "INFO"}


def esc(value: Any) -> str:
    """Escape any value for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def fmt(value: Any, unit: str | None = None) -> str:
    """A number or threshold as a short readable string, with its unit when given
    (:func:`ethicskit.numbers.fmt_value`: ``5,000``, ``0.612 rate ratio``, ``0.8 to 1.25``)."""
    return fmt_value(value, unit)


def value_against_threshold(finding: Finding | dict, unit: str | None = None) -> str:
    """``value unit (threshold T unit)``: a finding's value beside its threshold, both in
    ``unit``, the unit of its check (:func:`ethicskit.registry.unit_of`, given by the caller:
    this module sits below the registry): ``0.612 rate ratio (threshold 0.8 to 1.25 rate
    ratio)``, ``20 contacts (threshold 7 contacts)``; ``—`` when the check computed no value."""
    d = finding.to_dict() if isinstance(finding, Finding) else finding
    value, threshold = d.get("value"), d.get("threshold")
    text = fmt_value(value, unit)
    if threshold is not None and threshold != {}:
        text += f" (threshold {fmt_value(threshold, unit)})"
    return text


#: The one table style: text left, numbers right, no index, wide tables scroll in their wrapper.
#: Inline, so that a notebook in JupyterLab (whose own CSS right-aligns every cell and fixes
#: the table layout) and a page look the same.
WRAP_STYLE = "overflow-x:auto;max-width:100%;margin:0.5em 0"
TABLE_STYLE = ("border-collapse:collapse;table-layout:auto;width:auto;margin:0;"
               "font-variant-numeric:tabular-nums")
_CELL = "padding:3px 10px;border-bottom:1px solid #eaecf0;vertical-align:top;white-space:nowrap"
_LEFT = f"text-align:left;{_CELL}"
_RIGHT = f"text-align:right;{_CELL}"
_TEXT = _LEFT.replace("white-space:nowrap", "white-space:normal;min-width:12em;max-width:40em")
_WRAP = _LEFT.replace("white-space:nowrap", "white-space:normal;min-width:9em")
_MESSAGE = _LEFT.replace("white-space:nowrap", "white-space:normal;min-width:18em")
#: a cell of text that is a formatted number ("5,000", "-2.5", "12.0%", "+0.103")
_NUMBER_TEXT = re.compile(r"^[-+−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


def _is_number(value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)) or value is None:
        return False
    if isinstance(value, Real):
        return True
    return isinstance(value, str) and bool(_NUMBER_TEXT.match(value.strip()))


def cell_text(value: Any, *, digits: int | None = None) -> str:
    """A table cell as text: numbers by :func:`~ethicskit.numbers.fmt_number`, booleans
    ``yes``/``no``, missing values ``—``, lists joined by commas (not yet escaped)."""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(cell_text(v, digits=digits) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell_text(v, digits=digits)}" for k, v in value.items()) or "—"
    if isinstance(value, str):
        if value[:1] in "-−" and _NUMBER_TEXT.match(value) and not value.strip("-−0.,%"):
            return value[1:]  # "-0.000" from a rounded negative zero: never shown
        return value
    try:
        import pandas as pd

        if value is not None and not isinstance(value, Real) and pd.isna(value):
            return "—"
    except (TypeError, ValueError):
        pass
    if hasattr(value, "isoformat") and not isinstance(value, Real):
        return value.isoformat().replace("T00:00:00", "")
    return fmt_number(value, digits=digits)


def table_html(frame, *, caption: str = "", max_rows: int | None = None,
               digits: dict[str, int] | None = None, long_text=(),
               names: dict[str, str] | None = None, drop_empty: bool = True) -> str:
    """A table in the one style of the pages and notebooks.

    Parameters
    ----------
    frame : pandas.DataFrame or list of dict
        Its index is dropped unless it is named (then it is the first column).
    caption : str, optional
        A caption above the table.
    max_rows : int, optional
        Rows shown at most; a last line says how many more there are.
    digits : dict, optional
        Fixed decimals per column (``{"loss": 3}``); other numbers as :func:`fmt_number`.
    long_text : iterable of str, optional
        Columns of sentences, which wrap instead of widening the table.
    names : dict, optional
        Headings for columns (``{"legal_basis": "legal basis"}``); others are shown as named.
    drop_empty : bool, optional
        Leave out columns with no value in any row (default True): no empty column is shown.

    Returns
    -------
    str
        HTML: a wrapper that scrolls horizontally around a table whose text cells are
        left-aligned and whose numbers are right-aligned; booleans are ``yes``/``no``; every
        value and heading is escaped.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        frame = pd.DataFrame(list(frame))
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    digits, long_text, names = dict(digits or {}), set(long_text), dict(names or {})
    if drop_empty and len(frame):
        frame = frame[[c for c in frame.columns
                       if any(cell_text(v) not in ("", "—") for v in frame[c])]]
    columns = [str(c) for c in frame.columns]
    shown = frame if max_rows is None else frame.head(max_rows)
    rows = [[cell_text(v, digits=digits.get(c)) for c, v in zip(columns, values)]
            for values in shown.itertuples(index=False, name=None)]
    raw = list(shown.itertuples(index=False, name=None))
    numeric = [bool(raw) and all(_is_number(r[i]) or cell_text(r[i]) in ("", "—") for r in raw)
               and any(_is_number(r[i]) for r in raw) for i in range(len(columns))]
    head = "".join(f'<th style="{_RIGHT if numeric[i] else _LEFT};font-weight:600">'
                   f"{esc(names.get(c, c))}</th>" for i, c in enumerate(columns))

    def style(i: int, value: Any) -> str:
        if _is_number(value) and (numeric[i] or not isinstance(value, str)):
            return _RIGHT
        return _TEXT if columns[i] in long_text else _LEFT

    body = "".join("<tr>" + "".join(f'<td style="{style(i, raw_row[i])}">{esc(text)}</td>'
                                    for i, text in enumerate(row)) + "</tr>"
                   for raw_row, row in zip(raw, rows))
    cap = (f'<caption style="text-align:left;caption-side:top;font-weight:600;padding:2px 0">'
           f"{esc(caption)}</caption>" if caption else "")
    more = len(frame) - len(shown)
    tail = (f'<p style="margin:2px 0;font-size:0.9em">… and {fmt_number(more)} more '
            f'{"row" if more == 1 else "rows"}.</p>' if more > 0 else "")
    return (f'<div class="ek-table-wrap" style="{WRAP_STYLE}"><table class="ek-table" '
            f'style="{TABLE_STYLE}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            f"</table></div>{tail}")


def badge(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#475467")
    return (f'<span class="ek-badge ek-{esc(status)}" style="background:{colour};color:#fff;'
            f'padding:2px 8px;border-radius:10px;font-size:0.8em;font-weight:600">'
            f'{esc(STATUS_LABELS.get(status, status))}</span>')


def finding_html(f: Finding | dict, *, unit: str | None = None,
                 show_details: bool = False) -> str:
    """A finding as an HTML card: status, title, message, value against threshold (in
    ``unit``, the check's unit: :func:`ethicskit.registry.unit_of`), rules."""
    d = f.to_dict() if isinstance(f, Finding) else f
    refs = "; ".join(d.get("references") or [])
    rows = [("Value against threshold", value_against_threshold(d, unit)),
            ("Affected rows", fmt_number(d.get("affected_rows"))), ("Rule", refs)]
    if d.get("status") in ("fail", "warn", "error"):
        rows.append(("What to do", d.get("remediation") or ""))
    table = "".join(f"<tr><th style='text-align:left;vertical-align:top;padding:2px 1em 2px 0;"
                    f"white-space:nowrap'>{esc(k)}</th><td style='text-align:left;"
                    f"padding:2px 0'>{esc(v)}</td></tr>" for k, v in rows)
    details = ""
    if show_details and d.get("details"):
        details = (f"<details><summary>Details (JSON)</summary><pre>"
                   f"{esc(json.dumps(d['details'], indent=1, ensure_ascii=False)[:20000])}"
                   f"</pre></details>")
    colour = STATUS_COLOURS.get(d.get("status"), "#475467")
    return (f'<div class="ek-finding" id="{esc(d["check_id"])}" style="border-left:5px solid '
            f'{colour};padding:6px 12px;margin:8px 0;background:#f9fafb">'
            f'<div>{badge(d["status"])} <strong>{esc(d["title"])}</strong> '
            f'<code>{esc(d["check_id"])}</code> <em>severity {esc(d["severity"])}</em></div>'
            f'<p>{esc(d.get("message"))}</p><table>{table}</table>{details}</div>')


def findings_table_html(findings, *, units: dict[str, str] | None = None) -> str:
    """A compact table of findings in the one table style: status, check, value against
    threshold (in each check's unit, ``units``: check id -> unit), affected rows, message."""
    units = units or {}
    head = "".join(f'<th style="{_RIGHT if k == "Affected rows" else _LEFT};font-weight:600">'
                   f"{k}</th>" for k in ("Status", "Check", "Value against threshold",
                                         "Affected rows", "Message"))
    body = []
    for f in findings:
        d = f.to_dict() if isinstance(f, Finding) else f
        body.append(f'<tr><td style="{_LEFT}">{badge(d["status"])}</td>'
                    f'<td style="{_LEFT}"><code>{esc(d["check_id"])}</code></td>'
                    f'<td style="{_WRAP}">'
                    f'{esc(value_against_threshold(d, units.get(d["check_id"])))}</td>'
                    f'<td style="{_RIGHT}">{esc(fmt_number(d.get("affected_rows")))}</td>'
                    f'<td style="{_MESSAGE}">{esc(d.get("message"))}</td></tr>')
    return (f'<div class="ek-table-wrap" style="{WRAP_STYLE}"><table class="ek-table" '
            f'style="{TABLE_STYLE};width:100%"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')
