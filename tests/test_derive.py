"""``derive:``: logical columns computed by SQL expressions over the dataset's own columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ethicskit import derive
from ethicskit.campaign import from_frame, open_campaign
from ethicskit.errors import ConfigError, DataError

#: A retailer's table and an ad report in one: the columns the contract's example reads.
LINES = ["ID,Approved_Conversion,AcceptedCmp1,AcceptedCmp2,Response,Income",
         "1,0,0,0,no,50000",
         "2,3,0,1,yes,",
         "3,1,1,0,no,72000.5",
         "4,,0,0,yes,31000"]


def write(tmp_path, lines, name="d.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(tmp_path, config_text, lines=LINES):
    data = write(tmp_path, lines)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {data.name}\ncolumns: {{customer_id: ID}}\n{config_text}",
                   encoding="utf-8")
    return open_campaign(config_path=cfg, as_of="2026-11-29")


def test_the_contract_example(tmp_path):
    c = run(tmp_path, 'derive: {targeted: "Approved_Conversion > 0", '
                      'outcome: "AcceptedCmp1 = 1 OR AcceptedCmp2 = 1"}\n')
    # by hand: Approved_Conversion 0, 3, 1, empty -> False, True, True, null
    assert c.df["targeted"].tolist() == [False, True, True, pd.NA]
    assert str(c.df["targeted"].dtype) == "boolean"
    # accepted campaign 1 or 2: rows 2 (Cmp2) and 3 (Cmp1)
    assert c.df["outcome"].tolist() == [False, True, True, False]
    assert c.derived == {"targeted": "Approved_Conversion > 0",
                         "outcome": "AcceptedCmp1 = 1 OR AcceptedCmp2 = 1"}
    assert "`targeted` is computed from the dataset by derive: Approved_Conversion > 0" in c.notes
    # the dataset's columns stay as they are (model features)
    assert c.df["Approved_Conversion"].tolist()[:3] == [0, 3, 1]
    assert "targeted" not in c.mapping and c.mapping["customer_id"] == "ID"


@pytest.mark.parametrize("derive_text, column, expected", [
    # text columns are text: compare with quotes
    ('{outcome: "Response = \'yes\'"}', "outcome", [False, True, False, True]),
    # numbers where every value is a number; NULL for the empty Income
    ('{offer_value: "Income / 1000"}', "offer_value", [50.0, np.nan, 72.0005, 31.0]),
    ('{contact_count: "AcceptedCmp1 + AcceptedCmp2 + 1"}', "contact_count", [1, 2, 2, 1]),
    # a category result is read like the column: channel lower-cased
    ('{channel: "CASE WHEN AcceptedCmp2 = 1 THEN \'EMAIL\' ELSE \'Post\' END"}', "channel",
     ["post", "email", "post", "post"]),
    # a list result is joined by ;
    ('{targeting_criteria: "[\'income:\' || coalesce(CAST(Income AS VARCHAR), \'none\'), '
     '\'ad\']"}', "targeting_criteria",
     # Income holds 72000.5, so the column is a number (DOUBLE) and prints 50000.0
     ["income:50000.0;ad", "income:none;ad", "income:72000.5;ad", "income:31000.0;ad"]),
    ('{targeted: "1"}', "targeted", [True, True, True, True]),
])
def test_results_are_typed_like_their_logical_column(tmp_path, derive_text, column, expected):
    c = run(tmp_path, f"derive: {derive_text}\n")
    got = c.df[column].astype(object).tolist()
    if column == "offer_value":
        assert np.allclose(np.array(got, dtype=float), expected, equal_nan=True)
    else:
        assert got == expected


def test_a_derived_date(tmp_path):
    lines = ["ID,Dt", "1,04-09-2012", "2,"]
    c = run(tmp_path, "derive: {collected_ts: \"strptime(Dt, '%d-%m-%Y')\"}\n", lines)
    assert c.df["collected_ts"].iloc[0] == pd.Timestamp("2012-09-04", tz="UTC")
    assert pd.isna(c.df["collected_ts"].iloc[1])


def test_a_dataset_column_of_the_derived_name_is_kept_aside(tmp_path):
    lines = ["ID,targeted,Approved_Conversion", "1,maybe,2", "2,nope,0"]
    c = run(tmp_path, 'derive: {targeted: "Approved_Conversion > 0"}\n', lines)
    assert c.df["targeted"].tolist() == [True, False]
    assert c.df["targeted_original"].tolist() == ["maybe", "nope"]


def test_column_names_are_case_insensitive_and_quotable(tmp_path):
    lines = ["ID,Total Spend", "1,10", "2,300"]
    c = run(tmp_path, "derive: {targeted: '\"total spend\" > 100'}\n", lines)
    assert c.df["targeted"].tolist() == [False, True]


def test_values_recode_a_derived_column(tmp_path):
    c = run(tmp_path, "derive: {channel: \"CASE WHEN Response = 'yes' THEN 'mail' END\"}\n"
                      "values: {channel: {mail: email}}\n")
    got = c.df["channel"].astype(object)
    assert got.isna().tolist() == [True, False, True, False]
    assert got.dropna().tolist() == ["email", "email"]


def test_parquet_columns_keep_their_types(tmp_path):
    frame = pd.DataFrame({"ID": ["a", "b", "c"], "spend": [5, 150, None],
                          "vip": [True, False, True]})
    frame.to_parquet(tmp_path / "d.parquet")
    cfg = tmp_path / "c.yaml"
    cfg.write_text("dataset: d.parquet\ncolumns: {customer_id: ID}\n"
                   "derive: {targeted: 'spend > 100 OR vip'}\n", encoding="utf-8")
    c = open_campaign(config_path=cfg, as_of="2026-11-29")
    # by hand: a: vip; b: spend 150; c: spend null OR vip true -> true
    assert c.df["targeted"].tolist() == [True, True, True]


@pytest.mark.slow
def test_from_frame_and_row_order_on_many_rows():
    n = 200_003
    rng = np.random.default_rng(7)
    x = rng.integers(0, 1000, n)
    frame = pd.DataFrame({"x": x.astype(str)})
    c = from_frame(frame, {"derive": {"targeted": "x % 7 = 3"}})
    assert c.df["targeted"].to_numpy(dtype=bool).tolist() == (x % 7 == 3).tolist()


@pytest.mark.parametrize("expression, problem", [
    ("Approved_Conversion > > 0", "derive.targeted: not an SQL expression: syntax error"),
    ("Aproved_Conversion > 0", "derive.targeted: the dataset has no column "
                               "'Aproved_Conversion'; closest: Approved_Conversion"),
    ("(SELECT count(*) FROM read_csv('/etc/passwd')) > 0", "derive.targeted: may not use a "
                                                            "subquery"),
    ("EXISTS (SELECT 1)", "derive.targeted: may not use a subquery"),
    ("Income > (SELECT avg(Income) FROM t)", "derive.targeted: may not use a subquery"),
    ("Income > avg(Income)", "derive.targeted: may not use the aggregate function avg()"),
    ("Income > avg(Income) OVER ()", "derive.targeted: may not use a window function"),
    ("length(read_text('/etc/passwd')) > 0", "derive.targeted: cannot be computed"),
    ("current_setting('enable_external_access')", "derive.targeted: may not use the function "
                                                  "current_setting()"),
    ("1; SELECT 2", "derive.targeted: not a single SQL expression"),
    ("1 FROM read_csv('/etc/passwd')", "derive.targeted: not a single SQL expression"),
    ("Income > 0 WHERE Income > 1", "derive.targeted: not a single SQL expression"),
    ("t.Income > 0", "derive.targeted: may not use the qualified name 't.Income'"),
    ("[Income, 1]", "derive.targeted: gives values of type"),
    ("'abc' + 1", "derive.targeted: cannot be computed"),
])
def test_a_bad_expression_names_the_key_and_the_expression(tmp_path, expression, problem):
    text = expression.replace("'", "''")
    with pytest.raises(ConfigError) as err:
        run(tmp_path, f"derive: {{targeted: '{text}'}}\n")
    message = str(err.value)
    assert problem in message
    assert f'(expression "{expression}")' in message
    assert "c.yaml" in message and "\n" not in message


def test_a_result_that_is_not_yes_no_names_the_expression(tmp_path):
    with pytest.raises(DataError) as err:
        run(tmp_path, 'derive: {targeted: "Approved_Conversion >> 0"}\n')
    message = str(err.value)
    # >> is a bit shift: 0, 3, 1, null -> only 3 is not 1/0, at row 2 (line 3)
    assert ("column 'targeted' (derive.targeted) is bool but holds '3' at row 2 (line 3); "
            in message)
    assert 'derive.targeted must give true or false' in message
    assert '"Approved_Conversion >> 0"' in message


def test_a_non_bool_result_that_does_not_parse_names_the_expression(tmp_path):
    with pytest.raises(DataError) as err:
        run(tmp_path, "derive: {contact_count: \"Income / 7\"}\n")
    assert "should hold whole numbers" in str(err.value)
    assert '(derive.contact_count: expression "Income / 7")' in str(err.value)


def test_the_engine_is_closed_and_locked(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    con = derive._connect()
    try:
        with pytest.raises(Exception, match="disabled by configuration"):
            con.execute(f"SELECT * FROM read_text('{secret}')").fetchall()
        with pytest.raises(Exception, match="configuration has been locked"):
            con.execute("SET enable_external_access = true").fetchall()
        settings = dict(con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access',"
            " 'autoload_known_extensions', 'autoinstall_known_extensions', "
            "'lock_configuration')").fetchall())
    finally:
        con.close()
    assert settings == {"enable_external_access": "false", "autoload_known_extensions": "false",
                        "autoinstall_known_extensions": "false", "lock_configuration": "true"}
