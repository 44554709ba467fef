"""Module 05 (cookies, consent strings and dark patterns): a web campaign and a TC-string extract.

:func:`cookies_scenario` plants exactly ``untracked_ads`` people in the EU or the UK who were
shown personalised ads on a tracking channel (display, social) without a recorded yes to
tracking, among distractors that look alike but break no rule: US visitors shown the same ads
(the rule pack has no prior-consent rule for cookies in the US), and people in Europe without a
tracking yes who were reached only by email or post (no device tracking) or not targeted at all.

:func:`tcf_extract` is ten TC strings, written with the package's encoder, of which ``bad``
cannot carry personalised ads for the campaign's vendor: missing, a v1 string, no consent to
purpose 1, 3 or 4, legitimate interest only for purposes 3 and 4 (no longer allowed in TCF v2.2),
or no consent for the vendor. Answers: ``cookies.tracking``, ``cookies.tcf``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ethicskit.privacy.tcf import encode
from ethicskit.training.scenarios.base import KnobError, build, ids, knob_int, outcome

EUROPE = np.array(["GB", "DE", "FR", "IE"])
TRACKING = ("display", "social")
#: the vendor whose consent the campaign relies on (an example id, as in the sample config)
VENDOR = 755
CREATED = dt.date(2026, 11, 1)


def cookies_scenario(rows: int = 300, untracked_ads: int = 6, *, seed: int = 7):
    """A web campaign of ``rows`` people in GB, DE, FR, IE and the US with ``untracked_ads``
    people in Europe shown personalised ads on display or social without a tracking yes.

    Every other targeted person in Europe on display or social has ``tracking_consent`` true.
    Distractors: 8 US people on display or social without a tracking yes (no prior-consent rule
    there in the rule pack), 6 people in Europe without a tracking yes reached by email or post,
    and the untargeted people (shown nothing).
    """
    rows = knob_int("rows", rows, low=100, high=20000)
    rng = np.random.default_rng(knob_int("seed", seed))
    n = rows
    country = rng.choice(np.append(EUROPE, "US"), n, p=[0.3, 0.25, 0.15, 0.1, 0.2])
    channel = rng.choice(np.array(["display", "social", "email", "post"]), n,
                         p=[0.35, 0.3, 0.25, 0.1])
    targeted = np.zeros(n, dtype=bool)
    targeted[rng.choice(n, int(round(n * 0.7)), replace=False)] = True
    tracking = pd.array(rng.random(n) < 0.55, dtype="boolean")
    web = np.isin(channel, TRACKING)
    europe = np.isin(country, EUROPE)
    tracking[targeted & web & europe] = True

    pool = np.flatnonzero(targeted & web & europe)
    untracked_ads = knob_int("untracked_ads", untracked_ads, high=len(pool))
    planted = np.sort(rng.choice(pool, untracked_ads, replace=False))
    for k, row in enumerate(planted):  # half refused, half never answered: neither is a yes
        tracking[row] = False if k % 2 == 0 else pd.NA
    for mask, count in ((targeted & web & (country == "US"), 8),
                        (targeted & ~web & europe, 6)):
        rows_ = np.flatnonzero(mask)
        for k, row in enumerate(rng.choice(rows_, min(count, len(rows_)), replace=False)):
            tracking[row] = False if k % 2 == 0 else pd.NA

    frame = pd.DataFrame({"customer_id": ids("C", n), "country": country, "channel": channel,
                          "targeted": targeted, "tracking_consent": tracking})
    answers = {"cookies.tracking": untracked_ads}
    expected = {"privacy.tracking_consent": outcome(untracked_ads)}
    knobs = {"rows": rows, "untracked_ads": untracked_ads, "seed": seed}
    return build(frame, {}, name="Autumn retargeting (training)", answers=answers,
                 expected=expected, knobs=knobs)


#: the TC strings of the extract: (what the trainee reads, encoder arguments or None for a
#: missing string, whether it carries personalised ads for VENDOR)
_GOOD = ("consent to purposes 1, 3 and 4 and to the vendor",
         {"purposes_consent": (1, 2, 3, 4, 7), "vendor_consents": (VENDOR, 28)})
_BAD = [
    ("no string: the banner was closed without an answer", None),
    ("legitimate interest only for purposes 3 and 4",
     {"purposes_consent": (1, 7), "vendor_consents": (VENDOR,),
      "purposes_li_transparency": (2, 3, 4, 7)}),
    ("no consent to purpose 1 (storing on the device)",
     {"purposes_consent": (3, 4), "vendor_consents": (VENDOR,)}),
    ("consent to the purposes, not to this vendor",
     {"purposes_consent": (1, 3, 4), "vendor_consents": (28, 91)}),
    ("an old TCF v1 string", {"purposes_consent": (1, 3, 4), "vendor_consents": (VENDOR,),
                              "version": 1}),
    ("consent to purpose 1 only (refused personalised ads)",
     {"purposes_consent": (1,), "vendor_consents": (VENDOR,)}),
]
EXTRACT_ROWS = 10


def tcf_extract(bad: int = 5, *, seed: int = 7):
    """Ten people in France shown a personalised display ad, each with a TC string; ``bad`` of
    them cannot carry the ad for vendor :data:`VENDOR` (answer ``cookies.tcf``)."""
    bad = knob_int("bad", bad, high=EXTRACT_ROWS)
    rng = np.random.default_rng(knob_int("seed", seed))
    kinds = [_BAD[k % len(_BAD)] for k in range(bad)] + [_GOOD] * (EXTRACT_ROWS - bad)
    order = rng.permutation(EXTRACT_ROWS)
    strings = []
    for k in order:
        args = kinds[k][1]
        strings.append(None if args is None else encode(created=CREATED, **args))
    frame = pd.DataFrame({"customer_id": [f"T{i:02d}" for i in range(1, EXTRACT_ROWS + 1)],
                          "country": "FR", "channel": "display", "targeted": True,
                          "tc_string": strings})
    return build(frame, {"tcf_vendor_id": VENDOR}, name="Consent strings (training)",
                 answers={"cookies.tcf": bad},
                 expected={"privacy.tcf_consent": outcome(bad)},
                 knobs={"bad": bad, "seed": seed})


# ---------------------------------------------------------------- the banner read by eye
BANNER_LETTERS = {(False, False): "a", (True, False): "b", (False, True): "c", (True, True): "d"}


class Banner:
    """A consent banner described step by step, with its verdict known by construction.

    ``frame`` is what the trainee reads; ``answers["cookies.banner"]`` the letter of the right
    option of the exercise: (a) fair, (b) refusing takes more steps, (c) a choice is set in
    advance, (d) both.
    """

    def __init__(self, frame: pd.DataFrame, letter: str, knobs: dict) -> None:
        self.frame = frame
        self.answers = {"cookies.banner": letter}
        self.knobs = knobs

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, na_rep="", classes="ek-table", border=0)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False, na_rep="")


def banner_scenario(accept_clicks: int = 1, refuse_clicks: int = 3, preset_on: bool = False):
    """A banner where accepting takes ``accept_clicks`` and refusing ``refuse_clicks`` clicks,
    with the personalised-ads switch ``preset_on`` or off when the visitor opens the settings."""
    accept_clicks = knob_int("accept_clicks", accept_clicks, low=1, high=10)
    refuse_clicks = knob_int("refuse_clicks", refuse_clicks, low=1, high=10)
    if not isinstance(preset_on, (bool, np.bool_)):
        raise KnobError(f"knob preset_on: expected True or False, got {preset_on!r}")
    steps = [("first screen", "Accept all (large, coloured button)" if accept_clicks == 1
              else "Settings (link)", "More options (small grey link)" if refuse_clicks > 1
              else "Refuse all (button, same size and colour as Accept all)"
              if accept_clicks == 1 else "Refuse all (button)")]
    for k in range(2, max(accept_clicks, refuse_clicks) + 1):
        accept = "Accept all" if k == accept_clicks else ("Next" if k < accept_clicks else "")
        refuse = "Refuse all" if k == refuse_clicks else ("Next" if k < refuse_clicks else "")
        steps.append((f"screen {k}", accept, refuse))
    frame = pd.DataFrame(steps, columns=["step", "to accept, click", "to refuse, click"])
    frame["'Personalised ads' switch when settings open"] = ["on" if preset_on else "off"] + [
        ""] * (len(frame) - 1)
    letter = BANNER_LETTERS[(refuse_clicks > accept_clicks, bool(preset_on))]
    return Banner(frame, letter, {"accept_clicks": accept_clicks,
                                  "refuse_clicks": refuse_clicks, "preset_on": bool(preset_on)})
