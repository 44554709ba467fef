"""Targeting checks on who the audience is and how it was built (CHECKS.md, Targeting).

Sensitive traits, protected criteria in opportunity offers, micro-segments, contact pressure and
depth of profiling. "Targeted rows" are rows whose ``targeted`` is true, or every row when the
dataset has no ``targeted`` column (the message then says so). "Not true" includes null.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.findings import Finding
from ethicskit.registry import finding, not_evaluated
from ethicskit.targeting.common import (count_table, label, listing, pct_of_targeted,
                                        row_mask, safe_text)
from ethicskit.targeting.lexicon import lexicon_for
from ethicskit.targeting.tokens import (rows_with_values, sensitive_hits, token_keys,
                                        value_tokens)

#: Offers covered by fair-lending and fair-housing law: no protected criteria allowed.
OPPORTUNITY_PRODUCTS = ("housing", "employment", "credit")
#: Criteria keys that name a protected characteristic or stand in for one (location).
PROTECTED_KEYS = ("age", "gender", "sex", "postcode", "zip", "marital_status", "parental_status",
                  "has_children", "ethnicity", "race", "religion", "national_origin",
                  "disability")
#: Most rows listed in a details table.
MAX_LISTED = 200


def sensitive_interests(campaign) -> Finding:
    """Targeted people selected through a token that reveals a sensitive trait.

    Counts targeted rows with at least one token of ``targeting_criteria``, ``inferred_segments``
    or ``segment`` that matches a category of the sensitive lexicon (by key or by word, see
    :mod:`ethicskit.targeting.tokens`) and whose ``explicit_consent_sensitive`` is not true.
    ``value`` = ``affected_rows`` = that count; ``details.categories`` = rows per category (a row
    matching two categories counts once in each). Rule: GDPR Art. 9 (special categories need
    explicit consent), DSA Art. 26(3) (no ads profiled on special categories), EDPB Guidelines
    8/2020. Fails if any.
    """
    check = "targeting.sensitive_interests"
    targeted = campaign.targeted
    hits = sensitive_hits(campaign, lexicon_for(campaign), rows=targeted)
    consent = campaign.is_true("explicit_consent_sensitive")
    consented = consent.loc[hits["row"]].to_numpy(bool) if len(hits) else []
    counted = hits[~pd.Series(consented, index=hits.index, dtype=bool)] if len(hits) else hits
    affected = int(counted["row"].nunique())
    consented_rows = int(hits.loc[pd.Series(consented, index=hits.index, dtype=bool), "row"]
                         .nunique()) if len(hits) else 0
    per_row = counted.drop_duplicates(["row", "category"])
    categories = {str(k): int(v) for k, v in per_row["category"].value_counts().items()}
    token_rows = (counted.groupby(["token", "category"])["row"].nunique()
                  .sort_values(ascending=False).head(50))
    tokens = [{"token": safe_text(t), "category": c, "rows": int(n)}
              for (t, c), n in token_rows.items()]
    mask = row_mask(campaign, counted["row"])
    searched = [c for c in ("targeting_criteria", "inferred_segments", "segment")
                if c in campaign.df.columns]
    extra = ""
    if consented_rows:
        extra += (f" {consented_rows:,} more matched but had explicit consent, so they are not "
                  f"counted.")
    if "explicit_consent_sensitive" not in campaign.df.columns:
        extra += (" The dataset has no `explicit_consent_sensitive` column, so no one counts as "
                  "having given explicit consent.")
    if affected:
        shown = ", ".join(f"{label(c)} {n:,}" for c, n in categories.items())
        message = (f"{affected:,} targeted people ({pct_of_targeted(affected, campaign)}) were "
                   f"selected through criteria or segments that reveal a sensitive trait, "
                   f"without explicit consent ({shown}).")
    else:
        message = ("No targeted person was selected through a criterion or segment that reveals "
                   "a sensitive trait without explicit consent.")
    return finding(check, status="fail" if affected else "pass", value=affected, threshold=0,
                   affected_rows=affected, message=message + extra + campaign.targeted_note,
                   details={"categories": categories, "tokens": tokens,
                            "consented_rows": consented_rows, "columns": searched,
                            "lexicon": lexicon_for(campaign).source,
                            "customer_ids": campaign.ids(mask)})


def protected_criteria_in_opportunity_ads(campaign) -> Finding:
    """Housing, employment or credit offers targeted by a protected characteristic.

    Counts targeted rows whose ``product_category`` is ``housing``, ``employment`` or ``credit``
    and whose ``targeting_criteria`` hold a token whose key is one of :data:`PROTECTED_KEYS`.
    ``value`` = ``affected_rows`` = that count; ``details.keys`` = rows per protected key,
    ``details.products`` = rows per product. Rule: Fair Housing Act §3604(c), ECOA/Reg B
    §1002.4(b), Meta Special Ad Categories, Google Ads policy. Fails if any.
    """
    check = "targeting.protected_criteria_in_opportunity_ads"
    df = campaign.df
    codes, per_value = value_tokens(campaign, "targeting_criteria")
    distinct = list(dict.fromkeys(t for ts in per_value for t in ts))
    key_of = dict(zip(distinct, token_keys(pd.Series(distinct, dtype=object)).tolist()))
    # the protected keys of each distinct criteria value (a row counts once per key)
    value_keys = [sorted({key_of[t] for t in ts} & set(PROTECTED_KEYS)) for ts in per_value]
    has_protected = rows_with_values(codes, [v for v, k in enumerate(value_keys) if k])
    opportunity = campaign.targeted & campaign.isin("product_category", OPPORTUNITY_PRODUCTS)
    mask = opportunity & pd.Series(has_protected, index=df.index)
    affected = int(mask.sum())
    per_value_rows = np.bincount(codes[mask.to_numpy(bool)],
                                 minlength=len(per_value)) if affected else ()
    key_counts: dict[str, int] = {}
    for v, n in enumerate(per_value_rows):
        for key in value_keys[v] if n else ():
            key_counts[key] = key_counts.get(key, 0) + int(n)
    key_rows = {k: n for k, n in sorted(key_counts.items(), key=lambda kv: (-kv[1], kv[0]))}
    products = count_table(df.loc[mask, "product_category"])
    if affected:
        message = (f"{affected:,} targeted people ({pct_of_targeted(affected, campaign)}) got a "
                   f"housing, employment or credit offer selected by a protected characteristic "
                   f"(criteria: {listing(key_rows)}; offers: {listing(products)}).")
    else:
        message = (f"No housing, employment or credit offer was targeted by age, gender, "
                   f"location, family status or another protected characteristic "
                   f"({int(opportunity.sum()):,} targeted rows had such an offer).")
    return finding(check, status="fail" if affected else "pass", value=affected, threshold=0,
                   affected_rows=affected, message=message + campaign.targeted_note,
                   details={"keys": key_rows, "products": products,
                            "opportunity_rows": int(opportunity.sum()),
                            "customer_ids": campaign.ids(mask)})


def segment_sizes(campaign) -> pd.DataFrame:
    """Targeted rows per segment (``segment``, ``targeted_rows``), smallest first.

    Only segments with at least one targeted row: a segment nobody was selected through is not an
    audience. Null segments are not a segment.
    """
    codes, uniques = campaign.codes("segment")  # counted per distinct segment
    keep = campaign.targeted.to_numpy(dtype=bool) & (codes >= 0)
    n = np.bincount(codes[keep], minlength=len(uniques))
    has = np.flatnonzero(n > 0)
    out = pd.DataFrame({"segment": pd.Index(uniques[has]).astype(str),
                        "targeted_rows": n[has].astype("int64")})
    return out.sort_values(["targeted_rows", "segment"], kind="stable").reset_index(drop=True)


def micro_segments(campaign, *, min_audience) -> Finding:
    """Segments so small they can single people out.

    Per segment (the ``segment`` value as given, with at least one targeted row), n = its targeted
    rows. ``value`` = number of segments with n < ``min_audience``; ``affected_rows`` = the sum of
    their n. ``details.segments`` lists them (``segment``, ``targeted_rows``), smallest first.
    Rule: platform minimum audience sizes (Google 100, LinkedIn 300). Fails if any.
    """
    check = "targeting.micro_segments"
    if campaign.df["segment"].notna().sum() == 0:
        return not_evaluated(check, "Not evaluated: the segment column is empty.",
                             missing=["segment"])
    sizes = segment_sizes(campaign)
    small = sizes[sizes["targeted_rows"] < min_audience]
    value, affected = int(len(small)), int(small["targeted_rows"].sum())
    listed = [{"segment": safe_text(s), "targeted_rows": int(n)} for s, n in
              small.head(MAX_LISTED).itertuples(index=False)]
    if value:
        message = (f"{value:,} of {len(sizes):,} segments have fewer than {min_audience:,} "
                   f"targeted people ({affected:,} people in all); an audience that small can "
                   f"single people out.")
    elif len(sizes):
        message = (f"All {len(sizes):,} segments have at least {min_audience:,} targeted people "
                   f"(the smallest has {int(sizes['targeted_rows'].min()):,}).")
    else:
        message = "No targeted person has a segment."
    mask = campaign.targeted & campaign.isin("segment", small["segment"])
    return finding(check, status="fail" if value else "pass", value=value,
                   threshold=min_audience, affected_rows=affected,
                   message=message + campaign.targeted_note,
                   details={"segments": listed, "segments_total": int(len(sizes)),
                            "listed": len(listed), "customer_ids": campaign.ids(mask)})


def contact_distribution(campaign) -> pd.DataFrame:
    """Rows per number of contacts (``contacts``, ``rows``), for rows with a contact count."""
    counts = campaign.df["contact_count"].dropna().astype("int64").value_counts().sort_index()
    return pd.DataFrame({"contacts": counts.index.to_numpy(), "rows": counts.to_numpy()})


def contact_pressure(campaign, *, max_contacts) -> Finding:
    """People contacted more often than the cap in one campaign.

    Counts rows (targeted or not) with ``contact_count > max_contacts``; null counts are not
    counted. ``value`` = ``affected_rows`` = that count, ``threshold`` = ``max_contacts``;
    ``details.max_contacts_seen`` = the largest count, ``details.distribution`` = rows per count.
    Rule: CFPB Reg F 12 CFR 1006.14(b)(2) (at most 7 calls in 7 days) taken as a norm. Warns if
    any.
    """
    check = "targeting.contact_pressure"
    count = campaign.df["contact_count"]
    known = int(count.notna().sum())
    if not known:
        return not_evaluated(check, "Not evaluated: the contact_count column is empty.",
                             missing=["contact_count"])
    mask = (count > max_contacts).fillna(False).astype(bool)
    affected, most = int(mask.sum()), int(count.max())
    dist = contact_distribution(campaign)
    if affected:
        message = (f"{affected:,} of {known:,} people ({100 * affected / known:.1f}%) were "
                   f"contacted more than {max_contacts:,} times in this campaign, up to "
                   f"{most:,} times.")
    else:
        message = (f"No one was contacted more than {max_contacts:,} times in this campaign "
                   f"(the most was {most:,}).")
    return finding(check, status="warn" if affected else "pass", value=affected,
                   threshold=max_contacts, affected_rows=affected, message=message,
                   details={"max_contacts_seen": most, "rows_with_count": known,
                            "distribution": dist.to_dict(orient="records"),
                            "customer_ids": campaign.ids(mask)})


def criteria_per_row(campaign) -> pd.Series:
    """Distinct tokens of ``targeting_criteria`` and ``inferred_segments`` together, per row.

    A row's count depends only on its pair of values, so it is worked out once per distinct
    pair and taken back to the rows.
    """
    columns = [c for c in ("targeting_criteria", "inferred_segments") if c in campaign.df.columns]
    n_rows = len(campaign.df)
    if not columns:
        return pd.Series(np.zeros(n_rows, dtype="int64"), index=campaign.df.index)
    coded = [value_tokens(campaign, c) for c in columns]
    combined = np.zeros(n_rows, dtype=np.int64)
    for codes, per_value in coded:
        combined = combined * (len(per_value) + 1) + (codes + 1)
    pair_codes, pairs = pd.factorize(combined)
    per_pair = np.zeros(len(pairs), dtype=np.int64)
    for k, key in enumerate(np.asarray(pairs, dtype=np.int64)):
        tokens: set[str] = set()
        for codes, per_value in reversed(coded):
            key, value = divmod(int(key), len(per_value) + 1)
            if value:
                tokens.update(per_value[value - 1])
        per_pair[k] = len(tokens)
    return pd.Series(per_pair[pair_codes], index=campaign.df.index)


def personalization_depth(campaign, *, max_criteria) -> Finding:
    """Targeted people profiled with more criteria than can be explained to them.

    Per targeted row, n = number of distinct tokens in ``targeting_criteria`` and
    ``inferred_segments`` together (a token in both counts once). Counts targeted rows with
    n > ``max_criteria``; ``value`` = ``affected_rows`` = that count. ``details.distribution`` =
    targeted rows per n. Rule: EDPB Guidelines 8/2020 (intrusive profiling). Warns if any.
    """
    check = "targeting.personalization_depth"
    targeted = campaign.targeted
    n = criteria_per_row(campaign)[targeted]
    mask = row_mask(campaign, n.index[n > max_criteria])
    affected = int(mask.sum())
    dist = n.value_counts().sort_index()
    if affected:
        message = (f"{affected:,} targeted people ({pct_of_targeted(affected, campaign)}) were "
                   f"selected with more than {max_criteria:,} distinct criteria and inferred "
                   f"traits, up to {int(n.max()):,}.")
    else:
        most = int(n.max()) if len(n) else 0
        message = (f"No targeted person was selected with more than {max_criteria:,} distinct "
                   f"criteria and inferred traits (the most was {most:,}).")
    return finding(check, status="warn" if affected else "pass", value=affected,
                   threshold=max_criteria, affected_rows=affected,
                   message=message + campaign.targeted_note,
                   details={"distribution": [{"criteria": int(k), "rows": int(v)}
                                             for k, v in dist.items()],
                            "max_criteria_seen": int(n.max()) if len(n) else 0,
                            "customer_ids": campaign.ids(mask)})
