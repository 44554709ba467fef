"""The model card: built from the run's findings, config and inventory; every number equals the
bias findings; a model feature without a declared reason makes the finding warn and is named.

The tiny campaign (10 people, ``min_group_n: 3``) is worked out by hand:

======  ====  ========  =====  =====  ======
gender  rows  targeted  rate   spend  tenure
======  ====  ========  =====  =====  ======
f       4     1         0.25   1      1,2,1,2
m       4     3         0.75   2      1,2,1,2
x       2     1         0.50   3      1,2
======  ====  ========  =====  =====  ======

Reference (highest evaluated rate): m. Ratio of f = 0.25 / 0.75 = 1/3, outside 0.8-1.25; x has
2 < 3 people: not judged. spend takes one value per gender: Cramér's V = 1 (a proxy); tenure is
spread evenly over every gender: V = 0.
"""

from __future__ import annotations

import copy
import re

import pytest

from ethicskit import record
from ethicskit.numbers import json_number
from ethicskit.transparency import checks
from ethicskit.transparency.model_card import (evaluation_rows, evaluation_table,
                                               model_card_from_record)

FULL = {"category": "behavioural", "purpose": "choose offers", "legal_basis": "contract",
        "source": "provided", "retention_days": 365, "in_model": True,
        "reason": "relevant offers"}
GENDER = ["f"] * 4 + ["m"] * 4 + ["x"] * 2
FRAME = {"customer_id": [f"c{i}" for i in range(10)], "gender": GENDER,
         "targeted": [True, False, False, False, True, True, True, False, True, False],
         "spend": [{"f": 1, "m": 2, "x": 3}[g] for g in GENDER],
         "tenure": [1, 2] * 5}
CONFIG = {"protected_attributes": ["gender"], "model_features": ["spend", "tenure"],
          "thresholds": {"min_group_n": 3}}


def inventory(**override) -> dict:
    inv = {"customer_id": dict(FULL, in_model=False, category="identifier",
                               reason="pseudonymous key"),
           "gender": dict(FULL, category="demographic", use="audit_only", in_model=False,
                          reason="kept only to measure bias"),
           "targeted": dict(FULL, in_model=False, reason="record of the campaign"),
           "spend": dict(FULL, purpose="choose the offer", reason="spend predicts interest"),
           "tenure": {k: v for k, v in FULL.items() if k != "reason"}}
    inv.update(override)
    return inv


def run(make_campaign, inv=None, **config):
    campaign = make_campaign(dict(FRAME), inventory() if inv is None else inv,
                             **{**CONFIG, **config})
    rec = record.compute(campaign)
    return rec, {f.check_id: f for f in rec.findings}


@pytest.fixture
def tiny(make_campaign):
    return run(make_campaign)


def part(md: str, heading: str) -> str:
    """The card's section under ``heading`` (up to the next heading of the same level)."""
    level = heading.split(" ", 1)[0]
    return md.split(heading + "\n", 1)[1].split("\n" + level + " ", 1)[0]


def row_of(md: str, start: str) -> str:
    hits = [line for line in md.splitlines() if line.startswith(start)]
    assert len(hits) == 1, (start, hits)
    return hits[0]


# ---------------------------------------------------------------- the finding
def test_a_feature_without_a_reason_warns_and_is_named(tiny):
    rec, f = tiny
    card = f["transparency.model_card"]
    assert card.status == "warn"
    assert card.value == 1 and card.details["missing"] == ["tenure"]
    assert card.details["files"] == ["model_card.md", "model_card.html"]
    assert "1 of 2 model features has no declared reason: tenure." in card.message
    md = rec.files["model_card.md"]
    features = part(md, "## Model features (data used)")
    assert row_of(features, "| tenure |") == "| tenure | yes | choose offers | **not stated** |"
    assert row_of(features, "| spend |") == (
        "| spend | yes | choose the offer | spend predicts interest |")
    assert "Model features without a declared reason: tenure." in md


def test_every_reason_declared_is_info(make_campaign):
    _, f = run(make_campaign, inventory(tenure=dict(FULL, reason="loyalty")))
    card = f["transparency.model_card"]
    assert (card.status, card.value, card.details["missing"]) == ("info", 0, [])
    assert card.message.startswith("Model card written for the decision targeted (general "
                                   "domain): 2 model features with their declared reasons, "
                                   "3 excluded columns")


def test_an_undeclared_feature_has_no_reason(make_campaign):
    inv = inventory(tenure=dict(FULL, reason="loyalty"))
    del inv["spend"]
    _, f = run(make_campaign, inv)
    assert f["transparency.model_card"].details["missing"] == ["spend"]
    assert f["transparency.model_card"].status == "warn"


def test_without_an_inventory_not_evaluated_and_no_card(make_campaign):
    campaign = make_campaign(dict(FRAME), None, **CONFIG)
    rec = record.compute(campaign)
    f = {x.check_id: x for x in rec.findings}["transparency.model_card"]
    assert f.status == "not_evaluated"
    assert f.message.startswith("Not evaluated: the config names no data inventory")
    assert "model_card.md" not in rec.files and model_card_from_record(rec) == ""


def test_registered_after_inventory_completeness_and_before_the_notice():
    ids = [c.id for c in checks.CHECKS]
    assert ids.index("transparency.model_card") == ids.index(
        "transparency.inventory_completeness") + 1 == ids.index("transparency.notice") - 1


# ---------------------------------------------------------------- the card, by hand
def test_the_card_by_hand(tiny):
    rec, f = tiny
    md = rec.files["model_card.md"]
    assert "- Decision audited: the column targeted, a favourable decision" in md
    assert "- Decision domain: general (source: default)." in md
    # the evaluation table: f's ratio 1/3 is the lowest; f and m judged, f outside
    assert row_of(md, "| gender | `bias.selection_rate` |") == (
        "| gender | `bias.selection_rate` | lowest selection-rate ratio | ratio within 0.8 to "
        "1.25; groups of at least 3 | 0.3333 | 2 | 1 | outside |")
    # the groups: n, selected, rate; ratio and spd against m
    assert row_of(md, "| f | 4 | 1 |").startswith("| f | 4 | 1 | 0.2500 |")
    assert "| 0.3333 | -0.5000 |" in row_of(md, "| f | 4 | 1 |")
    assert row_of(md, "| m | 4 | 3 |").endswith("| 1.0000 | 0.0000 | yes |")
    # x is too small to judge
    assert row_of(md, "| `bias.selection_rate` | gender | x |") == (
        "| `bias.selection_rate` | gender | x | 2 | 3 |")
    # the proxy: spend determines gender (V = 1); tenure does not (V = 0)
    assert row_of(md, "| spend | gender |").startswith("| spend | gender | 1.0000 |")
    assert "| tenure | gender |" not in md
    assert row_of(md, "| gender | `bias.proxy_features` |") == (
        "| gender | `bias.proxy_features` | largest Cramér's V | V below 0.3 | 1.0000 | 2 | 1 "
        "| outside |")
    # the excluded data, with the reason declared
    assert "- gender (`use: audit_only`): kept only to measure bias." in md
    # what did not run is in the limits, with the finding's own words
    assert ("- `bias.error_rate_parity` (not evaluated): Not evaluated: the dataset has no "
            "outcome column.") in md
    assert "not legal thresholds" in md
    # the metrics table: the finding's value and its people affected (the 4 f's)
    assert row_of(part(md, "## Metrics"), "| `bias.selection_rate` |").endswith(
        "| 0.3333 | 4 | warn |")
    assert f["bias.selection_rate"].value == pytest.approx(1 / 3)
    assert f["bias.selection_rate"].affected_rows == 4


def test_adverse_decision_reports_the_highest_ratio(make_campaign):
    # adverse: the reference is the group least often given it (f, 0.25); m's ratio is 3
    rec, f = run(make_campaign, decision_favourable=False)
    md = rec.files["model_card.md"]
    assert "an adverse decision (decision_favourable: false)" in md
    assert row_of(md, "| gender | `bias.selection_rate` |") == (
        "| gender | `bias.selection_rate` | highest selection-rate ratio | ratio within 0.8 to "
        "1.25; groups of at least 3 | 3.0000 | 2 | 1 | outside |")
    assert f["bias.selection_rate"].value == pytest.approx(3.0)


def test_opportunity_domain_says_disparate_impact_is_unlawful(make_campaign):
    rec, f = run(make_campaign, decision_domain="credit")
    md = rec.files["model_card.md"]
    assert f["bias.selection_rate"].status == "fail"
    assert "- Decision domain: credit (source: config). Disparate impact is unlawful" in md
    assert "29 CFR 1607.4(D), not a legal threshold" in md
    assert "using it for credit, housing or employment needs its own audit" not in md
    assert row_of(part(md, "## Metrics"), "| `bias.selection_rate` |").endswith("| fail |")


def test_hostile_inventory_text_adds_no_markup(make_campaign):
    bad = "![i](http://evil.example/x.png) <img src=x> [click](http://evil.example)"
    rec, _ = run(make_campaign, inventory(spend=dict(FULL, reason=bad, purpose=bad)),
                 name="- " + bad)
    md, html = rec.files["model_card.md"], rec.files["model_card.html"]
    for token in ("](", "![", "<img", "[click]"):
        assert token not in md
    assert "<img" not in html and "&lt;img src=x&gt;" in html


def test_the_card_and_the_notebook_table_come_from_the_record(tmp_path, tiny):
    rec, f = tiny
    folder = record.write(rec, tmp_path / "run")
    back = record.read(folder)
    assert (folder / "model_card.html").is_file()
    assert model_card_from_record(back, str(folder)) == rec.files["model_card.md"]
    table = evaluation_table(back.findings)
    assert list(table.columns) == ["attribute", "check_id", "measure", "threshold", "value",
                                   "judged", "outside", "result", "status"]
    assert evaluation_rows(back.findings) == evaluation_rows(f)


# ---------------------------------------------------------------- every number equals the findings
#: how a check's value combines its attributes' values (favourable decision)
COMBINE = {"bias.selection_rate": min, "bias.intersectional": min,
           "bias.error_rate_parity": max, "bias.offer_value_disparity": max,
           "bias.representation": min, "bias.delivery_skew": max, "bias.proxy_features": max}


def _check_numbers(rec):
    f = {x.check_id: x for x in rec.findings}
    md = rec.files["model_card.md"]
    rows = evaluation_rows(f)
    for check_id, combine in COMBINE.items():
        finding = f[check_id]
        mine = [r for r in rows if r["check_id"] == check_id]
        if finding.status in ("not_evaluated", "error"):
            assert [r["result"] for r in mine] == [finding.status.replace("_", " ")]
            continue
        # the finding's value is the worst of its attributes' values (the rows are read from
        # the finding as JSON, whose numbers keep 12 significant digits)
        assert combine(r["value"] for r in mine) == json_number(finding.value), check_id
        assert (finding.status in ("warn", "fail")) == any(r["outside"] for r in mine), check_id
        # the metrics table shows the finding's value as it is rounded in the card
        line = row_of(part(md, "## Metrics"), f"| `{check_id}` |")
        assert f"| {finding.value:.4f} |" in line
        for r in mine:
            assert f"| {r['value']:.4f} | {r['judged']} | {r['outside']} |" in md
    # the people outside the band are the finding's affected_rows (plain recount)
    sel = f["bias.selection_rate"]
    t = sel.threshold
    outside = [g for g in sel.details["groups"] if g["evaluated"] and not (
        t["ratio_min"] <= g["ratio"] <= t["ratio_max"])]
    assert sum(g["n"] for g in outside) == sel.affected_rows
    assert sum(r["outside"] for r in rows if r["check_id"] == "bias.selection_rate") == len(
        outside)
    # every evaluated group's ratio is in the card, every small group too
    for g in sel.details["groups"]:
        if g["evaluated"]:
            assert f"| {g['ratio']:.4f} |" in md
    small = sum(1 for g in sel.details["groups"] if not g["evaluated"])
    assert part(md, "### Groups too small to judge").count("| `bias.selection_rate` | ") == small
    # the proxies: exactly the pairs with V >= proxy_v
    proxy = f["bias.proxy_features"]
    pairs = [p for p in proxy.details["pairs"] if p["cramers_v"] >= proxy.threshold["proxy_v"]]
    section = part(md, "### Proxies found")
    assert section.count("\n| ") - 1 == len(pairs)
    for p in pairs:
        assert f"| {p['cramers_v']:.4f} |" in section


def test_every_number_equals_the_findings_tiny(tiny):
    _check_numbers(tiny[0])


@pytest.fixture(scope="module")
def sample_record():
    from ethicskit.campaign import from_frame
    from ethicskit.inventory import validate_inventory
    from ethicskit.sample import generate

    s = generate(rows=2000, seed=7)
    campaign = from_frame(s.df, dict(s.config), as_of="2026-11-29")
    campaign.inventory = validate_inventory(copy.deepcopy(s.inventory))
    return s, record.compute(campaign)


def test_every_number_equals_the_findings_sample(sample_record):
    s, rec = sample_record
    _check_numbers(rec)
    f = {x.check_id: x for x in rec.findings}
    assert f["transparency.model_card"].status == s.expected["transparency.model_card"]["status"]
    assert f["transparency.model_card"].details["missing"] == ["tenure_months"]
    features = s.config["model_features"]
    md = rec.files["model_card.md"]
    for name in features:
        assert re.search(r"^\| " + re.escape(name.replace("_", "\\_")) + r" \|", md, re.M)


# ---------------------------------------------------------------- the notice's bias section
def test_the_notice_says_what_was_found(tiny):
    rec, f = tiny
    md = rec.files["notice.md"]
    section = md.split("## How we check for bias", 1)[1].split("\n## ", 1)[0]
    assert "each time we audit the campaign; this notice reports the audit of" in section
    found = section.split("need review in: ", 1)[1].split("\n", 1)[0]
    passed = (section.split("beyond our limits in: ", 1)[1].split("\n", 1)[0]
              if "beyond our limits in: " in section else "")
    from ethicskit.notice import BIAS_WORDS

    for check_id, words in BIAS_WORDS.items():
        status = f[check_id].status
        # a gap is said to be found exactly where the finding warns or fails, and "no
        # difference" only where it passed
        assert (words in found) == (status in ("warn", "fail")), check_id
        assert (words in passed) == (status == "pass"), check_id
    assert "reported for a person to review" in section
