"""Metrics on people's rights and on time limits: erasure deadlines, children, retention.

Whole days: ``as_of`` is a date, read as midnight UTC at its start, and the age of a timestamp in
whole days is ``floor((as_of - ts) / 1 day)`` (:func:`ethicskit.privacy._common.whole_days`,
applied once in the reduction). The deadline of an erasure request and the digital consent age
of a child come from the rule pack entry of the row (the reduction's
:class:`~ethicskit.jurisdictions.Jurisdictions`); retention from the inventory's declared
``retention_days`` per column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.privacy._common import with_parameters

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.privacy.reduction import PrivacyReduction


def erasure_deadline(r: "PrivacyReduction") -> np.ndarray:
    """The erasure deadline of every row in days: its jurisdiction's ``erasure.days``, plus
    ``erasure.extension`` where ``erasure_extended`` is true."""
    days = r.j.number("erasure", "days")
    extension = r.j.number("erasure", "extension")
    return days + np.where(r.erasure_extended, extension, 0.0)


def erasure_rows(r: "PrivacyReduction") -> tuple[np.ndarray, np.ndarray]:
    """``(breach, deadline)``: rows with ``erasure_request_ts`` set whose age in whole days
    exceeds their deadline (:func:`erasure_deadline`; a request exactly at its deadline is not
    overdue); ``deadline`` in days for every row."""
    deadline = erasure_deadline(r)
    late = (r.erasure_age > deadline).fillna(False).to_numpy(dtype=bool)
    return r.erasure_open & late, deadline


def erasure_overdue(r: "PrivacyReduction") -> Measure:
    """``privacy.erasure_overdue``: erasure requests older than the deadline of the
    jurisdiction.

    Rule: ``affected = sum(whole_days(as_of - erasure_request_ts) > days + extension *
    erasure_extended)`` over the rows with a request, ``days`` and ``extension`` from the
    row's jurisdiction (EU and GB 30 + 60, US 45 + 45, CA 30 + 30). A row still present means
    the data was not erased. Fails if ``affected > 0``.
    """
    breach, deadline = erasure_rows(r)
    n, n_open = r.count(breach), r.count(r.erasure_open)
    worst = int((r.erasure_age[breach] - deadline[breach]).max()) if n else None
    extended = r.erasure_open & r.erasure_extended
    table = with_parameters(r.j, r.j.details(r.erasure_open, breach, extended=extended,
                                             weights=r.w),
                            "erasure", {"days": "days", "extension": "extension"})
    return Measure(value=n, affected_rows=n,
                   facts={"n_open": n_open, "worst": worst,
                          **r.j.facts(r.erasure_open, weights=r.w)},
                   details={"open_requests": n_open, "extended_rows": r.count(extended),
                            **table, "customer_ids": r.ids(breach)})


def erasure_ages(r: "PrivacyReduction") -> pd.DataFrame:
    """Open erasure requests counted per jurisdiction, deadline and age: ``jurisdiction`` (the
    rule-pack entry the row follows), ``age_days``, ``deadline_days`` (the jurisdiction's,
    with its extension where ``erasure_extended`` is true), ``overdue`` (``age_days >
    deadline_days``) and ``n`` (requests), by jurisdiction, deadline then age. Aggregates only:
    no row per person."""
    empty = pd.DataFrame({"jurisdiction": pd.Series(dtype="str"),
                          "age_days": pd.Series(dtype="int64"),
                          "deadline_days": pd.Series(dtype="float64"),
                          "overdue": pd.Series(dtype="bool"), "n": pd.Series(dtype="int64")})
    if r.erasure_open is None or not r.erasure_open.any():
        return empty
    open_ = r.erasure_open
    frame = pd.DataFrame({
        "jurisdiction": r.jurisdiction_of_rows()[open_].astype(str),
        "deadline_days": erasure_deadline(r)[open_].astype("float64"),
        "age_days": r.erasure_age[open_].to_numpy(dtype="int64"),
        "people": (np.ones(r.rows, dtype=np.int64) if r.w is None else r.w)[open_]})
    cells = (frame.groupby(["jurisdiction", "deadline_days", "age_days"], sort=True)
             ["people"].sum().rename("n").reset_index())
    out = pd.DataFrame({
        "jurisdiction": cells["jurisdiction"].astype("str"),
        "age_days": cells["age_days"].astype("int64"),
        "deadline_days": cells["deadline_days"].astype("float64"),
        "n": cells["n"].astype("int64")})
    out.insert(3, "overdue", out["age_days"] > out["deadline_days"])
    return out.reset_index(drop=True)


def minors_rows(r: "PrivacyReduction") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(breach, young, limit)``: ``young`` = rows with a known age below the digital consent
    age ``limit`` of their jurisdiction; ``breach`` = targeted young rows whose
    ``parental_consent`` is not true."""
    limit = r.j.number("digital_consent_age", "age")
    young = (r.age.notna() & (r.age.astype("Float64") < limit)).fillna(False)
    young = young.to_numpy(dtype=bool)
    return r.targeted & young & ~r.parental_consent, young, limit


def minors_profiled(r: "PrivacyReduction") -> Measure:
    """``privacy.minors_profiled``: children targeted without verified parental consent.

    Rule: ``affected = sum(targeted & age < digital_consent_age & ~parental_consent)`` with the
    digital consent age of the row's jurisdiction (EU 16 with the member states' own ages, GB,
    US and CA 13), age in whole years at ``as_of`` and ``parental_consent`` null or absent = not
    true. Rows without an age are not counted (``details.unknown_age_rows``). Fails if
    ``affected > 0``.
    """
    breach, young, _ = minors_rows(r)
    n, n_targeted = r.count(breach), r.count(r.targeted)
    n_young = r.count(r.targeted & young)
    known = r.age.notna().to_numpy(dtype=bool)
    unknown_age = r.count(r.targeted & ~known)
    base = r.targeted & known
    table = with_parameters(r.j, r.j.details(base, breach, under_age=young, weights=r.w),
                            "digital_consent_age", {"digital_consent_age": "age"})
    return Measure(value=n, affected_rows=n,
                   facts={"n_targeted": n_targeted, "n_young": n_young,
                          "unknown_age": unknown_age, "has_targeted": r.has_targeted,
                          **r.j.facts(base, weights=r.w)},
                   details={"targeted_under_age": n_young, "unknown_age_rows": unknown_age,
                            **table, "customer_ids": r.ids(breach)})


def retention_rows(r: "PrivacyReduction", *, retention_days) -> tuple[np.ndarray, list[dict]]:
    """``(breach, columns)``: with an inventory, rows where for at least one declared column
    with ``retention_days`` whose value is non-null in the row, the age of ``collected_ts`` in
    whole days exceeds that column's ``retention_days`` (a row counts once); ``columns`` lists
    ``{column, retention_days, rows}`` per declared column (rows over its limit). Without an
    inventory, rows older than ``retention_days``, and ``columns`` is empty."""
    age = r.collected_age
    if not r.has_inventory:
        return (age > retention_days).fillna(False).to_numpy(dtype=bool), []
    values = age.to_numpy(dtype="float64", na_value=np.nan)
    breach = np.zeros(r.rows, dtype=bool)
    columns = []
    for name, days, present in r.retention_columns:
        over = present & (np.nan_to_num(values, nan=-np.inf) > days)
        breach |= over
        columns.append({"column": name, "retention_days": int(days), "rows": r.count(over)})
    return breach, columns


def retention_exceeded(r: "PrivacyReduction", *, retention_days) -> Measure:
    """``privacy.retention_exceeded``: personal data kept longer than declared.

    Rule: with an inventory, ``affected`` = rows where ``whole_days(as_of - collected_ts) >
    retention_days`` of at least one declared column holding a value in the row; without one,
    ``> retention_days`` (the threshold, 730). Fails if ``affected > 0``; ``details.columns``:
    ``{column, retention_days, rows}``.
    """
    breach, columns = retention_rows(r, retention_days=retention_days)
    n = r.count(breach)
    known = r.count(r.collected_age.notna().to_numpy(dtype=bool))
    oldest = int(r.collected_age[breach].max()) if n else None
    limits = sorted({c["retention_days"] for c in columns})
    details = {"rows_with_date": known, "columns": columns,
               "customer_ids": r.ids(breach)}
    if not r.has_inventory:
        details = {"retention_days": retention_days, **details}
    return Measure(value=n, affected_rows=n,
                   facts={"known": known, "oldest": oldest, "inventory": r.has_inventory,
                          "limits": limits, "n_columns": len(columns),
                          "over_columns": sorted((c for c in columns if c["rows"]),
                                                 key=lambda c: -c["rows"])[:5],
                          "n_over": sum(1 for c in columns if c["rows"])},
                   details=details)
