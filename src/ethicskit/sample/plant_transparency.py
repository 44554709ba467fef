"""Planted transparency issues.

- two columns that the inventory does not declare (``loyalty_tier``, ``device_type``): a gap in
  the records of processing to review (``warn``);
- ``marital_status``, declared ``use: audit_only``, used as a targeting criterion on some targeted
  rows with a general offer;
- two inventory entries missing a field (``tenure_months`` without ``reason``, ``has_children``
  without ``legal_basis``); ``tenure_months`` is a model feature, so the model card also lacks
  its reason (``warn``).
"""

from __future__ import annotations

import numpy as np

UNDECLARED = ("loyalty_tier", "device_type")
EXCLUDED_KEY = "marital_status"
INCOMPLETE = {"tenure_months": "reason", "has_children": "legal_basis"}


def plant(df, rng, slots, *, config, inventory):
    """Break transparency rules; return expected results by check id."""
    n = len(df)
    df["loyalty_tier"] = rng.choice(np.array(["bronze", "silver", "gold"]), n)
    df["device_type"] = rng.choice(np.array(["mobile", "desktop", "tablet"]), n)
    rows = np.asarray(slots)
    eligible = rows[(df["targeted"].to_numpy(bool)[rows])
                    & (df["product_category"].to_numpy()[rows] == "general")]
    chosen = eligible[: min(25, len(eligible))]
    col = df.columns.get_loc("targeting_criteria")
    df.iloc[chosen, col] = (df["targeting_criteria"].iloc[chosen] + ";"
                            + EXCLUDED_KEY + ":" + df["marital_status"].iloc[chosen]).to_numpy()
    for column, missing in INCOMPLETE.items():
        inventory["columns"][column].pop(missing, None)
    return {
        "transparency.undeclared_columns": {"status": "warn", "value": len(UNDECLARED),
                                            "affected_rows": None},
        "transparency.inventory_completeness": {"status": "warn", "value": len(INCOMPLETE),
                                                "affected_rows": None},
        "transparency.excluded_data_used": {"status": "fail" if len(chosen) else "pass",
                                            "value": 1 if len(chosen) else 0,
                                            "affected_rows": int(len(chosen))},
    }


REQUIRED = ("category", "purpose", "legal_basis", "source", "retention_days", "in_model", "reason")


def expect(df, config, *, inventory=None):
    """The transparency checks recounted on the final data and inventory with plain code."""
    declared = (inventory or {}).get("columns") or {}
    undeclared = [c for c in df.columns if c not in declared]
    incomplete = [c for c, e in declared.items() if any(f not in e for f in REQUIRED)]
    excluded = {c for c, e in declared.items()
                if e.get("in_model") is False or e.get("use") == "audit_only"}
    keys = df["targeting_criteria"].fillna("").astype(str).str.lower().map(
        lambda v: {t.split(":", 1)[0].strip() for t in v.split(";") if t.strip()})
    used_keys = set().union(*keys.tolist()) if len(keys) else set()
    used = sorted(excluded & (used_keys | set((config or {}).get("model_features") or [])))
    rows = int(keys.map(lambda k: bool(k & set(used))).sum())
    features = (config or {}).get("model_features") or []
    no_reason = [f for f in features if not (declared.get(f) or {}).get("reason")]
    return {
        "transparency.undeclared_columns": {"status": "warn" if undeclared else "pass",
                                            "value": len(undeclared), "affected_rows": None},
        "transparency.inventory_completeness": {"status": "warn" if incomplete else "pass",
                                                "value": len(incomplete), "affected_rows": None},
        "transparency.excluded_data_used": {"status": "fail" if used else "pass",
                                            "value": len(used), "affected_rows": rows},
        # model features without a declared reason (tenure_months lost its reason above)
        "transparency.model_card": {"status": "warn" if no_reason else "info"},
        # the run has failing findings (consent, opt-outs...) that disprove what a notice would
        # otherwise say, so the notice is a DRAFT listing its contradictions
        "transparency.notice": {"status": "warn"},
    }
