"""The bundled 5,000-row sample is exactly what the generator makes (kept in sync)."""

import json

from ethicskit.campaign import PACKAGE_DATA
from ethicskit.sample import write_sample


def test_bundled_sample_is_the_generated_one(tmp_path):
    write_sample(tmp_path / "campaign.csv", rows=5000, seed=7)
    bundled = PACKAGE_DATA / "sample"
    for name in ("campaign.csv", "campaign.yaml", "campaign.inventory.yaml",
                 "campaign.expected.json"):
        assert (tmp_path / name).read_bytes() == (bundled / name).read_bytes(), (
            f"{name} is stale: run `make sample`")


def test_every_check_has_an_expected_result():
    from ethicskit.registry import CHECKS

    expected = json.loads((PACKAGE_DATA / "sample" / "campaign.expected.json").read_text())
    missing = [c.id for c in CHECKS if c.id not in expected]
    assert not missing, f"no planted expectation for {missing}"
