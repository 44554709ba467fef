"""Weighted rows (a ``weight`` column): every privacy finding equals the finding of the same
frame expanded row by row (each row repeated ``weight`` times, the copies given distinct
``customer_id`` values), with ``details.weighted`` true; a row of weight 0 is as if absent."""

from __future__ import annotations

import pandas as pd
import pytest

from ethicskit.privacy import reduce
from ethicskit.privacy.checks import CHECKS
from ethicskit.registry import run_check
from helpers.weights import expand

AS_OF = "2026-11-29"


def comparable(value):
    """A finding's details without what names rows (evidence) or says it was weighted."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()
                if k not in ("customer_ids", "weighted", "example")}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def same_as_expanded(make_campaign, frame, check_id, **config):
    weighted = run_check(check_id, make_campaign(frame, as_of=AS_OF, **config))
    plain = run_check(check_id, make_campaign(expand(frame), as_of=AS_OF, **config))
    assert weighted.status == plain.status
    assert weighted.value == plain.value
    assert weighted.affected_rows == plain.affected_rows
    assert comparable(weighted.details) == comparable(plain.details)
    if "to_evaluate" not in weighted.details or weighted.status != "not_evaluated":
        assert weighted.details.get("weighted") is True
    assert "weighted" not in plain.details
    return weighted, plain


# ------------------------------------------------------------------ frames
CONSENT = pd.DataFrame({
    "customer_id": ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
    "weight": [3, 2, 5, 1, 4, 0, 2, 6, 1],
    "targeted": [True, True, True, True, True, True, False, True, True],
    "channel": ["email", "email", "sms", "post", "social", "email", "email", "phone", "email"],
    "country": ["DE", "DE", "FR", "DE", "GB", "DE", "DE", "US", "ZZ"],
    "consent_email": [True, False, None, False, False, False, False, False, False],
    "consent_phone": [False, False, False, False, False, False, False, False, False],
    "consent_personalization": [False, False, False, False, False, False, False, False, True],
    "existing_customer": [False, True, False, False, False, False, False, False, False],
    "soft_optin_offered": [False, True, False, False, False, False, False, False, False],
    "do_not_call": [False, False, False, False, False, False, False, True, False],
    "consent_ts": ["2026-01-02", "2026-01-05", None, None, "2026-02-01", None, None,
                   None, "2026-03-09"],
    "contact_ts": ["2026-01-03", "2026-01-04", None, None, "2026-01-31", None, None,
                   None, "2026-03-08"],
})


def test_consent_missing_counts_people(make_campaign):
    # by hand, people: b 2 exempted (soft opt-in, DE email), c 5 unknown (no consent_sms),
    # e 4 (GB social, no personalization consent), h 6 (US phone on do-not-call), i 1
    # (ZZ -> EU default, email without consent); f weight 0 is nobody
    w, _ = same_as_expanded(make_campaign, CONSENT, "privacy.consent_missing")
    assert (w.status, w.value, w.affected_rows) == ("fail", 11, 11)
    d = w.details
    assert (d["unknown_rows"], d["soft_optin_rows"], d["do_not_call_rows"]) == (5, 2, 6)
    assert d["targeted_rows"] == 3 + 2 + 5 + 1 + 4 + 6 + 1
    assert d["fallback_rows"] == 1


def test_consent_after_contact_counts_people(make_campaign):
    # both dates: a (3, email DE, in time), b (2, late but exempted by the soft opt-in: not
    # needed), e (4, social GB opt-in, late), i (1, email, ZZ -> EU, late)
    w, _ = same_as_expanded(make_campaign, CONSENT, "privacy.consent_after_contact")
    assert (w.value, w.details["checked_rows"], w.details["not_needed_rows"]) == (5, 8, 2)


RIGHTS = pd.DataFrame({
    "customer_id": ["a", "b", "c", "d", "e", "f"],
    "weight": [2, 3, 1, 0, 4, 2],
    "targeted": [True, True, True, True, False, True],
    "country": ["DE", "US", "GB", "DE", "FR", "CA"],
    "optout_ts": ["2026-11-02", "2026-11-02", "2026-11-20", None, "2026-11-01", "2026-11-06"],
    "contact_ts": ["2026-11-03", "2026-11-10", "2026-11-20", None, "2026-11-05",
                   "2026-11-27"],
    "erasure_request_ts": ["2026-09-01", "2026-10-01", None, "2026-01-01", "2026-06-01",
                           "2026-11-01"],
    "erasure_extended": [False, False, False, False, True, False],
    "age": [12, 15, 30, 10, 14, 12],
    "parental_consent": [False, False, False, False, False, True],
    "collected_ts": ["2020-01-01", "2026-01-01", "2023-01-01", "2019-01-01", None,
                     "2024-11-01"],
})


@pytest.mark.parametrize("check_id", ["privacy.contact_after_optout", "privacy.erasure_overdue",
                                      "privacy.minors_profiled",
                                      "privacy.retention_exceeded"])
def test_rights_checks_count_people(make_campaign, check_id):
    same_as_expanded(make_campaign, RIGHTS, check_id)


def test_rights_counts_by_hand(make_campaign):
    c = make_campaign(RIGHTS, as_of=AS_OF)
    # erasure: a 89 days (EU 30) late: 2 people; b 59 days (US 45): 3; e 181 (EU 30 + 60): 4;
    # f 28 days (CA 30): in time; d weight 0
    f = run_check("privacy.erasure_overdue", c)
    assert (f.value, f.details["open_requests"], f.details["extended_rows"]) == (9, 11, 4)
    # minors: a 12 < 16 in DE (2), b 15 >= 13 in US, f has parental consent; e not targeted
    f = run_check("privacy.minors_profiled", c)
    assert (f.value, f.details["targeted_under_age"]) == (2, 2 + 2)
    # retention (730 days): a, c and f... f is 758 days old; a 2524, c 1428; b 332
    f = run_check("privacy.retention_exceeded", c)
    assert (f.value, f.details["rows_with_date"]) == (2 + 1 + 2, 2 + 3 + 1 + 2)


EXPOSURE = pd.DataFrame({
    "customer_id": ["a", "b", "c", "d", "e"],
    "weight": [1, 3, 0, 2, 4],
    "contact": ["x@example.org", "y@example.org", "z@example.org", "plain", "text"],
    "note": ["hi", None, "+44 20 7946 0958", None, "n"],
    "health_condition": ["asthma", None, "flu", "none", None],
    "explicit_consent_sensitive": [True, False, False, False, False],
})


@pytest.mark.parametrize("check_id", ["privacy.direct_identifiers",
                                      "privacy.special_category_data"])
def test_exposure_checks_count_people(make_campaign, check_id):
    same_as_expanded(make_campaign, EXPOSURE, check_id)


def test_identifier_share_is_a_share_of_people(make_campaign):
    # contact: emails for a (1) and b (3) against 6 people without -> 4 / 10 < 0.5: no column;
    # weighted the other way (b 9) -> 10 / 16 >= 0.5
    c = make_campaign(EXPOSURE, as_of=AS_OF)
    f = run_check("privacy.direct_identifiers", c)
    assert f.value == 0 and f.details["below_share"][0]["share"] == 0.4
    heavy = EXPOSURE.assign(weight=[1, 9, 0, 2, 4])
    f = run_check("privacy.direct_identifiers", make_campaign(heavy, as_of=AS_OF))
    assert (f.value, f.affected_rows) == (1, 16)
    same_as_expanded(make_campaign, heavy, "privacy.direct_identifiers")


ANONYMITY = pd.DataFrame({
    "customer_id": ["a", "b", "c", "d", "e", "f", "g"],
    "weight": [3, 1, 4, 0, 2, 2, 6],
    "postcode": ["10115", "10115", "20095", "30159", "20095", None, "10115"],
    "gender": ["f", "f", "m", "m", "m", "f", "f"],
    "diagnosis_group": ["A", "A", "B", None, "C", None, "B"],
})


@pytest.mark.parametrize("k_min", [2, 5, 7])
def test_k_anonymity_counts_people(make_campaign, k_min):
    w, _ = same_as_expanded(make_campaign, ANONYMITY, "privacy.k_anonymity",
                            quasi_identifiers=["postcode", "gender"],
                            thresholds={"k_min": k_min})
    # classes, people: (10115, f) 3 + 1 + 6 = 10, (20095, m) 4 + 2 = 6, (None, f) 2;
    # (30159, m) has only d of weight 0: nobody, no class
    assert w.value == 2
    assert w.details["classes"] == 3
    assert w.affected_rows == sum(s for s in (10, 6, 2) if s < k_min)


def test_l_diversity_counts_people(make_campaign):
    w, _ = same_as_expanded(make_campaign, ANONYMITY, "privacy.l_diversity",
                            quasi_identifiers=["postcode", "gender"],
                            sensitive_attribute="diagnosis_group",
                            special_category_columns=[])
    # l: (10115, f) {A, B} 2, (20095, m) {B, C} 2, (None, f) {} 0 -> 2 people below l_min 2
    assert (w.value, w.affected_rows) == (0, 2)


TRACKING = pd.DataFrame({
    "customer_id": ["a", "b", "c", "d", "e"],
    "weight": [2, 5, 1, 0, 3],
    "targeted": [True, True, True, True, True],
    "channel": ["display", "social", "email", "display", "display"],
    "country": ["DE", "US", "FR", "DE", "US"],
    "region": [None, "US-CA", None, None, "US-TX"],
    "tracking_consent": [False, True, False, False, True],
    "tc_string": [None, "nonsense", None, None, None],
    "gpc": [False, True, True, True, False],
    "sale_optout": [False, False, False, False, True],
})


@pytest.mark.parametrize("check_id", ["privacy.tracking_consent", "privacy.tcf_consent",
                                      "privacy.optout_signal_ignored"])
def test_tracking_checks_count_people(make_campaign, check_id):
    same_as_expanded(make_campaign, TRACKING, check_id)


def test_tracking_counts_by_hand(make_campaign):
    c = make_campaign(TRACKING, as_of=AS_OF)
    assert run_check("privacy.tracking_consent", c).affected_rows == 2  # a, DE display
    # optout signal: b US-CA gpc on social (5), e US-TX sale opt-out on display (3)
    assert run_check("privacy.optout_signal_ignored", c).affected_rows == 8


@pytest.mark.parametrize("check_id", [c.id for c in CHECKS
                                      if c.id not in ("privacy.l_diversity",)])
def test_every_check_on_the_consent_frame(make_campaign, check_id):
    same_as_expanded(make_campaign, CONSENT, check_id)


def test_without_weights_nothing_says_weighted(make_campaign):
    c = make_campaign(CONSENT.drop(columns="weight"), as_of=AS_OF)
    r = reduce(c)
    assert not r.weighted and r.w is None
    f = run_check("privacy.consent_missing", c, reduction=r)
    assert "weighted" not in f.details


def test_rows_of_weight_zero_are_nobody(make_campaign):
    frame = pd.DataFrame({"customer_id": ["a", "b"], "weight": [0, 0],
                          "targeted": [True, True], "channel": ["email", "email"],
                          "consent_email": [False, False], "country": ["DE", "DE"]})
    f = run_check("privacy.consent_missing", make_campaign(frame, as_of=AS_OF))
    assert (f.status, f.affected_rows, f.details["targeted_rows"]) == ("pass", 0, 0)
    assert f.details["customer_ids"] == []


@pytest.mark.parametrize("row", [r for r in CHECKS if "*" not in r.reads], ids=lambda r: r.id)
def test_weight_is_among_the_columns_read(make_campaign, row):
    import dataclasses

    c = make_campaign(CONSENT.assign(age=[12, 30, 15, 40, 9, 10, 50, 20, 14]), as_of=AS_OF)
    keep = set(row.reads) | {"customer_id"}
    cut = dataclasses.replace(c, df=c.df[[k for k in c.df.columns if k in keep]])
    assert "weight" in row.reads
    assert run_check(row, cut).to_dict() == run_check(row, c).to_dict()


@pytest.mark.parametrize("frame, config", [
    (CONSENT, {}), (RIGHTS, {}),
    (ANONYMITY, {"quasi_identifiers": ["postcode", "gender"]})])
def test_figure_tables_count_people(make_campaign, frame, config):
    from ethicskit.privacy import checks

    got = checks.tables(reduce(make_campaign(frame, as_of=AS_OF, **config)), {})
    want = checks.tables(reduce(make_campaign(expand(frame), as_of=AS_OF, **config)), {})
    for name in ("consent_funnel", "class_sizes", "erasure_ages"):
        pd.testing.assert_frame_equal(got[name].reset_index(drop=True),
                                      want[name].reset_index(drop=True), check_dtype=False)


def test_weighted_classes_are_worded_in_people(make_campaign):
    c = make_campaign(ANONYMITY, as_of=AS_OF, quasi_identifiers=["postcode", "gender"])
    f = run_check("privacy.k_anonymity", c)
    # classes of 10, 6 and 2 people: only the 2 are in a class under k_min 5
    assert f.status == "warn" and f.affected_rows == 2
    assert "): 2 people (" in f.message
    plain = make_campaign(ANONYMITY.drop(columns="weight"), as_of=AS_OF,
                          quasi_identifiers=["postcode", "gender"])
    assert " rows (" in run_check("privacy.k_anonymity", plain).message
