"""Reading and typing a campaign file (docs/data.md, the dataset)."""

from __future__ import annotations

import datetime as dt
import gzip
import re

import pandas as pd
import pytest

from ethicskit.campaign import from_frame, open_campaign
from ethicskit.data import age_at, age_bands, band_labels, detect_delimiter, parse_list
from ethicskit.errors import ConfigError, DataError
from ethicskit.masking import safe_label

ROWS = ["customer_id,targeted,birth_date,contact_ts", "a,yes,2000-01-31,2026-11-01T10:00:00",
        "b,N,2010-11-30,", "c,,1990-06-15,2026-11-02"]


def write(tmp_path, lines, *, sep=",", name="d.csv", newline="\n", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(newline.join(l.replace(",", sep) for l in lines).encode(encoding) + b"\n")
    return path


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_delimiters_and_line_ends(tmp_path, sep, newline):
    c = open_campaign(write(tmp_path, ROWS, sep=sep, newline=newline), as_of="2026-11-29")
    assert c.df["customer_id"].tolist() == ["a", "b", "c"]
    assert c.df["targeted"].tolist() == [True, False, pd.NA]
    # ages worked out by hand at 2026-11-29: 26; 15 (birthday tomorrow); 36
    assert c.df["age"].tolist() == [26, 15, 36]
    assert c.df["contact_ts"].iloc[0] == pd.Timestamp("2026-11-01T10:00:00", tz="UTC")
    assert pd.isna(c.df["contact_ts"].iloc[1])


def test_parquet_and_gzip_give_the_same_frame(tmp_path):
    csv = open_campaign(write(tmp_path, ROWS), as_of="2026-11-29").df
    frame = pd.read_csv(write(tmp_path, ROWS), dtype=str)
    frame.to_parquet(tmp_path / "d.parquet")
    parquet = open_campaign(tmp_path / "d.parquet", as_of="2026-11-29").df
    (tmp_path / "d.csv.gz").write_bytes(gzip.compress((tmp_path / "d.csv").read_bytes()))
    gz = open_campaign(tmp_path / "d.csv.gz", as_of="2026-11-29").df
    pd.testing.assert_frame_equal(csv, parquet, check_dtype=False)
    pd.testing.assert_frame_equal(csv, gz)


def test_encoding_option(tmp_path):
    path = write(tmp_path, ["customer_id,segment", "a,Café lovers"], encoding="latin-1")
    with pytest.raises(DataError, match=r"line 2 is not valid utf-8.*encoding:"):
        open_campaign(path)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {path.name}\nencoding: latin-1\n")
    assert open_campaign(config_path=cfg).df["segment"].tolist() == ["Café lovers"]


@pytest.mark.parametrize("value", ["maybe", "2", "oui"])
def test_bad_bool_names_column_value_and_row(tmp_path, value):
    path = write(tmp_path, ["customer_id,targeted", "a,true", f"b,{value}"])
    with pytest.raises(DataError) as err:
        open_campaign(path)
    assert f"column 'targeted' is bool but holds '{value}' at row 2 (line 3)" in str(err.value)


@pytest.mark.parametrize("word, value", [("TRUE", True), ("Yes", True), ("y", True), ("t", True),
                                         ("1", True), ("False", False), ("NO", False),
                                         ("n", False), ("f", False), ("0", False)])
def test_bool_words(tmp_path, word, value):
    path = write(tmp_path, ["customer_id,targeted", f"a,{word}"])
    assert open_campaign(path).df["targeted"].iloc[0] == value


def test_bad_date_is_an_error(tmp_path):
    path = write(tmp_path, ["customer_id,contact_ts", "a,2026-11-01", "b,31/12/2026"])
    with pytest.raises(DataError, match=r"column 'contact_ts' holds dates .*'31/12/2026' at row 2"):
        open_campaign(path)


def test_date_format_option(tmp_path):
    path = write(tmp_path, ["customer_id,contact_ts", "a,31/12/2025"])
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {path.name}\ndate_format: '%d/%m/%Y'\n")
    assert open_campaign(config_path=cfg).df["contact_ts"].iloc[0] == pd.Timestamp(
        "2025-12-31", tz="UTC")


def test_zoned_datetimes_are_converted_to_utc(tmp_path):
    path = write(tmp_path, ["customer_id,contact_ts", "a,2026-11-01T10:00:00+02:00"])
    assert open_campaign(path).df["contact_ts"].iloc[0] == pd.Timestamp("2026-11-01T08:00Z")


@pytest.mark.parametrize("lines, message", [
    ([], "the file is empty"),
    (["customer_id,targeted"], "has a header but no rows"),
    (["customer_id targeted", "a true"], "cannot find the delimiter"),
    (["customer_id,targeted,targeted", "a,1,1"], "column 'targeted' appears more than once"),
    (["customer_id,targeted", "a,1", "a,0"], "duplicate customer_id 'a' at row 1 (line 2), row 2"),
])
def test_bad_files(tmp_path, lines, message):
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines))
    with pytest.raises(DataError) as err:
        open_campaign(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DataError, match="dataset file not found"):
        open_campaign(tmp_path / "none.csv")
    with pytest.raises(DataError, match="the folder holds no data file"):
        open_campaign(tmp_path)  # a folder is a dataset of Parquet files: this one is empty


def test_without_customer_id_rows_are_keyed_by_number(tmp_path):
    c = open_campaign(write(tmp_path, ["targeted,age", "yes,30", "no,40"]))
    assert c.keyed_by_row and c.df["customer_id"].tolist() == ["1", "2"]


def test_age_column_when_no_birth_date(tmp_path):
    c = open_campaign(write(tmp_path, ["customer_id,age", "a,17", "b,65", "c,"]))
    assert c.df["age_band"].tolist()[:2] == ["0-17", "65+"] and pd.isna(c.df["age_band"].iloc[2])


@pytest.mark.parametrize("birth, years", [("2008-11-29", 18), ("2008-11-30", 17),
                                          ("2008-02-29", 18), ("1950-12-31", 75)])
def test_age_in_whole_years(birth, years):
    s = pd.Series(pd.to_datetime([birth], utc=True))
    assert age_at(s, dt.date(2026, 11, 29)).iloc[0] == years


def test_band_labels_follow_the_contract():
    assert band_labels([0, 18, 25, 35, 45, 55, 65, 200]) == [
        "0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    assert age_bands(pd.Series([17, 18, 64, 65, 120]), [0, 18, 65, 200]).tolist() == [
        "0-17", "18-64", "18-64", "65+", "65+"]


def test_lists_are_trimmed_and_lower_cased():
    s = pd.Series([" Age:25-34 ; Interest:Running;", None, "", "a;;b"])
    assert parse_list(s).tolist() == ["age:25-34;interest:running", "", "", "a;b"]


def test_detect_delimiter_ignores_quoted_commas():
    assert detect_delimiter('"a,b";"c";"d"') == ";"


def test_mapping_and_value_recoding(tmp_path):
    path = write(tmp_path, ["cust_no,optin_mail,contact", "1,ja,cellular", "2,nein,telephone"])
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {path.name}\ncolumns: {{customer_id: cust_no, consent_email: "
                   f"optin_mail, channel: contact}}\nvalues: {{optin_mail: {{ja: true, nein: false}},"
                   f" contact: {{cellular: phone, telephone: phone}}}}\n")
    c = open_campaign(config_path=cfg)
    assert c.df["consent_email"].tolist() == [True, False]
    assert c.df["channel"].tolist() == ["phone", "phone"]
    assert c.display_name("consent_email") == "optin_mail"
    assert c.resolve("optin_mail") == "consent_email"


def test_mapping_to_a_missing_column_names_the_closest(tmp_path):
    path = write(tmp_path, ["cust_no,optin_mail", "1,yes"])
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {path.name}\ncolumns: {{consent_email: optin_mial}}\n")
    with pytest.raises(ConfigError, match=r"columns.consent_email: the dataset .* has no column "
                                          r"'optin_mial'; closest: optin_mail"):
        open_campaign(config_path=cfg)


def test_config_naming_a_missing_column(tmp_path):
    path = write(tmp_path, ["customer_id,gender", "1,f"])
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {path.name}\nprotected_attributes: [gendr]\n")
    with pytest.raises(ConfigError, match=r"protected_attributes\[0\]: .*'gendr'; closest: gender"):
        open_campaign(config_path=cfg)


# --- bounded work and validated input (issue 13, part B) -------------------------------------

def _special(tmp_path, kind):
    import os

    if kind == "fifo":
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)  # opening it for reading would block forever
        return path, "is not a regular file"
    if kind == "device":
        return "/dev/zero", "is not a regular file"
    return tmp_path, "the folder holds no data file"


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_special_files_are_refused_before_reading(tmp_path, kind):
    path, message = _special(tmp_path, kind)
    with pytest.raises(DataError, match=message) as err:
        open_campaign(path, as_of="2026-11-29")
    assert len(str(err.value).splitlines()) == 1


def test_gzip_over_the_limit_is_refused_while_reading(tmp_path, monkeypatch):
    import ethicskit.data as D

    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip.compress(b"customer_id\n" + b"a\n" * 5_000_000))
    read = []
    real = gzip.GzipFile.read

    def counting(self, *args):
        block = real(self, *args)
        read.append(len(block))
        return block

    monkeypatch.setattr(gzip.GzipFile, "read", counting)
    monkeypatch.setattr(D, "MAX_GZIP_BYTES", 1 << 20)
    with pytest.raises(DataError, match="decompresses to more than"):
        D._gunzip(path, chunk=1 << 16)
    assert sum(read) < 3 << 20  # stopped soon after the limit, not after the 10 MB
    assert D.MAX_GZIP_BYTES == 1 << 20 and (2 << 30) == 2 * 1024 ** 3


@pytest.mark.parametrize("lines, message", [
    (["customer_id,birth_date", "a,2000-01-01", "b,2030-01-01"],
     "column 'birth_date' holds birth dates after as_of (2026-11-29) at row 2 (line 3)"),
    (["customer_id,birth_date", "a,1850-01-01", "b,2000-01-01"],
     "column 'birth_date' holds birth dates before 1880 at row 1 (line 2)"),
    (["customer_id,age", "a,-1", "b,20", "c,131"],
     "column 'age' holds ages below 0 or above 130 at row 1 (line 2), row 3 (line 4)"),
    (["customer_id,birth_date", "a,9999-12-31", "b,2000-01-01"],
     "column 'birth_date' holds dates outside the years 1678-2261"),
    (["customer_id,contact_ts", "a,0001-01-01", "b,2000-01-01"],
     "column 'contact_ts' holds dates outside the years 1678-2261"),
    (["customer_id,contact_ts", "a,2025/03/27", "b,2025/03/27"],
     "column 'contact_ts' holds dates that are not ISO 8601 (YYYY-MM-DD): '2025/03/27' at row 1 "
     "(line 2), row 2 (line 3); if the dates are written as %Y/%m/%d, say so in the config: "
     "date_format: {contact_ts: '%Y/%m/%d'}"),
    (["customer_id,contact_ts", "a,20250327"],
     "; if the dates are written as %Y%m%d, say so in the config: "
     "date_format: {contact_ts: '%Y%m%d'}"),
    (["customer_id,contact_ts", "a,27.03.2025"], "date_format: {contact_ts: '%d.%m.%Y'}"),
    (["customer_id,contact_ts", "a,27/03/2025"],
     "date_format: {contact_ts: '%d/%m/%Y'} (or %m/%d/%Y, as the data are written)"),
    (["customer_id,contact_ts", "a,2025"], "not ISO 8601 (YYYY-MM-DD): '2025' at row 1 (line 2); "
     "a year alone is not a date"),
    (["customer_id,offer_value", "a,99999999999999999999999"],
     "column 'offer_value' holds integers too large for 64 bits"),
    (["customer_id,contact_count", "a,99999999999999999999999"],
     "column 'contact_count' holds integers too large for 64 bits"),
    (["customer_id,contact_count", "a,inf"], "column 'contact_count' should hold whole numbers"),
    (["customer_id," + "x" * 1100, "a,1"], "column 2 of the header is 1,100 characters long"),
    (["a,a,b,b,c", "1,2,3,4,5"], "columns 'a', 'b' appear more than once"),
])
def test_bad_values_are_data_errors_naming_column_and_rows(tmp_path, lines, message):
    path = write(tmp_path, lines)
    with pytest.raises(DataError) as err:
        open_campaign(path, as_of="2026-11-29")
    text = str(err.value)
    assert message in text and str(path) in text and len(text.splitlines()) == 1
    assert "99999999999999999999999" not in text and "9999-12-31" not in text


@pytest.mark.parametrize("fmt, value", [("%Y/%m/%d", "2025/03/27"), ("%Y%m%d", "20250327")])
def test_non_iso_dates_parse_when_date_format_says_so(tmp_path, fmt, value):
    path = write(tmp_path, ["customer_id,contact_ts", f"a,{value}"])
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {path.name}\ndate_format: '{fmt}'\nas_of: 2026-11-29\n")
    c = open_campaign(config_path=cfg)
    assert c.df["contact_ts"].iloc[0] == pd.Timestamp("2025-03-27", tz="UTC")


def test_header_names_are_stripped(tmp_path):
    c = open_campaign(write(tmp_path, [" customer_id , targeted ", "a,yes"]), as_of="2026-11-29")
    assert c.df["customer_id"].tolist() == ["a"] and c.df["targeted"].tolist() == [True]


@pytest.mark.parametrize("frame, outcome", [
    (pd.DataFrame({"customer_id": [10, 20], "targeted": [True, False]}), ["10", "20"]),
    (pd.DataFrame({" customer_id ": ["a", "b"]}), ["a", "b"]),
    (pd.DataFrame({"customer_id": ["a", "b"], "segment": [True, False],
                   "email": [1.5, None], "full_name": pd.to_datetime(["2020-01-01"] * 2)}),
     ["a", "b"]),
    (pd.DataFrame({"customer_id": ["a", "b"], "segment": [[1, 2], [3]]}),
     "column 'segment' holds lists, mappings or binary values"),
    (pd.DataFrame({"customer_id": ["a", "b"], "segment": [b"x", b"y"]}),
     "column 'segment' holds lists, mappings or binary values"),
    (pd.DataFrame({"customer_id": ["a", "b"], "birth_date": [dt.date(9999, 12, 31),
                                                            dt.date(2000, 1, 1)]}),
     "holds dates outside the years 1678-2261"),
    (pd.DataFrame({"customer_id": ["a", "b"], "contact_ts": pd.Series(
        [dt.datetime(9999, 12, 31), dt.datetime(2000, 1, 1)], dtype="datetime64[us]")}),
     "holds dates outside the years 1678-2261"),
    (pd.DataFrame([["x", 1, 2]], columns=["customer_id", "a ", "a"]),
     "column 'a' appears more than once"),
])
def test_parquet_column_types(tmp_path, frame, outcome):
    path = tmp_path / "d.parquet"
    frame.to_parquet(path)
    if isinstance(outcome, list):
        c = open_campaign(path, as_of="2026-11-29")
        assert c.df["customer_id"].tolist() == outcome
    else:
        with pytest.raises(DataError, match=outcome):
            open_campaign(path, as_of="2026-11-29")


def test_unreadable_file_is_one_line(tmp_path, monkeypatch):
    import ethicskit.data as D

    path = write(tmp_path, ROWS)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(D, "_digest", denied)
    with pytest.raises(DataError, match="cannot read the dataset: Permission denied") as err:
        open_campaign(path, as_of="2026-11-29")
    assert len(str(err.value).splitlines()) == 1


@pytest.mark.parametrize("lines, shown, hidden", [
    (["customer_id,birth_date", "a,31/01/2000"], "a value of 10 characters", "31/01/2000"),
    (["customer_id,targeted", "a," + "q" * 500], "a value of 500 characters", "q" * 41),
    (["customer_id,contact_ts", "a,29/11/2026"], "'29/11/2026'", None),
])
def test_personal_or_long_values_are_shown_by_length(tmp_path, lines, shown, hidden):
    with pytest.raises(DataError) as err:
        open_campaign(write(tmp_path, lines), as_of="2026-11-29")
    assert shown in str(err.value) and "row 1 (line 2)" in str(err.value)
    assert hidden is None or hidden not in str(err.value)


def test_a_one_column_csv_is_read(tmp_path):
    from ethicskit.data import read_table

    path = tmp_path / "one.csv"
    path.write_text("customer_id\na\nb\n")
    frame, _, csv = read_table(path)
    assert csv and list(frame.columns) == ["customer_id"] and frame["customer_id"].tolist() == [
        "a", "b"]


@pytest.mark.parametrize("head, kind", [(b"PK\x03\x04\x14\x00rest", "zip archive"),
                                        (b"\xd0\xcf\x11\xe0\xa1\xb1", ".xls spreadsheet"),
                                        (b"a,b\n1,\x00\x002\n", "binary file")])
def test_a_spreadsheet_renamed_csv_is_named_not_an_encoding_problem(tmp_path, head, kind):
    from ethicskit.data import read_table
    from ethicskit.errors import DataError

    path = tmp_path / "book.csv"
    path.write_bytes(head)
    with pytest.raises(DataError, match=kind) as err:
        read_table(path)
    assert "encoding" not in str(err.value)


@pytest.mark.parametrize("value, shown, hidden", [
    ("john.doe@example.com", "'***@***'", "john.doe"),
    ("+44 7700 900123", "+44", "900123"),
    ("maybe", "'maybe'", None)])
def test_an_offending_value_that_looks_like_an_identifier_is_masked(make_campaign, value, shown,
                                                                   hidden):
    # error messages reach terminals and CI logs: the one masking policy applies there too
    with pytest.raises(DataError) as err:
        make_campaign({"customer_id": ["a", "b"], "targeted": [value, "yes"]})
    text = str(err.value)
    assert "column 'targeted' is bool but holds" in text and shown in text
    if hidden:
        assert hidden not in text


# ---------------------------------------------------------------- issue 15: loading real data
def config_run(tmp_path, lines, config_text, *, as_of="2026-11-29"):
    path = write(tmp_path, lines)
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"dataset: {path.name}\n{config_text}", encoding="utf-8")
    return open_campaign(config_path=cfg, as_of=as_of)


@pytest.mark.parametrize("config_text, label, key", [
    ("columns: {outcome: Response}\n", "'Response' (outcome)", "outcome"),
    ("columns: {targeted: Response}\n", "'Response' (targeted)", "targeted"),
    ("columns: {prediction: Response}\n", "'Response' (prediction)", "prediction"),
    ("decision: Response\n", "'Response' (decision)", "decision"),
])
def test_a_decision_that_is_not_yes_no_is_an_error_at_load(tmp_path, config_text, label, key):
    lines = ["customer_id,Response", "a,yes", "b,no", "c,maybe", "d,"]
    with pytest.raises(DataError) as err:
        config_run(tmp_path, lines, config_text)
    message = str(err.value)
    assert f"column {label} is bool but holds 'maybe' at row 3 (line 4); {key} must be " \
           f"yes/no-like: recode it with `values:` (for example values: {{Response: " \
           f"{{maybe: no}}}}) or compute it with `derive:`" in message
    assert "\n" not in message


def test_the_decision_column_of_the_datasets_own_passes_when_yes_no(tmp_path):
    c = config_run(tmp_path, ["customer_id,Response", "a,yes", "b,NO", "c,"],
                   "decision: Response\n")
    assert c.decision == "Response"


def test_values_recode_any_column(tmp_path):
    # the fix the message proposes: recode the odd value; Response read as outcome
    c = config_run(tmp_path, ["customer_id,Response,tier", "a,yes,Gold", "b,no,SILVER",
                              "c,maybe,Gold"],
                   "columns: {outcome: Response}\nvalues: {Response: {maybe: no}, "
                   "tier: {Gold: gold, SILVER: silver}}\n")
    assert c.df["outcome"].tolist() == [True, False, False]
    assert c.df["tier"].astype(object).tolist() == ["gold", "silver", "gold"]


def test_date_format_per_column(tmp_path):
    lines = ["customer_id,Dt_Customer,contact_ts,optout_ts", "a,04-09-2012,2026/11/01,2026-10-01",
             "b,08-03-2014,,"]
    c = config_run(tmp_path, lines, "columns: {collected_ts: Dt_Customer}\n"
                   "date_format: {Dt_Customer: '%d-%m-%Y', contact_ts: '%Y/%m/%d'}\n")
    # 04-09-2012 is 4 September 2012 (day first), never a phone number
    assert c.df["collected_ts"].tolist() == [pd.Timestamp("2012-09-04", tz="UTC"),
                                             pd.Timestamp("2014-03-08", tz="UTC")]
    assert c.df["contact_ts"].iloc[0] == pd.Timestamp("2026-11-01", tz="UTC")
    # a column the mapping omits stays ISO 8601
    assert c.df["optout_ts"].iloc[0] == pd.Timestamp("2026-10-01", tz="UTC")


def test_date_format_for_a_column_of_the_datasets_own(tmp_path):
    c = config_run(tmp_path, ["customer_id,Dt_Customer", "a,04-09-2012", "b,"],
                   "date_format: {Dt_Customer: '%d-%m-%Y'}\n")
    assert c.df["Dt_Customer"].iloc[0] == pd.Timestamp("2012-09-04", tz="UTC")
    assert pd.isna(c.df["Dt_Customer"].iloc[1])


@pytest.mark.parametrize("config_text, message", [
    ("date_format: {Dt_Custmer: '%d-%m-%Y'}\n",
     "date_format.Dt_Custmer: the dataset has no column 'Dt_Custmer'; closest: Dt_Customer"),
    ("date_format: {country: '%d-%m-%Y'}\n",
     "date_format.country: column 'country' is read as country (category), not a date"),
])
def test_date_format_mapping_errors(tmp_path, config_text, message):
    with pytest.raises(ConfigError) as err:
        config_run(tmp_path, ["customer_id,Dt_Customer,country", "a,04-09-2012,GB"],
                   config_text)
    assert message in str(err.value)


def test_date_format_per_column_value_error_names_the_format(tmp_path):
    with pytest.raises(DataError, match=r"column 'Dt_Customer' holds dates that are not format "
                                        r"'%d-%m-%Y': '2012-09-04' at row 2 \(line 3\)"):
        config_run(tmp_path, ["customer_id,Dt_Customer", "a,04-09-2012", "b,2012-09-04"],
                   "columns: {collected_ts: Dt_Customer}\ndate_format: "
                   "{collected_ts: '%d-%m-%Y'}\n")


def test_whole_year_birth_dates_are_read_as_1_july(tmp_path):
    c = config_run(tmp_path, ["customer_id,Year_Birth", "a,1957", "b,2000", "c,"],
                   "columns: {birth_date: Year_Birth}\n")
    assert c.df["birth_date"].tolist()[:2] == [pd.Timestamp("1957-07-01", tz="UTC"),
                                               pd.Timestamp("2000-07-01", tz="UTC")]
    # ages at 2026-11-29 from 1 July: 69 and 26
    assert c.df["age"].tolist() == [69, 26, pd.NA]
    assert c.notes == ["Birth dates in column 'Year_Birth' are whole years: each is read as "
                       "1 July of that year, so an age can be one year off."]


def test_whole_year_birth_dates_in_parquet_and_with_a_global_format(tmp_path):
    frame = pd.DataFrame({"customer_id": ["a", "b"], "birth_date": [1957, None],
                          "contact_ts": ["04-09-2012", None]})
    frame.to_parquet(tmp_path / "d.parquet")
    cfg = tmp_path / "c.yaml"
    cfg.write_text("dataset: d.parquet\ndate_format: '%d-%m-%Y'\n", encoding="utf-8")
    c = open_campaign(config_path=cfg, as_of="2026-06-30")
    assert c.df["birth_date"].iloc[0] == pd.Timestamp("1957-07-01", tz="UTC")
    assert c.df["age"].iloc[0] == 68  # 1 July 2026 not reached on 30 June
    assert c.df["contact_ts"].iloc[0] == pd.Timestamp("2012-09-04", tz="UTC")
    assert len(c.notes) == 1


@pytest.mark.parametrize("values, message", [
    (["1957", "1957-03-02"], "holds dates that are not ISO 8601"),  # not all whole years
    (["1957", "1870"], "holds birth dates before 1880 at row 2"),
    (["1957", "2027"], "holds birth dates after as_of (2026-11-29) at row 2"),
])
def test_whole_years_are_checked_like_dates(tmp_path, values, message):
    lines = ["customer_id,birth_date"] + [f"{i},{v}" for i, v in enumerate(values)]
    with pytest.raises(DataError, match=re.escape(message)):
        config_run(tmp_path, lines, "")


def test_unknown_country_codes_are_reported_with_their_rows(tmp_path):
    lines = ["customer_id,country", "a,GB", "b,United-States", "c,uk", "d,United-States",
             "e,jane@example.com", "f,", "g,de"]
    c = config_run(tmp_path, lines, "")
    # by hand: GB, UK, DE are codes; UNITED-STATES twice, the e-mail once (masked)
    masked = safe_label("JANE@EXAMPLE.COM")  # values are shown masked, as everywhere
    assert "JANE" not in masked and "EXAMPLE" not in masked
    assert c.unknown_countries == {"UNITED-STATES": 2, masked: 1}
    assert masked in c.notes[0] and "JANE" not in c.notes[0]
    assert "'UNITED-STATES' (2 rows)" in c.notes[0]


def test_known_countries_give_no_report(tmp_path):
    c = config_run(tmp_path, ["customer_id,country", "a,GB", "b,FR", "c,"], "")
    assert c.unknown_countries == {} and c.notes == []


def test_every_duplicate_header_in_one_message(tmp_path):
    path = write(tmp_path, ["customer_id,age,segment,age,segment,x", "a,1,s,1,s,1"])
    with pytest.raises(DataError, match=r"columns 'age', 'segment' appear more than once "
                                        r"in the header"):
        open_campaign(path)
    frame = pd.DataFrame([[1, 2, 3, 4]], columns=["a", "b", "a", "b"])
    with pytest.raises(DataError, match=r"columns 'a', 'b' appear more than once"):
        from_frame(frame)


def test_whole_years_with_a_year_format_are_still_1_july(tmp_path):
    c = config_run(tmp_path, ["customer_id,Year_Birth", "a,1957"],
                   "columns: {birth_date: Year_Birth}\ndate_format: {Year_Birth: '%Y'}\n")
    assert c.df["birth_date"].iloc[0] == pd.Timestamp("1957-07-01", tz="UTC")


def test_a_decision_naming_a_logical_column_that_is_not_yes_no(tmp_path):
    with pytest.raises(DataError, match=r"column 'score' \(decision\) is bool but holds '0.7' "
                                        r"at row 1 \(line 2\); decision must be yes/no-like"):
        config_run(tmp_path, ["customer_id,score", "a,0.7", "b,1"], "decision: score\n")
