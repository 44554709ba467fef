"""Tiny campaigns with tiny inventories, for the transparency tests."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from ethicskit.campaign import open_campaign

FULL = {"category": "behavioural", "purpose": "choose offers", "legal_basis": "consent",
        "source": "observed", "retention_days": 365, "in_model": True, "reason": "relevant offers"}

FRAME = {"customer_id": ["a", "b", "c"], "spend": [1, 2, 3], "religion_guess": ["x", "y", "z"],
         "targeting_criteria": ["interest:run;religion_guess:x", "interest:run", ""]}


@pytest.fixture
def full():
    return dict(FULL)


@pytest.fixture
def frame():
    return {k: list(v) for k, v in FRAME.items()}


class _PlainDumper(yaml.SafeDumper):
    """Writes a dict that appears twice in full each time: the loader refuses aliases."""

    def ignore_aliases(self, data):
        return True


def plain_yaml(data) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False)


@pytest.fixture
def make_campaign(tmp_path):
    """``make_campaign(frame, inventory, **config)``: the campaign of a CSV and an inventory
    written into ``tmp_path`` (no inventory when ``inventory`` is None)."""
    def make(frame: dict, inventory: dict | None, **config):
        pd.DataFrame(frame).to_csv(tmp_path / "d.csv", index=False)
        if inventory is not None:
            (tmp_path / "inv.yaml").write_text(plain_yaml({"columns": inventory}))
            config = {"inventory": "inv.yaml", **config}
        (tmp_path / "c.yaml").write_text(plain_yaml({"dataset": "d.csv", **config}))
        return open_campaign(config_path=tmp_path / "c.yaml")
    return make
