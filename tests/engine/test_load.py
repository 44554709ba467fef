"""Reading a campaign's rows through an engine (ethicskit.engine.load, data.read_table).

The oracle of every engine is the pandas reader (Arrow, in this process): the same file read by
DuckDB or Spark must give the same frame, column by column, types included, and the same run
must give the same findings.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import ENGINES
from ethicskit import data as D
from ethicskit.campaign import open_campaign
from ethicskit.config import validate
from ethicskit.engine.load import choose, reading_defaults, spark_settings
from ethicskit.errors import ConfigError, DataError, InputError


@pytest.mark.parametrize("dataset, engine, chosen", [
    ("data/spring.csv", None, "pandas"),
    ("data/spring.parquet", "auto", "pandas"),
    ("data/spring/", "duckdb", "duckdb"),
    ("table:marketing.spring", None, "spark"),
    ("table:marketing.spring", "auto", "spark"),
    ("data/spring.parquet", "spark", "spark"),
])
def test_choose(dataset, engine, chosen):
    assert choose(dataset, engine) == chosen


def test_choose_refuses_an_unknown_engine():
    with pytest.raises(InputError, match="'polars' is not an engine"):
        choose("a.csv", "polars")


@pytest.mark.parametrize("config, master, expected", [
    (None, None, ("local[*]", {})),
    ({"spark.master": "local[2]", "spark.executor.memory": "2g"}, None,
     ("local[2]", {"spark.executor.memory": "2g"})),
    ({"spark.master": "local[2]"}, "yarn", ("yarn", {})),
    ({"spark.sql.shuffle.partitions": 4}, None, ("local[*]", {"spark.sql.shuffle.partitions": "4"})),
])
def test_spark_settings(config, master, expected):
    assert spark_settings(config, master) == expected


@pytest.mark.parametrize("pages, memory", [(6_291_456, "12g"), (262_144, "1g"), (1024, "1g")])
def test_spark_reading_defaults(monkeypatch, pages, memory):
    """4 KiB pages: 24 GiB of memory gives the local driver 12g; 1 GiB (or less) gives 1g."""
    import os

    sizes = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": pages}
    monkeypatch.setattr(os, "sysconf", lambda name: sizes[name])
    assert reading_defaults("local[2]") == {"spark.driver.maxResultSize": "0",
                                            "spark.driver.memory": memory}
    assert reading_defaults("spark://host:7077") == {"spark.driver.maxResultSize": "0"}


def test_config_engine_and_spark_keys(tmp_path):
    config = validate({"engine": "duckdb", "spark": {"spark.executor.memory": "8g"},
                       "dataset": "table:marketing.spring"}, path=str(tmp_path / "c.yaml"))
    assert (config.engine, config.spark) == ("duckdb", {"spark.executor.memory": "8g"})
    assert config.dataset == "table:marketing.spring"  # a table is not a path to resolve
    assert validate({"dataset": "s3a://bucket/spring/"}).dataset == "s3a://bucket/spring/"
    assert validate({"dataset": "spring.csv"}, path=str(tmp_path / "c.yaml")).dataset == \
        str(tmp_path / "spring.csv")


@pytest.mark.parametrize("raw, message", [
    ({"engine": "duckdbb"}, "engine: expected one of auto, pandas, duckdb, spark"),
    ({"spark": {"executor.memory": "8g"}}, "spark.executor.memory: expected a Spark setting"),
    ({"spark": {"spark.jars": ["a.jar"]}}, "spark.spark.jars: expected a Spark setting"),
])
def test_config_refuses_bad_engine_keys(raw, message):
    with pytest.raises(ConfigError, match=message):
        validate(raw)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_rows_come_in_file_order_whatever_the_file_sizes(tmp_path, engine_name, request):
    """Spark plans the largest file first; rows must still come file by file in path order,
    as the pandas reader gives them (a finding's evidence is its first rows)."""
    if engine_name == "spark":
        request.getfixturevalue("spark_engine")
    frame = pd.DataFrame({"customer_id": [f"C{i:04d}" for i in range(2001)],
                          "offer_value": np.arange(2001) * 0.5})
    (tmp_path / "parts").mkdir()
    frame.iloc[:1].to_parquet(tmp_path / "parts" / "part-0.parquet", index=False)
    frame.iloc[1:].to_parquet(tmp_path / "parts" / "part-1.parquet", index=False)
    assert D.read_table(tmp_path / "parts")[0]["customer_id"].tolist() == \
        frame["customer_id"].tolist()
    got, _, _ = D.read_table(tmp_path / "parts", engine=engine_name)
    assert got["customer_id"].tolist() == frame["customer_id"].tolist()


def people() -> pd.DataFrame:
    """Six rows with the types a campaign's Parquet holds: text with nulls, nullable booleans
    and integers, categories, floats, dates, microsecond and nanosecond UTC timestamps."""
    return pd.DataFrame({
        "customer_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
        "gender": pd.Categorical(["female", "male", None, "female", "male", "female"]),
        "targeted": pd.array([True, False, None, True, True, False], dtype="boolean"),
        "consent_email": [True, False, True, True, False, True],
        "contact_count": pd.array([1, 4, None, 2, 7, 0], dtype="Int64"),
        "offer_value": [10.5, np.nan, 3.25, 0.0, 99.0, 1e-3],
        "birth_date": pd.to_datetime(["1980-02-29", "2011-06-30", None, "1999-12-31",
                                      "1950-01-01", "2008-07-01"]).date,
        "contact_ts": pd.to_datetime(["2026-03-01 10:00:00", "2026-03-02 23:59:59", None,
                                      "2026-03-03 00:00:00", "2026-03-04 12:00:00", "2026-03-05 00:00:00"],
                                     utc=True).astype("datetime64[us, UTC]"),
        "optout_ts": pd.to_datetime([None, "2026-02-01 08:30:00.123456789", None, None,
                                     "2026-03-01 00:00:00.000000000", None], utc=True),
        "country": ["FR", "FR", "DE", "GB", "US", "DE"],
    })


def write_parts(frame: pd.DataFrame, folder) -> None:
    """``frame`` as a Hive-partitioned folder (``country=XX/part-0.parquet``)."""
    for country, part in frame.groupby("country", sort=True):
        target = folder / f"country={country}"
        target.mkdir(parents=True)
        part.drop(columns="country").to_parquet(target / "part-0.parquet", index=False)


def assert_same_frame(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal columns, types and values (a category's categories may come in another order)."""
    assert list(a.columns) == list(b.columns)
    for name in a.columns:
        pd.testing.assert_series_equal(a[name], b[name], check_categorical=False, obj=name)


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("layout", ["file", "folder", "glob"])
def test_an_engine_reads_the_frame_pandas_reads(tmp_path, engine_name, layout, request):
    if engine_name == "spark":
        request.getfixturevalue("spark_engine")  # the session's Spark, reused by read_table
    frame = people()
    if layout == "file":
        path = tmp_path / "people.parquet"
        frame.to_parquet(path, index=False)
    else:
        write_parts(frame, tmp_path / "people")
        path = tmp_path / "people" if layout == "folder" else tmp_path / "people" / "*" / "*.parquet"
    expected, digest, csv = D.read_table(path)
    got, got_digest, got_csv = D.read_table(path, engine=engine_name)
    if layout != "glob":  # a glob has no partition level to name the column by
        assert "country" in got.columns
    assert_same_frame(expected, got)  # rows in the same order too (by file, then row)
    assert (got_digest, got_csv) == (digest, False)
    assert got.loc[got["customer_id"] == "C2", "optout_ts"].iloc[0] == \
        pd.Timestamp("2026-02-01 08:30:00.123456789", tz="UTC")  # nanoseconds kept


@pytest.mark.spark
def test_spark_reads_a_catalogue_table(tmp_path, spark_engine):
    frame = people()
    # a table Spark wrote holds microseconds (nanoseconds only reach Spark from files, as longs)
    frame.to_parquet(tmp_path / "people.parquet", index=False, coerce_timestamps="us",
                     allow_truncated_timestamps=True)
    spark_engine.session.read.parquet(str(tmp_path / "people.parquet")) \
        .createOrReplaceTempView("ek_people")
    try:
        got, digest, csv = D.read_table("table:ek_people", engine="spark")
    finally:
        spark_engine.session.catalog.dropTempView("ek_people")
    assert (digest, csv) == ("", False)  # Spark gives no digest of a table
    assert sorted(got["customer_id"]) == sorted(frame["customer_id"])
    # a table has Spark's types, not pandas' (no nullable Int64): typed, the campaign is the same
    spark_engine.session.read.parquet(str(tmp_path / "people.parquet")) \
        .createOrReplaceTempView("ek_people")
    try:
        by_table = open_campaign("table:ek_people", as_of="2026-06-01").df
    finally:
        spark_engine.session.catalog.dropTempView("ek_people")
    by_file = open_campaign(tmp_path / "people.parquet", as_of="2026-06-01").df
    order = np.argsort(by_table["customer_id"].to_numpy())
    assert_same_frame(by_file, by_table.iloc[order].reset_index(drop=True))


def test_spark_refuses_a_duckdb_table(tmp_path):
    import duckdb

    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table people as select 'C1' as customer_id")
    con.close()
    with pytest.raises(InputError, match="cannot be read by Spark; use --engine duckdb"):
        D.read_table(f"{db}:people", engine="spark")


def test_a_local_csv_is_read_by_the_csv_reader_on_every_engine(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("customer_id;targeted;offer_value\nC1;yes;1,5\nC2;;\n", encoding="utf-8")
    expected = D.read_table(path)
    for engine in ("duckdb", "spark"):  # no Spark session is started for a file of this machine
        got = D.read_table(path, engine=engine)
        assert_same_frame(expected[0], got[0])
        assert got[1:] == expected[1:]


@pytest.mark.parametrize("name, engine, reader", [
    ("people.csv", "duckdb", "pandas"),  # a CSV file is always read by the CSV reader
    ("people.csv", "spark", "pandas"),
    ("people.parquet", "duckdb", "duckdb"),
    ("people.parquet", "pandas", "pandas"),
    ("w.duckdb:people", "pandas", "duckdb"),  # a DuckDB table is read by DuckDB
    ("table:people", "spark", "spark"),
])
def test_the_record_names_who_read_the_rows(tmp_path, name, engine, reader):
    (tmp_path / "people.csv").write_text("customer_id\nC1\n", encoding="utf-8")
    people().to_parquet(tmp_path / "people.parquet", index=False)
    (tmp_path / "w.duckdb").write_bytes(b"")
    path = name if name.startswith("table:") else str(tmp_path / name)
    assert D.reader_of(path, engine) == reader


def test_duckdb_refuses_a_folder_with_a_file_that_is_not_parquet(tmp_path):
    write_parts(people(), tmp_path / "people")
    (tmp_path / "people" / "country=FR" / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(DataError, match="notes.txt: not a Parquet file"):
        D.read_table(tmp_path / "people", engine="duckdb")


def test_duckdb_names_a_broken_file(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1" + b"\0" * 64)
    with pytest.raises(DataError, match="broken.parquet: DuckDB cannot read the dataset"):
        D.read_table(path, engine="duckdb")


def test_open_campaign_records_the_engine(tmp_path):
    frame = people()
    frame.to_parquet(tmp_path / "people.parquet", index=False)
    config = tmp_path / "c.yaml"
    config.write_text("name: t\nas_of: 2026-06-01\nengine: duckdb\n", encoding="utf-8")
    by_config = open_campaign(tmp_path / "people.parquet", config_path=config)
    by_argument = open_campaign(tmp_path / "people.parquet", config_path=config, engine="pandas")
    assert (by_config.engine, by_argument.engine) == ("duckdb", "pandas")
    assert_same_frame(by_config.df, by_argument.df)


def _findings(run_dir) -> list:
    summary = json.loads((run_dir / "latest" / "summary.json").read_text(encoding="utf-8"))
    return summary["findings"], summary["dataset"]


@pytest.mark.slow
@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_whole_run_finds_the_same_on_every_engine(tmp_path, engine_name, request):
    """The bundled sample as a Parquet folder of three parts, run by pandas and by the engine:
    every finding (status, value, details, evidence) and the dataset's metadata are equal."""
    from ethicskit.runner import run
    from ethicskit.sample.build import write_sample_parts

    if engine_name == "spark":
        request.getfixturevalue("spark_engine")
    write_sample_parts(tmp_path / "spring", rows=3000, part_rows=1000)
    config = str(tmp_path / "spring.yaml")
    for engine in ("pandas", engine_name):
        result = run(dataset=str(tmp_path / "spring"), config=config, out=tmp_path / engine,
                     engine=engine, log=lambda _: None)
        assert result.exit_code() in (0, 1)
    assert _findings(tmp_path / engine_name) == _findings(tmp_path / "pandas")
    record = json.loads(next((tmp_path / engine_name).glob("2*/record.json")).read_text())
    assert record["engine"] == engine_name
