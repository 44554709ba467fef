"""The planted privacy issues: every privacy check on the sample equals the planter's
expectation, through the CSV the sample is shipped as."""

import pytest

from ethicskit.campaign import from_frame, open_campaign
from ethicskit.registry import checks_for, run_area
from ethicskit.sample import generate, write_sample
from ethicskit.sample import plant_privacy

PRIVACY = [c.id for c in checks_for("privacy")]


def compare(findings, expected):
    got = {cid: {"status": f.status, "value": f.value, "affected_rows": f.affected_rows}
           for cid, f in findings.items()}
    return got, {cid: expected[cid] for cid in PRIVACY}


@pytest.fixture(scope="module")
def sample():
    return generate(rows=5000, seed=7)


def test_every_privacy_check_equals_expected_in_memory(sample):
    campaign = from_frame(sample.df, dict(sample.config))
    got, want = compare(run_area("privacy", campaign), sample.expected)
    assert got == want


@pytest.mark.parametrize("rows, seed", [(5000, 7), (1000, 3)])
def test_every_privacy_check_equals_expected_through_csv(tmp_path, rows, seed):
    written = write_sample(tmp_path / "campaign.csv", rows=rows, seed=seed)
    campaign = open_campaign(config_path=tmp_path / "campaign.yaml")
    got, want = compare(run_area("privacy", campaign), written.expected)
    assert got == want


def test_planted_breaches_and_edges_counted_by_construction(sample):
    # what plant() knew by construction agrees with the recount on the final data for the
    # checks that neither the base data nor later planters touch
    exp = sample.expected
    assert exp["privacy.consent_missing"] == {"status": "fail", "value": 10, "affected_rows": 10}
    assert exp["privacy.contact_after_optout"]["value"] == 5  # the exact-grace edge excluded
    assert exp["privacy.erasure_overdue"]["value"] == 5       # US 40 and DE 30 days excluded
    assert exp["privacy.minors_profiled"]["value"] == 4       # GB 13/14 and ES 14 excluded
    assert exp["privacy.retention_exceeded"]["value"] == 4    # exactly 730 days excluded
    assert exp["privacy.special_category_data"]["value"] == 6
    assert exp["privacy.direct_identifiers"]["value"] == 2    # email, phone; not full_name
    assert exp["privacy.k_anonymity"]["status"] == "fail"
    assert exp["privacy.l_diversity"]["status"] == "fail"
    # the base data adds a few consents recorded after the contact; planted: 4
    assert exp["privacy.consent_after_contact"]["value"] >= 4


def test_expect_counts_a_clean_base_as_passing():
    # the base population with no planter: k-anonymous and l-diverse over country, age band
    import numpy as np

    from ethicskit.sample import base, plant_bias
    from ethicskit.sample.config import sample_config

    rng = np.random.default_rng(7)
    df = base.base_population(5000, rng)
    plant_bias.decide(df, rng)
    df = base.fill_after_decision(df, rng)
    exp = plant_privacy.expect(df, sample_config())
    for cid in ("privacy.consent_missing", "privacy.contact_after_optout",
                "privacy.erasure_overdue", "privacy.minors_profiled",
                "privacy.retention_exceeded", "privacy.special_category_data",
                "privacy.k_anonymity", "privacy.l_diversity"):
        assert exp[cid]["status"] == "pass", cid
    assert exp["privacy.k_anonymity"]["value"] >= 5
