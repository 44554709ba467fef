"""Tokens of the targeting columns and their match against the sensitive lexicon, vectorised.

Tokens of ``targeting_criteria``, ``inferred_segments`` and ``segment`` are the items of their
``;`` lists, trimmed and lower-cased (the loader already does this for the list columns;
``segment`` is a plain string, so it is lower-cased here too). A token's *key* is the part
before the first ``:``, trimmed, or the whole token when it has none.

Matching works on the *distinct* tokens (a campaign has a few thousand at most, against millions
of rows): keys and words of each distinct token are matched with set operations and one regular
expression per lexicon phrase, and the result is joined back to the rows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ethicskit.targeting.lexicon import CATEGORIES, NON_LETTERS, Lexicon

TOKEN_COLUMNS = ("targeting_criteria", "inferred_segments", "segment")
_LETTER = r"[^\W\d_]"
_GAP = r"[\W\d_]+"


def column_tokens(campaign, column: str) -> pd.Series:
    """One row per token of ``column`` (index = the campaign row); empty when it is absent.

    The ``;`` lists are split once per *distinct* value (campaigns repeat the same criteria and
    segments across many rows) and joined back to the rows; cached on the campaign.
    """
    if column not in campaign.df.columns:
        return pd.Series([], dtype=object, index=pd.Index([], dtype=campaign.df.index.dtype))
    cache = campaign.__dict__.setdefault("_targeting_cache", {})
    key = f"tokens:{column}"
    if key not in cache:
        codes, uniques = pd.factorize(campaign.df[column])
        values = pd.Series(uniques, dtype=object).astype(str).str.lower()
        parts = values.str.split(";").explode().astype(str).str.strip()
        parts = parts[parts != ""]
        # tokens of distinct value u sit at flat[offsets[u]:offsets[u] + per_value[u]]
        flat = parts.to_numpy(dtype=object)
        per_value = np.bincount(parts.index.to_numpy(dtype="int64"), minlength=len(uniques))
        offsets = np.concatenate([[0], np.cumsum(per_value)[:-1]]).astype("int64")
        known = codes >= 0
        rows, codes = campaign.df.index.to_numpy()[known], codes[known]
        counts = per_value[codes]
        total = int(counts.sum())
        starts = np.repeat(offsets[codes], counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        cache[key] = pd.Series(flat[starts + within], index=pd.Index(np.repeat(rows, counts)),
                               name=column, dtype=object)
    return cache[key]


def token_frame(campaign, columns=TOKEN_COLUMNS, *, rows: pd.Series | None = None) -> pd.DataFrame:
    """Long frame ``row, column, token`` of the given columns, restricted to ``rows`` (a mask)."""
    parts = []
    for column in columns:
        tokens = column_tokens(campaign, column)
        if rows is not None and len(tokens):
            tokens = tokens[rows.reindex(tokens.index).to_numpy(bool)]
        parts.append(pd.DataFrame({"row": tokens.index.to_numpy(), "column": column,
                                   "token": tokens.to_numpy(dtype=object)}))
    if not parts:
        return pd.DataFrame({"row": [], "column": [], "token": []})
    return pd.concat(parts, ignore_index=True)


def token_keys(tokens: pd.Series) -> pd.Series:
    """The key of each token: the part before the first ``:``, trimmed (computed once per
    distinct token)."""
    tokens = pd.Series(tokens, dtype=object)
    codes, distinct = pd.factorize(tokens)
    keys = pd.Series(distinct, dtype=object).astype(str).str.split(":", n=1).str[0].str.strip()
    out = np.append(keys.to_numpy(dtype=object), None)[codes]  # code -1 (missing) -> None
    return pd.Series(out, index=tokens.index, dtype=object)


def match_tokens(distinct: pd.Series | list, lexicon: Lexicon) -> pd.DataFrame:
    """Which sensitive categories each distinct token matches, and how.

    A token matches a category when its key is the category's name, when one of its words is one
    of the category's words, or when one of the category's phrases appears in it as consecutive
    words. Returns a frame ``token, category, by`` (``by`` = ``key``, ``word`` or ``phrase``),
    one row per (token, category) pair, the first way found.
    """
    tokens = pd.Series(pd.unique(pd.Series(distinct, dtype=object).dropna().astype(str)),
                       dtype=object)
    found = []
    if len(tokens):
        keys = token_keys(tokens)
        hit = keys.isin(CATEGORIES)
        found.append(pd.DataFrame({"token": tokens[hit], "category": keys[hit], "by": "key"}))
        word_table = pd.DataFrame(
            [(w, c) for c in CATEGORIES for w in sorted(lexicon.words[c])],
            columns=["word", "category"])
        words = tokens.str.lower().str.split(NON_LETTERS.pattern, regex=True).explode()
        words = words[words.astype(bool) & words.notna()]
        pairs = pd.DataFrame({"token": tokens[words.index].to_numpy(),
                              "word": words.to_numpy(dtype=object)})
        by_word = pairs.merge(word_table, on="word")[["token", "category"]]
        found.append(by_word.assign(by="word"))
        lowered = tokens.str.lower()
        for category in CATEGORIES:
            for phrase in lexicon.phrases[category]:
                pattern = (f"(?<!{_LETTER})" + _GAP.join(re.escape(w) for w in phrase)
                           + f"(?!{_LETTER})")
                hit = lowered.str.contains(pattern, regex=True)
                if hit.any():
                    found.append(pd.DataFrame({"token": tokens[hit], "category": category,
                                               "by": "phrase"}))
    if not found:
        return pd.DataFrame({"token": pd.Series([], dtype=object),
                             "category": pd.Series([], dtype=object),
                             "by": pd.Series([], dtype=object)})
    out = pd.concat(found, ignore_index=True)
    return out.drop_duplicates(["token", "category"]).reset_index(drop=True)


def sensitive_hits(campaign, lexicon: Lexicon, *, rows: pd.Series | None = None) -> pd.DataFrame:
    """Every (row, category, token, column) where a token of the row matches a category.

    ``rows`` restricts the search to a mask of campaign rows (for example the targeted ones).
    """
    columns = [c for c in TOKEN_COLUMNS if c in campaign.df.columns]
    tokens = token_frame(campaign, columns, rows=rows)
    codes, distinct = pd.factorize(tokens["token"])
    matches = match_tokens(pd.Series(distinct, dtype=object), lexicon)
    if matches.empty or tokens.empty:
        return pd.DataFrame({"row": pd.Series([], dtype="int64"),
                             "column": pd.Series([], dtype=object),
                             "token": pd.Series([], dtype=object),
                             "category": pd.Series([], dtype=object)})
    matched = pd.Index(distinct).isin(matches["token"])
    hits = tokens[matched[codes]]
    return hits.merge(matches[["token", "category"]], on="token")
