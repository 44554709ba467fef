"""Targeting metrics on who the audience is and how it was built (docs/checks.md, targeting).

Sensitive traits, protected criteria in opportunity offers, micro-segments, contact pressure and
depth of profiling. Each is ``metric(reduction, *, <its thresholds>) -> Measure`` of the
:class:`~ethicskit.targeting.reduction.TargetingReduction`; the row's rule judges it and its
templates word it (:mod:`ethicskit.targeting.checks`). "Targeted rows" are rows whose
``targeted`` is true, or every row when the dataset has no ``targeted`` column (the message then
says so). "Not true" includes null.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.masking import safe_label
from ethicskit.targeting.common import count_table, first_ids, ranked
from ethicskit.targeting.reduction import OPPORTUNITY_PRODUCTS, TargetingReduction, labels
from ethicskit.targeting.tokens import by_code

#: Most rows listed in a details table.
MAX_LISTED = 200
#: Most (token, category) pairs listed in ``details.tokens``.
MAX_TOKENS = 50


def _hit_values(red: TargetingReduction, column: str) -> np.ndarray:
    """Per distinct value of a token column: does it hold a token matching a category."""
    return np.array([bool(p) for p in red.pairs[column]], dtype=bool)


def sensitive_pairs(red: TargetingReduction) -> pd.DataFrame:
    """The distinct ``(token, category)`` matches of each cell of ``sensitive_cells``: frame
    ``cell, token, category, n, consented`` (one row per cell and pair)."""
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
                             "n": pd.Series([], dtype="int64"),
                             "consented": pd.Series([], dtype="int64")})
    found = pd.concat(parts, ignore_index=True).drop_duplicates(["cell", "token", "category"])
    found["n"] = cells["n"].to_numpy()[found["cell"].to_numpy()]
    found["consented"] = cells["consented"].to_numpy()[found["cell"].to_numpy()]
    return found.reset_index(drop=True)


def _category_order(red: TargetingReduction, counted: np.ndarray) -> list[str]:
    """Sensitive categories in the order they first appear among the counted rows: column by
    column (:data:`~ethicskit.targeting.tokens.TOKEN_COLUMNS`), rows in order, a row's tokens in
    order, a token's categories in match order."""
    seen: dict[str, None] = {}
    for column, pairs in red.pairs.items():
        codes = red.tokens[column].codes
        hit = by_code(_hit_values(red, column), codes)
        for value in pd.unique(codes[counted & hit]):
            for _, category in pairs[value]:
                seen.setdefault(category, None)
    return list(seen)


def sensitive_interests(red: TargetingReduction) -> Measure:
    """Targeted people selected through a token that reveals a sensitive trait.

    Counts targeted rows with at least one token of ``targeting_criteria``, ``inferred_segments``
    or ``segment`` that matches a category of the sensitive lexicon (by key or by word, see
    :mod:`ethicskit.targeting.tokens`) and whose ``explicit_consent_sensitive`` is not true:
    ``value = affected_rows = sum(n - consented)`` over the cells of ``sensitive_cells`` (targeted
    rows per combination of the three values) holding a match. ``details.categories`` = rows per
    category (a row matching two categories counts once in each), largest first;
    ``details.tokens`` = rows per matching token (top 50). Rule: GDPR Art. 9 (special categories
    need explicit consent), DSA Art. 26(3) (no ads profiled on special categories), EDPB
    Guidelines 8/2020. Fails if any.
    """
    found = sensitive_pairs(red)
    found["counted"] = found["n"] - found["consented"]
    per_cell = found.drop_duplicates("cell")
    affected = int(per_cell["counted"].sum())
    consented_rows = int(per_cell["consented"].sum())
    per_category = (found.drop_duplicates(["cell", "category"])
                    .groupby("category")["counted"].sum())
    hit_row = np.zeros(red.rows, dtype=bool)
    for column in red.pairs:
        hit_row |= by_code(_hit_values(red, column), red.tokens[column].codes)
    counted = red.targeted & ~red.consent_sensitive & hit_row
    order = [c for c in _category_order(red, counted) if per_category.get(c, 0) > 0]
    categories = pd.Series([int(per_category[c]) for c in order], index=order, dtype="int64")
    categories = {str(k): int(v) for k, v in
                  categories.sort_values(ascending=False, kind="stable").items()}
    token_rows = found.groupby(["token", "category"])["counted"].sum()
    token_rows = token_rows[token_rows > 0].sort_values(ascending=False).head(MAX_TOKENS)
    tokens = [{"token": safe_label(t), "category": c, "rows": int(n)}
              for (t, c), n in token_rows.items()]
    searched = list(red.pairs)
    return Measure(
        value=affected, affected_rows=affected,
        details={"categories": categories, "tokens": tokens, "consented_rows": consented_rows,
                 "columns": searched, "lexicon": red.lexicon.source,
                 "customer_ids": first_ids(red.customer_id, counted)},
        facts={**red.facts(), "categories": categories, "consented_rows": consented_rows,
               "has_consent_column": red.has("explicit_consent_sensitive")})


def protected_criteria_in_opportunity_ads(red: TargetingReduction) -> Measure:
    """Housing, employment or credit offers targeted by a protected characteristic.

    Counts targeted rows whose ``product_category`` is ``housing``, ``employment`` or ``credit``
    and whose ``targeting_criteria`` hold a token whose key is one of
    :data:`~ethicskit.targeting.reduction.PROTECTED_KEYS`: ``value = affected_rows = sum(n)``
    over the cells of ``criteria_cells`` (targeted rows per criteria value and product) with such
    a product and such a key. ``details.keys`` = rows per protected key (a row counts once per
    key), ``details.products`` = rows per product. Rule: Fair Housing Act §3604(c), ECOA/Reg B
    §1002.4(b), Meta Special Ad Categories, Google Ads policy. Fails if any.
    """
    cells = red.criteria_cells
    opportunity = red.product.isin(OPPORTUNITY_PRODUCTS)
    keys = red.criteria_keys + [[]]  # the null code (size) has no keys
    has_keys = np.array([bool(k) for k in keys], dtype=bool)
    crit, prod, n = (cells[c].to_numpy() for c in ("criteria", "product", "n"))
    in_opportunity = np.append(opportunity, False)[prod]
    hit = in_opportunity & has_keys[crit]
    affected = int(n[hit].sum())
    key_counts: dict[str, int] = {}
    for code, rows in zip(crit[hit], n[hit]):
        for key in keys[code]:
            key_counts[key] = key_counts.get(key, 0) + int(rows)
    key_rows = ranked(key_counts)
    products = count_table(labels(red.product, prod[hit]), n[hit])
    opportunity_rows = int(n[in_opportunity].sum())
    criteria = red.tokens["targeting_criteria"]
    mask = (red.targeted & by_code(opportunity, red.product.codes)
            & by_code(has_keys[:-1], criteria.codes))
    return Measure(
        value=affected, affected_rows=affected,
        details={"keys": key_rows, "products": products, "opportunity_rows": opportunity_rows,
                 "customer_ids": first_ids(red.customer_id, mask)},
        facts={**red.facts(), "keys": key_rows, "products": products,
               "opportunity_rows": opportunity_rows})


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
    """Segments so small they can single people out.

    Per segment (the ``segment`` value as given, with at least one targeted row), n = its targeted
    rows (``segment_cells``). ``value`` = number of segments with n < ``min_audience``;
    ``affected_rows`` = the sum of their n. ``details.segments`` lists them (``segment``,
    ``targeted_rows``), smallest first. Rule: platform minimum audience sizes (Google 100,
    LinkedIn 300). Fails if any.
    """
    segment = red.tokens["segment"]
    if not (segment.codes >= 0).any():
        return Measure.not_evaluated("empty", missing=["segment"])
    sizes = segment_sizes(red)
    small = sizes[sizes["targeted_rows"] < min_audience]
    value, affected = int(len(small)), int(small["targeted_rows"].sum())
    listed = [{"segment": safe_label(s), "targeted_rows": int(n)} for s, n in
              small[["segment", "targeted_rows"]].head(MAX_LISTED).itertuples(index=False)]
    small_value = np.zeros(segment.size, dtype=bool)
    small_value[small["code"].to_numpy()] = True
    mask = red.targeted & by_code(small_value, segment.codes)
    smallest = int(sizes["targeted_rows"].min()) if len(sizes) else 0
    return Measure(
        value=value, affected_rows=affected,
        details={"segments": listed, "segments_total": int(len(sizes)), "listed": len(listed),
                 "customer_ids": first_ids(red.customer_id, mask)},
        facts={**red.facts(), "segments_total": int(len(sizes)), "smallest": smallest})


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
    """People contacted more often than the cap in one campaign.

    Counts rows (targeted or not) with ``contact_count > max_contacts`` (``contact_cells``: rows
    per count); null counts are not counted. ``value`` = ``affected_rows`` = that count, the
    threshold ``max_contacts``; ``details.max_contacts_seen`` = the largest count,
    ``details.distribution`` = rows per count. Rule: CFPB Reg F 12 CFR 1006.14(b)(2) (at most 7
    calls in 7 days) taken as a norm. Warns if any.
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
        value=affected, affected_rows=affected,
        details={"max_contacts_seen": most, "rows_with_count": known,
                 "distribution": dist.to_dict(orient="records"),
                 "customer_ids": first_ids(red.customer_id, mask)},
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
    """Targeted people profiled with more criteria than can be explained to them.

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
        value=affected, affected_rows=affected,
        details={"distribution": [{"criteria": int(k), "rows": int(v)}
                                  for k, v in dist.itertuples(index=False)],
                 "max_criteria_seen": most,
                 "customer_ids": first_ids(red.customer_id, mask)},
        facts={**red.facts(), "most": most})
