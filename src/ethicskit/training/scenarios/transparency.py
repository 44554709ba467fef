"""Module 04 (transparency): a campaign, its data inventory and the notice written from it.

The inventory declares what each column is for, its legal basis, how long it is kept, whether
the model uses it and why. The knobs add columns nobody declared, make the targeting use an
audit-only column (gender) all the same, and leave declarations incomplete, so a trainee can see
each gap appear in the checks and in the customer notice.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.inventory import validate_inventory
from ethicskit.training.scenarios.base import KnobError, build, ids, knob_int, outcome

#: column -> inventory entry (docs/data.md, the inventory)
DECLARED = {
    "customer_id": dict(category="identifier", purpose="link records without names",
                        legal_basis="contract", source="provided", retention_days=730,
                        in_model=False, reason="a pseudonymous key with no meaning of its own"),
    "age": dict(category="demographic", purpose="keep age-restricted offers away from minors",
                legal_basis="legal_obligation", source="provided", retention_days=730,
                in_model=False, reason="used only to respect age limits"),
    "gender": dict(category="demographic", purpose="fairness audit only",
                   legal_basis="legitimate_interest", source="provided", retention_days=365,
                   in_model=False, use="audit_only",
                   reason="kept only to check that offers reach women and men fairly"),
    "ethnicity": dict(category="special_category", purpose="fairness audit only",
                      legal_basis="consent", source="provided", retention_days=365,
                      in_model=False, use="audit_only",
                      reason="kept only to measure bias, never to select people"),
    "postcode": dict(category="demographic", purpose="deliver letters and parcels",
                     legal_basis="contract", source="provided", retention_days=730,
                     in_model=False,
                     reason="a location can stand in for ethnicity or income"),
    "basket_value": dict(category="behavioural", purpose="choose which offer to show you",
                         legal_basis="legitimate_interest", source="observed",
                         retention_days=730, in_model=True,
                         description="how much you spend per visit",
                         reason="what you spend shows which offers may interest you"),
    "tenure_months": dict(category="behavioural", purpose="reward long-standing customers",
                          legal_basis="legitimate_interest", source="observed",
                          retention_days=1095, in_model=True,
                          description="how long you have been a customer",
                          reason="loyal customers get loyalty offers"),
    "visits_last_90d": dict(category="behavioural", purpose="time offers to when you shop",
                            legal_basis="legitimate_interest", source="observed",
                            retention_days=365, in_model=True,
                            description="how often you visited in the last three months",
                            reason="offers arrive when you are likely to shop"),
    "consent_personalization": dict(category="consent",
                                    purpose="record your choice about personalised offers",
                                    legal_basis="legal_obligation", source="provided",
                                    retention_days=1095, in_model=False,
                                    reason="we must be able to show your choice"),
    "targeted": dict(category="model_output", purpose="record who received the offer",
                     legal_basis="legitimate_interest", source="inferred", retention_days=365,
                     in_model=False, reason="the campaign's decision, kept for audit"),
    "targeting_criteria": dict(category="model_output", purpose="record why someone was selected",
                               legal_basis="legitimate_interest", source="inferred",
                               retention_days=365, in_model=False,
                               reason="kept so that every selection can be explained"),
}
MODEL_FEATURES = ["basket_value", "tenure_months", "visits_last_90d"]
#: columns the knob ``undeclared_columns`` adds to the data without declaring them
UNDECLARED = ("device_type", "screen_time_minutes", "loyalty_tier")
#: (column, field) the knob ``incomplete_entries`` removes, in order
GAPS = (("visits_last_90d", "reason"), ("tenure_months", "legal_basis"),
        ("postcode", "retention_days"))
EXCLUDED_KEY = "gender"
#: what the notice must let a customer find (exercise ``transparency.read``)
READ_OPTIONS = {"a": "6 months", "b": "1 year", "c": "2 years",
                "d": "for as long as you are a customer"}


def transparency_scenario(rows: int = 300, undeclared_columns: int = 2,
                          excluded_used: bool = True, incomplete_entries: int = 1, *,
                          seed: int = 7):
    """A campaign of ``rows`` people with its inventory, shaped by the knobs.

    Answers: ``transparency.used`` (columns the model uses), ``transparency.undeclared``
    (columns of the data the inventory does not declare), ``transparency.excluded`` (the
    audit-only column used for targeting, or ``"none"``) and ``transparency.read`` (how long the
    notice says spending data is kept).
    """
    rows = knob_int("rows", rows, low=50, high=50000)
    extra = knob_int("undeclared_columns", undeclared_columns, high=len(UNDECLARED))
    gaps = knob_int("incomplete_entries", incomplete_entries, high=len(GAPS))
    if not isinstance(excluded_used, (bool, np.bool_)):
        raise KnobError(f"knob excluded_used: expected True or False, got {excluded_used!r}")
    rng = np.random.default_rng(knob_int("seed", seed))
    gender = rng.choice(["female", "male"], rows)
    targeted = rng.random(rows) < 0.6
    interest = rng.choice(["interest:gardening", "interest:cooking", "interest:travel"], rows)
    by_gender = excluded_used & targeted & (gender == "female") & (rng.random(rows) < 0.5)
    criteria = np.where(by_gender, np.char.add(interest.astype(str), ";gender:female"), interest)
    frame = pd.DataFrame({
        "customer_id": ids("P", rows), "age": rng.integers(18, 80, rows), "gender": gender,
        "ethnicity": rng.choice(["white", "black", "asian", "mixed", None], rows),
        "postcode": rng.choice(["N1", "N7", "E2", "SE5", "W3"], rows),
        "basket_value": np.round(rng.gamma(3, 12, rows), 2),
        "tenure_months": rng.integers(1, 120, rows), "visits_last_90d": rng.poisson(5, rows),
        "consent_personalization": True, "targeted": targeted,
        "targeting_criteria": np.where(targeted, criteria, None)})
    for name in UNDECLARED[:extra]:
        frame[name] = {"device_type": rng.choice(["mobile", "desktop"], rows),
                       "screen_time_minutes": rng.integers(0, 600, rows),
                       "loyalty_tier": rng.choice(["bronze", "silver", "gold"], rows)}[name]

    entries = {name: dict(entry) for name, entry in DECLARED.items()}
    for column, fld in GAPS[:gaps]:
        entries[column].pop(fld)
    inventory = validate_inventory({"columns": entries}, path="<training inventory>")
    used = sorted(n for n, e in DECLARED.items() if e["in_model"])
    answers = {"transparency.used": used, "transparency.undeclared": sorted(UNDECLARED[:extra]),
               "transparency.excluded": EXCLUDED_KEY if excluded_used else "none",
               "transparency.read": {730: "c", 365: "b"}.get(
                   DECLARED["basket_value"]["retention_days"], "d")}
    n_used = int(by_gender.sum())
    expected = {
        # a gap in the inventory to review (GDPR Art. 30 asks for categories, not columns): warn
        "transparency.undeclared_columns": {**outcome(extra, warn=True), "affected_rows": None},
        "transparency.excluded_data_used": {"status": "fail" if excluded_used else "pass",
                                            "value": int(bool(excluded_used)),
                                            "affected_rows": n_used},
        "transparency.inventory_completeness": {**outcome(gaps, warn=True),
                                                "affected_rows": None},
        # the scenario's config names no controller, so Art. 13 items are missing: warn
        "transparency.notice": {"status": "warn", "value": None, "affected_rows": None},
    }
    knobs = {"rows": rows, "undeclared_columns": extra, "excluded_used": bool(excluded_used),
             "incomplete_entries": gaps, "seed": seed}
    return build(frame, {"model_features": MODEL_FEATURES}, name="Loyalty offers (training)",
                 answers=answers, expected=expected, knobs=knobs, inventory=inventory,
                 tables={"inventory": entries})
