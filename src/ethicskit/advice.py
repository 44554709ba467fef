"""What a not-evaluated finding needs: data or configuration, and the line to add (a leaf module).

A check is not evaluated for one of three reasons, and each has its own remedy:

- **data**: a column it needs is not in the dataset (``details.missing``): map the dataset's own
  column to the logical name under ``columns:``, or compute it under ``derive:``;
- **config**: the config does not say something the check needs (quasi-identifiers, the
  sensitive attribute, population shares, an inventory...): the line to add is given;
- **nothing to audit**: the data has the columns but nothing the check could judge (no rows, nobody
  targeted, no offers, no segment): nothing is to be added, and the finding says so.

:func:`to_evaluate` gives ``{"needs": "data" | "config" | "nothing", "add": line}``; the executor
puts it in ``details.to_evaluate`` of every ``not_evaluated`` finding, and the report shows it.
"""

from __future__ import annotations

from typing import Iterable

from ethicskit.schema import BOOL, LOGICAL_TYPES

#: A metric's not-evaluated template -> (what is missing, the line to add).
CONFIG_LINES: dict[str, tuple[str, str]] = {
    "no_qis": ("config", "quasi_identifiers: [postcode, age_band, gender]"),
    "no_sensitive": ("config", "sensitive_attribute: <a column such as health_condition>"),
    "sensitive_absent": ("config", "sensitive_attribute: <a column of the dataset>"),
    "no_columns": ("config", "special_category_columns: [<a column holding health, ethnicity, "
                             "religion...>]"),
    "no_shares": ("config", "population_shares: {gender: {female: 0.5, male: 0.5}}"),
    "none_found": ("config", "population_shares: {<a protected attribute>: {<group>: <share>}}"),
    "no_inventory": ("config", "inventory: inventory.yaml   # start from templates/inventory.yaml"),
    "no_attributes": ("config", "protected_attributes: [gender, age_band]"),
    "one_attribute": ("config", "protected_attributes: [gender, age_band]   # two or more"),
    "no_decision": ("config", 'decision: <a yes/no column>   # or derive: {targeted: "<SQL '
                              'condition>"}'),
    "no_outcome": ("data", 'columns: {outcome: <your column>}   # or derive: {outcome: "<SQL '
                           'condition>"}'),
    "no_prediction": ("data", "columns: {prediction: <your column>}"),
    "no_offer_column": ("data", "columns: {offer_value: <your column>}"),
    "unchecked": ("data", "columns: {consent_email: <your column>}   # one per channel used"),
}
#: Templates that mean the data holds nothing the check could judge.
NOTHING = ("no_rows", "nobody_targeted", "empty", "no_offers", "no_known_outcome", "no_ratio",
           "no_rate", "no_smd", "nothing_scored", "no_text")


def column_line(missing: Iterable[str]) -> str:
    """``columns: {a: <your column>, b: <your column>}`` for the first alternative of each
    missing group (``"a or b"``), with a ``derive:`` hint when one is a yes/no column."""
    names = [str(group).split(" or ")[0].strip() for group in missing]
    line = "columns: {" + ", ".join(f"{n}: <your column>" for n in names) + "}"
    flags = [n for n in names if LOGICAL_TYPES.get(n) == BOOL]
    if flags:
        line += f'   # or derive: {{{flags[0]}: "<SQL condition>"}}'
    return line


def to_evaluate(*, skip: str | None, missing: Iterable[str]) -> dict:
    """What a not-evaluated finding needs: ``{"needs": ..., "add": ...}`` (see the module)."""
    missing = list(missing)
    if skip is None and not missing:  # measured, but nothing the rule could judge
        return {"needs": "nothing", "add": ""}
    if skip is None or (missing and skip not in CONFIG_LINES and skip not in NOTHING):
        return {"needs": "data", "add": column_line(missing)}
    if skip in CONFIG_LINES:
        needs, line = CONFIG_LINES[skip]
        return {"needs": needs, "add": line}
    if skip in NOTHING:
        return {"needs": "nothing", "add": ""}
    return {"needs": "config", "add": ""}
