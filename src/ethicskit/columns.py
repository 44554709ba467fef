"""Which columns of a run's snapshot each area reads.

A notebook reads from the run's Parquet snapshot only the columns its area's checks, tables and
plots use (:func:`area_columns`, through ``nb.load(..., area=...)``); reading a third of a
million-row campaign is a third of the time and memory.
"""

from __future__ import annotations

from ethicskit.config import Config
from ethicskit.schema import LOGICAL_TYPES

#: Columns the targeting checks, tables and plots read or look for, by name.
TARGETING_COLUMNS = ("customer_id", "targeted", "targeting_criteria", "inferred_segments",
                     "segment", "product_category", "explicit_consent_sensitive", "age",
                     "age_band", "contact_count", "vulnerability_flags", "automated_decision",
                     "human_review")
#: Columns the bias checks read or look for by name (besides those the config names).
BIAS_COLUMNS = ("customer_id", "targeted", "prediction", "outcome", "offer_value")


def area_columns(area: str, columns: list[str], *, config: Config,
                 mapping: dict[str, str]) -> list[str] | None:
    """The frame columns (of ``columns``, in order) that the checks, tables and plots of one
    area read or look for, or None for all of them.

    Every column an area's code names, or finds through the config, is kept: a check sees the
    same columns present or absent as with the whole frame, so its result is the same.
    ``privacy`` scans every text column for identifiers and ``transparency`` counts the values
    of every dataset column, so both read all. ``bias`` reads its protected attributes, the
    decision, prediction, outcome, targeted, offer value and the model features (without
    ``model_features`` in the config, every column outside the contract); ``targeting`` reads
    :data:`TARGETING_COLUMNS`.
    """
    if area == "targeting":
        wanted = set(TARGETING_COLUMNS)
    elif area == "bias":
        from ethicskit.config import DEFAULT_PROTECTED

        present = set(columns)
        reverse = {v: k for k, v in mapping.items()}

        def resolve(name) -> str | None:  # Campaign.resolve on the whole column list
            name = str(name)
            if name in present:
                return name
            return reverse.get(name) if reverse.get(name) in present else None

        wanted = set(BIAS_COLUMNS) | set(DEFAULT_PROTECTED)
        names = [*(config.protected_attributes or []), config.decision,
                 *(config.reference_groups or {}), *(config.population_shares or {})]
        if config.model_features is not None:
            names += list(config.model_features)
        else:  # Campaign.unmapped_columns: every column outside the data contract
            wanted |= {c for c in columns if c not in LOGICAL_TYPES and c != "age_band"}
        wanted |= {resolve(n) for n in names} - {None}
    else:
        return None
    return [c for c in columns if c in wanted]
