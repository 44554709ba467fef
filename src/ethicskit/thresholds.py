"""Every default threshold of the check catalogue, by the name a config uses (a leaf module).

A check names the thresholds it takes in its registry row; a config's ``thresholds:`` overrides
any of them by name. Each default is defined here once and nowhere else. Legal parameters
(consent bases, grace periods, deadlines, ages) are not thresholds: they live in the rule pack
(:mod:`ethicskit.rulepack`).
"""

from __future__ import annotations

from typing import Any

THRESHOLDS: dict[str, Any] = {
    "identifier_share": 0.5,
    "k_min": 5,
    "l_min": 2,
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
    "tvd_max": 0.1,
}

#: Thresholds of v1 whose values are law: they live in the rule pack now (``rules:``).
MOVED_TO_RULES: dict[str, str] = {
    "optout_grace_days": "rules: {<JURISDICTION>: {optout_grace: {days: N, business: true|false}}}",
    "erasure_days": "rules: {<JURISDICTION>: {erasure: {days: N, extension: N}}}",
    "digital_consent_age": "rules: {<JURISDICTION>: {digital_consent_age: {age: N}}}",
}

#: What each threshold measures, for the catalogue (``ethicskit checks``, docs/checks.md).
UNITS: dict[str, str] = {
    "identifier_share": "share of values", "k_min": "people per class",
    "l_min": "distinct values", "retention_days": "days", "ratio_min": "rate ratio",
    "ratio_max": "rate ratio", "min_group_n": "people", "odds_max": "rate difference",
    "smd_max": "standard deviations", "proxy_v": "Cramér's V", "min_audience": "people",
    "max_contacts": "contacts", "minor_age": "years", "max_criteria": "criteria",
    "tvd_max": "total variation distance",
}
assert set(UNITS) == set(THRESHOLDS)


def resolve(names, overrides=None) -> dict[str, Any]:
    """The thresholds ``names`` in force: each default updated by the config's ``overrides``."""
    overrides = overrides or {}
    return {name: overrides.get(name, THRESHOLDS[name]) for name in names}
