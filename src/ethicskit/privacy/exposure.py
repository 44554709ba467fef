"""What the data exposes: direct identifiers, and special-category data held without consent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.encoding import is_text
from ethicskit.findings import Finding
from ethicskit.masking import mask
from ethicskit.privacy import identifiers as ids
from ethicskit.privacy._common import pct, people, verb
from ethicskit.registry import finding, not_evaluated
from ethicskit.schema import LOGICAL_TYPES

#: Words that mark a special-category column by its name (GDPR Art. 9(1)).
SPECIAL_WORDS = ("health", "medical", "diagnosis", "condition", "ethnic", "race", "religio",
                 "faith", "politic", "sexual", "orientation", "union", "genetic", "biometric",
                 "disability")
#: Columns that record consent about special categories rather than hold them.
_NOT_SPECIAL = ("customer_id", "explicit_consent_sensitive")


def _derived(campaign) -> set[str]:
    """Columns the loader derived (not in the dataset): ``age_band``, ``age`` from birth_date."""
    own = getattr(campaign, "dataset_columns", None) or []
    derived = set()
    if "age_band" in campaign.df.columns and (not own or "age_band" not in own):
        derived.add("age_band")
    return derived


def candidate_columns(campaign) -> list[str]:
    """Columns checked for identifiers: every text column except ``customer_id``, and every
    whole-number column that is not a logical column (a CSV column of digits, such as phone
    or card numbers without separators, is read as numbers)."""
    out = []
    skip = {"customer_id"} | _derived(campaign)
    for column in campaign.df.columns:
        if column in skip:
            continue
        s = campaign.df[column]
        if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if is_text(s.dtype):
            out.append(column)
        elif column not in LOGICAL_TYPES and (
                pd.api.types.is_integer_dtype(s.dtype)
                or (pd.api.types.is_float_dtype(s.dtype) and _whole_numbers(s))):
            out.append(column)
    return out


def _whole_numbers(s: pd.Series) -> bool:
    """Every non-null value is a whole number, and there is one: the first thousand values
    are looked at first, as a column of amounts shows its fractions there."""
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    for part in (values[:1000], values):
        part = part[~np.isnan(part)]
        if (part % 1 != 0).any():
            return False
    return bool((~np.isnan(values)).any())


def scan_identifiers(campaign, *, identifier_share, candidates: list[str] | None = None
                     ) -> list[dict]:
    """Every candidate column (default :func:`candidate_columns`) with its best identifier
    type and share of its sample: ``{column (frame name), type (None below the share), share,
    best_type}``. One sample per column, matched once (:func:`ids.classify`'s rule)."""
    out = []
    for column in candidate_columns(campaign) if candidates is None else candidates:
        sample = ids.sample_values(campaign.df[column])
        if sample.empty:
            continue
        shares = ids.type_shares(sample)
        best = ids.best_type(shares)
        share = float(shares[best])
        kind = best if share >= identifier_share else None
        out.append({"column": column, "type": kind, "share": share,
                    "best_type": best if share > 0 else None})
    return out


def direct_identifiers(campaign, *, identifier_share) -> Finding:
    """``privacy.direct_identifiers``: columns holding emails, phones, cards, IBANs, IPs, SSNs.

    Rule: a column is an identifier column when at least ``identifier_share`` of a sample of up
    to 1,000 of its non-null values (random, fixed seed) match one type of
    :mod:`ethicskit.privacy.identifiers`; hashes never match. ``value`` = number of identifier
    columns, ``threshold`` = 0; ``affected_rows`` = rows with a non-null value in any of them.
    Warns if there is any. ``details.columns``: ``{column, type, share}`` (the dataset's own
    column name; ``example`` is masked). (GDPR Art. 4(5), 25, 32.)
    """
    cid = "privacy.direct_identifiers"
    candidates = candidate_columns(campaign)
    if not candidates:
        return not_evaluated(cid, "Not evaluated: the dataset has no text column other than "
                             "customer_id.", missing=["a string column"])
    scanned = scan_identifiers(campaign, identifier_share=identifier_share,
                               candidates=candidates)
    found = [r for r in scanned if r["type"] is not None]
    near = [r for r in scanned if r["type"] is None and r["share"] > 0]
    columns = []
    for r in found:
        example = campaign.df[r["column"]].dropna()
        columns.append({"column": campaign.display_name(r["column"]), "type": r["type"],
                        "share": round(r["share"], 4),
                        "example": mask(example.iloc[0], r["type"]) if len(example) else None})
    affected = pd.Series(False, index=campaign.df.index)
    for r in found:
        affected |= campaign.df[r["column"]].notna()
    n_cols, n = len(found), int(affected.sum())
    if n_cols:
        listed = ", ".join(f"{c['column']} ({c['type']})" for c in columns)
        message = (f"{n_cols} column{'s' if n_cols != 1 else ''} hold{'' if n_cols != 1 else 's'} "
                   f"direct identifiers: {listed}; {n:,} {verb(n, 'row carries', 'rows carry')} "
                   f"at least one ({pct(n, campaign.rows)}).")
    else:
        message = (f"No column holds direct identifiers ({len(candidates)} text columns "
                   f"checked).")
    return finding(cid, status="warn" if n_cols else "pass", value=n_cols, threshold=0,
                   affected_rows=n, message=message,
                   details={"columns": columns, "identifier_share": identifier_share,
                            "checked_columns": len(candidates),
                            "below_share": [{"column": campaign.display_name(r["column"]),
                                             "type": r["best_type"],
                                             "share": round(r["share"], 4)} for r in near],
                            "customer_ids": campaign.ids(affected)})


def special_columns(campaign) -> list[str]:
    """Frame columns of special-category data: the config's ``special_category_columns``, else
    columns whose name (logical or the dataset's own) contains a word of
    :data:`SPECIAL_WORDS`."""
    named = campaign.config.special_category_columns
    if named is not None:
        return campaign.resolve_all(named)
    out = []
    for column in campaign.df.columns:
        if column in _NOT_SPECIAL:
            continue
        names = f"{column} {campaign.display_name(column)}".lower()
        if any(word in names for word in SPECIAL_WORDS):
            out.append(column)
    return out


def special_category_rows(campaign) -> pd.Series:
    """Rows with a non-null value in any special-category column and
    ``explicit_consent_sensitive`` not true (null or absent = not true)."""
    held = pd.Series(False, index=campaign.df.index)
    for column in special_columns(campaign):
        held |= campaign.df[column].notna()
    return held & ~campaign.is_true("explicit_consent_sensitive")


def special_category_data(campaign) -> Finding:
    """``privacy.special_category_data``: health, ethnicity, beliefs... held without explicit
    consent.

    Rule: rows with a non-null value in any special-category column whose
    ``explicit_consent_sensitive`` is not true. Fails if above 0; ``value`` = the count,
    ``threshold`` = 0. ``details.columns``: the columns (dataset names).
    (GDPR Art. 9(1), 9(2)(a).)
    """
    cid = "privacy.special_category_data"
    columns = special_columns(campaign)
    if not columns:
        how = ("the config's special_category_columns is empty"
               if campaign.config.special_category_columns is not None
               else "no column name suggests special-category data and the config names none")
        return not_evaluated(cid, f"Not evaluated: {how}.",
                             missing=["special_category_columns"])
    breach = special_category_rows(campaign)
    n = int(breach.sum())
    held = pd.Series(False, index=campaign.df.index)
    per_column = []
    for column in columns:
        has = campaign.df[column].notna()
        held |= has
        per_column.append({"column": campaign.display_name(column), "rows": int(has.sum()),
                           "without_consent": int((has & breach).sum())})
    names = ", ".join(campaign.display_name(c) for c in columns)
    n_held = int(held.sum())
    no_flag = ("" if "explicit_consent_sensitive" in campaign.df.columns else
               " The dataset has no explicit_consent_sensitive column, so no consent is "
               "recorded for anyone.")
    if n:
        message = (f"{people(n)} ({pct(n, n_held)} of the {n_held:,} with values) "
                   f"{verb(n, 'has', 'have')} special-category data ({names}) without explicit "
                   f"consent.{no_flag}")
    else:
        message = (f"Everyone with special-category data ({names}; {n_held:,} people) gave "
                   f"explicit consent.")
    return finding(cid, status="fail" if n else "pass", value=n, threshold=0, affected_rows=n,
                   message=message,
                   details={"columns": [campaign.display_name(c) for c in columns],
                            "rows_with_values": n_held, "by_column": per_column,
                            "customer_ids": campaign.ids(breach)})
