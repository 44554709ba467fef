"""The privacy area (notebook ``01_privacy``): consent, rights, exposure and re-identification.

The registry rows, the reduction, the figure tables and ``suppress.csv`` are in
:mod:`ethicskit.privacy.checks`; each metric is ``metric(reduction, *, <its thresholds>) ->
Measure`` of the :class:`~ethicskit.privacy.reduction.PrivacyReduction` built once by
:func:`~ethicskit.privacy.reduction.reduce`. The legal parameters (consent basis per channel,
opt-out grace, erasure deadline, digital consent age) are those of the rule-pack entry each row
follows (:mod:`ethicskit.jurisdictions`), assigned once in the reduction. Evidence is at most ten ``customer_id`` values
(``details.customer_ids``), never an identifier's value. With a ``weight`` column every count
of people is the sum of the weights of the rows concerned, as if each row were repeated
``weight`` times (rows of weight 0 are nobody), and each finding has ``details.weighted``
true; evidence stays row ids and ``suppress.csv`` one line per row.
"""

from ethicskit.privacy.anonymity import class_sizes, quasi_identifiers  # noqa: F401
from ethicskit.privacy.consent import consent_funnel  # noqa: F401
from ethicskit.privacy.reduction import PrivacyReduction, reduce  # noqa: F401
from ethicskit.privacy.suppress import suppression_list, suppression_table  # noqa: F401
from ethicskit.privacy import tables  # noqa: F401,E402

__all__ = ["PrivacyReduction", "class_sizes", "consent_funnel", "quasi_identifiers", "reduce",
           "suppression_list", "suppression_table", "tables"]
