"""Every page of a run at a laptop's width (1366 px) and a phone's (390 px), in Chromium.

On each page (the report, the area notebook pages, the notice, the data sheet, the model card):
the page never scrolls sideways, no element reaches past the window's edges or is cut by a box
that hides its overflow, except inside a container that scrolls sideways (wide tables), and every
image is decoded. A full-page screenshot of each page at each width is kept in
``tests/artifacts/`` (``<run>-<page>-<width>.png``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)

#: Run in the page: what reaches past the window, what a box cuts off, the images not decoded.
#: An element inside a container that scrolls sideways (overflow-x auto or scroll) is allowed to
#: be wider than the window: that container is what scrolls.
MEASURE = """() => {
  const W = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.classList.length ? '.' + Array.from(el.classList).slice(0, 3).join('.') : '');
  const path = el => { const out = []; for (let e = el; e && e !== document.body && out.length < 4;
      e = e.parentElement) out.unshift(name(e)); return out.join(' > '); };
  const scrollsX = el => { for (let p = el.parentElement; p && p !== document.documentElement;
      p = p.parentElement) { const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true; } return false; };
  const past = [], cut = [];
  for (const el of document.body.querySelectorAll('*')) {
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden' || st.position === 'fixed') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > W + 1 || r.left < -1) && !scrollsX(el))
      past.push(path(el) + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
    const o = st.overflowX;
    if ((o === 'hidden' || o === 'clip') && el.scrollWidth > el.clientWidth + 2
        && el.clientWidth > 0 && !scrollsX(el) && (el.textContent || '').trim())
      cut.push(path(el) + ' [' + el.clientWidth + ' < ' + el.scrollWidth + ']');
  }
  const images = Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)
      .map(i => (i.getAttribute('src') || '').slice(0, 40));
  return {width: W, scroll: document.documentElement.scrollWidth,
          body: document.body.scrollWidth, past: past.slice(0, 15), pastN: past.length,
          cut: cut.slice(0, 15), cutN: cut.length, images: images};
}"""


def _label(run_dir) -> str:
    return re.sub(r"\d+$", "", run_dir.parents[0].name)


def measure(browser, page_path, width: int, shot: str) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        found = page.evaluate(MEASURE)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    finally:
        context.close()
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_window(sample_run, browser, pages, width):
    found = pages(sample_run)
    names = [p.name for p in found]
    assert names[0] == "index.html"
    assert {"notice.html", "datasheet.html", "model_card.html"} <= set(names)
    assert any(n.startswith("04_") for n in names), "the notebook pages are checked too"
    problems = {}
    for path in found:
        got = measure(browser, path, width, f"{_label(sample_run)}-{path.stem}-{width}")
        wrong = []
        if got["scroll"] > got["width"] + 1:
            wrong.append(f"the page scrolls sideways ({got['scroll']} px > {got['width']} px)")
        if got["past"]:
            wrong.append(f"{got['pastN']} element(s) past the window's edge: {got['past']}")
        if got["cut"]:
            wrong.append(f"{got['cutN']} box(es) cut their content: {got['cut']}")
        if got["images"]:
            wrong.append(f"images not decoded: {got['images']}")
        if wrong:
            problems[path.name] = wrong
    assert problems == {}, problems
