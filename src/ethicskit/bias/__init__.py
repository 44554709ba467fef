"""The bias checks of docs/checks.md (notebook ``02_bias``).

The campaign is reduced once to group counts (:func:`ethicskit.bias.checks.reduce`); every
metric is derived from them, the selection and error rates and the reweighing weights by plain
numpy formulas on the counts (:mod:`.rates`; aif360 is the second library the tests compare
them with). With a ``weight`` column the counts are people, sums of the rows' weights (and
``decision: selected_count`` splits each row into its selected and not-selected people), so
every finding is that of the rows repeated; ``details.weighted`` says so. The registry rows
are :data:`ethicskit.bias.checks.CHECKS`.
"""
