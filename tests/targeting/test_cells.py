"""The targeting area computed from an engine's cells (ethicskit.targeting.cells).

The oracle is the rows' own reduction: the same Parquet file audited row by row in pandas
(open_campaign + record.compute) and from the engine's cells must give the same findings and
tables, field by field. The shrinking of a column to one representative per class and the
number of cells of each group are worked out by hand (or by pandas on the frame the Parquet
file was written from), not by the engine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ethicskit import record
from ethicskit.campaign import open_campaign
from ethicskit.compressed import open_compressed
from ethicskit.findings import to_jsonable
from ethicskit.targeting import cells as C
from ethicskit.targeting.checks import CHECKS
from helpers.compare import same

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]
AREA = ["targeting"]


def campaign_frame(n: int = 300, *, seed: int = 7) -> pd.DataFrame:
    """A small campaign whose rows repeat, with every column the targeting checks read: tokens
    that match the lexicon (special categories, hardship, protected keys), channels in several
    spellings, countries of several jurisdictions and none, minors, nulls everywhere."""
    rng = np.random.default_rng(seed)
    birth = pd.to_datetime("1950-01-01") + pd.to_timedelta(rng.integers(0, 70 * 365, n), "D")
    birth = birth.to_series(index=range(n)).where(rng.random(n) > 0.05)
    birth = birth.astype("datetime64[ms]")
    birth.iloc[:3] = pd.to_datetime(["2008-02-29", "2008-11-29", "2008-11-30"])

    def pick(values, p_null=0.05):
        return pd.Series(rng.choice(np.array(values, dtype=object), n)).where(
            rng.random(n) > p_null)

    return pd.DataFrame({
        "customer_id": [f"T{i:04d}" for i in range(n)],
        "birth_date": birth.dt.date,
        "targeted": rng.random(n) < 0.7,
        "country": pick(["DE", "FR", "US", "CA", "GB", "ZZ"]),
        "region": pick(["CA", "QC", "BY", None], 0.3),
        "channel": pick(["display", "Display ", "social", "email", "sms", "SOCIAL", "o'line",
                         "back\\slash"]),
        "targeting_criteria": pick(["health:diabetes;interest:a", "age:40-50;interest:b",
                                    "interest:c", "interest:debt-help", "gender:f;b;c;d;e;f",
                                    "interest:casino", "", " ; ", "religion:x;zip:123",
                                    "interest:o'brien"]),
        "inferred_segments": pick(["", "pregnancy", "x;y", "lgbtq-community", "payday-loans"]),
        "segment": pick(["S1", "S2", "S3", "tiny", "S1"]),
        "explicit_consent_sensitive": pd.array(pick([True, False]), dtype="boolean"),
        "product_category": pick(["gambling", "credit", "alcohol", "high_cost_credit",
                                  "housing", "employment", "insurance", "retail"]),
        "vulnerability_flags": pick(["debt", "grief", "", "debt;illness", None]),
        "contact_count": pd.array(np.where(rng.random(n) < 0.1, None,
                                           rng.integers(0, 14, n)), dtype="Int64"),
        "automated_decision": rng.random(n) < 0.5,
        "human_review": pd.array(pick([True, False]), dtype="boolean"),
        "parental_consent": rng.random(n) < 0.2,
        "email": [f"p{i}@example.org" for i in range(n)],
    })


def variant(name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The campaign and config of each way a dataset can be laid out."""
    rng = np.random.default_rng(13)
    if name == "plain":
        return frame, {}
    if name == "weights":  # rows standing for several people, some for nobody
        return (frame.assign(people=rng.integers(0, 4, len(frame))),
                {"columns": {"weight": "people"}})
    if name == "age":  # an age column of its own (no engine ages), renamed columns
        ages = pd.array(np.where(rng.random(len(frame)) < 0.05, None,
                                 rng.integers(10, 90, len(frame))), dtype="Int64")
        out = frame.drop(columns="birth_date").assign(years=ages).rename(
            columns={"channel": "medium"})
        return out, {"columns": {"age": "years", "channel": "medium"}}
    if name == "sparse":  # no targeted, channel, consent, segment, contact or review columns
        return frame.drop(columns=["targeted", "channel", "explicit_consent_sensitive",
                                   "segment", "contact_count", "human_review"]), {}
    raise ValueError(name)


def write(tmp_path, frame: pd.DataFrame, config: dict) -> tuple[str, str]:
    import yaml

    data = tmp_path / "campaign.parquet"
    frame.to_parquet(data, index=False)
    path = tmp_path / "campaign.yaml"
    path.write_text(yaml.safe_dump({"name": "t", "as_of": "2026-11-29",
                                    "default_jurisdiction": "EU", **config}),
                    encoding="utf-8")
    return str(data), str(path)


def compare(data: str, config: str, engine: str) -> list[str]:
    rows = record.compute(open_campaign(data, config_path=config), AREA)
    campaign = open_compressed(data, config_path=config, engine=engine, areas=AREA)
    try:
        cells = record.compute(campaign, AREA)
    finally:
        campaign.cells.close()
    diffs = []
    for a, b in zip(rows.findings, cells.findings, strict=True):
        diffs += same(a.to_dict(), b.to_dict(), a.check_id)
    assert list(rows.tables["targeting"]) == list(cells.tables["targeting"])
    for name, frame in rows.tables["targeting"].items():
        other = cells.tables["targeting"][name]
        diffs += same(to_jsonable(frame.to_dict("records")),
                      to_jsonable(other.to_dict("records")), f"table {name}")
        if list(frame.dtypes.astype(str)) != list(other.dtypes.astype(str)):
            diffs.append(f"table {name}: types {list(frame.dtypes)} != {list(other.dtypes)}")
    return diffs


@pytest.mark.parametrize("name", ["plain", "weights", "age", "sparse"])
def test_cells_give_the_rows_findings_and_tables(tmp_path, name):
    frame, config = variant(name, campaign_frame())
    diffs = compare(*write(tmp_path, frame, config), "duckdb")
    assert not diffs, "\n".join(diffs[:20])


@pytest.mark.spark
def test_spark_cells_give_the_rows_findings(tmp_path):
    frame, config = variant("weights", campaign_frame(120))
    diffs = compare(*write(tmp_path, frame, config), "spark")
    assert not diffs, "\n".join(diffs[:20])


def test_the_findings_are_not_empty(tmp_path):
    """The tiny campaign exercises the checks: each finds something (else the comparison above
    would compare nothing)."""
    data, config = write(tmp_path, campaign_frame(), {})
    campaign = open_compressed(data, config_path=config, engine="duckdb", areas=AREA)
    try:
        rec = record.compute(campaign, AREA)
    finally:
        campaign.cells.close()
    for f in rec.findings:
        assert f.status in ("fail", "warn"), (f.check_id, f.status, f.message)
        assert f.details["customer_ids"], f.check_id


def test_every_check_has_a_group():
    assert {c.id for c in CHECKS} == {i for _, ids in C.GROUPS.values() for i in ids}
    for name, (columns, _) in C.GROUPS.items():
        assert set(C.SHRUNK.get(name, ())) <= set(columns)


def test_a_group_holds_every_column_its_checks_read():
    reads = {c.id: set(c.reads) - {"weight"} for c in CHECKS}
    for columns, ids in C.GROUPS.values():
        for check_id in ids:
            assert reads[check_id] <= set(columns), (check_id, reads[check_id] - set(columns))


def test_a_column_shrinks_to_one_value_per_class(tmp_path):
    # platform channels of the default pack: display and social, whatever the case or spaces
    channel = ["email", "Display ", "social", "sms", None, "display", "email", "SOCIAL"]
    frame = pd.DataFrame({"customer_id": [f"c{i}" for i in range(8)], "channel": channel})
    data, config = write(tmp_path, frame, {})
    campaign = open_compressed(data, config_path=config, engine="duckdb", areas=AREA)
    try:
        from ethicskit.rulepack import load

        platform = C._platform(load(campaign.cells.schema.config.rules))
        sql = C.representatives(campaign.cells, {"channel": platform})["channel"]
        eng = campaign.cells.engine
        got = eng.arrow(f"SELECT {sql} AS c FROM {campaign.cells.source.location} "
                        f"ORDER BY __ek_row").column("c").to_pylist()
    finally:
        campaign.cells.close()
    # the first platform value read is "Display ", the first other one "email"
    assert got == ["email", "Display ", "Display ", "email", None, "Display ", "email",
                   "Display "]


def test_tokens_shrink_to_whether_a_value_holds_one(tmp_path):
    values = ["a;b", "", " ; ", None, "c", ";x;", "a;b"]
    frame = pd.DataFrame({"customer_id": [f"c{i}" for i in range(7)],
                          "targeting_criteria": values})
    data, config = write(tmp_path, frame, {})
    campaign = open_compressed(data, config_path=config, engine="duckdb", areas=AREA)
    try:
        sql = C.representatives(campaign.cells,
                                {"targeting_criteria": C._has_tokens})["targeting_criteria"]
        got = campaign.cells.engine.arrow(
            f"SELECT {sql} AS c FROM {campaign.cells.source.location} ORDER BY __ek_row"
        ).column("c").to_pylist()
    finally:
        campaign.cells.close()
    # "" and " ; " hold no token (a blank may be typed as null: it keeps its class, blank);
    # "a;b", "c" and ";x;" hold one: the first of each class stands for it
    holds = [v if v is None else ("a;b" if v.replace(";", "").strip() else got[1])
             for v in values]
    assert got == holds
    assert got[1] in ("", " ; ")


def test_groups_count_the_cells_of_what_they_read(tmp_path):
    """The profiling group's cells: one per distinct (targeted, age, country, region, platform
    channel, criteria hold a token, traits hold a token, parental consent), counted by pandas."""
    frame = campaign_frame()
    data, config = write(tmp_path, frame, {})
    campaign = open_compressed(data, config_path=config, engine="duckdb", areas=AREA)
    try:
        parts = C.reduce(campaign)
    finally:
        campaign.cells.close()
    b = pd.to_datetime(frame["birth_date"])
    age = 2026 - b.dt.year - ((b.dt.month > 11) | ((b.dt.month == 11) & (b.dt.day > 29)))

    def holds(s):
        return s.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v))
                     else any(t.strip() for t in str(v).split(";")))

    platform = frame["channel"].map(lambda v: None if v is None or isinstance(v, float)
                                    else v.strip().lower() in ("display", "social"))
    key = pd.DataFrame({"t": frame["targeted"], "age": age, "c": frame["country"],
                        "r": frame["region"], "p": platform,
                        "tc": holds(frame["targeting_criteria"]),
                        "is": holds(frame["inferred_segments"]),
                        "pc": frame["parental_consent"]}).astype(str)
    assert len(parts.parts["profiling"].targeted) == len(key.drop_duplicates())
    offers = frame[["targeted", "product_category", "vulnerability_flags", "automated_decision",
                    "human_review", "contact_count"]].astype(str)
    assert len(parts.parts["offers"].targeted) == len(offers.drop_duplicates())
    assert parts.parts["offers"].repeats and not parts.parts["offers"].weighted


def test_a_targeting_run_may_use_cells():
    from ethicskit.compressed import cell_areas, eligible
    from ethicskit.config import Config

    assert "targeting" in cell_areas()
    assert eligible("x.parquet", engine="duckdb", areas=["targeting"], config=Config()) is None
    assert eligible("x.parquet", engine="duckdb", areas=["bias", "targeting"],
                    config=Config()) is None
