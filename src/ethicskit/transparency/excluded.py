"""The metric of purpose limitation: columns declared as excluded that are used all the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ethicskit.check import Measure
from ethicskit.transparency.declared import NO_INVENTORY

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.transparency.reduction import TransparencyReduction


def excluded_data_used(r: "TransparencyReduction") -> Measure:
    """Columns declared as excluded that the model or the targeting uses all the same.

    A declared column is excluded when ``in_model: false`` or ``use: audit_only``. It is *used*
    when its frame column is among the model features (config ``model_features``; without it,
    every unmapped column, as for ``bias.proxy_features``) or when a ``targeting_criteria``
    token's key is one of its aliases (declared, frame or dataset name, case-insensitive; the
    key is compared as written). ``value`` = number of such columns;
    ``affected_rows`` = sum of the rows of the distinct criteria values that use one of them,
    ``sum(criteria_rows[v] for v in hit)``. Rule: GDPR Art. 5(1)(b), purpose limitation.
    Fails if ``value > 0``.
    """
    if r.inventory is None:
        return Measure.not_evaluated(NO_INVENTORY, missing=["inventory"])
    excluded = r.inventory.excluded()
    used, hits = [], set()
    for name, why in excluded.items():
        frame, aliases = r.frames.get(name), r.aliases.get(name, frozenset({name.lower()}))
        where = []
        if frame and frame in r.features:
            where.append("model_features")
        if r.criteria_keys is not None:
            hit = [v for v, keys in enumerate(r.criteria_keys) if keys & aliases]
            if hit:
                where.append("targeting_criteria")
                hits.update(hit)
        if where:
            used.append({"column": name, "declared": why,
                         "reason": r.inventory.columns[name].get("reason"), "used_in": where})
    affected = int(r.criteria_rows[sorted(hits)].sum()) if hits else 0
    return Measure(value=len(used), affected_rows=affected,
                   details={"columns": used, "excluded": sorted(excluded)},
                   facts={"used": used, "excluded": len(excluded),
                          "default_features": r.default_features})
