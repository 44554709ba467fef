"""Tables behind the targeting plots, on tiny frames counted by hand."""

from ethicskit.registry import run_check
from ethicskit.targeting import tables
from ethicskit.targeting.common import safe_text


def test_product_tables(make_campaign):
    campaign = make_campaign({
        "customer_id": list("abcde"),
        "targeted": [True, True, True, True, False],
        "age": [17, 30, 30, None, 40],
        "vulnerability_flags": ["", "arrears", "", "", "arrears"],
        "product_category": ["alcohol", "gambling", "general", "general", "gambling"],
    })
    vuln = tables.product_by_vulnerability(campaign)
    assert vuln.to_dict() == {"no flag": {"gambling": 0, "alcohol": 1, "general": 2},
                              "flagged": {"gambling": 1, "alcohol": 0, "general": 0}}
    assert list(vuln.index) == ["gambling", "alcohol", "general"]  # risky first
    age = tables.product_by_age(campaign)
    assert list(age.columns) == ["0-17", "25-34", "unknown"]
    assert age.loc["general"].tolist() == [0, 1, 1]


def test_tables_without_columns(make_campaign):
    campaign = make_campaign({"customer_id": ["a"], "age": [30]})
    assert tables.product_by_vulnerability(campaign) is None
    assert tables.product_by_age(campaign) is None


def test_segment_and_contact_tables(make_campaign):
    campaign = make_campaign({"customer_id": list("abcd"), "targeted": [True, True, True, False],
                              "segment": ["x", "y", "y", "z"], "contact_count": [1, 1, 9, 0]})
    assert tables.segment_sizes(campaign).to_dict("records") == [
        {"segment": "x", "targeted_rows": 1}, {"segment": "y", "targeted_rows": 2}]
    assert tables.contact_distribution(campaign).to_dict("records") == [
        {"contacts": 0, "rows": 1}, {"contacts": 1, "rows": 2}, {"contacts": 9, "rows": 1}]


def test_sensitive_tables(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                              "segment": ["Debt Help", "Debt Help"]})
    finding = run_check("targeting.sensitive_interests", campaign)
    rows = tables.sensitive_category_rows(finding)
    assert len(rows) == 9 and rows.set_index("category")["rows"]["financial_hardship"] == 2
    assert tables.sensitive_token_table(finding).values.tolist() == [
        ["debt help", "financial hardship", 2]]
    assert tables.lexicon_table(campaign).shape == (9, 2)


def test_safe_text_masks_identifier_lookalikes():
    assert safe_text("email:jo.doe@example.com") == "email:***@***"
    assert safe_text("phone:+44 7700 900123") == "phone:***"
    assert safe_text("age:25-34;zone 7") == "age:25-34;zone 7"
