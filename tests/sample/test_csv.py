"""The sample read back from the CSV it ships as gives every expected result, in every area."""

import pytest

from ethicskit.campaign import open_campaign
from ethicskit.registry import run_area
from ethicskit.sample import write_sample


def _same(got, want):
    if isinstance(want, float):
        return got == pytest.approx(want, abs=1e-9)
    return got == want


@pytest.mark.slow
def test_every_area_through_csv(tmp_path):
    written = write_sample(tmp_path / "campaign.csv", rows=1000, seed=3)
    campaign = open_campaign(config_path=tmp_path / "campaign.yaml")
    found = {}
    for area in ("privacy", "bias", "targeting", "transparency"):
        found.update(run_area(area, campaign))
    wrong = {cid: {k: (getattr(f, k), written.expected[cid][k]) for k in written.expected[cid]
                   if not _same(getattr(f, k), written.expected[cid][k])}
             for cid, f in found.items()}
    assert not {cid: w for cid, w in wrong.items() if w}
    # every check the sample expects (the whole catalogue: test_bundled.py) is registered
    missing = sorted(set(written.expected) - set(found))
    assert not missing, f"not registered yet: {missing}"
