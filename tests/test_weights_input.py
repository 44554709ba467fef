"""Aggregated rows: ``weight`` and ``selected_count`` are read and checked at load."""

from __future__ import annotations

import pytest

from ethicskit.errors import DataError


def test_weights_are_whole_numbers_and_default_to_one(make_campaign):
    c = make_campaign({"customer_id": ["a", "b"], "weight": ["3", "4"],
                       "selected_count": ["1", "4"]})
    assert c.weighted and c.weights.tolist() == [3, 4]
    assert c.df["selected_count"].tolist() == [1, 4]
    plain = make_campaign({"customer_id": ["a", "b"]})
    assert not plain.weighted and plain.weights.tolist() == [1, 1]


@pytest.mark.parametrize("columns, message", [
    ({"weight": ["3", None]}, "column 'weight' (weight) is empty at row 2"),
    ({"weight": ["3", "-1"]}, "column 'weight' (weight) is negative at row 2"),
    ({"weight": ["3", "1"], "selected_count": ["1", "2"]},
     "column 'selected_count' (selected_count) is larger than 'weight' (weight) at row 2"),
    ({"selected_count": ["1", "2"]}, "(selected_count) needs a weight column"),
    ({"weight": ["1.5", "2"]}, "column 'weight' should hold whole numbers"),
])
def test_bad_weights_are_input_errors(make_campaign, columns, message):
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_campaign({"customer_id": ["a", "b"], **columns})
