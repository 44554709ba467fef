"""The one table of checks holds exactly the catalogue of CHECKS.md."""

from __future__ import annotations

import inspect

import pytest

from ethicskit.registry import BY_ID, CHECKS, THRESHOLDS, missing_needs, run_check

CATALOGUE = """
privacy.consent_missing privacy.consent_after_contact privacy.contact_after_optout
privacy.erasure_overdue privacy.direct_identifiers privacy.k_anonymity privacy.l_diversity
privacy.special_category_data privacy.minors_profiled privacy.retention_exceeded
bias.selection_rate bias.error_rate_parity bias.intersectional bias.offer_value_disparity
bias.representation bias.proxy_features bias.mitigation_preview
targeting.sensitive_interests targeting.protected_criteria_in_opportunity_ads
targeting.micro_segments targeting.contact_pressure targeting.minors_restricted_products
targeting.vulnerable_high_risk targeting.personalization_depth
targeting.automated_significant_decisions
transparency.undeclared_columns transparency.excluded_data_used
transparency.inventory_completeness transparency.notice
""".split()

DEFAULTS = {"optout_grace_days": 0, "identifier_share": 0.5, "k_min": 5, "l_min": 2,
            "retention_days": 730, "ratio_min": 0.8, "ratio_max": 1.25, "min_group_n": 30,
            "odds_max": 0.1, "smd_max": 0.3, "proxy_v": 0.3, "min_audience": 100,
            "max_contacts": 7, "minor_age": 18, "max_criteria": 6}


def test_every_check_of_the_catalogue_is_registered_once():
    assert [c.id for c in CHECKS] == CATALOGUE


@pytest.mark.parametrize("name, value", sorted(DEFAULTS.items()))
def test_default_thresholds_are_those_of_checks_md(name, value):
    assert THRESHOLDS[name] == value


def test_country_defaults():
    assert THRESHOLDS["erasure_days"] == {"default": 30, "US": 45}
    ages = THRESHOLDS["digital_consent_age"]
    assert ages["default"] == 16 and ages["GB"] == 13 and ages["AT"] == 14 and ages["FR"] == 15


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.id)
def test_each_function_takes_exactly_its_thresholds_as_keywords(spec):
    fn = spec.resolve()
    params = inspect.signature(fn).parameters
    keyword_only = [p for p in params.values() if p.kind is p.KEYWORD_ONLY]
    assert sorted(p.name for p in keyword_only) == sorted(spec.thresholds)
    assert all(p.default is p.empty for p in keyword_only), "defaults live in THRESHOLDS only"


def test_missing_needs_names_the_columns():
    spec = BY_ID["privacy.consent_after_contact"]
    assert missing_needs(spec, ["consent_ts"]) == ["contact_ts"]
    spec = BY_ID["targeting.sensitive_interests"]
    assert missing_needs(spec, ["segment"]) == []


def test_missing_columns_give_not_evaluated_never_pass(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"]})
    for spec in CHECKS:
        if spec.needs:
            f = run_check(spec, campaign)
            assert f.status == "not_evaluated", spec.id
            assert f.details["missing"]


def test_areas_side_by_side_give_the_findings_of_one_after_another():
    from ethicskit.campaign import open_campaign
    from ethicskit.findings import AREAS
    from ethicskit.registry import run_area, run_areas

    campaign = open_campaign()  # the bundled sample: every check has something to find
    apart = run_areas(campaign, AREAS, jobs=2)
    one_by_one = {k: f for area in AREAS for k, f in run_area(area, campaign).items()}
    assert list(apart) == list(one_by_one) == [spec.id for spec in CHECKS]
    assert {k: f.to_dict() for k, f in apart.items()} == {
        k: f.to_dict() for k, f in one_by_one.items()}
    assert run_areas(campaign, ["transparency"], jobs=2).keys() == run_area(
        "transparency", campaign).keys()
    with pytest.raises(KeyError, match="unknown area"):
        run_areas(campaign, ["privacy", "privcy"], jobs=2)
