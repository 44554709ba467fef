"""The default rules of each jurisdiction, restated for the sample's expectations.

The planters' ``expect()`` functions recount every check from the catalogue's definitions with
plain pandas; they must not lean on the package's rule pack or on its jurisdiction lookup, or a
mistake there would be copied into the expected results. This module restates, as small Python
tables, the default values the catalogue fixes (which entry a row follows, the consent basis per
channel, the opt-out grace, the erasure deadlines, the digital consent ages, the bans of the EU's
Digital Services Act, the opt-out preference signal states). A config's ``rules:`` overrides are
not applied here: the sample's config sets none.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

AS_OF = dt.date(2026, 11, 29)

EU_EEA = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
          "IS LI NO").split()
OWN_ENTRY = ("GB", "US", "CA")

#: (family, channel) -> (basis, soft opt-in allowed, b2b exemption allowed)
CONSENT = {}
for _ch in ("email", "sms"):
    CONSENT[("EU", _ch)] = ("opt_in", True, False)
    CONSENT[("GB", _ch)] = ("opt_in", True, True)
    CONSENT[("CA", _ch)] = ("opt_in", True, False)
CONSENT[("US", "email")] = ("opt_out", False, False)
CONSENT[("US", "sms")] = ("opt_in", False, False)
for _fam in ("EU", "GB", "US", "CA"):
    CONSENT[(_fam, "phone")] = ("opt_out", False, False)
    CONSENT[(_fam, "post")] = ("none", False, False)
    for _ch in ("display", "social", "push"):
        CONSENT[(_fam, _ch)] = ("opt_in" if _fam in ("EU", "GB") else "opt_out", False, False)
#: member states whose phone marketing is opt-in
PHONE_OPT_IN = ("DE", "AT")

CONSENT_COLUMN = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
                  "display": "consent_personalization", "social": "consent_personalization",
                  "push": "consent_personalization"}
WEB = ("display", "social", "push")
PLATFORM = ("display", "social")

#: family -> (grace days, business days?)
GRACE = {"EU": (0, False), "GB": (0, False), "US": (10, True), "CA": (10, True)}
#: family -> (days, extension)
ERASURE = {"EU": (30, 60), "GB": (30, 60), "US": (45, 45), "CA": (30, 30)}
DIGITAL_CONSENT_AGE = {"EU": 16, "GB": 13, "US": 13, "CA": 13}
MEMBER_CONSENT_AGE = {"AT": 14, "BE": 13, "BG": 14, "CY": 14, "CZ": 15, "DK": 13, "EE": 13,
                      "ES": 14, "FI": 13, "FR": 15, "GR": 15, "IS": 13, "IT": 14, "LT": 14,
                      "LV": 13, "MT": 13, "NO": 13, "PT": 13, "SE": 13, "SI": 15}
TRACKING_REQUIRED = ("EU", "GB")
SENSITIVE_PLATFORM_BAN = ("EU",)
MINORS_ADS_BAN = ("EU",)
MINORS_ADS_UNDER = 18
OPPORTUNITY_LAW = ("US", "CA")
SIGNAL_REGIONS = ("US-CA", "US-CO", "US-CT", "US-TX", "US-OR", "US-MT", "US-NJ")
OPPORTUNITY_KEYS = {
    "housing": ("gender", "sex", "marital_status", "parental_status", "has_children", "ethnicity",
                "race", "religion", "national_origin", "disability", "age", "postcode", "zip"),
    "credit": ("gender", "sex", "marital_status", "ethnicity", "race", "religion",
               "national_origin", "age", "postcode", "zip"),
    "employment": ("gender", "sex", "ethnicity", "race", "religion", "national_origin", "age",
                   "disability", "postcode", "zip"),
}


def _text(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), None).map(
        lambda v: None if v is None or str(v).strip() == "" else str(v).strip().upper())


def where(df: pd.DataFrame, default: str = "EU") -> pd.DataFrame:
    """For every row: ``family`` (EU, GB, US or CA: whose table of values applies), ``member``
    (the EU/EEA country whose own values override the EU's, else None), ``region`` (upper-case,
    or None) and ``fallback`` (judged by ``default`` because the country is unknown or empty).
    """
    n = len(df)
    country = _text(df["country"]) if "country" in df.columns else pd.Series([None] * n)
    country = country.map(lambda c: "GB" if c == "UK" else c)
    region = _text(df["region"]) if "region" in df.columns else pd.Series([None] * n)
    default = default.upper()
    d_family = default if default in OWN_ENTRY or default == "EU" else (
        "US" if default.startswith("US-") else "EU")
    d_member = default if default in EU_EEA else None
    pairs = pd.DataFrame({"c": country.tolist(), "r": region.tolist()}, index=df.index)
    decided = {}
    for c, r in pairs.drop_duplicates().itertuples(index=False):
        if r in SIGNAL_REGIONS:  # a region entry of the pack (all are US states)
            decided[(c, r)] = ("US", None, False)
        elif c in OWN_ENTRY:
            decided[(c, r)] = (c, None, False)
        elif c in EU_EEA:
            decided[(c, r)] = ("EU", c, False)
        else:
            decided[(c, r)] = (d_family, d_member, True)
    keys = list(zip(pairs["c"], pairs["r"]))
    return pd.DataFrame({"family": [decided[k][0] for k in keys],
                         "member": [decided[k][1] for k in keys],
                         "region": pairs["r"].to_numpy(),
                         "fallback": np.array([decided[k][2] for k in keys], dtype=bool)},
                        index=df.index)


def true(df: pd.DataFrame, column: str) -> pd.Series:
    """The column is true (null and absent are not true)."""
    if column not in df.columns:
        return pd.Series(False, index=df.index)
    return df[column].astype("boolean").fillna(False).astype(bool)


def whole_days(later: pd.Timestamp, earlier: pd.Series) -> pd.Series:
    """Whole days from each ``earlier`` timestamp to ``later`` (floor)."""
    e = pd.to_datetime(earlier, utc=True)
    return (later - e).dt.days


def as_of_ts(config) -> pd.Timestamp:
    return pd.Timestamp(str((config or {}).get("as_of") or AS_OF), tz="UTC")


def ages(df: pd.DataFrame, as_of: dt.date = AS_OF) -> pd.Series:
    """Whole years at ``as_of`` from ``birth_date`` (float, NaN where unknown)."""
    b = pd.to_datetime(df["birth_date"])
    before = (b.dt.month > as_of.month) | ((b.dt.month == as_of.month) & (b.dt.day > as_of.day))
    return (as_of.year - b.dt.year - before.astype(int)).astype("float64")


def busday_deadline(optout: pd.Series, days: int) -> pd.Series:
    """D = numpy.busday_offset(date(optout), days, roll="forward"), per row (NaT where no
    opt-out)."""
    out = pd.Series(pd.NaT, index=optout.index, dtype="datetime64[ns]")
    known = optout.notna()
    if known.any():
        dates = pd.to_datetime(optout[known], utc=True).dt.tz_convert("UTC").dt.date
        d = np.busday_offset(np.array(dates.tolist(), dtype="datetime64[D]"), days,
                             roll="forward")
        out[known] = pd.to_datetime(d)
    return out
