"""The bias checks of CHECKS.md (notebook ``02_bias``).

The campaign is reduced once to group counts (:mod:`.counts`); every metric is derived from
them, the selection and error rates through aif360 on the counts as instance weights
(:mod:`.aif`). aif360 is imported only when a check runs.
"""

from ethicskit.bias.error_rates import error_rate_parity
from ethicskit.bias.mitigation import mitigation_preview
from ethicskit.bias.offer import offer_boxes, offer_frame, offer_value_disparity
from ethicskit.bias.proxy import proxy_features
from ethicskit.bias.representation import representation
from ethicskit.bias.selection import intersectional, selection_rate

__all__ = ["selection_rate", "error_rate_parity", "intersectional", "offer_value_disparity",
           "representation", "proxy_features", "mitigation_preview", "offer_frame",
           "offer_boxes"]
