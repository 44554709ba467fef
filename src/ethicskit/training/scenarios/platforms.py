"""Module 06 (ad platforms and AI-generated content): opt-out signals against platform audiences.

:func:`platforms_scenario` is a US campaign whose people are reached by email, post or on ad
platforms (display, social), some of them also uploaded to a platform as a custom audience
(``shared_with_platform``). It plants exactly ``ignored_signals`` people in a state whose law
makes an opt-out preference signal (Global Privacy Control) binding (California, Colorado,
Connecticut, Texas, Oregon, Montana, New Jersey) who sent the signal and were reached on a
platform or uploaded to one. Distractors break no rule: people with the signal in states whose
law the rule pack does not name for it (New York, Florida), and people with the signal in a
binding state who were only emailed or written to and never shared (the signal opts out of sale
and sharing, not of marketing). Answer: ``platforms.gpc``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.training.scenarios.base import KnobError, build, ids, knob_int, outcome

BINDING = ("US-CA", "US-CO", "US-CT", "US-TX", "US-OR")
NOT_NAMED = ("US-NY", "US-FL")
REGIONS = np.array(BINDING + NOT_NAMED)
REGION_P = np.array([0.3, 0.1, 0.08, 0.15, 0.07, 0.18, 0.12])
PLATFORM = ("display", "social")


def platforms_scenario(rows: int = 400, ignored_signals: int = 5, *, seed: int = 7):
    """A US campaign of ``rows`` people with ``ignored_signals`` opt-out signals ignored.

    About 70% are targeted. Outside the planted rows, nobody in a binding state who sent the
    signal is reached on a platform or shared: 6 of them were emailed or written to (in order),
    and 6 people with the signal in New York or Florida were reached on a platform (not a rule
    the rule pack applies there).
    """
    rows = knob_int("rows", rows, low=100, high=20000)
    rng = np.random.default_rng(knob_int("seed", seed))
    n = rows
    region = rng.choice(REGIONS, n, p=REGION_P)
    channel = rng.choice(np.array(["email", "post", "display", "social"]), n,
                         p=[0.35, 0.1, 0.3, 0.25])
    targeted = np.zeros(n, dtype=bool)
    targeted[rng.choice(n, int(round(n * 0.7)), replace=False)] = True
    platform = np.isin(channel, PLATFORM)
    shared = (rng.random(n) < 0.3) & targeted
    gpc = np.zeros(n, dtype=bool)
    binding = np.isin(region, BINDING)

    reached = targeted & binding & (platform | shared)
    ignored_signals = knob_int("ignored_signals", ignored_signals, high=int(reached.sum()))
    planted = rng.choice(np.flatnonzero(reached), ignored_signals, replace=False)
    gpc[planted] = True
    # in order: the signal honoured (email or post only, never uploaded)
    honoured = np.setdiff1d(np.flatnonzero(targeted & binding & ~platform), planted)
    honoured = rng.choice(honoured, min(6, len(honoured)), replace=False)
    gpc[honoured] = True
    shared[honoured] = False
    # in order under the rule pack: a state without a named signal law
    elsewhere = np.flatnonzero(targeted & ~binding & platform)
    gpc[rng.choice(elsewhere, min(6, len(elsewhere)), replace=False)] = True

    frame = pd.DataFrame({"customer_id": ids("P", n), "country": "US", "region": region,
                          "channel": channel, "targeted": targeted, "gpc": gpc,
                          "shared_with_platform": shared})
    answers = {"platforms.gpc": ignored_signals}
    expected = {"privacy.optout_signal_ignored": outcome(ignored_signals)}
    knobs = {"rows": rows, "ignored_signals": ignored_signals, "seed": seed}
    return build(frame, {}, name="Lookalike audience upload (training)", answers=answers,
                 expected=expected, knobs=knobs)


# ---------------------------------------------------------------- AI-generated content
#: content kind -> (what the trainee reads, the letter of the duty that applies)
AI_CONTENT = {
    "chatbot": ("A sales assistant on the shop's website answers customers' questions in "
                "natural language; it is a generative AI system, and nothing on the page says so.",
                "b"),
    "deepfake": ("A video ad in which a well-known TV presenter appears to praise the product; "
                 "the video was generated with AI and she never recorded it.", "c"),
    "copy": ("Product descriptions drafted with a generative AI tool, then edited and approved "
             "by the copywriting team before they go on the product pages.", "a"),
}


class AIContentCase:
    """One piece of AI-made marketing content, with the AI Act duty that applies known by
    construction (``answers["platforms.ai"]``)."""

    def __init__(self, content: str) -> None:
        text, letter = AI_CONTENT[content]
        self.frame = pd.DataFrame({"what the campaign uses": [text]})
        self.answers = {"platforms.ai": letter}
        self.knobs = {"content": content}

    def _repr_html_(self) -> str:
        return self.frame.to_html(index=False, classes="ek-table", border=0)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


def ai_content_scenario(content: str = "deepfake") -> AIContentCase:
    """The case ``content`` (one of :data:`AI_CONTENT`) for the AI-content exercise."""
    if not isinstance(content, str) or content.strip().lower() not in AI_CONTENT:
        raise KnobError(f"knob content: {content!r} is not a case; use one of "
                        f"{', '.join(repr(k) for k in AI_CONTENT)}")
    return AIContentCase(content.strip().lower())
