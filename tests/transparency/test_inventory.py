"""Reading and validating the data inventory."""

from __future__ import annotations

import pytest
import yaml

from ethicskit.errors import ConfigError
from ethicskit.inventory import Inventory, load_inventory
from ethicskit.paths import TEMPLATES


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


def test_excluded_and_entry_for():
    inv = Inventory(columns={"a": {"use": "audit_only", "in_model": True},
                             "b": {"in_model": False}, "c": {"in_model": True}})
    assert inv.excluded() == {"a": "use: audit_only", "b": "in_model: false"}
    assert inv.entry_for("x", "c") == ("c", {"in_model": True})
    assert inv.entry_for("x") is None


def test_the_template_inventory_shows_every_field():
    """The template users copy: every entry complete, and the v2 optional fields in use."""
    from ethicskit.inventory import REQUIRED_FIELDS

    columns = load_inventory(TEMPLATES / "inventory.yaml").columns
    assert all(all(entry.get(f) is not None for f in REQUIRED_FIELDS)
               for entry in columns.values())
    assert columns["customer_id"]["recipients"] == [] == columns["customer_id"]["transfers"]
    assert columns["basket_value"]["transfers"] == [
        {"country": "US", "safeguard": "EU standard contractual clauses"}]
    assert columns["basket_value"]["display_name"] == "how much you spend per visit"
    assert columns["ethnicity"]["art9_condition"] == "bias_monitoring"
    text = (TEMPLATES / "inventory.yaml").read_text(encoding="utf-8")
    for name in ("display_name:", "recipients:", "transfers:", "art9_condition:"):
        assert f"# {name}" in text  # each optional field is explained
