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

    @property
    def path(self):
        return TRAINING_NOTEBOOKS / f"{self.stem}.ipynb"


MODULES: tuple[Module, ...] = (
    Module("01_consent", "Consent, opt-out and erasure", "35 to 40",
           "campaign managers, CRM and email marketers, anyone who builds an audience list",
           "What a valid and an explicit yes look like, where the law asks for a prior opt-in "
           "and where an opt-out is enough (EU and UK against US), and how to spot, by each "
           "person's country, contacts without consent, after an opt-out, and erasures past "
           "their deadline."),
    Module("02_bias", "Bias in targeting", "35 to 40",
           "data analysts and data scientists, marketing analysts who read model results",
           "How past data carries bias into a model, how to read a selection-rate ratio and its "
           "interval, why intersections and proxies matter, and what reweighing does and does "
           "not fix."),
    Module("03_helpful_or_creepy", "Helpful or creepy", "30 to 35",
           "marketers, creative and media planners, product owners",
           "Sensitive inferences, opportunity ads, micro-segments, contact pressure, and minors "
           "and people in difficulty: which are breaches of law and which are risks to review."),
    Module("04_transparency", "Transparency", "20 to 25",
           "everyone who writes or approves customer-facing text: marketing, product, privacy "
           "champions",
           "Writing what data is used and what is not, and reading a customer notice as a "
           "customer would."),
)
BY_STEM = {m.stem: m for m in MODULES}
