"""The customer notice and the internal data sheet, built from the inventory and the data.

The notice tells a customer, in plain words, what data is used to personalise offers and why,
what is not used and why, the legal basis, how long data is kept, and how to opt out, object or
ask for erasure (GDPR Art. 13 and 14; DSA Art. 26(1)(d)). The data sheet tells the organisation
what it declared against what the data holds. Neither contains a value from the data.
"""

from __future__ import annotations

from pathlib import Path

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


def build_notice(campaign, inventory) -> dict:
    """The notice's content: used, excluded and sensitive columns with purpose and basis."""
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
    automated = "automated_decision" in campaign.df.columns and bool(
        campaign.is_true("automated_decision").any())
    return {"campaign": campaign.config.name, "as_of": campaign.as_of.isoformat(), "used": used,
            "excluded": excluded, "sensitive": sensitive, "automated": automated}


def render_notice(content: dict) -> tuple[str, str]:
    """The notice as (Markdown, HTML). The HTML is escaped by the template engine."""
    env = template_env()
    html = env.get_template("notice.html.j2").render(**content)
    # Markdown renderers pass inline HTML through, so values are HTML-escaped in the Markdown
    # too: a hostile column or campaign name shows as text wherever the notice is rendered.
    md = env.get_template("notice.md.j2").render(**content)
    return str(md), str(html)


def datasheet_rows(campaign, inventory) -> list[dict]:
    """Declared against observed, one row per dataset or declared column (no data values)."""
    rows, seen = [], set()
    for column in campaign.dataset_columns:
        frame = campaign.frame_column(column)
        hit = inventory.entry_for(column, frame)
        entry = hit[1] if hit else {}
        if hit:
            seen.add(hit[0])
        s = campaign.df[frame] if frame in campaign.df.columns else None
        rows.append({"column": column, "logical": frame if frame != column else "",
                     "declared": bool(hit), "category": entry.get("category", ""),
                     "purpose": entry.get("purpose", ""),
                     "legal_basis": entry.get("legal_basis", ""),
                     "retention_days": entry.get("retention_days", ""),
                     "in_model": entry.get("in_model", ""), "use": entry.get("use", ""),
                     "non_null": int(s.notna().sum()) if s is not None else 0})
    for name, entry in inventory.columns.items():
        if name not in seen and not any(r["logical"] == name for r in rows):
            rows.append({"column": name, "logical": "", "declared": True,
                         "category": entry.get("category", ""),
                         "purpose": entry.get("purpose", ""),
                         "legal_basis": entry.get("legal_basis", ""),
                         "retention_days": entry.get("retention_days", ""),
                         "in_model": entry.get("in_model", ""), "use": entry.get("use", ""),
                         "non_null": None})
    return rows


def write_notice_files(campaign, inventory, findings, output_dir) -> list[Path]:
    """Write ``notice.md``, ``notice.html`` and ``datasheet.html`` into ``output_dir``."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    md, html = render_notice(build_notice(campaign, inventory))
    (out / "notice.md").write_text(md, encoding="utf-8")
    (out / "notice.html").write_text(html, encoding="utf-8")
    sheet = template_env().get_template("datasheet.html.j2").render(
        campaign=campaign.config.name, as_of=campaign.as_of.isoformat(), rows=campaign.rows,
        columns=datasheet_rows(campaign, inventory),
        findings=[f.to_dict() for f in findings])
    (out / "datasheet.html").write_text(sheet, encoding="utf-8")
    return [out / "notice.md", out / "notice.html", out / "datasheet.html"]
