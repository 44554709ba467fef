"""Group counts and evidence ids computed by each engine, against values worked out without one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ENGINES
from engine_reference import assert_same_cells, reference_group_sums

from ethicskit.engine import first_ids, group_sums
from ethicskit.errors import DataError, InputError

N = None

TINY = {
    "strings with nulls, no weight": dict(
        frame=pd.DataFrame({"g": ["b", "a", None, "b", "a", None, "B", "é"],
                            "t": [True, False, True, True, False, False, True, True],
                            "v": [1, 2, 3, 4, 5, 6, 7, 8]}),
        by=["g"], weight=None, values={"t": "t", "v": "v"}),
    "integer weights, float value with nulls": dict(
        frame=pd.DataFrame({"g": ["x", "y", "x", "y", "x"], "h": ["p", "p", "q", "q", "p"],
                            "w": [3, 0, 2, 5, 1], "v": [0.5, 1.25, N, 2.0, 0.1]}),
        by=["g", "h"], weight="w", values={"v": "v"}),
    "float weights": dict(
        frame=pd.DataFrame({"g": ["x", "x", "y"], "w": [0.5, 1.5, 2.25],
                            "s": [True, False, True]}),
        by=["g"], weight="w", values={"s": "s"}),
    "bool and integer cells with nulls": dict(
        frame=pd.DataFrame({"b": [True, N, False, True, N, False],
                            "k": pd.array([3, 1, N, 3, 1, 2], dtype="Int64"),
                            "w": [1, 2, 3, 4, 5, 6]}),
        by=["b", "k"], weight="w", values={}),
    "total (no cells)": dict(
        frame=pd.DataFrame({"w": [2, 3, 4], "v": [1.0, 2.0, 0.5]}),
        by=[], weight="w", values={"v": "v"}),
}


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("case", list(TINY), ids=list(TINY))
def test_group_sums_equals_counts_group_sums(engine, case):
    c = TINY[case]
    got = group_sums(c["frame"], by=c["by"], weight=c["weight"], values=c["values"],
                     engine=engine)
    if c["by"]:
        want = reference_group_sums(c["frame"], c["by"], weight=c["weight"], values=c["values"])
    else:  # the total, by hand
        f = c["frame"]
        want = pd.DataFrame({"n": [int(f["w"].sum())], "v": [float((f["w"] * f["v"]).sum())]})
    assert_same_cells(got, want, c["by"])


@pytest.mark.parametrize("engine_name", ENGINES)
def test_group_sums_by_hand(engine):
    frame = pd.DataFrame({"g": ["m", "f", "f", None, "m"], "w": [2, 1, 3, 4, 5],
                          "y": [True, True, False, True, N]})
    got = group_sums(frame, by=["g"], weight="w", values={"y": "y"}, engine=engine)
    # f: rows 2, 3 -> n 1 + 3, y 1; m: rows 1, 5 -> n 2 + 5, y 2 (the null adds nothing);
    # the null group last: n 4, y 4.
    assert got["g"].tolist()[:2] == ["f", "m"] and pd.isna(got["g"].iloc[2])
    assert got["n"].tolist() == [4, 7, 4]
    assert got["y"].tolist() == [1, 2, 4]
    assert str(got["n"].dtype) == "int64" and str(got["y"].dtype) == "int64"


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("where, rows", [
    ("v > 2", [False, False, True, True, True, True, True, True]),
    ("g = 'b' OR t IS NULL", [True, False, False, True, False, False, False, False]),
    ("v > 100", [False] * 8),
])
def test_group_sums_where(engine, where, rows):
    frame = TINY["strings with nulls, no weight"]["frame"].copy()
    frame["t"] = frame["t"].astype(object)
    got = group_sums(frame, by=["g", "t"], values={"v": "v"}, where=where, engine=engine)
    want = reference_group_sums(frame, ["g", "t"], values={"v": "v"}, rows=np.array(rows))
    assert_same_cells(got, want, ["g", "t"])


@pytest.mark.parametrize("engine_name", ENGINES)
def test_group_sums_value_expression(engine):
    frame = pd.DataFrame({"g": ["a", "a", "b"], "x": [1, 5, 7], "t": [True, True, False]})
    got = group_sums(frame, by=["g"], values={"big": "x > 2 AND t", "x2": "x * 2"},
                     engine=engine)
    assert got["big"].tolist() == [1, 0]  # a: only x=5; b: t false
    assert got["x2"].tolist() == [12, 14]


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("order_by, limit, want", [
    ((), 3, ["a1", "a2", "b1"]),
    (["score DESC"], 3, ["b1", "a2", "c1"]),  # 0.9, then the tie 0.5 broken by id
    (["score"], 10, ["a1", "a2", "c1", "b1", "n1"]),  # the null score last
    (["grp", "score DESC"], 2, ["a2", "a1"]),
    (["score DESC"], 0, []),
])
def test_first_ids_order_and_limit(engine, order_by, limit, want):
    frame = pd.DataFrame({"customer_id": ["c1", "a2", "n1", "b1", "a1"],
                          "score": [0.5, 0.5, N, 0.9, 0.1],
                          "grp": ["z", "a", "z", "z", "a"]})
    assert first_ids(frame, order_by=order_by, limit=limit, engine=engine) == want


@pytest.mark.parametrize("engine_name", ENGINES)
def test_first_ids_where(engine):
    frame = pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(50)],
                          "flag": [i % 7 == 0 for i in range(50)]})
    got = first_ids(frame, where="flag", limit=4, engine=engine)
    assert got == ["C000", "C007", "C014", "C021"]


@pytest.mark.parametrize("engine_name", ["duckdb"])
@pytest.mark.parametrize("kwargs, error", [
    (dict(by=["nope"]), DataError),
    (dict(by=["g"], values={"v": "g"}), DataError),  # text is not a number
    (dict(by=["g"], where="g IN (SELECT 1)"), InputError),
    (dict(by=["g"], where="read_csv('/etc/passwd') IS NULL"), InputError),
    (dict(by=["g"], values={"n": "x"}), InputError),
    (dict(by=["g"], values={"bad": "SUM(x)"}), InputError),
])
def test_group_sums_refuses(engine, kwargs, error):
    frame = pd.DataFrame({"g": ["a"], "x": [1]})
    with pytest.raises(error):
        group_sums(frame, engine=engine, **kwargs)
