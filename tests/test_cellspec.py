"""Cells merged from a finer group (ethicskit.cellspec.narrowed) against the engine's own
answer for the coarser group: the same cells, rows, first rows, first places and least values,
and the same findings' evidence. The engine grouping the rows itself is the oracle."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from ethicskit.cellspec import BITS, Present, Spread, spec_of
from ethicskit.compressed import open_compressed

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


def frame(n: int = 80) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    return pd.DataFrame({
        "customer_id": [f"M{i:03d}" for i in range(n)],
        "gender": rng.choice(["f", "m", None], n),
        "band": rng.choice(["a", "b"], n),
        "note": [None if i % 3 else " " if i % 9 == 0 else f"n{i}" for i in range(n)],
        "score": [None if i % 4 == 1 else float(i) for i in range(n)],
        "flag": [None if i % 5 == 0 else bool(i % 2) for i in range(n)],
        "day": pd.Series(pd.Timestamp("2026-01-01", tz="UTC")
                         + pd.to_timedelta(rng.integers(0, 400, n), unit="D"),
                         dtype="datetime64[us, UTC]"),
    })


def spread_day() -> Spread:
    return Spread('CASE WHEN "day" IS NULL THEN NULL WHEN "day" < TIMESTAMPTZ '
                  "'2026-06-01 00:00:00+00' THEN 0 ELSE 1 END", '"day"')


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("narrow", [
    (["gender"], ("note",)),  # one plain column and one present
    ([], ("note", "score")),  # presence alone
    (["band"], ()),  # a plain column alone
    ([], ()),  # one cell of every row
    (["gender"], ("flag",)),  # present here, grouped as it is in the finer group
])
def test_merged_cells_are_the_engines_cells(tmp_path, engine, narrow):
    path = tmp_path / "f.parquet"
    df = frame()
    df.to_parquet(path)
    campaign = open_compressed(str(path), engine=engine, areas=("privacy",))
    try:
        cells = campaign.cells
        columns, present = narrow
        wide_exprs = {**cells.presence(["note", "score"]), "day": spread_day()}
        wide = cells.group(["gender", "band", "flag"], exprs=wide_exprs)
        exprs = {**cells.presence(list(present)), "day": spread_day()}
        merged = cells.group(columns, exprs=exprs, within=wide)
        cells.made.clear()  # the engine's own answer, not one merged from the groups made
        asked = cells.group(columns, exprs=exprs)
        assert merged.cells.spec.within(wide.cells.spec)
        a, b = merged.cells.found, asked.cells.found
        assert a.column_names == b.column_names
        for name in a.column_names:  # the engine's own table, column by column
            assert a.column(name).to_pylist() == b.column(name).to_pylist(), name
        pd.testing.assert_frame_equal(merged.df, asked.df)
        everything = np.ones(len(merged.df), dtype=bool)
        assert merged.ids(everything) == df["customer_id"].head(10).tolist()
    finally:
        campaign.cells.close()


def test_a_group_finer_in_another_way_is_asked_of_the_engine(tmp_path):
    """A column grouped by SQL in the finer group but as it is here cannot be merged: the
    engine is asked (the cells are still right)."""
    path = tmp_path / "f.parquet"
    frame().to_parquet(path)
    campaign = open_compressed(str(path), engine="duckdb", areas=("privacy",))
    try:
        cells = campaign.cells
        wide = cells.group(["band"], exprs={"gender": 'CASE WHEN "gender" IS NULL THEN 0 '
                                                     'ELSE 1 END'})
        spec = spec_of(["gender"], {}, weight=None, selected=None)
        assert not spec.within(wide.cells.spec)
        got = cells.group(["gender"], within=wide)
        expected = frame()["gender"].value_counts(dropna=False)
        assert sorted(got.df["weight"].tolist()) == sorted(expected.tolist())
    finally:
        campaign.cells.close()


def test_a_spec_orders_keys_bits_and_least_values():
    present = {f"p{i}": Present(f'"p{i}" IS NOT NULL', "VARCHAR") for i in range(BITS + 2)}
    spec = spec_of(["a"], {"d": Spread('"d" > 1', '"d"'), **present}, weight="w", selected=None)
    assert spec.grouped == ("a", "w", "d") and spec.spread == ("d",)
    assert [len(c) for c in spec.chunks] == [BITS, 2]
    assert spec.bit("p0") == (3, 0) and spec.bit(f"p{BITS}") == (4, 0)
    keys = spec.key_sql()
    assert keys[:3] == ['"a"', '"w"', '"d" > 1'] and len(keys) == 5
    assert keys[4] == ('CASE WHEN "p62" IS NOT NULL THEN CAST(1 AS BIGINT) ELSE CAST(0 AS '
                       'BIGINT) END + CASE WHEN "p63" IS NOT NULL THEN CAST(2 AS BIGINT) ELSE '
                       'CAST(0 AS BIGINT) END')


def test_places_are_merged_to_the_least_ten():
    from ethicskit.cellspec import narrowed

    finer = spec_of(["a", "b"], {}, weight=None, selected=None)
    coarse = spec_of(["a"], {}, weight=None, selected=None)
    table = pa.table({"__k0": ["x", "x", "y"], "__k1": [1, 2, 1], "n": [12, 3, 1],
                      "__ek_first": [0, 2, 5],
                      "__ek_places": pa.array([[0, 1, 3, 4, 6, 7, 8, 9, 10, 11], [2, 12, 13],
                                               [5]], type=pa.list_(pa.int64()))})
    out = narrowed(table, finer, coarse, limit=10)
    assert out.column("__k0").to_pylist() == ["x", "y"]
    assert out.column("n").to_pylist() == [15, 1]
    assert out.column("__ek_first").to_pylist() == [0, 5]
    assert out.column("__ek_places").to_pylist() == [[0, 1, 2, 3, 4, 6, 7, 8, 9, 10], [5]]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("within", [False, True])
def test_then_of_the_least_is_the_least_of_then(tmp_path, engine, within):
    """A Spread's ``then`` (the next midnight at or after the day, which never decreases) is
    computed on each cell's least value: the same cells and values as with ``then`` on every
    row, and as pandas gives (the earliest day of each side of 2026-06-01, at its next 00:00),
    asked of the engine or merged from a finer group."""
    path = tmp_path / "f.parquet"
    df = frame()
    df["day"] = df["day"] + pd.to_timedelta(np.arange(len(df)) % 7, unit="h")  # not midnight
    df.to_parquet(path)
    ceil = ('CASE WHEN "day" IS NULL THEN NULL ELSE date_trunc(\'day\', "day" - INTERVAL 1 '
            'MICROSECOND) + INTERVAL 1 DAY END')
    key = spread_day().key
    campaign = open_compressed(str(path), engine=engine, areas=("privacy",))
    try:
        cells = campaign.cells
        base = cells.group(["band"], exprs={"day": Spread(key, '"day"', then=ceil)})
        got = (cells.group([], exprs={"day": Spread(key, '"day"', then=ceil)}, within=base)
               if within else cells.group(["band"], exprs={"day": Spread(key, '"day"',
                                                                         then=ceil)}))
        cells.made.clear()
        rowwise = cells.group([] if within else ["band"], exprs={"day": Spread(key, ceil)})
        pd.testing.assert_frame_equal(got.df, rowwise.df)
        side = np.where(df["day"] < pd.Timestamp("2026-06-01", tz="UTC"), 0, 1)
        by = [side] if within else [df["band"], side]
        least = df.groupby(by)["day"].min().dt.ceil("D").sort_values()
        assert sorted(got.df["day"].tolist()) == least.tolist()
    finally:
        campaign.cells.close()
