"""No value from the data that looks like an identifier reaches an output; inventory text adds no
markup to the notice."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from ethicskit import record
from ethicskit.campaign import open_campaign
from ethicskit.masking import safe_label
from ethicskit.notice import md_escape, notice_content, render_notice

EMAIL = "jo.doe@example.com"
PHONE = "+44 7700 900123"
PHONE_DIGITS = "7700900123"

FULL = {"category": "behavioural", "purpose": "choose offers", "legal_basis": "consent",
        "source": "observed", "retention_days": 365, "in_model": True, "reason": "relevant offers"}


def _campaign(tmp_path: Path, frame: dict, inventory: dict | None = None, **config):
    pd.DataFrame(frame).to_csv(tmp_path / "d.csv", index=False)
    if inventory is not None:
        (tmp_path / "inv.yaml").write_text(yaml.safe_dump({"columns": inventory},
                                                          sort_keys=False))
        config = {"inventory": "inv.yaml", **config}
    (tmp_path / "c.yaml").write_text(yaml.safe_dump({"dataset": "d.csv", **config},
                                                    sort_keys=False))
    return open_campaign(config_path=tmp_path / "c.yaml")


@pytest.mark.parametrize("value, expected", [
    (EMAIL, "***@***"), (PHONE, "+44 ******* 23"), ("4111 1111 1111 1111", "**** 11"),
    ("DE89 3704 0044 0532 0130 00", "DE** **** 00"), ("192.168.1.10", "192.***.***.***"),
    ("email:" + EMAIL, "email:***@***"), ("phone:" + PHONE, "phone:***"),
    ("age:25-34;zone 7", "age:25-34;zone 7"), ("F", "F"), ("25-34", "25-34"),
    ("2026-11-29", "2026-11-29"), ("(missing)", "(missing)"), ("spend", "spend"),
])
def test_safe_label(value, expected):
    assert safe_label(value) == expected


def test_safe_label_cuts_long_values():
    long = "a" * 400 + EMAIL
    out = safe_label(long)
    assert len(out) <= 321 and EMAIL not in out


def _leaky_frame() -> dict:
    n = 12
    return {
        "customer_id": [f"c{i}" for i in range(n)],
        "gender": [EMAIL, PHONE, "F", "M"] * 3,
        "age_band": ["25-34", "35-44", "phone " + PHONE, "mail " + EMAIL] * 3,
        "targeted": [True, False, True] * 4,
        "segment": [EMAIL, "seg " + PHONE, "Diabetes Club", "x"] * 3,
        "targeting_criteria": [f"email:{EMAIL};interest:run", f"phone:{PHONE}",
                               "interest:loans", ""] * 3,
        "channel": [EMAIL, PHONE, "email", "sms"] * 3,
        "product": [EMAIL, PHONE, "credit_card", "loan"] * 3,
        EMAIL: ["a", "b", "c"] * 4,
        PHONE: [1, 2, 3] * 4,
    }


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name not in ("d.csv", "c.yaml", "inv.yaml"):
            data = path.read_bytes()
            for raw in (EMAIL, PHONE, PHONE_DIGITS):
                if raw.encode("utf-8") in data:
                    found.append(f"{path.relative_to(folder)}: {raw}")
    return found


def _written_record(tmp_path: Path) -> Path:
    frame = _leaky_frame()
    inventory = {c: dict(FULL) for c in ("customer_id", "gender", "targeted", "segment")}
    campaign = _campaign(tmp_path, frame, inventory,
                         protected_attributes=["gender", "age_band"])
    rec = record.compute(campaign)
    out = tmp_path / "run"
    record.write(rec, out)
    assert list(out.rglob("*.json")) and list(out.rglob("*.parquet"))
    return out


@pytest.mark.slow
def test_no_identifier_from_the_data_reaches_the_record(tmp_path):
    out = _written_record(tmp_path)
    assert (out / "notice.md").exists()
    assert _leaks(out) == []


PAYLOADS = ["![i](http://evil.example/img.png)", "<img src=x>", "[click](http://evil.example)"]


def test_inventory_text_adds_no_markup_to_the_notice():
    class Inv:
        columns = {
            "spend": dict(FULL, purpose=PAYLOADS[0], description=PAYLOADS[1]),
            "region": dict(FULL, in_model=False, use="excluded", reason=PAYLOADS[2],
                           description=PAYLOADS[0]),
            "health": dict(FULL, category="special_category", description=PAYLOADS[1]),
        }

        def excluded(self):
            return {"region"}

    content = notice_content(Inv(), campaign="- " + PAYLOADS[2], as_of="2026-11-29",
                             automated=False)
    md, html = render_notice(content)
    for bad in ("](", "![", "<img", "[click]"):
        assert bad not in md
    assert "\\!\\[i\\]\\(http://evil.example/img.png\\)" in md
    assert "&lt;img src=x&gt;" in md
    # the HTML shows the payloads as text
    assert "<img" not in html and "&lt;img src=x&gt;" in html
    assert "![i](http://evil.example/img.png)" in html


def test_md_escape():
    assert str(md_escape("a_b *c* `d` #e |f \\g")) == "a\\_b \\*c\\* \\`d\\` \\#e \\|f \\\\g"
    assert str(md_escape("- x\n+ y\n12. z")) == "\\- x\n\\+ y\n12\\. z"
    assert str(md_escape("choose offers")) == "choose offers"
