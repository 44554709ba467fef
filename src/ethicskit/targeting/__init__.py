"""Ethical targeting checks (docs/checks.md, targeting; notebook ``03_targeting``).

The registry rows are in :mod:`.checks`: each a metric of the targeting reduction
(:mod:`.reduction`, built once per campaign), a rule and its message templates.

- :mod:`.audience`: who the audience is and how it was built (sensitive traits, protected
  criteria in opportunity offers, micro-segments, contact pressure, depth of profiling);
- :mod:`.products`: what is offered to whom (minors, vulnerable people, automated decisions).

The sensitive lexicon is in :mod:`.lexicon`, token matching in :mod:`.tokens`, and the tables
the notebook plots in :mod:`.tables`.
"""

from ethicskit.targeting.lexicon import CATEGORIES, Lexicon, load_lexicon  # noqa: F401

__all__ = ["CATEGORIES", "Lexicon", "load_lexicon"]
