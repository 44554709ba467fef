"""``index.html`` (ethicskit.report), ``--pdf`` (ethicskit.pdf) and the nbconvert page template.

Literal summaries test what the page shows and that it escapes; two real runs (transparency
area, tiny datasets) test the changes section with ``--keep`` and ``--pdf``. The browser tests
of the same pages are in ``tests/browser/``.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ethicskit import pdf as pdfmod
from ethicskit import report
from ethicskit.cli import main
from ethicskit.errors import RunError
from ethicskit.report import headline, key_figures, scorecard, write_index

CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
TEMPLATE = "{{7*7}}"
HOSTILE = f"{SCRIPT} {IMG} {TEMPLATE}"


class Page(HTMLParser):
    """The elements a browser would build: tags with attributes, text, and anything active."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.active: list[str] = []
        self.chunks: list[str] = []
        self.feed(html)
        self.close()

    BLOCKS = {"div", "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "section", "article",
              "header", "footer", "nav", "main", "table", "tr", "td", "th", "dl", "dt", "dd",
              "figure", "figcaption", "br"}
    HIDDEN = {"style", "title", "script"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("script", "iframe", "object", "embed", "link", "base", "form"):
            self.active.append(tag)
        self.active += [f"{tag}[{name}]" for name in attrs if name.startswith("on")]
        if tag in self.HIDDEN:
            self._hidden = tag
        if tag in self.BLOCKS:
            self.chunks.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.HIDDEN:
            self._hidden = None

    def handle_endtag(self, tag):
        if tag == getattr(self, "_hidden", None):
            self._hidden = None
        if tag in self.BLOCKS:
            self.chunks.append(" ")

    def handle_data(self, data):
        if getattr(self, "_hidden", None) is None:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        """The visible text, as a browser's innerText with runs of white space made one."""
        return " ".join("".join(self.chunks).split())

    def ids(self, tag: str) -> list[str]:
        return [a.get("id") for t, a in self.tags if t == tag and a.get("id")]


def finding(check_id, status, **kw):
    area = check_id.split(".")[0]
    base = {"check_id": check_id, "area": area, "title": f"Title of {check_id}",
            "status": status, "severity": "high", "value": 3, "threshold": 0,
            "affected_rows": 3, "message": f"Message of {check_id}.", "details": {},
            "remediation": f"Fix {check_id}.", "references": ["GDPR Art. 6(1)(a)"]}
    return {**base, **kw}


def summary(findings, *, areas, changes=None, **kw):
    counts = {s: sum(f["status"] == s for f in findings)
              for s in ("pass", "warn", "fail", "not_evaluated", "error", "info")}
    base = {"schema_version": 1, "run_id": "20261129T101500Z", "status": "fail",
            "started_at": "2026-11-29T10:15:00Z", "finished_at": "2026-11-29T10:15:41Z",
            "as_of": "2026-11-29", "campaign": "Spring savings 2026",
            "dataset": {"path": "data/spring.csv", "rows": 5000, "columns": 31,
                        "sha256": "ab" * 32},
            "ethicskit_version": "0.1.0", "counts": counts, "areas": areas,
            "findings": findings, "keyed_by_row": False, "duration_seconds": 41.0,
            "changes": changes or {"previous_run": None, "new_failures": [], "resolved": []}}
    return {**base, **kw}


FINDINGS = [
    finding("privacy.consent_missing", "fail"),
    finding("privacy.optout_ignored", "fail"),
    finding("privacy.retention", "warn"),
    finding("privacy.k_anonymity", "pass"),
    finding("transparency.undeclared_columns", "not_evaluated", value=None, threshold=None,
            affected_rows=None, details={"missing": ["inventory"]}),
]
AREAS = {"privacy": "fail", "transparency": "not_evaluated"}


def png(path: Path, *, width_in=3.0, height_in=2.0, dpi=50) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width_in, height_in))
    ax.plot([0, 1], [1, 0])
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def listed(folder: Path, area: str, name: str, caption: str = "", **kw) -> Path:
    """A PNG key figure ``figures/<area>-<name>.png`` listed in ``figures/index.json`` (as
    :func:`ethicskit.figures.write_figures` lists them)."""
    path = png(folder / "figures" / f"{area}-{name}.png", **kw)
    index = folder / "figures" / "index.json"
    entries = json.loads(index.read_text()) if index.exists() else []
    entries.append({"area": area, "name": name, "caption": caption, "file": path.name})
    index.write_text(json.dumps(entries))
    return path


# ------------------------------------------------------------------------------- scorecard
def test_scorecard_counts_each_area_and_lists_areas_not_run():
    rows = scorecard(summary(FINDINGS, areas=AREAS))
    # areas that ran first (suite order), then those that did not
    assert [r["area"] for r in rows] == ["privacy", "transparency", "bias", "targeting"]
    privacy, transparency, bias, _ = rows
    # privacy: 2 fail + 1 warn + 1 pass in FINDINGS above
    assert privacy["counts"] == {"error": 0, "fail": 2, "warn": 1, "not_evaluated": 0,
                                 "pass": 1, "info": 0}
    assert privacy["status"] == "fail" and privacy["total"] == 4 and privacy["ran"]
    assert [f["check_id"] for f in privacy["failing"]] == ["privacy.consent_missing",
                                                           "privacy.optout_ignored"]
    assert transparency["counts"]["not_evaluated"] == 1 and transparency["status"] == \
        "not_evaluated"
    assert not bias["ran"] and bias["status"] is None and bias["total"] == 0


@pytest.mark.parametrize("counts, sentence", [
    ({"fail": 2, "warn": 1, "pass": 1, "not_evaluated": 1},
     "Of 5 checks, 2 fail, 1 needs attention, 1 could not be evaluated and 1 passes."),
    ({"pass": 3}, "Of 3 checks, 3 pass."),
    ({"error": 1, "fail": 1}, "Of 2 checks, 1 could not be computed and 1 fails."),
    ({"info": 2}, "Of 2 checks, 2 are for information."),
    ({"fail": 1, "info": 1}, "Of 2 checks, 1 fails and 1 is for information."),
    ({}, "0 checks ran."),
])
def test_headline(counts, sentence):
    full = {s: 0 for s in ("pass", "warn", "fail", "not_evaluated", "error", "info")}
    assert headline({"counts": {**full, **counts}}) == sentence


# ------------------------------------------------------------------------------- figures
def test_key_figures_embed_pngs_grouped_by_area(tmp_path):
    from matplotlib.image import imread

    bias = listed(tmp_path, "bias", "selection", "Selection rate by group.", width_in=4,
                  height_in=2, dpi=50)
    privacy = listed(tmp_path, "privacy", "consent")
    index = json.loads((tmp_path / "figures" / "index.json").read_text())
    (tmp_path / "figures" / "transparency-broken.png").write_bytes(b"not a png, not decodable")
    index.append({"area": "transparency", "name": "broken", "caption": "",
                  "file": "transparency-broken.png"})
    (tmp_path / "figures" / "index.json").write_text(json.dumps(index))
    groups = key_figures(tmp_path)
    # suite order (privacy before bias); the file that is not a PNG is left out
    assert [g["area"] for g in groups] == ["privacy", "bias"]
    item = groups[1]["figures"][0]
    assert item["name"] == "selection" and item["caption"] == "Selection rate by group."
    assert groups[0]["figures"][0]["caption"] == ""
    head, _, data = item["src"].partition(",")
    assert head == "data:image/png;base64" and base64.b64decode(data) == bias.read_bytes()
    # 4 in x 2 in at 50 dpi = 200 x 100 pixels; matplotlib reads the same size back
    assert (item["width"], item["height"]) == (200, 100)
    assert imread(bias).shape[:2] == (100, 200)
    assert privacy.exists()


def test_figures_keep_the_order_of_the_index_not_file_times(tmp_path):
    import os as _os

    first = listed(tmp_path, "bias", "b-second-made-first-listed")
    listed(tmp_path, "bias", "a-listed-second")
    _os.utime(first, (1, 1))  # oldest file
    names = [f["name"] for f in key_figures(tmp_path)[0]["figures"]]
    assert names == ["b-second-made-first-listed", "a-listed-second"]


def test_a_figure_too_large_is_linked_not_embedded(tmp_path, monkeypatch):
    listed(tmp_path, "bias", "big")
    monkeypatch.setattr(report, "MAX_EMBED_BYTES", 10)
    [group] = key_figures(tmp_path)
    assert group["figures"][0]["src"] is None
    assert group["figures"][0]["href"] == "figures/bias-big.png"


def test_no_figures_folder_means_no_plots_section(tmp_path):
    assert key_figures(tmp_path) == []
    write_index(summary(FINDINGS, areas=AREAS), tmp_path, notebooks=[])
    page = Page((tmp_path / "index.html").read_text())
    assert "plots" not in page.ids("section")


# ------------------------------------------------------------------------------- index.html
def test_index_is_self_contained_and_orders_findings_worst_first(tmp_path):
    listed(tmp_path, "privacy", "consent", "Consent by channel.")
    (tmp_path / "01_privacy.html").write_text("<html></html>")
    findings = [FINDINGS[3], FINDINGS[4], FINDINGS[2], FINDINGS[1], FINDINGS[0]]  # shuffled
    write_index(summary(findings, areas=AREAS), tmp_path,
                notebooks=["01_privacy.ipynb", "04_transparency.ipynb"])
    html = (tmp_path / "index.html").read_text()
    page = Page(html)
    assert page.active == [], "no script, frame, form, external style sheet or handler"
    srcs = [a["src"] for t, a in page.tags if "src" in a]
    assert srcs and all(s.startswith("data:image/png;base64,") for s in srcs)
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert all(not h.startswith(("http:", "https:", "//", "/", "file:")) for h in hrefs), hrefs
    csp = [a["content"] for t, a in page.tags if a.get("http-equiv") ==
           "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "img-src data:" in csp[0]
    # fail, fail, warn, not_evaluated, pass: by status, then by id
    # (not evaluated findings are rows of one table, the others cards)
    assert [a["id"] for t, a in page.tags if t in ("article", "tr") and a.get("id")] == [
        "privacy.consent_missing", "privacy.optout_ignored", "privacy.retention",
        "transparency.undeclared_columns", "privacy.k_anonymity"]
    text = page.text
    for needle in ("Overall status: FAIL", "Message of privacy.consent_missing.",
                   "Fix privacy.consent_missing.", "GDPR Art. 6(1)(a)", "(threshold 0)",
                   "see the reason: inventory", "data/spring.csv", "ab" * 32,
                   "2026-11-29", "41.0 s", "Consent by channel.",
                   "Not part of this run: bias, targeting",
                   "This is the first complete run in this folder"):
        assert needle in text, needle
    # the notebook page that exists is linked, per finding; the one that does not is not
    assert "01_privacy.html#privacy.consent_missing" in hrefs
    assert not any(h.startswith("04_transparency.html") for h in hrefs)


def test_every_value_from_data_or_config_is_escaped(tmp_path):
    listed(tmp_path, "bias", IMG, f"Rate for {HOSTILE}")
    hostile = [
        finding("bias.selection_rate", "fail", title=f"Title {SCRIPT}",
                message=f"Group {IMG} of gender is selected less; segment {SCRIPT}.",
                remediation=f"Review {TEMPLATE}.", references=[f"Rule {IMG}"],
                threshold={"default": 0.8, IMG: 1}),
        finding("transparency.undeclared_columns", "not_evaluated",
                details={"missing": [SCRIPT, IMG]}),
    ]
    s = summary(hostile, areas={"bias": "fail", "transparency": "not_evaluated"},
                campaign=f"Campaign {HOSTILE}",
                dataset={"path": f"/data/{IMG}.csv", "rows": 10, "columns": 3,
                         "sha256": SCRIPT},
                changes={"previous_run": f"run {SCRIPT}", "previous_status": "pass",
                         "new_failures": [f"bias.{IMG}"], "resolved": [SCRIPT]})
    write_index(s, tmp_path, notebooks=[])
    html = (tmp_path / "index.html").read_text()
    page = Page(html)
    assert page.active == [], page.active
    assert [a.get("src") for t, a in page.tags if t == "img" and a.get("src") == "x"] == []
    assert "<script" not in html and "<img src=x" not in html
    assert "&amp;lt;" not in html, "escaped once, not twice"
    text = page.text
    for literal in (f"Campaign {HOSTILE}", f"Group {IMG} of gender", f"segment {SCRIPT}",
                    f"Review {TEMPLATE}.", f"Rule {IMG}", f"Rate for {HOSTILE}",
                    f"/data/{IMG}.csv", f"{SCRIPT}, {IMG}", f"run {SCRIPT}",
                    f"bias.{IMG}", f"Title {SCRIPT}"):
        assert literal in text, literal
    assert text.count(TEMPLATE) >= 4  # campaign, remediation, caption: never evaluated to 49
    # the figure's alt text carries the caption as a value, not as markup
    [alt] = [a["alt"] for t, a in page.tags if t == "img"]
    assert alt == f"Rate for {HOSTILE}"


def test_changes_section_names_new_failures_and_resolved_with_titles(tmp_path):
    changes = {"previous_run": "20261122T101500Z", "previous_status": "warn",
               "new_failures": ["privacy.consent_missing"],
               "resolved": ["transparency.excluded_data_used"]}
    write_index(summary(FINDINGS, areas=AREAS, changes=changes), tmp_path, notebooks=[])
    page = Page((tmp_path / "index.html").read_text())
    text = page.text
    assert "Compared with run 20261122T101500Z, whose overall status was WARN" in text
    assert "New failures (1) Title of privacy.consent_missing privacy.consent_missing" in text
    # a resolved check is not in this run's findings: its title comes from the registry
    assert ("Resolved (1) Excluded data used by the model or targeting "
            "transparency.excluded_data_used") in text
    assert "#privacy.consent_missing" in [a.get("href") for t, a in page.tags if t == "a"]


# ------------------------------------------------------------------------------- two runs
def _tiny_campaign(folder: Path, name: str, rows: str, declared: list[str]) -> Path:
    entry = ("{category: behavioural, purpose: p, legal_basis: consent, source: observed, "
             "retention_days: 30, in_model: false, reason: r}")
    (folder / f"{name}.csv").write_text(rows)
    (folder / f"{name}.inv.yaml").write_text(
        "columns:\n" + "".join(f"  {c}: {entry}\n" for c in declared))
    config = folder / f"{name}.yaml"
    config.write_text(f"name: Two runs\ndataset: {name}.csv\ninventory: {name}.inv.yaml\n"
                      "as_of: 2026-11-29\n")
    return config


@pytest.mark.slow
def test_second_run_shows_its_changes_keeps_one_run_and_prints_a_pdf(tmp_path):
    # run A: "extra" is declared in_model: false yet a targeting criterion uses it ->
    # transparency.excluded_data_used fails (purpose limitation is law).
    # run B: "extra" is gone, but a person in the EU (no country: the default jurisdiction)
    # was emailed without an opt-in -> privacy.consent_missing fails.
    a = _tiny_campaign(tmp_path, "a", "customer_id,targeted,extra,targeting_criteria\n"
                       "a,yes,1,extra:1\nb,no,2,\n",
                       ["customer_id", "targeted", "extra", "targeting_criteria"])
    b = _tiny_campaign(tmp_path, "b", "customer_id,targeted,channel,consent_email\n"
                       "a,yes,email,no\nb,no,email,yes\n",
                       ["customer_id", "targeted", "channel", "consent_email"])
    out = tmp_path / "reports"
    base = ["run", "--only", "privacy,transparency", "--out", str(out)]
    assert main(base + ["--config", str(a)]) == 1
    first = (out / "latest").resolve()
    pdf = CHROMIUM.is_file()
    assert main(base + ["--config", str(b), "--keep", "1"] + (["--pdf"] if pdf else [])) == 1
    second = (out / "latest").resolve()
    runs = [p for p in out.iterdir() if p.is_dir() and not p.is_symlink()]
    assert runs == [second] and not first.exists(), "--keep 1 pruned the first run"
    changes = json.loads((second / "summary.json").read_text())["changes"]
    assert changes["previous_run"] == first.name
    assert changes["new_failures"] == ["privacy.consent_missing"]
    assert changes["resolved"] == ["transparency.excluded_data_used"]
    text = Page((second / "index.html").read_text()).text
    assert f"Compared with run {first.name}, whose overall status was FAIL" in text
    assert ("New failures (1) Contacted without consent for the channel "
            "privacy.consent_missing") in text
    assert ("Resolved (1) Excluded data used by the model or targeting "
            "transparency.excluded_data_used") in text
    assert "1 new failure, 1 resolved since the previous run" in text
    if pdf:
        assert (second / "report.pdf").read_bytes()[:5] == b"%PDF-"
        assert not list(second.glob(".*.partial"))


# ------------------------------------------------------------------------------- --pdf
def _fake_browser(folder: Path, body: str) -> Path:
    path = folder / "fake-chromium"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_missing_chromium_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.delenv(pdfmod.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RunError, match=r"apt-get install chromium"):
        pdfmod.find_chromium()
    monkeypatch.setenv(pdfmod.ENV, str(tmp_path / "nowhere"))
    with pytest.raises(RunError, match=r"ETHICSKIT_CHROMIUM=.*nowhere.*apt-get install"):
        pdfmod.find_chromium()


def test_run_with_pdf_and_no_chromium_stops_before_writing(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(pdfmod.ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "reports"
    code = main(["run", "--only", "transparency", "--out", str(out), "--pdf"])
    err = capsys.readouterr().err
    assert code == 2 and "apt-get install chromium" in err and "Traceback" not in err
    assert not out.exists(), "nothing is run or written when the PDF cannot be made"


def test_write_pdf_reports_a_browser_that_writes_no_pdf(monkeypatch, tmp_path):
    html = tmp_path / "index.html"
    html.write_text("<p>x</p>")
    # a "browser" that writes a file that is not a PDF, then fails
    fake = _fake_browser(tmp_path, 'for a; do case "$a" in --print-to-pdf=*) '
                         'echo nope > "${a#--print-to-pdf=}";; esac; done; '
                         'echo "fatal: no display" >&2; exit 3')
    monkeypatch.setenv(pdfmod.ENV, str(fake))
    with pytest.raises(RunError, match="could not print index.html: fatal: no display"):
        pdfmod.write_pdf(html, tmp_path / "report.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "index.html"]


@pytest.mark.slow
def test_write_pdf_gives_up_after_the_timeout(monkeypatch, tmp_path):
    html = tmp_path / "index.html"
    html.write_text("<p>x</p>")
    monkeypatch.setenv(pdfmod.ENV, str(_fake_browser(tmp_path, "exec sleep 30")))
    with pytest.raises(RunError, match="did not print index.html within 1 s"):
        pdfmod.write_pdf(html, tmp_path / "report.pdf", timeout=1)
    assert not (tmp_path / "report.pdf").exists()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium "
                    "(apt-get install chromium)")
def test_write_pdf_prints_the_report_with_chromium(tmp_path, monkeypatch):
    monkeypatch.delenv(pdfmod.ENV, raising=False)
    write_index(summary(FINDINGS, areas=AREAS), tmp_path, notebooks=[])
    out = pdfmod.write_pdf(tmp_path / "index.html", tmp_path / "report.pdf")
    data = out.read_bytes()
    assert data[:5] == b"%PDF-" and data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Page" in data or b"/Type/Page" in data
    assert not list(tmp_path.glob(".*.partial"))


def test_chromium_command_prints_without_header_or_network(tmp_path):
    cmd = pdfmod.chromium_command("chromium", tmp_path / "index.html", tmp_path / "r.pdf",
                                  tmp_path / "profile")
    assert "--headless" in cmd and "--no-pdf-header-footer" in cmd
    assert f"--print-to-pdf={tmp_path / 'r.pdf'}" in cmd
    assert "--disable-background-networking" in cmd
    assert cmd[-1] == (tmp_path / "index.html").resolve().as_uri()


# ------------------------------------------------------------------------------- notebooks
@pytest.mark.slow
def test_notebook_pages_carry_no_script_and_escape_markdown_outputs(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from ethicskit.notebooks import to_html

    nb = new_notebook(cells=[
        new_markdown_cell("# Authored heading\n\nSome **bold** text."),
        new_code_cell("x", outputs=[
            new_output("display_data", data={"application/javascript": "window.__pwned=1",
                                             "text/plain": "<js>"}),
            new_output("display_data", data={"text/markdown": f"## Notice for {HOSTILE}\n\n"
                                             "- **use** a < b"}),
            new_output("display_data", data={
                "application/vnd.jupyter.widget-view+json": {"model_id": "m", "version_major": 2,
                                                              "version_minor": 0},
                "text/plain": "widget"}),
        ]),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    src = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(src))
    html = to_html(src, tmp_path / "nb.html").read_text()
    page = Page(html)
    assert "script" not in page.active and "<script" not in html.lower()
    assert not [a for a in page.active if "[on" in a]
    csp = [a["content"] for t, a in page.tags if a.get("http-equiv") ==
           "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]
    text = page.text
    assert f"Notice for {HOSTILE}" in text and "a < b" in text
    assert any(t == "h2" for t, _ in page.tags) and any(t == "strong" for t, _ in page.tags)
    assert "Authored heading" in text and "Back to the report" in text
    assert not [a for t, a in page.tags if t == "img" and a.get("src") == "x"]


def test_an_error_points_to_the_notebook_log(tmp_path):
    s = summary(FINDINGS, areas=AREAS, notebooks={"privacy": "error", "transparency": "ok"})
    write_index(s, tmp_path, notebooks=[])
    page = Page((tmp_path / "index.html").read_text())
    assert "1 notebook page failed (ERROR)" in page.text
    assert "the findings below are those the package computed" in page.text
    assert "logs/privacy.log" in [a.get("href") for t, a in page.tags if t == "a"]


def test_a_failed_check_is_said_on_its_own(tmp_path):
    crashed = [finding("privacy.consent_missing", "error",
                       message="The check failed: RuntimeError: boom")]
    s = summary(crashed, areas={"privacy": "error"}, status="error")
    write_index(s, tmp_path, notebooks=[])
    page = Page((tmp_path / "index.html").read_text())
    assert "1 check was not computed (ERROR below)" in page.text
    assert "Overall status: ERROR" in page.text

def test_findings_that_use_the_rule_pack_show_each_jurisdiction(tmp_path):
    consent = finding("privacy.consent_missing", "fail", details={
        "by_jurisdiction": [
            {"jurisdiction": "EU", "channel": "email", "basis": "opt_in", "targeted": 10,
             "affected": 2},
            {"jurisdiction": "EU", "channel": "sms", "basis": "opt_in", "targeted": 5,
             "affected": 1},
            {"jurisdiction": "US", "channel": "email", "basis": "opt_out", "targeted": 7,
             "affected": 0}],
        "fallback_rows": 4, "default_jurisdiction": "EU"})
    optout = finding("privacy.contact_after_optout", "fail", details={
        "by_jurisdiction": [{"jurisdiction": "US-CA", "judged": 3, "affected": 1,
                             "fallback": 0}], "fallback_rows": 0})
    # per jurisdiction, summed over channels by hand: EU 15 judged / 3 affected, US 7 / 0
    assert report.by_jurisdiction(consent) == [
        {"jurisdiction": "EU", "judged": 15, "affected": 3},
        {"jurisdiction": "US", "judged": 7, "affected": 0}]
    write_index(summary([consent, optout], areas={"privacy": "fail"}), tmp_path, notebooks=[])
    text = Page((tmp_path / "index.html").read_text()).text
    assert "By jurisdiction (judged / affected) EU 15 / 3 · US 7 / 0 (4 judged by the " \
           "default jurisdiction EU: no country or region the rule pack knows)" in text
    assert "US-CA 3 / 1" in text
    assert report.by_jurisdiction(finding("bias.selection_rate", "warn")) == []


def test_how_the_data_was_read_is_said(tmp_path):
    note = "Birth dates in column 'Year_Birth' are whole years: each is read as 1 July."
    write_index(summary(FINDINGS, areas=AREAS, notes=[note, "<b>x</b> derived"]), tmp_path,
                notebooks=[])
    html = (tmp_path / "index.html").read_text()
    text = Page(html).text
    assert f"How the data was read {note} <b>x</b> derived" in text
    assert "<b>x</b>" not in html  # escaped


# ------------------------------------------------------------------- wording of cards and legend
@pytest.mark.parametrize("check_id, value, threshold, shown", [
    ("privacy.consent_missing", 3, 0, "3 people (threshold 0 people)"),
    ("privacy.consent_missing", 1, 0, "1 person (threshold 0 people)"),
    ("bias.selection_rate", 0.71234, {"ratio_min": 0.8, "ratio_max": 1.25},
     "0.712 rate ratio (threshold 0.8 to 1.25 rate ratio)"),
    ("bias.selection_rate", -0.0001, None, "0 rate ratio"),
])
def test_value_against_threshold_says_the_unit(tmp_path, check_id, value, threshold, shown):
    f = finding(check_id, "fail", value=value, threshold=threshold)
    write_index(summary([f], areas={check_id.split(".")[0]: "fail"}), tmp_path, notebooks=[])
    text = Page((tmp_path / "index.html").read_text()).text
    assert f"Value against threshold {shown} Affected rows" in text


def test_info_cards_say_what_to_do_and_pass_cards_if_it_fails(tmp_path):
    found = [finding("bias.mitigation_preview", "info", remediation="Try reweighing."),
             finding("privacy.k_anonymity", "pass", remediation="Generalise ages.")]
    write_index(summary(found, areas={"bias": "info", "privacy": "pass"}), tmp_path,
                notebooks=[])
    text = Page((tmp_path / "index.html").read_text()).text
    assert "What to do: Try reweighing." in text and "If it fails: Try reweighing." not in text
    assert "If it fails: Generalise ages." in text


def test_the_info_count_sits_below_the_failing_checks_on_its_card(tmp_path):
    found = [finding("bias.selection_rate", "fail"), finding("bias.mitigation_preview", "info")]
    write_index(summary(found, areas={"bias": "fail"}), tmp_path, notebooks=[])
    html = (tmp_path / "index.html").read_text()
    start = html.index('id="area-bias"')
    card = Page(html[html.rindex("<div", 0, start):html.index('id="area-', start + 5)]).text
    assert "Fails (1): Title of bias.selection_rate" in card
    assert card.index("Title of bias.selection_rate") < card.index(
        "1 for information only (no pass or fail)")


def test_the_legend_says_not_evaluated_lacks_config_or_data(tmp_path):
    write_index(summary(FINDINGS, areas=AREAS), tmp_path, notebooks=[])
    text = Page((tmp_path / "index.html").read_text()).text
    assert ("NOT EVALUATED the config or the data lacks what the check needs (the table of "
            "these checks names which, and the line to add): this is not a pass.") in text
    assert ("INFO shown for information: it has no threshold and never passes or fails."
            in text)


def test_not_evaluated_findings_are_one_row_each_naming_what_to_add(tmp_path):
    found = [finding("privacy.k_anonymity", "not_evaluated", value=None, threshold=None,
                     message="No quasi-identifiers are configured.",
                     details={"to_evaluate": {"needs": "config",
                                              "add": "quasi_identifiers: [age_band, zip3]"}}),
             finding("privacy.minors_profiled", "not_evaluated", value=None, threshold=None,
                     message="The data has no age.",
                     details={"missing": ["birth_date"],
                              "to_evaluate": {"needs": "data",
                                              "add": "columns: {birth_date: <your column>}"}})]
    write_index(summary(found, areas={"privacy": "not_evaluated"}), tmp_path, notebooks=[])
    html = (tmp_path / "index.html").read_text()
    page = Page(html)
    assert page.ids("tr") == ["privacy.k_anonymity", "privacy.minors_profiled"]
    assert page.ids("article") == [], "no large card for a finding that could not run"
    assert ("Title of privacy.k_anonymity privacy.k_anonymity No quasi-identifiers are "
            "configured. the config does not set what the line to add gives "
            "quasi_identifiers: [age_band, zip3]") in page.text
    assert ("the data lacks: birth_date columns: {birth_date: <your column>}"
            in page.text)
