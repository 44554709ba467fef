"""The transparency planter: undeclared columns, excluded data used, incomplete entries, and a
model feature without a reason; the inventory declares every other column with its fields."""

import pytest

from ethicskit.registry import run_area
from ethicskit.sample import plant_transparency

TRANSPARENCY = ("transparency.undeclared_columns", "transparency.excluded_data_used",
                "transparency.inventory_completeness", "transparency.model_card",
                "transparency.notice")
FIELDS = {"category", "purpose", "legal_basis", "source", "retention_days", "in_model", "reason"}


def test_expected_by_hand(sample):
    exp = sample.expected
    assert exp["transparency.undeclared_columns"] == {"status": "warn", "value": 2,
                                                      "affected_rows": None}
    assert exp["transparency.inventory_completeness"]["value"] == 2
    assert exp["transparency.excluded_data_used"] == {"status": "fail", "value": 1,
                                                      "affected_rows": 25}
    assert exp["transparency.model_card"] == {"status": "warn"}
    assert exp["transparency.notice"] == {"status": "warn"}


def test_construction_equals_the_recount(sample):
    built = {k: v for k, v in sample.constructed.items() if k.startswith("transparency.")}
    assert {k: sample.expected[k] for k in built} == built


def test_inventory_declares_every_column_but_the_two_planted(sample):
    declared = sample.inventory["columns"]
    assert sorted(set(sample.df.columns) - set(declared)) == sorted(plant_transparency.UNDECLARED)
    incomplete = {c: sorted(FIELDS - set(e)) for c, e in declared.items() if FIELDS - set(e)}
    assert incomplete == {"has_children": ["legal_basis"], "tenure_months": ["reason"]}
    assert declared["ethnicity"]["art9_condition"] == "bias_monitoring"
    assert declared["tc_string"]["retention_days"] == 390
    assert any("transfers" in e for e in declared.values())
    assert any("recipients" in e for e in declared.values())
    assert any("display_name" in e for e in declared.values())


def test_config_names_the_controller_and_the_vendor(sample):
    config = sample.config
    assert config["default_jurisdiction"] == "EU"
    assert config["tcf_vendor_id"] == 755
    assert "decision_domain" not in config
    assert {"name", "address", "contact", "dpo_contact", "supervisory_authority",
            "legitimate_interests", "data_required"} <= set(config["controller"])
    assert config["controller"]["contact"].endswith("@example.com")


@pytest.fixture(scope="module")
def findings(campaign):
    return run_area("transparency", campaign)


@pytest.mark.parametrize("check_id", TRANSPARENCY)
def test_transparency_check_equals_expected(sample, findings, check_id):
    if check_id not in findings:
        pytest.fail(f"{check_id} is not registered yet")
    f = findings[check_id]
    want = sample.expected[check_id]
    assert {k: getattr(f, k) for k in want} == want
