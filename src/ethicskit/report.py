"""``index.html``: the report a privacy officer opens, rendered from ``summary.json``.

One self-contained page: inline CSS, the key plots embedded as ``data:`` URIs, no script, and
nothing loaded from anywhere (a Content-Security-Policy forbids scripts and any request that is
not an embedded image). Every value that comes from the data or the config (campaign name,
column names, segment names, group labels, figure captions) reaches the page only through
Jinja2's autoescape.

The key plots are the PNG files the package draws from the record
(:func:`ethicskit.figures.write_figures`: ``figures/<area>-<name>.png``, listed with their
captions in ``figures/index.json`` in the suite's order). The ``figures/`` folder stays in the
run folder, so the plots can be reused in slides; the page does not depend on it.
"""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from ethicskit.findings import AREAS, STATUS_ORDER, sort_findings
from ethicskit.paths import AREA_NOTEBOOKS, template_env
from ethicskit.render import STATUS_COLOURS, STATUS_LABELS, fmt

#: One line per area: what its checks look at (shown on the scorecard).
AREA_BLURBS = {
    "privacy": "Consent, opt-outs, erasure requests, direct identifiers and re-identification "
               "risk.",
    "bias": "Selection rates, model errors and offers compared across protected groups.",
    "targeting": "Sensitive inferences, vulnerable people, minors, contact pressure and "
                 "audience size.",
    "transparency": "The declared data inventory against the data the campaign holds and uses.",
}
#: What the files beside the report are, in the order a reader wants them.
EXTRA_FILES = {
    "notice.html": "Customer notice (draft for legal review)",
    "datasheet.html": "Data sheet of the campaign data",
    "model_card.html": "Model card: how bias is checked",
    "suppress.csv": "Suppression list: customer_ids to take out of the audience",
}
#: Packages whose versions the run table shows.
PACKAGES = ("pandas", "numpy", "pyarrow", "duckdb", "matplotlib", "papermill", "nbconvert")
#: A kept figure larger than this is linked rather than embedded (keeps the page openable).
MAX_EMBED_BYTES = 8 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def scorecard(summary: dict) -> list[dict]:
    """Per area: status, counts of each status, whether it ran; areas that ran come first."""
    rows = []
    for area in AREAS:
        found = [f for f in summary["findings"] if f["area"] == area]
        ran = bool(found) or area in summary["areas"]
        counts = {s: sum(1 for f in found if f["status"] == s) for s in STATUS_ORDER}
        rows.append({"area": area, "ran": ran, "blurb": AREA_BLURBS.get(area, ""),
                     "status": summary["areas"].get(area, "not_evaluated") if ran else None,
                     "counts": counts, "total": len(found),
                     "page_failed": summary.get("notebooks", {}).get(area) == "error",
                     "failing": order_findings([f for f in found
                                                if f["status"] in ("error", "fail")])})
    return sorted(rows, key=lambda r: not r["ran"])  # areas that ran first, each in suite order


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk; None when ``data`` is not a PNG."""
    if len(data) < 24 or not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def key_figures(run_dir: str | Path) -> list[dict]:
    """The key figures of a run, grouped by area in the suite's order.

    Returns ``[{"area": ..., "figures": [{"name", "caption", "src", "width", "height",
    "print_width", "href"}]}]`` (``print_width``: inches, the width it was drawn for, at which
    the PDF prints it), in the order of ``figures/index.json`` (the order of
    :data:`ethicskit.figures.FIGURES`), each figure cut into parts listed part by part. Only
    the figures marked ``key`` are shown, not those skipped or failed. A file that is not a PNG
    is skipped; one larger than :data:`MAX_EMBED_BYTES` is listed with a link instead of being
    embedded.
    """
    from ethicskit.figures import DPI, data_uri, parts_of, read_index

    folder = Path(run_dir) / "figures"
    groups: dict[str, list[dict]] = {}
    for entry in read_index(run_dir):
        if not entry.get("key", True):
            continue
        parts = parts_of(entry)
        for i, (file, caption) in enumerate(parts, 1):
            path = folder / file
            if not path.is_file():
                continue
            name = entry["name"] if len(parts) == 1 else f"{entry['name']}-{i}"
            item = {"name": name, "caption": caption,
                    "href": f"figures/{quote(path.name)}", "src": None, "width": None,
                    "height": None, "print_width": None}
            if path.stat().st_size > MAX_EMBED_BYTES:
                groups.setdefault(entry["area"], []).append(item)
                continue
            data = path.read_bytes()
            size = _png_size(data)
            if size is None:
                continue
            item["width"], item["height"] = size
            item["print_width"] = round(size[0] / DPI, 2)  # inches: the size it was drawn for
            item["src"] = data_uri(data)
            groups.setdefault(entry["area"], []).append(item)
    order = [a for a in AREAS if a in groups] + sorted(a for a in groups if a not in AREAS)
    return [{"area": a, "figures": groups[a]} for a in order]


def versions() -> list[tuple[str, str]]:
    """Python and the main libraries' versions, as the run used them."""
    found = [("Python", platform.python_version())]
    for name in PACKAGES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    return found


def check_words() -> dict[str, dict[str, str]]:
    """check_id -> ``{"title", "unit"}`` of every registered check: what the report reads of
    the registry (importing it imports every check, and pandas)."""
    from ethicskit.registry import CHECKS

    return {c.id: {"title": c.title, "unit": c.unit} for c in CHECKS}


def _titles(summary: dict, words: dict[str, dict[str, str]]) -> dict[str, str]:
    """check_id -> title, for the changes section (a resolved check may not be in this run):
    the registry's (``words``) and this run's findings'."""
    titles = {k: w["title"] for k, w in words.items()}
    titles.update({f["check_id"]: f["title"] for f in summary["findings"]})
    return titles


def headline(summary: dict) -> str:
    """One plain sentence under the overall status: how many checks fail, warn and pass."""
    c = summary["counts"]
    total = sum(c.values())
    parts = []
    for status, one, many in (("error", "could not be computed", "could not be computed"),
                              ("fail", "fails", "fail"), ("warn", "needs attention",
                                                          "need attention"),
                              ("not_evaluated", "could not be evaluated",
                               "could not be evaluated"), ("pass", "passes", "pass"),
                              ("info", "is for information", "are for information")):
        n = c.get(status, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    if not parts:
        return f"{total} checks ran."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Of {total} checks, {listed}."


#: What a not-evaluated finding needs (``details.to_evaluate.needs``), in the report's words.
NEEDS_WORDS = {"data": "the data lacks",
               "config": "the config does not set",
               "nothing": "nothing to add: the data holds no one this check could judge"}


def by_jurisdiction(finding: dict) -> list[dict]:
    """A finding's ``details.by_jurisdiction`` summed per jurisdiction, for the report:
    ``{jurisdiction, judged, affected}`` in the finding's order. Tables kept per jurisdiction
    and channel (``targeted`` instead of ``judged``) are added up over the channels."""
    rows = (finding.get("details") or {}).get("by_jurisdiction") or []
    out: dict[str, dict] = {}
    for row in rows:
        if not isinstance(row, dict) or "jurisdiction" not in row:
            continue
        key = str(row["jurisdiction"])
        entry = out.setdefault(key, {"jurisdiction": key, "judged": 0, "affected": 0})
        judged = row.get("judged", row.get("targeted", 0))
        entry["judged"] += int(judged or 0)
        entry["affected"] += int(row.get("affected") or 0)
    return list(out.values())


def value_against_threshold(finding: dict, words: dict[str, dict[str, str]] | None = None
                            ) -> tuple[str, str | None]:
    """A finding's value and threshold as the card shows them, each with the check's unit
    (:func:`ethicskit.numbers.fmt_value` with the unit of its registry row, from ``words``,
    :func:`check_words` by default): ``("0.84 rate ratio", "0.8 to 1.25 rate ratio")``; the
    threshold is None when the check has none."""
    from ethicskit.numbers import fmt_value

    words = check_words() if words is None else words
    unit = words.get(finding.get("check_id", ""), {}).get("unit") or None
    threshold = finding.get("threshold")
    return (fmt_value(finding.get("value"), unit),
            None if threshold is None else fmt_value(threshold, unit))


def order_findings(findings: list[dict]) -> list[dict]:
    """The one finding order (:func:`ethicskit.findings.sort_findings`)."""
    return sort_findings(findings)


def write_index(summary: dict, run_dir: str | Path, *, notebooks: list[str],
                words: dict[str, dict[str, str]] | None = None) -> Path:
    """Render ``index.html`` into ``run_dir`` from the summary, the notebooks' HTML pages and
    the kept figures; ``words``: every check's title and unit (:func:`check_words`, the
    default; the runner has them from the run's computation, without importing the
    registry)."""
    words = check_words() if words is None else words
    run_dir = Path(run_dir)
    pages = [{"name": stem, "href": f"{stem}.html"}
             for stem in sorted({Path(n).stem for n in notebooks})
             if (run_dir / f"{stem}.html").exists()]
    page_of = {area: f"{Path(nb).stem}.html" for area, nb in AREA_NOTEBOOKS.items()
               if (run_dir / f"{Path(nb).stem}.html").exists()}
    for page in pages:
        area = next((a for a, nb in AREA_NOTEBOOKS.items() if Path(nb).stem == page["name"]), "")
        page["area"] = area
        page["label"] = f"{area.capitalize()} notebook" if area else page["name"]
    extra = [{"name": n, "href": n, "label": label} for n, label in EXTRA_FILES.items()
             if (run_dir / n).exists()]
    logs = [f"logs/{area}.log" for area, state in summary.get("notebooks", {}).items()
            if state == "error"]
    findings = order_findings(summary["findings"])
    sections = [
        ("action", "Needs action", [f for f in findings if f["status"] in ("error", "fail",
                                                                          "warn")]),
        ("unknown", "Could not be evaluated", [f for f in findings
                                               if f["status"] == "not_evaluated"]),
        ("ok", "Passed and for information", [f for f in findings
                                              if f["status"] in ("pass", "info")]),
    ]
    html = template_env().get_template("report.html.j2").render(
        s=summary, scorecard=scorecard(summary), pages=pages, page_of=page_of, extra=extra,
        logs=logs, sections=sections, figures=key_figures(run_dir), titles=_titles(summary, words),
        headline=headline(summary), versions=versions(), colours=STATUS_COLOURS,
        labels=STATUS_LABELS, fmt=fmt, by_jurisdiction=by_jurisdiction, needs_words=NEEDS_WORDS,
        value_line=lambda f: value_against_threshold(f, words),
        not_run=[a for a in AREAS if a not in summary["areas"]])
    path = run_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path
