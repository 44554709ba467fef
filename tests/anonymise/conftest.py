"""A campaign of eight people worked out by hand (see test_search.py for the lattice)."""

from __future__ import annotations

import pandas as pd
import pytest


def people(**extra) -> pd.DataFrame:
    frame = pd.DataFrame({
        "customer_id": [f"C{i}" for i in range(1, 9)],
        "email": [f"p{i}@example.com" for i in range(1, 9)],
        "phone": [f"+44 7700 90000{i}" for i in range(1, 9)],
        "full_name": ["Ann Lee", "Bo Chan", "Cy Diaz", "Di Eze", "Ed Fox", "Flo Gil", "Gus Ho",
                      "Hal Ito"],
        "postcode": ["AB1", "AB1", "AB2", "AB2", "CD1", "CD1", "CD2", "CD3"],
        "gender": ["female"] * 4 + ["male"] * 4,
        "health": ["x", "x", "y", "x", "x", "y", "x", "y"],
        "notes": ["vip", "p2@example.com", "", "late", "vip", "", "", "late"],
        "tenure_months": [1, 2, 3, 4, 5, 6, 7, 8],
    })
    for name, values in extra.items():
        frame[name] = values
    return frame


CONFIG = {"quasi_identifiers": ["postcode", "gender"],
          "thresholds": {"k_min": 2},
          "anonymise": {"max_suppression": 0.25}}


@pytest.fixture
def eight(make_campaign):
    """``eight(**config_overrides)`` -> the campaign of :func:`people`."""

    def _make(frame=None, **overrides):
        config = {**CONFIG, **overrides}
        return make_campaign(people() if frame is None else frame, **config)

    return _make


@pytest.fixture(name="people")
def people_fixture():
    return people
