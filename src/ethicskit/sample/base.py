"""The clean population of the sample campaign and the order in which planters break it.

Clean means: with the sample's config, every check passes on the base data, so every breach in
the final data is one a planter put there and counted. Each planter gets a disjoint set of
*slot* rows (``slots[area]``) and changes only those rows, except the bias planter, which decides
``targeted``, ``prediction``, ``outcome``, ``score``, ``offer_value`` and the model features for
everyone before the targeting-dependent fields are filled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

AS_OF = dt.date(2026, 11, 29)
COUNTRIES = np.array(["GB", "DE", "FR", "US", "ES", "IT", "NL", "IE"])
COUNTRY_P = np.array([0.30, 0.20, 0.12, 0.15, 0.08, 0.07, 0.05, 0.03])
GENDERS = np.array(["female", "male", "non-binary"])
GENDER_P = np.array([0.50, 0.47, 0.03])
ETHNICITIES = np.array(["white", "black", "asian", "mixed", "other"])
ETHNICITY_P = np.array([0.70, 0.10, 0.12, 0.05, 0.03])
MARITAL = np.array(["single", "married", "divorced", "widowed"])
MARITAL_P = np.array([0.38, 0.45, 0.12, 0.05])
CONDITIONS = np.array(["none", "diabetes", "asthma", "hypertension", "depression"])
CONDITION_P = np.array([0.6, 0.1, 0.12, 0.12, 0.06])
CHANNELS = np.array(["email", "sms", "phone", "post", "display", "social", "push"])
CHANNEL_P = np.array([0.40, 0.12, 0.08, 0.10, 0.12, 0.12, 0.06])
CONSENT_OF = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
              "display": "consent_personalization", "social": "consent_personalization",
              "push": "consent_personalization"}
#: segment -> (product category, targeting criteria, inferred segments)
SEGMENTS = {
    "Runners & Hikers": ("general", "interest:running;interest:hiking", "outdoor;fitness"),
    "Home Cooks": ("general", "interest:cooking;interest:recipes", "cooking;food"),
    "Green Gardeners": ("general", "interest:gardening", "gardening;home"),
    "Weekend Travellers": ("general", "interest:travel;recency:30d", "travel"),
    "Savers Club": ("credit", "tenure:2y+;interest:saving", "saving;budgeting"),
    "Car Cover": ("insurance", "interest:cars;product:motor", "cars;motoring"),
    "Book Lovers": ("general", "interest:books;interest:reading", "reading"),
    "Tech Fans": ("general", "interest:gadgets", "technology;gaming"),
}
FIRST = np.array(["anna", "ben", "chloe", "david", "emma", "farid", "grace", "hugo", "ines",
                  "jonas", "kemi", "liam", "maria", "noah", "olga", "priya", "quentin", "rosa"])
LAST = np.array(["smith", "muller", "martin", "garcia", "rossi", "jansen", "murphy", "khan",
                 "nowak", "okafor", "silva", "dubois", "chen", "lopez", "weber", "brown"])

AREAS_WITH_SLOTS = ("privacy", "targeting", "transparency")


@dataclass
class SampleCampaign:
    """A generated campaign: the frame (dataset column names), config, inventory, expectations."""

    df: pd.DataFrame
    config: dict
    inventory: dict
    expected: dict[str, dict] = field(default_factory=dict)
    seed: int = 0


def _days(rng, low, high, n):
    return pd.to_timedelta(rng.integers(low, high, n), unit="D")


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


def base_population(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """People and their attributes, before any decision: no rule broken."""
    n = rows
    idx = np.arange(1, n + 1)
    first, last = rng.choice(FIRST, n), rng.choice(LAST, n)
    country = rng.choice(COUNTRIES, n, p=COUNTRY_P)
    age_years = np.clip(rng.normal(46, 15, n), 18.2, 89).astype(float)
    birth = _ts(AS_OF) - pd.to_timedelta((age_years * 365.25).astype(int), unit="D")
    sensitive_ok = rng.random(n) < 0.7
    ethnicity = np.where(sensitive_ok, rng.choice(ETHNICITIES, n, p=ETHNICITY_P), None)
    disability = np.where(sensitive_ok, np.where(rng.random(n) < 0.08, "yes", "no"), None)
    condition = np.where(sensitive_ok, rng.choice(CONDITIONS, n, p=CONDITION_P), None)
    district = rng.integers(1, 13, n)
    df = pd.DataFrame({
        "customer_id": np.char.add("C", np.char.zfill(idx.astype(str), 6)),
        "email": pd.Series(first).str.cat(pd.Series(last), sep=".") + idx.astype(str)
                 + "@example.com",
        "phone": np.char.add("+44 7700 9", np.char.zfill((idx % 100000).astype(str), 5)),
        "full_name": (pd.Series(first).str.title() + " " + pd.Series(last).str.title()).values,
        "birth_date": birth.date,
        "gender": rng.choice(GENDERS, n, p=GENDER_P),
        "ethnicity": ethnicity,
        "marital_status": rng.choice(MARITAL, n, p=MARITAL_P),
        "has_children": np.where(rng.random(n) < 0.4, "yes", "no"),
        "disability": disability,
        "health_condition": condition,
        "postcode": np.char.add(np.char.add(country.astype(str), "-"),
                                np.char.zfill(district.astype(str), 2)),
        "country": country,
        "explicit_consent_sensitive": sensitive_ok,
        "parental_consent": pd.array([None] * n, dtype="boolean"),
        "channel": rng.choice(CHANNELS, n, p=CHANNEL_P),
        "tenure_months": rng.integers(1, 120, n),
        "basket_value": np.round(rng.gamma(3.0, 20.0, n), 2),
        "lucky_number": rng.integers(0, 100, n),
    })
    df["collected_ts"] = _ts(AS_OF) - _days(rng, 60, 700, n)  # consent (<= +20 d) precedes contact (<= 25 d ago)
    return df


def fill_after_decision(df: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Fields that depend on ``targeted``, filled so that no rule is broken."""
    n = len(df)
    targeted = df["targeted"].to_numpy(bool)
    for column in ("consent_email", "consent_sms", "consent_phone", "consent_personalization"):
        df[column] = rng.random(n) < 0.55
    for channel, column in CONSENT_OF.items():
        mine = df["channel"].to_numpy() == channel
        df.loc[mine, column] = True
    df["consent_ts"] = df["collected_ts"] + _days(rng, 0, 20, n)
    contact = _ts(AS_OF) - _days(rng, 1, 25, n)
    df["contact_ts"] = pd.Series(contact, index=df.index).where(targeted)
    # opt-outs: untargeted people who opted out, and contacted people who opted out afterwards
    optout = rng.random(n) < 0.04
    later = df["contact_ts"] + _days(rng, 1, 5, n)
    df["optout_ts"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]")
    df.loc[optout & ~targeted, "optout_ts"] = _ts(AS_OF) - pd.Timedelta(days=40)
    df.loc[optout & targeted, "optout_ts"] = later[optout & targeted]
    df["erasure_request_ts"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]")
    recent = rng.random(n) < 0.01
    df.loc[recent, "erasure_request_ts"] = (_ts(AS_OF) - _days(rng, 0, 25, n))[recent]
    seg_names = np.array(list(SEGMENTS))
    pick = rng.integers(0, len(seg_names), n)
    df["segment"] = seg_names[pick]
    for i, column in enumerate(("product_category", "targeting_criteria", "inferred_segments")):
        df[column] = np.array([SEGMENTS[s][i] for s in seg_names])[pick]
    df["contact_count"] = np.where(targeted, rng.integers(1, 6, n), 0)
    vulnerable = rng.random(n) < 0.05
    flags = np.array(["financial_difficulty", "bereavement", "arrears", "problem_gambling"])
    df["vulnerability_flags"] = np.where(vulnerable, rng.choice(flags, n), "")
    significant = df["product_category"].isin(["credit", "insurance"]).to_numpy()
    df["automated_decision"] = rng.random(n) < 0.6
    df["human_review"] = np.where(significant & df["automated_decision"].to_numpy(), True,
                                  rng.random(n) < 0.3)
    return df


def make_slots(rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Disjoint row positions for each planter: a tenth of the rows each, at random."""
    order = rng.permutation(rows)
    size = rows // 10
    return {area: np.sort(order[i * size:(i + 1) * size]) for i, area in
            enumerate(AREAS_WITH_SLOTS)}


def generate(*, rows: int = 5000, seed: int = 7, count_expected: bool = True) -> SampleCampaign:
    """Build the sample campaign. Deterministic for a given ``rows`` and ``seed``.

    ``count_expected=False`` skips the planters' final counts (plain, deliberately simple code
    that is slow on millions of rows); the data is the same either way.
    """
    from ethicskit.sample import plant_bias, plant_privacy, plant_targeting, plant_transparency
    from ethicskit.sample.config import sample_config, sample_inventory

    if rows < 1000:
        raise ValueError("the sample campaign needs at least 1,000 rows")
    rng = np.random.default_rng(seed)
    df = base_population(rows, rng)
    expected: dict[str, dict] = {}
    expected.update(plant_bias.decide(df, rng))
    df = fill_after_decision(df, rng)
    slots = make_slots(rows, rng)
    config = sample_config()
    inventory = sample_inventory()
    expected.update(plant_privacy.plant(df, rng, slots["privacy"], config=config))
    expected.update(plant_targeting.plant(df, rng, slots["targeting"], config=config))
    expected.update(plant_transparency.plant(df, rng, slots["transparency"], config=config,
                                             inventory=inventory))
    # results that depend on rows other planters may touch are counted last, on the final data,
    # with plain code independent of the package's checks
    for planter in (plant_privacy, plant_targeting, plant_transparency, plant_bias):
        if count_expected:
            expected.update(planter.expect(df, config))
    return SampleCampaign(df=df, config=config, inventory=inventory, expected=expected, seed=seed)


def _csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        s = out[column]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[column] = s.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def write_sample(out: str | Path, *, rows: int = 5000, seed: int = 7,
                 with_config: bool = True, count_expected: bool = True) -> SampleCampaign:
    """Write the sample as CSV (or Parquet for a ``.parquet`` name), with its config and inventory
    beside it (``<stem>.yaml``, ``<stem>.inventory.yaml``) and the expected results
    (``<stem>.expected.json``)."""
    import json

    import yaml

    sample = generate(rows=rows, seed=seed, count_expected=count_expected)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        sample.df.to_parquet(out, index=False)
    else:
        _csv_frame(sample.df).to_csv(out, index=False)
    if with_config:
        config = dict(sample.config, dataset=out.name, inventory=f"{out.stem}.inventory.yaml")
        (out.parent / f"{out.stem}.yaml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                      encoding="utf-8")
        (out.parent / f"{out.stem}.inventory.yaml").write_text(
            yaml.safe_dump(sample.inventory, sort_keys=False), encoding="utf-8")
        (out.parent / f"{out.stem}.expected.json").write_text(
            json.dumps(sample.expected, indent=2, sort_keys=True), encoding="utf-8")
    return sample
