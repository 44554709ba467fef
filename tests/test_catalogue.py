"""The catalogue the project documents itself with: docs/checks.md and ``ethicskit checks``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ethicskit import catalogue
from ethicskit.check import Check, Rule
from ethicskit.cli import main
from ethicskit.registry import CHECKS
from ethicskit.thresholds import THRESHOLDS

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "checks.md"
#: The project cites its own documents only (the pattern is spelt so as not to match itself).
OUTSIDE = re.compile(r"\b(?:DATA|CHECKS|RULES)[.]md\b|shared[/]spec")


def test_the_committed_catalogue_is_the_generated_one():
    assert DOC.is_file(), f"regenerate it: {catalogue.REGENERATE}"
    assert DOC.read_text(encoding="utf-8") == catalogue.markdown(), (
        f"docs/checks.md is out of date; regenerate it: {catalogue.REGENERATE}")


def test_the_markdown_names_every_check_threshold_and_reference():
    text = catalogue.markdown()
    for row in CHECKS:
        assert f"### `{row.id}`" in text
        assert catalogue.rule_text(row).split(" (")[0].split(" if ")[0] in text
        for reference in row.references:
            assert reference in text
    for name in THRESHOLDS:
        assert f"| `{name}` | {catalogue.number(catalogue.default_of(name))}" in text
    assert not OUTSIDE.search(text)


def test_the_table_fits_in_100_columns_and_lists_every_id_and_default(capsys):
    assert main(["checks"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    for row in CHECKS:
        assert any(line.split() and line.split()[0] == row.id for line in lines), row.id
    for name in THRESHOLDS:
        default = catalogue.number(catalogue.default_of(name))
        assert any(f"{name} = {default}" in line for line in lines), name
    assert f"{len(CHECKS)} checks" in out
    assert not OUTSIDE.search(out)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_table_fits_other_widths(width):
    assert max(len(line) for line in catalogue.table(width).splitlines()) <= width


@pytest.mark.parametrize("columns, widest", [("200", 100), ("72", 72), ("20", 60)])
def test_the_command_follows_the_terminal_up_to_100_columns(capsys, monkeypatch, columns,
                                                            widest):
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["checks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= widest
    assert max(len(line) for line in lines) > widest - 10, "the width is used"


def test_a_check_in_the_table_shows_its_area_status_needs_and_thresholds_with_units():
    """Two checks worked out by hand from their registry rows and thresholds.py."""
    text = catalogue.table(100)
    privacy = text.index("PRIVACY (13 checks, notebook 01_privacy)")
    bias = text.index("BIAS (8 checks, notebook 02_bias)")
    k_anonymity = text.index("privacy.k_anonymity  Re-identification risk (k-anonymity)\n")
    assert privacy < k_anonymity < bias
    assert text[k_anonymity:].split("\n\n")[0].splitlines()[1:] == [
        "  status      high severity; warn if value < k_min (5)",
        "  needs       no column (the check decides from the data and the config)",
        "  thresholds  k_min = 5 people per class"]
    offer = text.index("bias.offer_value_disparity  Offer value by group\n")
    assert bias < offer
    assert text[offer:].split("\n\n")[0].splitlines()[1:] == [
        "  status      high severity; fail if flagged > 0 where opportunity holds (the rule is "
        "law there),",
        "              else warn",
        "  needs       offer_value",
        "  thresholds  smd_max = 0.3 standard deviations",
        "              min_group_n = 30 people"]


def test_markdown_goes_to_stdout_or_to_a_file(capsys, tmp_path):
    assert main(["checks", "--markdown"]) == 0
    assert capsys.readouterr().out == catalogue.markdown()
    target = tmp_path / "checks.md"
    assert main(["checks", "--markdown", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == catalogue.markdown()
    assert str(target) in capsys.readouterr().out


def _metric(reduction, *, k_min):
    """What the test metric counts, on two lines
    of the first paragraph.

    The second paragraph is not shown."""


@pytest.mark.parametrize("rule, words", [
    (Rule("fail"), "fail if affected_rows > 0"),
    (Rule("warn", on="value", op="<", limit="k_min"), "warn if value < k_min (5)"),
    (Rule("info"), "info"),
    (Rule("fail", law="law_rows", otherwise="warn"),
     "fail if affected_rows > 0 where law_rows holds (the rule is law there), else warn"),
])
def test_a_rule_in_words(rule, words):
    row = Check("privacy.x", "X", "high", _metric, rule, {"default": "m"}, thresholds=("k_min",))
    assert catalogue.rule_text(row) == words


def test_what_a_check_counts_is_the_first_paragraph_of_its_metric():
    row = Check("privacy.x", "X", "high", _metric, Rule("fail"), {"default": "m"})
    assert catalogue.counts(row) == ("What the test metric counts, on two lines of the first "
                                     "paragraph.")


def test_contract_citations_become_the_projects_own_documents():
    outside = "DATA" + ".md section 3"  # spelt apart: the repository never cites it
    assert catalogue.clean(f"the fields of {outside} and :func:`ethicskit.x.y`") == (
        "the fields of docs/data.md and `y`")
