"""The clean population of the sample campaign and the order in which planters break it.

Clean means: with the sample's config and inventory, every rule-based check passes on the base
data, so every breach in the final data is one a planter put there and counted. The population
spans EU countries, GB, the US (with states: US-CA, US-CO and US-TX honour opt-out preference
signals, US-NY and US-FL do not) and Canada, and rows without a country (judged by the config's
``default_jurisdiction``). Each planter gets a disjoint set of *slot* rows (``slots[area]``,
``SLOT_SHARE`` of the rows) and changes only those rows, except the bias planter, which decides
``targeted``, ``prediction``, ``outcome``, ``score``, ``offer_value`` and the model features for
everyone before the targeting-dependent fields are filled. A planted row is first put where the
case needs it and made clean there (:func:`make_clean`), then broken in exactly one way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

AS_OF = dt.date(2026, 11, 29)
#: countries of the clean population; "" is a row without a country (judged by the config's
#: ``default_jurisdiction``). Rarer countries (IS, AT, BE, LU, MT) appear only on planted rows.
COUNTRIES = np.array(["GB", "DE", "FR", "US", "ES", "IT", "NL", "IE", "CA", ""])
COUNTRY_P = np.array([0.26, 0.16, 0.11, 0.16, 0.07, 0.06, 0.05, 0.04, 0.06, 0.03])
#: regions of the US and Canadian rows: US-CA, US-CO and US-TX honour opt-out preference signals
#: (the pack has entries for them); US-NY, US-FL and the Canadian provinces have no entry of
#: their own, so those rows follow their country's entry
REGIONS = {"US": (np.array(["US-CA", "US-TX", "US-NY", "US-CO", "US-FL"]),
                  np.array([0.35, 0.20, 0.20, 0.10, 0.15])),
           "CA": (np.array(["CA-ON", "CA-QC", "CA-BC"]), np.array([0.5, 0.3, 0.2]))}
SIGNAL_REGIONS = ("US-CA", "US-CO", "US-CT", "US-TX", "US-OR", "US-MT", "US-NJ")
WEB = ("display", "social", "push")
PLATFORM = ("display", "social")
#: the TCF vendor whose consent the sample campaign relies on (``tcf_vendor_id``)
TCF_VENDOR = 755
#: data older than this many days never carries a TC string in the clean population (the
#: inventory keeps ``tc_string`` for 390 days)
TC_MAX_AGE = 380
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
    #: what each planter knew by construction (``plant()``), by check id: equal to ``expected``
    #: for every id it names (tests/sample check it)
    constructed: dict[str, dict] = field(default_factory=dict)
    #: every planted case: ``{check, case, rows, counted}`` (rows planted, rows the check counts)
    edges: list[dict] = field(default_factory=list)


def _days(rng, low, high, n):
    return pd.to_timedelta(rng.integers(low, high, n), unit="D")


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day, tz="UTC")


def tc_strings() -> dict[str, str]:
    """The TC strings of the sample, by name, built with the package's TCF encoder: ``valid``
    (purposes 1-4, 7, 9, 10 and the campaign's vendor), ``no_purpose_4``, ``no_vendor``,
    ``v1`` (the version-1 example string of the IAB's v1.1 specification, which a v2 decoder
    refuses), ``malformed`` (not base64url) and ``valid_segments`` (the valid core followed by a
    further segment, which is not read)."""
    global _TC
    if _TC is None:
        from ethicskit.privacy.tcf import encode

        valid = encode([1, 2, 3, 4, 7, 9, 10], [8, 91, TCF_VENDOR], created=dt.date(2026, 5, 1))
        _TC = {"valid": valid,
               "no_purpose_4": encode([1, 2, 3, 7, 9, 10], [8, 91, TCF_VENDOR],
                                      created=dt.date(2026, 5, 1)),
               "no_vendor": encode([1, 2, 3, 4, 7, 9, 10], [8, 91], created=dt.date(2026, 5, 1)),
               "v1": "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA",
               "malformed": "not a TC string!",
               "valid_segments": valid + ".YAAAAAAAAAAA"}
    return dict(_TC)


_TC: dict[str, str] | None = None


def base_population(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    """People and their attributes, before any decision: no rule broken."""
    n = rows
    idx = np.arange(1, n + 1)
    first, last = rng.choice(FIRST, n), rng.choice(LAST, n)
    country = rng.choice(COUNTRIES, n, p=COUNTRY_P)
    region = np.full(n, None, dtype=object)
    for where, (names, p) in REGIONS.items():
        mine = country == where
        region[mine] = rng.choice(names, int(mine.sum()), p=p)
    age_years = np.clip(rng.normal(46, 15, n), 18.2, 89).astype(float)
    birth = _ts(AS_OF) - pd.to_timedelta((age_years * 365.25).astype(int), unit="D")
    sensitive_ok = rng.random(n) < 0.7
    ethnicity = np.where(sensitive_ok, rng.choice(ETHNICITIES, n, p=ETHNICITY_P), None)
    disability = np.where(sensitive_ok, np.where(rng.random(n) < 0.08, "yes", "no"), None)
    condition = np.where(sensitive_ok, rng.choice(CONDITIONS, n, p=CONDITION_P), None)
    district = rng.integers(1, 13, n)
    channel = rng.choice(CHANNELS, n, p=CHANNEL_P)
    postcode = np.char.add(np.char.add(np.where(country == "", "XX", country).astype(str), "-"),
                           np.char.zfill(district.astype(str), 2))
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
        "postcode": postcode,
        "country": np.where(country == "", None, country).astype(object),
        "region": region,
        "explicit_consent_sensitive": sensitive_ok,
        "parental_consent": pd.array([None] * n, dtype="boolean"),
        "channel": channel,
        "tenure_months": rng.integers(1, 120, n),
        "basket_value": np.round(rng.gamma(3.0, 20.0, n), 2),
        "lucky_number": rng.integers(0, 100, n),
    })
    # consent (<= +20 d) precedes contact (<= 25 d ago); people reached on the web have a TC
    # string, kept for 390 days, so their data is at most TC_MAX_AGE days old
    web = np.isin(channel, WEB)
    df["collected_ts"] = _ts(AS_OF) - pd.to_timedelta(
        np.where(web, rng.integers(60, TC_MAX_AGE, n), rng.integers(60, 700, n)), unit="D")
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
    df["erasure_extended"] = recent & (rng.random(n) < 0.3)
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
    # v2: soft opt-in, B2B, do-not-call, tracking, TCF, opt-out signals; all within the rules
    existing = rng.random(n) < 0.5
    df["existing_customer"] = existing
    df["soft_optin_offered"] = existing & (rng.random(n) < 0.6)
    df["business_contact"] = rng.random(n) < 0.05
    df["do_not_call"] = rng.random(n) < 0.10  # every phone row has consent_phone
    channel = df["channel"].to_numpy()
    web = np.isin(channel, WEB)
    df["tracking_consent"] = web | (rng.random(n) < 0.5)
    df["tc_string"] = np.where(web, tc_strings()["valid"], None).astype(object)
    us = df["country"].to_numpy(dtype=object) == "US"
    gpc = us & (rng.random(n) < 0.10)
    sale = us & (rng.random(n) < 0.06)
    shared = rng.random(n) < 0.25
    honour = np.isin(df["region"].to_numpy(dtype=object), SIGNAL_REGIONS)
    ignored = targeted & honour & (np.isin(channel, PLATFORM) | shared)
    df["gpc"] = gpc & ~ignored
    df["sale_optout"] = sale & ~ignored
    df["shared_with_platform"] = shared
    return df


_KEEP = object()


def put(df: pd.DataFrame, rows, column: str, value) -> None:
    """Set ``column`` on the rows at positions ``rows`` (a scalar or one value per row)."""
    rows = np.asarray(rows, dtype=int)
    if len(rows):
        df.iloc[rows, df.columns.get_loc(column)] = value


def make_clean(df: pd.DataFrame, rows, *, country=_KEEP, region=_KEEP, channel=_KEEP) -> None:
    """Put the rows ``rows`` (positions) in ``country``/``region`` on ``channel`` and make them
    break no rule there: consent for the channel, tracking consent and a valid TC string on the
    web (data at most TC_MAX_AGE days old), no opt-out, signal, sharing, do-not-call entry,
    soft opt-in, B2B flag or erasure request. A planter then breaks exactly what it plants."""
    rows = np.asarray(rows, dtype=int)
    if not len(rows):
        return
    if country is not _KEEP:
        put(df, rows, "country", country)
        put(df, rows, "postcode", f"{country or 'XX'}-01")
        if region is _KEEP:
            region = None
    if region is not _KEEP:
        put(df, rows, "region", region)
    if channel is not _KEEP:
        put(df, rows, "channel", channel)
    channels = df["channel"].to_numpy(dtype=object)[rows]
    oldest = _ts(AS_OF) - pd.Timedelta(days=TC_MAX_AGE)
    for ch in sorted(set(channels)):
        mine = rows[channels == ch]
        if ch in CONSENT_OF:
            put(df, mine, CONSENT_OF[ch], True)
        if ch in WEB:
            put(df, mine, "tracking_consent", True)
            put(df, mine, "tc_string", tc_strings()["valid"])
            moved = mine[(df["collected_ts"].iloc[mine] < oldest).to_numpy()]
            put(df, moved, "collected_ts", _ts(AS_OF) - pd.Timedelta(days=200))
            put(df, moved, "consent_ts", _ts(AS_OF) - pd.Timedelta(days=195))
    for column in ("gpc", "sale_optout", "shared_with_platform", "do_not_call",
                   "existing_customer", "soft_optin_offered", "business_contact",
                   "erasure_extended"):
        put(df, rows, column, False)
    put(df, rows, "optout_ts", pd.NaT)
    put(df, rows, "erasure_request_ts", pd.NaT)


#: share of the rows each planter may change (privacy plants the most edge cases)
SLOT_SHARE = {"privacy": 0.25, "targeting": 0.10, "transparency": 0.10}


def make_slots(rows: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Disjoint row positions for each planter (``SLOT_SHARE`` of the rows each), at random."""
    order = rng.permutation(rows)
    out, start = {}, 0
    for area in AREAS_WITH_SLOTS:
        size = int(rows * SLOT_SHARE[area])
        out[area] = np.sort(order[start:start + size])
        start += size
    return out


BOOL_COLUMNS = ("consent_email", "consent_sms", "consent_phone", "consent_personalization",
                "explicit_consent_sensitive", "parental_consent", "existing_customer",
                "soft_optin_offered", "business_contact", "do_not_call", "erasure_extended",
                "tracking_consent", "gpc", "sale_optout", "shared_with_platform")


def as_boolean(df: pd.DataFrame) -> None:
    """Nullable booleans for the flags the planters may leave empty."""
    for column in BOOL_COLUMNS:
        if column in df.columns:
            df[column] = df[column].astype("boolean")
