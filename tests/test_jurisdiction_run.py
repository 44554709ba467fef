"""An unseen campaign spread over jurisdictions, with its own column names, audited end to end:
every count below is worked out by hand from the rows and the law of each person's country
(docs/data.md, "The rule pack"), not from the code."""

from __future__ import annotations

import textwrap

import pytest

from ethicskit import record
from ethicskit.campaign import open_campaign

# as_of 2026-11-30 (a Monday). Columns carry the campaign's own names (mapped in the config).
HEAD = ("id,land,state,chan,sel,ok_mail,ok_sms,ok_tel,ok_ads,client,offered,b2b,dnc,out_ts,"
        "touch_ts,del_ts,del_ext,yrs,parent_ok,cookies,gpc,shared,crit,cat")
ROWS = """
r01,FR,,email,yes,no,,,,,,,,,,,,,,,,,,general
r02,fr,,email,yes,no,,,,yes,yes,,,,,,,,,,,,,general
r03,GB,,email,yes,no,,,,,,yes,,,,,,,,,,,,general
r04,FR,,email,yes,no,,,,,,yes,,,,,,,,,,,,general
r05,US,,email,yes,no,,,,,,,,,,,,,,,,,,general
r06,US,,sms,yes,,no,,,,,,,,,,,,,,,,,general
r07,DE,,phone,yes,,,no,,,,,,,,,,,,,,,,general
r08,uk,,phone,yes,,,no,,,,,yes,,,,,,,,,,,general
r09,GB,,phone,yes,,,no,,,,,no,,,,,,,,,,,general
r10,,,email,yes,no,,,,,,,,,,,,,,,,,,general
r11,ZZ,,post,yes,,,,,,,,,,,,,,,,,,,general
r12,US,,email,yes,no,,,,,,,,2026-11-06T09:00:00Z,2026-11-20T09:00:00Z,,,,,,,,,general
r13,US,,email,yes,no,,,,,,,,2026-11-06T09:00:00Z,2026-11-23T09:00:00Z,,,,,,,,,general
r14,US,US-CA,email,yes,no,,,,,,,,2026-11-07T09:00:00Z,2026-11-23T09:00:00Z,,,,,,,,,general
r15,GB,,email,yes,yes,,,,,,,,2026-11-20T10:00:00Z,2026-11-20T11:00:00Z,,,,,,,,,general
r16,DE,,post,no,,,,,,,,,,,2026-10-31T00:00:00Z,,,,,,,,general
r17,DE,,post,no,,,,,,,,,,,2026-10-30T00:00:00Z,,,,,,,,general
r18,US,,post,no,,,,,,,,,,,2026-10-15T00:00:00Z,,,,,,,,general
r19,US,,post,no,,,,,,,,,,,2026-10-15T00:00:00Z,yes,,,,,,,general
r20,IS,,post,yes,,,,,,,,,,,,,13,,,,,,general
r21,IS,,post,yes,,,,,,,,,,,,,12,,,,,,general
r22,FR,,post,yes,,,,,,,,,,,,,14,,,,,,general
r23,AT,,post,yes,,,,,,,,,,,,,14,,,,,,general
r24,FR,,social,yes,,,,yes,,,,,,,,,17,yes,yes,,,interest:gaming,general
r25,US,,social,yes,,,,,,,,,,,,,17,,,,,interest:gaming;age:17,housing
r26,GB,,display,yes,,,,yes,,,,,,,,,,,no,,,,general
r27,US,,display,yes,,,,,,,,,,,,,,,no,,,,general
r28,US,US-CA,social,yes,,,,,,,,,,,,,,,,yes,,,general
r29,US,US-NY,social,yes,,,,,,,,,,,,,,,,yes,,,general
r30,US,us-co,email,yes,no,,,,,,,,,,,,,,,yes,yes,,general
r31,FR,,email,no,no,,,,,,,,,,,,,,,,,,general
r32,FR,,email,yes,yes,,,,,,,,,,,,,,,,,age:25-34,housing
"""
CONFIG = textwrap.dedent("""
    name: Jurisdiction test
    as_of: 2026-11-30
    columns: {customer_id: id, country: land, region: state, channel: chan, targeted: sel,
              consent_email: ok_mail, consent_sms: ok_sms, consent_phone: ok_tel,
              consent_personalization: ok_ads, existing_customer: client,
              soft_optin_offered: offered, business_contact: b2b, do_not_call: dnc,
              optout_ts: out_ts, contact_ts: touch_ts, erasure_request_ts: del_ts,
              erasure_extended: del_ext, age: yrs, parental_consent: parent_ok,
              tracking_consent: cookies, gpc: gpc, shared_with_platform: shared,
              targeting_criteria: crit, product_category: cat}
    protected_attributes: []
    quasi_identifiers: []
""")

# by hand, row by row (see the comments in the terms):
EXPECTED = {
    # r01 FR email; r04 FR B2B (no B2B rule in the EU); r06 US sms (TCPA opt-in); r07 DE phone
    # (opt-in); r08 UK phone on the do-not-call register; r10 no country (EU by default).
    # Not: r02 soft opt-in, r03 GB B2B, r05 US email (opt-out), r09 GB phone off the register,
    # r11 post, r31 not targeted.
    "privacy.consent_missing": ("fail", 6),
    # r13: 10 business days after Fri 6 Nov is Fri 20 Nov, Mon 23 Nov is late; r15 GB 1 hour
    # after. Not: r12 on day 10; r14 opted out on Saturday 7 Nov (counted from Mon 9): 23 Nov ok.
    "privacy.contact_after_optout": ("fail", 2),
    # r17 DE 31 days > 30; r18 US 46 > 45. Not: r16 exactly 30, r19 46 <= 45 + 45.
    "privacy.erasure_overdue": ("fail", 2),
    # r21 IS 12 < 13; r22 FR 14 < 15. Not: r20 IS 13, r23 AT 14, r24 FR 17, r25 US 17.
    "privacy.minors_profiled": ("fail", 2),
    # r26 GB display without cookie consent. Not: r27 US, r24 FR with consent.
    "privacy.tracking_consent": ("fail", 1),
    # r28 GPC in US-CA on social; r30 GPC in US-CO, shared with a platform. Not: r29 US-NY.
    "privacy.optout_signal_ignored": ("fail", 2),
    # r24 FR 17 on social with an interest token, parental consent or not. Not: r25 (US).
    "targeting.minors_profiling_ads": ("fail", 1),
    # r25 US housing by age (law); r32 FR housing by age (a platform rule): fail, 2 rows.
    "targeting.protected_criteria_in_opportunity_ads": ("fail", 2),
    "targeting.sensitive_interests": ("pass", 0),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jurisdictions")
    (folder / "data.csv").write_text(HEAD + ROWS, encoding="utf-8")
    (folder / "config.yaml").write_text(CONFIG + "dataset: data.csv\n", encoding="utf-8")
    campaign = open_campaign(config_path=folder / "config.yaml")
    rec = record.compute(campaign, areas=["privacy", "targeting"])
    return {f.check_id: f for f in rec.findings}


@pytest.mark.parametrize("check_id", sorted(EXPECTED))
def test_each_verdict_follows_the_law_of_each_row(findings, check_id):
    f = findings[check_id]
    assert (f.status, f.affected_rows) == EXPECTED[check_id], f.message


def test_the_tables_per_jurisdiction(findings):
    consent = findings["privacy.consent_missing"].details
    assert (consent["soft_optin_rows"], consent["b2b_rows"]) == (1, 1)
    # targeted rows judged by default_jurisdiction: r10 (no country) and r11 (ZZ)
    assert consent["fallback_rows"] == 2
    assert "2 rows had no country or region that the rule pack knows" in \
        findings["privacy.consent_missing"].message
    per = {(r["jurisdiction"], r["channel"]): r["affected"] for r in consent["by_jurisdiction"]}
    assert per[("FR", "email")] == 2 and per[("DE", "phone")] == 1 and per[("GB", "phone")] == 1
    assert per[("US", "sms")] == 1 and per[("US", "email")] == 0
    opportunity = findings["targeting.protected_criteria_in_opportunity_ads"].details
    assert opportunity["law_rows"] == 1
