"""The four transparency checks against tiny inventories, worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from ethicskit import registry
from ethicskit.campaign import open_campaign
from ethicskit.registry import run_area
from ethicskit.transparency import checks
from ethicskit.transparency.checks import NO_INVENTORY_TEXT


def audit(campaign) -> dict:
    return {k.split(".")[1]: v for k, v in run_area("transparency", campaign).items()}


def test_rows():
    assert [c.id for c in checks.CHECKS] == [
        "transparency.undeclared_columns", "transparency.excluded_data_used",
        "transparency.inventory_completeness", "transparency.model_card",
        "transparency.notice"]
    assert registry.checks_for("transparency") == list(checks.CHECKS)


def test_counts_by_hand(make_campaign, frame, full):
    inventory = {"customer_id": dict(full, in_model=False), "spend": full,
                 "religion_guess": dict(full, in_model=False, use="audit_only"),
                 "targeting_criteria": {k: v for k, v in full.items() if k != "reason"}}
    f = audit(make_campaign(frame, inventory, model_features=["spend"]))
    # every column is declared
    assert (f["undeclared_columns"].status, f["undeclared_columns"].value) == ("pass", 0)
    assert f["undeclared_columns"].message == ("All 4 dataset columns are declared in the data "
                                               "inventory.")
    # religion_guess is audit_only and keys one row's criteria: 1 column, 1 row
    used = f["excluded_data_used"]
    assert (used.status, used.value, used.affected_rows) == ("fail", 1, 1)
    assert used.details["columns"][0]["used_in"] == ["targeting_criteria"]
    assert used.message == ("1 column(s) declared as excluded are used: religion_guess "
                            "(use: audit_only) in targeting_criteria. 1 rows were selected "
                            "with such a criterion.")
    # targeting_criteria lacks `reason`
    comp = f["inventory_completeness"]
    assert (comp.status, comp.value) == ("warn", 1)
    assert comp.details["columns"] == [{"column": "targeting_criteria", "missing": ["reason"]}]
    assert comp.message == ("1 of 4 declared columns are incomplete: targeting_criteria lacks "
                            "reason.")
    # no controller block, no recipients or transfers declared; religion_guess is used
    # although declared audit_only, so the notice may not say it is unused
    notice = f["notice"]
    assert notice.status == "warn"
    assert (notice.value, notice.threshold) == (2, None)
    assert {k: notice.details[k] for k in ("used", "excluded", "files")} == {
        "used": ["spend", "targeting_criteria"], "excluded": ["customer_id", "religion_guess"],
        "files": ["notice.md", "notice.html", "datasheet.html"]}
    assert notice.details["missing_fields"] == ["controller_identity", "controller_contact",
                                                "dpo_contact", "recipients", "transfers",
                                                "right_complain"]
    # and targeting.sensitive_interests fails: the key religion_guess names a religion
    # (every row counts as targeted, none has explicit consent)
    assert notice.details["contradictions"] == [
        {"statement": "religion guess is not used to choose offers",
         "check_id": "transparency.excluded_data_used"},
        {"statement": "We never use sensitive information about you, such as your health, "
                      "religion, ethnic origin, sexual orientation or political opinions, to "
                      "select you for offers.", "check_id": "targeting.sensitive_interests"}]
    assert notice.message == (
        "The customer notice is a DRAFT: 6 GDPR Art. 13/14 items could not be filled "
        "(who the controller is; how to contact the controller; how to contact the data "
        "protection officer; who receives the data; transfers outside the EEA; the supervisory "
        "authority a customer can complain to), and 2 statements were left out because a failing check disproves "
        "them (transparency.excluded_data_used, targeting.sensitive_interests). It describes "
        "2 kinds of data used for "
        "personalisation and 2 excluded. Fix the campaign or the declaration, then review it "
        "with legal before publishing.")


def test_undeclared_and_model_feature_use(make_campaign, frame, full):
    inventory = {"customer_id": full, "spend": dict(full, in_model=False)}
    f = audit(make_campaign(frame, inventory, model_features=["spend"]))
    assert (f["undeclared_columns"].value, f["undeclared_columns"].details["columns"]) == (
        2, ["religion_guess", "targeting_criteria"])
    assert f["undeclared_columns"].details["declared"] == 2
    assert f["undeclared_columns"].message == (
        "2 of 4 dataset columns are not declared in the data inventory: religion_guess, "
        "targeting_criteria: a gap in the record of processing to review.")
    assert f["undeclared_columns"].status == "warn"  # a gap to review, not a breach
    assert f["excluded_data_used"].value == 1
    assert f["excluded_data_used"].details["columns"][0]["used_in"] == ["model_features"]
    assert f["excluded_data_used"].affected_rows == 0


def test_without_model_features_every_unmapped_column_is_one(make_campaign, frame, full):
    inventory = {"customer_id": full, "spend": full, "targeting_criteria": full,
                 "religion_guess": dict(full, in_model=False)}
    used = audit(make_campaign(frame, inventory))["excluded_data_used"]
    assert used.details["columns"][0]["used_in"] == ["model_features", "targeting_criteria"]
    assert (used.value, used.affected_rows) == (1, 1)
    assert used.message.endswith(" The config lists no `model_features`, so every column "
                                 "outside the data contract counts as a model feature.")


def test_nothing_excluded_used_passes(make_campaign, frame, full):
    inventory = {c: full for c in frame} | {"gone": dict(full, in_model=False)}
    used = audit(make_campaign(frame, inventory, model_features=["spend"]))["excluded_data_used"]
    assert (used.status, used.value, used.affected_rows) == ("pass", 0, 0)
    assert used.details == {"columns": [], "excluded": ["gone"]}
    assert used.message == ("None of the 1 columns declared as excluded appears in the model "
                            "features or the targeting criteria.")


def test_long_lists_are_cut(make_campaign, full):
    frame = {f"c{i}": [1] for i in range(10)}
    inventory = {f"d{i}": {"category": "behavioural"} for i in range(7)}
    f = audit(make_campaign(frame, inventory))
    assert f["undeclared_columns"].message == (
        "10 of 10 dataset columns are not declared in the data inventory: "
        "c0, c1, c2, c3, c4, c5, c6, c7 and more: a gap in the record of processing to review.")
    comp = f["inventory_completeness"]
    assert comp.value == 7
    lacks = ", ".join(["purpose", "legal_basis", "source", "retention_days", "in_model",
                       "reason"])
    assert comp.message == ("7 of 7 declared columns are incomplete: "
                            + "; ".join(f"d{i} lacks {lacks}" for i in range(6)) + ".")


def test_without_inventory_nothing_passes(tmp_path, frame):
    pd.DataFrame(frame).to_csv(tmp_path / "d.csv", index=False)
    findings = run_area("transparency", open_campaign(tmp_path / "d.csv"))
    assert {f.status for f in findings.values()} == {"not_evaluated"}
    for f in findings.values():
        assert (f.message, f.details, f.value, f.threshold) == (
            NO_INVENTORY_TEXT, {"missing": ["inventory"], "to_evaluate": {
                "needs": "config",
                "add": "inventory: inventory.yaml   # start from templates/inventory.yaml"}},
            None, None)


def test_run_check_gives_the_area_finding(make_campaign, frame, full):
    campaign = make_campaign(frame, {"customer_id": full}, model_features=["spend"])
    one = registry.run_check("transparency.undeclared_columns", campaign)
    assert one == run_area("transparency", campaign)["transparency.undeclared_columns"]
    assert (one.status, one.value, one.threshold) == ("warn", 3, 0)


@pytest.mark.slow
def test_renamed_columns_give_the_same_findings(tmp_path):
    """The same data under other names, mapped by the config, gives the same findings."""
    from ethicskit.sample import write_sample

    logical = tmp_path / "logical"
    sample = write_sample(logical / "s.csv", rows=1000, seed=1)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    names = {"customer_id": "cust_no", "targeting_criteria": "criteria", "email": "mail",
             "marital_status": "civil"}
    pd.read_csv(logical / "s.csv", dtype=str).rename(columns=names).to_csv(
        renamed / "s.csv", index=False)
    config = yaml.safe_load((logical / "s.yaml").read_text())
    config["columns"] = names
    (renamed / "s.yaml").write_text(yaml.safe_dump(config))
    (renamed / "s.inventory.yaml").write_text((logical / "s.inventory.yaml").read_text())
    a = run_area("transparency", open_campaign(config_path=logical / "s.yaml"))
    b = run_area("transparency", open_campaign(config_path=renamed / "s.yaml"))
    for check_id in a:
        assert (a[check_id].status, a[check_id].value, a[check_id].affected_rows) == (
            b[check_id].status, b[check_id].value, b[check_id].affected_rows), check_id
    assert a["transparency.excluded_data_used"].affected_rows == sample.expected[
        "transparency.excluded_data_used"]["affected_rows"]
