"""Planted privacy issues, each on rows of the privacy slots, with edge cases that must NOT count.

Planted (counts at the default ``rows=5000``; each on its own slot rows):

- ``consent_missing``: targeted people whose channel's consent is false or empty: 4 email
  (``consent_email`` false), 3 sms (``consent_sms`` empty), 2 social (``consent_personalization``
  false), 1 push (empty) = 10. Not counted: 2 targeted by post with every consent false.
- ``consent_after_contact``: 4 contacts made 2 days before the consent; not counted: 1 consent at
  the very moment of the contact.
- ``contact_after_optout``: 5 contacts 3 days after the opt-out; not counted: 1 contact at the
  moment of the opt-out (grace 0 days).
- ``erasure_overdue``: requests 31 days old in DE, 60 in GB, 45 in FR, 50 in US, and 90 days on one
  of the opted-out people above (two lines in suppress.csv) = 5; not counted: 40 days in US
  (deadline 45) and exactly 30 days in DE.
- ``minors_profiled``: targeted children without parental consent: 14 and 13 in DE (16), 14 in FR
  (15), 12 in GB (13) = 4; not counted: 13 and 14 in GB, 14 in ES (14), 15 in DE with parental
  consent, 12 in US with parental consent.
- ``retention_exceeded``: collected 731, 800, 1,000 and 1,200 days ago = 4; not counted: exactly
  730 days.
- ``special_category_data``: health or disability values on people without explicit consent (3
  ``depression``, 2 disability ``yes``, 1 ``asthma`` with the consent flag empty) = 6.
- ``k_anonymity`` (quasi-identifiers ``country``, ``age_band``): 2 people moved to LU (55-64) and
  1 to MT (65+); the children above also form small classes. ``l_diversity``: 6 people moved to
  LU aged 35-44, all with ``diabetes``.
- ``direct_identifiers``: ``email`` and ``phone`` are already in the data (``full_name`` matches no
  pattern, rightly).

Row choices are drawn from the slots with the generator's ``rng``; when a small sample has too few
suitable slot rows, fewer are planted. :func:`expect` counts every privacy check on the final data
with plain code of its own (other planters run after this one), so the expected results are exact
whatever was planted.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict

import numpy as np
import pandas as pd

AS_OF = dt.date(2026, 11, 29)
_MIDNIGHT = dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc)

# the numbers of docs/checks.md, restated here so that the expectation does not lean on the package
CONSENT_NEEDED = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
                  "display": "consent_personalization", "social": "consent_personalization",
                  "push": "consent_personalization"}
ERASURE_DAYS = {"default": 30, "US": 45}
DIGITAL_CONSENT_AGE = {"default": 16, "GB": 13, "BE": 13, "DK": 13, "EE": 13, "FI": 13, "LV": 13,
                       "MT": 13, "PT": 13, "SE": 13, "NO": 13, "US": 13, "AT": 14, "BG": 14,
                       "CY": 14, "IT": 14, "LT": 14, "ES": 14, "CZ": 15, "FR": 15, "GR": 15,
                       "SI": 15}
RETENTION_DAYS = 730
K_MIN, L_MIN = 5, 2
IDENTIFIER_SHARE = 0.5
SPECIAL_WORDS = ("health", "medical", "diagnosis", "condition", "ethnic", "race", "religio",
                 "faith", "politic", "sexual", "orientation", "union", "genetic", "biometric",
                 "disability")


class _Slots:
    """Slot rows not used yet; each pick removes what it takes."""

    def __init__(self, df: pd.DataFrame, rng: np.random.Generator, slots) -> None:
        self.df, self.rng = df, rng
        self.free = np.sort(np.asarray(slots, dtype=int))

    def take(self, cond, k: int) -> np.ndarray:
        cond = np.asarray(cond, dtype=bool)
        candidates = self.free[cond[self.free]]
        chosen = np.sort(self.rng.choice(candidates, min(k, len(candidates)), replace=False))
        self.free = np.setdiff1d(self.free, chosen)
        return chosen


def _col(df, name):
    return df[name].to_numpy()


def _set(df: pd.DataFrame, rows: np.ndarray, column: str, value) -> None:
    if len(rows):
        df.loc[df.index[rows], column] = value


def _birth_for_age(age: int) -> dt.date:
    """A birth date giving exactly ``age`` whole years on AS_OF (birthday 100 days past)."""
    return dt.date(AS_OF.year - age, AS_OF.month, AS_OF.day) - dt.timedelta(days=100)


def _ago(days: int) -> pd.Timestamp:
    return pd.Timestamp(AS_OF, tz="UTC") - pd.Timedelta(days=days)


def _whole_years(born) -> int | None:
    if born is None or pd.isna(born):
        return None
    born = pd.Timestamp(born).date()
    return AS_OF.year - born.year - ((AS_OF.month, AS_OF.day) < (born.month, born.day))


def plant(df, rng, slots, *, config):
    """Break privacy rules on the rows ``slots``; return what was planted by construction for
    the checks that neither the base data nor later planters can change."""
    pick = _Slots(df, rng, slots)
    n = len(df)
    targeted = _col(df, "targeted").astype(bool)
    contacted = targeted & df["contact_ts"].notna().to_numpy()
    channel = _col(df, "channel")
    country = _col(df, "country")
    for column in ("consent_email", "consent_sms", "consent_phone", "consent_personalization",
                   "explicit_consent_sensitive", "parental_consent"):
        df[column] = df[column].astype("boolean")
    planted: dict[str, int] = {}

    # consent for the channel: false or empty; post needs none
    rows = {}
    for ch, column, value, k in (("email", "consent_email", False, 4),
                                 ("sms", "consent_sms", pd.NA, 3),
                                 ("social", "consent_personalization", False, 2),
                                 ("push", "consent_personalization", pd.NA, 1)):
        rows[ch] = pick.take(contacted & (channel == ch), k)
        _set(df, rows[ch], column, value)
    planted["privacy.consent_missing"] = sum(len(r) for r in rows.values())
    post = pick.take(contacted & (channel == "post"), 2)
    for column in CONSENT_NEEDED.values():
        _set(df, post, column, False)

    # consent recorded after the contact; one at the same moment (not a breach)
    late = pick.take(contacted, 4)
    _set(df, late, "consent_ts", (df["contact_ts"].iloc[late] + pd.Timedelta(days=2)).to_numpy())
    same = pick.take(contacted, 1)
    _set(df, same, "consent_ts", df["contact_ts"].iloc[same].to_numpy())

    # contacted after opting out; one exactly at the opt-out (grace 0: not a breach)
    after = pick.take(contacted, 5)
    _set(df, after, "optout_ts", (df["contact_ts"].iloc[after] - pd.Timedelta(days=3)).to_numpy())
    edge = pick.take(contacted, 1)
    _set(df, edge, "optout_ts", df["contact_ts"].iloc[edge].to_numpy())
    planted["privacy.contact_after_optout"] = len(after)

    # erasure requests past the deadline, and two that are not
    overdue = 0
    for where, days, late_ in (("DE", 31, True), ("GB", 60, True), ("FR", 45, True),
                               ("US", 50, True), ("US", 40, False), ("DE", 30, False)):
        row = pick.take(country == where, 1)
        _set(df, row, "erasure_request_ts", _ago(days))
        overdue += len(row) * late_
    if len(after):
        _set(df, after[:1], "erasure_request_ts", _ago(90))
        overdue += 1
    planted["privacy.erasure_overdue"] = overdue

    # children: the digital consent age of their country decides
    minors = 0
    for where, age, parental, breach in (("DE", 14, None, True), ("DE", 13, None, True),
                                         ("FR", 14, None, True), ("GB", 12, None, True),
                                         ("GB", 13, None, False), ("GB", 14, None, False),
                                         ("ES", 14, None, False), ("DE", 15, True, False),
                                         ("US", 12, True, False)):
        row = pick.take(targeted & (country == where), 1)
        _set(df, row, "birth_date", _birth_for_age(age))
        if parental:
            _set(df, row, "parental_consent", True)
        minors += len(row) * breach
    planted["privacy.minors_profiled"] = minors

    # data older than the retention period; one exactly at it
    old = 0
    for days in (731, 800, 1000, 1200, 730):
        row = pick.take(np.ones(n, bool), 1)
        _set(df, row, "collected_ts", _ago(days))
        old += len(row) * (days > RETENTION_DAYS)
    planted["privacy.retention_exceeded"] = old

    # special-category values held without explicit consent
    no_consent = ~df["explicit_consent_sensitive"].fillna(False).to_numpy(bool)
    empty = df["health_condition"].isna().to_numpy() & df["disability"].isna().to_numpy()
    health = pick.take(no_consent & empty, 3)
    _set(df, health, "health_condition", "depression")
    disabled = pick.take(no_consent & empty, 2)
    _set(df, disabled, "disability", "yes")
    unknown = pick.take(no_consent & empty, 1)
    _set(df, unknown, "health_condition", "asthma")
    _set(df, unknown, "explicit_consent_sensitive", pd.NA)
    planted["privacy.special_category_data"] = len(health) + len(disabled) + len(unknown)

    # rare quasi-identifier combinations (k) and a class with one health value (l)
    ages = np.array([_whole_years(b) if b is not None else -1 for b in df["birth_date"]])
    for where, postcode, low, high, k in (("LU", "LU-01", 55, 64, 2), ("MT", "MT-02", 65, 200, 1)):
        row = pick.take((ages >= low) & (ages <= high), k)
        _set(df, row, "country", where)
        _set(df, row, "postcode", postcode)
    same_health = pick.take((ages >= 35) & (ages <= 44), 6)
    _set(df, same_health, "country", "LU")
    _set(df, same_health, "postcode", "LU-03")
    _set(df, same_health, "health_condition", "diabetes")
    _set(df, same_health, "explicit_consent_sensitive", True)

    return {cid: {"status": "fail" if count else "pass", "value": count, "affected_rows": count}
            for cid, count in planted.items()}


# --------------------------------------------------------------------------- expectations
def _values(df, column):
    if column not in df.columns:
        return [None] * len(df)
    return [None if (v is None or (not isinstance(v, str) and pd.isna(v))) else v
            for v in df[column].tolist()]


def _true(v) -> bool:
    return v is True or (isinstance(v, (bool, np.bool_)) and bool(v))


def _days_before(ts) -> int:
    return (_MIDNIGHT - ts.to_pydatetime()).days


def _threshold(config, name, default):
    value = (config.get("thresholds") or {}).get(name, default)
    if isinstance(default, dict):
        merged = dict(default)
        merged.update(value if isinstance(value, dict) else {"default": value})
        return merged
    return value


def _count(name, n, *, value=None, status=None):
    return {name: {"status": status or ("fail" if n else "pass"),
                   "value": n if value is None else value, "affected_rows": n}}


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()-]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _identifier_type(values: list) -> str | None:
    """Email or phone, when at least half of all non-null text values are of that kind."""
    text = [str(v).strip() for v in values if v is not None]
    if not text or not all(isinstance(v, str) for v in values if v is not None):
        return None
    emails = sum(bool(_EMAIL.match(v)) for v in text)
    phones = sum(bool(_PHONE.match(v)) and 7 <= sum(c.isdigit() for c in v) <= 15
                 and not _DATE.match(v) for v in text)
    if emails / len(text) >= IDENTIFIER_SHARE:
        return "email"
    if phones / len(text) >= IDENTIFIER_SHARE:
        return "phone"
    return None


def expect(df, config):
    """Every privacy check counted on the final frame with plain Python, independent of the
    package: the exact expected ``status``, ``value`` and ``affected_rows``."""
    out: dict[str, dict] = {}
    n = len(df)
    targeted = [_true(v) for v in _values(df, "targeted")]
    channel = _values(df, "channel")
    consent = {c: [_true(v) for v in _values(df, c)] for c in set(CONSENT_NEEDED.values())}
    contact = _values(df, "contact_ts")

    missing = sum(1 for i in range(n) if targeted[i] and channel[i] in CONSENT_NEEDED
                  and not consent[CONSENT_NEEDED[channel[i]]][i])
    out.update(_count("privacy.consent_missing", missing))

    consent_ts = _values(df, "consent_ts")
    late = sum(1 for a, c in zip(consent_ts, contact) if a is not None and c is not None and a > c)
    out.update(_count("privacy.consent_after_contact", late))

    grace = pd.Timedelta(days=_threshold(config, "optout_grace_days", 0))
    optout = _values(df, "optout_ts")
    after = sum(1 for o, c in zip(optout, contact) if o is not None and c is not None
                and c > o + grace)
    out.update(_count("privacy.contact_after_optout", after))

    country = _values(df, "country")
    erasure = _threshold(config, "erasure_days", ERASURE_DAYS)
    overdue = sum(1 for ts, cc in zip(_values(df, "erasure_request_ts"), country)
                  if ts is not None and _days_before(ts) > erasure.get(cc, erasure["default"]))
    out.update(_count("privacy.erasure_overdue", overdue))

    ages = [_whole_years(b) for b in _values(df, "birth_date")]
    dca = _threshold(config, "digital_consent_age", DIGITAL_CONSENT_AGE)
    parental = [_true(v) for v in _values(df, "parental_consent")]
    children = sum(1 for i in range(n) if targeted[i] and ages[i] is not None
                   and ages[i] < dca.get(country[i], dca["default"]) and not parental[i])
    out.update(_count("privacy.minors_profiled", children))

    retention = _threshold(config, "retention_days", RETENTION_DAYS)
    old = sum(1 for ts in _values(df, "collected_ts")
              if ts is not None and _days_before(ts) > retention)
    out.update(_count("privacy.retention_exceeded", old))

    special = config.get("special_category_columns") or [
        c for c in df.columns if c not in ("customer_id", "explicit_consent_sensitive")
        and any(w in c.lower() for w in SPECIAL_WORDS)]
    explicit = [_true(v) for v in _values(df, "explicit_consent_sensitive")]
    held = [_values(df, c) for c in special]
    without = sum(1 for i in range(n) if not explicit[i]
                  and any(col[i] is not None for col in held))
    out.update(_count("privacy.special_category_data", without))

    found = [c for c in df.columns if c != "customer_id"
             and _identifier_type(_values(df, c)) is not None]
    carried = sum(1 for row in zip(*[_values(df, c) for c in found])
                  if any(v is not None for v in row)) if found else 0
    out.update(_count("privacy.direct_identifiers", carried, value=len(found),
                      status="warn" if found else "pass"))

    bands = list(config.get("age_bands") or [0, 18, 25, 35, 45, 55, 65, 200])

    def qi_value(column, i):
        if column == "age_band":
            return None if ages[i] is None else bisect.bisect_right(bands, ages[i])
        if column == "birth_date":
            return _values(df, "birth_date")[i]
        return columns[column][i]

    qis = config.get("quasi_identifiers") or [c for c in ("postcode", "birth_date", "gender")
                                              if c in df.columns]
    columns = {c: _values(df, c) for c in qis if c not in ("age_band",)}
    keys = [tuple(qi_value(c, i) for c in qis) for i in range(n)]
    sizes = Counter(keys)
    k = min(sizes.values())
    small = sum(size for size in sizes.values() if size < K_MIN)
    out.update(_count("privacy.k_anonymity", small, value=k,
                      status="fail" if k < K_MIN else "pass"))

    sensitive = _values(df, config["sensitive_attribute"])
    seen: dict[tuple, set] = defaultdict(set)
    for key in sizes:
        seen[key] = set()
    for key, value in zip(keys, sensitive):
        if value is not None:
            seen[key].add(value)
    smallest_l = min(len(v) for v in seen.values())
    not_diverse = sum(sizes[key] for key, v in seen.items() if len(v) < L_MIN)
    out.update(_count("privacy.l_diversity", not_diverse, value=smallest_l,
                      status="fail" if not_diverse else "pass"))
    return out
