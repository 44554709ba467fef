"""Every targeting check on the generated sample equals the planters' expected results."""

import pytest

from ethicskit.campaign import from_frame
from ethicskit.registry import checks_for, run_area
from ethicskit.sample import generate


@pytest.fixture(scope="module")
def sample():
    s = generate()
    return s, run_area("targeting", from_frame(s.df, dict(s.config)))


@pytest.mark.parametrize("check_id", [c.id for c in checks_for("targeting")])
def test_targeting_check_matches_the_planted_expectation(sample, check_id):
    s, findings = sample
    expected = s.expected[check_id]
    got = findings[check_id]
    assert {k: getattr(got, k) for k in expected} == expected


def test_sample_has_a_breach_for_every_targeting_check(sample):
    s, findings = sample
    assert {f.status for f in findings.values()} <= {"fail", "warn"}
    assert findings["targeting.sensitive_interests"].details["categories"] == {
        "health": 14, "financial_hardship": 13, "sexual_orientation": 2, "religion": 2,
        "political": 2, "ethnicity": 2, "trade_union": 1, "genetic": 1, "biometric": 1}
