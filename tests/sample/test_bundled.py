"""The bundled 5,000-row sample is exactly what the generator makes (kept in sync)."""

import json

import pytest

from ethicskit.campaign import PACKAGE_DATA
from ethicskit.sample import write_sample


@pytest.mark.slow
def test_bundled_sample_is_the_generated_one(tmp_path):
    write_sample(tmp_path / "campaign.csv", rows=5000, seed=7)
    bundled = PACKAGE_DATA / "sample"
    for name in ("campaign.csv", "campaign.yaml", "campaign.inventory.yaml",
                 "campaign.expected.json"):
        assert (tmp_path / name).read_bytes() == (bundled / name).read_bytes(), (
            f"{name} is stale: run `make sample`")


def test_every_check_has_an_expected_result():
    from ethicskit.registry import CHECKS

    expected = json.loads((PACKAGE_DATA / "sample" / "campaign.expected.json").read_text())
    missing = [c.id for c in CHECKS if c.id not in expected]
    assert not missing, f"no planted expectation for {missing}"


#: every check of the catalogue (v2), named here rather than read from the registry
CATALOGUE = (
    "privacy.consent_missing", "privacy.consent_after_contact", "privacy.contact_after_optout",
    "privacy.erasure_overdue", "privacy.direct_identifiers", "privacy.k_anonymity",
    "privacy.l_diversity", "privacy.special_category_data", "privacy.minors_profiled",
    "privacy.retention_exceeded", "privacy.tracking_consent", "privacy.tcf_consent",
    "privacy.optout_signal_ignored",
    "bias.selection_rate", "bias.error_rate_parity", "bias.intersectional",
    "bias.offer_value_disparity", "bias.representation", "bias.delivery_skew",
    "bias.proxy_features", "bias.mitigation_preview",
    "targeting.sensitive_interests", "targeting.hardship_targeting",
    "targeting.protected_criteria_in_opportunity_ads", "targeting.micro_segments",
    "targeting.contact_pressure", "targeting.minors_restricted_products",
    "targeting.minors_profiling_ads", "targeting.vulnerable_high_risk",
    "targeting.personalization_depth", "targeting.automated_significant_decisions",
    "transparency.undeclared_columns", "transparency.excluded_data_used",
    "transparency.inventory_completeness", "transparency.model_card", "transparency.notice",
)


def test_the_generator_expects_every_catalogue_check(sample):
    missing = [c for c in CATALOGUE if c not in sample.expected]
    assert not missing, f"no planted expectation for {missing}"


@pytest.mark.slow
def test_the_generator_is_deterministic(sample):
    from ethicskit.sample import generate

    again = generate(rows=5000, seed=7)
    assert again.expected == sample.expected
    assert again.df.astype(str).equals(sample.df.astype(str))
