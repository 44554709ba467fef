"""Direct identifiers and special-category data on tiny literal campaigns."""

import dataclasses
import hashlib
import json

import pytest

from ethicskit.registry import run_check


def with_thresholds(c, **thresholds):
    """``c`` with ``thresholds`` in force (as a config's ``thresholds:`` would set them)."""
    config = dataclasses.replace(c.config, thresholds={**c.config.thresholds, **thresholds})
    return dataclasses.replace(c, config=config)


def direct_identifiers(c, *, identifier_share):
    return run_check("privacy.direct_identifiers",
                     with_thresholds(c, identifier_share=identifier_share))


def special_category_data(c):
    return run_check("privacy.special_category_data", c)


def result(f):
    return f.status, f.value, f.affected_rows


EMAILS = [f"person{i}@example.com" for i in range(10)]


def test_identifier_columns_found_with_dataset_names(make_campaign):
    c = make_campaign({
        "customer_id": [f"c{i}" for i in range(10)],
        "mail_addr": EMAILS[:8] + [None, None],                      # 8 of 8 non-null
        "tel": ["+44 7700 9000%02d" % i for i in range(5)] + [None] * 5,
        "holder": ["Anna Smith"] * 10,                               # no pattern: not found
        "segment": ["Runners"] * 10,
    }, columns={"email": "mail_addr"})
    f = direct_identifiers(c, identifier_share=0.5)
    # mail_addr (mapped to email) and tel (scanned); rows with a value in either: 0..7 -> 8
    assert result(f) == ("warn", 2, 8)
    cols = {d["column"]: d for d in f.details["columns"]}
    assert set(cols) == {"mail_addr", "tel"}
    assert cols["mail_addr"]["type"] == "email" and cols["mail_addr"]["share"] == 1.0
    assert cols["tel"]["type"] == "phone"
    text = json.dumps(f.to_dict())
    assert not any(e in text for e in EMAILS)
    assert "+44 7700 900000" not in text


def test_hashed_email_column_is_not_an_identifier(make_campaign):
    c = make_campaign({"customer_id": [f"c{i}" for i in range(10)],
                       "email_sha256": [hashlib.sha256(e.encode()).hexdigest() for e in EMAILS]})
    assert result(direct_identifiers(c, identifier_share=0.5)) == ("pass", 0, 0)


def test_sixteen_digits_failing_luhn_are_not_a_card(make_campaign):
    bad = [str(4111111111111112 + 10 * i) for i in range(10)]  # last digit 2: Luhn fails
    good = ["4111 1111 1111 1111"] * 10
    c = make_campaign({"customer_id": [f"c{i}" for i in range(10)], "ref": bad, "card": good})
    f = direct_identifiers(c, identifier_share=0.5)
    assert [d["column"] for d in f.details["columns"]] == ["card"]
    assert f.details["columns"][0]["type"] == "card"


def test_column_of_forty_percent_emails_is_below_the_share(make_campaign):
    c = make_campaign({"customer_id": [f"c{i}" for i in range(10)],
                       "notes": EMAILS[:4] + ["no comment"] * 6})
    f = direct_identifiers(c, identifier_share=0.5)
    assert result(f) == ("pass", 0, 0)
    assert f.details["below_share"] == [{"column": "notes", "type": "email", "share": 0.4}]


def test_customer_id_is_never_checked(make_campaign):
    c = make_campaign({"customer_id": EMAILS, "segment": ["s"] * 10})
    assert result(direct_identifiers(c, identifier_share=0.5)) == ("pass", 0, 0)


def test_digit_only_phone_column_read_as_numbers(make_campaign):
    c = make_campaign({"customer_id": [f"c{i}" for i in range(3)],
                       "mobile": ["447700900001", "447700900002", "447700900003"]})
    f = direct_identifiers(c, identifier_share=0.5)
    assert result(f) == ("warn", 1, 3)


def test_no_text_column_is_not_evaluated(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "age": [30, 40]})
    assert direct_identifiers(c, identifier_share=0.5).status == "not_evaluated"


# ------------------------------------------------------------------ special categories
def test_special_category_from_config(make_campaign):
    c = make_campaign({
        "customer_id": list("abcde"),
        "diag": ["asthma", None, "none", "flu", None],
        "explicit_consent_sensitive": [True, False, False, None, None],
    }, special_category_columns=["diag"])
    # a has consent; b and e hold nothing; c ("none" is a value) and d (null consent) -> 2
    f = special_category_data(c)
    assert result(f) == ("fail", 2, 2)
    assert f.details["columns"] == ["diag"]


def test_special_category_by_column_name(make_campaign):
    c = make_campaign({
        "customer_id": list("abc"),
        "Health_Condition": ["x", None, None],
        "religious_affiliation": [None, "y", None],
        "segment": ["s", "s", "health"],          # a value, not a name: not a column
        "explicit_consent_sensitive": [False, False, False],
    })
    f = special_category_data(c)
    assert f.details["columns"] == ["Health_Condition", "religious_affiliation"]
    assert result(f) == ("fail", 2, 2)


def test_special_category_without_consent_column_counts_everyone(make_campaign):
    c = make_campaign({"customer_id": list("ab"), "ethnicity": ["x", None]})
    f = special_category_data(c)
    assert result(f) == ("fail", 1, 1)
    assert "no explicit_consent_sensitive column" in f.message


@pytest.mark.parametrize("config", [{}, {"special_category_columns": []}])
def test_no_special_columns_is_not_evaluated(make_campaign, config):
    c = make_campaign({"customer_id": ["a"], "segment": ["s"]}, **config)
    assert special_category_data(c).status == "not_evaluated"


def test_mapped_identifier_columns_count_without_a_pattern(make_campaign):
    c = make_campaign({
        "customer_id": [f"c{i}" for i in range(4)],
        "name": ["Anna Smith", "Bo Li", None, None],          # mapped: full_name
        "street_address": ["1 High St", None, None, None],    # same-named logical column
        "notes": ["likes tea"] * 4,
    }, columns={"full_name": "name"})
    f = direct_identifiers(c, identifier_share=0.5)
    # name and street_address: rows 0 and 1 hold a value in one of them -> 2
    assert result(f) == ("warn", 2, 2)
    assert [(d["column"], d["type"], d["share"]) for d in f.details["columns"]] == [
        ("name", "full_name", 1.0), ("street_address", "street_address", 1.0)]
    assert "Anna" not in json.dumps(f.to_dict()) and "High" not in json.dumps(f.to_dict())


@pytest.mark.parametrize("dates", [
    ["29-11-2026", "01-02-2025", "15-07-1990", "31-12-1999"],
    ["11-29-2026", "02-01-2025", "07-15-1990", "12-31-1999"],
    ["29.11.2026", "01.02.2025", "15.07.1990", "31.12.1999"],
    ["2026/11/29", "2025/02/01", "1990/07/15", "1999/12/31"],
])
def test_date_columns_are_not_phone_columns(make_campaign, dates):
    c = make_campaign({"customer_id": list("abcd"), "visit": dates})
    f = direct_identifiers(c, identifier_share=0.5)
    assert result(f) == ("pass", 0, 0)


def test_special_category_with_another_art9_condition(make_campaign, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text("columns:\n"
                    "  ethnicity: {category: special_category, art9_condition: bias_monitoring}\n"
                    "  health_condition: {category: special_category,"
                    " art9_condition: explicit_consent}\n", encoding="utf-8")
    c = make_campaign({"customer_id": ["a", "b", "c", "d"],
                       "ethnicity": ["x", "y", None, "z"],
                       "health_condition": [None, "asthma", "flu", None],
                       "explicit_consent_sensitive": [None, False, True, True]},
                      special_category_columns=["ethnicity", "health_condition"],
                      inventory=str(path))
    # judged on explicit consent: health_condition only -> b (c consented) = 1;
    # ethnicity rests on bias monitoring: a and b have values without consent (d consented)
    f = special_category_data(c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["columns"] == ["health_condition"]
    assert f.details["other_condition_rows"] == 2
    assert f.details["other_condition_columns"] == [
        {"column": "ethnicity", "art9_condition": "bias_monitoring", "rows": 2}]
    assert "another Art. 9 condition" in f.message
