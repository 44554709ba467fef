"""The one table of checks holds exactly the catalogue (docs/checks.md), each row well formed."""

from __future__ import annotations

import inspect

import pytest

from ethicskit.executor import missing_needs
from ethicskit.messages import template_for
from ethicskit.registry import BY_ID, CHECKS, run_check
from ethicskit.thresholds import THRESHOLDS

CATALOGUE = """
privacy.consent_missing privacy.consent_after_contact privacy.contact_after_optout
privacy.erasure_overdue privacy.direct_identifiers privacy.k_anonymity privacy.l_diversity
privacy.special_category_data privacy.minors_profiled privacy.retention_exceeded
privacy.tracking_consent privacy.tcf_consent privacy.optout_signal_ignored
bias.selection_rate bias.error_rate_parity bias.intersectional bias.offer_value_disparity
bias.representation bias.delivery_skew bias.proxy_features bias.mitigation_preview
targeting.sensitive_interests targeting.hardship_targeting
targeting.protected_criteria_in_opportunity_ads targeting.micro_segments
targeting.contact_pressure targeting.minors_restricted_products targeting.minors_profiling_ads
targeting.vulnerable_high_risk targeting.personalization_depth
targeting.automated_significant_decisions
transparency.undeclared_columns transparency.excluded_data_used
transparency.inventory_completeness transparency.model_card transparency.notice
""".split()

DEFAULTS = {"identifier_share": 0.5, "k_min": 5, "l_min": 2,
            "retention_days": 730, "ratio_min": 0.8, "ratio_max": 1.25, "min_group_n": 30,
            "odds_max": 0.1, "smd_max": 0.3, "proxy_v": 0.3, "min_audience": 100,
            "max_contacts": 7, "minor_age": 18, "max_criteria": 6, "tvd_max": 0.1}


def test_every_check_of_the_catalogue_is_registered_once():
    assert [c.id for c in CHECKS] == CATALOGUE


@pytest.mark.parametrize("name, value", sorted(DEFAULTS.items()))
def test_default_thresholds_are_those_of_the_catalogue(name, value):
    assert THRESHOLDS[name] == value


def test_legal_parameters_are_not_thresholds():
    # they live in the rule pack (templates/rules.yaml), per jurisdiction
    assert not {"optout_grace_days", "erasure_days", "digital_consent_age"} & set(THRESHOLDS)


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.id)
def test_each_metric_takes_exactly_its_thresholds_as_keywords(spec):
    fn = spec.metric
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


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.id)
def test_each_row_has_words_for_every_status_its_rule_gives(spec):
    outcomes = ["info"] if spec.rule.level == "info" else [spec.rule.level, "pass"]
    for outcome in outcomes:
        assert template_for(spec.messages, outcome) is not None
    assert spec.title and spec.remediation and spec.references
    assert spec.severity in ("high", "medium", "low")


@pytest.mark.slow
def test_the_record_holds_what_the_areas_give_one_by_one():
    from ethicskit import record
    from ethicskit.campaign import open_campaign
    from ethicskit.findings import AREAS
    from ethicskit.registry import run_area

    campaign = open_campaign()  # the bundled sample: every check has something to find
    computed = record.compute(campaign)
    one_by_one = {k: f for area in AREAS for k, f in run_area(area, campaign).items()}
    assert [f.check_id for f in computed.findings] == list(one_by_one) == [s.id for s in CHECKS]
    assert list(computed.findings) == list(one_by_one.values())
    only = record.compute(campaign, ["transparency"])
    assert [f.check_id for f in only.findings] == [s.id for s in CHECKS
                                                   if s.area == "transparency"]
    with pytest.raises(KeyError, match="unknown area"):
        from ethicskit.registry import checks_for

        checks_for("privcy")
