"""Work done once per distinct value, and merged once per rule-pack entry, gives what the
row-by-row work gives: the compact CSV read, the per-value parsers, the rule-pack merge and the
per-entry tables of :class:`ethicskit.jurisdictions.Jurisdictions`."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from ethicskit import data as D
from ethicskit import rulepack
from ethicskit.campaign import open_campaign
from ethicskit.errors import DataError
from ethicskit.jurisdictions import assign

# ------------------------------------------------------------------ rule pack


def _merge_deepcopy(base, over):
    """The merge as first written: deepcopy the base, then merge key by key."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge_deepcopy(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.mark.parametrize("base, over", [
    ({"a": 1, "b": {"c": [1, 2], "d": "x"}}, {"b": {"d": "y", "e": 3}, "f": [4]}),
    ({"a": {"b": {"c": 1}}}, {"a": {"b": 2}}),
    ({"a": [1, {"b": 2}]}, {}),
    ({}, {"z": {"y": None}}),
])
def test_merge_equals_the_deepcopy_merge_in_value_and_key_order(base, over):
    merged = rulepack._merge(base, over)
    expected = _merge_deepcopy(base, over)
    assert merged == expected
    assert list(merged) == list(expected)


def test_merge_shares_nothing_with_its_arguments():
    base, over = {"a": {"b": [1]}}, {"c": {"d": [2]}}
    merged = rulepack._merge(base, over)
    merged["a"]["b"].append(9)
    merged["c"]["d"].append(9)
    assert base == {"a": {"b": [1]}} and over == {"c": {"d": [2]}}


def test_each_load_is_a_tree_of_its_own():
    first = rulepack.load()
    first.raw["jurisdictions"]["EU"]["optout_grace"]["days"] = 999
    first.raw["eu_eea"].append("XX")
    again = rulepack.load()
    assert again.raw["jurisdictions"]["EU"]["optout_grace"]["days"] != 999
    assert "XX" not in again.raw["eu_eea"]


# ------------------------------------------------------------------ jurisdictions

ROWS = {"customer_id": list("abcdef"),
        "country": ["DE", "US", "US", "GB", None, "DE"],
        "region": [None, "US-CA", None, None, None, None]}


def test_entries_are_the_merged_entries_in_use(make_campaign):
    j = assign(make_campaign(ROWS))
    assert j.keys == ("DE", "US-CA", "US", "GB", "EU")  # first appearance; None -> EU default
    pack = rulepack.load()
    assert set(j.entries) == set(j.keys)
    for key in j.keys:
        assert j.entry(key) == pack.entry(key)


def test_per_row_tables_equal_a_lookup_per_row(make_campaign):
    j = assign(make_campaign(ROWS))
    pack = rulepack.load()
    keys = [j.keys[c] for c in j.codes]
    days = [pack.entry(k)["optout_grace"]["days"] for k in keys]
    honour = [pack.entry(k)["optout_signal"]["honour"] for k in keys]
    basis = [pack.entry(k)["consent"]["sms"]["basis"] for k in keys]
    assert j.number("optout_grace", "days").tolist() == [float(d) for d in days]
    assert j.mask("optout_signal", "honour").tolist() == [bool(h) for h in honour]
    assert j.per_row("consent", "basis", channel="sms").tolist() == basis
    assert j.values("consent", "basis", channel="sms").tolist() == [
        pack.entry(k)["consent"]["sms"]["basis"] for k in j.keys]


# ------------------------------------------------------------------ per-value parsing

@pytest.mark.parametrize("values", [
    ["yes", "No", None, " y ", "0", "yes", "TRUE"],
    ["1", "1", "1"],
    [None, None, "f"],
])
def test_parse_bool_per_value_equals_row_by_row(values):
    text = pd.Series(values, dtype="str")
    as_objects = pd.Series(values, dtype=object)  # the row-by-row path
    got = D.parse_bool(text, column="c", path="p", csv=True)
    want = D.parse_bool(as_objects, column="c", path="p", csv=True)
    assert got.dtype == "boolean" and got.equals(want)


def test_parse_bool_per_value_names_the_bad_rows():
    s = pd.Series(["yes", "maybe", "no", "maybe"], dtype="str")
    with pytest.raises(DataError, match=r"'maybe' at row 2 \(line 3\), row 4 \(line 5\)"):
        D.parse_bool(s, column="c", path="p.csv", csv=True)


@pytest.mark.parametrize("values, integer", [
    (["1", " 2", "3", None, "2"], True),
    (["1.5", "2", "", "1.5"], False),
    (["-7", "+7", "7"], True),
])
def test_parse_number_per_value_equals_row_by_row(values, integer):
    got = D.parse_number(pd.Series(values, dtype="str"), column="c", path="p", csv=True,
                         integer=integer)
    want = D.parse_number(pd.Series(values, dtype=object), column="c", path="p", csv=True,
                          integer=integer)
    assert got.dtype == want.dtype and got.equals(want)


def test_parse_number_per_value_names_the_bad_row():
    s = pd.Series(["1", "2", "x2", "1"], dtype="str")
    with pytest.raises(DataError, match=r"'x2' at row 3 \(line 4\)"):
        D.parse_number(s, column="n", path="p.csv", csv=True)


def test_distinct_then_take_back_is_the_column():
    s = pd.Series(["b", None, "a", "b", None], dtype="str")
    codes, values = D.distinct(s)
    assert values.tolist()[:2] == ["b", "a"] and pd.isna(values.iloc[2])
    assert codes.tolist() == [0, 2, 1, 0, 2]
    assert D.take_back(values, codes, s).equals(s)


# ------------------------------------------------------------------ compact CSV read

def _csv(tmp_path, rows: int = 60):
    lines = ["customer_id,channel,consent_email,basket,note"]
    for i in range(rows):
        channel = ["email", "sms", "", " post"][i % 4]
        consent = ["yes", "no", "", "Y"][i % 4]
        lines.append(f"c{i},{channel},{consent},{(i % 5) * 1.5},n{i}")
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_compact_read_holds_the_same_strings(tmp_path):
    path = _csv(tmp_path)
    plain, digest, _ = D.read_table(path)
    compact, digest2, _ = D.read_table(path, compact=True)
    assert digest == digest2
    assert isinstance(compact["channel"].dtype, pd.CategoricalDtype)  # repeats: 4 values
    assert not isinstance(compact["customer_id"].dtype, pd.CategoricalDtype)  # all distinct
    for column in plain.columns:
        expanded = D.expand_text(compact[column])
        assert expanded.dtype == plain[column].dtype and expanded.equals(plain[column])


def test_a_campaign_read_compact_equals_one_read_from_parquet(tmp_path):
    path = _csv(tmp_path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    parquet = tmp_path / "d.parquet"
    frame.replace("", None).to_parquet(parquet)
    a = open_campaign(path, as_of="2026-11-29").df
    b = open_campaign(parquet, as_of="2026-11-29").df
    assert list(a.columns) == list(b.columns)
    for column in a.columns:
        assert a[column].dtype == b[column].dtype and a[column].equals(b[column]), column
    # by hand: the channel is stripped and lower-cased, the consent read yes/no/empty/Y
    assert a["channel"].astype(object).where(a["channel"].notna(), None).tolist()[:4] == [
        "email", "sms", None, "post"]
    assert a["consent_email"].tolist()[:4] == [True, False, pd.NA, True]
    assert a["basket"].tolist()[:6] == [0.0, 1.5, 3.0, 4.5, 6.0, 0.0]


def _long_csv(tmp_path, *, consent_at: dict | None = None, basket_at: dict | None = None,
              yes: str = "yes"):
    """40 rows whose columns repeat (read compact); ``consent_at``/``basket_at``: row -> value;
    ``yes``: how the file writes a consent given."""
    lines = ["customer_id,status,consent_email,basket"]
    for i in range(1, 41):
        consent = (consent_at or {}).get(i, [yes, "no", ""][i % 3])
        basket = (basket_at or {}).get(i, str(i % 4))
        lines.append(f"c{i},{['accepted', 'refused'][i % 2]},{consent},{basket}")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_bad_value_of_a_compact_column_is_named_with_its_row(tmp_path):
    path = _long_csv(tmp_path, consent_at={30: "maybe"})
    assert isinstance(D.read_table(path, compact=True)[0]["consent_email"].dtype,
                      pd.CategoricalDtype)
    with pytest.raises(DataError, match=r"'maybe' at row 30 \(line 31\)"):
        open_campaign(path, as_of="2026-11-29")


def test_a_bad_number_of_a_compact_column_is_named_with_its_row(tmp_path):
    from ethicskit.schema import LOGICAL_TYPES

    path = _long_csv(tmp_path, basket_at={12: "x1"})
    lines = path.read_text().replace("basket", "offer_value", 1)
    path.write_text(lines)
    assert LOGICAL_TYPES["offer_value"] == "number"
    with pytest.raises(DataError, match=r"'x1' at row 12 \(line 13\)"):
        open_campaign(path, as_of="2026-11-29")


def test_values_and_derive_read_a_compact_column_as_its_strings(tmp_path):
    path = _long_csv(tmp_path, yes="si")
    config = tmp_path / "c.yaml"
    config.write_text("values: {consent_email: {si: yes}}\n"
                      "derive: {targeted: \"status = 'accepted'\"}\n")
    df = open_campaign(path, config_path=config, as_of="2026-11-29").df
    # by hand: row i is accepted when i is even; consent si -> yes (i % 3 == 0), no, empty
    assert df["targeted"].tolist() == [i % 2 == 0 for i in range(1, 41)]
    assert df["consent_email"].tolist() == [
        {0: True, 1: False, 2: pd.NA}[i % 3] for i in range(1, 41)]
