"""Module 01 (consent, opt-out and erasure): a generated campaign and a hand-sized extract.

:func:`consent_scenario` plants exactly ``missing_consent`` people contacted on a channel that
needs an opt-in they never gave, ``late_optouts`` people contacted after they opted out and
``overdue_erasures`` erasure requests past their deadline, among people whose records are in
order and distractors that look wrong but are not (letters by post need no opt-in anywhere, a US
email needs none either, a US request has 45 days and a US opt-out 10 business days), each judged
by the law of the person's country. :func:`jurisdiction_cases` is the worked case of two rules
that differ between the EU and the US. :func:`consent_extract` is a dozen rows to read by eye,
with one breach of each kind.
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
#: The rules the trainee applies by hand, written out from the default rule pack (a scenario
#: never asks the checks under audit): which (country, channel) needs a prior opt-in. Email and
#: texts need one in the EU and the UK (ePrivacy Directive Art. 13(1), PECR reg. 22); live calls
#: only where a member state chose opt-in (Germany, UWG §7(2) Nr. 1); elsewhere calls are
#: opt-out with a do-not-call register. In the US email is opt-out (CAN-SPAM), texts need prior
#: express written consent (TCPA), personalised ads are opt-out (state privacy laws). Post needs
#: nothing anywhere.
OPT_IN = {("GB", "email"), ("GB", "sms"), ("GB", "display"),
          ("DE", "email"), ("DE", "sms"), ("DE", "display"), ("DE", "phone"),
          ("FR", "email"), ("FR", "sms"), ("FR", "display"),
          ("IE", "email"), ("IE", "sms"), ("IE", "display"),
          ("US", "sms")}
#: Opt-out grace: none in the EU and UK (GDPR Art. 7(3), 21(3)); 10 business days in the US
#: (CAN-SPAM 15 U.S.C. 7704(a)(4); 47 CFR 64.1200(a)(10)).
GRACE_BUSINESS_DAYS = {"US": 10}
#: Erasure deadlines in days, and the extension when the person was told of one: one month plus
#: two in the EU and UK (GDPR Art. 12(3)), 45 plus 45 in the US (Cal. Code Regs. tit. 11
#: §7021(b)).
ERASURE_DAYS = {"default": (30, 60), "US": (45, 45)}
CLEAN_OPTOUTS = 9      # contacted, then opted out: in order, but they must not be contacted again
OPT_OUT_CHANNEL_NO = 4  # contacted without an opt-in on a channel that needs none there
CLEAN_ERASURES = 7     # open requests within their deadline (a US one at 40 days, an extended one)
#: the US opt-out honoured on business day 8: opted out Monday 9 Nov 2026 (20 days before
#: AS_OF), contacted Thursday 19 Nov 2026 (10 days before), 8 business days later
US_OPTOUT_DAYS, US_CONTACT_DAYS = 20, 10


def needs_opt_in(country, channel) -> np.ndarray:
    """Whether each (country, channel) pair needs a prior opt-in (:data:`OPT_IN`)."""
    return np.array([(c, ch) in OPT_IN for c, ch in zip(country, channel)], dtype=bool)


def consent_scenario(rows: int = 400, missing_consent: int = 12, late_optouts: int = 3,
                     overdue_erasures: int = 2, *, seed: int = 7):
    """A campaign of ``rows`` people in GB, DE, FR, IE and the US with the consent breaches
    the knobs ask for, judged by the law of each person's country.

    About 70% of people are targeted and contacted in the last 60 days on one channel. Every
    targeted person on a channel that needs an opt-in *in their country* has that opt-in,
    except ``missing_consent`` of them (half with the box recorded as *no*, half left empty: an
    empty box is not a yes). Four people were contacted without an opt-in on a channel that
    needs none where they live (a US email, a call in France): in order. Nine people opted out
    after their contact (in order), one US person was contacted on the 8th business day after
    opting out (in order: the US allows 10) and ``late_optouts`` people in Europe were contacted
    after opting out. Seven erasure requests are open within their deadline (one US request at
    40 of its 45 days, one extended by two months and the person told) and
    ``overdue_erasures`` past it. Answers: ``consent.count``, ``consent.optout``,
    ``consent.erasure``.
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

    opt_in = np.flatnonzero(targeted & needs_opt_in(country, channel))
    missing_consent = knob_int("missing_consent", missing_consent, high=len(opt_in))
    missing = rng.choice(opt_in, missing_consent, replace=False)
    for k, row in enumerate(np.sort(missing)):
        consent[CONSENT_OF[channel[row]]][row] = False if k % 2 == 0 else pd.NA
    # distractors: no opt-in, on a channel that needs none in that country
    no_need = np.flatnonzero(targeted & ~needs_opt_in(country, channel) & (channel != "post"))
    for row in rng.choice(no_need, min(OPT_OUT_CHANNEL_NO, len(no_need)), replace=False):
        consent[CONSENT_OF[channel[row]]][row] = False

    contact_days = np.where(targeted, rng.integers(3, 61, n), -1)
    any_consent = np.zeros(n, dtype=bool)
    for column in CONSENT_COLUMNS:
        any_consent |= consent[column].fillna(False).to_numpy(bool)
    consent_days = np.where(any_consent, np.maximum(contact_days, 0) + rng.integers(10, 400, n),
                            -1)

    # opt-outs and erasure requests fall on people whose consent is in order
    others = np.setdiff1d(np.flatnonzero(targeted), missing)
    clean_opt = rng.choice(others, min(CLEAN_OPTOUTS, len(others)), replace=False)
    rest = np.setdiff1d(others, clean_opt)
    us_rest = rest[(country[rest] == "US") & (channel[rest] != "sms")]
    if len(us_rest):
        us_row = int(rng.choice(us_rest))
    else:  # a letter by post is in order in any country: move one to the US
        us_row = int(rng.choice(rest[channel[rest] == "post"] if (channel[rest] == "post").any()
                                else rest))
        country[us_row] = "US"
    rest = rest[(rest != us_row) & (country[rest] != "US")]
    late_optouts = knob_int("late_optouts", late_optouts, high=len(rest))
    late_opt = rng.choice(rest, late_optouts, replace=False)
    optout_days = np.full(n, -1)
    # in order: the opt-out came 1 to 2 days or more after the contact (fewer days before as_of)
    optout_days[clean_opt] = contact_days[clean_opt] - rng.integers(1, 3, len(clean_opt))
    optout_days[clean_opt] = np.maximum(optout_days[clean_opt], 0)
    # in order in the US only: contacted on the 8th business day after the opt-out
    optout_days[us_row], contact_days[us_row] = US_OPTOUT_DAYS, US_CONTACT_DAYS
    # breach (EU and UK: no grace): the opt-out came 2 to 20 days before the contact
    optout_days[late_opt] = contact_days[late_opt] + rng.integers(2, 21, len(late_opt))

    untargeted = np.flatnonzero(~targeted)
    overdue_erasures = knob_int("overdue_erasures", overdue_erasures,
                                high=max(len(untargeted) - CLEAN_ERASURES, 0))
    chosen = rng.choice(untargeted, CLEAN_ERASURES + overdue_erasures, replace=False)
    clean_er, late_er = chosen[:CLEAN_ERASURES], chosen[CLEAN_ERASURES:]
    erasure_days = np.full(n, -1)
    extended = pd.array([pd.NA] * n, dtype="boolean")
    country[clean_er[0]] = "US"            # distractor: 40 days, within the US 45
    erasure_days[clean_er[0]] = 40
    country[clean_er[1]] = "GB"            # distractor: 50 days, extended to three months
    erasure_days[clean_er[1]] = 50
    country[clean_er[2:]] = "GB"
    erasure_days[clean_er[2:]] = rng.integers(2, 29, len(clean_er) - 2)
    country[late_er] = rng.choice(["GB", "DE", "FR"], len(late_er))
    erasure_days[late_er] = rng.integers(35, 120, len(late_er))
    extended[chosen] = False
    extended[clean_er[1]] = True

    def when(days):
        out = ts(np.maximum(days, 0))
        return out.where(pd.Series(days >= 0), None)

    frame = pd.DataFrame({
        "customer_id": ids("K", n), "country": country, "channel": channel,
        **{c: consent[c] for c in CONSENT_COLUMNS},
        "consent_ts": when(consent_days), "targeted": targeted,
        "contact_ts": when(contact_days), "optout_ts": when(optout_days),
        "erasure_request_ts": when(erasure_days), "erasure_extended": extended})
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


def jurisdiction_cases():
    """Four people, two rules that differ by country (the consent module's worked case).

    A French and a US customer were emailed without an opt-in; a US and an Irish customer
    opted out on Monday 9 November 2026 and were emailed on Thursday 19 November, the 8th
    business day after. Under the default rule pack the French email and the Irish contact
    break a rule; the two US rows are in order (CAN-SPAM: email is opt-out, and an opt-out must
    be honoured within 10 business days).
    """
    opt = ts(US_OPTOUT_DAYS)
    contact = ts(US_CONTACT_DAYS)
    frame = pd.DataFrame({
        "customer_id": ["W01", "W02", "W03", "W04"], "country": ["FR", "US", "US", "IE"],
        "channel": "email", "targeted": True,
        "consent_email": pd.array([False, False, True, True], dtype="boolean"),
        "consent_ts": [None, None, ts(400), ts(400)],
        "contact_ts": [contact] * 4, "optout_ts": [None, None, opt, opt]})
    expected = {"privacy.consent_missing": outcome(1),
                "privacy.contact_after_optout": outcome(1)}
    answers = {"cases.breaches": ["W01", "W04"]}
    return build(frame, {}, name="Two countries, two rules (training)", answers=answers,
                 expected=expected, knobs={})


# ---------------------------------------------------------------- the extract read by eye
#: (channel, opt-in, opt-in given, contacted, opted out, erasure asked, country, breach kind,
#: why a row without a breach is in order)
#: dates are days before AS_OF; None = empty. One row per situation a trainee must judge.
_EXTRACT = [
    ("email", "yes", 272, 19, None, None, "GB", None,
     "the opt-in was given long before the email"),
    ("sms", "no", None, 17, None, None, "DE", "no_consent", ""),
    ("post", "not needed", None, 26, None, None, "GB", None,
     "letters by post need no opt-in (the person may still object, and must then be left out)"),
    ("email", "", None, 14, None, None, "FR", "empty_consent", ""),
    ("email", "yes", 9, 15, None, None, "GB", "consent_after_contact", ""),
    ("phone", "yes", 546, 11, 24, None, "IE", "after_optout", ""),
    ("display", "yes", 323, 30, 21, None, "GB", None,
     "the contact came before the opt-out; from now on this person must not be contacted"),
    ("email", "", None, None, None, 76, "GB", "erasure_overdue", ""),
    ("email", "no", None, None, None, 40, "US", None,
     "a US erasure request has 45 days and this one is 40 days old"),
    ("email", "no", None, 12, None, None, "US", None,
     "commercial email is opt-out in the US (CAN-SPAM): no prior opt-in is needed, but an "
     "unsubscribe must be honoured within 10 business days"),
    ("email", "yes", 120, None, None, 20, "DE", None,
     "the erasure request is 20 days old, within the month allowed"),
    ("email", "no", None, None, None, None, "FR", None,
     "this person was never contacted, so the missing opt-in was respected"),
]
BREACH_KINDS = {
    "no_consent": "someone contacted on a channel that needs an opt-in in their country, "
                  "recorded as no",
    "empty_consent": "someone contacted on a channel that needs an opt-in in their country, "
                     "with the box left empty",
    "consent_after_contact": "someone whose opt-in is dated after the contact",
    "after_optout": "someone in Europe contacted after they opted out",
    "erasure_overdue": "an erasure request older than its deadline (one month in the EU and UK, "
                       "45 days in the US)",
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
