"""Targeting metrics on who the audience is and how it was built (docs/checks.md, targeting).

Special categories of data and financial hardship, protected criteria in opportunity offers,
micro-segments, contact pressure, depth of profiling and profiling-based ads to minors. The
checks that follow the rule pack (sensitive interests, opportunity ads, minors' profiling ads)
read the jurisdiction of every row from the reduction (assigned once there) and report
``details.by_jurisdiction`` and ``details.fallback_rows``. Each is
``metric(reduction, *, <its thresholds>) -> Measure`` of the
:class:`~ethicskit.targeting.reduction.TargetingReduction`; the row's rule judges it and its
templates word it (:mod:`ethicskit.targeting.checks`). "Targeted rows" are rows whose
``targeted`` is true, or every row when the dataset has no ``targeted`` column (the message then
says so). "Not true" includes null.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.counts import group_sums
from ethicskit.masking import safe_labels
from ethicskit.targeting.common import count_table, ranked
from ethicskit.targeting.lexicon import HARDSHIP, SPECIAL_CATEGORIES
from ethicskit.targeting.reduction import OPPORTUNITY_PRODUCTS, TargetingReduction, labels
from ethicskit.targeting.tokens import by_code

#: Most rows listed in a details table.
MAX_LISTED = 200
#: Most (token, category) pairs listed in ``details.tokens``.
MAX_TOKENS = 50


_CELL_SUMS = ("n", "consented", "exempt", "platform")


def sensitive_pairs(red: TargetingReduction) -> pd.DataFrame:
    """The distinct ``(token, category)`` matches of each cell of ``sensitive_cells``: frame
    ``cell, token, category, n, consented, exempt, platform`` (one row per cell and pair)."""
    cells = red.sensitive_cells
    parts = []
    for column, pairs in red.pairs.items():
        table = pd.DataFrame([(v, t, c) for v, ps in enumerate(pairs) for t, c in ps],
                             columns=["code", "token", "category"])
        if table.empty:
            continue
        codes = pd.DataFrame({"cell": np.arange(len(cells)), "code": cells[column].to_numpy()})
        parts.append(codes.merge(table, on="code")[["cell", "token", "category"]])
    if not parts:
        return pd.DataFrame({"cell": pd.Series([], dtype="int64"),
                             "token": pd.Series([], dtype=object),
                             "category": pd.Series([], dtype=object),
                             **{name: pd.Series([], dtype="int64") for name in _CELL_SUMS}})
    found = pd.concat(parts, ignore_index=True).drop_duplicates(["cell", "token", "category"])
    for name in _CELL_SUMS:
        found[name] = cells[name].to_numpy()[found["cell"].to_numpy()]
    return found.reset_index(drop=True)


def _per_category(found: pd.DataFrame, counted: str, order) -> dict[str, int]:
    """Rows per category (a row matching two categories counts once in each), largest first,
    ties in the lexicon's order; categories without rows left out."""
    per = found.drop_duplicates(["cell", "category"]).groupby("category")[counted].sum()
    rank = {c: i for i, c in enumerate(order)}
    out = [(str(c), int(n)) for c, n in per.items() if n > 0]
    return dict(sorted(out, key=lambda kv: (-kv[1], rank.get(kv[0], len(rank)), kv[0])))


def _token_rows(found: pd.DataFrame, counted: str) -> list[dict]:
    """``details.tokens``: rows per matching (token, category), top :data:`MAX_TOKENS`."""
    rows = found.groupby(["token", "category"])[counted].sum()
    rows = rows[rows > 0].sort_values(ascending=False, kind="stable").head(MAX_TOKENS)
    names = list(dict.fromkeys(t for t, _ in rows.index))
    shown = dict(zip(names, safe_labels(names)))
    return [{"token": shown[t], "category": c, "rows": int(n)} for (t, c), n in rows.items()]


def _with_parameter(table: list[dict], red: TargetingReduction, parameter: str,
                    field: str) -> list[dict]:
    """``details.by_jurisdiction`` with the pack's value of ``parameter.field`` per entry."""
    j = red.jurisdictions
    return [{**row, field: j.entry(row["jurisdiction"])[parameter][field]} for row in table]


def sensitive_interests(red: TargetingReduction) -> Measure:
    """Targeted rows with a token revealing a special category of data (GDPR Art. 9(1)) that
    were reached on a platform channel where such ads are banned whatever the consent (EU: DSA
    Art. 26(3)), or whose ``explicit_consent_sensitive`` is not true.

    A targeted row is *judged* when a token of ``targeting_criteria``, ``inferred_segments`` or
    ``segment`` matches a special category of the lexicon (GDPR Art. 9(1): every category but
    financial hardship, which :func:`hardship_targeting` judges). It is counted when it is on a
    platform channel (the pack's ``platform_channels``) in a jurisdiction whose
    ``sensitive_ads.platform_ban`` is true (the EU: DSA Art. 26(3), whatever the consent;
    ``details.platform_rows``), or when its ``explicit_consent_sensitive`` is not true (GDPR
    Art. 9(2)(a)). Over ``sensitive_cells``: ``value = affected_rows = sum(n - exempt)`` of the
    cells holding a special match, ``exempt`` being the consented rows not under a platform
    ban. ``details.categories`` = counted rows per category (a row matching two counts once in
    each), largest first; ``details.tokens`` = counted rows per matching token (top 50);
    ``details.consented_rows`` = judged rows not counted because they had explicit consent;
    ``details.consent_overridden_rows`` = counted rows that had explicit consent (on a platform
    under the ban); ``details.by_jurisdiction``, ``fallback_rows``. Fails if any.
    """
    found = sensitive_pairs(red)
    found = found[found["category"].isin(SPECIAL_CATEGORIES)].copy()
    found["counted"] = found["n"] - found["exempt"]
    per_cell = found.drop_duplicates("cell")
    affected = int(per_cell["counted"].sum())
    consented_rows = int(per_cell["exempt"].sum())
    platform_rows = int(per_cell["platform"].sum())
    overridden = int((per_cell["consented"] - per_cell["exempt"]).sum())
    categories = _per_category(found, "counted", SPECIAL_CATEGORIES)
    judged = red.targeted & red.special
    counted = judged & (red.platform_ban | ~red.consent_sensitive)
    j = red.jurisdictions
    where = j.details(judged, counted, platform_rows=judged & red.platform_ban, weights=red.w)
    where["by_jurisdiction"] = _with_parameter(where["by_jurisdiction"], red, "sensitive_ads",
                                               "platform_ban")
    return Measure(
        value=affected, affected_rows=affected,
        details={"categories": categories, "tokens": _token_rows(found, "counted"),
                 "platform_rows": platform_rows, "consented_rows": consented_rows,
                 "consent_overridden_rows": overridden, "judged_rows": red.count(judged),
                 **where, "columns": list(red.pairs), "lexicon": red.lexicon.source,
                 "customer_ids": red.ids(counted)},
        facts={**red.facts(), **j.facts(judged, weights=red.w), "categories": categories,
               "consented_rows": consented_rows, "platform_rows": platform_rows,
               "consent_overridden_rows": overridden,
               "has_consent_column": red.has("explicit_consent_sensitive"),
               "has_channel": red.has("channel")})


def hardship_targeting(red: TargetingReduction) -> Measure:
    """Targeted rows with a token matching the lexicon's ``financial_hardship`` category (not a
    special category: a risk to review).

    Counts targeted rows with a token of ``targeting_criteria``, ``inferred_segments`` or
    ``segment`` matching the lexicon's ``financial_hardship`` category, whatever the consent
    (financial hardship is not a special category of GDPR Art. 9: selecting people for it is a
    conduct risk under consumer protection, FCA FG21/1 and UCPD Art. 5(3)). Over
    ``sensitive_cells``: ``value = affected_rows = sum(n)`` of the cells holding such a match.
    ``details.tokens`` = rows per matching token (top 50). Warns if any.
    """
    found = sensitive_pairs(red)
    found = found[found["category"] == HARDSHIP].copy()
    affected = int(found.drop_duplicates("cell")["n"].sum())
    mask = red.targeted & red.hardship
    return Measure(
        value=affected, affected_rows=affected,
        details={"tokens": _token_rows(found, "n"), "columns": list(red.pairs),
                 "lexicon": red.lexicon.source,
                 "customer_ids": red.ids(mask)},
        facts={**red.facts(), "tokens": {t["token"]: t["rows"] for t in
                                         _token_rows(found, "n")}})


def protected_criteria_in_opportunity_ads(red: TargetingReduction) -> Measure:
    """Targeted rows with a housing, employment or credit offer whose criteria hold a key that
    category may not use (the rule pack's ``opportunity_criteria``); fail where the rule is law
    (US, CA), warn elsewhere.

    Counts targeted rows whose ``product_category`` is ``housing``, ``employment`` or ``credit``
    and whose ``targeting_criteria`` hold a token whose key (lower case) is one of that
    category's keys in the rule pack (``opportunity_criteria.<category>.keys``):
    ``value = affected_rows = sum(n)`` over the cells of ``criteria_cells`` (targeted rows per
    criteria value and product) with such a product and such a key. ``law_rows`` = affected
    rows in a jurisdiction whose ``opportunity_ads.law`` is true (US, CA: the rule is law);
    ``platform_rule_rows`` = the others (a platform's rule). ``details.keys`` = rows per
    forbidden key (a row counts once per key), ``details.products`` = rows per product,
    ``details.by_category`` = ``{category, rows, law_rows, platform_rule_rows}``,
    ``details.by_jurisdiction``, ``fallback_rows``. Fail when ``law_rows`` > 0, else warn when
    any (fail/warn by jurisdiction).
    """
    cells = red.criteria_cells
    product, criteria = red.product, red.tokens["targeting_criteria"]
    names = [str(p) for p in product.uniques]
    forbidden = [set(red.opportunity_criteria.get(p, ())) for p in names] + [set()]
    keys = red.criteria_keys + [[]]  # the null code (size) has no keys
    opportunity = product.isin(OPPORTUNITY_PRODUCTS)
    # hit[criteria value, product]: the value holds a key the product's category forbids
    hit = np.zeros((criteria.size + 1, product.size + 1), dtype=bool)
    for c, ks in enumerate(keys):
        if ks:
            hit[c, :] = [bool(set(ks) & f) for f in forbidden]
    crit, prod, n = (cells[c].to_numpy() for c in ("criteria", "product", "n"))
    cell_hit = hit[crit, prod]
    affected = int(n[cell_hit].sum())
    key_counts: dict[str, int] = {}
    for c, p, rows in zip(crit[cell_hit], prod[cell_hit], n[cell_hit]):
        for key in sorted(set(keys[c]) & forbidden[p]):
            key_counts[key] = key_counts.get(key, 0) + int(rows)
    key_rows = ranked(key_counts)
    products = count_table(labels(product, prod[cell_hit]), n[cell_hit])
    opportunity_rows = int(n[np.append(opportunity, False)[prod]].sum())
    c_codes, _ = criteria.with_null()
    p_codes, _ = product.with_null()
    mask = red.targeted & hit[c_codes, p_codes]
    j = red.jurisdictions
    law = j.mask("opportunity_ads", "law")
    law_rows = red.count(mask & law)
    judged = red.targeted & by_code(opportunity, product.codes)
    per_product = group_sums({"product": p_codes}, {"product": product.size + 1},
                             values={"rows": mask, "law_rows": mask & law}, rows=mask,
                             weights=red.w)
    by_category = [{"category": names[int(p)], "rows": int(r), "law_rows": int(lr),
                    "platform_rule_rows": int(r - lr)}
                   for p, r, lr in per_product[["product", "rows", "law_rows"]]
                   .itertuples(index=False) if int(p) < product.size]
    by_category.sort(key=lambda r: (-r["rows"], r["category"]))
    where = j.details(judged, mask, law_rows=mask & law, weights=red.w)
    where["by_jurisdiction"] = _with_parameter(where["by_jurisdiction"], red,
                                               "opportunity_ads", "law")
    law_keys = list(dict.fromkeys(j.pack.root(r["jurisdiction"])
                                  for r in where["by_jurisdiction"] if r["law_rows"]))
    return Measure(
        value=affected, affected_rows=affected,
        details={"keys": key_rows, "products": products, "opportunity_rows": opportunity_rows,
                 "law_rows": law_rows, "platform_rule_rows": affected - law_rows,
                 "by_category": by_category, **where,
                 "customer_ids": red.ids(mask)},
        facts={**red.facts(), **j.facts(judged, weights=red.w), "keys": key_rows,
               "products": products,
               "opportunity_rows": opportunity_rows, "law_rows": law_rows,
               "platform_rule_rows": affected - law_rows, "law_keys": law_keys})


def segment_sizes(red: TargetingReduction) -> pd.DataFrame:
    """Targeted rows per segment (``segment``, ``targeted_rows``), smallest first (ties by name).

    Only segments with at least one targeted row: a segment nobody was selected through is not an
    audience. Null segments are not a segment.
    """
    cells = red.segment_cells
    if cells is None:
        return pd.DataFrame({"segment": pd.Series([], dtype=object),
                             "targeted_rows": pd.Series([], dtype="int64")})
    segment = red.tokens["segment"]
    out = pd.DataFrame({"segment": pd.Index(segment.uniques[cells["segment"].to_numpy()])
                        .astype(str),
                        "targeted_rows": cells["n"].to_numpy().astype("int64"),
                        "code": cells["segment"].to_numpy()})
    return out.sort_values(["targeted_rows", "segment"], kind="stable").reset_index(drop=True)


def micro_segments(red: TargetingReduction, *, min_audience) -> Measure:
    """Segments with at least one and fewer than ``min_audience`` targeted people: ``value`` =
    the smallest targeted audience of any segment, ``affected_rows`` = the targeted people in
    the small ones.

    Per segment (the ``segment`` value as given, with at least one targeted row), n = its targeted
    rows (``segment_cells``). ``value`` = the smallest n of any segment (None when no targeted
    person has a segment), ``threshold`` = ``min_audience``; ``details.small_segments`` = the
    number of segments with n < ``min_audience``, ``affected_rows`` = the sum of their n;
    ``details.segments`` lists them (``segment``, ``targeted_rows``), smallest first. A norm
    (singling-out risk: EDPB Guidelines 8/2020; platform minimum audience sizes): warns if any.
    """
    segment = red.tokens["segment"]
    if not (segment.codes >= 0).any():
        return Measure.not_evaluated("empty", missing=["segment"])
    sizes = segment_sizes(red)
    small = sizes[sizes["targeted_rows"] < min_audience]
    count, affected = int(len(small)), int(small["targeted_rows"].sum())
    head = small[["segment", "targeted_rows"]].head(MAX_LISTED)
    listed = [{"segment": s, "targeted_rows": int(n)}
              for s, n in zip(safe_labels(head["segment"]), head["targeted_rows"])]
    small_value = np.zeros(segment.size, dtype=bool)
    small_value[small["code"].to_numpy()] = True
    mask = red.targeted & by_code(small_value, segment.codes)
    smallest = int(sizes["targeted_rows"].min()) if len(sizes) else None
    return Measure(
        value=smallest, affected_rows=affected, threshold=min_audience,
        details={"small_segments": count, "segments": listed,
                 "segments_total": int(len(sizes)), "listed": len(listed),
                 "customer_ids": red.ids(mask)},
        facts={**red.facts(), "small_segments": count, "segments_total": int(len(sizes)),
               "smallest": smallest})


def contact_distribution(red: TargetingReduction) -> pd.DataFrame:
    """Rows per number of contacts (``contacts``, ``rows``), for rows with a contact count."""
    cells = red.contact_cells
    if cells is None or cells.empty:
        return pd.DataFrame({"contacts": pd.Series([], dtype="int64"),
                             "rows": pd.Series([], dtype="int64")})
    values = pd.Series(red.contact.uniques[cells["contact"].to_numpy()]).astype("int64")
    table = (pd.DataFrame({"contacts": values.to_numpy(), "rows": cells["n"].to_numpy()})
             .groupby("contacts", sort=True)["rows"].sum())
    return pd.DataFrame({"contacts": table.index.to_numpy(dtype="int64"),
                         "rows": table.to_numpy(dtype="int64")})


def contact_pressure(red: TargetingReduction, *, max_contacts) -> Measure:
    """Rows with ``contact_count`` > ``max_contacts``: ``value`` = the largest
    ``contact_count`` (a norm after Reg F's 7-in-7 presumption).

    Counts rows (targeted or not) with ``contact_count > max_contacts`` (``contact_cells``: rows
    per count); null counts are not counted. ``affected_rows`` = that count; ``value`` = the
    largest ``contact_count`` (also ``details.max_contacts_seen``), in the unit of the threshold
    ``max_contacts``; ``details.distribution`` = rows per count. A norm taken from CFPB Reg F 12
    CFR 1006.14(b)(2) (a debt collector's 7 calls in 7 days). Warns if any.
    """
    cells = red.contact_cells
    known = int(cells["n"].sum())
    if not known:
        return Measure.not_evaluated("empty", missing=["contact_count"])
    values = red.contact.uniques[cells["contact"].to_numpy()]
    over_value = np.asarray(pd.Series(red.contact.uniques) > max_contacts, dtype=bool)
    affected = int(cells["n"].to_numpy()[over_value[cells["contact"].to_numpy()]].sum())
    most = int(pd.Series(values).max())
    dist = contact_distribution(red)
    mask = by_code(over_value, red.contact.codes)
    return Measure(
        value=most, affected_rows=affected, threshold=max_contacts,
        details={"max_contacts_seen": most, "rows_with_count": known,
                 "distribution": dist.to_dict(orient="records"),
                 "customer_ids": red.ids(mask)},
        facts={"known": known, "most": most})


def depth_distribution(red: TargetingReduction) -> pd.DataFrame:
    """Targeted rows per number of distinct criteria and traits (``criteria``, ``rows``)."""
    cells = red.depth_cells
    if cells is None:
        return pd.DataFrame({"criteria": pd.Series([], dtype="int64"),
                             "rows": pd.Series([], dtype="int64")})
    table = cells.groupby("depth", sort=True)["targeted"].sum()
    table = table[table > 0]
    return pd.DataFrame({"criteria": table.index.to_numpy(dtype="int64"),
                         "rows": table.to_numpy(dtype="int64")})


def personalization_depth(red: TargetingReduction, *, max_criteria) -> Measure:
    """Targeted rows with more than ``max_criteria`` distinct tokens in ``targeting_criteria``
    and ``inferred_segments`` together: ``value`` = the largest number of tokens of a targeted
    row.

    Per targeted row, n = number of distinct tokens in ``targeting_criteria`` and
    ``inferred_segments`` together (a token in both counts once; worked out once per pair of
    values, ``depth_cells``). Counts targeted rows with n > ``max_criteria``; ``value`` =
    ``affected_rows`` = that count. ``details.distribution`` = targeted rows per n. Rule: EDPB
    Guidelines 8/2020 (intrusive profiling). Warns if any.
    """
    dist = depth_distribution(red)
    affected = int(dist.loc[dist["criteria"] > max_criteria, "rows"].sum())
    most = int(dist["criteria"].max()) if len(dist) else 0
    mask = red.targeted & (red.row_depth > max_criteria)
    return Measure(
        value=most, affected_rows=affected, threshold=max_criteria,
        details={"distribution": [{"criteria": int(k), "rows": int(v)}
                                  for k, v in dist.itertuples(index=False)],
                 "max_criteria_seen": most,
                 "customer_ids": red.ids(mask)},
        facts={**red.facts(), "most": most})


def minors_profiling_ads(red: TargetingReduction) -> Measure:
    """Targeted rows under their jurisdiction's ``minors_profiling_ads.under`` (18) where
    ``minors_profiling_ads.banned`` is true (EU: DSA Art. 28(2)), on a platform channel, with at
    least one targeting or inferred token, whatever the parental consent.

    A targeted row is *judged* when it is on a platform channel (the pack's
    ``platform_channels``: display, social) with at least one token in ``targeting_criteria``
    or ``inferred_segments``. It is counted when its jurisdiction's
    ``minors_profiling_ads.banned`` is true (the EU: DSA Art. 28(2)) and its age (whole years at
    ``as_of``) is under that entry's ``minors_profiling_ads.under`` (18), whatever the parental
    consent (``details.parental_consent_rows`` counts those who had it). Rows without an age
    are not counted: ``details.unknown_age_rows`` (judged rows under a ban). ``value`` =
    ``affected_rows``; ``details.ages`` = rows per age; ``details.by_jurisdiction``,
    ``fallback_rows``. Fails if any.
    """
    j = red.jurisdictions
    banned = j.mask("minors_profiling_ads", "banned")
    under = j.number("minors_profiling_ads", "under")
    judged = red.targeted & red.platform & red.profiled
    known = ~np.isnan(red.ages)
    with np.errstate(invalid="ignore"):
        minor = known & (red.ages < under)
    counted = judged & banned & minor
    affected = red.count(counted)
    unknown = red.count(judged & banned & ~known)
    parental = red.count(counted & red.parental)
    people = np.ones(red.rows, dtype=np.int64) if red.w is None else red.w
    ages = pd.Series(people[counted]).groupby(red.ages[counted]).sum().sort_index()
    by_age = {str(int(a)): int(n) for a, n in ages.items()}
    where = j.details(judged, counted, weights=red.w)
    where["by_jurisdiction"] = _with_parameter(where["by_jurisdiction"], red,
                                               "minors_profiling_ads", "banned")
    ages_under = sorted({int(a) for a in under[judged & banned]}) or [
        int(j.entry(j.default)["minors_profiling_ads"]["under"])]
    return Measure(
        value=affected, affected_rows=affected,
        details={"ages": by_age, "parental_consent_rows": parental, "unknown_age_rows": unknown,
                 "judged_rows": red.count(judged), **where,
                 "customer_ids": red.ids(counted)},
        facts={**red.facts(), **j.facts(judged, weights=red.w), "parental_rows": parental,
               "unknown": unknown, "judged_rows": red.count(judged), "under": ages_under})
