"""Metrics on people's rights and on time limits: erasure deadlines, children, retention.

Whole days: ``as_of`` is a date, read as midnight UTC at its start, and the age of a timestamp in
whole days is ``floor((as_of - ts) / 1 day)`` (:func:`ethicskit.privacy._common.whole_days`,
applied once in the reduction). Per-country thresholds are mappings ``{default: x, <COUNTRY>:
y}``: a row takes its ``country``'s entry, else the default (also when its country is empty).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.counts import codes_with_null, group_sums
from ethicskit.privacy._common import by_country, country_mapping, label_records, label_sums

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.privacy.reduction import PrivacyReduction


def _by_country(r: "PrivacyReduction", mapping: dict) -> np.ndarray:
    return by_country(r.country_codes, r.country_values, mapping, rows=r.rows)


def country_codes(r: "PrivacyReduction") -> tuple[np.ndarray, int]:
    """Each row's country code, a null being the last code; and the number of codes."""
    return codes_with_null(r.country_codes, len(r.country_values))


def _by_country_table(r: "PrivacyReduction", base: np.ndarray, breach: np.ndarray
                      ) -> list[dict]:
    """``details.by_country``: per country label (``(empty)`` for a null), the rows of ``base``
    and those of them in ``breach``."""
    if r.country_codes is None:
        return []
    codes, _ = country_codes(r)
    table = label_sums(codes, r.country_labels("(empty)"),
                       {"rows": np.ones(r.rows, dtype=bool), "affected": breach}, rows=base)
    return label_records("country", table)


def erasure_rows(r: "PrivacyReduction", *, erasure_days) -> tuple[np.ndarray, np.ndarray]:
    """``(breach, deadline)``: rows with ``erasure_request_ts`` set whose age in whole days
    exceeds the deadline of their country (a request exactly ``erasure_days`` old is not
    overdue); ``deadline`` in days for every row."""
    deadline = _by_country(r, country_mapping(erasure_days, "erasure_days"))
    late = (r.erasure_age > deadline).fillna(False).to_numpy(dtype=bool)
    return r.erasure_open & late, deadline


def erasure_overdue(r: "PrivacyReduction", *, erasure_days) -> Measure:
    """``privacy.erasure_overdue``: erasure requests older than the legal deadline.

    Rule: ``affected = sum(whole_days(as_of - erasure_request_ts) > erasure_days[country])``
    over the rows with a request (default 30 days, US 45). A row still present means the data
    was not erased. Fails if ``affected > 0``; ``value`` = the count, ``threshold`` = 0; the
    deadlines are in ``details.erasure_days``. (GDPR Art. 12(3), 17; CCPA regs §7021.)
    """
    breach, deadline = erasure_rows(r, erasure_days=erasure_days)
    n, n_open = int(breach.sum()), int(r.erasure_open.sum())
    worst = int((r.erasure_age[breach] - deadline[breach]).max()) if n else None
    return Measure(value=n, affected_rows=n, facts={"n_open": n_open, "worst": worst},
                   details={"open_requests": n_open,
                            "erasure_days": country_mapping(erasure_days, "erasure_days"),
                            "by_country": _by_country_table(r, r.erasure_open, breach),
                            "customer_ids": r.ids(breach)})


def erasure_ages(r: "PrivacyReduction", *, erasure_days) -> pd.DataFrame:
    """Open erasure requests counted per country and age: ``country`` (``(empty)`` for a
    null, ``(no country)`` without the column), ``age_days``, ``deadline_days`` (the country's),
    ``overdue`` (``age_days > deadline_days``) and ``n`` (requests), by country label then age.
    Aggregates only: no row per person."""
    empty = pd.DataFrame({"country": pd.Series(dtype="str"),
                          "age_days": pd.Series(dtype="int64"),
                          "deadline_days": pd.Series(dtype="float64"),
                          "overdue": pd.Series(dtype="bool"), "n": pd.Series(dtype="int64")})
    if r.erasure_open is None or not r.erasure_open.any():
        return empty
    open_ = r.erasure_open
    age = r.erasure_age.to_numpy(dtype="float64", na_value=np.nan)
    low = int(np.nanmin(age[open_]))
    age_code = np.where(open_, np.nan_to_num(age, nan=low) - low, 0).astype(np.int64)
    mapping = country_mapping(erasure_days, "erasure_days")
    if r.country_codes is None:
        codes, size, labels = np.zeros(r.rows, dtype=np.int64), 1, ["(no country)"]
        deadline = by_country(None, None, mapping, rows=1)
    else:
        (codes, size), labels = country_codes(r), r.country_labels("(empty)")
        raw = np.arange(size)
        raw[-1] = -1  # the code of a null country
        deadline = by_country(raw, r.country_values, mapping, rows=size)
    cells = group_sums({"country": codes, "age": age_code},
                       {"country": size, "age": int(age_code[open_].max()) + 1}, rows=open_)
    out = pd.DataFrame({
        "country": pd.Series(np.asarray(labels, dtype=object)[cells["country"]], dtype="str"),
        "age_days": (cells["age"].to_numpy() + low).astype("int64"),
        "deadline_days": deadline[cells["country"].to_numpy()].astype("float64"),
        "n": cells["n"].to_numpy(dtype="int64")})
    out.insert(3, "overdue", out["age_days"] > out["deadline_days"])
    return out.sort_values(["country", "age_days"], kind="stable").reset_index(drop=True)


def minors_rows(r: "PrivacyReduction", *, digital_consent_age
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(breach, young, limit)``: ``young`` = rows with a known age below the digital consent
    age ``limit`` of their country (default 16); ``breach`` = targeted young rows whose
    ``parental_consent`` is not true."""
    limit = _by_country(r, country_mapping(digital_consent_age, "digital_consent_age"))
    young = (r.age.notna() & (r.age.astype("Float64") < limit)).fillna(False)
    young = young.to_numpy(dtype=bool)
    return r.targeted & young & ~r.parental_consent, young, limit


def minors_profiled(r: "PrivacyReduction", *, digital_consent_age) -> Measure:
    """``privacy.minors_profiled``: children targeted without verified parental consent.

    Rule: ``affected = sum(targeted & age < digital_consent_age[country] & ~parental_consent)``
    with age in whole years at ``as_of`` (default 16; 13 in GB and US; 14, 15 elsewhere) and
    ``parental_consent`` null or absent = not true. Rows without an age are not counted
    (``details.unknown_age_rows``). Fails if ``affected > 0``; ``value`` = the count,
    ``threshold`` = 0. (GDPR Art. 8; COPPA 16 CFR 312.5.)
    """
    breach, young, _ = minors_rows(r, digital_consent_age=digital_consent_age)
    n, n_targeted = int(breach.sum()), int(r.targeted.sum())
    n_young = int((r.targeted & young).sum())
    unknown_age = int((r.targeted & r.age.isna().to_numpy(dtype=bool)).sum())
    return Measure(value=n, affected_rows=n,
                   facts={"n_targeted": n_targeted, "n_young": n_young,
                          "unknown_age": unknown_age, "has_targeted": r.has_targeted},
                   details={"digital_consent_age": country_mapping(digital_consent_age,
                                                                   "digital_consent_age"),
                            "targeted_under_age": n_young, "unknown_age_rows": unknown_age,
                            "by_country": _by_country_table(r, r.targeted & young, breach),
                            "customer_ids": r.ids(breach)})


def retention_rows(r: "PrivacyReduction", *, retention_days) -> np.ndarray:
    """Rows with ``collected_ts`` set and its age in whole days ``> retention_days``."""
    return (r.collected_age > retention_days).fillna(False).to_numpy(dtype=bool)


def retention_exceeded(r: "PrivacyReduction", *, retention_days) -> Measure:
    """``privacy.retention_exceeded``: personal data kept longer than the retention period.

    Rule: ``affected = sum(whole_days(as_of - collected_ts) > retention_days)`` (730). Fails if
    ``affected > 0``; ``value`` = the count, ``threshold`` = 0; the period is in
    ``details.retention_days``. (GDPR Art. 5(1)(e).)
    """
    breach = retention_rows(r, retention_days=retention_days)
    n = int(breach.sum())
    known = int(r.collected_age.notna().sum())
    oldest = int(r.collected_age[breach].max()) if n else None
    return Measure(value=n, affected_rows=n, facts={"known": known, "oldest": oldest},
                   details={"retention_days": retention_days, "rows_with_date": known,
                            "customer_ids": r.ids(breach)})
