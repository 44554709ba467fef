"""Every default threshold of the check catalogue, by the name a config uses (a leaf module).

A check names the thresholds it takes in its registry row; a config's ``thresholds:`` overrides
any of them by name. Each default is defined here once and nowhere else.
"""

from __future__ import annotations

from typing import Any

THRESHOLDS: dict[str, Any] = {
    "optout_grace_days": 0,
    "erasure_days": {"default": 30, "US": 45},
    "identifier_share": 0.5,
    "k_min": 5,
    "l_min": 2,
    "digital_consent_age": {
        "default": 16, "GB": 13, "BE": 13, "DK": 13, "EE": 13, "FI": 13, "LV": 13, "MT": 13,
        "PT": 13, "SE": 13, "NO": 13, "US": 13, "AT": 14, "BG": 14, "CY": 14, "IT": 14,
        "LT": 14, "ES": 14, "CZ": 15, "FR": 15, "GR": 15, "SI": 15,
    },
    "retention_days": 730,
    "ratio_min": 0.8,
    "ratio_max": 1.25,
    "min_group_n": 30,
    "odds_max": 0.1,
    "smd_max": 0.3,
    "proxy_v": 0.3,
    "min_audience": 100,
    "max_contacts": 7,
    "minor_age": 18,
    "max_criteria": 6,
}

#: Thresholds that are a mapping ``{default: x, <COUNTRY>: y}`` rather than a number.
COUNTRY_THRESHOLDS = frozenset({"erasure_days", "digital_consent_age"})

#: What each threshold measures, for the catalogue (``ethicskit checks``, docs/checks.md).
UNITS: dict[str, str] = {
    "optout_grace_days": "days", "erasure_days": "days", "identifier_share": "share of values",
    "k_min": "people per class", "l_min": "distinct values", "digital_consent_age": "years",
    "retention_days": "days", "ratio_min": "rate ratio", "ratio_max": "rate ratio",
    "min_group_n": "people", "odds_max": "rate difference", "smd_max": "standard deviations",
    "proxy_v": "Cramér's V", "min_audience": "people", "max_contacts": "contacts",
    "minor_age": "years", "max_criteria": "criteria",
}
assert set(UNITS) == set(THRESHOLDS)


def resolve(names, overrides=None) -> dict[str, Any]:
    """The thresholds ``names`` in force: each default updated by the config's ``overrides``."""
    overrides = overrides or {}
    return {name: overrides.get(name, THRESHOLDS[name]) for name in names}
