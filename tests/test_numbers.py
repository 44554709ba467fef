"""Numbers formatted once (ethicskit.numbers): display, units and the JSON edge.

Every expected string below is worked out by hand from the rule in the docstring: 3 decimals
below 100, 1 below 1,000, none from 1,000 up, trailing zeros dropped, no negative zero.
"""

import math

import numpy as np
import pytest

from ethicskit.numbers import fmt_number, fmt_value, json_number
from ethicskit.registry import unit_of
from ethicskit.registry import CHECKS


@pytest.mark.parametrize("x, shown", [
    (5000, "5,000"), (np.int64(1234567), "1,234,567"), (5000.0, "5,000"), (0, "0"),
    (-0.0, "0"), (-0.0004, "0"), (np.float64(-0.0), "0"), (0.6121507927947363, "0.612"),
    (0.9999999999999999, "1"), (0.8, "0.8"), (1.25, "1.25"), (12.5, "12.5"),
    (123.456, "123.5"), (-2.5, "-2.5"), (1999.6, "2,000"), (True, "yes"), (False, "no"),
    (np.bool_(False), "no"), (None, "—"), (float("nan"), "—"), (math.inf, "∞"), ("a", "a"),
])
def test_fmt_number(x, shown):
    assert fmt_number(x) == shown


@pytest.mark.parametrize("x, digits, shown", [
    (0.5, 3, "0.500"), (-0.0001, 2, "0.00"), (-0.004, 2, "0.00"), (-0.006, 2, "-0.01"),
    (1234.5678, 2, "1,234.57"),
])
def test_fmt_number_fixed_digits(x, digits, shown):
    assert fmt_number(x, digits=digits) == shown


@pytest.mark.parametrize("value, unit, shown", [
    (0.84, "rate ratio", "0.84 rate ratio"), (12, "people", "12 people"),
    (1, "people", "1 person"), (9, "contacts", "9 contacts"), (1, "contacts", "1 contact"),
    (5000, "people", "5,000 people"), (0, "people", "0 people"),
    ({"ratio_min": 0.8, "ratio_max": 1.25}, "rate ratio", "0.8 to 1.25 rate ratio"),
    ({"odds_max": 0.1}, "rate difference", "0.1 rate difference"),
    (None, "people", "—"), (0.5, None, "0.5"), (-0.0, "rate difference", "0 rate difference"),
])
def test_fmt_value(value, unit, shown):
    assert fmt_value(value, unit) == shown


@pytest.mark.parametrize("x, stored", [
    (0.9999999999999999, 1.0), (-0.0, 0.0), (0.1 + 0.2, 0.3), (1 / 3, 0.333333333333),
    (np.float64(2.5), 2.5), (7, 7), (np.int64(7), 7), (float("nan"), None), (math.inf, None),
    (True, True), (None, None), (123456789012345.0, 123456789012000.0),
])
def test_json_number(x, stored):
    result = json_number(x)
    assert result == stored and type(result) is type(stored)
    if isinstance(result, float):
        assert math.copysign(1, result) == 1 or result != 0  # never -0.0


@pytest.mark.parametrize("check_id, unit", [
    ("targeting.contact_pressure", "contacts"), ("targeting.personalization_depth", "criteria"),
    ("targeting.micro_segments", "people"), ("bias.selection_rate", "rate ratio"),
    ("privacy.consent_missing", "people"), ("no.such_check", ""),
])
def test_unit_of(check_id, unit):
    assert unit_of(check_id) == unit


def test_every_registry_row_has_a_unit():
    assert [c.id for c in CHECKS if not c.unit] == []
