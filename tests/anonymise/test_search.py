"""The lattice of the eight people, worked out by hand.

postcode: as is (AB1 AB1 AB2 AB2 CD1 CD1 CD2 CD3, D = 5) -> first 2 characters (AB* x4, CD* x4;
NCP 1/4 for AB*, 2/4 for CD*) -> * (first character: the same classes, dropped). gender:
as is -> * (``other`` merges nothing at k_min = 2). n = 8 rows, q = 2.

node (postcode, gender)   classes                 suppressed  NCP
(0, 0)                    2, 2, 2, 1, 1           2           (0 + 2*2) / 16 = 0.25
(1, 0)                    4, 4                    0           (4/4 + 4*2/4) / 16 = 3/16
(0, 1)                    2, 2, 2, 1, 1           2           (6 + 4) / 16 = 0.625
(2, 0)                    4, 4                    0           8 / 16 = 0.5
(1, 1)                    4, 4                    0           (3 + 8) / 16
(2, 1)                    8                       0           1
"""

from __future__ import annotations

import pandas as pd
import pytest

from ethicskit.anonymise import plan, tradeoff


def test_lattice_by_hand(eight):
    table = tradeoff(eight()).set_index(["postcode", "gender"])
    assert len(table) == 6
    as_is, prefix, top = "as is", "first 2 characters", "*"
    expected = {(as_is, as_is): (1, 2, 0.25), (prefix, as_is): (4, 0, 3 / 16),
                (as_is, top): (1, 2, 0.625), (top, as_is): (4, 0, 0.5),
                (prefix, top): (4, 0, 11 / 16), (top, top): (8, 0, 1.0)}
    for node, (k, suppressed, loss) in expected.items():
        row = table.loc[node]
        assert (row["k"], row["suppressed"]) == (k, suppressed), node
        assert row["loss"] == pytest.approx(loss), node
    assert table.loc[(as_is, as_is), "discernibility"] == 2 ** 2 * 3 + 8 * 2
    assert table.loc[(prefix, as_is), "discernibility"] == 4 ** 2 * 2
    assert table["chosen"].sum() == 1 and table.loc[(prefix, as_is), "chosen"]
    assert table["feasible"].all()  # 2 of 8 rows = 25%, the limit


def test_suppression_limit_makes_nodes_infeasible(eight):
    table = tradeoff(eight(), max_suppression=0.2)
    assert not table.loc[table["suppressed"] == 2, "feasible"].any()
    assert table.loc[table["suppressed"] == 0, "feasible"].all()


@pytest.mark.parametrize("health, levels", [
    (["x", "x", "y", "x", "x", "y", "x", "y"], (1, 0)),  # both AB*/CD* classes have x and y
    (["x", "x", "x", "x", "x", "y", "x", "y"], (2, 1)),  # AB*,female only x: all in one class
])
def test_l_min(make_campaign, health, levels):
    frame = pd.DataFrame({"customer_id": [f"C{i}" for i in range(8)],
                          "postcode": ["AB1", "AB1", "AB2", "AB2", "CD1", "CD1", "CD2", "CD3"],
                          "gender": ["female"] * 4 + ["male"] * 4, "health": health})
    campaign = make_campaign(frame, quasi_identifiers=["postcode", "gender"],
                             sensitive_attribute="health", thresholds={"k_min": 2},
                             anonymise={"max_suppression": 0.25})
    p = plan(campaign)
    assert p.best.levels == levels
    assert p.best.l_after >= 2 and p.best.suppressed == 0
