"""Planted targeting issues of the sample campaign, with their exact expected results.

On its slot rows only (never flipping ``targeted``; rows are chosen among those already targeted
or not, and with or without explicit consent, as each plant needs), :func:`plant` adds, at the
sizes below for the default 5,000 rows (scaled with the number of slot rows, except the
micro-segments, which keep their sizes):

- sensitive tokens on 36 targeted rows without explicit consent: by key (``health:sleep-support``,
  ``trade_union:member``, ``biometric:face-id-users``), by word (``pregnancy``,
  ``likely-diabetic``, ``interest:payday-loans``, ``debt-stress``, ``lgbtq-community``,
  ``interest:halal-food``, ``interest:afro-hair-care``, ``dna-ancestry``), by phrase
  (``interest:weight-loss``, ``green-party-supporter``), and through a segment name
  (``Overdraft Rescue``); 2 of the rows match two categories. Not counted: 5 targeted rows with
  the same tokens and explicit consent, 4 untargeted rows;
- protected criteria in opportunity offers: ``age:25-34`` on 6 targeted credit offers,
  ``parental_status:parents`` on 3 targeted housing offers, ``sex:female`` on 3 targeted
  employment offers. Not counted: ``age:25-34`` on 4 targeted general offers and on 3 untargeted
  credit offers;
- micro-segments: ``Luxury Watch Collectors`` (12 targeted), ``Pet Owners Zone 7`` (3) and the
  sensitive ``Overdraft Rescue`` (6);
- contact pressure: 20 targeted rows contacted 8 to 15 times; 5 contacted exactly 7 times (fine);
- minors (16 and 17, with parental consent, so that no privacy rule is touched) offered alcohol
  (4), gambling (3) and tobacco (1); not counted: 3 people who turn 18 on ``as_of`` offered
  alcohol, 2 untargeted minors;
- vulnerable people offered gambling (5, flag ``problem_gambling``) or high-cost credit (4,
  ``financial_difficulty;arrears``); not counted: 4 unflagged adults offered gambling, 2
  untargeted flagged people;
- depth of profiling: 5 targeted rows with 8 distinct criteria and traits; not counted: 4 with
  exactly 6, and 3 with 4 + 4 tokens of which 2 are shared (6 distinct);
- automated credit or insurance decisions without human review: 6 with ``human_review`` false,
  3 with it empty; not counted: 3 untargeted.

Protected keys avoid the sample's declared columns (``postcode``, ``gender``...), so that the
transparency area's ``excluded_data_used`` is not touched. :func:`expect` recounts every
targeting check on the final data with plain code written apart from the package's checks.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

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
    if len(rows):
        idx = df.index[rows]
        old = df.loc[idx, column].astype(str)
        df.loc[idx, column] = np.where(old == "", token, old + ";" + token)


def _set(df, rows, column, value):
    if len(rows):
        df.loc[df.index[rows], column] = value


def plant(df, rng, slots, *, config):
    """Break targeting rules on the rows ``slots``; return the expected results by construction.

    The results are those of the frame right after planting; :func:`expect` recounts them on the
    final frame (the test of this module checks that the two agree).
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

    # sensitive criteria, inferred traits and segments
    sensitive_rows = 0
    for group, (column, token, n) in SENSITIVE.items():
        # a segment stays small (a micro-segment) whatever the size of the sample
        rows = pick.take(n, targeted & ~consent, scaled=column != "segment")
        if column == "segment":
            _set(df, rows, "segment", token)
        else:
            _append(df, rows, column, token)
        sensitive_rows += len(rows)
    both = pick.take(2, targeted & ~consent)
    _append(df, both, "targeting_criteria", "interest:weight-loss")
    _append(df, both, "inferred_segments", "debt-stress")
    sensitive_rows += len(both)
    consented = pick.take(5, targeted & consent)
    _append(df, consented[::2], "targeting_criteria", "interest:weight-loss")
    _append(df, consented[1::2], "targeting_criteria", "health:sleep-support")
    _append(df, pick.take(4, ~targeted), "inferred_segments", "pregnancy")

    # protected criteria in housing, employment and credit offers
    opp = pick.take(6, targeted & credit)
    _append(df, opp, "targeting_criteria", "age:25-34")
    housing = pick.take(3, targeted & general)
    employment = pick.take(3, targeted & general)
    _set(df, housing, "product_category", "housing")
    _append(df, housing, "targeting_criteria", "parental_status:parents")
    _set(df, employment, "product_category", "employment")
    _append(df, employment, "targeting_criteria", "sex:female")
    _set(df, np.concatenate([housing, employment]), "automated_decision", False)
    _append(df, pick.take(4, targeted & general), "targeting_criteria", "age:25-34")
    _append(df, pick.take(3, ~targeted & credit), "targeting_criteria", "age:25-34")
    opportunity_rows = len(opp) + len(housing) + len(employment)

    # micro-segments: fixed sizes, below the default min_audience at any sample size
    for name, (n, criteria, inferred) in MICRO.items():
        rows = pick.take(n, targeted & general, scaled=False)
        _set(df, rows, "segment", name)
        _set(df, rows, "targeting_criteria", criteria)
        _set(df, rows, "inferred_segments", inferred)
    # counted, not assumed: a small sample's own segments can be small too (no other planter
    # changes segments)
    minimum = {**THRESHOLDS, **(config.get("thresholds") or {})}["min_audience"]
    sizes = df.loc[df["targeted"].to_numpy(bool) & df["segment"].notna().to_numpy(),
                   "segment"].value_counts()
    micro_segments = int((sizes < minimum).sum())
    micro_rows = int(sizes[sizes < minimum].sum())

    # contact pressure
    pressed = pick.take(20, targeted)
    _set(df, pressed, "contact_count", 8 + np.arange(len(pressed)) % 8)
    _set(df, pick.take(5, targeted), "contact_count", 7)

    # minors offered age-restricted products
    minors = 0
    for n, product_name, birth in ((4, "alcohol", dt.date(2009, 3, 15)),
                                   (3, "gambling", dt.date(2010, 6, 1)),
                                   (1, "tobacco", dt.date(2009, 9, 30))):
        rows = pick.take(n, targeted & ~flagged)
        _set(df, rows, "product_category", product_name)
        _set(df, rows, "birth_date", birth)
        _set(df, rows, "parental_consent", True)
        minors += len(rows)
    adults = pick.take(3, targeted & ~flagged)  # 18 on as_of: not a minor
    _set(df, adults, "product_category", "alcohol")
    _set(df, adults, "birth_date", dt.date(AS_OF.year - 18, AS_OF.month, AS_OF.day))
    young = pick.take(2, ~targeted & ~flagged)
    _set(df, young, "product_category", "alcohol")
    _set(df, young, "birth_date", dt.date(2009, 3, 15))
    _set(df, young, "parental_consent", True)

    # vulnerable people offered high-risk products
    gambling = pick.take(5, targeted)
    _set(df, gambling, "vulnerability_flags", "problem_gambling")
    _set(df, gambling, "product_category", "gambling")
    lending = pick.take(4, targeted)
    _set(df, lending, "vulnerability_flags", "financial_difficulty;arrears")
    _set(df, lending, "product_category", "high_cost_credit")
    _set(df, lending, "automated_decision", False)
    _set(df, pick.take(4, targeted & ~flagged), "product_category", "gambling")
    untargeted = pick.take(2, ~targeted)
    _set(df, untargeted, "vulnerability_flags", "problem_gambling")
    _set(df, untargeted, "product_category", "gambling")
    vulnerable = len(gambling) + len(lending)

    # depth of profiling
    deep = pick.take(5, targeted & general)
    _set(df, deep, "targeting_criteria",
         "interest:running;interest:hiking;recency:7d;device:ios;time:evening")
    _set(df, deep, "inferred_segments", "outdoor;fitness;early-adopter")
    six = pick.take(4, targeted & general)
    _set(df, six, "targeting_criteria",
         "interest:cooking;interest:recipes;recency:7d;device:android")
    _set(df, six, "inferred_segments", "cooking;food")
    shared = pick.take(3, targeted & general)
    _set(df, shared, "targeting_criteria", "interest:books;interest:reading;recency:7d;device:ios")
    _set(df, shared, "inferred_segments", "interest:books;interest:reading;reading;night-owl")

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
    automated = len(unreviewed) + len(empty)

    def result(status_if, n, value=None):
        return {"status": status_if if n else "pass", "value": n if value is None else value,
                "affected_rows": n}

    return {
        "targeting.sensitive_interests": result("fail", sensitive_rows),
        "targeting.protected_criteria_in_opportunity_ads": result("fail", opportunity_rows),
        "targeting.micro_segments": result("fail", micro_rows, micro_segments),
        "targeting.contact_pressure": result("warn", len(pressed)),
        "targeting.minors_restricted_products": result("fail", minors),
        "targeting.vulnerable_high_risk": result("fail", vulnerable),
        "targeting.personalization_depth": result("warn", len(deep)),
        "targeting.automated_significant_decisions": result("warn", automated),
    }


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


def expect(df, config):
    """Every targeting check recounted on the final frame with plain code (no package check)."""
    thresholds = {**THRESHOLDS, **((config or {}).get("thresholds") or {})}
    as_of = dt.date.fromisoformat(str((config or {}).get("as_of") or AS_OF))
    targeted = _true(df, "targeted")
    product = df["product_category"].fillna("").astype(str).str.lower()
    criteria = df["targeting_criteria"].fillna("").astype(str).str.lower()
    inferred = df["inferred_segments"].fillna("").astype(str).str.lower()
    segment = df["segment"].fillna("").astype(str).str.lower()
    out = {}

    lexicon = _lexicon(config)
    sensitive = pd.Series(False, index=df.index)
    for category in SENSITIVE_CATEGORIES:
        pattern = _category_pattern(category, lexicon[category])
        for column in (criteria, inferred, segment):
            sensitive |= _per_distinct(column, lambda v: v.str.contains(pattern, regex=True))
    n = int((sensitive & targeted & ~_true(df, "explicit_consent_sensitive")).sum())
    out["targeting.sensitive_interests"] = {"status": _status(n, "fail"), "value": n,
                                            "affected_rows": n}

    keys = "|".join(PROTECTED_KEYS)
    protected = _per_distinct(criteria, lambda v: v.str.contains(
        rf"(?:^|;)\s*(?:{keys})\s*(?::|;|$)", regex=True))
    n = int((protected & targeted & product.isin(OPPORTUNITY)).sum())
    out["targeting.protected_criteria_in_opportunity_ads"] = {
        "status": _status(n, "fail"), "value": n, "affected_rows": n}

    sizes = df.loc[targeted & df["segment"].notna(), "segment"].value_counts()
    small = sizes[sizes < thresholds["min_audience"]]
    out["targeting.micro_segments"] = {"status": _status(len(small), "fail"),
                                       "value": int(len(small)),
                                       "affected_rows": int(small.sum())}

    n = int((pd.to_numeric(df["contact_count"]) > thresholds["max_contacts"]).sum())
    out["targeting.contact_pressure"] = {"status": _status(n, "warn"), "value": n,
                                         "affected_rows": n}

    birth = pd.to_datetime(df["birth_date"])
    age = as_of.year - birth.dt.year - (
        (birth.dt.month * 100 + birth.dt.day) > (as_of.month * 100 + as_of.day)).astype(int)
    minor = (age < thresholds["minor_age"]).fillna(False)
    n = int((minor & targeted & product.isin(AGE_RESTRICTED)).sum())
    out["targeting.minors_restricted_products"] = {"status": _status(n, "fail"), "value": n,
                                                   "affected_rows": n}

    flagged = df["vulnerability_flags"].fillna("").astype(str).str.strip(" ;") != ""
    n = int((flagged & targeted & product.isin(HIGH_RISK)).sum())
    out["targeting.vulnerable_high_risk"] = {"status": _status(n, "fail"), "value": n,
                                             "affected_rows": n}

    both = criteria + ";" + inferred
    distinct = _per_distinct(both, lambda v: [len({t.strip() for t in x.split(";") if t.strip()})
                                              for x in v])
    n = int(((distinct > thresholds["max_criteria"]) & targeted.to_numpy()).sum())
    out["targeting.personalization_depth"] = {"status": _status(n, "warn"), "value": n,
                                              "affected_rows": n}

    n = int((targeted & product.isin(SIGNIFICANT) & _true(df, "automated_decision")
             & ~_true(df, "human_review")).sum())
    out["targeting.automated_significant_decisions"] = {"status": _status(n, "warn"),
                                                        "value": n, "affected_rows": n}
    return out
