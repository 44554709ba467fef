"""Checks on people's rights and on time limits: erasure deadlines, children, retention.

Whole days: ``as_of`` is a date, read as midnight UTC at its start, and the age of a timestamp in
whole days is ``floor((as_of - ts) / 1 day)`` (:func:`ethicskit.privacy._common.whole_days`).
Per-country thresholds are mappings ``{default: x, <COUNTRY>: y}``: a row takes its ``country``'s
entry, else the default (also when its country is empty).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.privacy._common import (by_country, country_mapping, pct, people,
                                       status_count, sums_by, verb, whole_days)
from ethicskit.findings import Finding
from ethicskit.registry import finding


def erasure_overdue_rows(campaign, *, erasure_days) -> tuple[pd.Series, pd.Series, pd.Series]:
    """``(breach, age_days, deadline)``: rows with ``erasure_request_ts`` set whose age in whole
    days exceeds the deadline of their country (a request exactly ``erasure_days`` old is not
    overdue); ``age_days`` and ``deadline`` for every row (null without a request)."""
    mapping = country_mapping(erasure_days, "erasure_days")
    ts = campaign.df["erasure_request_ts"]
    age = whole_days(campaign.as_of, ts)
    deadline = by_country(campaign, mapping)
    breach = (ts.notna() & (age > deadline)).fillna(False).astype(bool)
    return breach, age, deadline


def erasure_overdue(campaign, *, erasure_days) -> Finding:
    """``privacy.erasure_overdue``: erasure requests older than the legal deadline.

    Rule: rows with ``erasure_request_ts`` set and ``(as_of - erasure_request_ts)`` in whole days
    ``> erasure_days`` of the row's ``country`` (default 30 days, US 45). A row still present
    means the data was not erased. Fails if above 0; ``value`` = the count, ``threshold`` = 0;
    the deadlines are in ``details.erasure_days``. (GDPR Art. 12(3), 17; CCPA regs §7021.)
    """
    breach, age, deadline = erasure_overdue_rows(campaign, erasure_days=erasure_days)
    open_ = campaign.df["erasure_request_ts"].notna()
    n, n_open = int(breach.sum()), int(open_.sum())
    mapping = country_mapping(erasure_days, "erasure_days")
    if n:
        worst = int((age[breach] - deadline[breach]).max())
        message = (f"{people(n)} asked for erasure and their data is still here after the "
                   f"deadline ({n:,} of {n_open:,} open requests; the longest is {worst:,} "
                   f"{verb(worst, 'day', 'days')} late).")
    else:
        message = (f"No erasure request is past its deadline ({n_open:,} open requests, all "
                   f"within the time allowed).")
    return finding("privacy.erasure_overdue", status=status_count(n), value=n, threshold=0,
                   affected_rows=n, message=message,
                   details={"open_requests": n_open, "erasure_days": mapping,
                            "by_country": _by_country_table(campaign, open_, breach),
                            "customer_ids": campaign.ids(breach)})


def erasure_ages(campaign, *, erasure_days) -> pd.DataFrame:
    """Open erasure requests for a plot: ``country``, ``age_days``, ``deadline_days``,
    ``overdue`` (one row per request, no identifiers)."""
    breach, age, deadline = erasure_overdue_rows(campaign, erasure_days=erasure_days)
    open_ = campaign.df["erasure_request_ts"].notna()
    country = (campaign.df.loc[open_, "country"].astype(object).fillna("(empty)")
               if "country" in campaign.df.columns else pd.Series("(no country)",
                                                                  index=campaign.df.index)[open_])
    return pd.DataFrame({"country": country, "age_days": age[open_].astype("int64"),
                         "deadline_days": deadline[open_], "overdue": breach[open_]}
                        ).reset_index(drop=True)


def _by_country_table(campaign, base: pd.Series, breach: pd.Series) -> list[dict]:
    if "country" not in campaign.df.columns:
        return []
    return sums_by(campaign, "country", {"rows": np.ones(len(base), dtype=bool),
                                         "affected": breach.to_numpy(bool)},
                   rows=base.to_numpy(bool))


def minors_profiled_rows(campaign, *, digital_consent_age) -> tuple[pd.Series, pd.Series]:
    """``(breach, limit)``: targeted rows with a known age below the digital consent age of
    their country (default 16) and ``parental_consent`` not true; ``limit`` per row."""
    mapping = country_mapping(digital_consent_age, "digital_consent_age")
    limit = by_country(campaign, mapping)
    age = campaign.df["age"]
    young = (age.notna() & (age.astype("Float64") < limit)).fillna(False).astype(bool)
    breach = campaign.targeted & young & ~campaign.is_true("parental_consent")
    return breach, limit


def minors_profiled(campaign, *, digital_consent_age) -> Finding:
    """``privacy.minors_profiled``: children targeted without verified parental consent.

    Rule: targeted rows whose age (whole years at ``as_of``) is below the digital consent age of
    the row's ``country`` (default 16; 13 in GB and US; 14, 15 elsewhere) and whose
    ``parental_consent`` is not true (null or absent = not true). Rows without an age are not
    counted (``details.unknown_age_rows``). Fails if above 0; ``value`` = the count,
    ``threshold`` = 0. (GDPR Art. 8; COPPA 16 CFR 312.5.)
    """
    breach, limit = minors_profiled_rows(campaign, digital_consent_age=digital_consent_age)
    targeted = campaign.targeted
    n, n_targeted = int(breach.sum()), int(targeted.sum())
    age = campaign.df["age"]
    young = (age.notna() & (age.astype("Float64") < limit)).fillna(False).astype(bool)
    n_young = int((targeted & young).sum())
    unknown_age = int((targeted & age.isna()).sum())
    if n:
        message = (f"{people(n)} ({pct(n, n_targeted)} of those targeted) "
                   f"{verb(n, 'is', 'are')} under the digital consent age of their country and "
                   f"{verb(n, 'was', 'were')} targeted without parental consent.")
    else:
        message = (f"No targeted child lacks parental consent ({n_young:,} targeted people are "
                   f"under their country's digital consent age).")
    if unknown_age:
        message += (f" {people(unknown_age)} targeted {verb(unknown_age, 'has', 'have')} no "
                    f"age and {verb(unknown_age, 'was', 'were')} not checked.")
    return finding("privacy.minors_profiled", status=status_count(n), value=n, threshold=0,
                   affected_rows=n, message=message + campaign.targeted_note,
                   details={"digital_consent_age": country_mapping(digital_consent_age,
                                                                   "digital_consent_age"),
                            "targeted_under_age": n_young, "unknown_age_rows": unknown_age,
                            "by_country": _by_country_table(campaign, targeted & young, breach),
                            "customer_ids": campaign.ids(breach)})


def retention_exceeded_rows(campaign, *, retention_days) -> pd.Series:
    """Rows with ``collected_ts`` set and its age in whole days ``> retention_days``."""
    ts = campaign.df["collected_ts"]
    age = whole_days(campaign.as_of, ts)
    return (ts.notna() & (age > retention_days)).fillna(False).astype(bool)


def retention_exceeded(campaign, *, retention_days) -> Finding:
    """``privacy.retention_exceeded``: personal data kept longer than the retention period.

    Rule: rows with ``(as_of - collected_ts)`` in whole days ``> retention_days`` (730).
    Fails if above 0; ``value`` = the count, ``threshold`` = 0; the period is in
    ``details.retention_days``. (GDPR Art. 5(1)(e).)
    """
    breach = retention_exceeded_rows(campaign, retention_days=retention_days)
    n = int(breach.sum())
    known = int(campaign.df["collected_ts"].notna().sum())
    if n:
        oldest = int(whole_days(campaign.as_of, campaign.df["collected_ts"][breach]).max())
        message = (f"{people(n)} ({pct(n, known)} of rows with a collection date) "
                   f"{verb(n, 'has', 'have')} data older than {retention_days:,} days; the oldest "
                   f"is {oldest:,} days old.")
    else:
        message = f"No record is older than the retention period of {retention_days:,} days."
    return finding("privacy.retention_exceeded", status=status_count(n), value=n, threshold=0,
                   affected_rows=n, message=message,
                   details={"retention_days": retention_days, "rows_with_date": known,
                            "customer_ids": campaign.ids(breach)})
