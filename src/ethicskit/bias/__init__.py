"""The bias checks of docs/checks.md (notebook ``02_bias``).

The campaign is reduced once to group counts (:func:`ethicskit.bias.checks.reduce`); every
metric is derived from them, the selection and error rates through aif360 on the counts as
instance weights (:mod:`.aif`). With a ``weight`` column the counts are people, sums of the rows'
weights (and ``decision: selected_count`` splits each row into its selected and not-selected
people), so every finding is that of the rows repeated; ``details.weighted`` says so. aif360 is
imported only when a check runs. The registry rows are :data:`ethicskit.bias.checks.CHECKS`.
"""
