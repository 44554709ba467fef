"""The default rule pack: its content is the law as docs/data.md states it, value by value, and
overrides are validated like every other config key."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethicskit import rulepack
from ethicskit.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
EU_EEA = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
          "IS LI NO").split()


@pytest.fixture(scope="module")
def pack():
    return rulepack.load()


def test_template_and_package_copies_are_identical():
    # users edit templates/rules.yaml; the package reads its own copy (works from a wheel)
    assert (ROOT / "templates" / "rules.yaml").read_bytes() == (
        ROOT / "src" / "ethicskit" / "data" / "rules.yaml").read_bytes()


def test_every_value_has_a_reference_and_a_review_date(pack):
    for key in pack.keys:
        for name, item in pack.raw["jurisdictions"][key].items():
            if name in ("name", "parent"):
                continue
            items = item.values() if name == "consent" else [item]
            for fields in items:
                assert fields.get("ref"), (key, name)
                assert fields.get("reviewed") == "2026-12-01", (key, name)
    for category, item in pack.raw["opportunity_criteria"].items():
        assert item["ref"] and item["reviewed"] == "2026-12-01", category


def test_the_eu_eea_list(pack):
    assert pack.eu_eea == frozenset(EU_EEA)  # Norway read as "NO", not as YAML false


# Consent basis per channel: (jurisdiction, channel) -> (basis, soft opt-in, b2b)
BASIS = {
    ("EU", "email"): ("opt_in", True, False), ("EU", "sms"): ("opt_in", True, False),
    ("EU", "phone"): ("opt_out", False, False), ("EU", "post"): ("none", False, False),
    ("DE", "phone"): ("opt_in", False, False), ("AT", "phone"): ("opt_in", False, False),
    ("FR", "phone"): ("opt_out", False, False),
    ("GB", "email"): ("opt_in", True, True), ("GB", "sms"): ("opt_in", True, True),
    ("GB", "phone"): ("opt_out", False, False), ("GB", "post"): ("none", False, False),
    ("US", "email"): ("opt_out", False, False), ("US", "sms"): ("opt_in", False, False),
    ("US", "phone"): ("opt_out", False, False), ("US", "post"): ("none", False, False),
    ("CA", "email"): ("opt_in", True, False), ("CA", "sms"): ("opt_in", True, False),
    ("CA", "phone"): ("opt_out", False, False), ("CA", "post"): ("none", False, False),
}
for _j, _online in (("EU", "opt_in"), ("GB", "opt_in"), ("US", "opt_out"), ("CA", "opt_out")):
    for _c in ("display", "social", "push"):
        BASIS[(_j, _c)] = (_online, False, False)


@pytest.mark.parametrize("key, channel", sorted(BASIS))
def test_consent_basis(pack, key, channel):
    rule = pack.entry(pack.find(key) if key not in ("EU",) else "EU")["consent"][channel]
    assert (rule["basis"], rule["soft_optin"], rule["b2b"]) == BASIS[(key, channel)]


@pytest.mark.parametrize("key, grace, erasure, age", [
    ("EU", (0, False), (30, 60), 16), ("GB", (0, False), (30, 60), 13),
    ("US", (10, True), (45, 45), 13), ("CA", (10, True), (30, 30), 13),
    ("US-CA", (10, True), (45, 45), 13), ("FR", (0, False), (30, 60), 15),
])
def test_grace_erasure_and_age(pack, key, grace, erasure, age):
    entry = pack.entry(key)
    assert (entry["optout_grace"]["days"], entry["optout_grace"]["business"]) == grace
    assert (entry["erasure"]["days"], entry["erasure"]["extension"]) == erasure
    assert entry["digital_consent_age"]["age"] == age


AGES = {"AT": 14, "BE": 13, "BG": 14, "CY": 14, "CZ": 15, "DK": 13, "EE": 13, "ES": 14,
        "FI": 13, "FR": 15, "GR": 15, "IS": 13, "IT": 14, "LT": 14, "LV": 13, "MT": 13,
        "NO": 13, "PT": 13, "SE": 13, "SI": 15}


@pytest.mark.parametrize("country", EU_EEA)
def test_digital_consent_age_of_every_eu_eea_country(pack, country):
    assert pack.entry(pack.find(country))["digital_consent_age"]["age"] == AGES.get(country, 16)


@pytest.mark.parametrize("key, banned_minors, platform_ban, tracking, opportunity_law", [
    ("EU", True, True, True, False), ("DE", True, True, True, False),
    ("GB", False, False, True, False), ("US", False, False, False, True),
    ("CA", False, False, False, True)])
def test_platform_and_opportunity_rules(pack, key, banned_minors, platform_ban, tracking,
                                        opportunity_law):
    entry = pack.entry(key)
    assert entry["minors_profiling_ads"]["banned"] is banned_minors
    assert entry["minors_profiling_ads"]["under"] == 18
    assert entry["sensitive_ads"]["platform_ban"] is platform_ban
    assert entry["tracking_consent"]["required"] is tracking
    assert entry["opportunity_ads"]["law"] is opportunity_law


def test_opt_out_signal_states(pack):
    honoured = {k for k in pack.keys if pack.entry(k)["optout_signal"]["honour"]}
    assert honoured == {"US-CA", "US-CO", "US-CT", "US-TX", "US-OR", "US-MT", "US-NJ"}


def test_opportunity_criteria(pack):
    assert set(pack.criteria("housing")) == {
        "gender", "sex", "marital_status", "parental_status", "has_children", "ethnicity",
        "race", "religion", "national_origin", "disability", "age", "postcode", "zip"}
    assert set(pack.criteria("credit")) == {
        "gender", "sex", "marital_status", "ethnicity", "race", "religion", "national_origin",
        "age", "postcode", "zip"}
    assert set(pack.criteria("employment")) == {
        "gender", "sex", "ethnicity", "race", "religion", "national_origin", "age",
        "disability", "postcode", "zip"}
    assert pack.platform_channels == ("display", "social")


@pytest.mark.parametrize("country, region, expected", [
    ("US", "US-CA", "US-CA"), ("us", "us-ca", "US-CA"), (None, "US-CA", "US-CA"),
    ("US", "US-NY", "US"), ("US", None, "US"), ("GB", None, "GB"), ("uk", None, "GB"),
    ("UK", "UK-ENG", "GB"), ("de", None, "DE"), ("NL", None, "EU"), ("no", None, "NO"),
    ("CA", None, "CA"), ("ZZ", None, None), ("", None, None), (None, None, None),
    ("  fr ", None, "FR"), ("FR", "FR-75", "FR")])
def test_which_entry_a_person_follows(pack, country, region, expected):
    assert pack.find(country, region) == expected


def test_a_region_inherits_its_country(pack):
    assert pack.chain("US-CA") == ["US", "US-CA"]
    assert pack.chain("DE") == ["EU", "DE"]
    ca = pack.entry("US-CA")
    us = pack.entry("US")
    assert ca["optout_signal"]["honour"] and not us["optout_signal"]["honour"]
    assert {k: v for k, v in ca.items() if k not in ("optout_signal", "key")} == {
        k: v for k, v in us.items() if k not in ("optout_signal", "key")}


def test_an_override_changes_one_value_and_keeps_the_rest():
    overrides = rulepack.validate_overrides({"US": {"optout_grace": {"days": 5}},
                                             "US-VA": {"optout_signal": {"honour": True}}})
    pack = rulepack.load(overrides)
    assert pack.entry("US")["optout_grace"]["days"] == 5
    assert pack.entry("US")["optout_grace"]["business"] is True
    assert pack.entry("US-CA")["optout_grace"]["days"] == 5  # inherited from US
    assert pack.find("US", "US-VA") == "US-VA"
    assert pack.entry("US-VA")["optout_signal"]["honour"] is True
    assert "rules.US.optout_grace.days" in pack.overridden
    assert rulepack.load().entry("US")["optout_grace"]["days"] == 10  # no state kept


def test_an_edited_pack_with_a_misspelt_key_names_it():
    text = rulepack.default_text().replace("    optout_grace: {days: 0", "    optout_grce: {days: 0", 1)
    with pytest.raises(ConfigError, match=r"optout_grce: unknown rule parameter \(did you mean "
                                          r"'optout_grace'\?\)"):
        rulepack.parse(text, where="rules.yaml")
