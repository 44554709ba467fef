"""Module 03 (helpful or creepy): audience segments, some helpful and some that cross a line.

Each segment is an *audience card* a trainee can judge: its name, the offer's product, the
criteria that selected people and the traits a model inferred. The knobs decide how many cards
target a sensitive trait, how small the smallest segment is, whether the housing offer is
targeted by age, how many people were contacted more than seven times, and how many under-18s and
people in financial difficulty were reached with restricted or high-risk offers.

The campaign runs in the UK (``country`` GB), except the housing offer, which is aimed at US home
buyers (``country`` US): the Fair Housing Act makes its age targeting a breach of law there,
where in the UK it would break the platforms' rules only. Two of the sensitive cards use a
special category of data (health, religion: GDPR Art. 9(1)); the third uses financial hardship,
which is not one: it is a vulnerability, judged by consumer-protection rules and reported by
``targeting.hardship_targeting`` as a warning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.training.scenarios.base import KnobError, build, ids, knob_int, outcome

MIN_AUDIENCE, MAX_CONTACTS, MINOR_AGE = 100, 7, 18
#: name -> (product_category, targeting_criteria, inferred_segments)
EVERYDAY = {
    "Runners & Hikers": ("general", "interest:running;interest:hiking", "outdoor;fitness"),
    "Home Cooks": ("general", "interest:cooking;interest:recipes", "cooking;food"),
    "Weekend Travellers": ("general", "interest:travel;recency:30d", "travel"),
}
#: in the order the ``sensitive_segments`` knob switches them on
SENSITIVE = {
    "Expecting Parents": ("general", "interest:baby products", "pregnancy;nursery"),
    "Money Worries": ("credit", "interest:debt consolidation", "overdraft"),
    "Faith & Festivals": ("general", "interest:church events", "celebrations"),
}
#: the sensitive cards that use a special category of data (GDPR Art. 9(1)); the other one,
#: Money Worries, uses financial hardship
SPECIAL = ("Expecting Parents", "Faith & Festivals")
SENSITIVE_SIZE = 110
HOUSING = ("Starter Homes", "housing", "interest:property;life_event:moving", "home buying")
HOUSING_SIZE = 120
ALCOHOL = ("Cocktail Club", "alcohol", "interest:cocktails;interest:nightlife", "going out")
ALCOHOL_SIZE = 120
LOANS = ("Quick Loans", "high_cost_credit", "interest:loans", "spending")
LOANS_SIZE = 105
MICRO = ("Rare Vinyl Collectors", "general", "interest:vinyl;interest:jazz", "music")
EVERYDAY_MIN = 100
FLAGS = ("financial_difficulty", "bereavement", "arrears")


def targeting_scenario(rows: int = 1500, micro_segment_size: int = 40,
                       sensitive_segments: int = 2, age_targeted_housing: bool = True,
                       over_contacted: int = 14, minors_targeted: int = 3,
                       vulnerable_targeted: int = 5, *, seed: int = 7):
    """A campaign of ``rows`` people (80% targeted) in segments that the knobs shape.

    Answers: ``creepy.sensitive`` (cards that target a special category of data), ``creepy.micro``
    (cards under the minimum audience of 100 people), ``creepy.opportunity`` (the card whose
    housing offer uses age, or ``"none"``) and ``creepy.pressure`` (people contacted more than
    seven times).
    """
    rows = knob_int("rows", rows, low=600, high=50000)
    micro = knob_int("micro_segment_size", micro_segment_size, high=1000)
    n_sensitive = knob_int("sensitive_segments", sensitive_segments, high=len(SENSITIVE))
    if not isinstance(age_targeted_housing, (bool, np.bool_)):
        raise KnobError(f"knob age_targeted_housing: expected True or False, got "
                        f"{age_targeted_housing!r}")
    rng = np.random.default_rng(knob_int("seed", seed))
    targeted_n = int(round(rows * 0.8))

    segments = {}  # name -> (product, criteria, inferred, size)
    for name in list(SENSITIVE)[:n_sensitive]:
        segments[name] = (*SENSITIVE[name], SENSITIVE_SIZE)
    housing_criteria = ("age:25-34;" if age_targeted_housing else "") + HOUSING[2]
    segments[HOUSING[0]] = (HOUSING[1], housing_criteria, HOUSING[3], HOUSING_SIZE)
    segments[ALCOHOL[0]] = (*ALCOHOL[1:], ALCOHOL_SIZE)
    segments[LOANS[0]] = (*LOANS[1:], LOANS_SIZE)
    if micro:
        segments[MICRO[0]] = (*MICRO[1:], micro)
    rest = targeted_n - sum(s[3] for s in segments.values())
    each = rest // len(EVERYDAY)
    if each < EVERYDAY_MIN:
        need = int(np.ceil((targeted_n - rest + EVERYDAY_MIN * len(EVERYDAY)) / 0.8))
        raise KnobError(f"knob rows: {rows} people are too few for these segments; use at least "
                        f"{need}")
    for k, (name, spec) in enumerate(EVERYDAY.items()):
        segments[name] = (*spec, each + (rest - each * len(EVERYDAY) if k == 0 else 0))

    names = np.concatenate([np.repeat(name, s[3]) for name, s in segments.items()])
    spec = {name: s for name, s in segments.items()}
    segment = np.concatenate([names, np.full(rows - targeted_n, None, dtype=object)])
    targeted = np.arange(rows) < targeted_n
    product = np.array([spec[s][0] if s else None for s in segment], dtype=object)
    criteria = np.array([spec[s][1] if s else None for s in segment], dtype=object)
    inferred = np.array([spec[s][2] if s else None for s in segment], dtype=object)
    country = np.where(segment == HOUSING[0], "US", "GB").astype(object)
    age = rng.integers(19, 76, rows)
    contacts = np.where(targeted, rng.integers(1, 6, rows), 0)
    flags = np.where(rng.random(rows) < 0.06, rng.choice(FLAGS, rows), None).astype(object)

    alcohol_rows = np.flatnonzero(segment == ALCOHOL[0])
    minors = knob_int("minors_targeted", minors_targeted, high=len(alcohol_rows))
    age[rng.choice(alcohol_rows, minors, replace=False)] = rng.integers(16, 18, minors)

    loan_rows = np.flatnonzero(segment == LOANS[0])
    flags[loan_rows] = None
    vulnerable = knob_int("vulnerable_targeted", vulnerable_targeted, high=len(loan_rows))
    flags[rng.choice(loan_rows, vulnerable, replace=False)] = rng.choice(FLAGS, vulnerable)

    everyday_rows = np.flatnonzero(np.isin(segment, list(EVERYDAY)))
    over = knob_int("over_contacted", over_contacted, high=len(everyday_rows))
    pressed = rng.choice(everyday_rows, over, replace=False)
    contacts[pressed] = 8 + np.arange(over) % 5  # 8 to 12 contacts

    order = rng.permutation(rows)
    frame = pd.DataFrame({
        "segment": segment, "product_category": product, "targeting_criteria": criteria,
        "inferred_segments": inferred, "targeted": targeted, "age": age, "country": country,
        "channel": "display",
        "contact_count": contacts, "vulnerability_flags": flags,
        "explicit_consent_sensitive": False}).iloc[order].reset_index(drop=True)
    frame.insert(0, "customer_id", ids("T", rows))

    cards = card_letters()
    sensitive_names = [n for n in list(SENSITIVE)[:n_sensitive] if n in SPECIAL]
    hardship = SENSITIVE_SIZE if "Money Worries" in list(SENSITIVE)[:n_sensitive] else 0
    small = [name for name, s in segments.items() if 0 < s[3] < MIN_AUDIENCE]
    smallest = min(s[3] for s in segments.values() if s[3] > 0)
    housing_hit = HOUSING_SIZE if age_targeted_housing else 0
    # distinct tokens of criteria and inferred traits together, per card (all its people share them)
    depth = max(len({t for t in f"{s[1]};{s[2]}".split(";") if t}) for s in segments.values())
    answers = {"creepy.sensitive": sorted(cards[n] for n in sensitive_names),
               "creepy.micro": sorted(cards[n] for n in small),
               "creepy.opportunity": cards[HOUSING[0]] if age_targeted_housing else "none",
               "creepy.pressure": over}
    expected = {
        "targeting.sensitive_interests": outcome(len(sensitive_names) * SENSITIVE_SIZE),
        "targeting.hardship_targeting": outcome(hardship, warn=True),
        # law in the US rows (Fair Housing Act): fail
        "targeting.protected_criteria_in_opportunity_ads": outcome(housing_hit),
        # a re-identification risk, not a breach: warn; value = the smallest audience
        "targeting.micro_segments": {"status": "warn" if small else "pass", "value": smallest,
                                     "affected_rows": sum(segments[n][3] for n in small)},
        # a norm: warn; value = the most contacts any one person had
        "targeting.contact_pressure": {"status": "warn" if over else "pass",
                                       "value": int(contacts.max()), "affected_rows": over},
        "targeting.minors_restricted_products": outcome(minors),
        # the EU ban (DSA Art. 28(2)) does not reach UK or US rows
        "targeting.minors_profiling_ads": outcome(0),
        "targeting.vulnerable_high_risk": outcome(vulnerable, warn=True),
        "targeting.personalization_depth": {"status": "pass", "value": depth,
                                            "affected_rows": 0},
    }
    knobs = {"rows": rows, "micro_segment_size": micro, "sensitive_segments": n_sensitive,
             "age_targeted_housing": bool(age_targeted_housing), "over_contacted": over,
             "minors_targeted": minors, "vulnerable_targeted": vulnerable, "seed": seed}
    return build(frame, {}, name="Spring lifestyle campaign (training)", answers=answers,
                 expected=expected, knobs=knobs, tables={"cards": {n: cards[n] for n in segments}})


def card_letters() -> dict[str, str]:
    """Segment name -> card letter: A, B, C ... over every segment a knob can show, in
    alphabetical order, so that a card keeps its letter when the knobs add or remove others."""
    names = sorted([*EVERYDAY, *SENSITIVE, HOUSING[0], ALCOHOL[0], LOANS[0], MICRO[0]])
    return {name: chr(ord("A") + k) for k, name in enumerate(names)}
