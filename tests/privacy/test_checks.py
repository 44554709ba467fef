"""The privacy area module: its rows against the legacy table, the reduction, the figure tables
and the file, on tiny frames worked out by hand."""

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ethicskit import registry
from ethicskit.check import Measure
from ethicskit.privacy import checks, reduce
from ethicskit.privacy.consent import optout_rows
from ethicskit.privacy.rights import erasure_rows, minors_rows
from ethicskit.thresholds import MOVED_TO_RULES

AS_OF = dt.date(2026, 11, 29)


def days_ago(n):
    return (AS_OF - dt.timedelta(days=n)).isoformat()


def tiny(make_campaign, **config):
    return make_campaign({
        "customer_id": ["a", "b", "c", "d", "e", "f"],
        "targeted": [True, True, True, False, True, True],
        "channel": ["email", "sms", "post", "email", None, "push"],
        "consent_email": [True, False, False, False, False, False],
        "consent_ts": [days_ago(3), days_ago(1), None, None, None, None],
        "contact_ts": [days_ago(2), days_ago(2), days_ago(2), None, days_ago(1), None],
        "optout_ts": [None, days_ago(5), days_ago(2), None, None, None],
        "erasure_request_ts": [days_ago(31), None, days_ago(50), None, days_ago(2), None],
        "country": ["DE", "US", "US", "GB", None, "DE"],
        "age": [30, 12, 40, 15, 15, 30],
        "postcode": ["X", "X", "Y", "Y", "Y", "Z"],
    }, quasi_identifiers=["postcode"], **config)


def test_rows():
    assert [r.id for r in checks.CHECKS] == [
        "privacy.consent_missing", "privacy.consent_after_contact",
        "privacy.contact_after_optout", "privacy.erasure_overdue", "privacy.direct_identifiers",
        "privacy.k_anonymity", "privacy.l_diversity", "privacy.special_category_data",
        "privacy.minors_profiled", "privacy.retention_exceeded", "privacy.tracking_consent",
        "privacy.tcf_consent", "privacy.optout_signal_ignored"]
    assert registry.checks_for("privacy") == list(checks.CHECKS)


def test_reduction_holds_masks_and_codes(make_campaign):
    r = reduce(tiny(make_campaign))
    assert r.rows == 6 and r.as_of == AS_OF and r.has_targeted
    assert r.targeted.tolist() == [True, True, True, False, True, True]
    # channel codes in order of first appearance, the null last: email, sms, post, push, (empty)
    assert list(r.channel_labels) == ["email", "sms", "post", "push", "(empty)"]
    assert r.channel_codes.tolist() == [0, 1, 2, 0, 4, 3]
    assert r.needing["consent_email"].tolist() == [True, False, False, True, False, False]
    assert r.needing["consent_sms"].tolist() == [False, True, False, False, False, False]
    assert r.needing["consent_personalization"].tolist() == [False] * 5 + [True]
    assert r.needing[""].tolist() == [False, False, True, False, False, False]
    # only consent_email is present: d is not targeted, b (sms) and f (push) are unknown
    assert r.consent_breach.tolist() == [False] * 6
    assert r.consent_unknown.tolist() == [False, True, False, False, False, True]
    # a: consent 3 days ago, contact 2 days ago (fine); b: consent after the contact
    assert r.consent_both.tolist() == [True, True, False, False, False, False]
    assert r.consent_late.tolist() == [False, True, False, False, False, False]
    assert r.optout_both.tolist() == [False, True, True, False, False, False]
    # b and c opted out in the US (10 business days): b contacted 3 days later, c at once
    assert optout_rows(r).tolist() == [False] * 6
    assert r.erasure_age.tolist() == [31, pd.NA, 50, pd.NA, 2, pd.NA]
    # the rule-pack entry of each row: DE, US, US, GB, EU (no country: the default), DE
    assert r.jurisdiction_of_rows().tolist() == ["DE", "US", "US", "GB", "EU", "DE"]
    assert r.j.fallback.tolist() == [False, False, False, False, True, False]
    breach, deadline = erasure_rows(r)
    assert breach.tolist() == [True, False, True, False, False, False]
    assert deadline.tolist() == [30.0, 45.0, 45.0, 30.0, 30.0, 30.0]
    young, _, limit = minors_rows(r)
    assert limit.tolist() == [16.0, 13.0, 13.0, 13.0, 16.0, 16.0]
    # b is 12 in the US (targeted); d is 15 in GB (not under 13); e is 15, default 16
    assert young.tolist() == [False, True, False, False, True, False]
    # classes over postcode: X (a, b), Y (c, d, e), Z (f)
    assert r.qi_names == ("postcode",)
    assert r.class_of_row.tolist() == [0, 0, 1, 1, 1, 2]
    assert r.class_size.tolist() == [2, 3, 1]
    assert r.ids(np.array([False, True, True, False, False, True])) == ["b", "c", "f"]
    assert r.thresholds == {}  # the legal parameters are the rule pack's


@pytest.mark.parametrize("name", sorted(MOVED_TO_RULES))
def test_a_moved_threshold_in_the_config_is_an_input_error_naming_rules(make_campaign, name):
    from ethicskit.errors import ConfigError

    with pytest.raises(ConfigError) as error:
        tiny(make_campaign, thresholds={name: 4})
    assert f"thresholds.{name}" in str(error.value) and "rules:" in str(error.value)


def test_rule_pack_override_reaches_the_reduction(make_campaign):
    # US opt-out grace of 0 calendar days: b (US) was contacted 3 days after opting out
    r = reduce(tiny(make_campaign, rules={"US": {"optout_grace": {"days": 0,
                                                                   "business": False}}}))
    assert optout_rows(r).tolist() == [False, True] + [False] * 4


def test_metrics_return_measures_without_words(make_campaign):
    r = reduce(tiny(make_campaign))
    m = checks.CHECKS[0].metric(r)
    assert isinstance(m, Measure)
    assert (m.value, m.affected_rows, m.skip) == (0, 0, None)
    assert m.details["unknown_rows"] == 2 and m.details["other_channel_rows"] == 1
    assert m.facts["absent"] == ["consent_personalization", "consent_sms"]


def test_tables_are_small_aggregates(make_campaign):
    t = checks.tables(reduce(tiny(make_campaign)), {})
    assert set(t) == {"consent_funnel", "class_sizes", "quasi_identifiers", "erasure_ages",
                      "suppression_summary", "suppression_total"}
    funnel = t["consent_funnel"].set_index("channel")
    # sorted channel labels; email: a, d eligible, a targeted and consented, a contacted
    assert funnel.index.tolist() == ["(empty)", "email", "post", "push", "sms"]
    assert funnel.loc["email", ["eligible", "targeted", "consented", "contacted"]].tolist() == [
        2, 1, 1, 1]
    assert funnel.loc["post", "consented"] == 1  # no opt-in needed
    assert funnel.loc["sms", "consented"] is pd.NA  # consent_sms is absent
    assert t["class_sizes"].to_dict("list") == {"size": [1, 2, 3], "classes": [1, 1, 1],
                                                "rows": [1, 2, 3]}
    assert t["quasi_identifiers"]["column"].tolist() == ["postcode"]
    # by jurisdiction: a (DE, 31 days, deadline 30), e (no country: EU, 2 days),
    # c (US, 50 days, deadline 45)
    assert t["erasure_ages"].to_dict("list") == {
        "jurisdiction": ["DE", "EU", "US"], "age_days": [31, 2, 50],
        "deadline_days": [30.0, 30.0, 45.0], "overdue": [True, False, True], "n": [1, 1, 1]}
    # on the list: a (DE, 31 days) and c (US, 50 days) erasure overdue; b is 12 in the US and
    # e 15 without a country (default EU: 16), both targeted without parental consent. b was
    # contacted 3 days after opting out, within the US grace of 10 business days: not listed
    assert t["suppression_summary"].to_dict("list") == {
        "check": ["privacy.erasure_overdue", "privacy.minors_profiled"], "people": [2, 2],
        "lines": [2, 2]}
    assert t["suppression_total"].to_dict("list") == {"lines": [4], "people": [4]}


def test_files_write_the_suppression_list(make_campaign):
    files = checks.files(reduce(tiny(make_campaign)), {})
    assert list(files) == ["suppress.csv"]
    assert files["suppress.csv"].decode("utf-8").splitlines() == [
        '"customer_id","check_id","reason","row"',
        '"a","privacy.erasure_overdue","erasure requested 31 days ago; deadline 30 days in DE",'
        '"1"',
        '"c","privacy.erasure_overdue","erasure requested 50 days ago; deadline 45 days in US",'
        '"3"',
        '"b","privacy.minors_profiled","aged 12 in US, under the digital consent age 13, '
        'without parental consent","2"',
        '"e","privacy.minors_profiled","aged 15 in EU (default_jurisdiction), under the '
        'digital consent age 16, without parental consent","5"',
    ]


@pytest.mark.parametrize("config, message", [
    ({}, "Not evaluated: the config names no sensitive_attribute."),
    ({"sensitive_attribute": "health"}, "Not evaluated: the dataset has no column 'health'."),
])
def test_l_diversity_skips_with_its_own_words(make_campaign, config, message):
    c = make_campaign({"customer_id": ["a", "b"], "postcode": ["X", "X"]})
    # the loader refuses a config naming an absent column; a snapshot's config may still
    c = dataclasses.replace(c, config=dataclasses.replace(c.config, **config))
    f = registry.run_check("privacy.l_diversity", c)
    assert (f.status, f.message, f.threshold) == ("not_evaluated", message, None)


def test_no_rows_and_no_quasi_identifiers_are_worded(make_campaign):
    empty = make_campaign(pd.DataFrame({"customer_id": pd.Series([], dtype=str),
                                        "postcode": pd.Series([], dtype=str)}))
    assert registry.run_check("privacy.k_anonymity", empty).message == (
        "Not evaluated: the dataset has no rows.")
    none = make_campaign({"customer_id": ["a"], "postcode": ["X"]}, quasi_identifiers=[])
    f = registry.run_check("privacy.k_anonymity", none)
    assert f.message == "Not evaluated: the config's quasi_identifiers list is empty."
    assert {k: v for k, v in f.details.items() if k != "to_evaluate"} == {
        "missing": ["quasi_identifiers"]}


PACK_CHECKS = ("privacy.consent_missing", "privacy.consent_after_contact",
               "privacy.contact_after_optout", "privacy.erasure_overdue",
               "privacy.minors_profiled")


def test_every_check_using_the_pack_reports_its_fallback_rows(make_campaign):
    # one row with no country and one with a country the pack does not know: both follow EU
    c = make_campaign({
        "customer_id": ["none", "zz", "gb"], "targeted": [True, True, True],
        "country": [None, "ZZ", "GB"], "channel": ["email", "email", "email"],
        "consent_email": [False, False, True],
        "consent_ts": [days_ago(1)] * 3, "contact_ts": [days_ago(2)] * 3,
        "optout_ts": [days_ago(3)] * 3, "erasure_request_ts": [days_ago(31)] * 3,
        "age": [15, 15, 15]})
    note = ("2 rows had no country or region that the rule pack knows and were judged by the "
            "rules of EU (default_jurisdiction).")
    for check_id in PACK_CHECKS:
        f = registry.run_check(check_id, c)
        assert f.details["fallback_rows"] == 2, check_id
        assert f.details["default_jurisdiction"] == "EU", check_id
        assert f.message.endswith(note), (check_id, f.message)
        assert isinstance(f.details["by_jurisdiction"], list) and f.details["by_jurisdiction"]
        # every row breaches each of these rules in EU and GB (GB: age 15 >= 13, consented)
        assert f.status == "fail", check_id


def test_norms_warn_and_cite_the_risk_not_a_law(make_campaign):
    c = make_campaign({"customer_id": list("abc"), "postcode": ["X", "X", "Y"],
                       "health": ["a", "a", "b"]}, quasi_identifiers=["postcode"],
                      sensitive_attribute="health")
    k = registry.run_check("privacy.k_anonymity", c)
    l_div = registry.run_check("privacy.l_diversity", c)
    # classes X (2) and Y (1): k = 1 < 5; l = 1 in both classes < 2
    assert (k.status, k.value, k.affected_rows) == ("warn", 1, 3)
    assert (l_div.status, l_div.value, l_div.affected_rows) == ("warn", 1, 3)
    for f in (k, l_div):
        assert "GDPR Recital 26" in f.references
        assert any(r.startswith("WP29 Opinion 05/2014") for r in f.references)
        assert "not a legal threshold" in f.message
    assert "Sweeney 2002" in k.references
    assert "Machanavajjhala et al. 2007" in l_div.references


def test_references_cite_the_rule_pack_entries():
    refs = {r.id: " ".join(r.references) for r in checks.CHECKS}
    for needle in ("ePrivacy Directive", "UK PECR reg. 22", "CAN-SPAM 15 U.S.C. 7704",
                   "CASL s. 6", "TCPA"):
        assert needle in refs["privacy.consent_missing"], needle
    assert "CCPA" not in refs["privacy.contact_after_optout"]  # an opt-out of sale, not this
    assert "CASL s. 11(3)" in refs["privacy.contact_after_optout"]
    assert "PIPEDA s. 8(3)-(4)" in refs["privacy.erasure_overdue"]
    assert "UK DPA 2018 s. 9" in refs["privacy.minors_profiled"]
