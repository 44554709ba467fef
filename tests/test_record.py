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


def test_numbers_are_written_rounded_to_12_significant_digits(tmp_path):
    import json

    from ethicskit.findings import Finding
    from ethicskit.record import Record, read, write

    # by hand: 0.9999999999999999 -> 1.0; -0.0 -> 0.0; 1/3 -> 0.333333333333 (12 digits)
    f = Finding(check_id="bias.mitigation_preview", area="bias", title="t", status="info",
                severity="low", value=0.9999999999999999,
                details={"groups": [{"spd": -0.0, "ratio_after": 1 / 3}]})
    folder = write(Record(meta={"areas": ["bias"], "share": 0.1 + 0.2}, findings=(f,)),
                   tmp_path / "run")
    text = (folder / "findings" / "bias.json").read_text(encoding="utf-8")
    assert "0.9999999999999999" not in text and "-0.0" not in text
    data = json.loads(text)[0]
    assert data["value"] == 1.0
    assert data["details"]["groups"][0] == {"spd": 0.0, "ratio_after": 0.333333333333}
    assert json.loads((folder / "record.json").read_text(encoding="utf-8"))["share"] == 0.3
    assert read(folder).findings[0].value == 1.0
