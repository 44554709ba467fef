"""Metrics of the declaration itself: columns the inventory lacks, entries lacking fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ethicskit.check import Measure
from ethicskit.inventory import REQUIRED_FIELDS
from ethicskit.masking import safe_label

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.transparency.reduction import TransparencyReduction

#: The message key of a check run without an inventory.
NO_INVENTORY = "no_inventory"


def undeclared_columns(r: "TransparencyReduction") -> Measure:
    """Dataset columns the inventory does not declare.

    ``value`` = number of dataset columns with no inventory entry under their own or their
    logical (frame) name. Rule: GDPR Art. 5(1)(c) (data minimisation), 13 and 30 (records of
    processing): data you cannot account for is data you should not hold. Fails if
    ``value > 0``.
    """
    if r.inventory is None:
        return Measure.not_evaluated(NO_INVENTORY, missing=["inventory"])
    missing = [safe_label(column) for column, frame, _ in r.observed  # names shown: masked
               if r.inventory.entry_for(*((column, frame) if frame != column else (column,)))
               is None]
    return Measure(value=len(missing), details={"columns": missing,
                                                "declared": len(r.inventory.columns)},
                   facts={"undeclared": missing, "n": len(r.observed)})


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def inventory_completeness(r: "TransparencyReduction") -> Measure:
    """Declared columns whose entry lacks any of the seven fields of the inventory of docs/data.md.

    ``value`` = number of such entries (a field that is missing, null or blank is missing).
    Rule: Model Cards (Mitchell et al. 2019) and Datasheets for Datasets (Gebru et al. 2021):
    a declaration without purpose, basis or retention cannot be checked. Warns if
    ``value > 0``.
    """
    if r.inventory is None:
        return Measure.not_evaluated(NO_INVENTORY, missing=["inventory"])
    incomplete = []
    for name, entry in r.inventory.columns.items():
        missing = [f for f in REQUIRED_FIELDS if _blank(entry.get(f))]
        if missing:
            incomplete.append({"column": name, "missing": missing})
    return Measure(value=len(incomplete), details={"columns": incomplete},
                   facts={"incomplete": incomplete, "declared": len(r.inventory.columns)})
