"""Consent checks on tiny literal campaigns; expected counts worked out row by row."""

import pandas as pd
import pytest

from ethicskit.privacy import consent_funnel, reduce
from ethicskit.registry import run_check


def consent_missing(c):
    return run_check("privacy.consent_missing", c)


def consent_after_contact(c):
    return run_check("privacy.consent_after_contact", c)


def result(f):
    return f.status, f.value, f.affected_rows


# ------------------------------------------------------------------ consent_missing
def test_consent_missing_by_channel(make_campaign):
    c = make_campaign({
        "customer_id": ["a", "b", "c", "d", "e", "f", "g", "h"],
        "targeted":    [True, True, True, True, True, True, False, True],
        "channel":     ["email", "email", "sms", "post", "social", "push", "email", "phone"],
        "consent_email": [True, False, True, False, False, False, False, False],
        "consent_sms":   [False, False, None, False, False, False, False, False],
        "consent_phone": [False, False, False, False, False, False, False, True],
        "consent_personalization": [False, False, False, False, True, None, False, False],
    })
    # b: email without consent_email; c: sms with consent_sms null; f: push with null
    # personalization. a, e, h have their channel's consent; d is post (none needed);
    # g is not targeted. -> 3
    f = consent_missing(c)
    assert result(f) == ("fail", 3, 3)
    assert f.threshold == 0
    assert f.details["unknown_rows"] == 0
    assert f.details["customer_ids"] == ["b", "c", "f"]
    by = {r["channel"]: r for r in f.details["channels"]}
    assert by["email"]["without_consent"] == 1 and by["email"]["targeted"] == 2


def test_channel_whose_consent_column_is_absent_goes_to_unknown(make_campaign):
    c = make_campaign({
        "customer_id": ["a", "b", "c", "d"],
        "targeted": [True, True, True, True],
        "channel": ["email", "email", "sms", "sms"],
        "consent_email": [True, False, True, True],
    })
    # a ok, b breach; c and d are sms and there is no consent_sms column: unknown, not counted
    f = consent_missing(c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["unknown_rows"] == 2
    assert "consent_sms" in f.message


def test_every_needed_consent_column_absent_is_not_evaluated(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                       "channel": ["sms", "sms"], "consent_email": [True, True]})
    f = consent_missing(c)
    assert f.status == "not_evaluated"
    assert f.details["unknown_rows"] == 2


def test_without_targeted_every_row_counts_and_message_says_so(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "channel": ["email"] * 3,
                       "consent_email": [True, False, None]})
    f = consent_missing(c)
    assert result(f) == ("fail", 2, 2)  # b false, c null
    assert "no `targeted` column" in f.message


def test_without_channel_personalization_consent_is_needed(make_campaign):
    c = make_campaign({"customer_id": ["a", "b", "c"], "targeted": [True, True, False],
                       "consent_personalization": [True, False, False],
                       "consent_email": [False, False, False]})
    # b targeted without personalization consent; c not targeted -> 1
    assert result(consent_missing(c)) == ("fail", 1, 1)


def test_unknown_channel_is_not_counted(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                       "channel": ["fax", None], "consent_email": [False, False]})
    f = consent_missing(c)
    assert result(f) == ("pass", 0, 0)
    assert f.details["other_channel_rows"] == 2


def test_channel_values_recoded_by_config(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "targeted": [True, True],
                       "medium": ["mail", "mail"], "optin_mail": ["yes", "no"]},
                      columns={"channel": "medium", "consent_email": "optin_mail"},
                      values={"channel": {"mail": "email"}})
    f = consent_missing(c)
    assert result(f) == ("fail", 1, 1)
    assert {r["consent_column"] for r in f.details["channels"]} == {"optin_mail"}


def test_registry_needs_a_consent_column(make_campaign):
    c = make_campaign({"customer_id": ["a"], "targeted": [True], "channel": ["email"]})
    assert run_check("privacy.consent_missing", c).status == "not_evaluated"


# ------------------------------------------------------------------ consent_after_contact
def test_consent_after_contact_equal_time_is_not_a_breach(make_campaign):
    c = make_campaign({
        "customer_id": ["a", "b", "c", "d", "e"],
        "consent_ts": ["2026-11-01T10:00:00", "2026-11-01T10:00:00", "2026-11-02", None,
                       "2026-11-05T10:00:01"],
        "contact_ts": ["2026-11-01T10:00:00", "2026-11-02", "2026-11-01", "2026-11-01",
                       "2026-11-05T10:00:00"],
    })
    # a equal (no); b consent before (no); c consent a day after (yes); d no consent time
    # (not both set, no); e one second after (yes) -> 2
    f = consent_after_contact(c)
    assert result(f) == ("fail", 2, 2)
    assert f.details["checked_rows"] == 4
    assert f.details["customer_ids"] == ["c", "e"]


def test_consent_after_contact_compares_in_utc(make_campaign):
    # 12:00+02:00 is 10:00 UTC: the consent (10:30 UTC) came after the contact
    c = make_campaign({"customer_id": ["a"], "consent_ts": ["2026-11-01T10:30:00Z"],
                       "contact_ts": ["2026-11-01T12:00:00+02:00"]})
    assert result(consent_after_contact(c)) == ("fail", 1, 1)


# ------------------------------------------------------------------ contact_after_optout
@pytest.mark.parametrize("grace, expected", [(0, 2), (1, 1), (3, 0)])
def test_contact_after_optout_with_grace(make_campaign, grace, expected):
    c = make_campaign({
        "customer_id": ["a", "b", "c", "d", "e"],
        "optout_ts":  ["2026-11-01", "2026-11-01", "2026-11-01", None, "2026-11-10"],
        "contact_ts": ["2026-11-01", "2026-11-02", "2026-11-04", "2026-11-03", "2026-11-02"],
    }, thresholds={"optout_grace_days": grace})
    # days after the opt-out: a 0, b 1, c 3; d never opted out; e contacted before.
    # breach when days > grace: grace 0 -> b, c; grace 1 -> c (b exactly at grace: no);
    # grace 3 -> none (c exactly at grace)
    f = run_check("privacy.contact_after_optout", c)
    assert result(f) == ("fail" if expected else "pass", expected, expected)
    assert f.details["checked_rows"] == 4


def test_contact_after_optout_grace_from_config(make_campaign):
    c = make_campaign({"customer_id": ["a"], "optout_ts": ["2026-11-01"],
                       "contact_ts": ["2026-11-03"]}, thresholds={"optout_grace_days": 2})
    assert run_check("privacy.contact_after_optout", c).status == "pass"  # exactly 2 days


# ------------------------------------------------------------------ funnel
def test_consent_funnel(make_campaign):
    c = make_campaign({
        "customer_id": list("abcdef"),
        "targeted": [True, True, False, True, True, False],
        "channel": ["email", "email", "email", "post", "sms", "sms"],
        "consent_email": [True, False, True, False, False, False],
        "contact_ts": ["2026-11-01", "2026-11-01", None, "2026-11-01", "2026-11-01", None],
    })
    t = consent_funnel(reduce(c)).set_index("channel")
    # email: 3 eligible, 2 targeted, 1 consented (a), 2 contacted, 1 without consent (b)
    assert t.loc["email", ["eligible", "targeted", "consented", "contacted"]].tolist() == [
        3, 2, 1, 2]
    assert t.loc["email", "without_consent"] == 1
    # post needs no opt-in: its targeted person counts as consented
    assert t.loc["post", "consented"] == 1 and t.loc["post", "without_consent"] == 0
    # sms: no consent_sms column, so consent is unknown
    assert t.loc["sms", "consented"] is pd.NA
