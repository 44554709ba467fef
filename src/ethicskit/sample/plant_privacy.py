"""Planted privacy issues, each on rows of the privacy slots, with edge cases that must NOT count.

Every planted row is first put where and on what channel the case needs and made clean there
(:func:`ethicskit.sample.base.make_clean`), then broken in exactly one way. Every case is
recorded in ``SampleCampaign.edges`` (check, case, rows planted, rows the check counts; the
table of tests/sample/test_edges.py). At the default 5,000 rows every case is planted in full
(a small sample with too few free slot rows plants fewer, and the counts follow). The rules are
those of each person's jurisdiction (a row without a country follows the config's
``default_jurisdiction``, the EU).

:func:`plant` returns the counts it knows by construction; :func:`expect` recounts every privacy
check on the final frame with plain pandas written from the catalogue's definitions and the
restated rules of :mod:`ethicskit.sample.law` (never the package's checks, rule pack or TCF
decoder), so the expected results are exact whatever was planted.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ethicskit.sample import law
from ethicskit.sample.base import AS_OF, WEB, make_clean, put, tc_strings

_MIDNIGHT = pd.Timestamp(AS_OF, tz="UTC")
K_MIN, L_MIN = 5, 2


def _ago(days: float) -> pd.Timestamp:
    return _MIDNIGHT - pd.Timedelta(days=days)


def _utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def _birth_for_age(age: int) -> dt.date:
    """A birth date giving exactly ``age`` whole years on AS_OF (birthday 100 days past)."""
    return dt.date(AS_OF.year - age, AS_OF.month, AS_OF.day) - dt.timedelta(days=100)


class _Planter:
    """Free slot rows; each case takes the rows it needs, makes them clean where it wants them
    and records itself in ``edges``."""

    def __init__(self, df, rng, slots):
        self.df, self.rng = df, rng
        self.free = np.zeros(len(df), dtype=bool)
        self.free[np.asarray(slots, dtype=int)] = True
        self.edges: list[dict] = []
        self.counts: dict[str, int] = {}

    def take(self, k, cond=None, *, targeted=True, **where):
        """Up to ``k`` free rows (targeted or not, and meeting ``cond``), moved to ``where``
        (``country``, ``region``, ``channel``) and made clean there."""
        ok = self.free & (self.df["targeted"].to_numpy(bool) == targeted)
        if cond is not None:
            ok &= np.asarray(cond, dtype=bool)
        candidates = np.flatnonzero(ok)
        chosen = np.sort(self.rng.choice(candidates, min(k, len(candidates)), replace=False))
        self.free[chosen] = False
        make_clean(self.df, chosen, **where)
        return chosen

    def record(self, check, case, rows, counted):
        n = len(rows)
        self.edges.append({"check": check, "case": case, "rows": n,
                           "counted": n if counted else 0})
        self.counts[check] = self.counts.get(check, 0) + (n if counted else 0)

    def set(self, rows, column, value):
        put(self.df, rows, column, value)


def plant(df, rng, slots, *, config, edges=None):
    """Break privacy rules on the rows ``slots``; return the counts known by construction."""
    p = _Planter(df, rng, slots)
    put, take, rec = p.set, p.take, p.record
    tc = tc_strings()
    contact = df["contact_ts"]

    # ---- consent for the channel, in the person's jurisdiction
    cm = "privacy.consent_missing"
    for country, n in (("DE", 1), ("FR", 1), ("ES", 1), ("IT", 1)):
        r = take(n, country=country, channel="email")
        put(r, "consent_email", False)
        rec(cm, f"email without consent in {country} (EU: opt-in)", r, True)
    for country in ("GB", "NL", "IE"):
        r = take(1, country=country, channel="sms")
        put(r, "consent_sms", pd.NA)
        rec(cm, f"sms with consent empty in {country}", r, True)
    for country in ("GB", "DE"):
        r = take(1, country=country, channel="social")
        put(r, "consent_personalization", False)
        rec(cm, f"social ad without consent in {country}", r, True)
    r = take(1, country="FR", channel="push")
    put(r, "consent_personalization", pd.NA)
    rec(cm, "push with consent empty in FR", r, True)
    r = take(2, country="GB", channel="post")
    for column in law.CONSENT_COLUMN.values():
        put(r, column, False)
    rec(cm, "post with every consent false in GB (no consent needed)", r, False)
    for country in ("FR", "GB"):
        r = take(1, country=country, channel="email")
        put(r, "consent_email", False)
        put(r, "existing_customer", True)
        put(r, "soft_optin_offered", True)
        rec(cm, f"soft opt-in: existing customer offered refusal, emailed in {country}", r, False)
    r = take(1, country="ES", channel="email")
    put(r, "consent_email", False)
    put(r, "existing_customer", True)
    rec(cm, "existing customer never offered refusal, emailed in ES (no soft opt-in)", r, True)
    r = take(1, country="US", region="US-NY", channel="sms")
    put(r, "consent_sms", False)
    put(r, "existing_customer", True)
    put(r, "soft_optin_offered", True)
    rec(cm, "soft opt-in case on sms in the US (TCPA opt-in, no soft opt-in)", r, True)
    r = take(1, country="GB", channel="email")
    put(r, "consent_email", False)
    put(r, "business_contact", True)
    rec(cm, "B2B contact emailed without consent in GB (PECR: individuals only)", r, False)
    r = take(1, country="FR", channel="email")
    put(r, "consent_email", False)
    put(r, "business_contact", True)
    rec(cm, "B2B contact emailed without consent in FR (no B2B exemption)", r, True)
    r = take(1, country="GB", channel="phone")
    put(r, "consent_phone", False)
    put(r, "do_not_call", True)
    rec(cm, "called in GB (opt-out) while on the do-not-call register", r, True)
    r = take(1, country="GB", channel="phone")
    put(r, "do_not_call", True)
    rec(cm, "called in GB while on the register but with consent_phone", r, False)
    r = take(1, country="FR", channel="phone")
    put(r, "consent_phone", False)
    rec(cm, "called in FR (opt-out) without consent, not on the register", r, False)
    r = take(1, country="DE", channel="phone")
    put(r, "consent_phone", False)
    rec(cm, "called in DE without consent (DE phone: opt-in)", r, True)
    r = take(1, country="US", region="US-FL", channel="email")
    put(r, "consent_email", False)
    rec(cm, "emailed in the US without opt-in (CAN-SPAM: opt-out)", r, False)
    r = take(1, country="US", region="US-NY", channel="display")
    put(r, "consent_personalization", False)
    rec(cm, "display ad in the US without consent (opt-out)", r, False)
    r = take(1, country=None, channel="email")
    put(r, "consent_email", False)
    rec(cm, "no country (EU by default) emailed without consent", r, True)

    # ---- consent recorded after the contact, where consent was needed
    cl = "privacy.consent_after_contact"
    for country in ("GB", "DE", "FR", "IT"):
        r = take(1, country=country, channel="email")
        put(r, "consent_ts", (contact.iloc[r] + pd.Timedelta(days=2)).to_numpy())
        rec(cl, f"consent 2 days after the email in {country}", r, True)
    r = take(1, country="NL", channel="email")
    put(r, "consent_ts", contact.iloc[r].to_numpy())
    rec(cl, "consent at the very moment of the contact (NL)", r, False)
    r = take(1, country="US", region="US-TX", channel="email")
    put(r, "consent_ts", (contact.iloc[r] + pd.Timedelta(days=2)).to_numpy())
    rec(cl, "late consent on a US email (no consent needed)", r, False)
    r = take(1, country="GB", channel="email")
    put(r, "existing_customer", True)
    put(r, "soft_optin_offered", True)
    put(r, "consent_ts", (contact.iloc[r] + pd.Timedelta(days=2)).to_numpy())
    rec(cl, "late consent of a soft opt-in customer in GB (no consent needed)", r, False)

    # ---- contacted after opting out, against the jurisdiction's grace
    co = "privacy.contact_after_optout"
    after = take(5, country="GB", channel="email")
    for i, country in enumerate(("GB", "DE", "FR", "GB", "NL")):
        make_clean(df, after[i:i + 1], country=country)
    put(after, "optout_ts", (contact.iloc[after] - pd.Timedelta(days=3)).to_numpy())
    rec(co, "contact 3 days after the opt-out in the EU/GB (grace 0)", after, True)
    r = take(1, country="DE", channel="email")
    put(r, "optout_ts", contact.iloc[r].to_numpy())
    rec(co, "contact at the very moment of the opt-out (DE)", r, False)
    r = take(1, country="US", region="US-NY", channel="email")
    put(r, "optout_ts", (contact.iloc[r] - pd.Timedelta(days=3)).to_numpy())
    rec(co, "US email 3 days after the opt-out (10 business days)", r, False)
    for where, region, optout, seen, counted, case in (
            ("US", "US-CA", "2026-11-02T10:00", "2026-11-16T15:00", False,
             "US: contact exactly 10 business days after a Monday opt-out"),
            ("US", "US-CA", "2026-11-02T10:00", "2026-11-17T09:00", True,
             "US: contact 11 business days after the opt-out"),
            ("US", "US-NY", "2026-11-07T12:00", "2026-11-23T10:00", False,
             "US: opt-out on a Saturday, contact on the 10th business day after it"),
            ("US", "US-NY", "2026-11-07T12:00", "2026-11-24T10:00", True,
             "US: opt-out on a Saturday, contact the day after the deadline"),
            ("CA", "CA-ON", "2026-11-02T10:00", "2026-11-16T15:00", False,
             "CA: contact exactly 10 business days after the opt-out"),
            ("CA", "CA-QC", "2026-11-02T10:00", "2026-11-17T09:00", True,
             "CA: contact 11 business days after the opt-out")):
        r = take(1, country=where, region=region, channel="email")
        put(r, "optout_ts", _utc(optout))
        put(r, "contact_ts", _utc(seen))
        rec(co, case, r, counted)
    r = take(1, country=None, channel="email")
    put(r, "optout_ts", (contact.iloc[r] - pd.Timedelta(days=1)).to_numpy())
    rec(co, "no country (EU by default): contact a day after the opt-out", r, True)

    # ---- erasure requests against the jurisdiction's deadline (+ extension when told)
    eo = "privacy.erasure_overdue"
    for where, region, days, extended, counted in (
            ("DE", None, 31, False, True), ("GB", None, 60, False, True),
            ("FR", None, 45, False, True), ("US", "US-TX", 50, False, True),
            ("US", "US-NY", 40, False, False), ("DE", None, 30, False, False),
            ("IT", None, 40, True, False), ("ES", None, 31, False, True),
            ("US", "US-CA", 46, False, True), ("US", "US-CO", 46, True, False),
            ("GB", None, 91, True, True), ("CA", "CA-ON", 31, False, True),
            ("CA", "CA-BC", 35, True, False), (None, None, 31, False, True)):
        r = take(1, targeted=bool(p.rng.random() < 0.5), country=where, region=region)
        put(r, "erasure_request_ts", _ago(days))
        put(r, "erasure_extended", extended)
        name = where or "no country (EU)"
        rec(eo, f"{name}: request {days} days old{', extended' if extended else ''}", r, counted)
    if len(after):
        put(after[:1], "erasure_request_ts", _ago(90))
        rec(eo, "90 days old, on one of the people contacted after opting out", after[:1], True)

    # ---- children: the digital consent age of their country decides (by email, so that no
    # profiling on a platform is involved). The sample holds fewer than 30 minors in all, so that
    # the age band 0-17 stays too small to judge in the bias checks.
    mp = "privacy.minors_profiled"
    for where, age, parental, counted in (
            ("DE", 14, False, True), ("DE", 13, False, True), ("FR", 14, False, True),
            ("GB", 12, False, True), ("GB", 13, False, False),
            ("ES", 14, False, False), ("DE", 15, True, False), ("US", 12, True, False),
            ("IS", 13, False, False), ("IS", 12, False, True), ("AT", 14, False, False),
            ("BE", 13, False, False), (None, 15, False, True)):
        r = take(1, country=where, region="US-NY" if where == "US" else None, channel="email")
        put(r, "birth_date", _birth_for_age(age))
        if parental:
            put(r, "parental_consent", True)
        name = where or "no country (EU, 16)"
        rec(mp, f"{name}: targeted at {age}{' with parental consent' if parental else ''}",
            r, counted)

    # ---- retention, per declared column (730 days; the TC string 390)
    rt = "privacy.retention_exceeded"
    non_web = ~df["channel"].isin(WEB).to_numpy()
    for days, counted in ((731, True), (800, True), (1000, True), (1200, True), (730, False),
                          (500, False)):
        r = take(1, non_web, targeted=bool(p.rng.random() < 0.5))
        put(r, "collected_ts", _ago(days))
        put(r, "consent_ts", _ago(days - 1))
        rec(rt, f"no TC string, collected {days} days ago (730-day columns)", r, counted)
    for days, counted in ((400, True), (390, False)):
        r = take(1, country="GB", channel="display")
        put(r, "collected_ts", _ago(days))
        put(r, "consent_ts", _ago(days - 1))
        rec(rt, f"TC string collected {days} days ago (kept 390 days)", r, counted)

    # ---- special-category values without explicit consent
    sc = "privacy.special_category_data"
    no_consent = ~df["explicit_consent_sensitive"].fillna(False).to_numpy(bool)
    empty = (df["health_condition"].isna() & df["disability"].isna()
             & df["ethnicity"].isna()).to_numpy()
    free_of_it = no_consent & empty
    r = take(3, free_of_it, targeted=False)
    put(r, "health_condition", "depression")
    rec(sc, "health condition held without explicit consent", r, True)
    r = take(2, free_of_it, targeted=False)
    put(r, "disability", "yes")
    rec(sc, "disability held without explicit consent", r, True)
    r = take(1, free_of_it, targeted=False)
    put(r, "health_condition", "asthma")
    put(r, "explicit_consent_sensitive", pd.NA)
    rec(sc, "health condition with the consent flag empty", r, True)
    r = take(4, free_of_it, targeted=False)
    put(r, "ethnicity", "mixed")
    rec(sc, "ethnicity without explicit consent, declared for bias monitoring "
            "(details.other_condition_rows, not affected)", r, False)

    # ---- rare quasi-identifier combinations (k) and a class with one health value (l)
    age = law.ages(df).to_numpy()
    for where, low, high, k in (("LU", 55, 64, 2), ("MT", 65, 200, 1)):
        r = take(k, (age >= low) & (age <= high), targeted=False, country=where)
        put(r, "postcode", f"{where}-0{k}")
    same = take(6, (age >= 35) & (age <= 44), targeted=False, country="LU")
    put(same, "postcode", "LU-03")
    put(same, "health_condition", "diabetes")
    put(same, "explicit_consent_sensitive", True)

    # ---- tracking consent on the web, in the EU and GB
    tr = "privacy.tracking_consent"
    for where, region, channel, value, targeted, counted in (
            ("GB", None, "display", False, True, True),
            ("FR", None, "social", pd.NA, True, True),
            ("DE", None, "push", False, True, True),
            ("US", "US-NY", "display", False, True, False),
            ("CA", "CA-ON", "social", False, True, False),
            (None, None, "display", False, True, True),
            ("GB", None, "display", False, False, False),
            ("GB", None, "email", False, True, False)):
        r = take(1, targeted=targeted, country=where, region=region, channel=channel)
        put(r, "tracking_consent", value)
        name = where or "no country (EU)"
        rec(tr, f"{name}: {channel}, {'targeted' if targeted else 'not targeted'}, "
                f"tracking consent {'empty' if value is pd.NA else 'false'}", r, counted)

    # ---- TCF consent on the web, wherever the person is
    tf = "privacy.tcf_consent"
    for where, region, channel, string, targeted, counted, case in (
            ("DE", None, "display", tc["no_purpose_4"], True, True, "no consent to purpose 4"),
            ("GB", None, "social", tc["malformed"], True, True, "a malformed string"),
            ("FR", None, "push", tc["v1"], True, True, "a TCF v1 string"),
            ("US", "US-NY", "display", tc["no_vendor"], True, True,
             "no consent for vendor 755 (tcf_vendor_id)"),
            ("IT", None, "display", None, True, True, "no TC string"),
            ("GB", None, "display", tc["valid_segments"], True, False,
             "a valid core segment followed by another segment"),
            ("DE", None, "social", tc["malformed"], False, False,
             "a malformed string, not targeted")):
        r = take(1, targeted=targeted, country=where, region=region, channel=channel)
        put(r, "tc_string", string)
        rec(tf, f"{where}, {channel}: {case}", r, counted)

    # ---- opt-out preference signals (GPC) and opt-outs of sale/sharing
    so = "privacy.optout_signal_ignored"
    for region, channel, column, shared, targeted, counted in (
            ("US-CA", "social", "gpc", False, True, True),
            ("US-NY", "social", "gpc", False, True, False),
            ("US-CO", "email", "sale_optout", True, True, True),
            ("US-TX", "display", "gpc", False, True, True),
            ("US-TX", "email", "gpc", False, True, False),
            ("US-CA", "social", "gpc", False, False, False)):
        r = take(1, targeted=targeted, country="US", region=region, channel=channel)
        put(r, column, True)
        put(r, "shared_with_platform", shared)
        rec(so, f"{region}: {column} on {channel}{', shared with a platform' if shared else ''}"
                f"{'' if targeted else ', not targeted'}", r, counted)

    if edges is not None:
        edges.extend(p.edges)
    return {cid: {"status": "fail" if n else "pass", "value": n, "affected_rows": n}
            for cid, n in p.counts.items()}


# --------------------------------------------------------------------------- expectations
def _count(name, n, *, value=None, status=None):
    return {name: {"status": status or ("fail" if n else "pass"),
                   "value": int(n if value is None else value), "affected_rows": int(n)}}


def _lower(df, column):
    if column not in df.columns:
        return pd.Series([None] * len(df), index=df.index, dtype=object)
    return df[column].astype(object).where(df[column].notna(), None).map(
        lambda v: None if v is None else str(v).strip().lower())


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ().-]+$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4}|\d{2}\.\d{2}\.\d{4}|\d{4}/\d{2}/\d{2})")
#: the logical names of direct identifiers: a column of that name is an identifier column
DIRECT = ("email", "phone", "full_name", "street_address", "ip_address")


def _looks_like_identifier(values: pd.Series) -> bool:
    """Email or phone on at least half of up to 1,000 non-null text values (the sample has no
    other kind of identifier)."""
    text = values.dropna()
    if text.empty or not all(isinstance(v, str) for v in text.head(1000)):
        return False
    text = text.head(1000).str.strip()
    emails = text.str.match(_EMAIL).mean()
    digits = text.str.count(r"\d")
    phones = (text.str.match(_PHONE) & digits.between(7, 15) & ~text.str.match(_DATE)).mean()
    return emails >= 0.5 or phones >= 0.5


def _consent_rules(df, j):
    """basis, soft opt-in allowed and B2B allowed, per row, for the row's channel."""
    channel = _lower(df, "channel").fillna("display")
    keys = list(zip(j["family"], channel))
    basis = pd.Series([law.CONSENT.get(k, ("none", False, False))[0] for k in keys],
                      index=df.index)
    soft = pd.Series([law.CONSENT.get(k, ("none", False, False))[1] for k in keys],
                     index=df.index)
    b2b = pd.Series([law.CONSENT.get(k, ("none", False, False))[2] for k in keys],
                    index=df.index)
    phone_in = (channel == "phone") & j["member"].isin(law.PHONE_OPT_IN)
    basis[phone_in] = "opt_in"
    return channel, basis, soft, b2b


def expect(df, config, *, inventory=None):
    """Every privacy check counted on the final frame with plain pandas, independent of the
    package: the exact expected ``status``, ``value`` and ``affected_rows``."""
    out: dict[str, dict] = {}
    as_of = law.as_of_ts(config)
    j = law.where(df, (config or {}).get("default_jurisdiction") or "EU")
    targeted = law.true(df, "targeted")
    channel, basis, soft, b2b = _consent_rules(df, j)
    consent = pd.Series(False, index=df.index)
    for ch, column in law.CONSENT_COLUMN.items():
        mine = channel == ch
        consent[mine] = law.true(df, column)[mine]
    soft_ok = soft & law.true(df, "existing_customer") & law.true(df, "soft_optin_offered")
    b2b_ok = b2b & law.true(df, "business_contact")
    needs = (basis == "opt_in") & ~soft_ok & ~b2b_ok
    dnc = ((channel == "phone") & (basis == "opt_out") & law.true(df, "do_not_call")
           & ~law.true(df, "consent_phone"))
    out.update(_count("privacy.consent_missing", (targeted & ((needs & ~consent) | dnc)).sum()))

    consent_ts = pd.to_datetime(df["consent_ts"], utc=True)
    contact = pd.to_datetime(df["contact_ts"], utc=True)
    late = consent_ts.notna() & contact.notna() & (consent_ts > contact) & needs
    out.update(_count("privacy.consent_after_contact", late.sum()))

    optout = pd.to_datetime(df["optout_ts"], utc=True)
    both = optout.notna() & contact.notna()
    grace = j["family"].map(lambda f: law.GRACE[f][0])
    business = j["family"].map(lambda f: law.GRACE[f][1])
    calendar_late = contact > optout + pd.to_timedelta(grace, unit="D")
    deadline = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    for days in sorted(set(grace[business])):
        mine = business & (grace == days) & both
        deadline[mine] = law.busday_deadline(optout[mine], int(days))
    contact_day = contact.dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    business_late = contact_day > deadline
    breach = both & np.where(business, business_late, calendar_late)
    out.update(_count("privacy.contact_after_optout", breach.sum()))

    request = pd.to_datetime(df["erasure_request_ts"], utc=True)
    days = j["family"].map(lambda f: law.ERASURE[f][0]) + np.where(
        law.true(df, "erasure_extended"), j["family"].map(lambda f: law.ERASURE[f][1]), 0)
    overdue = request.notna() & ((as_of - request).dt.days > days)
    out.update(_count("privacy.erasure_overdue", overdue.sum()))

    age = law.ages(df, as_of.date())
    dca = j["family"].map(law.DIGITAL_CONSENT_AGE).astype(float)
    member_age = j["member"].map(law.MEMBER_CONSENT_AGE)
    dca = member_age.where(member_age.notna(), dca).astype(float)
    children = targeted & (age < dca) & ~law.true(df, "parental_consent")
    out.update(_count("privacy.minors_profiled", children.sum()))

    collected = pd.to_datetime(df["collected_ts"], utc=True)
    held = (as_of - collected).dt.days
    declared = (inventory or {}).get("columns") or {}
    old = pd.Series(False, index=df.index)
    for column, entry in declared.items():
        if column in df.columns and entry.get("retention_days") is not None:
            old |= df[column].notna() & (held > entry["retention_days"])
    out.update(_count("privacy.retention_exceeded", (old & collected.notna()).sum()))

    special = (config or {}).get("special_category_columns") or []
    other = {c for c, e in declared.items() if e.get("art9_condition") not in
             (None, "explicit_consent")}
    explicit = law.true(df, "explicit_consent_sensitive")
    held_special = pd.Series(False, index=df.index)
    for column in special:
        if column in df.columns and column not in other:
            held_special |= df[column].notna()
    out.update(_count("privacy.special_category_data", (held_special & ~explicit).sum()))

    found = [c for c in df.columns if c != "customer_id"
             and (c in DIRECT or _looks_like_identifier(df[c]))]
    carried = df[found].notna().any(axis=1).sum() if found else 0
    out.update(_count("privacy.direct_identifiers", carried, value=len(found),
                      status="warn" if found else "pass"))

    bands = list((config or {}).get("age_bands") or [0, 18, 25, 35, 45, 55, 65, 200])
    qis = (config or {}).get("quasi_identifiers") or ["postcode", "birth_date", "gender"]
    parts = {}
    for column in qis:
        if column == "age_band":
            parts[column] = pd.cut(age, bands, right=False).astype(str).where(age.notna(), "?")
        else:
            parts[column] = df[column].astype(object).where(df[column].notna(), "\0missing")
    key = pd.DataFrame(parts).astype(str).agg("|".join, axis=1)
    size = key.map(key.value_counts())
    k = int(size.min())
    out.update(_count("privacy.k_anonymity", (size < K_MIN).sum(), value=k,
                      status="warn" if k < K_MIN else "pass"))

    sensitive = df[config["sensitive_attribute"]]
    distinct = sensitive.groupby(key).nunique(dropna=True).reindex(key.unique()).fillna(0)
    l_row = key.map(distinct)
    not_diverse = int((l_row < L_MIN).sum())
    out.update(_count("privacy.l_diversity", not_diverse, value=int(distinct.min()),
                      status="warn" if not_diverse else "pass"))

    web = channel.isin(law.WEB) & targeted
    eu_gb = j["family"].isin(law.TRACKING_REQUIRED)
    no_tracking = ~law.true(df, "tracking_consent")
    out.update(_count("privacy.tracking_consent", (web & eu_gb & no_tracking).sum()))

    vendor = (config or {}).get("tcf_vendor_id")
    good = set(_good_strings(vendor))
    core = df["tc_string"].astype(object).where(df["tc_string"].notna(), None).map(
        lambda v: None if v is None else str(v).split(".", 1)[0].strip())
    out.update(_count("privacy.tcf_consent", (web & ~core.isin(good)).sum()))

    region = j["region"]
    signal = law.true(df, "gpc") | law.true(df, "sale_optout")
    reached = channel.isin(law.PLATFORM) | law.true(df, "shared_with_platform")
    ignored = targeted & region.isin(law.SIGNAL_REGIONS) & signal & reached
    out.update(_count("privacy.optout_signal_ignored", ignored.sum()))
    return out


def _good_strings(vendor) -> list[str]:
    """The core segments the sample writes that hold consent to purposes 1, 3 and 4 and (when
    the config names one) to the vendor: known by construction, not decoded."""
    tc = tc_strings()
    good = [tc["valid"]]
    if vendor is None:
        good.append(tc["no_vendor"])
    return good
