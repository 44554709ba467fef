"""Module 01 (consent, opt-out and erasure): a generated campaign and a hand-sized extract.

:func:`consent_scenario` plants exactly ``missing_consent`` people contacted on a channel that
needs an opt-in they never gave, ``late_optouts`` people contacted after they opted out and
``overdue_erasures`` erasure requests past their deadline, among people whose records are in
order and distractors that look wrong but are not (letters by post need no opt-in; a US request
has 45 days). :func:`consent_extract` is a dozen rows to read by eye, with one breach of each kind.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.training.scenarios.base import (AS_OF, KnobError, build, ids, knob_int, outcome,
                                               ts)

CHANNELS = np.array(["email", "sms", "phone", "post", "display"])
CHANNEL_P = np.array([0.45, 0.15, 0.10, 0.15, 0.15])
CONSENT_OF = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
              "display": "consent_personalization"}
CONSENT_COLUMNS = ("consent_email", "consent_sms", "consent_phone", "consent_personalization")
COUNTRIES = np.array(["GB", "DE", "FR", "IE", "US"])
COUNTRY_P = np.array([0.35, 0.25, 0.15, 0.10, 0.15])
#: Deadlines the trainee applies by hand (the suite's defaults: 30 days, US 45).
ERASURE_DAYS = {"default": 30, "US": 45}
CLEAN_OPTOUTS = 9      # contacted, then opted out: in order, but they must not be contacted again
CLEAN_ERASURES = 6     # open requests still within their deadline (one of them a US one at 40 days)


def consent_scenario(rows: int = 400, missing_consent: int = 12, late_optouts: int = 3,
                     overdue_erasures: int = 2, *, seed: int = 7):
    """A campaign of ``rows`` people with the consent breaches the knobs ask for.

    About 70% of people are targeted and contacted in the last 60 days on one channel. Every
    targeted person on an opt-in channel has that opt-in, except ``missing_consent`` of them
    (half with the box recorded as *no*, half left empty: an empty box is not a yes). Nine
    people opted out after their contact (in order) and ``late_optouts`` were contacted after
    opting out. Six erasure requests are open within their deadline and ``overdue_erasures``
    past it. Answers: ``consent.count``, ``consent.optout``, ``consent.erasure``.
    """
    rows = knob_int("rows", rows, low=100, high=20000)
    rng = np.random.default_rng(knob_int("seed", seed))
    n = rows
    channel = rng.choice(CHANNELS, n, p=CHANNEL_P)
    country = rng.choice(COUNTRIES, n, p=COUNTRY_P)
    targeted = np.zeros(n, dtype=bool)
    targeted[rng.choice(n, int(round(n * 0.7)), replace=False)] = True

    consent = {c: rng.random(n) < 0.6 for c in CONSENT_COLUMNS}
    consent = {c: pd.array(v, dtype="boolean") for c, v in consent.items()}
    for ch, column in CONSENT_OF.items():
        consent[column][targeted & (channel == ch)] = True

    opt_in = np.flatnonzero(targeted & (channel != "post"))
    missing_consent = knob_int("missing_consent", missing_consent, high=len(opt_in))
    missing = rng.choice(opt_in, missing_consent, replace=False)
    for k, row in enumerate(np.sort(missing)):
        consent[CONSENT_OF[channel[row]]][row] = False if k % 2 == 0 else pd.NA

    contact_days = np.where(targeted, rng.integers(3, 61, n), -1)
    any_consent = np.zeros(n, dtype=bool)
    for column in CONSENT_COLUMNS:
        any_consent |= consent[column].fillna(False).to_numpy(bool)
    consent_days = np.where(any_consent, np.maximum(contact_days, 0) + rng.integers(10, 400, n),
                            -1)

    # opt-outs and erasure requests fall on people whose consent is in order
    others = np.setdiff1d(np.flatnonzero(targeted), missing)
    late_optouts = knob_int("late_optouts", late_optouts, high=max(len(others) - CLEAN_OPTOUTS, 0))
    chosen = rng.choice(others, CLEAN_OPTOUTS + late_optouts, replace=False)
    clean_opt, late_opt = chosen[:CLEAN_OPTOUTS], chosen[CLEAN_OPTOUTS:]
    optout_days = np.full(n, -1)
    # in order: the opt-out came 1 to 2 days or more after the contact (fewer days before as_of)
    optout_days[clean_opt] = contact_days[clean_opt] - rng.integers(1, 3, len(clean_opt))
    optout_days[clean_opt] = np.maximum(optout_days[clean_opt], 0)
    # breach: the opt-out came 2 to 20 days before the contact
    optout_days[late_opt] = contact_days[late_opt] + rng.integers(2, 21, len(late_opt))

    untargeted = np.flatnonzero(~targeted)
    overdue_erasures = knob_int("overdue_erasures", overdue_erasures,
                                high=max(len(untargeted) - CLEAN_ERASURES, 0))
    chosen = rng.choice(untargeted, CLEAN_ERASURES + overdue_erasures, replace=False)
    clean_er, late_er = chosen[:CLEAN_ERASURES], chosen[CLEAN_ERASURES:]
    erasure_days = np.full(n, -1)
    country[clean_er[0]] = "US"            # the distractor: 40 days, within the US 45
    erasure_days[clean_er[0]] = 40
    country[clean_er[1:]] = "GB"
    erasure_days[clean_er[1:]] = rng.integers(2, 29, len(clean_er) - 1)
    country[late_er] = rng.choice(["GB", "DE", "FR"], len(late_er))
    erasure_days[late_er] = rng.integers(35, 120, len(late_er))

    def when(days):
        out = ts(np.maximum(days, 0))
        return out.where(pd.Series(days >= 0), None)

    frame = pd.DataFrame({
        "customer_id": ids("K", n), "country": country, "channel": channel,
        **{c: consent[c] for c in CONSENT_COLUMNS},
        "consent_ts": when(consent_days), "targeted": targeted,
        "contact_ts": when(contact_days), "optout_ts": when(optout_days),
        "erasure_request_ts": when(erasure_days)})
    answers = {"consent.count": missing_consent, "consent.optout": late_optouts,
               "consent.erasure": overdue_erasures}
    expected = {"privacy.consent_missing": outcome(missing_consent),
                "privacy.consent_after_contact": outcome(0),
                "privacy.contact_after_optout": outcome(late_optouts),
                "privacy.erasure_overdue": outcome(overdue_erasures)}
    knobs = {"rows": rows, "missing_consent": missing_consent, "late_optouts": late_optouts,
             "overdue_erasures": overdue_erasures, "seed": seed}
    return build(frame, {}, name="Winter newsletter (training)", answers=answers,
                 expected=expected, knobs=knobs)


# ---------------------------------------------------------------- the extract read by eye
#: (channel, opt-in, opt-in given, contacted, opted out, erasure asked, country, breach kind,
#: why a row without a breach is in order)
#: dates are days before AS_OF; None = empty. One row per situation a trainee must judge.
_EXTRACT = [
    ("email", "yes", 272, 19, None, None, "GB", None,
     "the opt-in was given long before the email"),
    ("sms", "no", None, 17, None, None, "DE", "no_consent", ""),
    ("post", "not needed", None, 26, None, None, "GB", None, "letters by post need no opt-in"),
    ("email", "", None, 14, None, None, "FR", "empty_consent", ""),
    ("email", "yes", 9, 15, None, None, "GB", "consent_after_contact", ""),
    ("phone", "yes", 546, 11, 24, None, "IE", "after_optout", ""),
    ("display", "yes", 323, 30, 21, None, "GB", None,
     "the contact came before the opt-out; from now on this person must not be contacted"),
    ("email", "", None, None, None, 76, "GB", "erasure_overdue", ""),
    ("email", "no", None, None, None, 40, "US", None,
     "a US erasure request has 45 days and this one is 40 days old"),
    ("sms", "yes", 363, 8, None, None, "DE", None, "the opt-in came long before the text"),
    ("email", "yes", 120, None, None, 20, "DE", None,
     "the erasure request is 20 days old, within the 30 days allowed"),
    ("email", "no", None, None, None, None, "FR", None,
     "this person was never contacted, so the missing opt-in was respected"),
]
BREACH_KINDS = {
    "no_consent": "someone contacted on a channel whose opt-in is recorded as no",
    "empty_consent": "someone contacted on a channel whose opt-in box was left empty",
    "consent_after_contact": "someone whose opt-in is dated after the contact",
    "after_optout": "someone contacted after they opted out",
    "erasure_overdue": "an erasure request older than its deadline (30 days; US 45)",
}


class Extract:
    """A small campaign extract to read by eye, with its breaches known by construction.

    ``frame`` is what the trainee sees; ``answers["consent.spot"]`` the customer ids that break
    a rule, ``kinds`` the kind of breach of each (hints name a kind, never an id) and ``fine``
    why each other row is in order (said only about a row the trainee picked).
    """

    def __init__(self, frame: pd.DataFrame, kinds: dict[str, str], fine: dict[str, str]) -> None:
        self.frame = frame
        self.kinds = kinds
        self.fine = fine
        self.answers = {"consent.spot": sorted(kinds)}
        self.ids = list(frame["customer"])

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, na_rep="", classes="ek-table", border=0)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False, na_rep="")


def consent_extract(*, seed: int = 7) -> Extract:
    """Twelve rows of a campaign as of 29 Nov 2026, shuffled by ``seed``; five break a rule."""
    rng = np.random.default_rng(knob_int("seed", seed))
    order = rng.permutation(len(_EXTRACT))
    numbers = np.sort(rng.choice(np.arange(10, 100), len(_EXTRACT), replace=False))
    records, kinds, fine = [], {}, {}

    def day(d):
        return "" if d is None else (pd.Timestamp(AS_OF) - pd.Timedelta(days=d)).date().isoformat()

    for number, k in zip(numbers, order):
        ch, opt, given, contact, optout, erasure, country, kind, why = _EXTRACT[k]
        cid = f"X{number:02d}"
        records.append({"customer": cid, "country": country, "channel": ch,
                        "opt-in for this channel": opt, "opt-in given on": day(given),
                        "contacted on": day(contact), "opted out on": day(optout),
                        "erasure asked on": day(erasure)})
        if kind:
            kinds[cid] = kind
        else:
            fine[cid] = why
    if len(kinds) != 5:  # pragma: no cover - the table above is fixed
        raise KnobError("the consent extract must hold five breaches")
    return Extract(pd.DataFrame(records), kinds, fine)
