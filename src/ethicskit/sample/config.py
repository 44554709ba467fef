"""The config and data inventory that ship with the sample campaign."""

from __future__ import annotations

import copy

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
        # v2: rows without a known country follow the EU's rules; the TCF vendor whose consent
        # the campaign relies on; the controller named in the customer notice (fictional).
        # decision_domain is left unset: the sample's offers are of several kinds, so the
        # domain is "general" and the bias checks warn rather than fail.
        "default_jurisdiction": "EU",
        "tcf_vendor_id": 755,
        "controller": {
            "name": "Example Savings Bank (sample campaign)",
            "address": "1 Example Street, Exampletown, EX1 2MP",
            "contact": "privacy@example.com",
            "dpo_contact": "dpo@example.com",
            "supervisory_authority": ("the Information Commissioner's Office (ICO) for "
                                      "customers in the UK; in the EU, the data protection "
                                      "authority of your country"),
            "legitimate_interests": "showing existing customers offers similar to what they "
                                    "bought, and measuring whether our offers are fair",
            "data_required": "contact details are needed to send you offers; everything else "
                             "is optional",
        },
    }


def _entry(category, purpose, legal_basis, source, retention_days, in_model, reason, **extra):
    entry = {"category": category, "purpose": purpose, "legal_basis": legal_basis,
             "source": source, "retention_days": retention_days, "in_model": in_model,
             "reason": reason}
    # a fresh copy of each list, so that the YAML written holds no anchors or aliases
    entry.update(copy.deepcopy(extra))
    return entry


def sample_inventory() -> dict:
    """What the sample's organisation declares about each of its columns.

    Every column of the generated data is declared except the two the transparency planter adds
    undeclared. Retention is declared per column: 730 days for what is kept while someone is a
    customer, 390 days for the TC string (a consent record renewed every 13 months), which the
    retention check judges per column (a row breaches a column's retention only where that
    column holds a value).
    """
    esp = ["email service provider"]
    sms = ["SMS and call centre provider"]
    ads = ["advertising platforms (custom audiences)"]
    us_scc = [{"country": "US", "safeguard": "EU standard contractual clauses"}]
    c = {
        "customer_id": _entry("identifier", "link records without names", "contract", "provided",
                              730, False, "pseudonymous key; no meaning of its own",
                              display_name="customer number"),
        "email": _entry("contact", "send the campaign email", "consent", "provided", 730, False,
                        "needed to deliver the message", recipients=esp, transfers=us_scc,
                        display_name="email address"),
        "phone": _entry("contact", "send SMS and call", "consent", "provided", 730, False,
                        "needed to deliver the message", recipients=sms,
                        display_name="phone number"),
        "full_name": _entry("contact", "address the customer", "contract", "provided", 730,
                            False, "greeting in the message", recipients=esp, transfers=us_scc,
                            display_name="name"),
        "birth_date": _entry("demographic", "check age limits", "legal_obligation", "provided",
                             730, False, "no offers for minors; never used to rank people",
                             display_name="date of birth"),
        "gender": _entry("demographic", "fairness audit only", "legitimate_interest", "provided",
                         730, False, "kept only to measure bias", use="audit_only"),
        "ethnicity": _entry("special_category", "fairness audit only", "consent", "provided",
                            730, False, "kept only to measure bias; never used to select people",
                            use="audit_only", art9_condition="bias_monitoring"),
        "marital_status": _entry("demographic", "fairness audit only", "consent", "provided", 730,
                                 False, "kept only to measure bias", use="audit_only"),
        "has_children": _entry("demographic", "family offers", "consent", "provided", 730, False,
                               "not used by the model"),
        "disability": _entry("special_category", "accessibility of communications", "consent",
                             "provided", 730, False, "large-print and accessible formats",
                             art9_condition="explicit_consent"),
        "health_condition": _entry("special_category", "fairness audit only", "consent",
                                   "provided", 730, False, "never used to select people",
                                   use="audit_only", art9_condition="explicit_consent",
                                   display_name="health condition"),
        "postcode": _entry("demographic", "delivery area", "contract", "provided", 730, False,
                           "regional availability of offers"),
        "country": _entry("demographic", "apply the right law", "legal_obligation", "provided",
                          730, False, "deadlines and age limits differ by country"),
        "region": _entry("demographic", "apply the right law", "legal_obligation", "provided",
                         730, False, "some US states give extra rights, such as Global Privacy "
                         "Control", display_name="state or province"),
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
                               "observed", 730, True, "random split for an A/B test"),
        "store_cluster": _entry("behavioural", "set the offer for the customer's usual stores",
                                "legitimate_interest", "observed", 730, True,
                                "offers follow the stock and prices of the store group"),
        "collected_ts": _entry("consent", "retention control", "legal_obligation", "observed",
                               730, False, "when the data was collected"),
        "tc_string": _entry("consent", "record of cookie and advertising consent (IAB TCF)",
                            "legal_obligation", "provided", 390, False,
                            "proof of consent to advertising cookies; renewed every 13 months",
                            recipients=ads, display_name="cookie consent record"),
        "tracking_consent": _entry("consent", "record of cookie and advertising consent",
                                   "legal_obligation", "provided", 730, False,
                                   "no advertising cookies without consent"),
        "shared_with_platform": _entry("model_output", "run and audit the campaign",
                                       "legitimate_interest", "observed", 730, False,
                                       "whether the person's data went to an ad platform",
                                       recipients=ads, transfers=us_scc),
    }
    for name in ("consent_email", "consent_sms", "consent_phone", "consent_personalization",
                 "consent_ts", "optout_ts", "erasure_request_ts", "erasure_extended", "gpc",
                 "sale_optout", "do_not_call", "soft_optin_offered"):
        c[name] = _entry("consent", "honour consent and rights requests", "legal_obligation",
                         "provided", 730, False, "proof of consent and of rights requests")
    for name in ("existing_customer", "business_contact"):
        c[name] = _entry("behavioural", "decide which marketing rules apply", "legitimate_interest",
                         "observed", 730, False, "existing customers and business contacts "
                         "follow different marketing rules")
    for name in ("targeted", "contact_ts", "segment", "targeting_criteria", "product_category",
                 "offer_value", "contact_count", "automated_decision", "human_review"):
        c[name] = _entry("model_output", "run and audit the campaign", "legitimate_interest",
                         "inferred", 730, False, "record of what the campaign did")
    c["automated_decision"]["reason"] = ("offers are chosen by a scoring model from spend and "
                                         "loyalty; credit offers are reviewed by a person")
    for name in ("inferred_segments", "score", "prediction"):
        c[name] = _entry("inferred", "choose who sees the offer", "legitimate_interest",
                         "inferred", 730, False, "the model's output, audited for bias")
    c["outcome"] = _entry("behavioural", "measure the campaign", "legitimate_interest",
                          "observed", 730, False, "conversions, for the error-rate audit")
    c["vulnerability_flags"] = _entry("special_category", "protect vulnerable customers",
                                      "legal_obligation", "provided", 730, False,
                                      "exclude vulnerable people from high-risk offers")
    return {"columns": c}
