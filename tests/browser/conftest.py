"""Browser tests of the run folder: Playwright drives Debian's Chromium over the report pages.

No browser is downloaded: Playwright launches ``/usr/bin/chromium`` (``apt-get install chromium``;
``.ci/run`` installs it). Without it, or without the ``playwright`` package, the browser tests
skip and say why; the plain tests in this folder still run.

Fixtures make real runs with :func:`ethicskit.runner.run` on the transparency area (the fastest
notebook), and, marked ``slow``, on every area once all the area notebooks exist:

- ``sample_run``: the bundled sample campaign;
- ``hostile_run``: a campaign whose name, column names, segment names and a group label hold
  HTML, script and template payloads (:func:`write_hostile_campaign`).

The fixtures add key plots with hostile names and captions beside the package's own (listed in
``figures/index.json`` as :func:`ethicskit.figures.write_figures` lists them) and render
``index.html`` again, so that embedding
is always exercised. Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest
import yaml

from ethicskit.paths import AREA_NOTEBOOKS, NOTEBOOKS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ALL_NOTEBOOKS = all((NOTEBOOKS / nb).is_file() for nb in AREA_NOTEBOOKS.values())

# ----------------------------------------------------------------------------- payloads
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
TEMPLATE = "{{7*7}}"
#: would leave a marker on ``window`` if it ever ran
MARK_SCRIPT = "<script>window.__pwned=1</script>"
MARK_IMG = '<img src=x onerror="window.__pwned=2">'
PAYLOADS = (SCRIPT, IMG, TEMPLATE, MARK_SCRIPT, MARK_IMG)
NAME = f"Hostile {SCRIPT} {IMG} {TEMPLATE}"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a run of every area (about a minute or more)")
    config.addinivalue_line("markers", "browser: needs Debian's Chromium and Playwright")


def write_hostile_campaign(folder: Path, *, rows: int = 1000) -> Path:
    """Write ``campaign.csv`` with its config and inventory into ``folder``; return the config.

    Built from the sample (:func:`ethicskit.sample.write_sample`): the two columns the inventory
    does not declare get payload names (so the transparency findings name them), a third
    payload column is added, every segment name starts with a payload, and so do the gender labels
    ``female`` and ``non-binary`` (the config's population shares follow). The config's
    ``name`` holds three payloads.
    """
    from ethicskit.sample import write_sample

    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / "campaign.csv"
    write_sample(csv, rows=rows)
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    df = df.rename(columns={"loyalty_tier": SCRIPT, "device_type": IMG})
    df[TEMPLATE] = MARK_SCRIPT
    prefixes = [SCRIPT, IMG, TEMPLATE, MARK_IMG]
    codes = pd.factorize(df["segment"])[0] % len(prefixes)
    df["segment"] = [f"{prefixes[i]} {name}" for i, name in zip(codes, df["segment"])]
    relabel = {"female": SCRIPT, "non-binary": IMG}
    df["gender"] = df["gender"].replace(relabel)
    df.to_csv(csv, index=False)
    config_path = folder / "campaign.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["name"] = NAME
    shares = (config.get("population_shares") or {}).get("gender")
    if shares:
        config["population_shares"]["gender"] = {relabel.get(k, k): v for k, v in shares.items()}
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    return config_path


def ensure_figures(run_dir: Path, *, captions: list[tuple[str, str, str]]) -> None:
    """Add figures with hostile names and captions beside the package's own key figures (as
    :func:`ethicskit.figures.write_figures` saves and lists them), then render index.html
    again."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ethicskit.figures import DPI, INDEX
    from ethicskit.report import write_index

    folder = run_dir / "figures"
    folder.mkdir(exist_ok=True)
    index = json.loads((folder / INDEX).read_text()) if (folder / INDEX).exists() else []
    for area, name, caption in captions:
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.bar(["group a", "group b"], [0.42, 0.61])
        ax.set_title(caption[:60])
        ax.set_ylabel("selection rate")
        fig.savefig(folder / f"{area}-{name}.png", dpi=DPI, bbox_inches="tight")
        plt.close(fig)
        index.append({"area": area, "name": name, "caption": caption,
                      "file": f"{area}-{name}.png"})
    (folder / INDEX).write_text(json.dumps(index, indent=2), encoding="utf-8")
    summary = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    notebooks = [p.with_suffix(".ipynb").name for p in run_dir.glob("0*.html")]
    write_index(summary, run_dir, notebooks=notebooks)


def _quiet(_msg):
    pass


def _areas(request) -> list[str]:
    if request.param == "all":
        if not ALL_NOTEBOOKS:
            pytest.skip("not every area notebook exists yet; the full run needs all four")
        return list(AREA_NOTEBOOKS)
    return [request.param]


@pytest.fixture(scope="session", params=["transparency",
                                         pytest.param("all", marks=pytest.mark.slow)])
def sample_run(request, tmp_path_factory) -> Path:
    """Run folder of the bundled sample campaign (with key plots)."""
    from ethicskit.runner import run

    areas = _areas(request)
    out = tmp_path_factory.mktemp(f"sample-{request.param}")
    result = run(out=out, areas=areas, log=_quiet)
    ensure_figures(result.run_dir, captions=[
        ("transparency", "declared", "Columns by declared category (added by the test)."),
        ("bias", "selection", "Selection rate by group (added by the test).")])
    return result.run_dir


@pytest.fixture(scope="session", params=["transparency",
                                         pytest.param("all", marks=pytest.mark.slow)])
def hostile_run(request, tmp_path_factory) -> Path:
    """Run folder of the hostile campaign, with figures whose name and caption are payloads."""
    from ethicskit.runner import run

    areas = _areas(request)
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    config = write_hostile_campaign(folder / "data")
    result = run(config=str(config), out=folder / "reports", areas=areas, log=_quiet)
    ensure_figures(result.run_dir, captions=[
        ("transparency", IMG, f"Caption {SCRIPT} {TEMPLATE}"),
        ("bias", "by-gender", f"Selection rate for {IMG} and {MARK_IMG}")])
    return result.run_dir


# ----------------------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright; skips with the reason when unavailable."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's package with "
                    "`apt-get install chromium` (.ci/run does) to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="the playwright package is not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """What a reader's browser did on one page."""

    path: Path
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    scripts: int = 0
    pwned: object = None
    text: str = ""
    title: str = ""
    screenshot: Path | None = None


def inside(url: str, root: Path) -> bool:
    """Whether ``url`` is a ``data:`` URL or a ``file://`` URL inside ``root``."""
    if url.startswith("data:"):
        return True
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return False
    return Path(unquote(parsed.path)).resolve().is_relative_to(root.resolve())


def visit(browser, page_path: Path, root: Path, *, shot: str, bypass_csp: bool = False,
          check=None) -> Visit:
    """Open ``page_path`` at laptop size, every request outside ``root`` recorded and aborted,
    then collect errors, dialogs, images and text; keep a full-page screenshot as ``shot``."""
    record = Visit(page_path)
    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  bypass_csp=bypass_csp)

    def route(r):
        if inside(r.request.url, root):
            r.continue_()
        else:
            record.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
    page.on("pageerror", lambda e: record.page_errors.append(str(e)))

    def on_dialog(d):
        record.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    record.images = page.evaluate(
        "Array.from(document.images).map(i => ({src: (i.getAttribute('src') || '').slice(0, 60), "
        "complete: i.complete, width: i.naturalWidth}))")
    record.scripts = page.evaluate("document.scripts.length")
    record.pwned = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
    record.text = page.inner_text("body")
    record.title = page.title()
    if check is not None:
        check(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    record.screenshot = ARTIFACTS / f"{shot}.png"
    page.screenshot(path=str(record.screenshot), full_page=True)
    context.close()
    return record


@pytest.fixture
def open_page(browser):
    """``open_page(path, root, shot=..., bypass_csp=False, check=None) -> Visit``."""
    def _open(page_path, root, **kw):
        return visit(browser, Path(page_path), Path(root), **kw)

    return _open


def html_pages(run_dir: Path) -> list[Path]:
    """index.html first, then every other HTML page of the run (notebooks, notice, sheet)."""
    return [run_dir / "index.html"] + sorted(p for p in run_dir.glob("*.html")
                                             if p.name != "index.html")


@pytest.fixture
def pages():
    """``pages(run_dir)``: the HTML pages of a run, index.html first."""
    return html_pages


@pytest.fixture
def payloads():
    """The hostile strings, by name."""
    return {"SCRIPT": SCRIPT, "IMG": IMG, "TEMPLATE": TEMPLATE, "MARK_SCRIPT": MARK_SCRIPT,
            "MARK_IMG": MARK_IMG, "NAME": NAME, "ALL": PAYLOADS}
