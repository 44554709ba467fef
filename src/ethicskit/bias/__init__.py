"""The bias checks of docs/checks.md (notebook ``02_bias``).

The campaign is reduced once to group counts (:func:`ethicskit.bias.checks.reduce`); every
metric is derived from them, the selection and error rates through aif360 on the counts as
instance weights (:mod:`.aif`). aif360 is imported only when a check runs. The registry rows
are :data:`ethicskit.bias.checks.CHECKS`.
"""
