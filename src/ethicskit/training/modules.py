"""The training modules: file, title, length and who each is for (shown on the handout index)."""

from __future__ import annotations

from dataclasses import dataclass

from ethicskit.paths import NOTEBOOKS

TRAINING_NOTEBOOKS = NOTEBOOKS / "training"


@dataclass(frozen=True)
class Module:
    stem: str
    title: str
    minutes: str
    audience: str
    summary: str
    #: share of the assessment questions a trainee must get right to pass
    pass_mark: float = 0.8

    @property
    def path(self):
        return TRAINING_NOTEBOOKS / f"{self.stem}.ipynb"


MODULES: tuple[Module, ...] = (
    Module("01_consent", "Consent, opt-out and erasure", "40 to 45",
           "campaign managers, CRM and email marketers, anyone who builds an audience list",
           "What a valid and an explicit yes look like, where the law asks for a prior opt-in "
           "and where an opt-out is enough (EU and UK against US), and how to spot, by each "
           "person's country, contacts without consent, after an opt-out, and erasures past "
           "their deadline."),
    Module("02_bias", "Bias in targeting", "40 to 45",
           "data analysts and data scientists, marketing analysts who read model results",
           "How past data carries bias into a model, how to read a selection-rate ratio and its "
           "interval, why intersections and proxies matter, and what reweighing does and does "
           "not fix."),
    Module("03_helpful_or_creepy", "Helpful or creepy", "35 to 40",
           "marketers, creative and media planners, product owners",
           "Sensitive inferences, opportunity ads, micro-segments, contact pressure, and minors "
           "and people in difficulty: which are breaches of law and which are risks to review."),
    Module("04_transparency", "Transparency", "25 to 30",
           "everyone who writes or approves customer-facing text: marketing, product, privacy "
           "champions",
           "Writing what data is used and what is not, and reading a customer notice as a "
           "customer would."),
    Module("05_cookies_and_dark_patterns", "Cookies, consent strings and dark patterns",
           "30 to 35",
           "web and app marketers, media and ad-tech teams, product designers, privacy champions",
           "Which trackers need a prior yes (ePrivacy Art. 5(3)) and where, what a TCF consent "
           "string must hold, why a banner that makes refusing harder breaks the rules (CNIL "
           "2021, Planet49, IAB Europe), and what a legitimate-interests assessment can and "
           "cannot carry (Meta v Bundeskartellamt)."),
    Module("06_ad_platforms_and_ai_content", "Ad platforms and AI-generated content",
           "30 to 35",
           "performance marketers, CRM teams who upload audiences, creative teams using "
           "generative AI, DPOs",
           "Custom audiences, pixels and joint controllership (Fashion ID, Wirtschaftsakademie), "
           "opt-out signals such as Global Privacy Control, and the AI Act's transparency duties "
           "for AI-generated content and AI literacy (Art. 50, Art. 4)."),
)
BY_STEM = {m.stem: m for m in MODULES}
