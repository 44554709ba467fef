"""What record.json says of the rule pack a run judged by."""

from __future__ import annotations

from ethicskit.config import validate
from ethicskit.record import rule_pack_meta


def test_the_default_pack():
    assert rule_pack_meta(validate({})) == {
        "version": 2, "reviewed": "2026-12-01", "default_jurisdiction": "EU",
        "overridden": [], "overrides": {}}


def test_overrides_are_recorded_with_their_paths():
    meta = rule_pack_meta(validate({"rules": {"us": {"optout_grace": {"days": 5}}},
                                    "default_jurisdiction": "GB"}))
    assert meta["default_jurisdiction"] == "GB"
    assert meta["overridden"] == ["rules.US.optout_grace.days"]
    assert meta["overrides"] == {"US": {"optout_grace": {"days": 5}}}
