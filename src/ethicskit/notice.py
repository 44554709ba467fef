"""The customer notice and the internal data sheet, built from the inventory and the data.

The notice tells a customer, in plain words, what data is used to personalise offers and why,
what is not used and why, the legal basis, how long data is kept, and how to opt out, object or
ask for erasure (GDPR Art. 13 and 14; DSA Art. 26(1)(d)). The data sheet tells the organisation
what it declared against what the data holds. Neither contains a value from the data.

The pure builders (:func:`notice_content`, :func:`sheet_rows`, :func:`render_files`) take what
the transparency reduction holds; :func:`build_notice`, :func:`datasheet_rows` and
:func:`write_notice_files` do the same from a campaign.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Sequence

from markupsafe import Markup

from ethicskit.masking import safe_label
from ethicskit.paths import template_env

BASIS_WORDS = {
    "consent": "you agreed to it, and you can withdraw that agreement at any time",
    "contract": "we need it to provide what you signed up for",
    "legitimate_interest": "our legitimate interest in relevant offers, weighed against your "
                           "rights; you can object at any time",
    "legal_obligation": "the law requires us to keep it",
    "vital_interests": "it protects someone's life",
    "public_task": "a task in the public interest",
}
SOURCE_WORDS = {"provided": "you gave it to us", "observed": "we saw it when you used our "
                "services", "inferred": "we worked it out from other data"}
#: The run files of the notice, in the order they are written.
FILES = ("notice.md", "notice.html", "datasheet.html")


def _label(name: str, entry: dict) -> str:
    return entry.get("description") or str(name).replace("_", " ").replace(".", " ").strip()


def _retention(days) -> str:
    if not isinstance(days, int):
        return "not stated"
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years > 1 else ''}"
    if days >= 60:
        return f"about {round(days / 30)} months"
    return f"{days} days"


def notice_content(inventory, *, campaign: str, as_of: str, automated: bool) -> dict:
    """The notice's content: used, excluded and sensitive columns with purpose and basis.

    A declared column is *used* when ``in_model: true`` and it is not excluded
    (:meth:`~ethicskit.inventory.Inventory.excluded`); *sensitive* when its category is
    ``special_category``. ``automated`` tells whether any row was decided automatically.
    """
    used, excluded, sensitive = [], [], []
    excluded_names = inventory.excluded()
    for name, entry in inventory.columns.items():
        item = {"column": name, "label": _label(name, entry),
                "purpose": entry.get("purpose") or "not stated",
                "basis": BASIS_WORDS.get(entry.get("legal_basis"), "not stated"),
                "source": SOURCE_WORDS.get(entry.get("source"), "not stated"),
                "retention": _retention(entry.get("retention_days")),
                "reason": entry.get("reason") or "not stated"}
        if name in excluded_names:
            excluded.append(item)
        elif entry.get("in_model") is True:
            used.append(item)
        if entry.get("category") == "special_category":
            sensitive.append(item)
    return {"campaign": campaign, "as_of": as_of, "used": used, "excluded": excluded,
            "sensitive": sensitive, "automated": bool(automated)}


def build_notice(campaign, inventory) -> dict:
    """The notice's content for a campaign (:func:`notice_content`)."""
    automated = "automated_decision" in campaign.df.columns and bool(
        campaign.is_true("automated_decision").any())
    return notice_content(inventory, campaign=campaign.config.name,
                          as_of=campaign.as_of.isoformat(), automated=automated)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#|])")
_MD_LEADING = re.compile(r"^(\s*)(?:([-+])|(\d+)\.)", re.MULTILINE)
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}


def md_escape(value) -> Markup:
    """Text from the inventory or the config as Markdown that adds nothing: no link, image,
    emphasis, heading, table or list. The metacharacters ``\\ ` * _ [ ] ( ) ! # |`` and a
    leading ``-``/``+``/``1.`` (as ``1\\.``) are backslash-escaped; ``& < > " '`` become HTML
    entities (a Markdown renderer passes inline HTML through), so the value shows as it was
    written. A :class:`~markupsafe.Markup`, so that the template engine does not escape it
    again."""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    text = _MD_LEADING.sub(lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2)
                                                    else m.group(3) + "\\."), text)
    return Markup("".join(_HTML.get(ch, ch) for ch in text))


def _md_content(value):
    """``value`` (the notice's content) with every text Markdown-escaped (:func:`md_escape`)."""
    if isinstance(value, dict):
        return {k: _md_content(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_md_content(v) for v in value]
    if isinstance(value, str):
        return md_escape(value)
    return value


def render_notice(content: dict) -> tuple[str, str]:
    """The notice as (Markdown, HTML). The HTML is escaped by the template engine."""
    env = template_env()
    html = env.get_template("notice.html.j2").render(**content)
    # Every text put into the Markdown is Markdown-escaped and HTML-escaped (:func:`md_escape`):
    # a hostile purpose, reason, description or campaign name adds no link, image or HTML
    # wherever the notice is rendered.
    md = env.get_template("notice.md.j2").render(**_md_content(content))
    return str(md), str(html)


def _sheet_row(column: str, logical: str, declared: bool, entry: dict, non_null) -> dict:
    return {"column": column, "logical": logical, "declared": declared,
            "category": entry.get("category", ""), "purpose": entry.get("purpose", ""),
            "legal_basis": entry.get("legal_basis", ""),
            "retention_days": entry.get("retention_days", ""),
            "in_model": entry.get("in_model", ""), "use": entry.get("use", ""),
            "non_null": non_null}


def sheet_rows(inventory, observed: Iterable[tuple[str, str, int]]) -> list[dict]:
    """Declared against observed, one row per dataset or declared column (no data values).

    ``observed`` holds ``(dataset column, frame column, non-null rows)`` per dataset column, in
    the dataset's order. A dataset column is declared under its own name, else its frame
    (logical) name; declared columns the data lacks follow, with ``non_null`` None.
    """
    rows, seen = [], set()
    for column, frame, non_null in observed:
        hit = inventory.entry_for(column, frame)
        if hit:
            seen.add(hit[0])
        rows.append(_sheet_row(safe_label(column), frame if frame != column else "", bool(hit),
                               hit[1] if hit else {}, int(non_null)))
    for name, entry in inventory.columns.items():
        if name not in seen and not any(r["logical"] == name for r in rows):
            rows.append(_sheet_row(name, "", True, entry, None))
    return rows


def observed_columns(campaign) -> list[tuple[str, str, int]]:
    """``(dataset column, frame column, non-null rows)`` per dataset column (0 rows when the
    frame has no such column)."""
    out = []
    for column in campaign.dataset_columns:
        frame = campaign.frame_column(column)
        s = campaign.df[frame] if frame in campaign.df.columns else None
        out.append((column, frame, int(s.notna().sum()) if s is not None else 0))
    return out


def datasheet_rows(campaign, inventory) -> list[dict]:
    """Declared against observed for a campaign (:func:`sheet_rows`)."""
    return sheet_rows(inventory, observed_columns(campaign))


def render_datasheet(*, campaign: str, as_of: str, rows: int, columns: Sequence[dict],
                     findings: Sequence[dict]) -> str:
    """The internal data sheet as HTML: the area's findings, then ``columns``
    (:func:`sheet_rows`)."""
    return template_env().get_template("datasheet.html.j2").render(
        campaign=campaign, as_of=as_of, rows=rows, columns=list(columns),
        findings=list(findings))


def render_files(content: dict, *, rows: int, columns: Sequence[dict],
                 findings: Sequence[dict]) -> dict[str, str]:
    """``notice.md``, ``notice.html`` and ``datasheet.html`` as text, from the notice's
    ``content`` (:func:`notice_content`), the sheet's ``columns`` and the transparency
    findings (as dicts)."""
    md, html = render_notice(content)
    sheet = render_datasheet(campaign=content["campaign"], as_of=content["as_of"], rows=rows,
                             columns=columns, findings=findings)
    return dict(zip(FILES, (md, html, sheet)))


def write_notice_files(campaign, inventory, findings, output_dir) -> list[Path]:
    """Write ``notice.md``, ``notice.html`` and ``datasheet.html`` into ``output_dir``."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = render_files(build_notice(campaign, inventory), rows=campaign.rows,
                         columns=datasheet_rows(campaign, inventory),
                         findings=[f.to_dict() for f in findings])
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in FILES]
