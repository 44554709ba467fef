"""The anonymise trade-off from an engine's cells (ethicskit.anonymise.extract.
tradeoff_from_cells): the hierarchies and the lattice search counting with the cells' weights
must give the table of the rows, value for value and dtype for dtype.

The hand-worked case is the eight people of conftest.py written twice (16 rows, two ids per
person's values; k_min = 3): every class of the eight doubles, so at the node
(postcode as is, gender as is) the classes are 4, 4, 4, 2, 2 rows, 4 rows are suppressed
(share 4/16), k = 2, k_after = 4, NCP (0 + 2 * 4) / (16 * 2) = 0.25 and
DM = 3 * 4**2 + 16 * 4 = 112; at (first 2 characters, as is) the classes are 8 and 8, nothing is
suppressed, NCP (8 * 1/4 + 8 * 2/4) / 32 = 3/16 and DM = 2 * 8**2 = 128. Gender's ``other``
merges nothing (8 and 8 rows >= 3) and postcode's first character makes the classes of the
first two, so both are dropped: six nodes, as for the eight.

The other frames are audited from their rows too (the rows path is the reference the golden
outputs fix) and the two tables compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ethicskit.anonymise import hierarchies as H
from ethicskit.anonymise import search as S
from ethicskit.anonymise import tradeoff
from ethicskit.anonymise.extract import cell_columns, tradeoff_from_cells
from ethicskit.campaign import open_campaign
from ethicskit.compressed import open_compressed
from ethicskit.privacy.cells import PrivacyCells

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]
AS_OF = "2026-11-29"


def write(tmp_path, frame: pd.DataFrame, config: str) -> tuple[str, str]:
    path = tmp_path / "tiny.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    cfg = tmp_path / "tiny.yaml"
    cfg.write_text(f"as_of: '{AS_OF}'\ndefault_jurisdiction: EU\n{config}\n")
    return str(path), str(cfg)


def from_cells(path: str, cfg: str, engine: str = "duckdb") -> tuple[pd.DataFrame, int]:
    """``(table, cells)``: the trade-off of the compressed campaign and its group's cells."""
    campaign = open_compressed(path, config_path=cfg, engine=engine, areas=("privacy",))
    try:
        table = tradeoff_from_cells(campaign)
        before = campaign.cells.asked
        assert PrivacyCells(campaign).tradeoff().equals(table)  # the router's table
        cells = campaign.cells.asked - before
    finally:
        campaign.cells.close()
    return table, cells


def assert_same(rows: pd.DataFrame, cells: pd.DataFrame) -> None:
    assert list(rows.columns) == list(cells.columns)
    assert list(rows.dtypes.astype(str)) == list(cells.dtypes.astype(str))
    exact = [c for c in rows.columns if c != "loss"]
    pd.testing.assert_frame_equal(rows[exact], cells[exact], check_exact=True)
    np.testing.assert_allclose(cells["loss"].to_numpy(), rows["loss"].to_numpy(),
                               rtol=1e-12, atol=0)


def eight_twice() -> pd.DataFrame:
    postcode = ["AB1", "AB1", "AB2", "AB2", "CD1", "CD1", "CD2", "CD3"]
    gender = ["female"] * 4 + ["male"] * 4
    return pd.DataFrame({"customer_id": [f"C{i}" for i in range(16)],
                         "postcode": postcode * 2, "gender": gender * 2,
                         "health": ["x", "x", "y", "x", "x", "y", "x", "y"] * 2})


EIGHT = ("quasi_identifiers: [postcode, gender]\nthresholds: {k_min: 3}\n"
         "anonymise: {max_suppression: 0.25}")


@pytest.mark.parametrize("engine", ENGINES)
def test_eight_twice_by_hand(tmp_path, engine):
    path, cfg = write(tmp_path, eight_twice(), EIGHT)
    table, cells = from_cells(path, cfg, engine)
    assert cells == 5  # (AB1, f), (AB2, f), (CD1, m), (CD2, m), (CD3, m)
    table = table.set_index(["postcode", "gender"])
    assert len(table) == 6
    as_is = table.loc[("as is", "as is")]
    assert (as_is["k"], as_is["suppressed"], as_is["k_after"]) == (2, 4, 4)
    assert as_is["share"] == 4 / 16 and as_is["loss"] == pytest.approx(0.25)
    assert as_is["discernibility"] == 112.0 and as_is["feasible"]
    prefix = table.loc[("first 2 characters", "as is")]
    assert (prefix["k"], prefix["suppressed"], prefix["discernibility"]) == (8, 0, 128.0)
    assert prefix["loss"] == pytest.approx(3 / 16) and prefix["chosen"]
    assert table.loc[("*", "*"), "k"] == 16
    assert table["l_after"].isna().all()  # no sensitive attribute


def _dup(frame: pd.DataFrame, times) -> pd.DataFrame:
    """Each row ``times[i]`` times, with new ids (rows of one cell)."""
    out = frame.loc[frame.index.repeat(times)].reset_index(drop=True)
    out["customer_id"] = [f"R{i}" for i in range(len(out))]
    return out


def _people(n: int = 40, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    births = pd.to_datetime("1950-01-01") + pd.to_timedelta(rng.integers(0, 20000, n), "D")
    return pd.DataFrame({
        "customer_id": [f"C{i}" for i in range(n)],
        "postcode": rng.choice(["AB1 2", "AB1 3", "AB2 1", "CD1 1", None], n),
        "gender": rng.choice(["female", "male", "non-binary"], n),
        "birth_date": births.where(rng.random(n) > 0.1),
        "income": rng.choice([1000.0, 1500.0, 2200.0, 3100.0, np.nan, 5000.0], n),
        "health": rng.choice(["a", "b", "c", None], n),
        "weight": rng.choice([0, 1, 2, 5], n),
    })


FRAMES = {
    # the defaults: postcode, birth_date (the age dimension), gender; no sensitive attribute
    "defaults": ("{}", "anonymise: {}"),
    "sensitive": ("{}", "sensitive_attribute: health\nthresholds: {k_min: 2, l_min: 2}\n"
                  "anonymise: {max_suppression: 0.5}"),
    # a number: quantile intervals read the rows per distinct value
    "number": ("{}", "quasi_identifiers: [income, gender]\nsensitive_attribute: health\n"
               "anonymise: {}"),
    # age_band from birth_date: the engine's ages
    "age_band": ("{}", "quasi_identifiers: [age_band, gender, postcode]\n"
                 "age_bands: [0, 18, 25, 35, 45, 55, 65, 200]\nanonymise: {}"),
    # declared levels, with ``other`` counting rows
    "declared": ("{}", "quasi_identifiers: [postcode, gender]\nthresholds: {k_min: 4}\n"
                 "anonymise: {hierarchies: {postcode: [4, other, '*'], gender: [other]}}"),
}


@pytest.mark.parametrize("weighted", [False, True], ids=["no weight", "weight column"])
@pytest.mark.parametrize("name", list(FRAMES))
def test_cells_give_the_rows_table(tmp_path, name, weighted):
    frame = _dup(_people(), np.random.default_rng(1).integers(1, 5, 40))
    if not weighted:
        frame = frame.drop(columns=["weight"])
    path, cfg = write(tmp_path, frame, FRAMES[name][1])
    rows = tradeoff(open_campaign(path, config_path=cfg))
    cells, n_cells = from_cells(path, cfg)
    assert_same(rows, cells)
    assert n_cells < len(frame)  # the repeated rows share their cells


@pytest.mark.parametrize("engine", ENGINES)
def test_weights_are_rows_not_people(tmp_path, engine):
    """With a weight column the trade-off counts rows (as the rows path does): 2 rows of
    weight 0 and 5 still make a class of 2."""
    frame = pd.DataFrame({"customer_id": ["a", "b", "c"], "postcode": ["AB1", "AB1", "CD1"],
                          "weight": [0, 5, 1]})
    path, cfg = write(tmp_path, frame, "quasi_identifiers: [postcode]\nthresholds: {k_min: 2}\n"
                      "anonymise: {max_suppression: 0.5}")
    campaign = open_compressed(path, config_path=cfg, engine=engine, areas=("privacy",))
    try:
        columns, exprs = cell_columns(campaign.cells)
        table = tradeoff_from_cells(campaign)
    finally:
        campaign.cells.close()
    assert columns == ["postcode"] and exprs == {"weight": "1"}
    as_is = table.iloc[0]
    assert (as_is["k"], as_is["suppressed"], as_is["k_after"]) == (1, 1, 2)
    assert as_is["discernibility"] == 2 ** 2 + 3 * 1
    assert_same(tradeoff(open_campaign(path, config_path=cfg)), table)


# ------------------------------------------------------------------ the weighted parts alone
def test_hierarchy_with_weights_is_the_rows_hierarchy(make_campaign):
    """A frame of distinct rows with weights builds the hierarchy of its rows repeated."""
    values = [3.0, 1.0, np.nan, 7.0, 2.0]
    times = np.array([4, 1, 2, 3, 6])
    config = dict(quasi_identifiers=["score"], thresholds={"k_min": 3})
    cells = make_campaign({"customer_id": list("abcde"), "score": values}, **config)
    rows = make_campaign({"customer_id": [f"r{i}" for i in range(times.sum())],
                          "score": np.repeat(values, times)}, **config)
    for spec in (["q4"], ["q2"], [2], [[0, 2, 5, 10]]):
        a = H.build(cells, "score", spec, k_min=3, weights=times)
        b = H.build(rows, "score", spec, k_min=3)
        assert a.names == b.names
        for level in range(a.height + 1):
            assert list(a.labels[level]) == list(b.labels[level])
            assert list(a.penalty[level]) == list(b.penalty[level])
            assert list(a.codes(level)) == list(b.codes(level)[np.cumsum(times) - 1])


def test_evaluate_with_weights_counts_rows(make_campaign):
    """Two cells of 3 and 1 rows with k_min = 2: the cell of 1 row is suppressed: 1 row,
    DM = 3**2 + 4 * 1 = 13, k = 1, k_after = 3; NCP at as is: (0 + 1 * 1) / 4."""
    campaign = make_campaign({"customer_id": ["a", "b"], "postcode": ["AB1", "CD1"]},
                             quasi_identifiers=["postcode"])
    h = H.build(campaign, "postcode", None, k_min=2, weights=np.array([3, 1]))
    node = S.evaluate([h], (0,), n=4, k_min=2, l_min=1, sensitive=None, max_suppression=0.25,
                      weights=np.array([3, 1], dtype=np.int64))
    assert (node.k, node.suppressed, node.k_after, node.classes) == (1, 1, 3, 1)
    assert node.discernibility == 13.0 and node.loss == 0.25 and node.feasible


@pytest.mark.parametrize("values, counts", [
    ([3.0, 1.0, 2.0], [1, 1, 1]),
    ([5.0, -1.5, 0.1, 1e6], [7, 0, 3, 1]),
    ([0.3, 0.1, 0.2], [1000, 1, 999]),
    ([2.0], [4]),
    ([1e-9, 3.3, 7.7, -2.2, 4.4], [2, 5, 1, 9, 3]),
])
@pytest.mark.parametrize("m", [2, 4, 8, 3])
def test_quantiles_of_counts_are_those_of_the_rows(values, counts, m):
    """The quantiles of values and their counts equal numpy's of the values repeated, bit
    for bit (the second computation is numpy's own, on the rows)."""
    values, counts = np.array(values), np.array(counts)
    q = np.linspace(0, 1, m + 1)
    expected = np.quantile(np.repeat(values, counts), q)
    assert np.array_equal(H.quantiles(values, counts, q), expected)
