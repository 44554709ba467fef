"""HTML fragments of findings, shared by the notebooks and the report. Everything is escaped.

Values from the data or the config (segment names, group labels, column names, the campaign's
name) reach HTML only through :func:`esc` or Jinja2's autoescape.
"""

from __future__ import annotations

import html
import json
from typing import Any

from ethicskit.findings import Finding

STATUS_COLOURS = {"fail": "#b42318", "error": "#7a0916", "warn": "#b54708",
                  "not_evaluated": "#475467", "pass": "#067647", "info": "#175cd3"}
STATUS_LABELS = {"fail": "FAIL", "error": "ERROR", "warn": "WARN", "not_evaluated": "NOT EVALUATED",
                 "pass": "PASS", "info": "INFO"}


def esc(value: Any) -> str:
    """Escape any value for HTML text or attribute context."""
    return html.escape("" if value is None else str(value), quote=True)


def fmt(value: Any) -> str:
    """A number or threshold as a short readable string."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {fmt(v)}" for k, v in value.items())
    return str(value)


def badge(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#475467")
    return (f'<span class="ek-badge ek-{esc(status)}" style="background:{colour};color:#fff;'
            f'padding:2px 8px;border-radius:10px;font-size:0.8em;font-weight:600">'
            f'{esc(STATUS_LABELS.get(status, status))}</span>')


def finding_html(f: Finding | dict, *, show_details: bool = False) -> str:
    """A finding as an HTML card: status, title, message, value against threshold, rules."""
    d = f.to_dict() if isinstance(f, Finding) else f
    refs = "; ".join(d.get("references") or [])
    rows = [("Value", fmt(d.get("value"))), ("Threshold", fmt(d.get("threshold"))),
            ("Affected rows", fmt(d.get("affected_rows"))), ("Rule", refs)]
    if d.get("status") in ("fail", "warn", "error"):
        rows.append(("What to do", d.get("remediation") or ""))
    table = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{esc(k)}</th>"
                    f"<td>{esc(v)}</td></tr>" for k, v in rows)
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


def findings_table_html(findings) -> str:
    """A compact table of findings: status, check, value, affected rows, message."""
    head = ("<tr><th>Status</th><th>Check</th><th>Value</th><th>Threshold</th>"
            "<th>Affected rows</th><th>Message</th></tr>")
    body = []
    for f in findings:
        d = f.to_dict() if isinstance(f, Finding) else f
        body.append(f"<tr><td>{badge(d['status'])}</td><td><code>{esc(d['check_id'])}</code>"
                    f"</td><td>{esc(fmt(d.get('value')))}</td>"
                    f"<td>{esc(fmt(d.get('threshold')))}</td>"
                    f"<td>{esc(fmt(d.get('affected_rows')))}</td><td>{esc(d.get('message'))}</td>"
                    f"</tr>")
    return f"<table class='ek-table'>{head}{''.join(body)}</table>"
