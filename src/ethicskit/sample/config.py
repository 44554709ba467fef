"""The config and data inventory that ship with the sample campaign."""

from __future__ import annotations

_FULL = ("category", "purpose", "legal_basis", "source", "retention_days", "in_model", "reason")


def sample_config() -> dict:
    """The campaign config of the sample, as the YAML mapping of docs/data.md, the config."""
    return {
        "name": "Spring savings 2026 (sample campaign)",
        "as_of": "2026-11-29",
        "protected_attributes": ["gender", "age_band", "ethnicity", "marital_status"],
        "age_bands": [0, 18, 25, 35, 45, 55, 65, 200],
        "decision": "targeted",
        "quasi_identifiers": ["country", "age_band"],
        "sensitive_attribute": "health_condition",
        "special_category_columns": ["health_condition", "ethnicity", "disability"],
        "model_features": ["tenure_months", "basket_value", "lucky_number", "store_cluster"],
        "reference_groups": {"gender": "male", "ethnicity": "white"},
        "population_shares": {"gender": {"female": 0.50, "male": 0.47, "non-binary": 0.03},
                              "age_band": {"65+": 0.22}},
        "thresholds": {},
        "anonymise": {},
    }


def _entry(category, purpose, legal_basis, source, retention_days, in_model, reason, **extra):
    entry = {"category": category, "purpose": purpose, "legal_basis": legal_basis,
             "source": source, "retention_days": retention_days, "in_model": in_model,
             "reason": reason}
    entry.update(extra)
    return entry


def sample_inventory() -> dict:
    """What the sample's organisation declares about each of its columns."""
    c = {
        "customer_id": _entry("identifier", "link records without names", "contract", "provided",
                              730, False, "pseudonymous key; no meaning of its own"),
        "email": _entry("contact", "send the campaign email", "consent", "provided", 730, False,
                        "needed to deliver the message"),
        "phone": _entry("contact", "send SMS and call", "consent", "provided", 730, False,
                        "needed to deliver the message"),
        "full_name": _entry("contact", "address the customer", "contract", "provided", 730,
                            False, "greeting in the message"),
        "birth_date": _entry("demographic", "check age limits", "legal_obligation", "provided",
                             730, False, "no offers for minors; never used to rank people"),
        "gender": _entry("demographic", "fairness audit only", "legitimate_interest", "provided",
                         730, False, "kept only to measure bias", use="audit_only"),
        "ethnicity": _entry("special_category", "fairness audit only", "consent", "provided",
                            365, False, "kept only to measure bias; never used to select people",
                            use="audit_only"),
        "marital_status": _entry("demographic", "fairness audit only", "consent", "provided", 365,
                                 False, "kept only to measure bias", use="audit_only"),
        "has_children": _entry("demographic", "family offers", "consent", "provided", 365, False,
                               "not used by the model"),
        "disability": _entry("special_category", "accessibility of communications", "consent",
                             "provided", 365, False, "large-print and accessible formats"),
        "health_condition": _entry("special_category", "fairness audit only", "consent",
                                   "provided", 365, False, "never used to select people",
                                   use="audit_only"),
        "postcode": _entry("demographic", "delivery area", "contract", "provided", 730, False,
                           "regional availability of offers"),
        "country": _entry("demographic", "apply the right law", "legal_obligation", "provided",
                          730, False, "deadlines and age limits differ by country"),
        "explicit_consent_sensitive": _entry("consent", "record of explicit consent", "consent",
                                             "provided", 730, False, "proof of consent"),
        "parental_consent": _entry("consent", "record of parental consent", "consent", "provided",
                                   730, False, "proof of consent"),
        "channel": _entry("behavioural", "choose the channel", "legitimate_interest", "observed",
                          730, False, "preferred channel"),
        "tenure_months": _entry("behavioural", "choose which offer to show", "legitimate_interest",
                                "observed", 730, True, "loyal customers get loyalty offers"),
        "basket_value": _entry("behavioural", "choose which offer to show", "legitimate_interest",
                               "observed", 730, True, "spend predicts interest in savings offers"),
        "lucky_number": _entry("behavioural", "experiment arm", "legitimate_interest",
                               "observed", 90, True, "random split for an A/B test"),
        "store_cluster": _entry("behavioural", "set the offer for the customer's usual stores",
                                "legitimate_interest", "observed", 730, True,
                                "offers follow the stock and prices of the store group"),
        "collected_ts": _entry("consent", "retention control", "legal_obligation", "observed",
                               730, False, "when the data was collected"),
    }
    for name in ("consent_email", "consent_sms", "consent_phone", "consent_personalization",
                 "consent_ts", "optout_ts", "erasure_request_ts"):
        c[name] = _entry("consent", "honour consent and rights requests", "legal_obligation",
                         "provided", 730, False, "proof of consent and of rights requests")
    for name in ("targeted", "contact_ts", "segment", "targeting_criteria", "product_category",
                 "offer_value", "contact_count", "automated_decision", "human_review"):
        c[name] = _entry("model_output", "run and audit the campaign", "legitimate_interest",
                         "inferred", 365, False, "record of what the campaign did")
    for name in ("inferred_segments", "score", "prediction"):
        c[name] = _entry("inferred", "choose who sees the offer", "legitimate_interest",
                         "inferred", 365, False, "the model's output, audited for bias")
    c["outcome"] = _entry("behavioural", "measure the campaign", "legitimate_interest",
                          "observed", 365, False, "conversions, for the error-rate audit")
    c["vulnerability_flags"] = _entry("special_category", "protect vulnerable customers",
                                      "legal_obligation", "provided", 365, False,
                                      "exclude vulnerable people from high-risk offers")
    return {"columns": c}
