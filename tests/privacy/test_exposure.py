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


# ------------------------------------------------------------------ the hash sample
# md5("0:<key>") worked out with hashlib: the keys a..f sort a f e b c d, the row numbers
# 1..6 sort 6 1 5 3 2 4 (tests/test_identifiers.py).
def share_of(f, column):
    for d in f.details["columns"] + f.details["below_share"]:
        if d["column"] == column:
            return d["share"]
    return None


@pytest.mark.parametrize("contact, share", [
    # a sample of 2: a and f hold values (a an email, f not) -> 0.5
    (["a@x.com", "n/a", "n/a", "n/a", "n/a", "n/a"], 0.5),
    # a null: f and e are drawn, both emails -> 1.0
    ([None, "n/a", "n/a", "n/a", "e@x.com", "f@x.com"], 1.0),
    # a and f emails, the other four not: the sample sees only emails
    (["a@x.com", "n/a", "n/a", "n/a", "n/a", "f@x.com"], 1.0),
])
def test_the_sample_is_the_smallest_hashes_of_the_ids(make_campaign, monkeypatch, contact,
                                                        share):
    from ethicskit import identifiers as ids

    monkeypatch.setattr(ids, "SAMPLE_SIZE", 2)
    c = make_campaign({"customer_id": list("abcdef"), "contact": contact})
    assert share_of(direct_identifiers(c, identifier_share=0.5), "contact") == share


def test_without_ids_the_row_numbers_are_hashed(make_campaign, monkeypatch):
    from ethicskit import identifiers as ids

    monkeypatch.setattr(ids, "SAMPLE_SIZE", 2)
    # rows 1..6 sort 6 1 5 3 2 4: rows 6 and 1 are drawn, row 6 alone an email -> 0.5
    c = make_campaign({"contact": ["n/a", "a@x.com", "a@x.com", "a@x.com", "a@x.com",
                                   "f@x.com"]})
    assert share_of(direct_identifiers(c, identifier_share=0.5), "contact") == 0.5


def test_each_sampled_value_counts_its_rows_people(make_campaign, monkeypatch):
    from ethicskit import identifiers as ids

    monkeypatch.setattr(ids, "SAMPLE_SIZE", 2)
    # weight 0 leaves a out: f (3 people, an email) and e (1, not) are drawn -> 3 / 4
    c = make_campaign({"customer_id": list("abcdef"),
                       "contact": ["a@x.com", "n/a", "n/a", "n/a", "n/a", "f@x.com"],
                       "weight": [0, 1, 1, 1, 1, 3]})
    assert share_of(direct_identifiers(c, identifier_share=0.5), "contact") == 0.75


# ------------------------------------------------------------------ the same on an engine
def _frames():
    """Tiny datasets, each a way the sample or the candidates can go wrong."""
    import numpy as np
    import pandas as pd

    n = 240
    ids_ = [f"c{i:04d}" for i in range(n)]
    email = [None if i % 7 == 0 else (f"p{i}@x.com" if i % 3 else "no comment")
             for i in range(n)]
    return {
        "ids": pd.DataFrame({"customer_id": ids_, "contact": email,
                             "tel": [f"+44 7700 9{i:05d}" if i % 2 else "  " for i in range(n)],
                             "segment": ["s"] * n}),
        "rows": pd.DataFrame({"contact": email, "notes": ["x"] * n}),
        "weights": pd.DataFrame({"customer_id": ids_, "contact": email,
                                 "weight": [i % 4 for i in range(n)]}),
        # digits as text: numbers to the typing (with a null), a word outside any small sample
        "digits": pd.DataFrame({"customer_id": ids_,
                                "mobile": [None if i == 3 else str(447700900000 + i)
                                           for i in range(n)],
                                "code": ["x" if i == n - 1 else str(i) for i in range(n)],
                                "amount": [f"{i}.5" for i in range(n)],
                                "whole": [float(i) if i % 5 else np.nan for i in range(n)],
                                "count": np.arange(n, dtype=np.int64)}),
        "lists": pd.DataFrame({"customer_id": ids_,
                               "targeting_criteria": [None if i % 2 else "age;interest"
                                                      for i in range(n)],
                               "email": [None if i < 5 else f"p{i}@x.com" for i in range(n)]}),
    }


def _scan(campaign):
    from ethicskit.privacy._common import with_people
    from ethicskit.privacy.exposure import mapped_identifiers, scan_identifiers

    campaign, w = with_people(campaign)
    checked, scans = scan_identifiers(campaign, weights=w)
    people = (lambda m: int(m.sum())) if w is None else (lambda m: int(w[m].sum()))
    mapped = mapped_identifiers(campaign)
    return (checked, [(s.column, s.best_type, s.share, s.first) for s in scans],
            [(c, name, kind, first) for c, name, kind, first, _ in mapped],
            [people(s.present) for s in scans] + [people(m[-1]) for m in mapped])


def _by_cells(path, engine="duckdb"):
    from ethicskit.compressed import open_compressed
    from ethicskit.privacy import exposure as X

    c = open_compressed(str(path), engine=engine, areas=("privacy",))
    mapped = [m for m in X.DIRECT_IDENTIFIERS if m in c.cells.schema.df.columns]
    columns = c.cells.sources_of(list(dict.fromkeys(X.candidate_columns(c) + mapped)))
    group = c.cells.group([], exprs=c.cells.presence(columns), evidence=False)
    try:
        return _scan(group)
    finally:
        c.cells.close()


@pytest.mark.parametrize("size", [2, 1000])
@pytest.mark.parametrize("name", ["ids", "rows", "weights", "digits", "lists"])
def test_the_engine_draws_the_rows_sample(tmp_path, monkeypatch, name, size):
    from ethicskit import identifiers as ids
    from ethicskit.campaign import open_campaign

    monkeypatch.setattr(ids, "SAMPLE_SIZE", size)
    path = tmp_path / f"{name}.parquet"
    _frames()[name].to_parquet(path, index=False)
    cells, rows = _by_cells(path), _scan(open_campaign(str(path)))
    assert cells[:3] == rows[:3]  # the sample's shares and the first values
    if name != "ids":  # which rows hold a value: the presence cells' (blanks: in the report)
        assert cells[3] == rows[3]


def test_the_engine_sample_is_the_hash_sample_worked_out_by_hand(tmp_path, monkeypatch):
    from ethicskit import identifiers as ids

    monkeypatch.setattr(ids, "SAMPLE_SIZE", 5)
    frame = _frames()["ids"]
    path = tmp_path / "ids.parquet"
    frame.to_parquet(path, index=False)
    held = [(hashlib.md5(f"0:{k}".encode()).hexdigest(), v)
            for k, v in zip(frame["customer_id"], frame["contact"]) if v is not None]
    drawn = [v for _, v in sorted(held)[:5]]
    share = sum("@" in v for v in drawn) / 5
    checked, scans, _, _ = _by_cells(path)
    assert checked == 3  # contact, tel, segment
    assert {s[0]: s[2] for s in scans}["contact"] == share


@pytest.mark.spark
def test_spark_draws_the_rows_sample(tmp_path, monkeypatch):
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        pytest.skip("Spark needs pyspark and Java 17")
    from ethicskit import identifiers as ids
    from ethicskit.campaign import open_campaign

    monkeypatch.setattr(ids, "SAMPLE_SIZE", 2)
    for name in ("ids", "digits"):
        path = tmp_path / f"{name}.parquet"
        _frames()[name].to_parquet(path, index=False)
        assert _by_cells(path, engine="spark")[:3] == _scan(open_campaign(str(path)))[:3]


@pytest.mark.parametrize("size", [2, 1000])
def test_the_engine_decides_the_candidates_as_the_typing(tmp_path, monkeypatch, size):
    from ethicskit import identifiers as ids
    from ethicskit.compressed import open_compressed
    from ethicskit.privacy.exposure import candidate_columns

    monkeypatch.setattr(ids, "SAMPLE_SIZE", size)
    path = tmp_path / "digits.parquet"
    _frames()["digits"].to_parquet(path, index=False)
    c = open_compressed(str(path), engine="duckdb", areas=("privacy",))
    # mobile: digits as text (numbers, whole); code: one word in its last row (text);
    # amount: halves (no candidate); whole: whole floats and NaN; count: integers
    assert candidate_columns(c) == ["mobile", "code", "whole", "count"]
    c.cells.close()


@pytest.mark.parametrize("size", [2, 1000])
@pytest.mark.parametrize("name", ["ids", "rows", "digits", "lists"])
def test_the_census_answers_the_samples_counts(tmp_path, monkeypatch, name, size):
    """Once a group of every column's presence is made (the run's presence group), the
    sample's counts and first places come from its census, no count scan: the shares, first
    values and present people are still the rows' (texts with blanks, digits as text with a
    null, floats with NaN, integers, lists)."""
    from ethicskit import identifiers as ids
    from ethicskit.campaign import open_campaign
    from ethicskit.compressed import open_compressed
    from ethicskit.engine import sample as S
    from ethicskit.privacy import exposure as X

    monkeypatch.setattr(ids, "SAMPLE_SIZE", size)
    path = tmp_path / f"{name}.parquet"
    _frames()[name].to_parquet(path, index=False)
    c = open_compressed(str(path), engine="duckdb", areas=("privacy",))
    asked: list = []
    counts = S.counts
    monkeypatch.setattr(S, "counts", lambda *a, **k: (asked.append(dict(a[2])),
                                                      counts(*a, **k))[1])
    try:
        schema = c.cells.schema
        ident = schema.mapping.get("customer_id", "customer_id")
        every = [col for col in schema.dataset_columns if col != ident]
        group = c.cells.group([], exprs=c.cells.presence(every), evidence=False)
        X._PROFILES.clear()
        got = _scan(group)
    finally:
        c.cells.close()
    assert not [k for a in asked for k in a if k[0] in "hn"]  # held and nulls: the census's
    assert got == _scan(open_campaign(str(path)))
