"""Cells of any columns (ethicskit.compressed.Cells.group): counts, evidence, members, presence.

Every expected value is worked out from the tiny frames themselves (pandas on the frame the
Parquet files were written from), not from the engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ethicskit.compressed import open_compressed
from ethicskit.errors import DataError
from ethicskit.evidence import first_ids, merged

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


def frame(n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    return pd.DataFrame({
        "customer_id": [f"K{i:03d}" for i in range(n)],
        "gender": rng.choice(["f", "m", "x"], n),
        "country": rng.choice(["DE", "FR", "GB"], n),
        "targeted": rng.random(n) < 0.5,
        "note": [None if i % 3 else f"n{i % 7}" for i in range(n)],
        "score": [None if i % 4 == 1 else float(i % 5) for i in range(n)],
    })


@pytest.fixture
def folder(tmp_path):
    """Three Parquet files of different sizes (Spark plans the largest first): rows 0-9,
    10-39, 40-59 of :func:`frame`, in path order."""
    df = frame()
    root = tmp_path / "parts"
    root.mkdir()
    for name, (a, b) in {"a.parquet": (0, 10), "b.parquet": (10, 40),
                         "c.parquet": (40, 60)}.items():
        pq.write_table(pa.Table.from_pandas(df.iloc[a:b], preserve_index=False), root / name)
    return root, df


@pytest.mark.parametrize("engine", ENGINES)
def test_cells_count_the_rows_and_keep_the_first_ids_in_row_order(folder, engine):
    root, df = folder
    campaign = open_compressed(str(root), engine=engine, areas=("privacy",))
    try:
        assert campaign.rows == 60
        g = campaign.cells.group(["gender", "country"])
        expected = df.groupby(["gender", "country"]).size()
        got = g.df.groupby(["gender", "country"], observed=True)["weight"].sum()
        assert got.sort_index().to_dict() == expected.sort_index().to_dict()
        # cells in the order of their first row
        firsts = [df.index[(df["gender"] == a) & (df["country"] == b)].min()
                  for a, b in zip(g.df["gender"], g.df["country"])]
        assert firsts == sorted(firsts)
        assert "customer_id" not in g.df.columns and g.repeats and g.rows == 60
        for gender in ("f", "m"):
            mask = (g.df["gender"] == gender).to_numpy()
            rows = df.loc[df["gender"] == gender, "customer_id"].head(10).tolist()
            assert g.ids(mask) == rows
            lazy = campaign.cells.group(["gender", "country"], evidence=False)
            assert lazy.ids((lazy.df["gender"] == gender).to_numpy()) == rows
        assert g.ids(np.zeros(len(g.df), dtype=bool)) == []
    finally:
        campaign.cells.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_members_are_every_row_of_the_chosen_cells_in_row_order(folder, engine):
    root, df = folder
    campaign = open_compressed(str(root), engine=engine, areas=("privacy",))
    try:
        g = campaign.cells.group(["country"], exprs={
            "score": 'CASE WHEN "score" IS NULL THEN NULL ELSE 1.0 END'})
        chosen = g.df.index[(g.df["country"] == "FR") & g.df["score"].notna()]
        got = pd.concat(list(g.cells.members(g.df.loc[chosen, "__ek_cell"], size=7)))
        rows = np.flatnonzero(((df["country"] == "FR") & df["score"].notna()).to_numpy())
        assert got["row"].tolist() == (rows + 1).tolist()
        assert got["customer_id"].tolist() == df["customer_id"].iloc[rows].tolist()
        assert list(g.cells.members([])) == []
    finally:
        campaign.cells.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_presence_keeps_which_rows_hold_a_value_and_the_first_value(folder, engine):
    root, df = folder
    campaign = open_compressed(str(root), engine=engine, areas=("privacy",))
    try:
        exprs = campaign.cells.presence(["note", "score"])
        g = campaign.cells.group([], exprs=exprs)
        # presence only: 2 x 2 patterns of (note, score) held
        patterns = df[["note", "score"]].notna().value_counts()
        assert len(g.df) == len(patterns)
        for column in ("note", "score"):
            held = g.df[column].notna()
            assert int(g.df.loc[held, "weight"].sum()) == int(df[column].notna().sum())
            assert set(g.df.loc[held, column]) == {df[column].dropna().iloc[0]}
    finally:
        campaign.cells.close()



@pytest.mark.parametrize("engine", ENGINES)
def test_presence_of_more_columns_than_one_number_holds_is_every_pattern(tmp_path, engine):
    """70 presence columns: two numbers of bits (62 + 8). The cells are the distinct patterns
    of held values with the other columns, each column holding its first value where held;
    the census counts each column's held rows."""
    from ethicskit.cellspec import BITS, Present

    n, width = 40, BITS + 8
    rng = np.random.default_rng(11)
    df = pd.DataFrame({"customer_id": [f"P{i:02d}" for i in range(n)],
                       "gender": rng.choice(["f", "m"], n)})
    for j in range(width):  # column j is held on about half the rows, from row j % 5 on
        held = rng.random(n) < 0.5
        held[j % 5] = True
        df[f"c{j:02d}"] = [f"v{j}-{i}" if held[i] and i >= j % 5 else None for i in range(n)]
    path = tmp_path / "wide.parquet"
    df.to_parquet(path)
    campaign = open_compressed(str(path), engine=engine, areas=("privacy",))
    try:
        columns = [f"c{j:02d}" for j in range(width)]
        exprs = campaign.cells.presence(columns)
        assert all(isinstance(e, Present) for e in exprs.values()) and len(exprs) == width
        g = campaign.cells.group(["gender"], exprs=exprs)
        patterns = df[["gender"]].join(df[columns].notna()).value_counts()
        assert len(g.df) == len(patterns)
        got = g.df[["gender"]].join(g.df[columns].notna())
        counted = {tuple(row): int(w) for row, w in zip(got.itertuples(index=False),
                                                        g.df["weight"])}
        assert counted == {tuple(k): int(v) for k, v in patterns.items()}
        for j, column in enumerate(columns):
            assert set(g.df[column].dropna()) == {df[column].dropna().iloc[0]}
            assert campaign.cells.census()[column] == (df[column].dropna().iloc[0],
                                                       int(df[column].notna().sum()))
        # the members of a cell found by its bits are that cell's rows
        first = g.df.iloc[0]
        mask = (df["gender"] == first["gender"]).to_numpy()
        for column in columns:
            mask = mask & (df[column].notna() == pd.notna(first[column])).to_numpy()
        members = pd.concat(list(campaign.cells.group(["gender"], exprs=exprs).cells
                                 .members([0])))
        assert members["customer_id"].tolist() == df.loc[mask, "customer_id"].tolist()
    finally:
        campaign.cells.close()

def test_merged_places_are_the_smallest_of_all_the_cells():
    rows = [np.array([0, 2, 4]), np.array([1, 3]), np.array([9])]
    assert merged(rows, limit=4) == [0, 1, 2, 3]
    assert merged(rows, limit=10) == [0, 1, 2, 3, 4, 9]
    assert merged([], limit=3) == []
    by_rows = pd.DataFrame({"customer_id": ["x1", "x2", "x3"]})
    assert first_ids(by_rows, [False, True, True], limit=1) == ["x2"]


@pytest.mark.parametrize("how", ["folder", "file", "table"])
def test_ids_at_reads_the_rows_at_their_places(folder, tmp_path, how):
    """The ids of any places, from a folder of Parquet files (each row read from its file),
    one file and a DuckDB table (filtered by place): those of the frame's rows."""
    import duckdb

    root, df = folder
    dataset = str(root)
    if how == "file":
        dataset = str(tmp_path / "one.parquet")
        df.to_parquet(dataset)
    elif how == "table":
        db = tmp_path / "c.duckdb"
        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE people AS SELECT * FROM df")
        con.close()
        dataset = f"{db}:people"
    campaign = open_compressed(dataset, engine="duckdb", areas=("privacy",))
    try:
        places = [59, 0, 10, 9, 40, 39]
        assert campaign.cells.ids_at(places) == df["customer_id"].iloc[places].tolist()
    finally:
        campaign.cells.close()


def test_a_bad_value_in_a_cell_names_the_first_dataset_row_holding_it(tmp_path):
    df = pd.DataFrame({"customer_id": ["a", "b", "c", "d"],
                       "targeted": ["yes", "no", "maybe", "maybe"]})
    path = tmp_path / "bad.parquet"
    df.to_parquet(path)
    campaign = open_compressed(str(path), engine="duckdb", areas=("privacy",))
    try:
        with pytest.raises(DataError, match=r"'maybe' at row 3;"):
            campaign.cells.group(["targeted"])
    finally:
        campaign.cells.close()


def test_the_notes_count_dataset_rows_as_the_rows_path_does(tmp_path):
    from ethicskit.campaign import open_campaign

    df = pd.DataFrame({"customer_id": [f"c{i}" for i in range(7)],
                       "country": ["DE", "XX", "XX", "XX", "ZZ", "DE", None],
                       "birth_date": [1980, 1991, 1980, 1975, 1980, 2001, 1980]})
    path = tmp_path / "notes.parquet"
    df.to_parquet(path)
    rows = open_campaign(str(path))
    campaign = open_compressed(str(path), engine="duckdb", areas=("privacy",))
    try:
        assert campaign.notes == rows.notes
        assert any("'XX' (3 rows), 'ZZ' (1 row)" in n for n in campaign.notes)
        assert any("whole years" in n for n in campaign.notes)
    finally:
        campaign.cells.close()


def test_a_dataset_without_customer_id_shows_row_numbers_as_the_rows_path(tmp_path):
    from ethicskit.campaign import open_campaign

    df = pd.DataFrame({"country": ["DE", "FR", "DE", "DE", "FR"]})
    path = tmp_path / "keyless.parquet"
    df.to_parquet(path)
    rows = open_campaign(str(path))
    campaign = open_compressed(str(path), engine="duckdb", areas=("privacy",))
    try:
        g = campaign.cells.group(["country"])
        de = (g.df["country"] == "DE").to_numpy()
        assert g.ids(de) == rows.ids(rows.df["country"] == "DE") == ["1", "3", "4"]
        got = pd.concat(list(g.cells.members(g.df.loc[de, "__ek_cell"])))
        assert got["customer_id"].tolist() == ["1", "3", "4"]
        assert got["row"].tolist() == [1, 3, 4]
    finally:
        campaign.cells.close()


def test_presence_reads_a_blank_text_as_no_value_as_the_typing_does(tmp_path):
    from ethicskit.campaign import open_campaign

    df = pd.DataFrame({"customer_id": ["a", "b", "c", "d", "e"],
                       "note": ["  ", None, "\u3000x ", "", "y"]})
    path = tmp_path / "blank.parquet"
    df.to_parquet(path)
    rows = open_campaign(str(path))
    campaign = open_compressed(str(path), engine="duckdb", areas=("privacy",))
    try:
        g = campaign.cells.group([], exprs=campaign.cells.presence(["note"]))
        held = g.df["note"].notna()
        assert int(g.df.loc[held, "weight"].sum()) == int(rows.df["note"].notna().sum()) == 2
        assert g.df.loc[held, "note"].tolist() == [rows.df["note"].dropna().iloc[0]] == ["x"]
    finally:
        campaign.cells.close()


def test_auto_computes_a_run_from_cells_when_its_rows_would_not_fit(tmp_path, monkeypatch):
    import ethicskit.compressed as C
    from ethicskit.findings import AREAS

    path = tmp_path / "fit.parquet"
    frame().to_parquet(path)
    monkeypatch.setattr(C, "ROWS_PEAK_BYTES", 10 ** 15)  # 60 rows "need" more than any memory
    big = C.open_for(AREAS, str(path), engine="auto")
    try:
        assert big.cells is not None and big.engine == "duckdb" and big.rows == 60
    finally:
        big.cells.close()
    monkeypatch.setattr(C, "ROWS_PEAK_BYTES", 1)
    assert C.open_for(AREAS, str(path), engine="auto").cells is None
