"""The default sample (5,000 rows, seed 7), generated once for the tests of the planters, and
the campaign it makes with its inventory attached (as ``ethicskit run`` would load it)."""

import copy

import pytest

from ethicskit.sample import generate


def campaign_of(sample):
    """The campaign of a generated sample, in memory, with the sample's inventory."""
    from ethicskit.campaign import from_frame
    from ethicskit.inventory import validate_inventory

    campaign = from_frame(sample.df, dict(sample.config), as_of="2026-11-29")
    campaign.inventory = validate_inventory(copy.deepcopy(sample.inventory))
    return campaign


@pytest.fixture(scope="session")
def sample():
    return generate(rows=5000, seed=7)


@pytest.fixture(scope="session")
def campaign(sample):
    return campaign_of(sample)
