"""Ethical targeting checks (CHECKS.md, Targeting; notebook ``03_targeting``).

One plain function per check, ``fn(campaign, *, <its thresholds>) -> Finding``:

- :func:`sensitive_interests`, :func:`protected_criteria_in_opportunity_ads`,
  :func:`micro_segments`, :func:`contact_pressure`, :func:`personalization_depth`
  (:mod:`.audience`: who the audience is and how it was built);
- :func:`minors_restricted_products`, :func:`vulnerable_high_risk`,
  :func:`automated_significant_decisions` (:mod:`.products`: what is offered to whom).

The sensitive lexicon is in :mod:`.lexicon`, token matching in :mod:`.tokens`, and the tables
the notebook plots in :mod:`.tables`.
"""

from ethicskit.targeting.audience import (contact_pressure, micro_segments,  # noqa: F401
                                          personalization_depth,
                                          protected_criteria_in_opportunity_ads,
                                          sensitive_interests)
from ethicskit.targeting.lexicon import CATEGORIES, Lexicon, load_lexicon  # noqa: F401
from ethicskit.targeting.products import (automated_significant_decisions,  # noqa: F401
                                          minors_restricted_products, vulnerable_high_risk)

__all__ = ["sensitive_interests", "protected_criteria_in_opportunity_ads", "micro_segments",
           "contact_pressure", "minors_restricted_products", "vulnerable_high_risk",
           "personalization_depth", "automated_significant_decisions", "CATEGORIES", "Lexicon",
           "load_lexicon"]
