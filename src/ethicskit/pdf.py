"""``ethicskit run --pdf``: the report, the area pages, the notice and the data sheet in one PDF.

:func:`build_print_html` joins the run's pages (:data:`PRINT_PAGES`: ``index.html``, the area
notebook pages, ``notice.html``, ``datasheet.html``, ``model_card.html``, those that exist) into
one print page: each page's body in its own block (after the one before it, on the same sheet
when there is room), each page's style sheet scoped to its block (so the report's and the
notebooks' styles never meet), every ``id`` prefixed with its page, and every link rewritten:
a link to a page of the PDF, or to an anchor of one, becomes an in-document anchor; a link to
another file of the run folder (``summary.json``, ``suppress.csv``, a log) becomes plain text
naming the file (a PDF link would point into the build folder, which is renamed when the run
ends); links to the web stay as they are.
:func:`write_run_pdf` prints that page once with headless Chromium to ``report.pdf``, then removes
it.

The browser is the system's (Debian's ``chromium`` package, ``apt-get install chromium``); nothing
is downloaded. ``ETHICSKIT_CHROMIUM`` may name another Chromium or Chrome binary. The page prints
with its own print style sheet (A4, no browser header or footer, a document outline from the
headings); it is script-free and its Content-Security-Policy forbids any request, so the browser
only lays it out.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ethicskit.errors import RunError

#: Looked for on ``PATH``, in this order, unless ``ETHICSKIT_CHROMIUM`` names a binary.
CANDIDATES = ("chromium", "chromium-browser")
ENV = "ETHICSKIT_CHROMIUM"
TIMEOUT = 120
INSTALL_HINT = ("install Debian's package with `apt-get install chromium` (as root), or set "
                f"{ENV} to a Chromium or Chrome binary")


class ChromiumMissing(RunError):
    """``--pdf`` was asked for but no Chromium binary can be found."""


def find_chromium() -> str:
    """The Chromium binary to print with; :class:`ChromiumMissing` (a ``RunError``) if none."""
    named = os.environ.get(ENV, "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise ChromiumMissing(f"--pdf: {ENV}={named!r} is not an executable file; "
                                  f"{INSTALL_HINT}.")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing(f"--pdf needs Chromium to print the report, and no `chromium` was "
                          f"found on PATH: {INSTALL_HINT}. Without --pdf the HTML report is "
                          "written as usual.")


def chromium_command(binary: str, html: Path, pdf: Path, profile: Path) -> list[str]:
    """The command line that prints ``html`` to ``pdf`` (headless, no network, no header)."""
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-default-apps", "--mute-audio", "--disable-quic",
            f"--user-data-dir={profile}", "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--print-to-pdf={pdf}", html.resolve().as_uri()]


def write_pdf(html: str | Path, pdf: str | Path, *, timeout: int = TIMEOUT) -> Path:
    """Print ``html`` to ``pdf``; raise :class:`RunError` saying why when it cannot.

    The PDF is written beside its target first and renamed into place only when it starts with
    ``%PDF``, so a failed print never leaves a broken ``report.pdf``.
    """
    html, pdf = Path(html), Path(pdf)
    if not html.is_file():
        raise RunError(f"--pdf: {html} does not exist")
    binary = find_chromium()
    partial = pdf.with_name(f".{pdf.name}.partial")
    partial.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ethicskit-chromium-") as profile:
        env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
        proc = subprocess.Popen(chromium_command(binary, html, partial, Path(profile)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            partial.unlink(missing_ok=True)
            raise RunError(f"--pdf: Chromium ({binary}) did not print {html.name} within "
                           f"{timeout} s") from None
        finally:
            _kill_group(proc)  # no helper process outlives the print
    ok = partial.is_file() and partial.read_bytes()[:4] == b"%PDF"
    if proc.returncode != 0 or not ok:
        partial.unlink(missing_ok=True)
        lines = [ln for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
        why = lines[-1].strip() if lines else f"exit code {proc.returncode}, no PDF written"
        raise RunError(f"--pdf: Chromium ({binary}) could not print {html.name}: {why}")
    os.replace(partial, pdf)
    return pdf


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


# ----------------------------------------------------------------------------- the print page
#: The pages of a run that go into the PDF, in this order (those that exist); ``{area}`` pages
#: are the area notebooks' HTML pages, in the suite's order.
PRINT_PAGES = ("index.html", "{area}", "notice.html", "datasheet.html", "model_card.html")
#: The print page, written into the run (or build) folder and removed once printed.
PRINT_HTML = ".print.html"
#: Attributes that hold one id (``for``) or a list of ids (the ARIA ones).
ID_REFS = ("for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
           "headers", "list")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")
#: The print page's own rules. The pages follow each other on the same sheet when there is room
#: (a rule and a gap between two), so no sheet is left mostly blank at the end of a page; a
#: heading never ends a sheet. A box that scrolls on screen would be one unbreakable block on
#: paper (pushed whole to the next sheet, leaving a gap): in print nothing scrolls.
PRINT_CSS = """
html, body { margin: 0; padding: 0; background: #fff; }
.ek-doc { display: block; }
.ek-doc + .ek-doc { margin-top: 8mm; padding-top: 4mm; border-top: 2px solid #d0d5dd; }
.ek-doc > .ek-body { margin: 0; }
h1, h2, h3, h4 { break-after: avoid; }
[style*="overflow-x:auto"], [style*="overflow-x: auto"], [style*="overflow:auto"],
.ek-table-wrap { overflow: visible !important; }
.ek-file { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
@page { size: A4; margin: 14mm 12mm; }
"""


def print_pages(run_dir: str | Path) -> list[str]:
    """The file names of the pages of ``run_dir`` that go into the PDF, in print order."""
    from ethicskit.paths import AREA_NOTEBOOKS

    run_dir = Path(run_dir)
    names: list[str] = []
    for entry in PRINT_PAGES:
        if entry == "{area}":
            names += [f"{Path(nb).stem}.html" for nb in AREA_NOTEBOOKS.values()]
        else:
            names.append(entry)
    return [n for n in names if (run_dir / n).is_file()]


def page_key(name: str) -> str:
    """The anchor of a page in the print page (``index.html`` -> ``page-index``)."""
    return "page-" + re.sub(r"[^A-Za-z0-9_-]", "-", Path(name).stem)


# -- CSS scoping
def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside parentheses, brackets and strings."""
    parts, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_ROOT = re.compile(r"^(?:html|:root)(?![\w-])\s*")
_BODY = re.compile(r"^body(?![\w-])")
_IDSEL = re.compile(r"#(-?[A-Za-z_][\w-]*)")


def scope_selector(selector: str, scope: str, prefix: str) -> str:
    """One selector of page ``prefix`` limited to the block ``#scope``: ``html`` and ``:root`` are
    the block, ``body`` its inner ``.ek-body``, ``#id`` the page's prefixed id."""
    sel = selector.strip()
    if not sel:
        return sel
    sel = _IDSEL.sub(lambda m: f"#{prefix}{m.group(1)}", sel)
    rooted = False
    m = _ROOT.match(sel)
    if m:
        sel, rooted = sel[m.end():], True
        if sel.startswith(">"):  # html > body: the block's own body
            sel = sel[1:].lstrip()
    if _BODY.match(sel):
        return f"#{scope} > .ek-body{sel[4:]}"
    if not sel:
        return f"#{scope}"
    if rooted and sel[0] in ">+~":
        return f"#{scope} {sel}"
    if rooted and sel[0] in ".[:#":  # html.x, :root[data-x]
        return f"#{scope}{sel}"
    return f"#{scope} {sel}"


_KEEP_AT = ("@font-face", "@keyframes", "@-webkit-keyframes", "@property", "@counter-style",
            "@charset", "@import", "@namespace", "@font-feature-values")
_NEST_AT = ("@media", "@supports", "@layer", "@container", "@document")


def _strip_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def scope_css(css: str, scope: str, prefix: str) -> str:
    """``css`` with every style rule limited to the element ``#scope`` (see
    :func:`scope_selector`); ``@media`` and the like are scoped inside, ``@font-face`` and
    ``@keyframes`` kept, ``@page`` dropped (the print page has its own)."""
    css = _strip_comments(css)
    out: list[str] = []
    i, n = 0, len(css)
    while i < n:
        j = i
        quote = None
        while j < n:  # the prelude runs to "{" or ";" outside strings
            ch = css[j]
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch in "{;":
                break
            j += 1
        prelude = css[i:j].strip()
        if j >= n:
            break
        if css[j] == ";":  # @import ...; @charset ...;
            if prelude.startswith(_KEEP_AT):
                out.append(prelude + ";")
            i = j + 1
            continue
        depth, k = 1, j + 1
        while k < n and depth:  # the matching "}"
            if css[k] == "{":
                depth += 1
            elif css[k] == "}":
                depth -= 1
            k += 1
        block = css[j + 1:k - 1]
        low = prelude.lower()
        if low.startswith(_NEST_AT):
            out.append(f"{prelude} {{\n{scope_css(block, scope, prefix)}\n}}")
        elif low.startswith("@page"):
            pass
        elif low.startswith("@"):
            out.append(f"{prelude} {{{block}}}")
        elif prelude:
            selectors = [scope_selector(s, scope, prefix) for s in _split_top(prelude, ",")]
            out.append(f"{', '.join(s for s in selectors if s)} {{{block}}}")
        i = k
    return "\n".join(out)


# -- HTML rewriting
class _Page(HTMLParser):
    """One page of the run, re-emitted as a block of the print page: head styles collected and
    scoped, body kept as written except ids (prefixed) and links (rewritten)."""

    def __init__(self, name: str, printed: dict[str, str]):
        super().__init__(convert_charrefs=False)
        self.name = name
        self.prefix = page_key(name)[len("page-"):] + "--"
        self.scope = page_key(name)
        self.printed = printed  # file name -> page anchor, for the pages in the PDF
        self.styles: list[str] = []
        self.body: list[str] = []
        self.body_attrs: list[tuple[str, str | None]] = []
        self.title = ""
        self._where = "head"
        self._in_style = False
        self._in_title = False
        self._in_script = False
        self._style: list[str] = []
        self._plain: list[str] = []  # stack: was this <a> turned into plain text?
        self.links: list[str] = []

    # ids and links
    def _id(self, value: str) -> str:
        return self.prefix + value

    def _href(self, href: str) -> tuple[str | None, str | None]:
        """(new href, or None for plain text; the file named when plain text)."""
        raw = htmllib.unescape(href).strip()
        if not raw:
            return href, None
        if raw.startswith("#"):
            return ("#" + self._id(raw[1:])) if raw[1:] else "#" + self.scope, None
        parts = urlsplit(raw)
        if parts.scheme in ("http", "https", "mailto", "tel"):
            return href, None
        if parts.scheme or parts.netloc:  # file:, data:, javascript: ... never into the PDF
            return None, raw
        target = unquote(parts.path)
        if target in self.printed:
            page = self.printed[target]
            if parts.fragment:
                return f"#{page[len('page-'):]}--{parts.fragment}", None
            return f"#{page}", None
        return None, target

    def _attrs(self, tag: str, attrs) -> tuple[list[tuple[str, str | None]], bool]:
        out, plain = [], False
        for key, value in attrs:
            if value is not None and key == "id":
                value = self._id(value)
            elif value is not None and key in ID_REFS:
                value = " ".join(self._id(v) for v in value.split())
            elif value is not None and key in ("href", "xlink:href") and tag != "link":
                new, _ = self._href(value)
                if new is None:
                    plain = tag == "a"
                    continue
                value = new
            elif value is not None and "url(#" in value:
                value = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{self._id(m.group(1))})",
                               value)
            out.append((key, value))
        return out, plain

    @staticmethod
    def _tag(tag: str, attrs, close: bool = False) -> str:
        text = "".join(f" {k}" if v is None else f' {k}="{htmllib.escape(v, quote=True)}"'
                       for k, v in attrs)
        return f"<{tag}{text}{' /' if close else ''}>"

    # parser events
    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, close=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, close=True)

    def _start(self, tag, attrs, *, close):
        if tag == "style":
            self._in_style, self._style = True, []
            return
        if tag == "script":  # never in a page of a run; left out, its text too
            self._in_script = not close
            return
        if tag == "title" and self._where == "head":
            self._in_title = True
            return
        if tag == "body":
            self._where = "body"
            self.body_attrs = [(k, v) for k, v in attrs if k != "id"]
            return
        if tag in ("html", "head", "script", "link", "base") or (
                self._where == "head" and tag in ("meta",)):
            return
        if tag == "meta":
            return
        if self._where != "body":
            self._where = "body"  # a page without <body>
        new, plain = self._attrs(tag, attrs)
        if tag == "a" and not close:
            self._plain.append(plain)
            if plain:
                href = dict(attrs).get("href") or ""
                self.links.append(htmllib.unescape(href))
                self.body.append('<span class="ek-file">')
                return
        self.body.append(self._tag(tag, new, close))

    def handle_endtag(self, tag):
        if tag == "style":
            if self._in_style:
                css = scope_css("".join(self._style), self.scope, self.prefix)
                (self.styles if self._where == "head" else self.body).append(
                    css if self._where == "head" else f"<style>\n{css}\n</style>")
            self._in_style = False
            return
        if tag == "title":
            self._in_title = False
            return
        if tag == "script":
            self._in_script = False
            return
        if tag in ("html", "head", "body", "link", "base", "meta"):
            return
        if tag == "a" and self._plain:
            if self._plain.pop():
                self.body.append("</span>")
                return
        if tag not in VOID:
            self.body.append(f"</{tag}>")

    def handle_data(self, data):
        if self._in_script:
            return
        if self._in_style:
            self._style.append(data)
        elif self._in_title:
            self.title += data
        elif self._where == "body":
            self.body.append(data)

    def handle_entityref(self, name):
        self._text(f"&{name};")

    def handle_charref(self, name):
        self._text(f"&#{name};")

    def _text(self, raw: str) -> None:
        if self._in_script:
            return
        if self._in_style:
            self._style.append(htmllib.unescape(raw))
        elif self._in_title:
            self.title += htmllib.unescape(raw)
        elif self._where == "body":
            self.body.append(raw)

    def handle_comment(self, data):
        pass

    def unknown_decl(self, data):
        if self._where == "body":
            self.body.append(f"<![{data}]>")

    def block(self) -> str:
        classes = " ".join(["ek-body"] + [v for k, v in self.body_attrs if k == "class" and v])
        attrs = [("class", classes)] + [(k, v) for k, v in self.body_attrs if k != "class"]
        return (f'<div class="ek-doc" id="{self.scope}">{self._tag("div", attrs)}'
                f'{"".join(self.body)}</div></div>')


def build_print_html(run_dir: str | Path, *, target: str | Path | None = None) -> Path:
    """Write the print page of ``run_dir`` (:data:`PRINT_HTML` there unless ``target``): its
    pages (:func:`print_pages`) one after the other, links inside working."""
    run_dir = Path(run_dir)
    names = print_pages(run_dir)
    if not names or names[0] != "index.html":
        raise RunError(f"--pdf: {run_dir / 'index.html'} does not exist")
    printed = {n: page_key(n) for n in names}
    styles, blocks, title = [], [], ""
    for name in names:
        page = _Page(name, printed)
        page.feed((run_dir / name).read_text(encoding="utf-8"))
        page.close()
        title = title or page.title.strip()
        styles.append(f"/* {name} */\n" + "\n".join(page.styles))
        blocks.append(page.block())
    doc = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
           f"<title>{htmllib.escape(title)}</title>\n"
           + "".join(f"<style>\n{css}\n</style>\n" for css in styles)
           + f"<style>{PRINT_CSS}</style>\n</head>\n<body>\n" + "\n".join(blocks)
           + "\n</body>\n</html>\n")
    path = Path(target) if target else run_dir / PRINT_HTML
    path.write_text(doc, encoding="utf-8")
    return path


def write_run_pdf(run_dir: str | Path, pdf: str | Path | None = None, *,
                  timeout: int = TIMEOUT) -> Path:
    """Print the run's pages (:func:`build_print_html`) to ``pdf`` (``report.pdf`` in
    ``run_dir`` by default) and remove the print page; return the PDF's path."""
    run_dir = Path(run_dir)
    pdf = Path(pdf) if pdf else run_dir / "report.pdf"
    page = build_print_html(run_dir)
    try:
        return write_pdf(page, pdf, timeout=timeout)
    finally:
        page.unlink(missing_ok=True)
