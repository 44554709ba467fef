"""``index.html``: the report a privacy officer opens, rendered from ``summary.json``.

One self-contained page: inline CSS, no script, nothing loaded from outside the run folder.
Every value from the data or the config is escaped by Jinja2's autoescape.
"""

from __future__ import annotations

from pathlib import Path

from ethicskit.findings import AREAS, STATUS_ORDER
from ethicskit.paths import template_env
from ethicskit.render import STATUS_COLOURS, STATUS_LABELS, fmt


def scorecard(summary: dict) -> list[dict]:
    """Per area: its status and how many findings of each status."""
    rows = []
    for area in AREAS:
        found = [f for f in summary["findings"] if f["area"] == area]
        if not found and area not in summary["areas"]:
            continue
        counts = {s: sum(1 for f in found if f["status"] == s) for s in STATUS_ORDER}
        rows.append({"area": area, "status": summary["areas"].get(area, "not_evaluated"),
                     "counts": counts, "total": len(found)})
    return rows


def write_index(summary: dict, run_dir: str | Path, *, notebooks: list[str]) -> Path:
    """Render ``index.html`` into ``run_dir`` from the summary and the notebooks' HTML pages."""
    run_dir = Path(run_dir)
    pages = [{"name": Path(n).stem, "href": f"{Path(n).stem}.html"} for n in notebooks
             if (run_dir / f"{Path(n).stem}.html").exists()]
    extra = [{"name": n, "href": n} for n in ("notice.html", "datasheet.html", "suppress.csv")
             if (run_dir / n).exists()]
    html = template_env().get_template("report.html.j2").render(
        s=summary, scorecard=scorecard(summary), pages=pages, extra=extra,
        colours=STATUS_COLOURS, labels=STATUS_LABELS, fmt=fmt)
    path = run_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path
