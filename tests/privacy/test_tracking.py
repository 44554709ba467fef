"""The tracking checks (tracking consent, TCF consent, opt-out signals) on tiny literal
campaigns; every expected count is worked out row by row in the comments."""

from types import SimpleNamespace

import pytest

from ethicskit.check import Check
from ethicskit.executor import run_check
from ethicskit.privacy import tcf
from ethicskit.privacy.tracking import TRACKING_CHECKS, reduce_tracking

ROWS = {row.id: row for row in TRACKING_CHECKS}
FULL = tcf.encode([1, 2, 3, 4, 7], [755, 10])  # purposes 1, 3, 4 and vendor 755
NO_P4 = tcf.encode([1, 2, 3], [755])  # lacks purpose 4
NO_P1 = tcf.encode([3, 4], [755])  # lacks purpose 1
NO_VENDOR = tcf.encode([1, 3, 4], [10, 756])  # lacks vendor 755
V1 = ("BOhwdphOxFC7tAHABBFRC--AAAAuhr_7__7-_9_-_f__9uj3Or_v_f__32ccL59v_h_7v-_7fi_20nV4u_1vft9yf"
      "k1-5ctDztp507iakivXmqdeb9v_nz3_5pxP78k89r7337Ew_v8_v-b7BCON_YxEiA")  # TCF v1 (iabtcf-es)


def run(check_id, c):
    row: Check = ROWS[check_id]
    r = SimpleNamespace(tracking=reduce_tracking(c))
    return run_check(row, r, columns=c.df.columns, overrides=c.config.thresholds)


def result(f):
    return f.status, f.value, f.affected_rows


def by_jurisdiction(f):
    return {e["jurisdiction"]: e for e in f.details["by_jurisdiction"]}


# ------------------------------------------------------------------ privacy.tracking_consent
def test_tracking_consent_by_country_and_channel(make_campaign):
    c = make_campaign({
        "customer_id": ["gb1", "gb2", "us1", "eu1", "eu2", "de1", "fr1", "gb3"],
        "targeted": [True, True, True, True, True, True, True, False],
        "country": ["GB", "GB", "US", "FR", "FR", "DE", "FR", "GB"],
        "channel": ["display", "push", "display", "email", "social", "social", "display",
                    "display"],
        "tracking_consent": [False, True, None, False, None, True, False, False],
    })
    # gb1 GB display, consent false -> counted; gb2 consent -> no; us1 US, not required -> no;
    # eu1 on email -> no; eu2 FR social, null consent -> counted; de1 consent -> no;
    # fr1 FR display, false -> counted; gb3 not targeted -> no.  -> 3
    f = run("privacy.tracking_consent", c)
    assert result(f) == ("fail", 3, 3)
    assert f.threshold == 0
    assert f.details["customer_ids"] == ["gb1", "eu2", "fr1"]
    assert f.details["source"] == "tracking_consent"
    # judged: gb1, gb2 (GB); eu2, de1, fr1 (EU: DE follows EU here)
    assert f.details["judged_rows"] == 5
    table = by_jurisdiction(f)
    assert table["GB"]["affected"] == 1 and table["GB"]["judged"] == 2
    assert table["US"]["affected"] == 0 and table["US"]["consent_required"] == 0
    assert sum(e["affected"] for e in table.values()) == 3
    assert f.details["fallback_rows"] == 0
    assert "ePrivacy Directive Art. 5(3)" in f.message and "3 people" in f.message


def test_gb_display_counted_us_not_eu_email_not(make_campaign):
    c = make_campaign({"customer_id": ["gb", "us", "eu"], "targeted": [True] * 3,
                       "country": ["GB", "US", "IE"], "channel": ["display", "display", "email"],
                       "tracking_consent": [False, False, False]})
    f = run("privacy.tracking_consent", c)
    assert result(f) == ("fail", 1, 1)  # only gb
    assert f.details["customer_ids"] == ["gb"]


def test_no_country_falls_back_to_eu(make_campaign):
    data = {"customer_id": ["a", "b"], "targeted": [True, True], "country": [None, "US"],
            "channel": ["social", "social"], "tracking_consent": [False, False]}
    # a: no country -> default_jurisdiction EU -> consent required, none -> counted
    f = run("privacy.tracking_consent", make_campaign(data))
    assert result(f) == ("fail", 1, 1)
    assert f.details["fallback_rows"] == 1
    assert by_jurisdiction(f)["EU"]["fallback"] == 1
    assert "1 row had no country or region" in f.message
    # default_jurisdiction US: a follows US rules, which need no prior consent -> 0
    f = run("privacy.tracking_consent", make_campaign(data, default_jurisdiction="US"))
    assert result(f) == ("pass", 0, 0)
    assert f.details["fallback_rows"] == 1
    assert f.details["default_jurisdiction"] == "US"


def test_tc_string_only_needs_a_valid_string_with_purpose_1(make_campaign):
    c = make_campaign({
        "customer_id": ["ok", "p4", "p1", "v1", "bad", "none", "us"],
        "targeted": [True] * 7,
        "country": ["DE", "DE", "DE", "GB", "GB", "GB", "US"],
        "channel": ["display"] * 7,
        "tc_string": [FULL, NO_P4, NO_P1, V1, "garbage!", None, None],
    })
    # ok: purpose 1 -> no; p4: has purpose 1 -> no (this check reads purpose 1 only);
    # p1: no purpose 1 -> counted; v1: TCF v1 is not valid -> counted; bad -> counted;
    # none: no string -> counted; us: not required -> no.  -> 4
    f = run("privacy.tracking_consent", c)
    assert result(f) == ("fail", 4, 4)
    assert f.details["source"] == "tc_string"
    assert f.details["customer_ids"] == ["p1", "v1", "bad", "none"]
    assert "purpose 1" in f.message


def test_tracking_consent_column_wins_over_tc_string(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                       "country": ["FR", "FR"], "channel": ["display", "display"],
                       "tracking_consent": [True, False], "tc_string": [None, FULL]})
    # a: tracking_consent true -> no; b: false -> counted (its TC string is not read) -> 1
    f = run("privacy.tracking_consent", c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["source"] == "tracking_consent"


def test_tracking_consent_pass_and_targeted_note(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "country": ["FR", "GB", "US"],
                       "channel": ["display", "push", "social"],
                       "tracking_consent": [True, True, False]})
    # no targeted column: every row counts; a and b consented, c is US -> 0
    f = run("privacy.tracking_consent", c)
    assert result(f) == ("pass", 0, 0)
    assert "no `targeted` column" in f.message
    assert "2 people" in f.message


@pytest.mark.parametrize("columns, missing", [
    ({"channel": ["display"]}, "tracking_consent or tc_string"),
    ({"tracking_consent": [False]}, "channel"),
])
def test_tracking_consent_not_evaluated_without_its_columns(make_campaign, columns, missing):
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "country": ["FR"], **columns})
    f = run("privacy.tracking_consent", c)
    assert f.status == "not_evaluated"
    assert missing in f.details["missing"]


# ------------------------------------------------------------------ privacy.tcf_consent
def test_tcf_consent_counts_each_gap(make_campaign):
    c = make_campaign({
        "customer_id": ["ok", "p4", "p1", "nv", "v1", "bad", "none", "blank", "mail", "off"],
        "targeted": [True] * 9 + [False],
        "country": ["US", "FR", "GB", "DE", "FR", "FR", None, "FR", "FR", "FR"],
        "channel": ["display", "social", "push", "display", "display", "social", "display",
                    "display", "email", "display"],
        "tc_string": [FULL, NO_P4, NO_P1, NO_VENDOR, V1, "CA", None, "  ", None, None],
    }, tcf_vendor_id=755)
    # ok: all there (any jurisdiction, US too) -> no; p4 -> purpose 4; p1 -> purpose 1;
    # nv -> vendor 755; v1 -> invalid (v1); bad ("CA", cut short) -> invalid;
    # none -> missing; blank -> missing; mail: email, not judged; off: not targeted -> 7
    f = run("privacy.tcf_consent", c)
    assert result(f) == ("fail", 7, 7)
    d = f.details
    assert d["judged_rows"] == 8
    assert d["missing_rows"] == 2 and d["invalid_rows"] == 2
    assert d["missing_purpose"] == [{"purpose": 1, "rows": 1}, {"purpose": 3, "rows": 0},
                                    {"purpose": 4, "rows": 1}]
    assert d["missing_vendor_rows"] == 1 and d["vendor_id"] == 755
    assert d["customer_ids"] == ["p4", "p1", "nv", "v1", "bad", "none", "blank"]
    assert "vendor 755" in f.message and "purpose 4" in f.message


def test_tcf_consent_without_vendor_configured(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                       "channel": ["display", "display"], "tc_string": [NO_VENDOR, FULL]})
    # no tcf_vendor_id: a's missing vendor does not count; both have 1, 3, 4 -> 0
    f = run("privacy.tcf_consent", c)
    assert result(f) == ("pass", 0, 0)
    assert f.details["missing_vendor_rows"] == 0 and f.details["vendor_id"] is None


def test_tcf_consent_row_lacking_several_counts_once(make_campaign):
    none_at_all = tcf.encode([2], [])
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "channel": ["social"],
                       "tc_string": [none_at_all]}, tcf_vendor_id=755)
    # a lacks 1, 3, 4 and the vendor: one person
    f = run("privacy.tcf_consent", c)
    assert result(f) == ("fail", 1, 1)
    assert [m["rows"] for m in f.details["missing_purpose"]] == [1, 1, 1]
    assert f.details["missing_vendor_rows"] == 1


def test_old_policy_version_is_reported_not_counted(make_campaign):
    old = tcf.encode([1, 3, 4], [755], policy_version=2)
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                       "channel": ["display", "push"], "tc_string": [old, FULL]})
    # both consent to 1, 3 and 4: nothing counted; a's string is of TCF policy 2 -> reported
    f = run("privacy.tcf_consent", c)
    assert result(f) == ("pass", 0, 0)
    assert f.details["old_policy_rows"] == 1
    assert "policy version below 4" in f.message


def test_tcf_consent_reads_only_the_core_segment(make_campaign):
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "channel": ["display"],
                       "tc_string": [FULL + ".not-a-valid-segment!"]})
    assert result(run("privacy.tcf_consent", c)) == ("pass", 0, 0)


def test_tcf_consent_needs_tc_string(make_campaign):
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "channel": ["display"],
                       "tracking_consent": [True]})
    f = run("privacy.tcf_consent", c)
    assert f.status == "not_evaluated" and f.details["missing"] == ["tc_string"]


def test_each_distinct_tc_string_decoded_once(make_campaign, monkeypatch):
    calls = []
    real = tcf.decode
    monkeypatch.setattr(tcf, "decode", lambda s: calls.append(s) or real(s))
    c = make_campaign({"customer_id": [str(i) for i in range(300)], "targeted": [True] * 300,
                       "channel": ["display"] * 300,
                       "tc_string": [FULL, NO_P4, None] * 100})
    t = reduce_tracking(c)
    assert sorted(calls) == sorted([FULL, NO_P4])
    assert t.distinct_tc_strings == 2
    assert int(t.tc_missing.sum()) == 100 and int(t.tc_purpose[4].sum()) == 100


# ------------------------------------------------------------------ privacy.optout_signal_ignored
def test_optout_signal_by_state_and_channel(make_campaign):
    c = make_campaign({
        "customer_id": ["ca_mail", "ca_social", "ca_shared", "va", "co_sale", "ca_none",
                        "ca_off", "tx_both"],
        "targeted": [True, True, True, True, True, True, False, True],
        "country": ["US"] * 8,
        "region": ["US-CA", "US-CA", "US-CA", "US-VA", "US-CO", "US-CA", "US-CA", "US-TX"],
        "channel": ["email", "social", "email", "display", "display", "display", "display",
                    "social"],
        "gpc": [True, True, True, True, False, False, True, True],
        "sale_optout": [False, False, False, False, True, False, False, True],
        "shared_with_platform": [False, False, True, False, False, True, False, False],
    })
    # ca_mail: GPC, email, not shared -> no; ca_social: GPC on social -> counted;
    # ca_shared: GPC, email, shared -> counted; va: US-VA not in the list -> no;
    # co_sale: sale opt-out in US-CO on display -> counted; ca_none: no signal -> no;
    # ca_off: not targeted -> no; tx_both: GPC and opt-out in US-TX on social -> counted. -> 4
    f = run("privacy.optout_signal_ignored", c)
    assert result(f) == ("fail", 4, 4)
    d = f.details
    assert d["customer_ids"] == ["ca_social", "ca_shared", "co_sale", "tx_both"]
    assert d["gpc_rows"] == 3  # ca_social, ca_shared, tx_both
    assert d["sale_optout_rows"] == 2  # co_sale, tx_both
    assert d["signal_rows"] == 6  # ca_mail, ca_social, ca_shared, va, co_sale, tx_both
    assert d["shared_rows"] == 1 and d["platform_rows"] == 3
    table = by_jurisdiction(f)
    assert table["US-CA"]["affected"] == 2 and table["US-CA"]["judged"] == 3
    assert table["US"]["affected"] == 0 and table["US"]["judged"] == 1  # va
    assert d["fallback_rows"] == 0
    assert "Cal. Code Regs. tit. 11 §7025" in f.message


def test_gpc_outside_the_list_is_not_counted(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                       "country": ["US", "GB"], "region": ["US-FL", None],
                       "channel": ["social", "social"], "gpc": [True, True],
                       "shared_with_platform": [True, True]})
    f = run("privacy.optout_signal_ignored", c)
    assert result(f) == ("pass", 0, 0)
    assert "2 people with a signal elsewhere" in f.message


def test_state_added_by_config_counts(make_campaign):
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "country": ["US"],
                       "region": ["US-VA"], "channel": ["display"], "gpc": [True]},
                      rules={"US-VA": {"optout_signal": {"honour": True}}})
    assert result(run("privacy.optout_signal_ignored", c)) == ("fail", 1, 1)


def test_without_shared_column_the_message_says_so(make_campaign):
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "country": ["US"],
                       "region": ["US-CA"], "channel": ["email"], "sale_optout": [True]})
    f = run("privacy.optout_signal_ignored", c)
    assert result(f) == ("pass", 0, 0)
    assert "no shared_with_platform column" in f.message


@pytest.mark.parametrize("columns, missing", [
    ({"region": ["US-CA"]}, "gpc or sale_optout"),
    ({"gpc": [True]}, "region"),
])
def test_optout_not_evaluated_without_its_columns(make_campaign, columns, missing):
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "channel": ["social"],
                       **columns})
    f = run("privacy.optout_signal_ignored", c)
    assert f.status == "not_evaluated" and missing in f.details["missing"]


# ------------------------------------------------------------------ the reduction
def test_reduction_assigns_jurisdictions_once(make_campaign, monkeypatch):
    import ethicskit.privacy.tracking as tracking

    calls = []
    real = tracking.assign
    monkeypatch.setattr(tracking, "assign", lambda c: calls.append(1) or real(c))
    c = make_campaign({"customer_id": ["a"], "country": ["FR"], "channel": ["display"],
                       "tracking_consent": [True]})
    t = reduce_tracking(c)
    assert len(calls) == 1
    # a given assignment is used as it is
    reduce_tracking(c, j=t.j)
    assert len(calls) == 1


def test_customer_ids_are_masked_and_capped(make_campaign):
    ids = [f"person{i}@example.com" for i in range(12)]
    c = make_campaign({"customer_id": ids, "targeted": [True] * 12, "country": ["FR"] * 12,
                       "channel": ["display"] * 12, "tracking_consent": [False] * 12})
    f = run("privacy.tracking_consent", c)
    assert f.affected_rows == 12
    assert len(f.details["customer_ids"]) == 10
    assert all("@example.com" not in v for v in f.details["customer_ids"])



@pytest.mark.parametrize("check_id", sorted(ROWS))
def test_a_row_reads_only_its_columns(make_campaign, check_id):
    import dataclasses

    c = make_campaign({
        "customer_id": ["a", "b", "c", "d"], "targeted": [True, True, True, False],
        "country": ["FR", "US", None, "GB"], "region": [None, "US-CA", None, None],
        "channel": ["display", "social", "push", "display"],
        "tracking_consent": [False, True, None, False], "tc_string": [FULL, NO_P4, V1, None],
        "gpc": [False, True, True, False], "sale_optout": [True, False, None, False],
        "shared_with_platform": [False, True, False, True],
        "consent_email": [True, False, True, False], "age": [30, 40, 50, 60],
    }, tcf_vendor_id=755)
    row = ROWS[check_id]
    keep = set(row.reads) | {"customer_id"}
    cut = dataclasses.replace(c, df=c.df[[col for col in c.df.columns if col in keep]])
    assert run(check_id, cut).to_dict() == run(check_id, c).to_dict()


def test_counts_match_the_definition_in_plain_pandas(make_campaign):
    """On a random frame, each count equals the definition written in a few lines of pandas,
    with the TC strings' contents known from how they were made (not decoded)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(14)
    made = {tcf.encode([1, 3, 4], [755]): ({1, 3, 4}, {755}),
            tcf.encode([1, 3], [755]): ({1, 3}, {755}),
            tcf.encode([3, 4], [755, 9]): ({3, 4}, {755, 9}),
            tcf.encode([1, 3, 4], [9]): ({1, 3, 4}, {9})}
    pool = np.array(list(made) + [None, "junk", V1], dtype=object)
    n = 3000
    df = pd.DataFrame({
        "customer_id": [f"c{i}" for i in range(n)],
        "targeted": rng.random(n) < 0.7,
        "country": rng.choice(np.array(["FR", "GB", "US", "DE", "CA", None], dtype=object), n),
        "region": rng.choice(np.array(["US-CA", "US-CO", "US-NY", None], dtype=object), n),
        "channel": rng.choice(["display", "social", "push", "email", "sms"], n),
        "tc_string": rng.choice(pool, n),
        "gpc": rng.random(n) < 0.2, "sale_optout": rng.random(n) < 0.1,
        "shared_with_platform": rng.random(n) < 0.2,
    })
    c = make_campaign(df, tcf_vendor_id=755)
    purposes = df["tc_string"].map(lambda s: made[s][0] if s in made else None)
    vendors = df["tc_string"].map(lambda s: made[s][1] if s in made else None)
    valid = purposes.notna()
    web = df["channel"].isin(["display", "social", "push"]) & df["targeted"]

    def has(series, item):
        return series.map(lambda s: s is not None and item in s)

    # where a row's region is US-CA/US-CO it follows that entry; else its country's; a row
    # with neither known falls back to EU (default_jurisdiction)
    states = df["region"].isin(["US-CA", "US-CO"])
    eu_gb = ~states & (df["country"].isin(["FR", "GB", "DE"]) | df["country"].isna())
    want_tracking = int((web & eu_gb & ~(valid & has(purposes, 1))).sum())
    lacks = ~has(purposes, 1) | ~has(purposes, 3) | ~has(purposes, 4) | ~has(vendors, 755)
    want_tcf = int((web & (~valid | lacks)).sum())
    signal = df["gpc"] | df["sale_optout"]
    reached = df["channel"].isin(["display", "social"]) | df["shared_with_platform"]
    want_optout = int((df["targeted"] & df["region"].isin(["US-CA", "US-CO"]) & signal
                       & reached).sum())
    assert run("privacy.tracking_consent", c).affected_rows == want_tracking
    assert run("privacy.tcf_consent", c).affected_rows == want_tcf
    assert run("privacy.optout_signal_ignored", c).affected_rows == want_optout
    assert min(want_tracking, want_tcf, want_optout) > 0
