"""The area's table and files: the inventory table, notice.md, notice.html, datasheet.html."""

from __future__ import annotations

import pandas as pd

from ethicskit import record
from ethicskit.notice import FILES, datasheet_rows, render_notice
from ethicskit.transparency.disclosure import build_notice, write_notice_files
from ethicskit.registry import run_area
from ethicskit.transparency import (checks, inventory_table, notice_from_record,
                                    notice_markdown, reduce)


def test_notice_escapes_hostile_names(make_campaign, full):
    evil = '<script>alert(1)</script>'
    frame = {"customer_id": ["a"], evil: [1]}
    inventory = {evil: dict(full, purpose=evil), "customer_id": full}
    campaign = make_campaign(frame, inventory, name=evil)
    md, html = render_notice(build_notice(campaign, campaign.inventory))
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert evil not in md and "&lt;script&gt;" in md  # Markdown passes HTML through: escaped
    files = checks.files(reduce(campaign), run_area("transparency", campaign))
    assert files["notice.md"] == md and files["notice.html"] == html
    assert evil not in files["datasheet.html"]


def test_inventory_table_by_hand(make_campaign, frame, full):
    inventory = {"customer_id": dict(full, in_model=False), "spend": full,
                 "religion_guess": {"category": "inferred", "use": "audit_only"},
                 "gone": {"category": "demographic"}}
    campaign = make_campaign(frame, inventory)
    table = checks.tables(reduce(campaign), {})["inventory"]
    assert list(table["column"]) == ["customer_id", "spend", "religion_guess",
                                     "targeting_criteria", "gone"]
    assert list(table["declared"]) == [True, True, True, False, True]
    assert list(table["category"]) == ["behavioural", "behavioural", "inferred", "", "demographic"]
    assert table["retention_days"].tolist()[:2] == [365, 365]
    assert table["retention_days"].isna().tolist() == [False, False, True, True, True]
    assert table["in_model"].tolist()[:2] == [False, True]
    assert table["in_model"].isna().tolist() == [False, False, True, True, True]
    assert list(table["use"]) == ["", "", "audit_only", "", ""]
    assert table["non_null"].tolist()[:4] == [3, 3, 3, 3]
    assert pd.isna(table["non_null"].iloc[4])  # declared, not in the data
    # the same rows as the data sheet (None and "" both read as missing)
    rows = datasheet_rows(campaign, campaign.inventory)
    assert [r["column"] for r in rows] == list(table["column"])
    assert [r["non_null"] for r in rows] == [3, 3, 3, 3, None]
    assert inventory_table(campaign).equals(table)


def test_table_and_files_go_through_a_run_folder(tmp_path, make_campaign, frame, full):
    inventory = {"customer_id": full, "spend": dict(full, in_model=False), "gone": {}}
    campaign = make_campaign(frame, inventory)
    rec = record.compute(campaign, areas=["transparency"])
    folder = record.write(rec, tmp_path / "run")
    back = record.read(folder, areas=["transparency"])
    pd.testing.assert_frame_equal(back.table("transparency", "inventory"),
                                  rec.table("transparency", "inventory"), check_dtype=False)
    assert sorted(rec.files) == ["datasheet.html", "model_card.html", "model_card.md",
                                 "notice.html", "notice.md"]
    for name, text in rec.files.items():
        assert (folder / name).read_text(encoding="utf-8") == text
    # the notebook reads the notice from a computed record, and from a stored one
    # --only transparency still checks the notice against the other areas' findings
    earlier = {**run_area("privacy", campaign), **run_area("bias", campaign),
               **run_area("targeting", campaign)}
    assert notice_from_record(rec) == rec.files["notice.md"] == notice_markdown(
        campaign, findings=earlier)
    assert "Not checked against the data in this run:" in notice_markdown(campaign)
    assert "Not checked against the data in this run:" not in rec.files["notice.md"]
    assert back.files == {} and notice_from_record(back, str(folder)) == rec.files["notice.md"]
    assert notice_from_record(back, "") == ""


def test_files_are_what_the_notebook_wrote(tmp_path, make_campaign, frame, full):
    frame["automated_decision"] = [True, False, False]
    inventory = {"customer_id": dict(full, in_model=False), "spend": full,
                 "religion_guess": dict(full, category="special_category", in_model=False)}
    campaign = make_campaign(frame, inventory)
    findings = run_area("transparency", campaign)
    files = checks.files(reduce(campaign), findings)
    written = write_notice_files(campaign, campaign.inventory, list(findings.values()), tmp_path)
    assert [p.name for p in written] == [n for n in files if n in FILES]
    for path in written:
        assert path.read_bytes() == files[path.name].encode("utf-8")
    md = files["notice.md"]
    # no controller block: a draft, the missing items at the top
    assert md.startswith("> **DRAFT: not ready to publish.**")
    assert "\n# How we use your data: Unnamed campaign\n" in md
    assert "- **spend**: to choose offers." in md
    # without model_features every unmapped column is a feature: religion_guess, declared
    # unused, is used, so the notice does not say it is unused
    assert "- **religion guess** is not used to choose offers" not in md
    assert ('"religion guess is not used to choose offers" '
            '(transparency.excluded\\_data\\_used)') in md
    assert ("We hold some sensitive information: religion guess. We use sensitive information "
            "about you only with your explicit consent." in md)
    sheet = files["datasheet.html"]
    assert "3 rows, as of" in sheet and '<a href="index.html">' in sheet
    for f in findings.values():
        assert f"<strong>{f.status.upper()}</strong> {f.title}:" in sheet
    # findings of other areas are left out of the data sheet
    other = {"privacy.x": findings["transparency.notice"].__class__(
        **{**findings["transparency.notice"].to_dict(), "check_id": "privacy.x",
           "area": "privacy", "title": "Other area"}), **findings}
    assert checks.files(reduce(campaign), other) == files


def test_without_inventory_no_files_no_tables(make_campaign, frame):
    campaign = make_campaign(frame, None)
    r = reduce(campaign)
    assert checks.files(r, run_area("transparency", campaign)) == {}
    assert checks.tables(r, {}) == {}
    assert inventory_table(campaign) is None and notice_markdown(campaign) == ""


def test_the_data_sheet_shows_the_v2_fields(make_campaign, frame, full):
    inventory = {"customer_id": dict(full, recipients=[], transfers=[]),
                 "spend": dict(full, display_name="what you spend", recipients=["a", "b"],
                               transfers=[{"country": "US", "safeguard": "SCC"}]),
                 "religion_guess": dict(full, category="special_category",
                                        art9_condition="explicit_consent")}
    campaign = make_campaign(frame, inventory)
    rows = {r["column"]: r for r in datasheet_rows(campaign, campaign.inventory)}
    assert (rows["customer_id"]["recipients"], rows["customer_id"]["transfers"]) == (
        "none", "none")
    assert (rows["spend"]["recipients"], rows["spend"]["transfers"]) == ("a; b", "US: SCC")
    assert rows["spend"]["display_name"] == "what you spend"
    assert rows["religion_guess"]["art9_condition"] == "explicit_consent"
    assert (rows["targeting_criteria"]["recipients"], rows["targeting_criteria"]["transfers"]) \
        == ("", "")
    sheet = checks.files(reduce(campaign), {})["datasheet.html"]
    assert "<td>what you spend</td>" in sheet and "<td>a; b</td><td>US: SCC</td>" in sheet
