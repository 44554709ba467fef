"""The logical columns of docs/data.md, the dataset and their types."""

from __future__ import annotations

STRING, DATE, DATETIME, INTEGER, NUMBER, BOOL, CATEGORY, LIST = (
    "string", "date", "datetime", "integer", "number", "bool", "category", "list")

LOGICAL_TYPES: dict[str, str] = {
    "customer_id": STRING,
    "email": STRING, "phone": STRING, "full_name": STRING, "street_address": STRING,
    "ip_address": STRING,
    "birth_date": DATE,
    "age": INTEGER,
    "age_band": CATEGORY,  # derived from age by age_bands when the dataset has none
    "gender": CATEGORY, "ethnicity": CATEGORY, "marital_status": CATEGORY,
    "has_children": CATEGORY, "disability": CATEGORY,
    "postcode": STRING,
    "country": CATEGORY,
    "consent_email": BOOL, "consent_sms": BOOL, "consent_phone": BOOL,
    "consent_personalization": BOOL,
    "consent_ts": DATETIME,
    "explicit_consent_sensitive": BOOL,
    "parental_consent": BOOL,
    "optout_ts": DATETIME,
    "erasure_request_ts": DATETIME,
    "collected_ts": DATETIME,
    "targeted": BOOL,
    "contact_ts": DATETIME,
    "channel": CATEGORY,
    "segment": STRING,
    "targeting_criteria": LIST,
    "inferred_segments": LIST,
    "product_category": CATEGORY,
    "offer_value": NUMBER,
    "contact_count": INTEGER,
    "vulnerability_flags": LIST,
    "score": NUMBER,
    "prediction": BOOL,
    "outcome": BOOL,
    "automated_decision": BOOL,
    "human_review": BOOL,
    # v2: the jurisdiction of each row and the facts its rules turn on (docs/data.md)
    "region": CATEGORY,
    "existing_customer": BOOL,
    "soft_optin_offered": BOOL,
    "business_contact": BOOL,
    "do_not_call": BOOL,
    "erasure_extended": BOOL,
    "tracking_consent": BOOL,
    "tc_string": STRING,
    "gpc": BOOL,
    "sale_optout": BOOL,
    "shared_with_platform": BOOL,
    # aggregated rows: how many people (or impressions) a row stands for
    "weight": INTEGER,
    "selected_count": INTEGER,
}

#: Columns the loader derives when the dataset has none of its own (``age_band`` from ``age``).
DERIVED = ("age_band",)

DIRECT_IDENTIFIERS = ("email", "phone", "full_name", "street_address", "ip_address")
CHANNELS = ("email", "sms", "phone", "post", "display", "social", "push")
PRODUCT_CATEGORIES = ("general", "housing", "employment", "credit", "high_cost_credit",
                      "insurance", "gambling", "alcohol", "tobacco", "health", "political")

TRUE_WORDS = ("true", "yes", "y", "t", "1")
FALSE_WORDS = ("false", "no", "n", "f", "0")
