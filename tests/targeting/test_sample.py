"""Every targeting check on the generated sample equals the planters' expected results."""

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ethicskit.campaign import from_frame
from ethicskit.registry import checks_for, run_area
from ethicskit.sample import generate

LEXICON = Path(__file__).resolve().parents[2] / "templates" / "lexicons" / \
    "sensitive_categories.yaml"


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


def _categories_by_hand(df):
    """Counted rows per special category of ``targeting.sensitive_interests``, recounted from
    the definition with plain pandas and the lexicon file (no package code)."""
    lexicon = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    words = {c: {w.lower() for w in ws if " " not in w} for c, ws in lexicon.items()}
    phrases = {c: [" ".join(re.split(r"[\W\d_]+", w.lower())) for w in ws if " " in w]
               for c, ws in lexicon.items()}

    def matches(token):
        key = token.split(":", 1)[0].strip()
        split = [w for w in re.split(r"[\W\d_]+", token) if w]
        joined = f" {' '.join(split)} "
        return {c for c in lexicon if key == c or set(split) & words[c]
                or any(f" {p} " in joined for p in phrases[c])}

    tokens = sum((df[c].fillna("").astype(str).str.lower().str.split(";")
                  for c in ("targeting_criteria", "inferred_segments", "segment")),
                 start=pd.Series([[]] * len(df), index=df.index))
    found = tokens.map(lambda ts: set().union(*[matches(t.strip()) for t in ts if t.strip()])
                       - {"financial_hardship"})
    country = df["country"].fillna("").astype(str).str.upper().replace({"UK": "GB"})
    banned = ~country.isin(["GB", "US", "CA"])  # EU/EEA and unknown (EU by default)
    platform = df["channel"].fillna("").astype(str).str.lower().isin(["display", "social"])
    consent = df["explicit_consent_sensitive"].fillna(False).astype(bool)
    counted = df["targeted"].fillna(False).astype(bool) & found.map(bool) & (
        (platform & banned) | ~consent)
    per = pd.Series([c for cs in found[counted] for c in cs]).value_counts()
    return {str(c): int(n) for c, n in per.items()}, int(counted.sum())


@pytest.mark.slow
def test_sample_has_a_breach_for_every_targeting_check(sample):
    s, findings = sample
    assert {f.status for f in findings.values()} <= {"fail", "warn"}
    sensitive = findings["targeting.sensitive_interests"]
    categories, counted = _categories_by_hand(s.df)
    assert sensitive.details["categories"] == categories
    assert sensitive.affected_rows == counted
    assert "financial_hardship" not in categories
    assert findings["targeting.hardship_targeting"].status == "warn"
