"""Targeting checks on what is offered to whom (CHECKS.md, Targeting).

Restricted products shown to minors, high-risk products pushed at vulnerable people, and
significant decisions made by a model alone. "Targeted rows" are rows whose ``targeted`` is
true, or every row when the dataset has no ``targeted`` column (the message then says so).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.findings import Finding
from ethicskit.registry import finding
from ethicskit.targeting.common import count_table, listing, pct_of_targeted
from ethicskit.targeting.tokens import rows_with_values, value_tokens

#: Products that may not be marketed to minors.
AGE_RESTRICTED = ("alcohol", "gambling", "high_cost_credit", "tobacco")
#: Products that exploit vulnerability.
HIGH_RISK = ("high_cost_credit", "gambling")
#: Products whose decision has a legal or similarly significant effect (GDPR Art. 22).
SIGNIFICANT = ("credit", "high_cost_credit", "insurance", "employment", "housing")


def _product(campaign) -> pd.Series:
    return campaign.df["product_category"]


def minors_restricted_products(campaign, *, minor_age) -> Finding:
    """Alcohol, gambling, tobacco or high-cost credit offered to minors.

    Counts targeted rows with age < ``minor_age`` (whole years at ``as_of``; rows without an age
    are not counted, and reported in ``details.unknown_age_rows``) and ``product_category`` in
    :data:`AGE_RESTRICTED`. ``value`` = ``affected_rows`` = that count; ``details.products`` and
    ``details.ages`` = rows per product and per age. Rule: UK CAP Code (sections 16-19, 32), DSA
    Art. 28(2). Fails if any.
    """
    check = "targeting.minors_restricted_products"
    age = campaign.df["age"]
    restricted = campaign.targeted & campaign.isin("product_category", AGE_RESTRICTED)
    minor = (age < minor_age).fillna(False).astype(bool)
    mask = restricted & minor
    affected = int(mask.sum())
    unknown = int((restricted & age.isna()).sum())
    products = count_table(_product(campaign)[mask])
    ages = {str(int(k)): int(v) for k, v in age[mask].value_counts().sort_index().items()}
    if affected:
        message = (f"{affected:,} targeted people under {minor_age} "
                   f"({pct_of_targeted(affected, campaign)}) were offered an age-restricted "
                   f"product ({listing(products)}).")
    else:
        message = (f"No one under {minor_age} was targeted with alcohol, gambling, tobacco or "
                   f"high-cost credit ({int(restricted.sum()):,} targeted rows had such an "
                   f"offer).")
    if unknown:
        message += (f" {unknown:,} targeted rows with such an offer have no age and could not be "
                    f"checked.")
    return finding(check, status="fail" if affected else "pass", value=affected, threshold=0,
                   affected_rows=affected, message=message + campaign.targeted_note,
                   details={"products": products, "ages": ages, "minor_age": minor_age,
                            "restricted_rows": int(restricted.sum()),
                            "unknown_age_rows": unknown, "customer_ids": campaign.ids(mask)})


def vulnerable_high_risk(campaign) -> Finding:
    """Gambling or high-cost credit offered to people flagged as vulnerable.

    Counts targeted rows with at least one ``vulnerability_flags`` token and ``product_category``
    in :data:`HIGH_RISK`. ``value`` = ``affected_rows`` = that count; ``details.products`` = rows
    per product, ``details.flags`` = rows per flag. Rule: EU AI Act Art. 5(1)(b) (exploiting
    vulnerabilities), FCA CONC, UK Gambling Commission customer-interaction rules. Fails if any.
    """
    check = "targeting.vulnerable_high_risk"
    codes, per_value = value_tokens(campaign, "vulnerability_flags")
    flagged = pd.Series(rows_with_values(codes, [v for v, ts in enumerate(per_value) if ts]),
                        index=campaign.df.index)
    high_risk = campaign.targeted & campaign.isin("product_category", HIGH_RISK)
    mask = high_risk & flagged
    affected = int(mask.sum())
    products = count_table(_product(campaign)[mask])
    # rows per flag among the affected (a row counts once per flag), per distinct value
    per_value_rows = (np.bincount(codes[mask.to_numpy(bool)], minlength=len(per_value))
                      if affected else ())
    flag_counts: dict[str, int] = {}
    for v, n in enumerate(per_value_rows):
        for flag in dict.fromkeys(per_value[v]) if n else ():
            flag_counts[flag] = flag_counts.get(flag, 0) + int(n)
    flag_rows = {k: n for k, n in sorted(flag_counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    if affected:
        message = (f"{affected:,} targeted people with a vulnerability flag "
                   f"({pct_of_targeted(affected, campaign)}) were offered a high-risk product "
                   f"({listing(products)}; flags: {listing(flag_rows)}).")
    else:
        message = (f"No one with a vulnerability flag was targeted with gambling or high-cost "
                   f"credit ({int(flagged.sum()):,} rows carry a flag).")
    return finding(check, status="fail" if affected else "pass", value=affected, threshold=0,
                   affected_rows=affected, message=message + campaign.targeted_note,
                   details={"products": products, "flags": flag_rows,
                            "flagged_rows": int(flagged.sum()),
                            "customer_ids": campaign.ids(mask)})


def automated_significant_decisions(campaign) -> Finding:
    """Significant decisions made by a model alone, without a person reviewing them.

    Counts targeted rows with ``product_category`` in :data:`SIGNIFICANT`, ``automated_decision``
    true and ``human_review`` not true (null or absent counts as not reviewed). ``value`` =
    ``affected_rows`` = that count; ``details.products`` = rows per product. Rule: GDPR Art. 22
    (right not to be subject to a solely automated decision with significant effects). Warns if
    any.
    """
    check = "targeting.automated_significant_decisions"
    significant = campaign.targeted & campaign.isin("product_category", SIGNIFICANT)
    automated = significant & campaign.is_true("automated_decision")
    mask = automated & ~campaign.is_true("human_review")
    affected = int(mask.sum())
    products = count_table(_product(campaign)[mask])
    note = ""
    if "human_review" not in campaign.df.columns:
        note = " The dataset has no `human_review` column, so no decision counts as reviewed."
    if affected:
        message = (f"{affected:,} targeted people ({pct_of_targeted(affected, campaign)}) got a "
                   f"credit, insurance, housing or employment decision made by a model with no "
                   f"human review ({listing(products)}).")
    else:
        message = (f"Every automated credit, insurance, housing or employment decision was "
                   f"reviewed by a person ({int(automated.sum()):,} automated decisions).")
    return finding(check, status="warn" if affected else "pass", value=affected, threshold=0,
                   affected_rows=affected, message=message + note + campaign.targeted_note,
                   details={"products": products, "automated_rows": int(automated.sum()),
                            "customer_ids": campaign.ids(mask)})
