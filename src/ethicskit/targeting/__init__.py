"""Ethical targeting checks (docs/checks.md, targeting; notebook ``03_targeting``).

The registry rows are in :mod:`.checks`: each a metric of the targeting reduction
(:mod:`.reduction`, built once per campaign), a rule and its message templates.

- :mod:`.audience`: who the audience is and how it was built (special categories of data,
  financial hardship, protected criteria in opportunity offers, micro-segments, contact
  pressure, depth of profiling, profiling-based ads to minors on platforms);
- :mod:`.products`: what is offered to whom (age-restricted products to minors, vulnerable
  people, automated decisions).

Three checks follow the rule pack of each row's jurisdiction (sensitive interests, opportunity
ads, minors' profiling ads): the reduction assigns the jurisdictions once
(:func:`ethicskit.jurisdictions.assign`).

With a ``weight`` column every count of people (cells, audiences, ``affected_rows``) is the
sum of the weights of the rows concerned, as if each row were repeated ``weight`` times (rows
of weight 0 are nobody), and each finding has ``details.weighted`` true.

The sensitive lexicon is in :mod:`.lexicon`, token matching in :mod:`.tokens`, and the tables
the notebook plots in :mod:`.tables`.
"""

from ethicskit.targeting.lexicon import (CATEGORIES, HARDSHIP, SPECIAL_CATEGORIES,  # noqa: F401
                                         Lexicon, load_lexicon)

__all__ = ["CATEGORIES", "HARDSHIP", "SPECIAL_CATEGORIES", "Lexicon", "load_lexicon"]
