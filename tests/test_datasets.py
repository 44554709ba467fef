"""Datasets as they are kept: a folder or pattern of Parquet files (partitioned as Hive and
Spark write them) and a DuckDB table, read as the same campaign as one file."""

import duckdb
import pandas as pd
import pytest

from ethicskit import data as D
from ethicskit.campaign import open_campaign
from ethicskit.errors import DataError

AS_OF = "2026-11-29"
FRAME = pd.DataFrame({
    "customer_id": ["a", "b", "c", "d", "e"],
    "country": ["FR", "FR", "DE", "DE", "US"],
    "channel": ["email", "sms", "email", "email", "post"],
    "consent_email": ["true", "false", "false", "true", None],
    "targeted": ["true", "true", "true", "false", "true"],
})


def rows(c) -> list[tuple]:
    """The campaign's rows by id (order aside), as plain values."""
    df = c.df.sort_values("customer_id")
    return [tuple(None if pd.isna(v) else v for v in r)
            for r in df[["customer_id", "country", "channel", "consent_email", "targeted"]]
            .astype(object).itertuples(index=False)]


@pytest.fixture
def one(tmp_path):
    path = tmp_path / "one.csv"
    FRAME.to_csv(path, index=False)
    return open_campaign(path, as_of=AS_OF)


def test_a_folder_of_parts_is_the_campaign_in_name_order(tmp_path, one):
    folder = tmp_path / "parts"
    folder.mkdir()
    FRAME.iloc[3:].to_parquet(folder / "part-1.parquet", index=False)
    FRAME.iloc[:3].to_parquet(folder / "part-0.parquet", index=False)
    (folder / "_SUCCESS").write_text("")  # Spark's marker and hidden files are not data
    (folder / ".part-0.parquet.crc").write_text("x")
    c = open_campaign(folder, as_of=AS_OF)
    assert list(c.df["customer_id"]) == ["a", "b", "c", "d", "e"]  # part-0 first
    assert rows(c) == rows(one)


def test_a_pattern_reads_the_matching_files(tmp_path, one):
    FRAME.iloc[:2].to_parquet(tmp_path / "x-1.parquet", index=False)
    FRAME.iloc[2:].to_parquet(tmp_path / "x-2.parquet", index=False)
    FRAME.to_parquet(tmp_path / "other.parquet", index=False)  # not matched
    c = open_campaign(str(tmp_path / "x-*.parquet"), as_of=AS_OF)
    assert len(c.df) == 5 and rows(c) == rows(one)


def test_hive_partition_levels_are_columns(tmp_path, one):
    for country, part in FRAME.groupby("country"):
        where = tmp_path / "lake" / f"country={country}"
        where.mkdir(parents=True)
        part.drop(columns="country").to_parquet(where / "p.parquet", index=False)
    c = open_campaign(tmp_path / "lake", as_of=AS_OF)
    assert rows(c) == rows(one)
    assert sorted(c.df["country"].astype(str)) == ["DE", "DE", "FR", "FR", "US"]


@pytest.mark.parametrize("suffix", [":audience", ""])
def test_a_duckdb_table(tmp_path, one, suffix):
    db = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    con.register("f", FRAME)
    con.execute("create table audience as select * from f")
    con.close()
    c = open_campaign(f"{db}{suffix}", as_of=AS_OF)
    assert rows(c) == rows(one)


def test_the_same_data_has_the_same_digest_whatever_the_parts(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        FRAME.to_parquet(folder / "p.parquet", index=False)
    assert D.read_table(a)[1] == D.read_table(b)[1]
    FRAME.iloc[:1].to_parquet(b / "q.parquet", index=False)
    assert D.read_table(a)[1] != D.read_table(b)[1]


@pytest.mark.parametrize("make, message", [
    (lambda t: str(t / "none-*.parquet"), "no file matches this pattern"),
    (lambda t: (t / "empty").mkdir() or t / "empty", "the folder holds no data file"),
    (lambda t: ((t / "mixed").mkdir(), (t / "mixed" / "a.csv").write_text("customer_id\n1\n"),
                t / "mixed")[-1], "not a Parquet file"),
])
def test_bad_folders_and_patterns_are_one_line_errors(tmp_path, make, message):
    with pytest.raises(DataError, match=message) as err:
        open_campaign(make(tmp_path), as_of=AS_OF)
    assert len(str(err.value).splitlines()) == 1


def test_a_database_without_the_table_names_its_tables(tmp_path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table a (customer_id varchar); create table b (customer_id varchar)")
    con.close()
    with pytest.raises(DataError, match=r"no table 'c' in the database \(tables: a, b\)"):
        open_campaign(f"{db}:c", as_of=AS_OF)
    with pytest.raises(DataError, match=r"name the table as w.duckdb:TABLE \(tables: a, b\)"):
        open_campaign(db, as_of=AS_OF)


@pytest.mark.parametrize("text, expected", [
    ("w.duckdb", ("w.duckdb", None)), ("/d/w.duckdb:t_1", ("/d/w.duckdb", "t_1")),
    ("w.ddb:x", ("w.ddb", "x")), ("a.csv", None), ("w.duckdb.csv", None),
])
def test_duckdb_names(text, expected):
    got = D.duckdb_source(text)
    assert (None if got is None else (str(got[0]), got[1])) == expected
