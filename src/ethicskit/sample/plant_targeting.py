"""Planted targeting issues of the sample campaign, with their exact expected results.

On its slot rows only (never flipping ``targeted``; rows are chosen among those already targeted
or not, with or without explicit consent, as each case needs, and moved to another country or
channel only after being made clean there), :func:`plant` adds, at the sizes below for the
default 5,000 rows (scaled with the number of slot rows, except the micro-segments and the
single-row cases, which keep their sizes):

- special-category tokens on 25 targeted rows without explicit consent: by key
  (``health:sleep-support``, ``trade_union:member``, ``biometric:face-id-users``), by word
  (``pregnancy``, ``likely-diabetic``, ``lgbtq-community``, ``interest:halal-food``,
  ``interest:afro-hair-care``, ``dna-ancestry``), by phrase (``interest:weight-loss``,
  ``green-party-supporter``); and 2 rows with explicit consent shown display or social ads in
  the EU (counted whatever the consent: DSA Art. 26(3)). Not counted: the same with explicit
  consent in the US (2) or by email in the EU (1), and 4 untargeted rows;
- financial hardship (not a special category: ``targeting.hardship_targeting``):
  ``interest:payday-loans``, ``debt-stress`` and the segment ``Overdraft Rescue``, 11 rows, and
  2 rows carrying both a health and a debt token (counted by both checks);
- protected criteria in opportunity offers (the keys of each product category): ``age:25-34``
  on 6 targeted credit offers, one of them in the US (where the rule is law: ``fail``),
  ``parental_status:parents`` on 3 housing offers, ``sex:female`` on 3 employment offers. Not
  counted: ``parental_status`` on a US credit offer (not a credit key), ``age:25-34`` on 4
  general offers and on 3 untargeted credit offers;
- micro-segments: ``Luxury Watch Collectors`` (12 targeted), ``Pet Owners Zone 7`` (3) and
  ``Overdraft Rescue`` (6): value 3, the smallest audience;
- contact pressure: 20 targeted rows contacted 8 to 15 times (value 15); 5 exactly 7 times;
- minors (16 and 17, with parental consent, by email) offered alcohol (4), gambling (3) and
  tobacco (1); not counted: 3 people who turn 18 on ``as_of``, 2 untargeted minors;
- profiling-based ads to minors on platforms in the EU (DSA Art. 28(2)), whatever the parental
  consent: 17 in FR on social, 16 in DE on display, 17 without a country (EU) on social; not
  counted: 17 in the US on social, 17 in FR on social without any targeting or inferred token;
- vulnerable people offered gambling (5) or high-cost credit (4); not counted: 4 unflagged
  adults offered gambling, 2 untargeted flagged people;
- depth of profiling: 5 targeted rows with 8 distinct criteria and traits (value 8); not
  counted: 4 with exactly 6, and 3 with 4 + 4 tokens of which 2 are shared (6 distinct);
- automated credit or insurance decisions without human review: 6 with ``human_review`` false,
  3 with it empty; not counted: 3 untargeted.

Protected keys avoid the sample's declared columns (``postcode``, ``gender``...), so that the
transparency area's ``excluded_data_used`` is not touched. :func:`expect` recounts every
targeting check on the final data with plain code written apart from the package's checks,
the jurisdiction of each row coming from the restated rules of :mod:`ethicskit.sample.law`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ethicskit.sample import law
from ethicskit.sample.base import make_clean, put
from ethicskit.thresholds import THRESHOLDS

LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "lexicons" / \
    "sensitive_categories.yaml"
AS_OF = dt.date(2026, 11, 29)

#: group -> (column, token to add) for sensitive tokens; "segment" replaces the segment.
SENSITIVE = {
    "health_key": ("targeting_criteria", "health:sleep-support", 3),
    "weight_loss": ("targeting_criteria", "interest:weight-loss", 4),
    "pregnancy": ("inferred_segments", "pregnancy", 3),
    "diabetic": ("inferred_segments", "likely-diabetic", 2),
    "payday": ("targeting_criteria", "interest:payday-loans", 3),
    "debt": ("inferred_segments", "debt-stress", 2),
    "overdraft": ("segment", "Overdraft Rescue", 6),
    "lgbtq": ("inferred_segments", "lgbtq-community", 2),
    "halal": ("targeting_criteria", "interest:halal-food", 2),
    "green_party": ("inferred_segments", "green-party-supporter", 2),
    "afro": ("targeting_criteria", "interest:afro-hair-care", 2),
    "union": ("targeting_criteria", "trade_union:member", 1),
    "dna": ("inferred_segments", "dna-ancestry", 1),
    "biometric": ("targeting_criteria", "biometric:face-id-users", 1),
}
CATEGORY_OF = {"health_key": "health", "weight_loss": "health", "pregnancy": "health",
               "diabetic": "health", "payday": "financial_hardship", "debt": "financial_hardship",
               "overdraft": "financial_hardship", "lgbtq": "sexual_orientation",
               "halal": "religion", "green_party": "political", "afro": "ethnicity",
               "union": "trade_union", "dna": "genetic", "biometric": "biometric"}
MICRO = {"Luxury Watch Collectors": (12, "interest:watches;interest:luxury", "luxury"),
         "Pet Owners Zone 7": (3, "interest:pets", "pets")}
OPPORTUNITY = ("housing", "employment", "credit")
PROTECTED_KEYS = ("age", "gender", "sex", "postcode", "zip", "marital_status", "parental_status",
                  "has_children", "ethnicity", "race", "religion", "national_origin",
                  "disability")
AGE_RESTRICTED = ("alcohol", "gambling", "high_cost_credit", "tobacco")
HIGH_RISK = ("high_cost_credit", "gambling")
SIGNIFICANT = ("credit", "high_cost_credit", "insurance", "employment", "housing")
SENSITIVE_CATEGORIES = ("health", "sexual_orientation", "religion", "political", "ethnicity",
                        "trade_union", "genetic", "biometric", "financial_hardship")


class _Picker:
    """Disjoint row positions from the slots, in a random order, by condition."""

    def __init__(self, slots, rng, scale: float):
        self.pool = rng.permutation(np.asarray(slots))
        self.used = np.zeros(len(self.pool), dtype=bool)
        self.scale = scale

    def size(self, n: int) -> int:
        return max(1, int(round(n * self.scale)))

    def take(self, n: int, ok: np.ndarray, *, scaled: bool = True) -> np.ndarray:
        """Up to ``size(n)`` (``n`` when not ``scaled``) unused positions whose ``ok`` (a mask
        over all rows) is true."""
        free = np.flatnonzero(~self.used & ok[self.pool])[: self.size(n) if scaled else n]
        self.used[free] = True
        return self.pool[free]


def _append(df, rows, column, token):
    rows = np.asarray(rows, dtype=int)
    if len(rows):
        old = df[column].iloc[rows].fillna("").astype(str).to_numpy()
        put(df, rows, column, np.where(old == "", token, np.char.add(
            old.astype(str), ";" + token)).astype(object))


def _set(df, rows, column, value):
    put(df, rows, column, value)


def plant(df, rng, slots, *, config, edges=None):
    """Break targeting rules on the rows ``slots``; return the expected results by construction.

    The results are those of the frame right after planting; :func:`expect` recounts them on the
    final frame (the test of this module checks that the two agree). Rows moved to another
    country or channel are made clean there first (:func:`ethicskit.sample.base.make_clean`).
    """
    scale = len(slots) / 500
    pick = _Picker(slots, rng, scale)
    targeted = df["targeted"].to_numpy(bool)
    consent = df["explicit_consent_sensitive"].fillna(False).to_numpy(bool)
    product = df["product_category"].to_numpy(dtype=object)
    flagged = df["vulnerability_flags"].fillna("").astype(str).to_numpy() != ""
    general = product == "general"
    credit = product == "credit"
    significant = np.isin(product, ["credit", "insurance"])
    df["human_review"] = df["human_review"].astype("boolean")
    log: list[dict] = []

    def rec(check, case, rows, counted):
        log.append({"check": check, "case": case, "rows": len(rows),
                    "counted": len(rows) if counted else 0})

    # sensitive criteria, inferred traits and segments: special categories, and financial
    # hardship (not a special category: targeting.hardship_targeting)
    sensitive_rows = hardship_rows = 0
    for group, (column, token, n) in SENSITIVE.items():
        # a segment stays small (a micro-segment) whatever the size of the sample
        rows = pick.take(n, targeted & ~consent, scaled=column != "segment")
        if column == "segment":
            _set(df, rows, "segment", token)
        else:
            _append(df, rows, column, token)
        hardship = CATEGORY_OF[group] == "financial_hardship"
        sensitive_rows += 0 if hardship else len(rows)
        hardship_rows += len(rows) if hardship else 0
        rec("targeting.hardship_targeting" if hardship else "targeting.sensitive_interests",
            f"{token} ({CATEGORY_OF[group]}), no explicit consent", rows, True)
    both = pick.take(2, targeted & ~consent)
    _append(df, both, "targeting_criteria", "interest:weight-loss")
    _append(df, both, "inferred_segments", "debt-stress")
    sensitive_rows += len(both)
    hardship_rows += len(both)
    rec("targeting.sensitive_interests", "health and debt tokens on one row", both, True)
    rec("targeting.hardship_targeting", "health and debt tokens on one row", both, True)
    for where, region, channel, counted, case in (
            ("FR", None, "display", True, "explicit consent, display ad in FR (DSA Art. 26(3))"),
            ("DE", None, "social", True, "explicit consent, social ad in DE (DSA Art. 26(3))"),
            ("US", "US-NY", "display", False, "explicit consent, display ad in the US"),
            ("US", "US-FL", "social", False, "explicit consent, social ad in the US"),
            ("IT", None, "email", False, "explicit consent, email in IT (not a platform)")):
        rows = pick.take(1, targeted & consent, scaled=False)
        make_clean(df, rows, country=where, region=region, channel=channel)
        _append(df, rows, "targeting_criteria", "interest:weight-loss")
        sensitive_rows += len(rows) if counted else 0
        rec("targeting.sensitive_interests", case, rows, counted)
    rows = pick.take(4, ~targeted)
    _append(df, rows, "inferred_segments", "pregnancy")
    rec("targeting.sensitive_interests", "pregnancy on people not targeted", rows, False)

    # protected criteria in housing, employment and credit offers (law in the US and CA)
    opp = pick.take(6, targeted & credit)
    make_clean(df, opp[:1], country="US", region="US-NY")
    _append(df, opp, "targeting_criteria", "age:25-34")
    housing = pick.take(3, targeted & general)
    employment = pick.take(3, targeted & general)
    _set(df, housing, "product_category", "housing")
    _append(df, housing, "targeting_criteria", "parental_status:parents")
    _set(df, employment, "product_category", "employment")
    _append(df, employment, "targeting_criteria", "sex:female")
    _set(df, np.concatenate([housing, employment]), "automated_decision", False)
    op = "targeting.protected_criteria_in_opportunity_ads"
    rec(op, "age:25-34 on credit offers, one of them in the US (fail)", opp, True)
    rec(op, "parental_status:parents on housing offers", housing, True)
    rec(op, "sex:female on employment offers", employment, True)
    rows = pick.take(1, targeted & credit, scaled=False)
    make_clean(df, rows, country="US", region="US-CA")
    _append(df, rows, "targeting_criteria", "parental_status:parents")
    rec(op, "parental_status on a US credit offer (not a credit key)", rows, False)
    rows = pick.take(4, targeted & general)
    _append(df, rows, "targeting_criteria", "age:25-34")
    rec(op, "age:25-34 on general offers", rows, False)
    rows = pick.take(3, ~targeted & credit)
    _append(df, rows, "targeting_criteria", "age:25-34")
    rec(op, "age:25-34 on credit offers to people not targeted", rows, False)
    opportunity_rows = len(opp) + len(housing) + len(employment)

    # micro-segments: fixed sizes, below the default min_audience at any sample size
    for name, (n, criteria, inferred) in MICRO.items():
        rows = pick.take(n, targeted & general, scaled=False)
        _set(df, rows, "segment", name)
        _set(df, rows, "targeting_criteria", criteria)
        _set(df, rows, "inferred_segments", inferred)
        rec("targeting.micro_segments", f"segment {name!r}", rows, True)
    rec("targeting.micro_segments", "segment 'Overdraft Rescue' (above)",
        np.flatnonzero(df["segment"].to_numpy() == "Overdraft Rescue"), True)
    # counted, not assumed: a small sample's own segments can be small too (no other planter
    # changes segments)
    minimum = {**THRESHOLDS, **(config.get("thresholds") or {})}["min_audience"]
    sizes = df.loc[df["targeted"].to_numpy(bool) & df["segment"].notna().to_numpy(),
                   "segment"].value_counts()
    micro_rows = int(sizes[sizes < minimum].sum())
    smallest = int(sizes.min())

    # contact pressure
    pressed = pick.take(20, targeted)
    _set(df, pressed, "contact_count", 8 + np.arange(len(pressed)) % 8)
    rec("targeting.contact_pressure", "contacted 8 to 15 times", pressed, True)
    rows = pick.take(5, targeted)
    _set(df, rows, "contact_count", 7)
    rec("targeting.contact_pressure", "contacted exactly 7 times", rows, False)
    largest_count = int(pd.to_numeric(df["contact_count"]).max())

    # minors offered age-restricted products (by email: not profiling on a platform)
    minors = 0
    for n, product_name, birth in ((4, "alcohol", dt.date(2009, 3, 15)),
                                   (3, "gambling", dt.date(2010, 6, 1)),
                                   (1, "tobacco", dt.date(2009, 9, 30))):
        rows = pick.take(n, targeted & ~flagged)
        make_clean(df, rows, channel="email")
        _set(df, rows, "product_category", product_name)
        _set(df, rows, "birth_date", birth)
        _set(df, rows, "parental_consent", True)
        minors += len(rows)
        rec("targeting.minors_restricted_products", f"{product_name} offered at 16 or 17", rows,
            True)
    adults = pick.take(3, targeted & ~flagged)  # 18 on as_of: not a minor
    _set(df, adults, "product_category", "alcohol")
    _set(df, adults, "birth_date", dt.date(AS_OF.year - 18, AS_OF.month, AS_OF.day))
    rec("targeting.minors_restricted_products", "alcohol offered on the 18th birthday", adults,
        False)
    young = pick.take(2, ~targeted & ~flagged)
    _set(df, young, "product_category", "alcohol")
    _set(df, young, "birth_date", dt.date(2009, 3, 15))
    _set(df, young, "parental_consent", True)
    rec("targeting.minors_restricted_products", "alcohol, 17, not targeted", young, False)

    # profiling-based ads to minors on platforms in the EU (DSA Art. 28(2)), whatever the consent
    profiling = 0
    for where, channel, birth, tokens, counted, case in (
            ("FR", "social", dt.date(2009, 3, 15), True, True,
             "17 in FR on social with targeting tokens and parental consent"),
            ("DE", "display", dt.date(2010, 6, 1), True, True,
             "16 in DE on display with targeting tokens"),
            (None, "social", dt.date(2009, 3, 15), True, True,
             "17, no country (EU), on social with targeting tokens"),
            ("US", "social", dt.date(2009, 3, 15), True, False, "17 in the US on social"),
            ("FR", "social", dt.date(2009, 3, 15), False, False,
             "17 in FR on social without any targeting or inferred token")):
        rows = pick.take(1, targeted & ~flagged & general, scaled=False)
        make_clean(df, rows, country=where, region="US-NY" if where == "US" else None,
                   channel=channel)
        _set(df, rows, "birth_date", birth)
        _set(df, rows, "parental_consent", True)
        if not tokens:
            _set(df, rows, "targeting_criteria", "")
            _set(df, rows, "inferred_segments", "")
        profiling += len(rows) if counted else 0
        rec("targeting.minors_profiling_ads", case, rows, counted)

    # vulnerable people offered high-risk products
    gambling = pick.take(5, targeted)
    _set(df, gambling, "vulnerability_flags", "problem_gambling")
    _set(df, gambling, "product_category", "gambling")
    lending = pick.take(4, targeted)
    _set(df, lending, "vulnerability_flags", "financial_difficulty;arrears")
    _set(df, lending, "product_category", "high_cost_credit")
    _set(df, lending, "automated_decision", False)
    rec("targeting.vulnerable_high_risk", "problem gambling flag, gambling offer", gambling, True)
    rec("targeting.vulnerable_high_risk", "financial difficulty, high-cost credit", lending, True)
    rows = pick.take(4, targeted & ~flagged)
    _set(df, rows, "product_category", "gambling")
    rec("targeting.vulnerable_high_risk", "gambling offered to unflagged adults", rows, False)
    untargeted = pick.take(2, ~targeted)
    _set(df, untargeted, "vulnerability_flags", "problem_gambling")
    _set(df, untargeted, "product_category", "gambling")
    rec("targeting.vulnerable_high_risk", "flagged, gambling, not targeted", untargeted, False)
    vulnerable = len(gambling) + len(lending)

    # depth of profiling
    deep = pick.take(5, targeted & general)
    _set(df, deep, "targeting_criteria",
         "interest:running;interest:hiking;recency:7d;device:ios;time:evening")
    _set(df, deep, "inferred_segments", "outdoor;fitness;early-adopter")
    rec("targeting.personalization_depth", "8 distinct criteria and traits", deep, True)
    six = pick.take(4, targeted & general)
    _set(df, six, "targeting_criteria",
         "interest:cooking;interest:recipes;recency:7d;device:android")
    _set(df, six, "inferred_segments", "cooking;food")
    rec("targeting.personalization_depth", "exactly 6 tokens", six, False)
    shared = pick.take(3, targeted & general)
    _set(df, shared, "targeting_criteria", "interest:books;interest:reading;recency:7d;device:ios")
    _set(df, shared, "inferred_segments", "interest:books;interest:reading;reading;night-owl")
    rec("targeting.personalization_depth", "4 + 4 tokens, 2 shared (6 distinct)", shared, False)
    depth = _distinct_tokens(df)
    deepest = int(depth[df["targeted"].to_numpy(bool)].max())

    # automated significant decisions without human review
    unreviewed = pick.take(6, targeted & significant)
    _set(df, unreviewed, "automated_decision", True)
    _set(df, unreviewed, "human_review", False)
    empty = pick.take(3, targeted & significant)
    _set(df, empty, "automated_decision", True)
    _set(df, empty, "human_review", pd.NA)
    other = pick.take(3, ~targeted & significant)
    _set(df, other, "automated_decision", True)
    _set(df, other, "human_review", False)
    ad = "targeting.automated_significant_decisions"
    rec(ad, "automated credit/insurance decision, human_review false", unreviewed, True)
    rec(ad, "automated credit/insurance decision, human_review empty", empty, True)
    rec(ad, "the same, not targeted", other, False)
    automated = len(unreviewed) + len(empty)

    def result(status_if, n, value=None):
        return {"status": status_if if n else "pass", "value": n if value is None else value,
                "affected_rows": n}

    if edges is not None:
        edges.extend(log)
    return {
        "targeting.sensitive_interests": result("fail", sensitive_rows),
        "targeting.hardship_targeting": result("warn", hardship_rows),
        "targeting.protected_criteria_in_opportunity_ads": result("fail", opportunity_rows),
        "targeting.micro_segments": result("warn", micro_rows, smallest),
        "targeting.contact_pressure": result("warn", len(pressed), largest_count),
        "targeting.minors_restricted_products": result("fail", minors),
        "targeting.minors_profiling_ads": result("fail", profiling),
        "targeting.vulnerable_high_risk": result("warn", vulnerable),
        "targeting.personalization_depth": result("warn", len(deep), deepest),
        "targeting.automated_significant_decisions": result("warn", automated),
    }


def _distinct_tokens(df) -> np.ndarray:
    """Distinct tokens of ``targeting_criteria`` and ``inferred_segments`` together, per row."""
    both = (df["targeting_criteria"].fillna("").astype(str).str.lower() + ";"
            + df["inferred_segments"].fillna("").astype(str).str.lower())
    return _per_distinct(both, lambda v: [len({t.strip() for t in x.split(";") if t.strip()})
                                          for x in v])


# --------------------------------------------------------------------------- expected, recounted
def _true(df, column) -> pd.Series:
    if column not in df.columns:
        return pd.Series(False, index=df.index)
    return df[column].astype("boolean").fillna(False).astype(bool)


def _lexicon(config) -> dict[str, list[str]]:
    words = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    override = (config or {}).get("sensitive_lexicon")
    if isinstance(override, dict):
        words.update(override)
    return {c: [str(w).lower() for w in (words.get(c) or [])] for c in SENSITIVE_CATEGORIES}


def _category_pattern(category: str, entries: list[str]) -> str:
    """A regex over a lower-case ``;`` list: a token whose key is ``category`` or holding one of
    the entries as whole words (the words of a phrase separated by non-letters inside a token)."""
    key = rf"(?:^|;)\s*{re.escape(category)}\s*(?::|;|$)"
    alternatives = []
    for entry in entries:
        words = [w for w in re.split(r"[^a-z]+", entry) if w]
        if words:
            alternatives.append(r"[^a-z;]+".join(re.escape(w) for w in words))
    if not alternatives:
        return key
    return key + r"|(?<![a-z])(?:" + "|".join(alternatives) + r")(?![a-z])"


def _per_distinct(values: pd.Series, fn) -> np.ndarray:
    """``fn`` applied once per distinct value of ``values``, spread back to every row."""
    codes, distinct = pd.factorize(values)
    result = np.asarray(fn(pd.Series(distinct, dtype=object)))
    return result[codes]


def _status(n, bad):
    return bad if n else "pass"


#: the catalogue's default thresholds of the targeting checks, restated (the config may override)
DEFAULTS = {"min_audience": 100, "max_contacts": 7, "minor_age": 18, "max_criteria": 6}
SPECIAL = tuple(c for c in SENSITIVE_CATEGORIES if c != "financial_hardship")


def _matches(df, lexicon, categories) -> pd.Series:
    criteria = df["targeting_criteria"].fillna("").astype(str).str.lower()
    inferred = df["inferred_segments"].fillna("").astype(str).str.lower()
    segment = df["segment"].fillna("").astype(str).str.lower()
    hit = pd.Series(False, index=df.index)
    for category in categories:
        pattern = _category_pattern(category, lexicon[category])
        for column in (criteria, inferred, segment):
            hit |= _per_distinct(column, lambda v: v.str.contains(pattern, regex=True))
    return hit


def expect(df, config, *, inventory=None):
    """Every targeting check recounted on the final frame with plain code (no package check)."""
    thresholds = {**DEFAULTS, **((config or {}).get("thresholds") or {})}
    as_of = dt.date.fromisoformat(str((config or {}).get("as_of") or AS_OF))
    targeted = _true(df, "targeted")
    product = df["product_category"].fillna("").astype(str).str.lower()
    criteria = df["targeting_criteria"].fillna("").astype(str).str.lower()
    inferred = df["inferred_segments"].fillna("").astype(str).str.lower()
    channel = df["channel"].fillna("display").astype(str).str.lower()
    j = law.where(df, (config or {}).get("default_jurisdiction") or "EU")
    eu = j["family"] == "EU"
    platform = channel.isin(law.PLATFORM)
    out = {}

    lexicon = _lexicon(config)
    special = _matches(df, lexicon, SPECIAL)
    n = int((special & targeted & ((platform & eu)
                                   | ~_true(df, "explicit_consent_sensitive"))).sum())
    out["targeting.sensitive_interests"] = {"status": _status(n, "fail"), "value": n,
                                            "affected_rows": n}
    n = int((_matches(df, lexicon, ("financial_hardship",)) & targeted).sum())
    out["targeting.hardship_targeting"] = {"status": _status(n, "warn"), "value": n,
                                           "affected_rows": n}

    protected = pd.Series(False, index=df.index)
    for category, keys in law.OPPORTUNITY_KEYS.items():
        pattern = rf"(?:^|;)\s*(?:{'|'.join(keys)})\s*(?::|;|$)"
        mine = product == category
        protected |= mine & _per_distinct(criteria, lambda v: v.str.contains(pattern, regex=True))
    hit = protected & targeted
    n = int(hit.sum())
    law_rows = int((hit & j["family"].isin(law.OPPORTUNITY_LAW)).sum())
    out["targeting.protected_criteria_in_opportunity_ads"] = {
        "status": ("fail" if law_rows else "warn") if n else "pass", "value": n,
        "affected_rows": n}

    sizes = df.loc[targeted & df["segment"].notna(), "segment"].value_counts()
    small = sizes[sizes < thresholds["min_audience"]]
    out["targeting.micro_segments"] = {"status": _status(len(small), "warn"),
                                       "value": int(sizes.min()) if len(sizes) else None,
                                       "affected_rows": int(small.sum())}

    count = pd.to_numeric(df["contact_count"])
    n = int((count > thresholds["max_contacts"]).sum())
    out["targeting.contact_pressure"] = {"status": _status(n, "warn"), "value": int(count.max()),
                                         "affected_rows": n}

    age = law.ages(df, as_of)
    minor = (age < thresholds["minor_age"]).fillna(False)
    n = int((minor & targeted & product.isin(AGE_RESTRICTED)).sum())
    out["targeting.minors_restricted_products"] = {"status": _status(n, "fail"), "value": n,
                                                   "affected_rows": n}

    tokens = (criteria.str.strip(" ;") != "") | (inferred.str.strip(" ;") != "")
    n = int((targeted & eu & (age < law.MINORS_ADS_UNDER).fillna(False) & platform
             & tokens).sum())
    out["targeting.minors_profiling_ads"] = {"status": _status(n, "fail"), "value": n,
                                             "affected_rows": n}

    flagged = df["vulnerability_flags"].fillna("").astype(str).str.strip(" ;") != ""
    n = int((flagged & targeted & product.isin(HIGH_RISK)).sum())
    out["targeting.vulnerable_high_risk"] = {"status": _status(n, "warn"), "value": n,
                                             "affected_rows": n}

    distinct = pd.Series(_distinct_tokens(df), index=df.index)
    n = int(((distinct > thresholds["max_criteria"]) & targeted).sum())
    out["targeting.personalization_depth"] = {"status": _status(n, "warn"),
                                              "value": int(distinct[targeted].max()),
                                              "affected_rows": n}

    n = int((targeted & product.isin(SIGNIFICANT) & _true(df, "automated_decision")
             & ~_true(df, "human_review")).sum())
    out["targeting.automated_significant_decisions"] = {"status": _status(n, "warn"),
                                                        "value": n, "affected_rows": n}
    return out
