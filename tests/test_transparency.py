"""Transparency checks against tiny inventories, worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from ethicskit.campaign import open_campaign
from ethicskit.inventory import load_inventory
from ethicskit.errors import ConfigError
from ethicskit.notice import build_notice, render_notice
from ethicskit.paths import TEMPLATES
from ethicskit.registry import run_area

FULL = {"category": "behavioural", "purpose": "choose offers", "legal_basis": "consent",
        "source": "observed", "retention_days": 365, "in_model": True, "reason": "relevant offers"}


def setup(tmp_path, frame: dict, inventory: dict, **config):
    pd.DataFrame(frame).to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "inv.yaml").write_text(yaml.safe_dump({"columns": inventory}))
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(
        {"dataset": "d.csv", "inventory": "inv.yaml", **config}))
    campaign = open_campaign(config_path=tmp_path / "c.yaml")
    return {k.split(".")[1]: v for k, v in run_area("transparency", campaign).items()}


FRAME = {"customer_id": ["a", "b", "c"], "spend": [1, 2, 3], "religion_guess": ["x", "y", "z"],
         "targeting_criteria": ["interest:run;religion_guess:x", "interest:run", ""]}


def test_counts_by_hand(tmp_path):
    inventory = {"customer_id": dict(FULL, in_model=False), "spend": FULL,
                 "religion_guess": dict(FULL, in_model=False, use="audit_only"),
                 "targeting_criteria": {k: v for k, v in FULL.items() if k != "reason"}}
    f = setup(tmp_path, FRAME, inventory, model_features=["spend"])
    # every column is declared
    assert (f["undeclared_columns"].status, f["undeclared_columns"].value) == ("pass", 0)
    # religion_guess is audit_only and keys one row's criteria: 1 column, 1 row
    used = f["excluded_data_used"]
    assert (used.status, used.value, used.affected_rows) == ("fail", 1, 1)
    assert used.details["columns"][0]["used_in"] == ["targeting_criteria"]
    # targeting_criteria lacks `reason`
    comp = f["inventory_completeness"]
    assert (comp.status, comp.value) == ("warn", 1)
    assert comp.details["columns"] == [{"column": "targeting_criteria", "missing": ["reason"]}]
    assert f["notice"].status == "info"


def test_undeclared_and_model_feature_use(tmp_path):
    inventory = {"customer_id": FULL, "spend": dict(FULL, in_model=False)}
    f = setup(tmp_path, FRAME, inventory, model_features=["spend"])
    assert (f["undeclared_columns"].value, f["undeclared_columns"].details["columns"]) == (
        2, ["religion_guess", "targeting_criteria"])
    assert f["excluded_data_used"].value == 1
    assert f["excluded_data_used"].details["columns"][0]["used_in"] == ["model_features"]
    assert f["excluded_data_used"].affected_rows == 0


def test_without_inventory_nothing_passes(tmp_path):
    pd.DataFrame(FRAME).to_csv(tmp_path / "d.csv", index=False)
    findings = run_area("transparency", open_campaign(tmp_path / "d.csv"))
    assert {f.status for f in findings.values()} == {"not_evaluated"}


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


@pytest.mark.parametrize("entry, message", [
    ({"category": "secret"}, "columns.x.category: 'secret' is not one of"),
    ({"in_model": "yes"}, "columns.x.in_model: expected true or false"),
    ({"retention_days": "1y"}, "columns.x.retention_days: expected a whole number"),
    ({"purpse": "p"}, "columns.x.purpse: unknown inventory field (did you mean 'purpose'?)"),
])
def test_bad_inventory_names_the_field(tmp_path, entry, message):
    path = tmp_path / "inv.yaml"
    path.write_text(yaml.safe_dump({"columns": {"x": entry}}))
    with pytest.raises(ConfigError) as err:
        load_inventory(path)
    assert message in str(err.value)


def test_the_template_inventory_is_valid():
    assert "ethnicity" in load_inventory(TEMPLATES / "inventory.yaml").columns


def test_notice_escapes_hostile_names(tmp_path):
    evil = '<script>alert(1)</script>'
    frame = {"customer_id": ["a"], evil: [1]}
    inventory = {evil: dict(FULL, purpose=evil), "customer_id": FULL}
    pd.DataFrame(frame).to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "inv.yaml").write_text(yaml.safe_dump({"columns": inventory}))
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"dataset": "d.csv", "inventory": "inv.yaml",
                                                    "name": evil}))
    campaign = open_campaign(config_path=tmp_path / "c.yaml")
    md, html = render_notice(build_notice(campaign, campaign.inventory))
    assert evil not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert evil not in md and "&lt;script&gt;" in md  # Markdown passes HTML through: escaped
