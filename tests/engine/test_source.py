"""Naming sources and reading each kind on each engine: the same cells as from the frame."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from conftest import ENGINES

from ethicskit.engine import group_sums, source_of
from ethicskit.errors import DataError

FRAME = pd.DataFrame({"customer_id": [f"C{i}" for i in range(12)],
                      "g": ["a", "b", None, "a"] * 3,
                      "w": [1, 2, 3] * 4})


@pytest.fixture
def files(tmp_path):
    FRAME.to_parquet(tmp_path / "one.parquet", index=False)
    (tmp_path / "parts").mkdir()
    FRAME.iloc[:5].to_parquet(tmp_path / "parts" / "part-0.parquet", index=False)
    FRAME.iloc[5:].to_parquet(tmp_path / "parts" / "part-1.parquet", index=False)
    FRAME.to_csv(tmp_path / "one.csv", index=False)
    con = duckdb.connect(str(tmp_path / "db.duckdb"))
    con.register("f", FRAME)
    con.execute("CREATE TABLE campaign AS SELECT * FROM f")
    con.close()
    return tmp_path


def test_source_kinds(files):
    assert source_of(files / "one.parquet").kind == "parquet"
    assert source_of(files / "parts").kind == "parquet"
    assert source_of(f"{files}/parts/*.parquet").kind == "parquet"
    assert source_of(files / "one.csv").kind == "csv"
    s = source_of(f"{files}/db.duckdb:campaign")
    assert (s.kind, s.table) == ("duckdb", "campaign")
    assert source_of("table:sales.campaign").location == "sales.campaign"
    assert source_of("sales.campaign", engine="spark").kind == "table"
    assert source_of(FRAME).kind == "frame" and "C1" not in repr(source_of(FRAME))


@pytest.mark.parametrize("name", ["missing.parquet", "nothing/*.parquet", "x.duckdb:t", "bare"])
def test_source_that_names_nothing(files, name):
    with pytest.raises(DataError):
        source_of(files / name if "/" not in name else f"{files}/{name}")


def _want():
    # a: rows 0,3,4,7,8,11 with w 1,1,2,2,3,3 -> 12; b: rows 1,5,9, w 2,3,1 -> 6;
    # null: rows 2,6,10, w 3,1,2 -> 6
    return [("a", 12), ("b", 6), (None, 6)]


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("name", ["one.parquet", "parts", "parts/*.parquet"])
def test_parquet_kinds_give_the_same_cells(engine, files, name):
    got = group_sums(f"{files}/{name}", by=["g"], weight="w", engine=engine)
    assert [(None if pd.isna(g) else g, n) for g, n in zip(got["g"], got["n"])] == _want()


@pytest.mark.parametrize("engine_name", ENGINES)
def test_csv_is_read_as_text(engine, files):
    got = group_sums(files / "one.csv", by=["g"], weight="CAST(w AS BIGINT)", engine=engine)
    assert [(None if pd.isna(g) else g, n) for g, n in zip(got["g"], got["n"])] == _want()


def test_duckdb_table(files):
    got = group_sums(f"{files}/db.duckdb:campaign", by=["g"], weight="w", engine="duckdb")
    assert [(None if pd.isna(g) else g, n) for g, n in zip(got["g"], got["n"])] == _want()
