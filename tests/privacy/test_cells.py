"""The privacy area from an engine's cells (ethicskit.privacy.cells): each check reads a group
of cells whose columns are transformed in SQL, and must give what the rows give.

Expected values are worked out by hand from the tiny frames below (dates, weekdays and
business days written out in the comments); each frame is also audited from its rows, and
the findings, tables and ``suppress.csv`` of the two paths must be the same.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ethicskit import record
from ethicskit.campaign import open_campaign
from ethicskit.compressed import open_compressed
from ethicskit.findings import to_jsonable
from ethicskit.privacy import cells as P
from ethicskit.privacy import checks

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]
AS_OF = "2026-11-29"


def utc(text):
    return None if text is None else pd.Timestamp(text, tz="UTC")


def write(tmp_path, frame: pd.DataFrame, **config) -> tuple[str, str]:
    """``frame`` as a Parquet file and a config (as_of, EU by default) beside it."""
    path = tmp_path / "tiny.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    lines = [f"as_of: '{AS_OF}'", "default_jurisdiction: EU"]
    lines += [f"{k}: {v}" for k, v in config.items()]
    cfg = tmp_path / "tiny.yaml"
    cfg.write_text("\n".join(lines) + "\n")
    return str(path), str(cfg)


def both_paths(path: str, cfg: str, engine: str = "duckdb"):
    """``(record from the rows, record from the cells, compressed campaign)``."""
    rows = record.compute(open_campaign(path, config_path=cfg), ["privacy"])
    campaign = open_compressed(path, config_path=cfg, engine=engine, areas=("privacy",))
    try:
        cells = record.compute(campaign, ["privacy"])
    finally:
        campaign.cells.close()
    return rows, cells


def assert_same(rows, cells) -> None:
    """Every privacy finding, table (values and dtypes) and file equal."""
    for a, b in zip(rows.findings, cells.findings):
        assert to_jsonable(a.to_dict()) == to_jsonable(b.to_dict()), a.check_id
    for name, table in rows.tables["privacy"].items():
        other = cells.tables["privacy"][name]
        assert to_jsonable(table.to_dict("records")) == to_jsonable(other.to_dict("records"))
        assert list(table.dtypes.astype(str)) == list(other.dtypes.astype(str)), name
    assert rows.files == cells.files


def finding(rec, check_id):
    return next(f for f in rec.findings if f.check_id == check_id)


# ------------------------------------------------------------------ contact after opt-out
#: id, country, optout_ts, contact_ts, breach?, whole days of delay (when a breach)
OPTOUTS = [
    ("a", "DE", "2026-10-01 10:00:00", "2026-10-01 10:00:00", False, None),  # same instant
    ("b", "DE", "2026-10-01 10:00:00", "2026-10-01 10:00:01", True, 0),  # a second later
    ("c", "DE", "2026-10-01 10:00:00", "2026-10-02 09:59:59", True, 0),  # a day less 1 s
    ("d", "DE", "2026-10-01 10:00:00", "2026-10-02 10:00:00", True, 1),  # a day to the second
    # US: 10 business days; Sat 2026-10-03 rolls to Mon 10-05, deadline Mon 10-19
    ("e", "US", "2026-10-03 15:00:00", "2026-10-16 23:00:00", False, None),  # Fri before
    ("f", "US", "2026-10-03 15:00:00", "2026-10-20 01:00:00", True, 16),  # Tue after
    # Fri 2026-10-02: deadline Fri 10-16 (a contact that day is in time, any hour)
    ("g", "US", "2026-10-02 23:59:59", "2026-10-16 23:59:59", False, None),
    ("h", "US", "2026-10-02 23:59:59", "2026-10-19 00:00:00", True, 16),  # Mon after, +1 s
    ("i", "DE", "2026-10-05 12:00:00", "2026-10-04 13:00:00", False, None),  # before it
    ("j", "DE", None, "2026-10-04 13:00:00", False, None),
    ("k", "DE", "2026-10-05 12:00:00", None, False, None),
]


def optout_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": [r[0] for r in OPTOUTS],
        "country": [r[1] for r in OPTOUTS],
        "optout_ts": pd.Series([utc(r[2]) for r in OPTOUTS], dtype="datetime64[us, UTC]"),
        "contact_ts": pd.Series([utc(r[3]) for r in OPTOUTS], dtype="datetime64[us, UTC]"),
    })


@pytest.mark.parametrize("engine", ENGINES)
def test_contact_after_optout_keeps_graces_business_days_and_delays(tmp_path, engine):
    path, cfg = write(tmp_path, optout_frame())
    rows, cells = both_paths(path, cfg, engine)
    breach = [r[0] for r in OPTOUTS if r[4]]
    f = finding(cells, "privacy.contact_after_optout")
    assert f.value == len(breach) == 5
    assert f.details["customer_ids"] == breach
    assert f.details["checked_rows"] == 9  # rows with both set
    text = cells.files["suppress.csv"].decode()
    delays = re.findall(r'"(\w)","privacy.contact_after_optout","contacted after opting out '
                        r'\((\d+) whole days later', text)
    assert delays == [(r[0], str(r[5])) for r in OPTOUTS if r[4]]
    assert_same(rows, cells)


def test_optout_cells_are_weekdays_times_day_differences(tmp_path):
    """Many opt-outs over a year: the group's cells are at most 7 weekdays x the distinct
    differences of UTC days x 3 orders of the times of day (one jurisdiction), counted here
    from the frame, and not one per distinct timestamp."""
    rng = np.random.default_rng(3)
    n = 2000
    optout = pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 365 * 86400, n), unit="s")
    contact = optout + pd.to_timedelta(rng.integers(-3 * 86400, 4 * 86400, n), unit="s")
    frame = pd.DataFrame({"customer_id": [f"p{i}" for i in range(n)], "country": "DE",
                          "optout_ts": optout.astype("datetime64[us, UTC]"),
                          "contact_ts": contact.astype("datetime64[us, UTC]")})
    path, cfg = write(tmp_path, frame)
    days = (contact.normalize() - optout.normalize()).days
    bound = 7 * len(np.unique(days)) * 3
    campaign = open_compressed(path, config_path=cfg, engine="duckdb", areas=("privacy",))
    try:
        part = P.PrivacyCells(campaign).part("optout")
        assert part.rows <= bound < n
        rows = record.compute(open_campaign(path, config_path=cfg), ["privacy"])
        cells = record.compute(campaign, ["privacy"])
    finally:
        campaign.cells.close()
    expected = int(((contact > optout)).sum())  # EU: a grace of 0 days
    assert finding(cells, "privacy.contact_after_optout").value == expected
    assert_same(rows, cells)


# ------------------------------------------------------------------ whole days to as_of
#: id, erasure_request_ts, whole days to 2026-11-29 00:00 UTC, overdue in DE (30 days)?
ERASURES = [
    ("e1", "2026-10-30 09:00:00", 29, False),
    ("e2", "2026-10-30 00:00:00", 30, False),  # exactly at the deadline: not overdue
    ("e3", "2026-10-29 23:59:59", 30, False),  # 30 days and 1 s: 30 whole days
    ("e4", "2026-10-29 00:00:00", 31, True),
    ("e5", "2025-01-01 12:00:00", 696, True),
    ("e6", None, None, False),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_erasure_whole_days_and_ages_table(tmp_path, engine):
    frame = pd.DataFrame({
        "customer_id": [r[0] for r in ERASURES], "country": "DE",
        "erasure_request_ts": pd.Series([utc(r[1]) for r in ERASURES],
                                        dtype="datetime64[us, UTC]")})
    path, cfg = write(tmp_path, frame)
    rows, cells = both_paths(path, cfg, engine)
    f = finding(cells, "privacy.erasure_overdue")
    assert f.details["customer_ids"] == ["e4", "e5"]
    assert f.details["open_requests"] == 5
    ages = cells.tables["privacy"]["erasure_ages"]
    assert ages["age_days"].tolist() == [29, 30, 31, 696]
    assert ages["n"].tolist() == [1, 2, 1, 1]
    assert ages["overdue"].tolist() == [False, False, True, True]
    assert_same(rows, cells)


def test_retention_whole_days_without_inventory(tmp_path):
    # 730 days (the default retention) before 2026-11-29 is 2024-11-29
    frame = pd.DataFrame({
        "customer_id": ["r1", "r2", "r3", "r4", "r5"],
        "collected_ts": pd.Series([utc("2024-11-29 00:00:00"), utc("2024-11-27 23:59:59"),
                                   utc("2026-01-01 08:00:00"), None,
                                   utc("2024-11-28 23:59:59")],
                                  dtype="datetime64[us, UTC]")})
    path, cfg = write(tmp_path, frame)
    rows, cells = both_paths(path, cfg)
    f = finding(cells, "privacy.retention_exceeded")
    # r1 exactly 730 days, r5 730 days and 1 s (730 whole days), r2 731 days and 1 s
    assert f.details["customer_ids"] == ["r2"]
    assert f.details["rows_with_date"] == 4
    assert_same(rows, cells)


# ------------------------------------------------------------------ consent
def consent_frame() -> pd.DataFrame:
    contact = "2026-10-01 10:00:00"
    return pd.DataFrame({
        "customer_id": ["s1", "s2", "s3", "s4", "s5", "s6", "s7"],
        "country": ["DE", "DE", "DE", "DE", "GB", "DE", "DE"],
        "channel": ["email", "email", "email", "email", "email", "sms", "post"],
        "targeted": [True, True, True, True, True, True, True],
        "consent_email": [True, True, True, False, None, True, True],
        "consent_sms": [True, True, True, True, True, False, True],
        "consent_ts": pd.Series([utc(contact), utc("2026-10-01 10:00:01"),
                                 utc("2026-09-30 10:00:00"), None, utc("2026-10-02"),
                                 utc("2026-10-05"), utc("2026-10-05")],
                                dtype="datetime64[us, UTC]"),
        "contact_ts": pd.Series([utc(contact)] * 4 + [utc(contact), None, utc(contact)],
                                dtype="datetime64[us, UTC]"),
    })


@pytest.mark.parametrize("engine", ENGINES)
def test_consent_checks_and_funnel(tmp_path, engine):
    path, cfg = write(tmp_path, consent_frame())
    rows, cells = both_paths(path, cfg, engine)
    missing = finding(cells, "privacy.consent_missing")
    assert missing.details["customer_ids"] == ["s4", "s5", "s6"]  # email x2 and sms, opt-in
    late = finding(cells, "privacy.consent_after_contact")
    # s1: the same instant (not late); s2 one second after (late); s5 needs consent (GB email
    # opt-in) and is late; s7 on post needs none; s6 has no contact
    assert late.details["customer_ids"] == ["s2", "s5"]
    assert late.details["not_needed_rows"] == 1
    funnel = cells.tables["privacy"]["consent_funnel"].set_index("channel")
    assert funnel.loc["email", "contacted"] == 5 and funnel.loc["sms", "contacted"] == 0
    assert_same(rows, cells)


# ------------------------------------------------------------------ the rest of the area
def mixed_frame(weighted: bool) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 300
    frame = pd.DataFrame({
        "customer_id": [f"m{i:03d}" for i in range(n)],
        "country": rng.choice(["DE", "GB", "US", None], n),
        "targeted": rng.random(n) < 0.7,
        "channel": rng.choice(["email", "sms", "phone", "display", "post"], n),
        "consent_email": rng.choice([True, False, None], n),
        "consent_phone": rng.choice([True, False], n),
        "do_not_call": rng.random(n) < 0.2,
        "age": rng.integers(8, 70, n),
        "parental_consent": rng.random(n) < 0.3,
        "gender": rng.choice(["f", "m"], n),
        "postcode": rng.choice(["A1", "B2", "C3", "D4"], n),
        "health_condition": [None if i % 3 else "asthma" for i in range(n)],
        "explicit_consent_sensitive": rng.random(n) < 0.5,
        "tracking_consent": rng.choice([True, False, None], n),
        "optout_ts": (pd.Timestamp("2026-06-01", tz="UTC") + pd.to_timedelta(
            rng.integers(0, 90 * 86400, n), unit="s")).astype("datetime64[us, UTC]"),
        "erasure_request_ts": (pd.Timestamp("2026-08-01", tz="UTC") + pd.to_timedelta(
            rng.integers(0, 120 * 86400, n), unit="s")).astype("datetime64[us, UTC]"),
        "erasure_extended": rng.random(n) < 0.3,
        "collected_ts": (pd.Timestamp("2023-01-01", tz="UTC") + pd.to_timedelta(
            rng.integers(0, 1400 * 86400, n), unit="s")).astype("datetime64[us, UTC]"),
    })
    frame["contact_ts"] = (frame["optout_ts"] + pd.to_timedelta(
        rng.integers(-5 * 86400, 20 * 86400, n), unit="s")).astype("datetime64[us, UTC]")
    frame.loc[rng.random(n) < 0.2, "optout_ts"] = pd.NaT
    frame.loc[rng.random(n) < 0.3, "erasure_request_ts"] = pd.NaT
    if weighted:
        frame["weight"] = rng.integers(0, 4, n)  # some rows stand for nobody
    return frame


@pytest.mark.parametrize("weighted", [False, True])
def test_every_privacy_check_from_cells_equals_the_rows(tmp_path, weighted):
    path, cfg = write(tmp_path, mixed_frame(weighted),
                      quasi_identifiers="[postcode, gender]",
                      sensitive_attribute="health_condition")
    rows, cells = both_paths(path, cfg)
    minors = finding(cells, "privacy.minors_profiled")
    assert minors.value > 0 and "customer_ids" in minors.details
    assert finding(cells, "privacy.k_anonymity").details["classes"] == 8  # 4 postcodes x 2
    for f in cells.findings:  # counts are people only with a weight of the dataset's own
        assert bool(f.details.get("weighted")) == weighted or f.status == "not_evaluated", \
            f.check_id
    assert_same(rows, cells)


def test_the_router_gives_each_check_its_group(tmp_path):
    path, cfg = write(tmp_path, optout_frame())
    campaign = open_compressed(path, config_path=cfg, engine="duckdb", areas=("privacy",))
    try:
        router = checks.reduce(campaign)
        assert hasattr(type(router), "for_check")
        assert router.for_check("privacy.contact_after_optout") is router.part("optout")
        assert router.for_check("privacy.consent_missing") is router.part("consent")
        r = router.part("optout")
        assert r.repeats is True and r.weighted is False  # no weight of its own: rows
        assert r.tracking is None and r.class_size is None  # parts it does not need
    finally:
        campaign.cells.close()


def test_an_empty_suppression_list_is_its_header(tmp_path):
    frame = pd.DataFrame({"customer_id": ["x1", "x2"], "country": ["DE", "DE"],
                          "channel": ["email", "email"], "targeted": [True, True],
                          "consent_email": [True, True]})
    path, cfg = write(tmp_path, frame)
    rows, cells = both_paths(path, cfg)
    assert cells.files["suppress.csv"] == b'"customer_id","check_id","reason","row"\n'
    assert cells.tables["privacy"]["suppression_total"].to_dict("records") == [
        {"lines": 0, "people": 0}]
    assert_same(rows, cells)


def test_retention_reads_the_declared_columns_by_presence(tmp_path):
    """With an inventory: a row breaches when a declared column holds a value and
    collected_ts is older than that column's retention_days. ``notes`` (30 days) holds values
    in t1 and t3, ``phone`` (400 days) in t2 and t3; the id (730 days) is never null."""
    frame = pd.DataFrame({
        "customer_id": ["t1", "t2", "t3", "t4"],
        "phone": [None, "+44 20 7946 0001", "+44 20 7946 0002", None],
        "notes": ["a", None, "b", None],
        "collected_ts": pd.Series([utc("2026-10-01"), utc("2026-10-01"), utc("2025-10-01"),
                                   utc("2020-01-01")], dtype="datetime64[us, UTC]")})
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(
        "columns:\n"
        "  customer_id: {category: identifier, retention_days: 730}\n"
        "  phone: {category: contact, retention_days: 400}\n"
        "  notes: {category: behavioural, retention_days: 30}\n")
    path, cfg = write(tmp_path, frame, inventory=str(inventory))
    rows, cells = both_paths(path, cfg)
    f = finding(cells, "privacy.retention_exceeded")
    # t1: 59 days > 30 (notes); t2: 59 days, phone 400: no; t3: 424 days > 400 and > 30;
    # t4: 2160 days > 730 (the id)
    assert f.details["customer_ids"] == ["t1", "t3", "t4"]
    by_column = {c["column"]: c["rows"] for c in f.details["columns"]}
    assert by_column == {"customer_id": 1, "phone": 1, "notes": 2}
    assert_same(rows, cells)



@pytest.mark.parametrize("engine", ENGINES)
def test_retention_cells_are_the_limits_intervals_and_keep_the_oldest(tmp_path, engine):
    """``notes`` keeps 30 days, ``phone`` 400. As of
    2026-11-29 00:00 UTC, collected 2026-10-30 00:00 is 30 days old (not over 30),
    2026-10-29 23:59:59 is 30 days too (whole days), 2026-10-29 00:00 is 31 (over 30);
    2025-10-25 00:00 is 400 days (not over 400), 2025-10-24 23:00 is 400, 2025-10-24 00:00
    is 401. Eleven distinct dates give three intervals (<= 30, 31-400, > 400) times the held
    patterns, and the oldest breach is 2020-01-01 (2,524 days), whatever the grouping."""
    stamps = ["2026-10-30 00:00:00", "2026-10-29 23:59:59", "2026-10-29 00:00:00",
              "2025-10-25 00:00:00", "2025-10-24 23:00:00", "2025-10-24 00:00:00",
              "2026-11-01 08:00:00", "2026-01-01 00:00:00", "2020-01-01 00:00:00", None,
              "2026-11-29 06:00:00"]
    n = len(stamps)
    frame = pd.DataFrame({
        "customer_id": [f"r{i}" for i in range(n)],
        "phone": ["+44 20 7946 0001" if i % 2 else None for i in range(n)],
        "notes": ["x"] * n,
        "collected_ts": pd.Series([utc(t) for t in stamps], dtype="datetime64[us, UTC]")})
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(
        "columns:\n"
        "  phone: {category: contact, retention_days: 400}\n"
        "  notes: {category: behavioural, retention_days: 30}\n")
    path, cfg = write(tmp_path, frame, inventory=str(inventory))
    rows, cells = both_paths(path, cfg, engine)
    f = finding(cells, "privacy.retention_exceeded")
    over_30 = ["r2", "r3", "r4", "r5", "r7", "r8"]
    assert f.details["customer_ids"] == over_30  # notes is held everywhere
    by_column = {c["column"]: c["rows"] for c in f.details["columns"]}
    assert by_column == {"phone": 1, "notes": 6}  # phone: r5 (401 days, odd) alone
    assert f.details["rows_with_date"] == n - 1
    assert "2,524 days old" in f.message
    assert_same(rows, cells)
    campaign = open_compressed(path, config_path=cfg, engine=engine, areas=("privacy",))
    try:
        part = P.PrivacyCells(campaign).part("retention")
        # (interval or no date) x phone held or not, of those the rows have
        held = {(("none" if t is None else 0 if i in (0, 1, 6, 10) else 1 if i in (3, 4, 7)
                  else 2), i % 2) for i, t in enumerate(stamps)}
        assert part.rows == len(held) < n
    finally:
        campaign.cells.close()

@pytest.mark.parametrize("engine", ENGINES)
def test_classes_counted_by_the_engine_equal_the_rows(tmp_path, engine, monkeypatch):
    """Forced to count the classes in the engine (as for millions of classes): postcode x
    gender gives the classes A/f (3 rows: l = 2), A/m (1 row, l = 0: no value), B/f (2 rows,
    l = 1); with weights 2, 0, 1, 1 ... the sizes are people."""
    monkeypatch.setattr(P, "MANY_CLASSES", 0)
    frame = pd.DataFrame({
        "customer_id": ["q1", "q2", "q3", "q4", "q5", "q6"],
        "postcode": ["A", "A", "B", "A", "B", "A"],
        "gender": ["f", "f", "f", "m", "f", "f"],
        "health_condition": ["x", "y", "x", None, "x", "x"],
    })
    path, cfg = write(tmp_path, frame, quasi_identifiers="[postcode, gender]",
                      sensitive_attribute="health_condition")
    rows, cells = both_paths(path, cfg, engine)
    k = finding(cells, "privacy.k_anonymity")
    assert k.value == 1 and k.details["classes"] == 3
    assert k.details["class_sizes"] == [{"size": 1, "classes": 1, "rows": 1},
                                        {"size": 2, "classes": 1, "rows": 2},
                                        {"size": 3, "classes": 1, "rows": 3}]
    assert k.details["customer_ids"] == ["q1", "q2", "q3", "q4", "q5", "q6"]  # all below 5
    l = finding(cells, "privacy.l_diversity")
    assert l.details["classes_by_l"] == [{"l": 0, "classes": 1, "rows": 1},
                                         {"l": 1, "classes": 1, "rows": 2},
                                         {"l": 2, "classes": 1, "rows": 3}]
    assert l.details["customer_ids"] == ["q3", "q4", "q5"]  # l < 2: B/f and A/m
    assert_same(rows, cells)


def test_classes_counted_by_the_engine_weigh_people(tmp_path, monkeypatch):
    monkeypatch.setattr(P, "MANY_CLASSES", 0)
    frame = pd.DataFrame({
        "customer_id": ["w1", "w2", "w3", "w4"],
        "postcode": ["A", "A", "B", "C"],
        "weight": [3, 4, 0, 2],  # w3 is nobody: class B does not exist
    })
    path, cfg = write(tmp_path, frame, quasi_identifiers="[postcode]")
    rows, cells = both_paths(path, cfg)
    k = finding(cells, "privacy.k_anonymity")
    assert k.value == 2 and k.details["classes"] == 2  # A: 7 people, C: 2
    assert k.details["customer_ids"] == ["w4"] and k.affected_rows == 2
    assert_same(rows, cells)
