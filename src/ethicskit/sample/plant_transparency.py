"""Planted transparency issues.

- two columns that the inventory does not declare (``loyalty_tier``, ``device_type``);
- ``marital_status``, declared ``use: audit_only``, used as a targeting criterion on some targeted
  rows with a general offer;
- two inventory entries missing a field (``tenure_months`` without ``reason``, ``has_children``
  without ``legal_basis``).
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
        "transparency.undeclared_columns": {"status": "fail", "value": len(UNDECLARED),
                                            "affected_rows": None},
        "transparency.inventory_completeness": {"status": "warn", "value": len(INCOMPLETE),
                                                "affected_rows": None},
        "transparency.notice": {"status": "info"},
    }


def expect(df, config):
    """Rows whose criteria use the excluded key, counted on the final data with plain code."""
    keys = [{t.split(":", 1)[0].strip().lower() for t in str(v).split(";") if t.strip()}
            for v in df["targeting_criteria"].fillna("")]
    rows = sum(1 for k in keys if EXCLUDED_KEY in k)
    return {"transparency.excluded_data_used": {"status": "fail" if rows else "pass",
                                                "value": 1 if rows else 0,
                                                "affected_rows": rows}}
