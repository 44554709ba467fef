"""What an extract must not hold: the direct-identifier columns of the input, identifier values
left in other text columns, and the scan of the written extract.

A column of the input is a direct identifier, and is left out of the extract, when it is

- one of the contract's identifier columns (``email``, ``phone``, ``full_name``,
  ``street_address``, ``ip_address``);
- named like one, or like a second customer key (``name``, ``address``, ``mobile``,
  ``user_id``...: :func:`ethicskit.initconfig.guess_mapping` on the unmapped columns);
- found by the pattern scan of ``privacy.direct_identifiers``: at least ``identifier_share``
  of a sample of up to 1,000 of its values match one identifier type
  (:mod:`ethicskit.identifiers`).

In the text columns that are kept, every single value that matches an identifier type is
blanked (:func:`scrub`), so an email typed into a free-text column does not leak either.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.encoding import is_text
from ethicskit import identifiers as ids
from ethicskit.schema import DIRECT_IDENTIFIERS, LOGICAL_TYPES

#: Logical names whose look-alike columns are dropped (a second key links people too).
NAMED_LIKE = (*DIRECT_IDENTIFIERS, "customer_id")


def scan_candidates(df: pd.DataFrame, skip=()) -> list[str]:
    """Columns the pattern scan reads: text columns and whole-number columns."""
    out = []
    for column in df.columns:
        if column in skip:
            continue
        s = df[column]
        if pd.api.types.is_bool_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype):
            continue
        if is_text(s.dtype) or pd.api.types.is_integer_dtype(s.dtype):
            out.append(column)
    return out


def scan_frame(df: pd.DataFrame, *, identifier_share: float, skip=()) -> list[dict]:
    """Identifier columns of ``df`` by the pattern rule: ``{column, type, share}`` for each
    column where at least ``identifier_share`` of a sample of its values match one type."""
    found = []
    for column in scan_candidates(df, skip):
        sample = ids.sample_values(df[column])
        if sample.empty:
            continue
        shares = ids.type_shares(sample)
        best = ids.best_type(shares)
        if float(shares[best]) >= identifier_share:
            found.append({"column": str(column), "type": best,
                          "share": round(float(shares[best]), 4)})
    return found


def dataset_name(campaign, column: str) -> str:
    """The dataset's own name of a frame column (``email_original`` -> ``email``)."""
    if column in campaign.mapping:
        return campaign.mapping[column]
    own = set(campaign.dataset_columns or [])
    if column.endswith("_original") and column[:-9] in LOGICAL_TYPES and column not in own:
        return column[:-9]
    return column


def identifier_columns(campaign, *, identifier_share: float) -> dict[str, str]:
    """Frame column -> why it is a direct identifier (see the module docstring)."""
    from ethicskit.initconfig import guess_mapping

    df = campaign.df
    out: dict[str, str] = {}
    for column in DIRECT_IDENTIFIERS:
        if column in df.columns:
            out[column] = "direct identifier"
    others = [c for c in df.columns if c not in LOGICAL_TYPES and c != "age_band"]
    names = {dataset_name(campaign, c): c for c in others}
    for name, column in names.items():
        if name in NAMED_LIKE:
            out[column] = f"named like {name}"
    for logical, name in guess_mapping(list(names)).items():
        if logical in NAMED_LIKE and names[name] not in out:
            out[names[name]] = f"named like {logical}"
    skip = {"customer_id", "age_band", *out}
    for hit in scan_frame(df, identifier_share=identifier_share, skip=skip):
        out[hit["column"]] = f"{hit['type']} values ({hit['share']:.0%} of a sample)"
    return out


def scrub(s: pd.Series) -> tuple[pd.Series, int]:
    """``s`` with every value that matches an identifier type blanked, and how many rows were
    blanked. Each distinct value is matched once."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    if len(uniques) == 0:
        return s, 0
    text = pd.Series(np.asarray(uniques, dtype=object)).astype(str).str.strip()
    hit = ids.match_types(text).any(axis=1).reindex(text.index, fill_value=False).to_numpy()
    if not hit.any():
        return s, 0
    blank = np.append(hit, False)[np.where(codes < 0, len(uniques), codes)]
    out = s.copy()
    if isinstance(out.dtype, pd.CategoricalDtype):
        out = out.astype(object)
    out = out.where(~blank, None)
    return out, int(blank.sum())
