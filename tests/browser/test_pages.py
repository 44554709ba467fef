"""The report and every notebook page of a run, opened as a reader opens them, in Chromium.

Each page must load without a console error or script error, request nothing outside its run
folder, decode every image, and run no script. A full-page screenshot of each is kept in
``tests/artifacts/`` (and a print-preview one of index.html).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from ethicskit.findings import STATUS_ORDER
from ethicskit.render import STATUS_LABELS

pytestmark = pytest.mark.browser


def artifacts() -> Path:
    folder = Path(__file__).resolve().parents[1] / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _label(run_dir) -> str:
    return re.sub(r"\d+$", "", run_dir.parents[0].name)


def test_every_page_loads_cleanly(sample_run, open_page, pages):
    found = pages(sample_run)
    assert [p.name for p in found][0] == "index.html"
    assert any(p.name.startswith("04_") for p in found), "the notebook page is checked too"
    for path in found:
        v = open_page(path, sample_run, shot=f"{_label(sample_run)}-{path.stem}")
        where = path.name
        assert v.console_errors == [], (where, v.console_errors)
        assert v.page_errors == [], (where, v.page_errors)
        assert v.dialogs == [], (where, v.dialogs)
        assert v.outside == [], (where, "requests outside the run folder", v.outside)
        broken = [i for i in v.images if not i["complete"] or i["width"] == 0]
        assert broken == [], (where, "images not decoded", broken)
        assert v.scripts == 0, (where, "the pages need no script and carry none")
        assert v.screenshot.is_file() and v.screenshot.stat().st_size > 0


def test_index_reads_like_a_report(sample_run, open_page):
    summary = json.loads((sample_run / "summary.json").read_text(encoding="utf-8"))
    seen = {}

    def check(page):
        status = page.locator("#overall-status")
        seen["status_visible"] = status.is_visible()
        seen["status_text"] = status.inner_text()
        box = status.bounding_box()
        seen["status_top"] = box["y"] if box else None
        seen["badges"] = page.eval_on_selector_all(
            "article.finding .badge", "els => els.map(e => e.textContent.trim())")
        seen["ids"] = page.eval_on_selector_all("article.finding", "els => els.map(e => e.id)")
        seen["figures"] = page.eval_on_selector_all(
            "#plots figure img", "els => els.map(e => [e.getAttribute('src').slice(0, 22), "
            "e.naturalWidth])")
        seen["captions"] = page.eval_on_selector_all(
            "#plots figcaption", "els => els.map(e => e.textContent)")
        seen["cards"] = page.eval_on_selector_all(".cards .card h3",
                                                  "els => els.map(e => e.textContent)")
        seen["links"] = page.eval_on_selector_all("a[href]",
                                                  "els => els.map(e => e.getAttribute('href'))")
        seen["ids_all"] = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
        page.emulate_media(media="print")
        page.screenshot(path=str(artifacts() / f"{_label(sample_run)}-index-print.png"),
                        full_page=True)
        page.emulate_media(media="screen")

    v = open_page(sample_run / "index.html", sample_run, shot=f"{_label(sample_run)}-index",
                  check=check)
    # the overall status is on the first screen, with its label
    assert seen["status_visible"] and seen["status_top"] is not None and seen["status_top"] < 768
    assert seen["status_text"] == f"Overall status: {STATUS_LABELS[summary['status']]}"
    assert v.title.startswith(STATUS_LABELS[summary["status"]])
    # every finding, failures first: the status order never goes back up the list
    labels = {label: status for status, label in STATUS_LABELS.items()}
    ranks = [STATUS_ORDER.index(labels[b]) for b in seen["badges"]]
    assert ranks == sorted(ranks) and len(ranks) == len(summary["findings"])
    assert sorted(seen["ids"]) == sorted(f["check_id"] for f in summary["findings"])
    # a card per area, those not run included; key plots embedded with their captions
    assert len(seen["cards"]) == 4
    assert seen["figures"] and all(src.startswith("data:image/png;base64") and width > 0
                                   for src, width in seen["figures"])
    # the key figures of figures/index.json, part by part (the others are the area pages')
    from ethicskit.figures import parts_of, read_index

    kept = [caption.strip() for entry in read_index(sample_run) if entry.get("key", True)
            for _, caption in parts_of(entry)]
    assert sorted(c for c in kept if c) == sorted(seen["captions"])
    # every link leads somewhere: an anchor of the page or a file of the run folder
    for href in seen["links"]:
        target, _, anchor = href.partition("#")
        if target:
            assert (sample_run / unquote(target)).is_file(), href
        elif anchor:
            assert anchor in seen["ids_all"], href
    for needle in ("Scorecard", "Changes since the previous run", "Findings, worst first",
                   "Run details", summary["dataset"]["sha256"], summary["as_of"]):
        assert needle in v.text, needle
