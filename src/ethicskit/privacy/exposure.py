"""What the data exposes: direct identifiers, and special-category data held without consent.

The columns are decided and scanned once, in the reduction (:func:`scan_identifiers`,
:func:`special_columns`); the metrics apply the threshold and count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ethicskit.check import Measure
from ethicskit.encoding import is_text
from ethicskit.masking import mask, safe_label
from ethicskit import identifiers as ids
from ethicskit.schema import DIRECT_IDENTIFIERS, LOGICAL_TYPES

if TYPE_CHECKING:  # pragma: no cover
    from ethicskit.privacy.reduction import PrivacyReduction

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


@dataclass(frozen=True)
class IdentifierScan:
    """One candidate column's sample, matched once: its best identifier type and that type's
    share of the sample, its first non-null value (masked before it is shown) and which rows
    hold a value."""

    column: str  # the frame's name
    name: str  # the dataset's own name
    best_type: str
    share: float
    first: Any
    present: np.ndarray

    def kind(self, identifier_share: float) -> str | None:
        """The column's identifier type when its share reaches ``identifier_share``."""
        return self.best_type if self.share >= identifier_share else None


def weighted_shares(sample: pd.Series, people: np.ndarray) -> pd.Series:
    """:func:`ids.type_shares` of ``sample`` with each value counted ``people`` times (its
    row's weight), as in the data expanded row by row."""
    codes, distinct = pd.factorize(sample)
    per_value = np.bincount(codes, weights=np.asarray(people, dtype=np.float64),
                            minlength=len(distinct))
    text = ids._text(pd.Series(distinct))
    if text.empty:
        return pd.Series(np.nan, index=list(ids.TYPES))
    weight = per_value[text.index.to_numpy()]
    matched = ids.match_types(text)
    shares = (matched.to_numpy(dtype=float) * weight[:, None]).sum(axis=0) / weight.sum()
    return pd.Series(shares, index=list(ids.TYPES))


def scan_identifiers(campaign, *, candidates: list[str] | None = None,
                     weights: np.ndarray | None = None
                     ) -> tuple[int, tuple[IdentifierScan, ...]]:
    """``(checked, scans)``: the number of candidate columns (default :func:`candidate_columns`)
    and the scan of each whose sample is not empty. One sample per column, matched once
    (:func:`ids.classify`'s rule); the share a column needs is the metric's. With
    ``weights`` (people per row), each sampled value counts as many times as its row's
    people (:func:`weighted_shares`)."""
    candidates = candidate_columns(campaign) if candidates is None else candidates
    out = []
    for column in candidates:
        values = campaign.df[column]
        sample = ids.sample_values(values)
        if sample.empty:
            continue
        if weights is None:
            shares = ids.type_shares(sample)
        else:
            where = values.index.get_indexer(sample.index)
            shares = weighted_shares(sample, weights[where])
        best = ids.best_type(shares)
        present = values.notna().to_numpy(dtype=bool)
        first = values.iloc[int(np.argmax(present))] if present.any() else None
        out.append(IdentifierScan(column, campaign.display_name(column), best,
                                  float(shares[best]), first, present))
    return len(candidates), tuple(out)


def mapped_identifiers(campaign) -> tuple[tuple[str, str, str, Any, np.ndarray], ...]:
    """The frame columns that are a direct-identifier logical column (``email``, ``phone``,
    ``full_name``, ``street_address``, ``ip_address``: mapped by the config, or a dataset column
    of exactly that name), as ``(column, dataset name, type, first value, rows with a
    value)``."""
    out = []
    for column in DIRECT_IDENTIFIERS:
        if column not in campaign.df.columns:
            continue
        values = campaign.df[column]
        present = values.notna().to_numpy(dtype=bool)
        first = values.iloc[int(np.argmax(present))] if present.any() else None
        out.append((column, campaign.display_name(column), column, first, present))
    return tuple(out)


#: How a mapped identifier column's example is masked (the kinds of :func:`mask`).
_MASK_KIND = {"email": "email", "phone": "phone", "ip_address": "ip"}


def direct_identifiers(r: "PrivacyReduction", *, identifier_share) -> Measure:
    """``privacy.direct_identifiers``: columns holding emails, phones, names, addresses, cards,
    IBANs, IPs, SSNs.

    Rule: a column is an identifier column when it is mapped to a direct-identifier logical
    name (``email``, ``phone``, ``full_name``, ``street_address``, ``ip_address``; type = that
    name, share 1.0), or when at least ``identifier_share`` of a sample of up to 1,000 of its
    non-null values (random, fixed seed) match one type of
    :mod:`ethicskit.identifiers`; hashes never match, and a date is never a phone.
    ``value`` = number of identifier columns, ``threshold`` = 0; ``affected_rows`` = rows with a
    non-null value in any of them. Warns if ``value > 0``. ``details.columns``: ``{column,
    type, share}`` (the dataset's own column name; ``example`` is masked).
    """
    if not r.identifier_candidates and not r.identifier_mapped:
        return Measure.not_evaluated("no_text", missing=["a string column"])
    mapped = {column for column, *_ in r.identifier_mapped}
    columns = [{"column": safe_label(name), "type": kind, "share": 1.0,
                "example": None if first is None else mask(first, _MASK_KIND.get(kind, "text"))}
               for _, name, kind, first, _ in r.identifier_mapped]
    scans = [s for s in r.identifier_scans if s.column not in mapped]
    found = [s for s in scans if s.kind(identifier_share) is not None]
    near = [s for s in scans if s.kind(identifier_share) is None and s.share > 0]
    columns += [{"column": safe_label(s.name), "type": s.best_type, "share": round(s.share, 4),
                 "example": None if s.first is None else mask(s.first, s.best_type)}
                for s in found]
    affected = np.zeros(r.rows, dtype=bool)
    for *_, present in r.identifier_mapped:
        affected |= present
    for s in found:
        affected |= s.present
    n_cols, n = len(columns), r.count(affected)
    checked = r.identifier_candidates
    return Measure(value=n_cols, affected_rows=n,
                   facts={"columns": columns, "n_rows": r.count(np.ones(r.rows, dtype=bool)),
                          "checked": checked},
                   details={"columns": columns, "identifier_share": identifier_share,
                            "checked_columns": checked, "mapped_columns": len(mapped),
                            "below_share": [{"column": safe_label(s.name),
                                             "type": s.best_type if s.share > 0 else None,
                                             "share": round(s.share, 4)} for s in near],
                            "customer_ids": r.ids(affected)})


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


def special_category_data(r: "PrivacyReduction") -> Measure:
    """``privacy.special_category_data``: health, ethnicity, beliefs... held without explicit
    consent.

    Rule: ``affected = sum(held & ~explicit_consent_sensitive)`` with ``held`` = a non-null value
    in any special-category column and a null or absent consent = not true; columns the
    inventory declares with an ``art9_condition`` other than ``explicit_consent`` (e.g.
    ``bias_monitoring``) are not in ``held``: their rows without explicit consent are
    ``details.other_condition_rows``. Fails if ``affected > 0``; ``value`` = the count,
    ``threshold`` = 0. ``details.columns``: the columns judged on explicit consent (dataset
    names); ``details.other_condition_columns``: ``{column, art9_condition, rows}``.
    """
    if not r.special and not r.special_other:
        return Measure.not_evaluated("no_columns", missing=["special_category_columns"],
                                     configured=r.special_configured)
    held = np.zeros(r.rows, dtype=bool)
    for _, has in r.special:
        held |= has
    breach = held & ~r.explicit_consent
    other = np.zeros(r.rows, dtype=bool)
    for _, _, has in r.special_other:
        other |= has
    other &= ~r.explicit_consent
    n, n_held = r.count(breach), r.count(held)
    names = [name for name, _ in r.special]
    per_column = [{"column": name, "rows": r.count(has),
                   "without_consent": r.count(has & breach)} for name, has in r.special]
    others = [{"column": name, "art9_condition": condition,
               "rows": r.count(has & ~r.explicit_consent)}
              for name, condition, has in r.special_other]
    return Measure(value=n, affected_rows=n,
                   facts={"names": names, "n_held": n_held,
                          "has_consent_column": r.has_explicit_consent,
                          "other_names": [o["column"] for o in others],
                          "n_other": r.count(other)},
                   details={"columns": names, "rows_with_values": n_held,
                            "by_column": per_column, "other_condition_rows": r.count(other),
                            "other_condition_columns": others,
                            "customer_ids": r.ids(breach)})
