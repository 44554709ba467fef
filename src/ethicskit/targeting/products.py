"""Targeting metrics on what is offered to whom (docs/checks.md, targeting).

Age-restricted products shown to minors, high-risk products offered to vulnerable people, and
significant decisions made by a model alone. Each is ``metric(reduction, *, <its thresholds>) ->
Measure`` of the :class:`~ethicskit.targeting.reduction.TargetingReduction`. "Targeted rows" are
rows whose ``targeted`` is true, or every row when the dataset has no ``targeted`` column (the
message then says so).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.targeting.common import count_table, ranked
from ethicskit.targeting.reduction import (AGE_RESTRICTED, HIGH_RISK, SIGNIFICANT,  # noqa: F401
                                           TargetingReduction, labels, per_cell)
from ethicskit.targeting.tokens import by_code


def minors_restricted_products(red: TargetingReduction, *, minor_age) -> Measure:
    """Alcohol, gambling, tobacco or high-cost credit offered to minors.

    Over ``age_cells`` (targeted rows per product and age): counts rows with age < ``minor_age``
    (whole years at ``as_of``; rows without an age are not counted, and reported in
    ``details.unknown_age_rows``) and ``product_category`` in
    :data:`~ethicskit.targeting.reduction.AGE_RESTRICTED`. ``value`` = ``affected_rows`` = that
    count; ``details.products`` and ``details.ages`` = rows per product and per age. Rule: UK CAP
    Code 16.3.12 (gambling), 18.16 (alcohol), Gambling Act 2005 s. 46, platform policies
    (profiling-based ads to minors on platforms are ``targeting.minors_profiling_ads``). Fails if
    any.
    """
    cells, age = red.age_cells, red.age
    prod, ages, n = (cells[c].to_numpy() for c in ("product", "age", "n"))
    restricted_value = red.product.isin(AGE_RESTRICTED)
    minor_value = np.asarray(pd.Series(age.uniques, dtype=object).map(
        lambda a: bool(a < minor_age)), dtype=bool) if age.size else np.zeros(0, dtype=bool)
    restricted = per_cell(restricted_value, prod)
    minor = per_cell(minor_value, ages)
    hit = restricted & minor
    affected = int(n[hit].sum())
    restricted_rows = int(n[restricted].sum())
    unknown = int(n[restricted & (ages == age.size)].sum())
    products = count_table(labels(red.product, prod[hit]), n[hit])
    per_age: dict = {}
    for value, rows in zip(age.uniques[ages[hit]], n[hit]):
        per_age[value] = per_age.get(value, 0) + int(rows)
    by_age = {str(int(k)): int(v) for k, v in sorted(per_age.items())}
    mask = (red.targeted & by_code(restricted_value, red.product.codes)
            & by_code(minor_value, age.codes))
    return Measure(
        value=affected, affected_rows=affected,
        details={"products": products, "ages": by_age, "minor_age": minor_age,
                 "restricted_rows": restricted_rows, "unknown_age_rows": unknown,
                 "customer_ids": red.ids(mask)},
        facts={**red.facts(), "products": products, "restricted_rows": restricted_rows,
               "unknown": unknown})


def vulnerable_high_risk(red: TargetingReduction) -> Measure:
    """Gambling or high-cost credit offered to people flagged as vulnerable.

    Over ``flag_cells`` (rows and targeted rows per ``vulnerability_flags`` value and product):
    counts targeted rows with at least one flag token and ``product_category`` in
    :data:`~ethicskit.targeting.reduction.HIGH_RISK`. ``value`` = ``affected_rows`` = that count;
    ``details.products`` = rows per product, ``details.flags`` = rows per flag (a row counts once
    per flag), ``details.flagged_rows`` = rows with a flag, targeted or not. A risk for a person's
    review: FCA CONC 2.10 and FG21/1 (vulnerable customers), UK Gambling Commission LCCP SR
    5.1.11, and EU AI Act Art. 5(1)(b) where its conditions are met (a system exploiting a
    vulnerability to distort behaviour with significant harm; one offer to a flagged person is
    not in itself that practice). Warns if any.
    """
    cells, flags = red.flag_cells, red.flags
    code, prod, n, targeted = (cells[c].to_numpy() for c in ("flags", "product", "n", "targeted"))
    flagged_value = np.array([bool(ts) for ts in flags.tokens], dtype=bool)
    high_risk_value = red.product.isin(HIGH_RISK)
    flagged = per_cell(flagged_value, code)
    hit = flagged & per_cell(high_risk_value, prod)
    affected = int(targeted[hit].sum())
    flagged_rows = int(n[flagged].sum())
    products = count_table(labels(red.product, prod[hit]), targeted[hit])
    flag_counts: dict[str, int] = {}
    for value, rows in zip(code[hit], targeted[hit]):
        for flag in dict.fromkeys(flags.tokens[value]) if rows else ():
            flag_counts[flag] = flag_counts.get(flag, 0) + int(rows)
    flag_rows = ranked(flag_counts)
    mask = (red.targeted & by_code(high_risk_value, red.product.codes)
            & by_code(flagged_value, flags.codes))
    return Measure(
        value=affected, affected_rows=affected,
        details={"products": products, "flags": flag_rows, "flagged_rows": flagged_rows,
                 "customer_ids": red.ids(mask)},
        facts={**red.facts(), "products": products, "flags": flag_rows,
               "flagged_rows": flagged_rows})


def automated_significant_decisions(red: TargetingReduction) -> Measure:
    """Significant decisions made by a model alone, without a person reviewing them.

    Over ``decision_cells`` (targeted rows per product, ``automated_decision`` and
    ``human_review``): counts rows with ``product_category`` in
    :data:`~ethicskit.targeting.reduction.SIGNIFICANT`, ``automated_decision`` true and
    ``human_review`` not true (null or absent counts as not reviewed). ``value`` =
    ``affected_rows`` = that count; ``details.products`` = rows per product. Rule: GDPR Art. 22
    (right not to be subject to a solely automated decision with significant effects); AI Act
    Annex III 5(b)-(c) (creditworthiness, life and health insurance pricing are high-risk).
    Warns if any.
    """
    cells = red.decision_cells
    prod, automated, reviewed, n = (cells[c].to_numpy() for c in
                                    ("product", "automated", "reviewed", "n"))
    significant_value = red.product.isin(SIGNIFICANT)
    auto = per_cell(significant_value, prod) & (automated == 1)
    hit = auto & (reviewed == 0)
    affected = int(n[hit].sum())
    automated_rows = int(n[auto].sum())
    products = count_table(labels(red.product, prod[hit]), n[hit])
    mask = (red.targeted & by_code(significant_value, red.product.codes) & red.automated
            & ~red.reviewed)
    return Measure(
        value=affected, affected_rows=affected,
        details={"products": products, "automated_rows": automated_rows,
                 "customer_ids": red.ids(mask)},
        facts={**red.facts(), "products": products, "automated_rows": automated_rows,
               "has_review_column": red.has("human_review")})
