"""The decision domain of the bias checks: a gap is ``fail`` in a credit, housing or employment
decision (disparate impact is unlawful there) and ``warn`` in any other domain; the domain comes
from the config, else from the one product_category every targeted row shares."""

import pytest

from bias_run import (error_rate_parity, intersectional, mitigation_preview,
                      offer_value_disparity, proxy_features, representation, selection_rate)
from ethicskit.bias.checks import reduce
from ethicskit.bias.domain import domain_of
from ethicskit.registry import checks_for, run_area

TH = dict(ratio_min=0.8, ratio_max=1.25, min_group_n=5)


def frame(products=None, **extra) -> dict:
    """gender f: 10 rows, 3 targeted; m: 10 rows, 6 targeted (ratio 0.5: a gap).
    ``products``: the product_category of each of the 20 rows (c0..c19)."""
    data = {"customer_id": [f"c{i}" for i in range(20)],
            "gender": ["f"] * 10 + ["m"] * 10,
            "targeted": [True] * 3 + [False] * 7 + [True] * 6 + [False] * 4}
    if products is not None:
        data["product_category"] = products
    data.update(extra)
    return data


TARGETED = [0, 1, 2, 10, 11, 12, 13, 14, 15]


def products(targeted_value, others="general", *, overrides=None) -> list:
    """``targeted_value`` on every targeted row, ``others`` on the rest; ``overrides`` {row: v}."""
    out = [targeted_value if i in TARGETED else others for i in range(20)]
    for i, v in (overrides or {}).items():
        out[i] = v
    return out


@pytest.mark.parametrize("config, product, domain, source, status", [
    ({"decision_domain": "credit"}, None, "credit", "config", "fail"),
    ({"decision_domain": "Housing"}, None, "housing", "config", "fail"),
    ({"decision_domain": "employment"}, None, "employment", "config", "fail"),
    ({"decision_domain": "insurance"}, None, "insurance", "config", "warn"),
    ({"decision_domain": "general"}, products("credit"), "general", "config", "warn"),
    ({}, products("credit"), "credit", "product_category", "fail"),
    ({}, products("housing", "credit"), "housing", "product_category", "fail"),
    ({}, products("employment"), "employment", "product_category", "fail"),
    ({}, products("insurance"), "insurance", "product_category", "warn"),
    ({}, products("high_cost_credit"), "general", "default", "warn"),  # exact words only
    ({}, products("gambling"), "general", "default", "warn"),
    ({}, products("credit", overrides={12: "general"}), "general", "default", "warn"),  # a mix
    ({}, products("credit", overrides={12: None}), "general", "default", "warn"),  # unknown
    ({}, None, "general", "default", "warn"),  # no product_category column
], ids=["config-credit", "config-housing-any-case", "config-employment", "config-insurance",
        "config-overrides-products", "product-credit", "product-housing-untargeted-credit",
        "product-employment", "product-insurance", "product-high-cost-credit",
        "product-gambling", "mix", "targeted-row-without-product", "no-product-column"])
def test_the_domain_and_the_status_it_gives(make_campaign, config, product, domain, source,
                                            status):
    c = make_campaign(frame(product), protected_attributes=["gender"], **config)
    f = selection_rate(c, **TH)
    assert (f.status, f.affected_rows, f.value) == (status, 10, pytest.approx(0.5))
    assert f.details["decision_domain"] == domain
    assert f.details["decision_domain_from"] == source
    assert f.details["decision_favourable"] is True


def test_the_domain_is_read_from_targeted_rows_only(make_campaign):
    # every untargeted row is "general", every targeted row "credit": the domain is credit
    c = make_campaign(frame(products("credit", "general")), protected_attributes=["gender"])
    d = domain_of(c)
    assert (d.name, d.source, d.categories) == ("credit", "product_category", ("credit",))
    # with no targeted column every row counts as targeted: now a mix
    data = frame(products("credit", "general"))
    data.pop("targeted")
    data["picked"] = [i in TARGETED for i in range(20)]
    c = make_campaign(data, protected_attributes=["gender"], decision="picked")
    d = domain_of(c)
    assert (d.name, d.source, d.categories) == ("general", "default", ("credit", "general"))
    assert selection_rate(c, **TH).status == "warn"


def test_no_targeted_row_gives_general(make_campaign):
    data = frame(["credit"] * 20)
    data["targeted"] = [False] * 20
    c = make_campaign(data, protected_attributes=["gender"])
    assert domain_of(c).name == "general"


# offers: f 10, 12, 14 (targeted c0..c2), m 20, 22, 24, 20, 22, 24 (targeted c10..c15): SMD far
# beyond 0.3; outcomes: the decision picks every f converter less often (eod well beyond 0.1)
OFFERS = [10, 12, 14] + [None] * 7 + [20, 22, 24, 20, 22, 24] + [None] * 4
OUTCOME = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0] + [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("run, thresholds", [
    (selection_rate, TH),
    (intersectional, TH),
    (error_rate_parity, dict(odds_max=0.1, min_group_n=5)),
    (offer_value_disparity, dict(smd_max=0.3, min_group_n=3)),
], ids=["selection_rate", "intersectional", "error_rate_parity", "offer_value_disparity"])
def test_the_same_data_fail_in_credit_and_warn_in_general(make_campaign, run, thresholds):
    data = frame(offer_value=OFFERS, outcome=OUTCOME,
                 marital_status=["s", "w"] * 10)
    attrs = ["gender", "marital_status"]
    credit = run(make_campaign(data, protected_attributes=attrs, decision_domain="credit"),
                 **thresholds)
    general = run(make_campaign(data, protected_attributes=attrs, decision_domain="general"),
                  **thresholds)
    assert (credit.status, general.status) == ("fail", "warn")
    assert credit.value == general.value and credit.affected_rows == general.affected_rows
    assert credit.details["groups"] == general.details["groups"]
    assert "unlawful in this credit decision" in credit.message
    assert "ECOA / Reg B" in credit.message
    assert "screen to review" in general.message and "decision domain is general" in \
        general.message


def test_the_housing_and_employment_messages_name_their_law(make_campaign):
    c = make_campaign(frame(), protected_attributes=["gender"], decision_domain="housing")
    assert "Inclusive Communities" in selection_rate(c, **TH).message
    c = make_campaign(frame(), protected_attributes=["gender"], decision_domain="employment")
    assert "2000e-2(k)" in selection_rate(c, **TH).message


def test_a_pass_says_the_domain_and_a_screen_stays_a_warning_in_credit(make_campaign):
    data = frame()
    data["targeted"] = [True] * 5 + [False] * 5 + [True] * 5 + [False] * 5  # equal rates
    c = make_campaign(data, protected_attributes=["gender"], decision_domain="credit")
    f = selection_rate(c, **TH)
    assert f.status == "pass" and "Decision domain: credit (set in the config)" in f.message
    # proxies and representation are norms whatever the domain
    data = frame(store=["s1"] * 10 + ["s2"] * 10)  # a perfect proxy of gender
    c = make_campaign(data, protected_attributes=["gender"], model_features=["store"],
                      population_shares={"gender": {"f": 0.9, "m": 0.1}},
                      decision_domain="credit")
    assert proxy_features(c, proxy_v=0.3).status == "warn"
    assert representation(c, ratio_min=0.8, ratio_max=1.25).status == "warn"
    assert mitigation_preview(c, min_group_n=5).status == "info"


def test_every_bias_finding_carries_the_domain(make_campaign):
    data = frame(products("credit"), offer_value=OFFERS, outcome=OUTCOME)
    c = make_campaign(data, protected_attributes=["gender"], decision_favourable=False)
    found = run_area("bias", c)
    assert list(found) == [r.id for r in checks_for("bias")]
    for check_id, f in found.items():
        assert f.details["decision_domain"] == "credit", check_id
        assert f.details["decision_domain_from"] == "product_category", check_id
        assert f.details["decision_favourable"] is False, check_id


def test_a_check_that_did_not_run_still_carries_the_domain(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "gender": ["f", "m"]},
                      decision_domain="employment")
    f = selection_rate(c, **TH)  # no decision column
    assert f.status == "not_evaluated"
    assert (f.details["decision_domain"], f.details["decision_favourable"]) == ("employment",
                                                                                True)


def test_the_reduction_keeps_the_domain(make_campaign):
    c = make_campaign(frame(products("insurance")), protected_attributes=["gender"],
                      decision_favourable=False)
    d = reduce(c).domain
    assert (d.name, d.source, d.favourable, d.opportunity) == ("insurance", "product_category",
                                                               False, False)
