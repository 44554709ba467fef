"""The transparency area's rows (notebook ``04_transparency``): metric, rule and words each.

``CHECKS`` are the registry rows, ``reduce`` builds the :class:`TransparencyReduction` once,
``tables`` gives the inventory-against-data table the notebook shows and ``files`` the notice,
data sheet and model card the run writes.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from ethicskit.check import Check, Rule, check
from ethicskit.transparency.declared import (NO_INVENTORY, inventory_completeness,
                                             undeclared_columns)
from ethicskit.transparency.disclosure import inventory_frame, notice, notice_files, sheet
from ethicskit.transparency.excluded import excluded_data_used
from ethicskit.transparency.model_card import card_files, model_card
from ethicskit.transparency.reduction import TransparencyReduction, reduce  # noqa: F401

#: ``reduce(campaign, findings)`` receives the findings computed before the area (registry).
USES_FINDINGS = True

#: The reduction is built from a compressed campaign too (its engine counts the rows:
#: :mod:`ethicskit.transparency.cells`), equal to the rows' for the same earlier findings; a
#: run uses it only when the areas before it are computed from cells too
#: (:func:`ethicskit.compressed.cell_areas`), as the notice and model card read their findings.
FROM_CELLS = True

#: Warn when the measure's fact ``problems`` > 0 (missing items, contradictions), else ``info``
#: (a notice reported without judgement).
WARN_ELSE_INFO = Rule("warn", on="problems", passed="info")

#: The message of every check run without an inventory.
NO_INVENTORY_TEXT = ("Not evaluated: the config names no data inventory (`inventory:`), so "
                     "there is nothing declared to compare the data with.")

CHECKS: tuple[Check, ...] = (
    check("transparency.undeclared_columns", "Columns not declared in the data inventory",
          "high", undeclared_columns, unit="columns", rule=Rule("warn", on="value"), threshold=0,
          messages={
              "warn": "{{ undeclared | length }} of {{ n }} dataset columns are not declared in "
                      "the data inventory: {{ undeclared[:8] | join(', ') }}"
                      "{% if undeclared | length > 8 %} and more{% endif %}: a gap in the "
                      "record of processing to review.",
              "pass": "All {{ n }} dataset columns are declared in the data inventory.",
              NO_INVENTORY: NO_INVENTORY_TEXT},
          reads=["*"],
          references=["GDPR Art. 5(1)(c)", "GDPR Art. 13", "GDPR Art. 30"],
          remediation="Declare every column in the inventory (category, purpose, legal basis, "
                      "retention) or drop the columns the campaign does not need."),
    check("transparency.excluded_data_used", "Excluded data used by the model or targeting",
          "high", excluded_data_used, unit="columns", rule=Rule("fail", on="value"), threshold=0,
          messages={
              "fail": "{{ used | length }} column(s) declared as excluded are used: "
                      "{% for u in used %}{{ u.column }} ({{ u.declared }}) in "
                      "{{ u.used_in | join(' and ') }}{% if not loop.last %}; {% endif %}"
                      "{% endfor %}. {{ affected_rows | num }} rows were selected with such a "
                      "criterion.{% if default_features %} The config lists no "
                      "`model_features`, so every column outside the data contract counts as "
                      "a model feature.{% endif %}",
              "pass": "None of the {{ excluded }} columns declared as excluded appears in the "
                      "model features or the targeting criteria.{% if default_features %} The "
                      "config lists no `model_features`, so every column outside the data "
                      "contract counts as a model feature.{% endif %}",
              NO_INVENTORY: NO_INVENTORY_TEXT},
          reads=["targeting_criteria"],
          references=["GDPR Art. 5(1)(b)"],
          remediation="Remove these columns from the model features and targeting criteria, or "
                      "change the declaration with a documented, lawful reason."),
    check("transparency.inventory_completeness", "Incomplete inventory entries", "medium",
          inventory_completeness, unit="columns", rule=Rule("warn", on="value"), threshold=0,
          messages={
              "warn": "{{ incomplete | length }} of {{ declared }} declared columns are "
                      "incomplete: {% for e in incomplete[:6] %}{{ e.column }} lacks "
                      "{{ e.missing | join(', ') }}{% if not loop.last %}; {% endif %}"
                      "{% endfor %}.",
              "pass": "All {{ declared }} declared columns have all seven fields.",
              NO_INVENTORY: NO_INVENTORY_TEXT},
          reads=["*"],
          references=["Model Cards (Mitchell et al. 2019)", "Datasheets for Datasets"],
          remediation="Fill in category, purpose, legal basis, source, retention, use in the "
                      "model and the reason for every declared column."),
    check("transparency.model_card", "Model card: how bias is checked", "medium", model_card,
          unit="features", rule=WARN_ELSE_INFO,
          messages={
              "warn": "The model card is written, but {{ missing | length }} of {{ n_features }} "
                      "model {{ n_features | plural('feature') }} "
                      "{{ missing | length | verb('has', 'have') }} no declared reason: "
                      "{{ missing[:8] | join(', ') }}{% if missing | length > 8 %} and more"
                      "{% endif %}. The card cannot say why the model uses "
                      "{{ missing | length | verb('it', 'them') }}."
                      "{% if bias_run %} It reports {{ judged }} bias "
                      "{{ judged | plural('check') }} that judged the data on "
                      "{{ n_attributes }} protected "
                      "{{ n_attributes | plural('attribute') }}.{% else %} No bias check ran, "
                      "so it reports no measurement.{% endif %}",
              "default": "Model card written for the decision {{ decision }}"
                         "{% if domain %} ({{ domain }} domain){% endif %}: {{ n_features }} "
                         "model {{ n_features | plural('feature') }} with their declared "
                         "reasons, {{ n_excluded }} excluded "
                         "{{ n_excluded | plural('column') }}"
                         "{% if bias_run %}, and {{ judged }} bias "
                         "{{ judged | plural('check') }} that judged the data on "
                         "{{ n_attributes }} protected "
                         "{{ n_attributes | plural('attribute') }}{% else %}; no bias check "
                         "ran, so it reports no measurement{% endif %}.",
              NO_INVENTORY: NO_INVENTORY_TEXT},
          reads=["*"],
          references=["Model Cards (Mitchell et al. 2019)"],
          remediation="Declare a purpose and a reason for every model feature in the "
                      "inventory, and review the card with the model owner before it is "
                      "shared."),
    check("transparency.notice", "Customer notice and data sheet", "low", notice,
          unit="kinds of data", rule=WARN_ELSE_INFO,
          messages={
              "warn": "The customer notice is a DRAFT: "
                      "{% if missing_fields %}{{ missing_fields | length }} GDPR Art. 13/14 "
                      "{{ missing_fields | length | plural('item') }} could not be filled "
                      "({{ missing_words | join('; ') }}){% endif %}"
                      "{% if missing_fields and contradictions %}, and {% endif %}"
                      "{% if contradictions %}{{ contradictions | length }} "
                      "{{ contradictions | length | plural('statement') }} "
                      "{{ contradictions | length | verb('was', 'were') }} left out because "
                      "a failing check disproves {{ contradictions | length | verb('it', "
                      "'them') }} ({{ contradictions | unique | join(', ') }}){% endif %}. "
                      "It describes {{ n_used }} kinds of data used for personalisation and "
                      "{{ n_excluded }} excluded. Fix the campaign or the declaration, then "
                      "review it with legal before publishing.",
              "default": "Customer notice written: {{ n_used }} kinds of data used for "
                         "personalisation, {{ n_excluded }} excluded, with rights and "
                         "retention.{% if draft %} It is marked DRAFT: {{ unchecked }} "
                         "{{ unchecked | plural('statement') }} could not be checked against "
                         "the findings of this run.{% endif %} Review it with legal before "
                         "publishing.",
              NO_INVENTORY: NO_INVENTORY_TEXT},
          reads=["*"],
          references=["GDPR Art. 12", "GDPR Art. 13", "GDPR Art. 14", "GDPR Art. 21(4)"],
          remediation="Fill the missing items in the config's `controller:` block and the "
                      "inventory; where a check disproves a statement, fix the campaign (or the "
                      "declaration) rather than the notice. Have legal review the notice before "
                      "it is published where customers see the offer."),
)


def tables(reduction: TransparencyReduction, findings: Mapping | None = None
           ) -> dict[str, pd.DataFrame]:
    """``inventory``: the inventory against the data, one row per dataset or declared column
    (declared, category, purpose, legal basis, retention, in model, use, non-null rows; no data
    value). {} without an inventory."""
    if reduction.inventory is None:
        return {}
    return {"inventory": inventory_frame(sheet(reduction))}


def files(reduction: TransparencyReduction, findings) -> dict[str, str]:
    """``notice.md``, ``notice.html`` and ``datasheet.html`` (the data sheet lists the
    transparency ``findings``), ``model_card.md`` and ``model_card.html`` (from the findings
    the reduction was built with); {} without an inventory."""
    return {**notice_files(reduction, findings), **card_files(reduction)}
