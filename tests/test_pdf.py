"""``ethicskit run --pdf``: one PDF of the report, the area pages, the notice and the data sheet.

The print page (:func:`ethicskit.pdf.build_print_html`) is checked on tiny hand-written pages:
each page's style sheet scoped to its block, ids prefixed, links rewritten to in-document anchors
or to plain text. The PDF of a real run (slow) is read with a few regular expressions over its
bytes (Chromium writes link annotations, named destinations and the outline as plain objects;
pypdf is not a dependency): no link into the build folder or to ``file://``, every in-document
link lands on a destination the PDF holds, the area pages are in its outline.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ethicskit import pdf as pdfmod
from ethicskit.cli import main

CHROMIUM = Path("/usr/bin/chromium")


# ----------------------------------------------------------------------------- CSS scoping
@pytest.mark.parametrize("selector, scoped", [
    ("p", "#page-x p"),
    ("  .card h3 ", "#page-x .card h3"),
    ("body", "#page-x > .ek-body"),
    ("body.jp-Notebook main", "#page-x > .ek-body.jp-Notebook main"),
    ("html", "#page-x"),
    (":root", "#page-x"),
    ("html body", "#page-x > .ek-body"),
    ("html > body p", "#page-x > .ek-body p"),
    ("html.dark .x", "#page-x.dark .x"),
    ("#scorecard a", "#page-x #x--scorecard a"),
    ("[data-jp-theme-light='true'] .jp-X", "#page-x [data-jp-theme-light='true'] .jp-X"),
    ("* ", "#page-x *"),
])
def test_a_selector_is_limited_to_its_page(selector, scoped):
    assert pdfmod.scope_selector(selector, "page-x", "x--") == scoped


def test_a_style_sheet_is_scoped_rule_by_rule():
    css = ("/* a comment { } */ body { margin: 0; } h2, .a:not(.b, .c) { color: red; }\n"
           "@media print { .card { break-inside: avoid; } }\n"
           "@font-face { font-family: X; src: url(data:font/woff2;base64,AA==); }\n"
           "@page { size: A4; }\n@import url(x.css);")
    out = pdfmod.scope_css(css, "page-x", "x--")
    assert "#page-x > .ek-body { margin: 0; }" in out
    assert "#page-x h2, #page-x .a:not(.b, .c) { color: red; }" in out
    assert "@media print {\n#page-x .card { break-inside: avoid; }\n}" in out
    assert "@font-face { font-family: X;" in out
    assert "@page" not in out and "comment" not in out and "@import" in out


# ----------------------------------------------------------------------------- print page
INDEX = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>FAIL · Ethics audit: A &amp; B</title><style>h2 { color: red; } #top { margin: 0; }</style>
</head><body><h1 id="top">A &amp; B &lt;script&gt;</h1>
<a href="#top">up</a> <a href="01_privacy.html">privacy</a>
<a href="01_privacy.html#privacy.consent_missing">card</a> <a href="summary.json">summary.json</a>
<a href="logs/privacy.log">log</a> <a href="https://gdpr-info.eu/art-6-gdpr/">Art. 6</a>
<a href="file:///etc/passwd">x</a> <label for="q">q</label><img src="data:image/png;base64,AA==">
</body></html>"""
PRIVACY = """<!DOCTYPE html><html><head><style>body { margin: 0 } :root { --x: 1px; }</style></head>
<body class="jp-Notebook" data-jp-theme-light="true"><nav><a href="index.html">back</a></nav>
<h1 id="Privacy">1. Privacy</h1><div id="privacy.consent_missing">card</div>
<style>#T_1_row0 { color: blue; }</style><table id="T_1"><tr><td id="T_1_row0">1</td></tr></table>
</body></html>"""


def _tiny_run(folder: Path) -> Path:
    (folder / "index.html").write_text(INDEX, encoding="utf-8")
    (folder / "01_privacy.html").write_text(PRIVACY, encoding="utf-8")
    (folder / "notice.html").write_text("<html><body><p>Notice</p></body></html>")
    (folder / "summary.json").write_text("{}")
    return folder


def _hrefs(text: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', text)


def test_the_print_page_holds_every_page_in_order_with_links_inside(tmp_path):
    run = _tiny_run(tmp_path)
    assert pdfmod.print_pages(run) == ["index.html", "01_privacy.html", "notice.html"]
    page = pdfmod.build_print_html(run)
    assert page == run / ".print.html"
    text = page.read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="ek-doc" id="([^"]+)">', text)
    assert blocks == ["page-index", "page-01_privacy", "page-notice"]
    assert _hrefs(text) == ["#index--top", "#page-01_privacy",
                            "#01_privacy--privacy.consent_missing",
                            "https://gdpr-info.eu/art-6-gdpr/", "#page-index"]
    # files not in the PDF stay named, as text; nothing points outside the document
    assert '<span class="ek-file">summary.json</span>' in text
    assert '<span class="ek-file">log</span>' in text
    assert "file:" not in text and "passwd" not in text
    # ids prefixed by page, and the references to them
    assert 'id="index--top"' in text and 'id="01_privacy--privacy.consent_missing"' in text
    assert 'for="index--q"' in text
    assert "#page-01_privacy #01_privacy--T_1_row0 { color: blue; }" in text
    assert "#page-index #index--top { margin: 0; }" in text
    # the notebook's body classes and attributes are on its block, so its theme rules apply
    assert ('<div class="ek-body jp-Notebook" data-jp-theme-light="true">' in text)
    assert "#page-01_privacy > .ek-body { margin: 0 }" in text
    # escaping is kept as written: the page text is never unescaped on the way
    assert "A &amp; B &lt;script&gt;" in text and "<script" not in text
    assert "<title>FAIL · Ethics audit: A &amp; B</title>" in text


def test_a_script_never_reaches_the_print_page():
    page = pdfmod._Page("index.html", {})
    page.feed("<html><body><p>a</p><script>alert(1) &amp; 2</script><p>b</p></body></html>")
    page.close()
    assert page.block() == '<div class="ek-doc" id="page-index"><div class="ek-body"><p>a</p>' \
        '<p>b</p></div></div>'


def test_the_print_page_needs_the_report(tmp_path):
    (tmp_path / "notice.html").write_text("<p>x</p>")
    with pytest.raises(pdfmod.RunError, match="index.html does not exist"):
        pdfmod.build_print_html(tmp_path)


def test_write_run_pdf_prints_the_print_page_and_removes_it(monkeypatch, tmp_path):
    run = _tiny_run(tmp_path)
    seen = {}

    def fake_write_pdf(html, pdf, *, timeout):
        seen["html"] = Path(html).read_text(encoding="utf-8")
        Path(pdf).write_bytes(b"%PDF-1.4\n%%EOF\n")
        return Path(pdf)

    monkeypatch.setattr(pdfmod, "write_pdf", fake_write_pdf)
    out = pdfmod.write_run_pdf(run)
    assert out == run / "report.pdf" and 'id="page-01_privacy"' in seen["html"]
    assert not (run / pdfmod.PRINT_HTML).exists()


def test_chromium_is_asked_for_an_outline():
    cmd = pdfmod.chromium_command("chromium", Path("a.html"), Path("a.pdf"), Path("p"))
    assert "--generate-pdf-document-outline" in cmd


# ----------------------------------------------------------------------------- reading a PDF
def _pdf_string(raw: bytes) -> str:
    """A PDF string object's text: ``(literal)`` with escapes, or ``<FEFF...>`` UTF-16."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode("ascii"))
        return data[2:].decode("utf-16-be") if data[:2] == b"\xfe\xff" else data.decode("latin-1")
    body = raw[1:-1]
    out, i = bytearray(), 0
    while i < len(body):
        ch = body[i:i + 1]
        if ch == b"\\" and i + 1 < len(body):
            nxt = body[i + 1:i + 2]
            octal = re.match(rb"[0-7]{1,3}", body[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
            i += 2
            continue
        out += ch
        i += 1
    if out[:2] == b"\xfe\xff":
        return out[2:].decode("utf-16-be")
    return out.decode("latin-1")


_STRING = rb"(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)"


def read_pdf(data: bytes) -> dict:
    """Pages, links (``("dest", name)`` or ``("uri", url)``), named destinations and outline
    titles of a PDF as Chromium writes it (objects in the clear, no object streams)."""
    assert b"/ObjStm" not in data, "objects in compressed streams: this reader cannot see them"
    links = []
    for annot in re.findall(rb"/Subtype /Link(.*?)>>\nendobj", data, re.S):
        dest = re.search(rb"/Dest /([^\s/<>\[\]()]+)", annot)
        uri = re.search(rb"/URI " + _STRING, annot)
        if dest:
            links.append(("dest", dest.group(1).decode("latin-1")))
        if uri:
            links.append(("uri", _pdf_string(uri.group(1))))
        if not dest and not uri:
            links.append(("other", annot.decode("latin-1")))
    names = set(re.findall(rb"(?:<<|\n)/([^\s/<>\[\]()]+) \[\d+ 0 R /XYZ", data))
    return {"pages": len(re.findall(rb"/Type /Page\b(?!s)", data)),
            "links": links, "dests": {n.decode("latin-1") for n in names},
            "outline": [_pdf_string(t) for t in re.findall(rb"/Title " + _STRING, data)]}


def test_read_pdf_on_a_hand_made_pdf():
    data = (b"1 0 obj\n<</Type /Page\n/Parent 2 0 R>>\nendobj\n2 0 obj\n<</Type /Pages>>\nendobj\n"
            b"3 0 obj\n<</Type /Annot\n/Subtype /Link\n/Dest /index--a>>\nendobj\n"
            b"4 0 obj\n<</Type /Annot\n/Subtype /Link\n/A <</S /URI\n"
            b"/URI (https://x.eu/a\\(1\\))>>>>\nendobj\n"
            b"5 0 obj\n<</index--a [1 0 R /XYZ 0 700 0]\n>>\nendobj\n"
            b"6 0 obj\n<</Title <FEFF0050007200690076006100630079>\n/Parent 7 0 R>>\nendobj\n"
            b"8 0 obj\n<</Title (1. Bias \\(groups\\))\n/Parent 7 0 R>>\nendobj\n")
    got = read_pdf(data)
    assert got["pages"] == 1
    assert got["links"] == [("dest", "index--a"), ("uri", "https://x.eu/a(1)")]
    assert got["dests"] == {"index--a"}
    assert got["outline"] == ["Privacy", "1. Bias (groups)"]


class _H1(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.titles = False, []

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.inside = True
            self.titles.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.titles[-1] += data


def _first_h1(path: Path) -> str:
    parser = _H1()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.titles[0].replace("¶", "").split())


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium "
                    "(apt-get install chromium)")
def test_the_pdf_of_a_real_run_holds_every_page_and_only_working_links(tmp_path, capsys,
                                                                          monkeypatch):
    monkeypatch.delenv(pdfmod.ENV, raising=False)
    out = tmp_path / "reports"
    code = main(["run", "--out", str(out), "--pdf"])
    printed = capsys.readouterr().out
    run = (out / "latest").resolve()
    pdf = run / "report.pdf"
    assert code in (0, 1) and f"PDF: {pdf}" in printed.splitlines()
    assert not (run / pdfmod.PRINT_HTML).exists(), "the print page is removed once printed"
    data = pdf.read_bytes()
    got = read_pdf(data)
    # no link into the (renamed) build folder, nor to any file: links are anchors or the web
    assert b".building-" not in data and b"file://" not in data
    assert got["links"] and all(kind in ("dest", "uri") for kind, _ in got["links"])
    for kind, target in got["links"]:
        if kind == "uri":
            assert target.startswith(("https://", "http://", "mailto:")), target
        else:
            assert target in got["dests"], f"link to {target!r} lands nowhere"
    # the notebook pages, the notice and the data sheet are in it, each where a link leads
    pages = pdfmod.print_pages(run)
    assert pages[:5] == ["index.html", "01_privacy.html", "02_bias.html", "03_targeting.html",
                         "04_transparency.html"]
    assert {"notice.html", "datasheet.html"} <= set(pages)
    # (Chromium's outline drops the space where a heading wraps: compared without spaces)
    outline = ["".join(t.split()) for t in got["outline"]]
    for name in pages[1:]:
        assert pdfmod.page_key(name) in got["dests"]
        assert "".join(_first_h1(run / name).split()) in outline, name
    # sane: at least a sheet per page, and not the one-card-a-page layout (about 15 a page)
    assert len(pages) <= got["pages"] <= 25 * len(pages)
