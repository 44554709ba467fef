"""The bias area computed from a campaign compressed by an engine (ethicskit.compressed).

The oracle is the rows' own reduction: the same Parquet file audited row by row in pandas
(open_campaign + record.compute) and from the engine's cells must give the same findings and
tables, every count exact and every float to 1e-12 (float sums are added in another order).
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from ethicskit import record
from ethicskit.campaign import open_campaign
from ethicskit.compressed import eligible, open_compressed, open_for
from ethicskit.config import Config, validate
from ethicskit.data import age_at
from ethicskit.errors import DataError
from ethicskit.findings import to_jsonable
from helpers.compare import same

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


def assert_same_record(by_rows, by_cells) -> None:
    diffs = []
    for a, b in zip(by_rows.findings, by_cells.findings, strict=True):
        diffs += same(a.to_dict(), b.to_dict(), a.check_id)
    for name, frame in by_rows.tables["bias"].items():
        other = by_cells.tables["bias"][name]
        diffs += same(to_jsonable(frame.to_dict("records")),
                      to_jsonable(other.to_dict("records")), f"table {name}")
        if list(frame.dtypes.astype(str)) != list(other.dtypes.astype(str)):
            diffs.append(f"table {name}: types {list(frame.dtypes)} != {list(other.dtypes)}")
    assert not diffs, "\n".join(diffs[:20])
    assert by_rows.meta["dataset"] == by_cells.meta["dataset"]


def campaign_frame(n: int = 400, *, seed: int = 3) -> pd.DataFrame:
    """A small campaign whose rows repeat (so cells are fewer than rows), with a continuous
    offer and feature, a text feature, nulls, a Feb 29 birthday and ages around 18."""
    rng = np.random.default_rng(seed)
    birth = pd.to_datetime("1950-01-01") + pd.to_timedelta(rng.integers(0, 60 * 365, n), "D")
    birth = birth.where(rng.random(n) > 0.05)  # some unknown
    birth = birth.to_series(index=range(n)).astype("datetime64[ms]")
    birth.iloc[:3] = pd.to_datetime(["2008-02-29", "2008-11-29", "2008-11-30"])
    targeted = rng.random(n) < 0.5
    return pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(n)],
        "gender": rng.choice(["female", "male", "non-binary"], n, p=[0.48, 0.48, 0.04]),
        "ethnicity": pd.Series(rng.choice(["a", "b", "c"], n)).where(rng.random(n) > 0.03),
        "birth_date": birth.dt.date,
        "targeted": targeted,
        "prediction": rng.random(n) < 0.4,
        "outcome": pd.array(np.where(rng.random(n) < 0.1, None, rng.random(n) < 0.3),
                            dtype="boolean"),
        "offer_value": np.where(targeted, np.round(rng.gamma(2.0, 20.0, n), 2), np.nan),
        "product_category": "retail",
        "basket_value": np.where(rng.random(n) < 0.03, np.nan, np.round(rng.normal(50, 15, n), 1)),
        "visits": np.where(rng.random(n) < 0.97, 0, rng.integers(1, 40, n)),  # quantiles collapse
        "store": rng.choice(["north", "south", "east"], n),
        "email": [f"p{i}@example.org" for i in range(n)],
    })


def write(tmp_path, frame: pd.DataFrame, config: dict) -> tuple[str, str]:
    import yaml

    data = tmp_path / "campaign.parquet"
    frame.to_parquet(data, index=False)
    path = tmp_path / "campaign.yaml"
    path.write_text(yaml.safe_dump({"name": "t", "as_of": "2026-11-29", **config}),
                    encoding="utf-8")
    return str(data), str(path)


def by_rows(data, config):
    return record.compute(open_campaign(data, config_path=config), ["bias"])


def by_cells(data, config, engine="duckdb"):
    campaign = open_compressed(data, config_path=config, engine=engine)
    rec = record.compute(campaign, ["bias"])
    campaign.cells.close()
    return campaign, rec


def variant(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The campaign and config of each way a dataset can be laid out."""
    rng = np.random.default_rng(11)
    if name == "plain":
        return frame, {}
    if name == "weights":  # rows standing for several people, some for nobody
        return frame.assign(people=rng.integers(0, 4, len(frame))), {"columns": {"weight": "people"}}
    if name == "selected_count":  # the decision splits each row (the engine cannot sum offers)
        people = rng.integers(1, 5, len(frame))
        return (frame.assign(people=people, chosen=(people * rng.random(len(frame))).astype(int)),
                {"columns": {"weight": "people", "selected_count": "chosen"},
                 "decision": "selected_count"})
    if name == "text_flags":  # yes/no text: the engine cannot read targeted as a boolean
        return (frame.assign(targeted=np.where(frame["targeted"], "yes", "no")), {})
    if name == "text_dates":  # dates as text: the ages are the typed rows', not the engine's
        return (frame.assign(birth_date=pd.to_datetime(frame["birth_date"]).dt.strftime(
            "%Y-%m-%d")), {})
    if name == "age_column":
        ages = age_at(pd.to_datetime(frame["birth_date"]).dt.tz_localize("UTC"),
                      dt.date(2026, 11, 29))
        return frame.drop(columns="birth_date").assign(years=ages), {"columns": {"age": "years"}}
    if name == "configured":  # attributes, features and recoding named by the config
        return (frame.rename(columns={"gender": "sex"}).assign(region_code=rng.choice(
            ["r1", "r2"], len(frame))),
                {"columns": {"gender": "sex"}, "values": {"sex": {"non-binary": "other"}},
                 "protected_attributes": ["sex", "age_band", "region_code"],
                 "model_features": ["basket_value", "store", "email"],
                 "reference_groups": {"sex": "female"},
                 "population_shares": {"sex": {"female": 0.5, "male": 0.49}}})
    raise KeyError(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plain", "weights", "selected_count", "text_flags",
                                  "text_dates", "age_column", "configured"])
def test_cells_give_the_findings_of_the_rows(tmp_path, name):
    frame, config = variant(name, campaign_frame())
    data, path = write(tmp_path, frame, config)
    campaign, cells = by_cells(data, path)
    assert len(campaign.df) < len(frame)  # compressed: rows repeat
    assert_same_record(by_rows(data, path), cells)


def test_a_compressed_campaign_counts_the_rows_it_stands_for(tmp_path):
    """Six rows, two of them twice: four cells of weights 2, 1, 2, 1 (in the cells' order),
    six rows, no weight of its own."""
    frame = pd.DataFrame({"customer_id": list("abcdef"),
                          "gender": ["f", "m", "f", "m", "m", "f"],
                          "targeted": [True, False, True, True, False, False]})
    data, path = write(tmp_path, frame, {})
    campaign = open_compressed(data, config_path=path, engine="duckdb")
    # cells sorted by (gender, targeted): (f, F) 1, (f, T) 2, (m, F) 2, (m, T) 1
    assert campaign.df["weight"].tolist() == [1, 2, 2, 1]
    assert campaign.df["gender"].astype(str).tolist() == ["f", "f", "m", "m"]
    assert (campaign.rows, campaign.weighted, campaign.has_weights) == (6, False, True)
    selection = record.compute(campaign, ["bias"]).finding("bias.selection_rate")
    rates = {g["group"]: g["rate"] for g in selection.details["groups"]}
    assert rates == {"f": 2 / 3, "m": 1 / 3}
    assert selection.details["weighted"] is False  # rows, as without compression


@pytest.mark.parametrize("birth, age", [
    ("2008-11-29", 18), ("2008-11-30", 17), ("2008-02-29", 18), ("2008-03-01", 18),
    ("1900-01-01", 126), ("2026-11-29", 0), ("2000-12-31", 25), ("2001-01-01", 25),
])
def test_the_engine_computes_ages_as_the_contract_does(tmp_path, birth, age):
    frame = pd.DataFrame({"customer_id": ["a", "b"], "gender": ["f", "m"],
                          "birth_date": pd.to_datetime([birth, "1990-06-15"]).date})
    data, path = write(tmp_path, frame, {})
    campaign = open_compressed(data, config_path=path, engine="duckdb")
    assert campaign.cells.age is not None  # the engine computed them
    expected = age_at(pd.to_datetime(pd.Series([birth])).dt.tz_localize("UTC"),
                      dt.date(2026, 11, 29))
    assert int(expected.iloc[0]) == age  # the contract's rule, worked out by hand
    got = dict(zip(campaign.df["gender"].astype(str), campaign.df["age"]))
    assert (got["f"], got["m"]) == (age, 36)


def test_birth_dates_after_as_of_are_refused(tmp_path):
    frame = pd.DataFrame({"customer_id": ["a", "b", "c"], "gender": ["f", "m", "m"],
                          "birth_date": pd.to_datetime(["2027-01-01", "1990-01-01",
                                                        "2030-05-05"]).date})
    data, path = write(tmp_path, frame, {})
    with pytest.raises(DataError, match=r"column 'birth_date' holds birth dates after as_of "
                                        r"\(2026-11-29\) in 2 rows"):
        open_compressed(data, config_path=path, engine="duckdb")


@pytest.mark.parametrize("dataset, engine, areas, config, reason", [
    ("x.parquet", "duckdb", ["bias"], {}, None),
    ("table:db.t", "spark", ["bias"], {}, None),
    ("x.parquet", "pandas", ["bias"], {}, "the pandas engine reads the rows"),
    ("x.parquet", "duckdb", ["bias", "privacy", "targeting", "transparency"], {}, None),
    ("x.parquet", "duckdb", ["bias"], {"derive": {"targeted": "a > 1"}}, "derive:"),
    ("w.duckdb:t", "spark", ["bias"], {}, "Spark cannot read a DuckDB table"),
])
def test_eligible(dataset, engine, areas, config, reason):
    got = eligible(dataset, engine=engine, areas=areas,
                   config=validate(config) if config else Config())
    assert (got is None) if reason is None else (reason in got)


def test_an_area_not_on_cells_keeps_the_run_on_rows(monkeypatch):
    from ethicskit.privacy import checks as privacy

    monkeypatch.setattr(privacy, "FROM_CELLS", False)
    got = eligible("x.parquet", engine="duckdb", areas=["bias", "privacy"], config=Config())
    assert got == "only the bias, targeting areas are computed from cells so far"
    # transparency reads the privacy findings: it is not on cells either
    assert eligible("x.parquet", engine="duckdb", areas=["transparency"], config=Config())


@pytest.mark.parametrize("threshold, areas, engine, compressed", [
    (1, ["bias"], None, True),  # auto, a dataset over the threshold, bias alone: the cells
    (2 ** 40, ["bias"], None, False),  # auto, under it: the rows (as fast there)
    (1, ["bias", "privacy"], None, False),  # another area reads the rows
    (1, ["bias"], "pandas", False),  # asked for
    (2 ** 40, ["bias"], "duckdb", True),  # asked for
])
def test_auto_computes_large_bias_runs_from_cells(tmp_path, monkeypatch, threshold, areas,
                                                  engine, compressed):
    import ethicskit.compressed as C

    frame, config = variant("plain", campaign_frame(60))
    data, path = write(tmp_path, frame, config)
    monkeypatch.setattr(C, "AUTO_CELLS_BYTES", threshold)
    campaign = open_for(areas, data, config_path=path, engine=engine)
    assert (campaign.cells is not None) == compressed
    assert campaign.engine == ("duckdb" if compressed else "pandas")
    if compressed:
        campaign.cells.close()


def test_a_local_csv_is_not_compressed(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("customer_id,gender\na,f\n", encoding="utf-8")
    assert "CSV" in eligible(str(path), engine="duckdb", areas=["bias"], config=Config())
    campaign = open_for(["bias"], str(path), engine="duckdb")
    assert campaign.cells is None and campaign.engine == "pandas"


@pytest.mark.slow
@pytest.mark.parametrize("engine_name", ENGINES)
def test_every_engine_gives_the_same_cells(tmp_path, engine_name, request):
    if engine_name == "spark":
        request.getfixturevalue("spark_session")
    frame, config = variant("weights", campaign_frame(300, seed=5))
    data, path = write(tmp_path, frame, config)
    campaign, cells = by_cells(data, path, engine=engine_name)
    assert campaign.engine == engine_name
    assert_same_record(by_rows(data, path), cells)


@pytest.fixture(scope="module")
def spark_session():
    """A local Spark session for this module (skipped without Java or PySpark)."""
    import importlib.util
    import shutil

    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        pytest.skip("Spark needs pyspark and Java 17")
    from ethicskit.engine import connect

    eng = connect("spark", spark_master="local[1]",
                  spark_config={"spark.sql.shuffle.partitions": "1",
                                "spark.driver.memory": "1g"})
    yield eng
    eng.session.stop()


@pytest.mark.slow
def test_a_bias_run_on_the_engine_finds_what_the_rows_find(tmp_path):
    """``ethicskit run --only bias --engine duckdb`` on the sample campaign as a Parquet folder:
    the summary's findings and dataset equal those of the pandas run; the log and record say
    how many cells the engine made."""
    from ethicskit.runner import run
    from ethicskit.sample.build import write_sample_parts

    write_sample_parts(tmp_path / "spring", rows=3000, part_rows=1000)
    lines: list[str] = []
    for engine in ("pandas", "duckdb"):
        result = run(dataset=str(tmp_path / "spring"), config=str(tmp_path / "spring.yaml"),
                     out=tmp_path / engine, areas=["bias"], engine=engine, log=lines.append)
        assert result.exit_code() in (0, 1)
    summaries = [json.loads((tmp_path / e / "latest" / "summary.json").read_text())
                 for e in ("pandas", "duckdb")]
    assert not same(summaries[0]["findings"], summaries[1]["findings"])
    assert summaries[0]["dataset"] == summaries[1]["dataset"]
    meta = json.loads(next((tmp_path / "duckdb").glob("2*/record.json")).read_text())
    # every cell the engine returned, over all its queries (the bias cells, each feature's,
    # the notes' countries): a count of cells, not of rows
    assert meta["engine"] == "duckdb" and meta["cells"] > 0
    assert any(f"reduced by duckdb to {meta['cells']:,} cells" in line for line in lines)


@pytest.mark.spark
def test_spark_refuses_cells_of_nanosecond_timestamps(tmp_path, spark_session):
    """Spark reads a Parquet nanosecond timestamp as a number: cells of it cannot be typed."""
    from ethicskit.errors import InputError

    frame = pd.DataFrame({"customer_id": ["a", "b"], "gender": ["f", "m"],
                          "birth_date": pd.to_datetime(["1980-01-01 00:00:00.000000001",
                                                        "1990-01-01 00:00:00.000000000"])})
    data, path = write(tmp_path, frame, {})
    with pytest.raises(InputError, match="'birth_date' holds Parquet nanosecond timestamps"):
        open_compressed(data, config_path=path, engine="spark")
    campaign = open_compressed(data, config_path=path, engine="duckdb")  # DuckDB reads them
    assert campaign.df["age"].tolist() == [46, 36]


def test_a_source_the_engine_cannot_read_is_named(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1" + b"\0" * 64)
    with pytest.raises(DataError, match=r"broken.parquet: duckdb cannot read the dataset: "):
        open_compressed(str(path), engine="duckdb")
