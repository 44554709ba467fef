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

AS_OF = dt.date(2026, 11, 29)


def days_ago(n, time="00:00:00"):
    return f"{(AS_OF - dt.timedelta(days=n)).isoformat()}T{time}Z"


def with_thresholds(c, **thresholds):
    """``c`` with ``thresholds`` in force (as a config's ``thresholds:`` would set them)."""
    config = dataclasses.replace(c.config, thresholds={**c.config.thresholds, **thresholds})
    return dataclasses.replace(c, config=config)


def erasure_overdue(c):
    return run_check("privacy.erasure_overdue", c)


def minors_profiled(c):
    return run_check("privacy.minors_profiled", c)


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
@pytest.mark.parametrize("country, extended, deadline", [
    ("DE", False, 30), ("DE", True, 90),      # GDPR Art. 12(3): one month + two
    ("GB", False, 30), ("GB", True, 90),
    ("US", False, 45), ("US", True, 90),      # California: 45 + 45
    ("CA", False, 30), ("CA", True, 60),      # PIPEDA: 30 + 30
])
def test_erasure_exactly_at_its_deadline_is_not_overdue(make_campaign, country, extended,
                                                        deadline):
    c = make_campaign({"customer_id": ["at", "over", "none"], "country": [country] * 3,
                       "erasure_request_ts": [days_ago(deadline), days_ago(deadline + 1),
                                              None],
                       "erasure_extended": [extended, extended, extended]})
    f = erasure_overdue(c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["customer_ids"] == ["over"]
    assert f.details["open_requests"] == 2
    assert f.details["extended_rows"] == (2 if extended else 0)
    assert f.details["fallback_rows"] == 0


def test_erasure_by_jurisdiction_with_the_deadline_of_each(make_campaign):
    c = make_campaign({"customer_id": ["us", "de", "us_late", "ca_ext", "fr"],
                       "country": ["US", "DE", "us", "CA", "FR"],
                       "erasure_request_ts": [days_ago(40), days_ago(40), days_ago(46),
                                              days_ago(59), days_ago(31)],
                       "erasure_extended": [None, False, None, True, None]})
    # 40 days: within US 45, past DE 30; 46 days in the US (lower-case code): past 45;
    # 59 days in CA with the extension: within 60; FR 31: past 30 -> 3
    f = erasure_overdue(c)
    assert result(f) == ("fail", 3, 3)
    assert sorted(f.details["customer_ids"]) == ["de", "fr", "us_late"]
    table = {t["jurisdiction"]: t for t in f.details["by_jurisdiction"]}
    assert table["US"] == {"jurisdiction": "US", "judged": 2, "affected": 1, "fallback": 0,
                           "extended": 0, "days": 45, "extension": 45}
    assert table["CA"]["extended"] == 1 and table["CA"]["affected"] == 0
    assert (table["DE"]["days"], table["DE"]["extension"]) == (30, 60)


def test_erasure_region_inherits_its_country(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "country": ["US", "US"],
                       "region": ["US-CA", "US-CA"],
                       "erasure_request_ts": [days_ago(45), days_ago(46)]})
    f = erasure_overdue(c)
    assert result(f) == ("fail", 1, 1)
    assert [t["jurisdiction"] for t in f.details["by_jurisdiction"]] == ["US-CA"]


def test_erasure_null_or_unknown_country_falls_back_and_says_so(make_campaign):
    c = make_campaign({"customer_id": ["x", "y", "z"], "country": [None, "ZZ", "US"],
                       "erasure_request_ts": [days_ago(31), days_ago(31), days_ago(31)]})
    f = erasure_overdue(c)
    assert result(f) == ("fail", 2, 2)  # x, y: EU 30; z: US 45
    assert f.details["fallback_rows"] == 2
    assert "2 rows had no country or region that the rule pack knows" in f.message
    assert "judged by the rules of EU (default_jurisdiction)" in f.message


def test_erasure_without_country_column_uses_the_default(make_campaign):
    data = {"customer_id": ["x", "y"], "erasure_request_ts": [days_ago(31), days_ago(46)]}
    assert result(erasure_overdue(make_campaign(data))) == ("fail", 2, 2)  # EU 30
    us = erasure_overdue(make_campaign(data, default_jurisdiction="US"))
    assert result(us) == ("fail", 1, 1)  # US 45: only y
    assert us.details["fallback_rows"] == 2


def test_erasure_deadline_from_the_rule_pack_override(make_campaign):
    c = make_campaign({"customer_id": ["de", "us"], "country": ["DE", "US"],
                       "erasure_request_ts": [days_ago(21), days_ago(21)]},
                      rules={"EU": {"erasure": {"days": 20}}})
    f = erasure_overdue(c)
    assert result(f) == ("fail", 1, 1)  # DE inherits EU's 20; the US keeps 45
    assert f.details["customer_ids"] == ["de"]


def test_erasure_time_of_day_counts_whole_days(make_campaign):
    # 30 days and 15 hours before midnight -> 30 whole days: not overdue in DE
    c = make_campaign({"customer_id": ["a"], "country": ["DE"],
                       "erasure_request_ts": [days_ago(31, "09:00:00")]})
    assert result(erasure_overdue(c)) == ("pass", 0, 0)


def test_erasure_ages_frame(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "country": ["US", "DE", "DE"],
                       "erasure_request_ts": [days_ago(50), days_ago(3), None]})
    t = erasure_ages(reduce(c))
    # one cell per (jurisdiction, deadline, age); no row per person
    assert t.to_dict("list") == {"jurisdiction": ["DE", "US"], "age_days": [3, 50],
                                 "deadline_days": [30.0, 45.0], "overdue": [False, True],
                                 "n": [1, 1]}


def test_erasure_ages_counts_requests_per_jurisdiction_deadline_and_age(make_campaign):
    c = make_campaign({"customer_id": list("abcdefg"),
                       "country": ["DE", "DE", "DE", None, "US", "DE", "DE"],
                       "erasure_request_ts": [days_ago(31), days_ago(31), days_ago(2),
                                              days_ago(31), days_ago(31), None, days_ago(31)],
                       "erasure_extended": [None, None, None, None, None, None, True]})
    t = erasure_ages(reduce(c))
    # DE: two at 31 days (over 30), one at 2, one extended at 31 (deadline 90); the null
    # country follows EU (30); US: 31 days is within 45; f has no request
    assert t.to_dict("list") == {"jurisdiction": ["DE", "DE", "DE", "EU", "US"],
                                 "age_days": [2, 31, 31, 31, 31],
                                 "deadline_days": [30.0, 30.0, 90.0, 30.0, 45.0],
                                 "overdue": [False, True, False, True, False],
                                 "n": [1, 2, 1, 1, 1]}
    none = make_campaign({"customer_id": ["a"], "erasure_request_ts": [None]})
    assert erasure_ages(reduce(none)).empty


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
    ("US", 13, None, False),
    (None, 15, None, True),    # no country: default EU 16
    ("ZZ", 15, None, True),    # unknown country: default EU 16
    ("IS", 12, None, True),    # Iceland 13 (Act 90/2018): 12 is a child
    ("IS", 13, None, False),   # ... and 13 is not
    ("uk", 13, None, False),   # uk read as GB
    ("at", 13, None, True),    # Austria 14, lower-case code
    ("CA", 12, None, True),    # Canada: the pack's 13
    ("CA", 13, None, False),
])
def test_minors_by_country(make_campaign, country, age, parental, breach):
    c = make_campaign({"customer_id": ["k"], "targeted": [True], "country": [country],
                       "birth_date": [birth_for_age(age)], "parental_consent": [parental]})
    f = minors_profiled(c)
    assert result(f) == (("fail", 1, 1) if breach else ("pass", 0, 0))


def test_minors_untargeted_and_unknown_age_are_not_counted(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "targeted": [False, True, True],
                       "country": ["DE", "DE", "DE"], "age": [12, None, 30]})
    f = minors_profiled(c)
    assert result(f) == ("pass", 0, 0)
    assert f.details["unknown_age_rows"] == 1
    assert "no age" in f.message


def test_minors_birthday_decides_whole_years(make_campaign):
    # born 2010-11-30: 15 on 2026-11-29 (birthday tomorrow), so under 16 in DE
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "country": ["DE"],
                       "birth_date": ["2010-11-30"]})
    assert result(minors_profiled(c)) == ("fail", 1, 1)


def test_minors_without_targeted_column(make_campaign):
    c = make_campaign({"customer_id": ["a"], "country": ["DE"], "age": [14]})
    f = minors_profiled(c)
    assert result(f) == ("fail", 1, 1)
    assert "no `targeted` column" in f.message


def test_minors_region_and_fallback_details(make_campaign):
    c = make_campaign({"customer_id": ["ca", "none", "de"], "targeted": [True] * 3,
                       "country": ["US", None, "DE"], "region": ["US-CA", None, None],
                       "age": [12, 15, 15]})
    f = minors_profiled(c)
    # ca: US-CA inherits US 13 -> child; none: EU 16 -> child; de: 16 -> child -> 3
    assert result(f) == ("fail", 3, 3)
    table = {t["jurisdiction"]: t for t in f.details["by_jurisdiction"]}
    assert table["US-CA"]["digital_consent_age"] == 13
    assert table["EU"] == {"jurisdiction": "EU", "judged": 1, "affected": 1, "fallback": 1,
                           "under_age": 1, "digital_consent_age": 16}
    assert f.details["fallback_rows"] == 1
    assert "1 row had no country or region that the rule pack knows" in f.message


def test_minors_default_jurisdiction_us_changes_the_verdict(make_campaign):
    data = {"customer_id": ["k"], "targeted": [True], "country": [None], "age": [14]}
    assert result(minors_profiled(make_campaign(data))) == ("fail", 1, 1)  # EU 16
    us = minors_profiled(make_campaign(data, default_jurisdiction="US"))
    assert result(us) == ("pass", 0, 0)  # US 13
    assert "judged by the rules of US" in us.message


def test_minors_rule_pack_override(make_campaign):
    data = {"customer_id": ["k"], "targeted": [True], "country": ["ES"], "age": [14]}
    assert result(minors_profiled(make_campaign(data))) == ("pass", 0, 0)  # Spain 14
    raised = make_campaign(data, rules={"ES": {"digital_consent_age": {"age": 16}}})
    assert result(minors_profiled(raised)) == ("fail", 1, 1)


# ------------------------------------------------------------------ retention
def test_retention_exactly_at_limit_is_kept(make_campaign):
    c = make_campaign({"customer_id": ["at", "over", "none", "new"],
                       "collected_ts": [days_ago(730), days_ago(731), None, days_ago(1)]})
    f = retention_exceeded(c, retention_days=730)
    assert result(f) == ("fail", 1, 1)
    assert f.details["customer_ids"] == ["over"]
    assert f.details["retention_days"] == 730 and f.details["columns"] == []
    assert result(retention_exceeded(c, retention_days=731)) == ("pass", 0, 0)


INVENTORY = """\
columns:
  mail: {category: contact, retention_days: 365}
  phone: {category: contact, retention_days: 730}
  segment: {category: behavioural}
"""


def test_retention_follows_the_inventory_per_column(make_campaign, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text(INVENTORY, encoding="utf-8")
    c = make_campaign({
        "customer_id": ["mail_old", "mail_at", "phone_mid", "phone_old", "nothing", "both"],
        "mail": ["a@x.org", "b@x.org", None, None, None, "c@x.org"],
        "phone": [None, None, "+44 1", "+44 2", None, "+44 3"],
        "segment": ["s"] * 6,
        "collected_ts": [days_ago(400), days_ago(365), days_ago(400), days_ago(731),
                         days_ago(2000), days_ago(800)]}, columns={"email": "mail"},
        inventory=str(path))
    # mail_old: mail kept 400 > 365; mail_at: exactly 365, kept; phone_mid: 400 <= 730;
    # phone_old: 731 > 730; nothing: no declared column with a retention holds a value
    # (segment declares none); both: mail 800 > 365 and phone 800 > 730, counted once -> 3
    f = retention_exceeded(c, retention_days=730)
    assert result(f) == ("fail", 3, 3)
    assert f.details["customer_ids"] == ["mail_old", "phone_old", "both"]
    assert f.details["columns"] == [{"column": "mail", "retention_days": 365, "rows": 2},
                                    {"column": "phone", "retention_days": 730, "rows": 2}]
    assert "retention_days" not in f.details  # the threshold is not used with an inventory
    assert "mail: 365 days" in f.message


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
