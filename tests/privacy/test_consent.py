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


# ------------------------------------------------------------------ v2: the rule pack per row
def consent_rows():
    """One targeted person per case; ``(id, country, channel, consent, existing_customer,
    soft_optin_offered, business_contact, do_not_call, breach)`` with the expected verdict
    worked out from the default pack (docs/checks.md, privacy.consent_missing)."""
    return [
        # EU email is opt-in with the soft opt-in, without b2b
        ("fr_mail", "FR", "email", False, None, None, None, None, True),
        ("fr_soft", "FR", "email", False, True, True, None, None, False),     # soft opt-in
        ("fr_half", "FR", "email", None, True, False, None, None, True),      # not offered
        ("fr_b2b", "FR", "email", False, None, None, True, None, True),       # no b2b in EU
        # GB email: opt-in, soft opt-in and b2b
        ("gb_b2b", "GB", "email", False, None, None, True, None, False),
        ("uk_mail", "uk", "email", False, None, None, None, None, True),      # uk -> GB
        ("gb_both", "GB", "email", None, True, True, True, None, False),      # soft (and b2b)
        ("gb_display", "GB", "display", False, None, None, None, None, True),
        # US: email opt-out (CAN-SPAM), texts opt-in (TCPA), display opt-out
        ("us_mail", "US", "email", False, None, None, None, None, False),
        ("us_sms", "US", "sms", False, None, None, None, None, True),
        ("us_social", "US", "social", None, None, None, None, None, False),
        ("us_dnc_ok", "US", "phone", True, None, None, None, True, False),    # consented
        # phone: opt-in in DE and AT, opt-out (with the register) elsewhere in the EU
        ("de_phone", "DE", "phone", False, None, None, None, None, True),
        ("at_phone", "at", "phone", None, None, None, None, None, True),      # lower case
        ("fr_phone", "FR", "phone", False, None, None, None, False, False),
        ("fr_dnc", "FR", "phone", False, None, None, None, True, True),       # do-not-call
        # CA: CASL opt-in with implied consent (soft)
        ("ca_soft", "CA", "email", False, True, True, None, None, False),
        ("ca_sms", "CA", "sms", False, None, None, None, None, True),
        ("ca_display", "CA", "display", False, None, None, None, None, False),
        # post never needs consent
        ("de_post", "DE", "post", None, None, None, None, None, False),
        # no known country: the default jurisdiction (EU)
        ("zz_mail", "ZZ", "email", False, None, None, None, None, True),
        ("none_mail", None, "email", False, None, None, None, None, True),
    ]


CONSENT_COLUMN = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
                  "post": "consent_email", "display": "consent_personalization",
                  "social": "consent_personalization"}


def rule_frame(rows):
    frame = {"customer_id": [], "targeted": [], "country": [], "channel": [],
             "consent_email": [], "consent_sms": [], "consent_phone": [],
             "consent_personalization": [], "existing_customer": [], "soft_optin_offered": [],
             "business_contact": [], "do_not_call": []}
    for cid, country, channel, consent, existing, offered, b2b, dnc, _ in rows:
        frame["customer_id"].append(cid)
        frame["targeted"].append(True)
        frame["country"].append(country)
        frame["channel"].append(channel)
        for column in ("consent_email", "consent_sms", "consent_phone",
                       "consent_personalization"):
            frame[column].append(consent if CONSENT_COLUMN[channel] == column else None)
        frame["existing_customer"].append(existing)
        frame["soft_optin_offered"].append(offered)
        frame["business_contact"].append(b2b)
        frame["do_not_call"].append(dnc)
    return frame


def test_consent_missing_follows_each_persons_jurisdiction(make_campaign):
    rows = consent_rows()
    f = consent_missing(make_campaign(rule_frame(rows)))
    expected = [r[0] for r in rows if r[-1]]
    assert len(expected) == 12
    assert result(f) == ("fail", 12, 12)
    assert f.details["customer_ids"] == expected[:10]
    # exempted: fr_soft, gb_both, ca_soft by the soft opt-in; gb_b2b as a business contact
    assert f.details["soft_optin_rows"] == 3
    assert f.details["b2b_rows"] == 1
    assert f.details["do_not_call_rows"] == 1  # fr_dnc
    assert f.details["unknown_rows"] == 0
    assert f.details["fallback_rows"] == 2  # zz_mail, none_mail
    assert f.details["default_jurisdiction"] == "EU"
    assert "2 rows had no country or region that the rule pack knows" in f.message
    assert "3 people by the soft opt-in" in f.message and "1 person as business" in f.message
    assert "1 person was called on a do-not-call number" in f.message
    table = {(t["jurisdiction"], t["channel"]): t for t in f.details["by_jurisdiction"]}
    assert set(table[("FR", "email")]) == {"jurisdiction", "channel", "basis", "targeted",
                                           "affected"}
    assert table[("FR", "email")] == {"jurisdiction": "FR", "channel": "email",
                                      "basis": "opt_in", "targeted": 4, "affected": 3}
    assert table[("FR", "phone")]["basis"] == "opt_out"
    assert (table[("FR", "phone")]["targeted"], table[("FR", "phone")]["affected"]) == (2, 1)
    assert table[("DE", "phone")]["basis"] == table[("AT", "phone")]["basis"] == "opt_in"
    assert table[("GB", "email")]["targeted"] == 3 and table[("GB", "email")]["affected"] == 1
    assert table[("US", "email")] == {"jurisdiction": "US", "channel": "email",
                                      "basis": "opt_out", "targeted": 1, "affected": 0}
    assert table[("US", "sms")]["basis"] == "opt_in"
    assert table[("CA", "display")]["basis"] == "opt_out"
    assert table[("DE", "post")]["basis"] == "none"
    assert table[("EU", "email")]["targeted"] == 2 and table[("EU", "email")]["affected"] == 2
    assert sum(t["targeted"] for t in table.values()) == len(rows)


@pytest.mark.parametrize("case", consent_rows(), ids=lambda r: r[0])
def test_consent_missing_each_case_alone(make_campaign, case):
    f = consent_missing(make_campaign(rule_frame([case])))
    assert result(f) == (("fail", 1, 1) if case[-1] else ("pass", 0, 0))


def test_us_customer_emailed_without_opt_in_is_not_a_breach(make_campaign):
    c = make_campaign({"customer_id": ["us"], "targeted": [True], "country": ["US"],
                       "channel": ["email"], "consent_email": [False]})
    f = consent_missing(c)
    assert result(f) == ("pass", 0, 0)
    assert "rule pack" not in f.message  # no fallback row, no note


def test_default_jurisdiction_us_changes_the_verdict_of_a_row_without_country(make_campaign):
    data = {"customer_id": ["x", "y"], "targeted": [True, True], "country": [None, "GB"],
            "channel": ["email", "email"], "consent_email": [False, True]}
    # x has no country: EU by default (email opt-in) -> breach; US (opt-out) -> none
    eu = consent_missing(make_campaign(data))
    assert result(eu) == ("fail", 1, 1)
    us = consent_missing(make_campaign(data, default_jurisdiction="US"))
    assert result(us) == ("pass", 0, 0)
    assert us.details["fallback_rows"] == 1 and us.details["default_jurisdiction"] == "US"
    assert "judged by the rules of US (default_jurisdiction)" in us.message


def test_region_inherits_its_country(make_campaign):
    # US-CA has an entry of its own (the opt-out signal) and inherits US consent rules
    c = make_campaign({"customer_id": ["ca", "tx"], "targeted": [True, True],
                       "country": ["US", "US"], "region": ["US-CA", "us-tx"],
                       "channel": ["email", "sms"], "consent_email": [False, None],
                       "consent_sms": [None, False]})
    f = consent_missing(c)
    assert result(f) == ("fail", 1, 1)  # tx: US sms opt-in; ca: US email opt-out
    assert {t["jurisdiction"] for t in f.details["by_jurisdiction"]} == {"US-CA", "US-TX"}
    assert f.details["fallback_rows"] == 0


def test_rule_pack_override_of_a_consent_basis(make_campaign):
    data = {"customer_id": ["a", "b"], "targeted": [True, True], "country": ["US", "US"],
            "channel": ["email", "email"], "consent_email": [False, True]}
    assert result(consent_missing(make_campaign(data))) == ("pass", 0, 0)
    strict = make_campaign(data, rules={"US": {"consent": {"email": {"basis": "opt_in"}}}})
    assert result(consent_missing(strict)) == ("fail", 1, 1)


def test_without_channel_every_row_is_display(make_campaign):
    # no channel column: display; US display is opt-out, GB display opt-in
    c = make_campaign({"customer_id": ["us", "gb"], "targeted": [True, True],
                       "country": ["US", "GB"], "consent_personalization": [False, False]})
    f = consent_missing(c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["customer_ids"] == ["gb"]
    assert [(t["jurisdiction"], t["channel"]) for t in f.details["by_jurisdiction"]] == [
        ("GB", "display"), ("US", "display")]


def test_exempted_row_with_absent_consent_column_is_not_unknown(make_campaign):
    # sms has no consent column: the soft opt-in row is exempted, the other unknown
    c = make_campaign({"customer_id": ["soft", "plain", "mail"], "targeted": [True] * 3,
                       "country": ["GB", "GB", "GB"], "channel": ["sms", "sms", "email"],
                       "consent_email": [None, None, False],
                       "existing_customer": [True, False, False],
                       "soft_optin_offered": [True, False, False]})
    f = consent_missing(c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["unknown_rows"] == 1 and f.details["soft_optin_rows"] == 1


def test_do_not_call_without_consent_phone_column(make_campaign):
    # no consent_phone column: a GB call to a TPS number is not consented -> counted
    c = make_campaign({"customer_id": ["tps", "free"], "targeted": [True, True],
                       "country": ["GB", "GB"], "channel": ["phone", "phone"],
                       "consent_email": [None, None], "do_not_call": [True, False]})
    f = consent_missing(c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["do_not_call_rows"] == 1 and f.details["customer_ids"] == ["tps"]


# ------------------------------------------------------------------ consent_after_contact, v2
def test_consent_after_contact_only_where_consent_was_needed(make_campaign):
    late = ("2026-11-02", "2026-11-01")  # consent a day after the contact
    c = make_campaign({
        "customer_id": ["gb_sms", "us_mail", "fr_soft", "gb_b2b", "de_phone", "fr_phone"],
        "country": ["GB", "US", "FR", "GB", "DE", "FR"],
        "channel": ["sms", "email", "email", "email", "phone", "phone"],
        "existing_customer": [None, None, True, None, None, None],
        "soft_optin_offered": [None, None, True, None, None, None],
        "business_contact": [None, None, None, True, None, None],
        "consent_ts": [late[0]] * 6, "contact_ts": [late[1]] * 6})
    # needs consent: gb_sms (opt-in), de_phone (opt-in); not: US email (opt-out), the soft
    # opt-in, the GB business contact, FR phone (opt-out) -> 2 of 2 judged
    f = consent_after_contact(c)
    assert result(f) == ("fail", 2, 2)
    assert f.details["checked_rows"] == 2 and f.details["not_needed_rows"] == 4
    assert f.details["customer_ids"] == ["gb_sms", "de_phone"]
    table = {t["jurisdiction"]: t for t in f.details["by_jurisdiction"]}
    assert set(table) == {"GB", "DE"}
    assert table["GB"] == {"jurisdiction": "GB", "judged": 1, "affected": 1, "fallback": 0}


# ------------------------------------------------------------------ contact_after_optout, v2
def optout(c):
    return run_check("privacy.contact_after_optout", c)


# 2026-11-27 is a Friday; ten business days later is Friday 2026-12-11
@pytest.mark.parametrize("country, optout_ts, contact_ts, late", [
    ("US", "2026-11-27T10:00:00Z", "2026-12-11T23:59:00Z", False),  # the Friday two weeks on
    ("US", "2026-11-27T10:00:00Z", "2026-12-14T00:00:00Z", True),   # the Monday after
    ("US", "2026-11-28T10:00:00Z", "2026-12-14T12:00:00Z", False),  # Saturday -> Monday + 10
    ("US", "2026-11-28T10:00:00Z", "2026-12-15T00:00:00Z", True),
    # 23:30 in New York on Friday is Saturday 04:30 UTC: counted from Monday
    ("US", "2026-11-27T23:30:00-05:00", "2026-12-14T10:00:00Z", False),
    ("CA", "2026-11-27T10:00:00Z", "2026-12-14T00:00:00Z", True),   # CASL: 10 business days
    ("CA", "2026-11-27T10:00:00Z", "2026-12-11T00:00:00Z", False),
    ("DE", "2026-11-27T10:00:00Z", "2026-11-27T10:00:00Z", False),  # EU: 0 days, same time
    ("DE", "2026-11-27T10:00:00Z", "2026-11-27T10:00:01Z", True),
    ("GB", "2026-11-27T10:00:00Z", "2026-11-28T10:00:00Z", True),
    ("ZZ", "2026-11-27T10:00:00Z", "2026-11-28T10:00:00Z", True),   # fallback: EU
])
def test_optout_grace_per_jurisdiction(make_campaign, country, optout_ts, contact_ts, late):
    c = make_campaign({"customer_id": ["p"], "country": [country], "optout_ts": [optout_ts],
                       "contact_ts": [contact_ts]})
    f = optout(c)
    assert result(f) == (("fail", 1, 1) if late else ("pass", 0, 0))
    assert f.details["fallback_rows"] == (1 if country == "ZZ" else 0)


def test_optout_region_inherits_the_us_grace(make_campaign):
    c = make_campaign({"customer_id": ["ca", "ca_late"], "country": ["US", "US"],
                       "region": ["US-CA", "US-CA"],
                       "optout_ts": ["2026-11-27T10:00:00Z", "2026-11-27T10:00:00Z"],
                       "contact_ts": ["2026-12-11T10:00:00Z", "2026-12-14T10:00:00Z"]})
    f = optout(c)
    assert result(f) == ("fail", 1, 1)
    assert f.details["by_jurisdiction"] == [
        {"jurisdiction": "US-CA", "judged": 2, "affected": 1, "fallback": 0, "grace_days": 10,
         "business_days": True}]
    assert "US-CA 10 business days" in f.message


def test_optout_rule_pack_override_changes_the_count(make_campaign):
    data = {"customer_id": ["a", "b", "c"], "country": ["US", "US", "GB"],
            "optout_ts": ["2026-11-27T10:00:00Z", "2026-11-27T10:00:00Z",
                          "2026-11-27T10:00:00Z"],
            "contact_ts": ["2026-12-07T10:00:00Z", "2026-12-04T10:00:00Z",
                           "2026-11-27T09:00:00Z"]}
    # default US grace 10 business days (to 11 Dec): nobody late; c (GB) was contacted
    # before the opt-out
    assert result(optout(make_campaign(data))) == ("pass", 0, 0)
    # 5 business days from Friday 27 Nov: Friday 4 Dec; a (Monday 7 Dec) is late, b is not
    over = make_campaign(data, rules={"US": {"optout_grace": {"days": 5, "business": True}}})
    f = optout(over)
    assert result(f) == ("fail", 1, 1)
    assert f.details["customer_ids"] == ["a"]
    us = [t for t in f.details["by_jurisdiction"] if t["jurisdiction"] == "US"][0]
    assert (us["grace_days"], us["business_days"]) == (5, True)


def test_optout_calendar_grace_from_the_rule_pack(make_campaign):
    data = {"customer_id": ["a", "b", "c", "d", "e"], "country": ["FR"] * 5,
            "optout_ts": ["2026-11-01", "2026-11-01", "2026-11-01", None, "2026-11-10"],
            "contact_ts": ["2026-11-01", "2026-11-02", "2026-11-04", "2026-11-03",
                           "2026-11-02"]}
    # days after the opt-out: a 0, b 1, c 3; d never opted out; e contacted before.
    for days, expected in [(0, 2), (1, 1), (3, 0)]:
        c = make_campaign(data, rules={"EU": {"optout_grace": {"days": days,
                                                               "business": False}}})
        f = optout(c)
        assert result(f) == ("fail" if expected else "pass", expected, expected), days
        assert f.details["checked_rows"] == 4


def test_consent_funnel_counts_what_the_check_counts(make_campaign):
    c = make_campaign({"customer_id": ["us", "gb", "gb_soft"], "targeted": [True] * 3,
                       "country": ["US", "GB", "GB"], "channel": ["email"] * 3,
                       "consent_email": [False, False, False],
                       "existing_customer": [None, None, True],
                       "soft_optin_offered": [None, None, True]})
    t = consent_funnel(reduce(c)).set_index("channel")
    # nobody consented, but only gb needed a consent it lacks (us: opt-out; gb_soft: soft)
    assert t.loc["email", "consented"] == 0
    assert t.loc["email", "without_consent"] == 1
    assert t.loc["email", "without_consent"] == consent_missing(c).affected_rows
