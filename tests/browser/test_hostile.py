"""A hostile campaign: its name, column names, segments and a group label hold payloads.

``<script>alert(1)</script>``, ``"><img src=x onerror=alert(2)>`` and ``{{7*7}}`` (plus two that
would set ``window.__pwned``) must show as text on every page, never run, never be evaluated as a
template. The first test reads the HTML files without a browser; the others open them in
Chromium, once as a reader's browser does, once with the pages' Content-Security-Policy
switched off (so the escaping alone is what stops the payloads).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest


pytestmark = pytest.mark.slow  # each test drives a whole run of the hostile campaign

class _Elements(HTMLParser):
    """What an HTML parser (as a browser) builds from a page: script elements, event-handler
    attributes, ``<img src=x>`` elements, and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.bad.append("<script> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.bad.append("<img src=x> element")

    def handle_data(self, data):
        self.text.append(data)


def _parse(text: str) -> _Elements:
    parser = _Elements()
    parser.feed(text)
    parser.close()
    return parser


def test_no_payload_reaches_html_unescaped(hostile_run, pages, payloads):
    files = pages(hostile_run)
    assert len(files) >= 2
    for path in files:
        text = path.read_text(encoding="utf-8")
        parsed = _parse(text)
        assert parsed.bad == [], (path.name, parsed.bad[:5])
        assert "<img src=x" not in text and "<script" not in text.lower(), path.name
    index = (hostile_run / "index.html").read_text(encoding="utf-8")
    # the campaign name, escaped once (not twice), and the template text kept as it is
    assert ('Hostile &lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x '
            'onerror=alert(2)&gt; {{7*7}}') in index
    assert "&amp;lt;" not in index
    # the renamed columns are named in the transparency finding, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;, &#34;&gt;&lt;img src=x onerror=alert(2)&gt;" \
        in index
    # the figure whose name and caption are payloads is embedded, its caption escaped
    assert "Caption &lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}" in index


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["as-served", "without-csp"])
def test_payloads_show_as_text_and_never_run(hostile_run, open_page, pages, payloads,
                                             bypass_csp):
    seen = {}

    def check(page):
        seen["injected_imgs"] = page.locator('img[src="x"]').count()
        seen["h1"] = page.locator("h1").first.inner_text() if page.locator("h1").count() else ""

    mode = "nocsp" if bypass_csp else "csp"
    label = re.sub(r"\d+$", "", hostile_run.parents[1].name)  # hostile-transparency, -all
    for path in pages(hostile_run):
        v = open_page(path, hostile_run, shot=f"{label}-{mode}-{path.stem}",
                      bypass_csp=bypass_csp, check=check)
        where = (path.name, mode)
        assert v.dialogs == [], (where, "a payload opened a dialog", v.dialogs)
        assert v.pwned is None, (where, "a payload ran", v.pwned)
        assert v.scripts == 0, (where, "a script element is in the page")
        assert seen["injected_imgs"] == 0, (where, "an injected <img> element exists")
        assert v.page_errors == [], where
        assert v.console_errors == [], (where, v.console_errors)
        assert v.outside == [], (where, v.outside)
        if "Hostile" in v.text:  # wherever the campaign's name is shown, it is shown whole,
            # its {{7*7}} kept as text (never evaluated to 49)
            assert payloads["NAME"] in v.text, (where, "the name is not shown literally")
        if path.name == "index.html":
            assert seen["h1"] == payloads["NAME"]
            for text in (payloads["SCRIPT"], payloads["IMG"], payloads["TEMPLATE"],
                         f"Caption {payloads['SCRIPT']} {payloads['TEMPLATE']}"):
                assert text in v.text, text
            assert all(i["width"] > 0 for i in v.images)
