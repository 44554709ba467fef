"""The transparency reduction of a compressed campaign (ethicskit.transparency.cells).

Every expected value is worked out by hand from the tiny tables written here, then the whole
reduction (findings, table, files) is compared with the rows path of the same Parquet file.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import yaml

from ethicskit import registry
from ethicskit.campaign import open_campaign
from ethicskit.cellsql import WHITESPACE
from ethicskit.compressed import open_compressed
from ethicskit.executor import run_check
from ethicskit.findings import to_jsonable
from ethicskit.notice import observed_columns
from ethicskit.transparency import cells as C
from ethicskit.transparency import checks as T

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]

FULL = {"category": "behavioural", "purpose": "choose offers", "legal_basis": "consent",
        "source": "observed", "retention_days": 365, "in_model": True, "reason": "relevant offers"}
UTC = dt.timezone.utc


def _write(tmp_path, table: pa.Table, inventory: dict, **config) -> tuple[str, str]:
    """The Parquet file of ``table`` and a config naming ``inventory``, under ``tmp_path``."""
    pq.write_table(table, tmp_path / "d.parquet")
    # a JSON copy: no dict appears twice, so the YAML holds no alias (refused by the loader)
    (tmp_path / "inv.yaml").write_text(yaml.safe_dump(json.loads(json.dumps(
        {"columns": inventory}))))
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"inventory": "inv.yaml", **config}))
    return str(tmp_path / "d.parquet"), str(tmp_path / "c.yaml")


# Six rows. What the typing leaves present, column by column (worked out by hand):
# customer_id 6; note: "x", "\u200b" (a zero-width space is not white space) and " y " = 3
# ("", "  ", "\u3000\xa0" are blank, one null); spend: 1.5, 0.0, -2 = 3 (NaN and null are
# not); visits 5 (one null); flag 4; seen 5; targeting_criteria 6 (a list column reads a
# null as no tokens, ""); automated_decision 4 (two nulls).
TABLE = {
    "customer_id": pa.array(["a", "b", "c", "d", "e", "f"]),
    "note": pa.array(["x", "", "  ", "\u3000\xa0", None, "\u200b"]),
    "spend": pa.array([1.5, float("nan"), None, 0.0, -2.0, float("nan")]),
    "visits": pa.array([1, 2, None, 4, 5, 6], type=pa.int64()),
    "flag": pa.array([True, False, None, True, None, False]),
    "seen": pa.array([dt.datetime(2025, 1, d, tzinfo=UTC) if d else None
                      for d in (1, 2, 3, None, 5, 6)], type=pa.timestamp("us", tz="UTC")),
    "religion_guess": pa.array(["p", "q", "p", "q", "p", "q"]),
    "targeting_criteria": pa.array(["Interest:Run; religion_guess:p", "interest:run;"
                                    "religion_guess:p", None, "x:1", "", "interest:run"]),
    "automated_decision": pa.array([False, None, False, True, None, False]),
}
NOTE_PRESENT = 2  # before " y " is added below: "x" and "\u200b"
INVENTORY = {"customer_id": dict(FULL, in_model=False), "spend": FULL,
             "religion_guess": dict(FULL, in_model=False, use="audit_only"),
             "targeting_criteria": FULL, "gone": {"category": "special_category"}}


def table(**changes) -> pa.Table:
    return pa.table({**TABLE, **changes})


@pytest.fixture
def opened(tmp_path):
    made = []

    def open_both(tab: pa.Table, inventory=INVENTORY, *, engine="duckdb", **config):
        path, cfg = _write(tmp_path, tab, inventory, **config)
        rows = open_campaign(path, config_path=cfg)
        cells = open_compressed(path, config_path=cfg, engine=engine, areas=["transparency"])
        made.append(cells)
        return rows, cells

    yield open_both
    for c in made:
        c.cells.close()


def test_whitespace_is_what_arrow_trims():
    # every code point Arrow's utf8_trim_whitespace removes, found by trying them all
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    trimmed = pc.utf8_trim_whitespace(pa.array(points)).to_pylist()
    assert "".join(p for p, t in zip(points, trimmed) if t == "") == WHITESPACE


@pytest.mark.parametrize("engine", ENGINES)
def test_observed_counts_what_the_typing_leaves_present(opened, engine):
    tab = table(note=pa.array(["x", "", "  ", "\u3000\xa0", None, "\u200b"]))
    rows, cells = opened(tab, engine=engine)
    expected = [("customer_id", 6), ("note", NOTE_PRESENT), ("spend", 3), ("visits", 5),
                ("flag", 4), ("seen", 5), ("religion_guess", 6), ("targeting_criteria", 6),
                ("automated_decision", 4)]
    got = C.observed(cells.cells)
    assert [(c, n) for c, _, n in got] == expected
    assert got == observed_columns(rows)            # the rows path, for the same file


def test_text_with_inner_spaces_is_present(opened):
    rows, cells = opened(table(note=pa.array([" y ", "", None, "\t\n", "z", "\x85"])))
    got = dict((c, n) for c, _, n in C.observed(cells.cells))
    assert got["note"] == 2  # " y " and "z"
    assert C.observed(cells.cells) == observed_columns(rows)


def test_a_recoded_column_is_counted_from_its_typed_values(opened):
    # values: recodes "p" to an empty text, which the typing reads as null: 3 of 6 remain
    rows, cells = opened(table(), values={"religion_guess": {"p": ""}})
    got = dict((c, n) for c, _, n in C.observed(cells.cells))
    assert got["religion_guess"] == 3
    assert C.observed(cells.cells) == observed_columns(rows)


def test_mapped_columns_keep_their_frame_names(opened):
    tab = table().rename_columns(["cust_no", "note", "spend", "visits", "flag", "seen",
                                  "guess", "criteria", "auto"])
    rows, cells = opened(tab, {"customer_id": FULL},
                         columns={"customer_id": "cust_no", "targeting_criteria": "criteria",
                                  "automated_decision": "auto"})
    got = C.observed(cells.cells)
    assert got[0] == ("cust_no", "customer_id", 6)
    assert got[7] == ("criteria", "targeting_criteria", 6)
    assert got == observed_columns(rows)
    assert C.automated(cells.cells) is True


@pytest.mark.parametrize("engine", ENGINES)
def test_criteria_merge_values_that_read_alike(opened, engine):
    rows, cells = opened(table(), engine=engine)
    keys, counts = C.criteria(cells.cells)
    # typed values: "interest:run;religion_guess:p" (rows a, b), "" (rows c, e: a null reads
    # as no tokens), "x:1" (d), "interest:run" (f)
    got = sorted(zip(map(sorted, keys), counts.tolist()))
    assert got == [([], 2), (["interest"], 1), (["interest", "religion_guess"], 2), (["x"], 1)]


def test_criteria_count_rows_not_weights(opened):
    # a weight of the dataset's own does not change the rows of a criteria value
    tab = table(weight=pa.array([5, 1, 1, 1, 1, 7], type=pa.int64()))
    rows, cells = opened(tab)
    keys, counts = C.criteria(cells.cells)
    got = sorted(zip(map(sorted, keys), counts.tolist()))
    assert got == [([], 2), (["interest"], 1), (["interest", "religion_guess"], 2), (["x"], 1)]
    red = T.reduce(cells, None)
    assert T.CHECKS[1].id == "transparency.excluded_data_used"
    f = run_check(T.CHECKS[1], red, columns=cells.cells.schema.df.columns,
                  overrides=cells.config.thresholds)
    assert (f.value, f.affected_rows) == (1, 2)  # religion_guess, rows a and b


@pytest.mark.parametrize("automated, expected", [
    ([False, None, False, False, None, False], False),
    ([None] * 6, False),
    (["no", "yes", "", "no", None, "NO"], True),
])
def test_automated_reads_the_typed_decision(opened, automated, expected):
    rows, cells = opened(table(automated_decision=pa.array(automated,
                                                           type=None if any(
                                                               isinstance(a, str)
                                                               for a in automated)
                                                           else pa.bool_())))
    assert C.automated(cells.cells) is expected
    assert T.reduce(cells).notice["automated"] is expected
    assert T.reduce(rows).notice["automated"] is expected


def test_no_criteria_nor_automated_column(opened):
    tab = table().drop_columns(["targeting_criteria", "automated_decision"])
    rows, cells = opened(tab)
    assert C.criteria(cells.cells) == (None, None)
    assert C.automated(cells.cells) is False


def _close(x, y) -> bool:
    if isinstance(x, float) and isinstance(y, float):
        return (math.isnan(x) and math.isnan(y)) or abs(x - y) <= 1e-12 * max(1, abs(x))
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_close(x[k], y[k]) for k in x)
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return len(x) == len(y) and all(_close(i, j) for i, j in zip(x, y))
    return x == y


def _area(campaign, findings):
    """The transparency findings, table and files of ``campaign``, given earlier findings."""
    red = registry.reduce("transparency", campaign, findings)
    columns = (campaign.cells.schema if campaign.cells is not None else campaign).df.columns
    found = dict(findings)
    for row in registry.checks_for("transparency"):
        found[row.id] = run_check(row, registry.part_for(red, row.id), columns=columns,
                                  overrides=campaign.config.thresholds)
    return found, T.tables(red, found), T.files(red, found)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("changes, config", [
    ({}, {"model_features": ["spend"]}),
    ({"weight": pa.array([2, 1, 3, 1, 1, 1], type=pa.int64())}, {}),
    ({}, {"values": {"religion_guess": {"p": ""}}, "controller": {"name": "Shop Ltd"}}),
], ids=["features", "weighted", "recoded"])
def test_the_area_from_cells_equals_the_rows(opened, engine, changes, config):
    rows, cells = opened(table(**changes), engine=engine, **config)
    a_found, a_tables, a_files = _area(rows, {})
    b_found, b_tables, b_files = _area(cells, {})
    assert list(a_found) == list(b_found)
    for cid in a_found:
        assert _close(a_found[cid].to_dict(), b_found[cid].to_dict()), cid
    assert a_tables.keys() == b_tables.keys() == {"inventory"}
    x, y = a_tables["inventory"], b_tables["inventory"]
    assert to_jsonable(x.to_dict("records")) == to_jsonable(y.to_dict("records"))
    assert list(x.dtypes.astype(str)) == list(y.dtypes.astype(str))
    assert a_files == b_files and "datasheet.html" in b_files


def test_the_inventory_table_holds_the_counts_worked_out(opened):
    rows, cells = opened(table())
    frame = T.tables(T.reduce(cells), {})["inventory"]
    non_null = dict(zip(frame["column"], frame["non_null"]))
    assert non_null["spend"] == 3 and non_null["note"] == NOTE_PRESENT
    assert non_null["targeting_criteria"] == 6
    assert pd.isna(non_null["gone"])  # declared, not in the data


def test_the_rows_path_never_asks_an_engine(opened, monkeypatch):
    rows, _ = opened(table())

    def refuse(*a, **k):
        raise AssertionError("the rows path asked for cells")

    for name in ("observed", "criteria", "automated"):
        monkeypatch.setattr(C, name, refuse)
    assert T.reduce(rows).observed[2] == ("spend", "spend", 3)


@pytest.mark.parametrize("engine", ENGINES)
def test_pandas_categories_keep_their_blank_texts(tmp_path, engine):
    # a Parquet file written by pandas holds its categories as such: the rows reader gives a
    # Categorical, which an unmapped column keeps as it is (" " and "" present: 3 of 4), while
    # a logical column strips it ("gender": only "f" is left)
    frame = pd.DataFrame({"customer_id": list("abcd"),
                          "seg": pd.Categorical(["x", " ", "", None]),
                          "gender": pd.Categorical(["f", " ", "", None])})
    frame.to_parquet(tmp_path / "d.parquet")
    path = str(tmp_path / "d.parquet")
    rows = open_campaign(path)
    cells = open_compressed(path, engine=engine, areas=["transparency"])
    try:
        got = C.observed(cells.cells)
        assert [(c, n) for c, _, n in got] == [("customer_id", 4), ("seg", 3), ("gender", 1)]
        assert got == observed_columns(rows)
    finally:
        cells.cells.close()


def test_the_notebook_helpers_read_cells(opened):
    from ethicskit.transparency import inventory_table, notice_markdown

    rows, cells = opened(table())
    a, b = inventory_table(rows), inventory_table(cells)
    assert to_jsonable(a.to_dict("records")) == to_jsonable(b.to_dict("records"))
    assert notice_markdown(rows) == notice_markdown(cells) != ""


def test_without_inventory_nothing_is_asked(tmp_path, monkeypatch):
    pq.write_table(table(), tmp_path / "d.parquet")
    cells = open_compressed(str(tmp_path / "d.parquet"), engine="duckdb", areas=["transparency"])
    try:
        for name in ("observed", "criteria", "automated"):
            monkeypatch.setattr(C, name, lambda *a, **k: pytest.fail("asked the engine"))
        r = T.reduce(cells)
        assert (r.inventory, r.rows, r.observed) == (None, 6, ())
    finally:
        cells.cells.close()
