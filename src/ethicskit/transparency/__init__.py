"""Transparency checks: the declared data inventory compared with the data and its use.

A dataset column is *declared* when the inventory names it by the dataset's own name or by its
logical name. Derived columns (``age``, ``age_band``) and a row-number key are not dataset
columns. The rows are in :mod:`ethicskit.transparency.checks`; the metrics read the
:class:`~ethicskit.transparency.reduction.TransparencyReduction` built once by :func:`reduce`,
which receives the findings of the areas computed before (``USES_FINDINGS``): the customer notice
states nothing a failing finding disproves.
"""

from __future__ import annotations

from ethicskit.transparency.declared import (inventory_completeness,  # noqa: F401
                                             undeclared_columns)
from ethicskit.transparency.disclosure import notice  # noqa: F401
from ethicskit.transparency.excluded import excluded_data_used  # noqa: F401
from ethicskit.transparency.reduction import TransparencyReduction, reduce  # noqa: F401
from ethicskit.transparency.present import (INVENTORY_HEADINGS, inventory_table,  # noqa: F401
                                            notice_from_record, notice_markdown)

__all__ = ["undeclared_columns", "excluded_data_used", "inventory_completeness", "notice",
           "TransparencyReduction", "reduce", "inventory_table", "notice_markdown",
           "notice_from_record", "INVENTORY_HEADINGS"]
