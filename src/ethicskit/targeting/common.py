"""Small helpers shared by the targeting checks: masks, count tables and message wording."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd



def row_mask(campaign, rows) -> pd.Series:
    """A boolean mask over the campaign's rows, true for the row labels in ``rows``."""
    index = campaign.df.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        labels = np.asarray(rows, dtype=np.int64) if len(rows) else np.zeros(0, np.int64)
        mask = np.zeros(len(index), dtype=bool)  # labels are positions: no hashing needed
        mask[labels[(labels >= 0) & (labels < len(index))]] = True
        return pd.Series(mask, index=index)
    return pd.Series(index.isin(pd.Index(rows)), index=index)


def count_table(values: pd.Series) -> dict[str, int]:
    """``{value: rows}`` of a Series of labels, largest first (ties by label)."""
    counts = pd.Series(values, dtype=object).dropna().astype(str).value_counts()
    items = sorted(counts.items(), key=lambda kv: (-int(kv[1]), kv[0]))
    return {k: int(v) for k, v in items}


def label(name: str) -> str:
    """A category or key as a reader says it (``financial_hardship`` -> ``financial hardship``)."""
    return str(name).replace("_", " ")


def listing(table: dict[str, int], *, limit: int = 6) -> str:
    """``"credit 8, housing 4"`` from a count table; at most ``limit`` entries."""
    parts = [f"{label(k)} {v:,}" for k, v in list(table.items())[:limit]]
    more = len(table) - limit
    return ", ".join(parts) + (f" and {more} more" if more > 0 else "")


def pct_of_targeted(n: int, campaign) -> str:
    """``"0.7% of those targeted"``; the share of targeted rows that ``n`` is."""
    total = int(campaign.targeted.sum())
    if not total:
        return "of no one targeted"
    return f"{100 * n / total:.1f}% of those targeted"


_EMAIL = re.compile(r"[^\s;:@]+@[^\s;:@]+\.[^\W\d_]{2,}")
_NUMBER = re.compile(r"\+?\d[\d\s\-().]{5,}\d")


def safe_text(text) -> str:
    """Campaign metadata (a token, a segment name) with anything that looks like an e-mail
    address or a phone or account number (7 or more digits) masked, before it is shown."""
    out = _EMAIL.sub("***@***", str(text))
    return _NUMBER.sub(lambda m: "***" if sum(ch.isdigit() for ch in m.group()) >= 7
                       else m.group(), out)
