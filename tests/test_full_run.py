"""The whole suite on the bundled sample: every finding equals the planted expectation."""

from __future__ import annotations

import json

import pytest

from ethicskit.campaign import PACKAGE_DATA
from ethicskit.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    assert main(["run", "--out", str(out)]) == 1  # the sample has planted failures
    return (out / "latest").resolve()


def test_every_finding_matches_the_planted_result(run_dir):
    expected = json.loads((PACKAGE_DATA / "sample" / "campaign.expected.json").read_text())
    summary = json.loads((run_dir / "summary.json").read_text())
    found = {f["check_id"]: f for f in summary["findings"]}
    assert set(found) == set(expected)
    for check_id, want in expected.items():
        for key, value in want.items():
            got = found[check_id][key]
            if isinstance(value, float):
                assert got == pytest.approx(value, abs=1e-9), (check_id, key)
            else:
                assert got == value, (check_id, key)
    assert summary["status"] == "fail"
    assert set(summary["areas"]) == {"privacy", "bias", "targeting", "transparency"}


def test_run_folder_is_complete(run_dir):
    for name in ("index.html", "summary.json", "suppress.csv", "notice.html", "datasheet.html",
                 "01_privacy.html", "02_bias.html", "03_targeting.html", "04_transparency.html"):
        assert (run_dir / name).is_file(), name
    for area in ("privacy", "bias", "targeting", "transparency"):
        assert (run_dir / "findings" / f"{area}.json").is_file()


def test_no_identifier_and_no_warning_in_any_output(run_dir):
    from ethicskit.sample import generate

    df = generate().df
    needles = set(df["email"]) | set(df["phone"]) | set(df["full_name"])
    for path in run_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".md", ".ipynb", ".log"):
            text = path.read_text(encoding="utf-8", errors="replace")
            hits = [n for n in needles if n in text]
            assert not hits, (path.name, hits[:3])
            if path.suffix == ".ipynb":
                nb = json.loads(text)
                stderr = [o for c in nb["cells"] for o in c.get("outputs", [])
                          if o.get("name") == "stderr"]
                assert not stderr, (path.name, stderr[:1])


def test_every_figure_is_drawn_once_and_the_pages_show_those_images(run_dir):
    """The package draws each figure of the table once; the area page shows that very image
    (with its caption as alt text) and the report embeds the key ones."""
    import base64

    from ethicskit.figures import FIGURES, read_index
    from ethicskit.paths import AREA_NOTEBOOKS

    index = read_index(run_dir)
    assert [(e["area"], e["name"]) for e in index] == [(r.area, r.name) for r in FIGURES]
    report = (run_dir / "index.html").read_text(encoding="utf-8")
    for entry in index:
        assert not entry.get("error"), entry
        page = (run_dir / AREA_NOTEBOOKS[entry["area"]]).with_suffix(".html").read_text(
            encoding="utf-8")
        for file in entry.get("files", []):
            data = base64.b64encode((run_dir / "figures" / file).read_bytes()).decode()
            assert data in page, file
            assert (data in report) == entry["key"], file
