"""The suppression list: people who must not be contacted, and why, as a spreadsheet-safe CSV.

One line per (person, check) for the row masks of ``privacy.consent_missing``,
``privacy.contact_after_optout``, ``privacy.erasure_overdue`` and ``privacy.minors_profiled``
(a person who breaches two checks has two lines). Columns: ``customer_id,check_id,reason``.
Reasons are plain sentences without any identifier. Every value that a spreadsheet could run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with a
single quote.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ethicskit.privacy.consent import (CONSENT_OF, NO_CHANNEL_CONSENT, consent_missing_rows,
                                       contact_after_optout_rows)
from ethicskit.privacy.rights import erasure_overdue_rows, minors_profiled_rows

COLUMNS = ("customer_id", "check_id", "reason")
FILE_NAME = "suppress.csv"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _threshold(campaign, name):
    return campaign.config.threshold(name)


def _consent_reasons(campaign, rows: pd.Series) -> pd.Series:
    df = campaign.df
    if "channel" in df.columns:
        channel = df.loc[rows, "channel"].astype(object)
        column = channel.map({k: campaign.display_name(v) for k, v in CONSENT_OF.items() if v})
        return "targeted by " + channel.astype(str) + " without consent in " + column.astype(str)
    name = campaign.display_name(NO_CHANNEL_CONSENT)
    return pd.Series(f"targeted without consent in {name}", index=df.index[rows])


def suppression_list(campaign) -> pd.DataFrame:
    """The suppression list of ``campaign`` as a frame ``customer_id, check_id, reason``, ordered
    by check then by row. Checks whose columns are absent add nothing."""
    df = campaign.df
    parts = []

    def add(check_id: str, rows: pd.Series, reason: pd.Series | str) -> None:
        rows = rows.fillna(False).astype(bool)
        if not rows.any():
            return
        reason = (reason if isinstance(reason, pd.Series)
                  else pd.Series(reason, index=df.index[rows]))
        parts.append(pd.DataFrame({"customer_id": df.loc[rows, "customer_id"].astype(str),
                                   "check_id": check_id, "reason": reason.astype(str)}))

    if any(c in df.columns for c in set(CONSENT_OF.values()) if c):
        breach, _ = consent_missing_rows(campaign)
        add("privacy.consent_missing", breach, _consent_reasons(campaign, breach))
    if {"optout_ts", "contact_ts"} <= set(df.columns):
        grace = _threshold(campaign, "optout_grace_days")
        breach, _ = contact_after_optout_rows(campaign, optout_grace_days=grace)
        days = (df.loc[breach, "contact_ts"] - df.loc[breach, "optout_ts"]).dt.days
        add("privacy.contact_after_optout", breach,
            "contacted after opting out (" + days.astype(str) + " whole days later; grace "
            + str(grace) + " days)")
    if "erasure_request_ts" in df.columns:
        breach, age, deadline = erasure_overdue_rows(
            campaign, erasure_days=_threshold(campaign, "erasure_days"))
        add("privacy.erasure_overdue", breach,
            "erasure requested " + age[breach].astype(str) + " days ago; deadline "
            + deadline[breach].astype("int64").astype(str) + " days")
    if {"age", "country"} <= set(df.columns):
        breach, limit = minors_profiled_rows(
            campaign, digital_consent_age=_threshold(campaign, "digital_consent_age"))
        where = df.loc[breach, "country"].astype(object).fillna("(no country)").astype(str)
        add("privacy.minors_profiled", breach,
            "aged " + df.loc[breach, "age"].astype(str) + " in " + where
            + ", under the digital consent age " + limit[breach].astype("int64").astype(str)
            + ", without parental consent")
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    return pd.concat(parts, ignore_index=True)[list(COLUMNS)]


def spreadsheet_safe(values: pd.Series) -> pd.Series:
    """Prefix a single quote to values a spreadsheet would run as a formula."""
    text = values.astype(str)
    risky = text.str.startswith(FORMULA_START)
    return text.mask(risky, "'" + text)


def write_suppression(campaign, output_dir: str | Path, *, name: str = FILE_NAME) -> Path | None:
    """Write ``suppress.csv`` into ``output_dir`` (nothing when it is empty); every field quoted
    and formula-safe. Returns the path written."""
    if not output_dir:
        return None
    path = Path(output_dir) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    table = suppression_list(campaign)
    safe = table.apply(spreadsheet_safe) if len(table) else table
    safe.to_csv(path, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    return path
