"""Every planted case of the sample, with its exact count at the default 5,000 rows (seed 7).

A reader checks the sample by this table: each row is ``(check, case, rows planted, rows the
check counts)``, worked out from the catalogue's definitions and the rules of the person's
jurisdiction (a row without a country follows ``default_jurisdiction``, the EU). The cases a
check must NOT count are planted next to those it must, at the boundary. The sums per check
are the sample's expected ``affected_rows`` for every check that only planted rows can break.
"""

from collections import defaultdict

import pytest

EDGES = [
    ('privacy.consent_missing', 'email without consent in DE (EU: opt-in)', 1, 1),
    ('privacy.consent_missing', 'email without consent in FR (EU: opt-in)', 1, 1),
    ('privacy.consent_missing', 'email without consent in ES (EU: opt-in)', 1, 1),
    ('privacy.consent_missing', 'email without consent in IT (EU: opt-in)', 1, 1),
    ('privacy.consent_missing', 'sms with consent empty in GB', 1, 1),
    ('privacy.consent_missing', 'sms with consent empty in NL', 1, 1),
    ('privacy.consent_missing', 'sms with consent empty in IE', 1, 1),
    ('privacy.consent_missing', 'social ad without consent in GB', 1, 1),
    ('privacy.consent_missing', 'social ad without consent in DE', 1, 1),
    ('privacy.consent_missing', 'push with consent empty in FR', 1, 1),
    ('privacy.consent_missing', 'post with every consent false in GB (no consent needed)', 2, 0),
    ('privacy.consent_missing',
     'soft opt-in: existing customer offered refusal, emailed in FR', 1, 0),
    ('privacy.consent_missing',
     'soft opt-in: existing customer offered refusal, emailed in GB', 1, 0),
    ('privacy.consent_missing',
     'existing customer never offered refusal, emailed in ES (no soft opt-in)', 1, 1),
    ('privacy.consent_missing',
     'soft opt-in case on sms in the US (TCPA opt-in, no soft opt-in)', 1, 1),
    ('privacy.consent_missing',
     'B2B contact emailed without consent in GB (PECR: individuals only)', 1, 0),
    ('privacy.consent_missing',
     'B2B contact emailed without consent in FR (no B2B exemption)', 1, 1),
    ('privacy.consent_missing', 'called in GB (opt-out) while on the do-not-call register', 1, 1),
    ('privacy.consent_missing', 'called in GB while on the register but with consent_phone', 1, 0),
    ('privacy.consent_missing',
     'called in FR (opt-out) without consent, not on the register', 1, 0),
    ('privacy.consent_missing', 'called in DE without consent (DE phone: opt-in)', 1, 1),
    ('privacy.consent_missing', 'emailed in the US without opt-in (CAN-SPAM: opt-out)', 1, 0),
    ('privacy.consent_missing', 'display ad in the US without consent (opt-out)', 1, 0),
    ('privacy.consent_missing', 'no country (EU by default) emailed without consent', 1, 1),
    ('privacy.consent_after_contact', 'consent 2 days after the email in GB', 1, 1),
    ('privacy.consent_after_contact', 'consent 2 days after the email in DE', 1, 1),
    ('privacy.consent_after_contact', 'consent 2 days after the email in FR', 1, 1),
    ('privacy.consent_after_contact', 'consent 2 days after the email in IT', 1, 1),
    ('privacy.consent_after_contact', 'consent at the very moment of the contact (NL)', 1, 0),
    ('privacy.consent_after_contact', 'late consent on a US email (no consent needed)', 1, 0),
    ('privacy.consent_after_contact',
     'late consent of a soft opt-in customer in GB (no consent needed)', 1, 0),
    ('privacy.contact_after_optout',
     'contact 3 days after the opt-out in the EU/GB (grace 0)', 5, 5),
    ('privacy.contact_after_optout', 'contact at the very moment of the opt-out (DE)', 1, 0),
    ('privacy.contact_after_optout', 'US email 3 days after the opt-out (10 business days)', 1, 0),
    ('privacy.contact_after_optout',
     'US: contact exactly 10 business days after a Monday opt-out', 1, 0),
    ('privacy.contact_after_optout', 'US: contact 11 business days after the opt-out', 1, 1),
    ('privacy.contact_after_optout',
     'US: opt-out on a Saturday, contact on the 10th business day after it', 1, 0),
    ('privacy.contact_after_optout',
     'US: opt-out on a Saturday, contact the day after the deadline', 1, 1),
    ('privacy.contact_after_optout',
     'CA: contact exactly 10 business days after the opt-out', 1, 0),
    ('privacy.contact_after_optout', 'CA: contact 11 business days after the opt-out', 1, 1),
    ('privacy.contact_after_optout',
     'no country (EU by default): contact a day after the opt-out', 1, 1),
    ('privacy.erasure_overdue', 'DE: request 31 days old', 1, 1),
    ('privacy.erasure_overdue', 'GB: request 60 days old', 1, 1),
    ('privacy.erasure_overdue', 'FR: request 45 days old', 1, 1),
    ('privacy.erasure_overdue', 'US: request 50 days old', 1, 1),
    ('privacy.erasure_overdue', 'US: request 40 days old', 1, 0),
    ('privacy.erasure_overdue', 'DE: request 30 days old', 1, 0),
    ('privacy.erasure_overdue', 'IT: request 40 days old, extended', 1, 0),
    ('privacy.erasure_overdue', 'ES: request 31 days old', 1, 1),
    ('privacy.erasure_overdue', 'US: request 46 days old', 1, 1),
    ('privacy.erasure_overdue', 'US: request 46 days old, extended', 1, 0),
    ('privacy.erasure_overdue', 'GB: request 91 days old, extended', 1, 1),
    ('privacy.erasure_overdue', 'CA: request 31 days old', 1, 1),
    ('privacy.erasure_overdue', 'CA: request 35 days old, extended', 1, 0),
    ('privacy.erasure_overdue', 'no country (EU): request 31 days old', 1, 1),
    ('privacy.erasure_overdue',
     '90 days old, on one of the people contacted after opting out', 1, 1),
    ('privacy.minors_profiled', 'DE: targeted at 14', 1, 1),
    ('privacy.minors_profiled', 'DE: targeted at 13', 1, 1),
    ('privacy.minors_profiled', 'FR: targeted at 14', 1, 1),
    ('privacy.minors_profiled', 'GB: targeted at 12', 1, 1),
    ('privacy.minors_profiled', 'GB: targeted at 13', 1, 0),
    ('privacy.minors_profiled', 'ES: targeted at 14', 1, 0),
    ('privacy.minors_profiled', 'DE: targeted at 15 with parental consent', 1, 0),
    ('privacy.minors_profiled', 'US: targeted at 12 with parental consent', 1, 0),
    ('privacy.minors_profiled', 'IS: targeted at 13', 1, 0),
    ('privacy.minors_profiled', 'IS: targeted at 12', 1, 1),
    ('privacy.minors_profiled', 'AT: targeted at 14', 1, 0),
    ('privacy.minors_profiled', 'BE: targeted at 13', 1, 0),
    ('privacy.minors_profiled', 'no country (EU, 16): targeted at 15', 1, 1),
    ('privacy.retention_exceeded', 'no TC string, collected 731 days ago (730-day columns)', 1, 1),
    ('privacy.retention_exceeded', 'no TC string, collected 800 days ago (730-day columns)', 1, 1),
    ('privacy.retention_exceeded', 'no TC string, collected 1000 days ago (730-day columns)', 1, 1),
    ('privacy.retention_exceeded', 'no TC string, collected 1200 days ago (730-day columns)', 1, 1),
    ('privacy.retention_exceeded', 'no TC string, collected 730 days ago (730-day columns)', 1, 0),
    ('privacy.retention_exceeded', 'no TC string, collected 500 days ago (730-day columns)', 1, 0),
    ('privacy.retention_exceeded', 'TC string collected 400 days ago (kept 390 days)', 1, 1),
    ('privacy.retention_exceeded', 'TC string collected 390 days ago (kept 390 days)', 1, 0),
    ('privacy.special_category_data', 'health condition held without explicit consent', 3, 3),
    ('privacy.special_category_data', 'disability held without explicit consent', 2, 2),
    ('privacy.special_category_data', 'health condition with the consent flag empty', 1, 1),
    ('privacy.special_category_data',
     'ethnicity without explicit consent, declared for bias monitoring '
     '(details.other_condition_rows, not affected)', 4, 0),
    ('privacy.tracking_consent', 'GB: display, targeted, tracking consent false', 1, 1),
    ('privacy.tracking_consent', 'FR: social, targeted, tracking consent empty', 1, 1),
    ('privacy.tracking_consent', 'DE: push, targeted, tracking consent false', 1, 1),
    ('privacy.tracking_consent', 'US: display, targeted, tracking consent false', 1, 0),
    ('privacy.tracking_consent', 'CA: social, targeted, tracking consent false', 1, 0),
    ('privacy.tracking_consent',
     'no country (EU): display, targeted, tracking consent false', 1, 1),
    ('privacy.tracking_consent', 'GB: display, not targeted, tracking consent false', 1, 0),
    ('privacy.tracking_consent', 'GB: email, targeted, tracking consent false', 1, 0),
    ('privacy.tcf_consent', 'DE, display: no consent to purpose 4', 1, 1),
    ('privacy.tcf_consent', 'GB, social: a malformed string', 1, 1),
    ('privacy.tcf_consent', 'FR, push: a TCF v1 string', 1, 1),
    ('privacy.tcf_consent', 'US, display: no consent for vendor 755 (tcf_vendor_id)', 1, 1),
    ('privacy.tcf_consent', 'IT, display: no TC string', 1, 1),
    ('privacy.tcf_consent', 'GB, display: a valid core segment followed by another segment', 1, 0),
    ('privacy.tcf_consent', 'DE, social: a malformed string, not targeted', 1, 0),
    ('privacy.optout_signal_ignored', 'US-CA: gpc on social', 1, 1),
    ('privacy.optout_signal_ignored', 'US-NY: gpc on social', 1, 0),
    ('privacy.optout_signal_ignored', 'US-CO: sale_optout on email, shared with a platform', 1, 1),
    ('privacy.optout_signal_ignored', 'US-TX: gpc on display', 1, 1),
    ('privacy.optout_signal_ignored', 'US-TX: gpc on email', 1, 0),
    ('privacy.optout_signal_ignored', 'US-CA: gpc on social, not targeted', 1, 0),
    ('targeting.sensitive_interests', 'health:sleep-support (health), no explicit consent', 3, 3),
    ('targeting.sensitive_interests', 'interest:weight-loss (health), no explicit consent', 4, 4),
    ('targeting.sensitive_interests', 'pregnancy (health), no explicit consent', 3, 3),
    ('targeting.sensitive_interests', 'likely-diabetic (health), no explicit consent', 2, 2),
    ('targeting.hardship_targeting',
     'interest:payday-loans (financial_hardship), no explicit consent', 3, 3),
    ('targeting.hardship_targeting', 'debt-stress (financial_hardship), no explicit consent', 2, 2),
    ('targeting.hardship_targeting',
     'Overdraft Rescue (financial_hardship), no explicit consent', 6, 6),
    ('targeting.sensitive_interests',
     'lgbtq-community (sexual_orientation), no explicit consent', 2, 2),
    ('targeting.sensitive_interests', 'interest:halal-food (religion), no explicit consent', 2, 2),
    ('targeting.sensitive_interests',
     'green-party-supporter (political), no explicit consent', 2, 2),
    ('targeting.sensitive_interests',
     'interest:afro-hair-care (ethnicity), no explicit consent', 2, 2),
    ('targeting.sensitive_interests',
     'trade_union:member (trade_union), no explicit consent', 1, 1),
    ('targeting.sensitive_interests', 'dna-ancestry (genetic), no explicit consent', 1, 1),
    ('targeting.sensitive_interests',
     'biometric:face-id-users (biometric), no explicit consent', 1, 1),
    ('targeting.sensitive_interests', 'health and debt tokens on one row', 2, 2),
    ('targeting.hardship_targeting', 'health and debt tokens on one row', 2, 2),
    ('targeting.sensitive_interests', 'explicit consent, display ad in FR (DSA Art. 26(3))', 1, 1),
    ('targeting.sensitive_interests', 'explicit consent, social ad in DE (DSA Art. 26(3))', 1, 1),
    ('targeting.sensitive_interests', 'explicit consent, display ad in the US', 1, 0),
    ('targeting.sensitive_interests', 'explicit consent, social ad in the US', 1, 0),
    ('targeting.sensitive_interests', 'explicit consent, email in IT (not a platform)', 1, 0),
    ('targeting.sensitive_interests', 'pregnancy on people not targeted', 4, 0),
    ('targeting.protected_criteria_in_opportunity_ads',
     'age:25-34 on credit offers, one of them in the US (fail)', 6, 6),
    ('targeting.protected_criteria_in_opportunity_ads',
     'parental_status:parents on housing offers', 3, 3),
    ('targeting.protected_criteria_in_opportunity_ads', 'sex:female on employment offers', 3, 3),
    ('targeting.protected_criteria_in_opportunity_ads',
     'parental_status on a US credit offer (not a credit key)', 1, 0),
    ('targeting.protected_criteria_in_opportunity_ads', 'age:25-34 on general offers', 4, 0),
    ('targeting.protected_criteria_in_opportunity_ads',
     'age:25-34 on credit offers to people not targeted', 3, 0),
    ('targeting.micro_segments', "segment 'Luxury Watch Collectors'", 12, 12),
    ('targeting.micro_segments', "segment 'Pet Owners Zone 7'", 3, 3),
    ('targeting.micro_segments', "segment 'Overdraft Rescue' (above)", 6, 6),
    ('targeting.contact_pressure', 'contacted 8 to 15 times', 20, 20),
    ('targeting.contact_pressure', 'contacted exactly 7 times', 5, 0),
    ('targeting.minors_restricted_products', 'alcohol offered at 16 or 17', 4, 4),
    ('targeting.minors_restricted_products', 'gambling offered at 16 or 17', 3, 3),
    ('targeting.minors_restricted_products', 'tobacco offered at 16 or 17', 1, 1),
    ('targeting.minors_restricted_products', 'alcohol offered on the 18th birthday', 3, 0),
    ('targeting.minors_restricted_products', 'alcohol, 17, not targeted', 2, 0),
    ('targeting.minors_profiling_ads',
     '17 in FR on social with targeting tokens and parental consent', 1, 1),
    ('targeting.minors_profiling_ads', '16 in DE on display with targeting tokens', 1, 1),
    ('targeting.minors_profiling_ads',
     '17, no country (EU), on social with targeting tokens', 1, 1),
    ('targeting.minors_profiling_ads', '17 in the US on social', 1, 0),
    ('targeting.minors_profiling_ads',
     '17 in FR on social without any targeting or inferred token', 1, 0),
    ('targeting.vulnerable_high_risk', 'problem gambling flag, gambling offer', 5, 5),
    ('targeting.vulnerable_high_risk', 'financial difficulty, high-cost credit', 4, 4),
    ('targeting.vulnerable_high_risk', 'gambling offered to unflagged adults', 4, 0),
    ('targeting.vulnerable_high_risk', 'flagged, gambling, not targeted', 2, 0),
    ('targeting.personalization_depth', '8 distinct criteria and traits', 5, 5),
    ('targeting.personalization_depth', 'exactly 6 tokens', 4, 0),
    ('targeting.personalization_depth', '4 + 4 tokens, 2 shared (6 distinct)', 3, 0),
    ('targeting.automated_significant_decisions',
     'automated credit/insurance decision, human_review false', 6, 6),
    ('targeting.automated_significant_decisions',
     'automated credit/insurance decision, human_review empty', 3, 3),
    ('targeting.automated_significant_decisions', 'the same, not targeted', 3, 0),
]

#: the expected totals, by hand from the table above
TOTALS = {
    "privacy.consent_missing": 16, "privacy.consent_after_contact": 4,
    "privacy.contact_after_optout": 9, "privacy.erasure_overdue": 10,
    "privacy.minors_profiled": 6, "privacy.retention_exceeded": 5,
    "privacy.special_category_data": 6, "privacy.tracking_consent": 4,
    "privacy.tcf_consent": 5, "privacy.optout_signal_ignored": 3,
    "targeting.sensitive_interests": 27, "targeting.hardship_targeting": 13,
    "targeting.protected_criteria_in_opportunity_ads": 12, "targeting.micro_segments": 21,
    "targeting.contact_pressure": 20, "targeting.minors_restricted_products": 8,
    "targeting.minors_profiling_ads": 3, "targeting.vulnerable_high_risk": 9,
    "targeting.personalization_depth": 5, "targeting.automated_significant_decisions": 9,
}

#: statuses and values (where the value is not the count) that follow from the cases
STATUS = {
    "privacy.consent_missing": "fail", "privacy.consent_after_contact": "fail",
    "privacy.contact_after_optout": "fail", "privacy.erasure_overdue": "fail",
    "privacy.minors_profiled": "fail", "privacy.retention_exceeded": "fail",
    "privacy.special_category_data": "fail", "privacy.tracking_consent": "fail",
    "privacy.tcf_consent": "fail", "privacy.optout_signal_ignored": "fail",
    "targeting.sensitive_interests": "fail", "targeting.hardship_targeting": "warn",
    # a US credit offer is among the affected rows: the rule is law there
    "targeting.protected_criteria_in_opportunity_ads": "fail",
    "targeting.micro_segments": "warn", "targeting.contact_pressure": "warn",
    "targeting.minors_restricted_products": "fail", "targeting.minors_profiling_ads": "fail",
    "targeting.vulnerable_high_risk": "warn", "targeting.personalization_depth": "warn",
    "targeting.automated_significant_decisions": "warn",
}
VALUES = {"targeting.micro_segments": 3,          # the smallest audience (Pet Owners Zone 7)
          "targeting.contact_pressure": 15,       # the largest contact_count (8 + 7)
          "targeting.personalization_depth": 8}   # the most distinct tokens

#: the transparency cases (the planter adds columns and edits the inventory)
TRANSPARENCY = {
    "transparency.undeclared_columns": {"status": "warn", "value": 2, "affected_rows": None},
    "transparency.inventory_completeness": {"status": "warn", "value": 2, "affected_rows": None},
    "transparency.excluded_data_used": {"status": "fail", "value": 1, "affected_rows": 25},
    "transparency.model_card": {"status": "warn"},
    "transparency.notice": {"status": "warn"},
}


def test_the_planted_cases_are_these(sample):
    got = [(e["check"], e["case"], e["rows"], e["counted"]) for e in sample.edges]
    assert got == EDGES


def test_the_table_adds_up_to_the_totals():
    sums = defaultdict(int)
    for check, _, rows, counted in EDGES:
        assert counted in (0, rows)
        sums[check] += counted
    assert dict(sums) == TOTALS


@pytest.mark.parametrize("check", sorted(TOTALS))
def test_expected_result_of_each_planted_check(sample, check):
    want = {"status": STATUS[check], "value": VALUES.get(check, TOTALS[check]),
            "affected_rows": TOTALS[check]}
    assert sample.constructed[check] == want
    assert sample.expected[check] == want


def test_transparency_cases(sample):
    for check, want in TRANSPARENCY.items():
        assert sample.expected[check] == want, check


@pytest.mark.slow
@pytest.mark.parametrize("rows, seed", [(1000, 3), (1500, 11)])
def test_construction_equals_the_recount_at_other_sizes(rows, seed):
    from ethicskit.sample import generate

    s = generate(rows=rows, seed=seed)
    assert {k: s.expected[k] for k in s.constructed} == s.constructed
    sums = defaultdict(int)
    for e in s.edges:
        sums[e["check"]] += e["counted"]
    for check, n in sums.items():
        if check != "targeting.micro_segments":  # a small sample's own segments are small too
            assert s.constructed[check]["affected_rows"] == n, check
