"""Tables behind the targeting plots, on tiny frames counted by hand."""

import pandas as pd

from ethicskit import record
from ethicskit.registry import run_check
from ethicskit.targeting import checks, tables
from ethicskit.targeting.common import safe_text
from ethicskit.targeting.reduction import reduce


def test_product_tables(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcde"),
        "targeted": [True, True, True, True, False],
        "age": [17, 30, 30, None, 40],
        "vulnerability_flags": ["", "arrears", "", "", "arrears"],
        "product_category": ["alcohol", "gambling", "general", "general", "gambling"],
    })
    red = reduce(campaign)
    vuln = tables.product_by_vulnerability(red)
    assert vuln.to_dict() == {"no flag": {"gambling": 0, "alcohol": 1, "general": 2},
                              "flagged": {"gambling": 1, "alcohol": 0, "general": 0}}
    assert list(vuln.index) == ["gambling", "alcohol", "general"]  # risky first
    age = tables.product_by_age(red)
    assert list(age.columns) == ["0-17", "25-34", "unknown"]
    assert age.loc["general"].tolist() == [0, 1, 1]


def test_tables_without_columns(make_campaign):
    red = reduce(make_campaign({"customer_id": ["a"], "age": [30]}))
    assert tables.product_by_vulnerability(red) is None
    assert tables.product_by_age(red) is None
    named = tables.tables(red, {})
    assert not {"segments", "contacts", "depth", "product_by_vulnerability",
                "product_by_age"} & set(named)
    present = named["columns"].set_index("column")["present"]
    assert present["age"] and not present["product_category"]


def test_segment_and_contact_tables(make_campaign):
    campaign = make_campaign({"customer_id": list("abcd"), "targeted": [True, True, True, False],
                              "segment": ["x", "y", "y", "z"], "contact_count": [1, 1, 9, 0]})
    red = reduce(campaign)
    assert tables.segment_sizes(red)[["segment", "targeted_rows"]].to_dict("records") == [
        {"segment": "x", "targeted_rows": 1}, {"segment": "y", "targeted_rows": 2}]
    assert tables.contact_distribution(red).to_dict("records") == [
        {"contacts": 0, "rows": 1}, {"contacts": 1, "rows": 2}, {"contacts": 9, "rows": 1}]


def test_sensitive_tables(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b", "c"], "targeted": [True, True, True],
                              "segment": ["Debt Help", "Debt Help", "Diabetes Club"]})
    sensitive = run_check("targeting.sensitive_interests", campaign)
    hardship = run_check("targeting.hardship_targeting", campaign)
    rows = tables.sensitive_category_rows(sensitive, hardship).set_index("category")
    assert len(rows) == 9
    assert rows.loc["financial_hardship"].tolist() == [2, "hardship_targeting"]
    assert rows.loc["health"].tolist() == [1, "sensitive_interests"]
    assert rows["rows"].sum() == 3
    assert tables.sensitive_token_table(sensitive).values.tolist() == [
        ["diabetes club", "health", 1]]
    assert tables.sensitive_token_table(hardship).values.tolist() == [
        ["debt help", "financial hardship", 2]]
    assert tables.lexicon_table(reduce(campaign)).shape == (9, 2)


def test_jurisdiction_table(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcd"), "targeted": [True] * 4,
        "country": ["FR", "US", None, "US"], "channel": ["social", "social", "display", "email"],
        "age": [17, 16, 30, 40], "targeting_criteria": ["interest:diabetes", "a", "b",
                                                        "age:30-39"],
        "product_category": ["general", "general", "general", "credit"]})
    rec = record.compute(campaign, areas=["targeting"])
    table = rec.table("targeting", "by_jurisdiction")
    got = {(r["check"], r["jurisdiction"]): (r["judged"], r["affected"], r["fallback"])
           for r in table.to_dict("records")}
    # sensitive: a (FR platform, health); opportunity: d (US credit by age, law);
    # minors: a (17, FR social), b (16, US: no ban), c (30, no country: EU by default)
    assert got == {("sensitive_interests", "FR"): (1, 1, 0),
                   ("protected_criteria_in_opportunity_ads", "US"): (1, 1, 0),
                   ("minors_profiling_ads", "FR"): (1, 1, 0),
                   ("minors_profiling_ads", "EU"): (1, 0, 1),
                   ("minors_profiling_ads", "US"): (1, 0, 0)}


def test_the_record_tables_of_a_tiny_campaign(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcde"),
        "targeted": [True, True, True, False, True],
        "segment": ["Diabetes Club", "x", "x", "x", "jo@example.com"],
        "targeting_criteria": ["a;b", "a", "a;b;c", "a;b;c;d", None],
        "inferred_segments": ["b;c", None, "d", "e", "f"],
        "contact_count": [2, 2, 5, None, 0],
        "product_category": ["credit", "credit", "alcohol", "alcohol", "general"],
        "vulnerability_flags": ["arrears", "", "", "", ""],
        "age": [30, 40, 17, 16, 50],
    })
    rec = record.compute(campaign, areas=["targeting"])
    named = rec.tables["targeting"]
    assert set(named) == {"columns", "lexicon", "sensitive_categories", "sensitive_tokens",
                          "hardship_tokens", "by_jurisdiction", "segments", "contacts", "depth",
                          "product_by_vulnerability", "product_by_age"}
    # segments: targeted rows per segment, smallest first (ties by name), names masked
    assert named["segments"].to_dict("records") == [
        {"segment": "Diabetes Club", "targeted_rows": 1},
        {"segment": "***@***", "targeted_rows": 1}, {"segment": "x", "targeted_rows": 2}]
    # contacts: every row with a count (d has none), targeted or not
    assert named["contacts"].to_dict("records") == [
        {"contacts": 0, "rows": 1}, {"contacts": 2, "rows": 2}, {"contacts": 5, "rows": 1}]
    # depth of targeted rows: a {a,b,c} 3, b {a} 1, c {a,b,c,d} 4, e {f} 1 (d untargeted)
    assert named["depth"].to_dict("records") == [
        {"criteria": 1, "rows": 2}, {"criteria": 3, "rows": 1}, {"criteria": 4, "rows": 1}]
    assert named["sensitive_categories"].set_index("category")["rows"]["health"] == 1
    assert named["sensitive_tokens"].values.tolist() == [["diabetes club", "health", 1]]
    vuln = named["product_by_vulnerability"].set_index("product")
    assert vuln.loc["credit"].tolist() == [1, 1] and vuln.loc["alcohol"].tolist() == [1, 0]
    assert list(named["product_by_age"]["product"]) == ["alcohol", "credit", "general"]
    # nothing in a table is a person's row: every table is small and keyed by a label
    assert all(len(t) <= len(tables.INPUT_COLUMNS) for t in named.values())
    assert checks.files(None, {}) == {}


def test_tables_survive_the_record_on_disk(make_campaign, tmp_path):
    campaign = make_campaign({"customer_id": list("ab"), "segment": ["x", "y"],
                              "contact_count": [1, 3]})
    rec = record.compute(campaign, areas=["targeting"])
    back = record.read(record.write(rec, tmp_path / "run"), areas=["targeting"])
    for name, table in rec.tables["targeting"].items():
        pd.testing.assert_frame_equal(back.table("targeting", name), table,
                                      check_dtype=False)


def test_safe_text_masks_identifier_lookalikes():
    assert safe_text("email:jo.doe@example.com") == "email:***@***"
    assert safe_text("phone:+44 7700 900123") == "phone:***"
    assert safe_text("age:25-34;zone 7") == "age:25-34;zone 7"
