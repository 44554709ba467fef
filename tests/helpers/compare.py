"""Comparing two records field by field: the same findings from the rows and from the cells."""

from __future__ import annotations

import math


def same(x, y, path="") -> list[str]:
    """Where ``x`` and ``y`` differ: floats beyond 1e-12 relative, anything else at all."""
    if isinstance(x, float) and isinstance(y, float):
        if (math.isnan(x) and math.isnan(y)) or abs(x - y) <= 1e-12 * max(1.0, abs(x), abs(y)):
            return []
        return [f"{path}: {x!r} != {y!r}"]
    if isinstance(x, dict) and isinstance(y, dict):
        if x.keys() != y.keys():
            return [f"{path}: keys {sorted(set(x) ^ set(y))}"]
        return [d for k in x for d in same(x[k], y[k], f"{path}.{k}")]
    if isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y):
            return [f"{path}: {len(x)} items != {len(y)}"]
        return [d for i, (a, b) in enumerate(zip(x, y)) for d in same(a, b, f"{path}[{i}]")]
    return [] if x == y else [f"{path}: {x!r} != {y!r}"]
