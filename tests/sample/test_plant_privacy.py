"""The planted privacy issues: construction equals the independent recount, the recount follows
the catalogue's definitions on tiny frames worked by hand, and every privacy check on the sample
equals the expectation (in memory and through the CSV the sample ships as)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ethicskit.campaign import open_campaign
from ethicskit.registry import checks_for, run_area
from ethicskit.sample import base, plant_bias, plant_privacy, write_sample
from ethicskit.sample.config import sample_config, sample_inventory

#: every privacy check of the catalogue (v2), named here rather than read from the registry
PRIVACY = ("privacy.consent_missing", "privacy.consent_after_contact",
           "privacy.contact_after_optout", "privacy.erasure_overdue",
           "privacy.direct_identifiers", "privacy.k_anonymity", "privacy.l_diversity",
           "privacy.special_category_data", "privacy.minors_profiled",
           "privacy.retention_exceeded", "privacy.tracking_consent", "privacy.tcf_consent",
           "privacy.optout_signal_ignored")


def _found(findings):
    return {cid: {"status": f.status, "value": f.value, "affected_rows": f.affected_rows}
            for cid, f in findings.items()}


def test_every_privacy_check_is_expected(sample):
    assert set(PRIVACY) <= set(sample.expected)


def test_construction_equals_the_recount(sample):
    built = {k: v for k, v in sample.constructed.items() if k.startswith("privacy.")}
    assert set(built) == set(PRIVACY) - {"privacy.direct_identifiers", "privacy.k_anonymity",
                                         "privacy.l_diversity"}
    assert {k: sample.expected[k] for k in built} == built


def test_norms_warn_and_identifiers_are_the_mapped_columns(sample):
    exp = sample.expected
    for cid in ("privacy.k_anonymity", "privacy.l_diversity", "privacy.direct_identifiers"):
        assert exp[cid]["status"] == "warn", cid
    # email, phone and full_name are mapped direct identifiers; no other column looks like one
    assert exp["privacy.direct_identifiers"]["value"] == 3
    assert exp["privacy.direct_identifiers"]["affected_rows"] == 5000


@pytest.mark.parametrize("check_id", PRIVACY)
def test_privacy_check_equals_expected_in_memory(sample, campaign, check_id):
    findings = {r.id: r for r in checks_for("privacy")}
    if check_id not in findings:
        pytest.fail(f"{check_id} is not registered yet")
    got = _found(run_area("privacy", campaign))[check_id]
    assert got == sample.expected[check_id]


@pytest.mark.slow
@pytest.mark.parametrize("rows, seed", [(5000, 7), (1000, 3)])
def test_every_privacy_check_equals_expected_through_csv(tmp_path, rows, seed):
    written = write_sample(tmp_path / "campaign.csv", rows=rows, seed=seed)
    campaign = open_campaign(config_path=tmp_path / "campaign.yaml")
    got = _found(run_area("privacy", campaign))
    want = {cid: written.expected[cid] for cid in got}
    assert got == want
    missing = set(PRIVACY) - set(got)
    assert not missing, f"not registered yet: {sorted(missing)}"


@pytest.mark.slow
def test_a_clean_base_breaks_no_rule():
    rng = np.random.default_rng(7)
    df = base.base_population(5000, rng)
    plant_bias.decide(df, rng)
    df = base.fill_after_decision(df, rng)
    base.as_boolean(df)
    exp = plant_privacy.expect(df, sample_config(), inventory=sample_inventory())
    for cid in PRIVACY:
        if cid != "privacy.direct_identifiers":
            assert exp[cid]["status"] == "pass", (cid, exp[cid])
    assert exp["privacy.k_anonymity"]["value"] >= 5
    # the clean population has people in every kind of place the rules distinguish
    country = df["country"].fillna("")
    assert {"GB", "US", "CA", "DE", "FR", ""} <= set(country)
    assert {"US-CA", "US-CO", "US-TX", "US-NY"} <= set(df["region"].dropna())


# ------------------------------------------------------------------ the recount, on tiny frames
AS_OF = pd.Timestamp("2026-11-29", tz="UTC")


def _frame(rows):
    """Targeted, clean rows (email, consent given, nothing else set) overridden by ``rows``."""
    clean = {"customer_id": None, "country": "FR", "region": None, "targeted": True,
             "channel": "email", "consent_email": True, "consent_sms": True,
             "consent_phone": True, "consent_personalization": True,
             "consent_ts": AS_OF - pd.Timedelta(days=50),
             "contact_ts": AS_OF - pd.Timedelta(days=5), "optout_ts": pd.NaT,
             "erasure_request_ts": pd.NaT, "erasure_extended": False,
             "collected_ts": AS_OF - pd.Timedelta(days=100),
             "birth_date": dt.date(1980, 1, 1), "parental_consent": None,
             "existing_customer": False, "soft_optin_offered": False,
             "business_contact": False, "do_not_call": False, "tracking_consent": True,
             "tc_string": None, "gpc": False, "sale_optout": False,
             "shared_with_platform": False, "health_condition": None, "ethnicity": None,
             "disability": None, "explicit_consent_sensitive": False,
             "gender": "female", "postcode": "X"}
    out = pd.DataFrame([{**clean, **r} for r in rows])
    out["customer_id"] = [f"T{i}" for i in range(len(out))]
    return out


def _config(**extra):
    return dict(sample_config(), **extra)


def _recount(rows, check, **config):
    df = _frame(rows)
    return plant_privacy.expect(df, _config(**config),
                                inventory=config.pop("inventory", None))[check]["affected_rows"]


@pytest.mark.parametrize("rows, counted", [
    ([{"consent_email": False}], 1),                                  # EU email opt-in
    ([{"consent_email": None}], 1),                                   # null is not given
    ([{"consent_email": False, "targeted": False}], 0),
    ([{"consent_email": False, "existing_customer": True, "soft_optin_offered": True}], 0),
    ([{"consent_email": False, "existing_customer": True}], 1),       # refusal never offered
    ([{"country": "US", "channel": "sms", "consent_sms": False, "existing_customer": True,
       "soft_optin_offered": True}], 1),                              # no soft opt-in in the US
    ([{"country": "US", "consent_email": False}], 0),                 # CAN-SPAM: opt-out
    ([{"country": "GB", "consent_email": False, "business_contact": True}], 0),
    ([{"country": "FR", "consent_email": False, "business_contact": True}], 1),
    ([{"country": "GB", "channel": "phone", "consent_phone": False}], 0),
    ([{"country": "GB", "channel": "phone", "consent_phone": False, "do_not_call": True}], 1),
    ([{"country": "DE", "channel": "phone", "consent_phone": False}], 1),
    ([{"country": "AT", "channel": "phone", "consent_phone": False}], 1),
    ([{"country": "GB", "channel": "post", "consent_email": False}], 0),
    ([{"country": None, "consent_email": False}], 1),                 # default jurisdiction EU
    ([{"country": "CA", "consent_email": False, "existing_customer": True,
       "soft_optin_offered": True}], 0),                              # CASL implied consent
])
def test_consent_missing_recount(rows, counted):
    assert _recount(rows, "privacy.consent_missing") == counted


MON = pd.Timestamp("2026-11-02T10:00", tz="UTC")
SAT = pd.Timestamp("2026-11-07T12:00", tz="UTC")


@pytest.mark.parametrize("rows, counted", [
    ([{"optout_ts": AS_OF - pd.Timedelta(days=8)}], 1),              # EU grace 0
    ([{"optout_ts": AS_OF - pd.Timedelta(days=5)}], 0),              # at the very moment
    ([{"country": "US", "optout_ts": AS_OF - pd.Timedelta(days=8)}], 0),
    ([{"country": "US", "optout_ts": MON, "contact_ts": pd.Timestamp("2026-11-16T23:00",
                                                                     tz="UTC")}], 0),
    ([{"country": "US", "optout_ts": MON, "contact_ts": pd.Timestamp("2026-11-17T00:30",
                                                                     tz="UTC")}], 1),
    ([{"country": "US", "optout_ts": SAT, "contact_ts": pd.Timestamp("2026-11-23T10:00",
                                                                     tz="UTC")}], 0),
    ([{"country": "US", "optout_ts": SAT, "contact_ts": pd.Timestamp("2026-11-24T10:00",
                                                                     tz="UTC")}], 1),
    ([{"country": "CA", "optout_ts": MON, "contact_ts": pd.Timestamp("2026-11-17T09:00",
                                                                     tz="UTC")}], 1),
])
def test_contact_after_optout_recount(rows, counted):
    assert _recount(rows, "privacy.contact_after_optout") == counted


def _ago(days):
    return AS_OF - pd.Timedelta(days=days)


@pytest.mark.parametrize("country, days, extended, counted", [
    ("FR", 30, False, 0), ("FR", 31, False, 1), ("FR", 40, True, 0), ("FR", 91, True, 1),
    ("GB", 31, False, 1), ("US", 45, False, 0), ("US", 46, False, 1), ("US", 46, True, 0),
    ("US", 91, True, 1), ("CA", 31, False, 1), ("CA", 60, True, 0), (None, 31, False, 1),
])
def test_erasure_overdue_recount(country, days, extended, counted):
    rows = [{"country": country, "erasure_request_ts": _ago(days), "erasure_extended": extended}]
    assert _recount(rows, "privacy.erasure_overdue") == counted


def _born(age):
    return dt.date(2026 - age, 11, 29) - dt.timedelta(days=100)


@pytest.mark.parametrize("country, age, parental, counted", [
    ("IS", 13, None, 0), ("IS", 12, None, 1), ("FR", 14, None, 1), ("AT", 14, None, 0),
    ("BE", 13, None, 0), ("DE", 15, None, 1), ("DE", 15, True, 0), ("GB", 12, None, 1),
    ("GB", 13, None, 0), ("US", 12, None, 1), ("US", 13, None, 0), (None, 15, None, 1),
])
def test_minors_profiled_recount(country, age, parental, counted):
    rows = [{"country": country, "birth_date": _born(age), "parental_consent": parental}]
    assert _recount(rows, "privacy.minors_profiled") == counted


def test_retention_recount_is_per_declared_column():
    inventory = {"columns": {"customer_id": {"retention_days": 730},
                             "tc_string": {"retention_days": 390}}}
    rows = [{"collected_ts": _ago(731)}, {"collected_ts": _ago(730)},
            {"collected_ts": _ago(400), "tc_string": "x"}, {"collected_ts": _ago(390),
                                                            "tc_string": "x"},
            {"collected_ts": _ago(500)}]
    df = _frame(rows)
    got = plant_privacy.expect(df, _config(), inventory=inventory)["privacy.retention_exceeded"]
    assert got["affected_rows"] == 2


def test_tracking_tcf_and_signal_recounts():
    tc = base.tc_strings()
    rows = [
        {"country": "GB", "channel": "display", "tracking_consent": False,
         "tc_string": tc["valid"]},
        {"country": "US", "channel": "display", "tracking_consent": False,
         "tc_string": tc["valid"]},
        {"country": None, "channel": "push", "tracking_consent": None, "tc_string": tc["valid"]},
        {"country": "FR", "channel": "email", "tracking_consent": False},
        {"country": "DE", "channel": "social", "tc_string": tc["no_purpose_4"]},
        {"country": "DE", "channel": "social", "tc_string": tc["v1"]},
        {"country": "DE", "channel": "social", "tc_string": tc["malformed"]},
        {"country": "US", "channel": "display", "tc_string": tc["no_vendor"]},
        {"country": "DE", "channel": "display", "tc_string": tc["valid_segments"]},
        {"country": "DE", "channel": "display", "tc_string": tc["malformed"], "targeted": False},
        {"country": "US", "region": "US-CA", "channel": "social", "gpc": True,
         "tc_string": tc["valid"]},
        {"country": "US", "region": "US-NY", "channel": "social", "gpc": True,
         "tc_string": tc["valid"]},
        {"country": "US", "region": "US-CO", "sale_optout": True, "shared_with_platform": True},
        {"country": "US", "region": "US-TX", "gpc": True},
    ]
    exp = plant_privacy.expect(_frame(rows), _config(), inventory=None)
    assert exp["privacy.tracking_consent"]["affected_rows"] == 2   # GB and no country
    assert exp["privacy.tcf_consent"]["affected_rows"] == 4        # p4, v1, malformed, vendor
    assert exp["privacy.optout_signal_ignored"]["affected_rows"] == 2   # US-CA social, US-CO
    # without tcf_vendor_id, a string lacking the vendor is fine
    no_vendor = {k: v for k, v in _config().items() if k != "tcf_vendor_id"}
    exp = plant_privacy.expect(_frame(rows), no_vendor, inventory=None)
    assert exp["privacy.tcf_consent"]["affected_rows"] == 3
