"""The privacy checks of CHECKS.md (notebook ``01_privacy``), one plain function each.

Each check is ``fn(campaign, *, <its thresholds>) -> Finding``; the registry calls them by name
(``"privacy:consent_missing"``). For count-type checks ``value`` is the affected count and
``threshold`` 0 (the limit in days or years is in ``details``); k-anonymity reports k against
``k_min`` and l-diversity the smallest l against ``l_min``. Evidence is at most ten
``customer_id`` values (``details.customer_ids``), never an identifier's value.
"""

from ethicskit.privacy.anonymity import (class_sizes, k_anonymity, l_diversity,  # noqa: F401
                                         quasi_identifiers)
from ethicskit.privacy.consent import (consent_after_contact, consent_funnel,  # noqa: F401
                                       consent_missing, contact_after_optout)
from ethicskit.privacy.exposure import direct_identifiers, special_category_data  # noqa: F401
from ethicskit.privacy.rights import (erasure_ages, erasure_overdue, minors_profiled,  # noqa
                                      retention_exceeded)
from ethicskit.privacy.suppress import suppression_list, write_suppression  # noqa: F401
from ethicskit.privacy import tables  # noqa: F401,E402

CHECKS = ("consent_missing", "consent_after_contact", "contact_after_optout", "erasure_overdue",
          "direct_identifiers", "k_anonymity", "l_diversity", "special_category_data",
          "minors_profiled", "retention_exceeded")

__all__ = [*CHECKS, "class_sizes", "consent_funnel", "erasure_ages", "quasi_identifiers",
           "suppression_list", "write_suppression"]
