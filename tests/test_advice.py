"""A not-evaluated finding says whether data or configuration is missing, and the line to add."""

from __future__ import annotations

import pytest

from ethicskit.advice import to_evaluate
from ethicskit.registry import run_check


@pytest.mark.parametrize("skip, missing, expected", [
    (None, ["optout_ts", "contact_ts"],
     {"needs": "data", "add": "columns: {optout_ts: <your column>, contact_ts: <your column>}"}),
    (None, ["targeted or decision"],
     {"needs": "data", "add": 'columns: {targeted: <your column>}   # or derive: {targeted: '
                              '"<SQL condition>"}'}),
    ("no_qis", ["quasi_identifiers"],
     {"needs": "config", "add": "quasi_identifiers: [postcode, age_band, gender]"}),
    ("no_inventory", [],
     {"needs": "config", "add": "inventory: inventory.yaml   # start from templates/inventory.yaml"}),
    ("nobody_targeted", [], {"needs": "nothing", "add": ""}),
    (None, [], {"needs": "nothing", "add": ""}),
])
def test_what_a_finding_needs(skip, missing, expected):
    assert to_evaluate(skip=skip, missing=missing) == expected


def test_findings_carry_it(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "gender": ["f", "m"]})
    optout = run_check("privacy.contact_after_optout", c)
    assert optout.status == "not_evaluated"
    assert optout.details["to_evaluate"]["needs"] == "data"
    assert "optout_ts: <your column>" in optout.details["to_evaluate"]["add"]
    notice = run_check("transparency.notice", c)
    assert notice.details["to_evaluate"] == {
        "needs": "config", "add": "inventory: inventory.yaml   # start from templates/inventory.yaml"}
