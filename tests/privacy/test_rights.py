"""Erasure deadlines, children and retention; as_of is 2026-11-29 unless said otherwise."""

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ethicskit.privacy import reduce
from ethicskit.privacy._common import label_sums, whole_days
from ethicskit.privacy.rights import erasure_ages
from ethicskit.registry import run_check
from ethicskit.thresholds import THRESHOLDS

AS_OF = dt.date(2026, 11, 29)
ERASURE = THRESHOLDS["erasure_days"]
DCA = THRESHOLDS["digital_consent_age"]


def days_ago(n, time="00:00:00"):
    return f"{(AS_OF - dt.timedelta(days=n)).isoformat()}T{time}Z"


def with_thresholds(c, **thresholds):
    """``c`` with ``thresholds`` in force (as a config's ``thresholds:`` would set them)."""
    config = dataclasses.replace(c.config, thresholds={**c.config.thresholds, **thresholds})
    return dataclasses.replace(c, config=config)


def erasure_overdue(c, *, erasure_days):
    return run_check("privacy.erasure_overdue", with_thresholds(c, erasure_days=erasure_days))


def minors_profiled(c, *, digital_consent_age):
    return run_check("privacy.minors_profiled",
                     with_thresholds(c, digital_consent_age=digital_consent_age))


def retention_exceeded(c, *, retention_days):
    return run_check("privacy.retention_exceeded",
                     with_thresholds(c, retention_days=retention_days))


def result(f):
    return f.status, f.value, f.affected_rows


def test_whole_days_are_floored_from_midnight_utc():
    ts = pd.Series(pd.to_datetime([days_ago(30), days_ago(30, "09:00:00"), days_ago(-1)],
                                  utc=True))
    # exactly 30 days; 29 days 15 hours -> 29; tomorrow -> -1
    assert whole_days(AS_OF, ts).tolist() == [30, 29, -1]


# ------------------------------------------------------------------ erasure
def test_erasure_exactly_at_deadline_is_not_overdue_one_day_more_is(make_campaign):
    c = make_campaign({"customer_id": ["at", "over", "none"], "country": ["DE", "DE", "DE"],
                       "erasure_request_ts": [days_ago(30), days_ago(31), None]})
    f = erasure_overdue(c, erasure_days=ERASURE)
    assert result(f) == ("fail", 1, 1)
    assert f.details["customer_ids"] == ["over"]
    assert f.details["open_requests"] == 2


def test_erasure_us_row_against_german_row(make_campaign):
    c = make_campaign({"customer_id": ["us", "de", "us_late"], "country": ["US", "DE", "us"],
                       "erasure_request_ts": [days_ago(40), days_ago(40), days_ago(46)]})
    # 40 days: within US 45, past DE 30; 46 days in the US (lower-case code): past 45 -> 2
    f = erasure_overdue(c, erasure_days=ERASURE)
    assert result(f) == ("fail", 2, 2)
    assert sorted(f.details["customer_ids"]) == ["de", "us_late"]


def test_erasure_null_or_unknown_country_takes_the_default(make_campaign):
    c = make_campaign({"customer_id": ["x", "y"], "country": [None, "ZZ"],
                       "erasure_request_ts": [days_ago(31), days_ago(31)]})
    assert result(erasure_overdue(c, erasure_days=ERASURE)) == ("fail", 2, 2)


def test_erasure_without_country_column_uses_the_default(make_campaign):
    c = make_campaign({"customer_id": ["x", "y"],
                       "erasure_request_ts": [days_ago(30), days_ago(44)]})
    assert result(erasure_overdue(c, erasure_days=ERASURE)) == ("fail", 1, 1)


def test_erasure_days_from_config_merges_with_defaults(make_campaign):
    # config sets only the default to 20; the US keeps 45 (the config loader merges)
    c = make_campaign({"customer_id": ["de", "us"], "country": ["DE", "US"],
                       "erasure_request_ts": [days_ago(21), days_ago(21)]},
                      thresholds={"erasure_days": 20})
    f = run_check("privacy.erasure_overdue", c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["erasure_days"] == {"default": 20, "US": 45}


def test_erasure_time_of_day_counts_whole_days(make_campaign):
    # 30 days and 15 hours before midnight -> 30 whole days: not overdue in DE
    c = make_campaign({"customer_id": ["a"], "country": ["DE"],
                       "erasure_request_ts": [days_ago(31, "09:00:00")]})
    assert result(erasure_overdue(c, erasure_days=ERASURE)) == ("pass", 0, 0)


def test_erasure_ages_frame(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "country": ["US", "DE", "DE"],
                       "erasure_request_ts": [days_ago(50), days_ago(3), None]})
    t = erasure_ages(reduce(c), erasure_days=ERASURE)
    # one cell per (country, age), by country then age; no row per person
    assert t.to_dict("list") == {"country": ["DE", "US"], "age_days": [3, 50],
                                 "deadline_days": [30.0, 45.0], "overdue": [False, True],
                                 "n": [1, 1]}


def test_erasure_ages_counts_requests_per_country_and_age(make_campaign):
    c = make_campaign({"customer_id": list("abcdef"),
                       "country": ["DE", "DE", "DE", None, "US", "DE"],
                       "erasure_request_ts": [days_ago(31), days_ago(31), days_ago(2),
                                              days_ago(31), days_ago(31), None]})
    t = erasure_ages(reduce(c), erasure_days=ERASURE)
    # DE: two at 31 days (over 30), one at 2; the null country takes the default 30;
    # US: 31 days is within 45; f has no request
    assert t.to_dict("list") == {"country": ["(empty)", "DE", "DE", "US"],
                                 "age_days": [31, 2, 31, 31],
                                 "deadline_days": [30.0, 30.0, 30.0, 45.0],
                                 "overdue": [True, False, True, False], "n": [1, 1, 2, 1]}
    none = make_campaign({"customer_id": ["a"], "erasure_request_ts": [None]})
    assert erasure_ages(reduce(none), erasure_days=ERASURE).empty


# ------------------------------------------------------------------ minors
def birth_for_age(age):
    return dt.date(AS_OF.year - age, 1, 1).isoformat()  # birthday already past on 29 Nov


@pytest.mark.parametrize("country, age, parental, breach", [
    ("GB", 13, None, False),   # UK digital consent age 13: a 13-year-old may consent alone
    ("DE", 13, None, True),    # Germany 16
    ("DE", 15, True, False),   # parental consent recorded
    ("DE", 15, False, True),
    ("DE", 16, None, False),   # exactly the age: not under it
    ("FR", 14, None, True),    # France 15
    ("ES", 14, None, False),   # Spain 14
    ("US", 12, None, True),    # COPPA 13
    (None, 15, None, True),    # no country: default 16
])
def test_minors_by_country(make_campaign, country, age, parental, breach):
    c = make_campaign({"customer_id": ["k"], "targeted": [True], "country": [country],
                       "birth_date": [birth_for_age(age)], "parental_consent": [parental]})
    f = minors_profiled(c, digital_consent_age=DCA)
    assert result(f) == (("fail", 1, 1) if breach else ("pass", 0, 0))


def test_minors_untargeted_and_unknown_age_are_not_counted(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "targeted": [False, True, True],
                       "country": ["DE", "DE", "DE"], "age": [12, None, 30]})
    f = minors_profiled(c, digital_consent_age=DCA)
    assert result(f) == ("pass", 0, 0)
    assert f.details["unknown_age_rows"] == 1
    assert "no age" in f.message


def test_minors_birthday_decides_whole_years(make_campaign):
    # born 2010-11-30: 15 on 2026-11-29 (birthday tomorrow), so under 16 in DE
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "country": ["DE"],
                       "birth_date": ["2010-11-30"]})
    assert result(minors_profiled(c, digital_consent_age=DCA)) == ("fail", 1, 1)


def test_minors_without_targeted_column(make_campaign):
    c = make_campaign({"customer_id": ["a"], "country": ["DE"], "age": [14]})
    f = minors_profiled(c, digital_consent_age=DCA)
    assert result(f) == ("fail", 1, 1)
    assert "no `targeted` column" in f.message


# ------------------------------------------------------------------ retention
def test_retention_exactly_at_limit_is_kept(make_campaign):
    c = make_campaign({"customer_id": ["at", "over", "none", "new"],
                       "collected_ts": [days_ago(730), days_ago(731), None, days_ago(1)]})
    f = retention_exceeded(c, retention_days=730)
    assert result(f) == ("fail", 1, 1)
    assert f.details["customer_ids"] == ["over"]
    assert result(retention_exceeded(c, retention_days=731)) == ("pass", 0, 0)


@pytest.mark.parametrize("seed", range(3))
def test_whole_days_equal_the_days_of_the_timedelta(seed):
    rng = np.random.default_rng(seed)
    ns = rng.integers(-3 * 10**18, 3 * 10**18, 500)  # 1875 to 2065, to the nanosecond
    ts = pd.Series(pd.to_datetime(ns, unit="ns", utc=True))
    ts[rng.random(500) < 0.1] = pd.NaT
    expected = (pd.Timestamp(AS_OF.isoformat(), tz="UTC") - ts).dt.days.astype("Int64")
    assert whole_days(AS_OF, ts).tolist() == expected.tolist()


@pytest.mark.parametrize("seed", range(3))
def test_label_sums_equal_the_groupby_sums(seed):
    rng = np.random.default_rng(seed)
    n, size = 400, 5
    codes = rng.integers(0, size, n)
    labels = ["b", "a", "c", "a", "e"]  # codes 1 and 3 read the same: added together
    flags = {"a": rng.random(n) < 0.3, "b": rng.random(n) < 0.6, "c": rng.random(n) < 0.1}
    rows = rng.random(n) < 0.7
    table = label_sums(codes, labels, flags, rows=rows)
    frame = pd.DataFrame({"g": np.asarray(labels)[codes], **flags})[rows]
    expected = frame.groupby("g", sort=True).sum()
    assert table.index.tolist() == expected.index.tolist()
    for name in flags:
        assert table[name].tolist() == expected[name].astype(int).tolist()
