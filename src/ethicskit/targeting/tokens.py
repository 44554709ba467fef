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


def value_tokens(campaign, column: str) -> tuple[np.ndarray, list[list[str]]]:
    """The tokens of ``column`` per distinct value: ``(codes, tokens)`` with ``tokens[code]``
    the value's tokens in order and code -1 for a null (no tokens); cached on the campaign.

    The ``;`` lists are split once per *distinct* value (campaigns repeat the same criteria and
    segments across many rows): checks decide per distinct value and take the answer back to the
    rows by code, never building one row per token.
    """
    cache = campaign.__dict__.setdefault("_targeting_cache", {})
    key = f"value_tokens:{column}"
    if key not in cache:
        codes, uniques = campaign.codes(column)
        values = pd.Series(uniques, dtype=object).astype(str).str.lower()
        parts = values.str.split(";").explode().astype(str).str.strip()
        parts = parts[parts != ""]
        per_value: list[list[str]] = [[] for _ in range(len(uniques))]
        for position, token in zip(parts.index.to_numpy(dtype="int64"), parts.tolist()):
            per_value[position].append(token)
        cache[key] = (codes, per_value)
    return cache[key]


def column_tokens(campaign, column: str) -> pd.Series:
    """One row per token of ``column`` (index = the campaign row); empty when it is absent.

    Built from :func:`value_tokens`; cached on the campaign.
    """
    if column not in campaign.df.columns:
        return pd.Series([], dtype=object, index=pd.Index([], dtype=campaign.df.index.dtype))
    cache = campaign.__dict__.setdefault("_targeting_cache", {})
    key = f"tokens:{column}"
    if key not in cache:
        from ethicskit.campaign import expand_tokens

        codes, per_value = value_tokens(campaign, column)
        cache[key] = expand_tokens(campaign.df.index, codes, per_value, name=column,
                                   dtype=object)
    return cache[key]


def rows_with_values(codes: np.ndarray, values, *, rows: np.ndarray | None = None) -> np.ndarray:
    """Bool mask of the rows whose value code is one of ``values`` (and in ``rows``)."""
    hit = np.zeros(len(codes), dtype=bool)
    values = np.asarray(list(values), dtype=np.int64)
    if len(values):
        lookup = np.zeros(int(codes.max(initial=-1)) + 2, dtype=bool)
        lookup[values + 1] = True
        hit = lookup[codes + 1]
    return hit if rows is None else hit & rows


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
        for category in CATEGORIES:  # one search per category: its phrases as alternatives
            phrases = [_GAP.join(re.escape(w) for w in phrase)
                       for phrase in lexicon.phrases[category]]
            if not phrases:
                continue
            pattern = f"(?<!{_LETTER})(?:{'|'.join(phrases)})(?!{_LETTER})"
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
    Rows come column by column, in row order, a row's tokens in order and a token's categories
    in the order :func:`match_tokens` gives them. Matching and the list of (token, category)
    hits are worked out per distinct value, then repeated for the rows holding it.
    """
    columns = [c for c in TOKEN_COLUMNS if c in campaign.df.columns]
    keep = None if rows is None else rows.reindex(campaign.df.index).to_numpy(bool)
    per_column = [(c, *value_tokens(campaign, c)) for c in columns]
    distinct = list(dict.fromkeys(t for _, _, per in per_column for ts in per for t in ts))
    matches = match_tokens(pd.Series(distinct, dtype=object), lexicon)
    labels = campaign.df.index.to_numpy()
    parts = []
    if not matches.empty:
        cats: dict[str, list[str]] = {}
        for token, category in zip(matches["token"].tolist(), matches["category"].tolist()):
            cats.setdefault(token, []).append(category)
        for column, codes, per_value in per_column:
            pairs = [[(t, c) for t in ts for c in cats.get(t, ())] for ts in per_value]
            hit_values = [v for v, p in enumerate(pairs) if p]
            if not hit_values:
                continue
            where = np.flatnonzero(rows_with_values(codes, hit_values, rows=keep))
            if not len(where):
                continue
            lengths = np.array([len(p) for p in pairs], dtype=np.int64)
            flat = [p for ps in pairs for p in ps]
            tokens_flat = np.array([t for t, _ in flat] + [None], dtype=object)[:-1]
            cats_flat = np.array([c for _, c in flat] + [None], dtype=object)[:-1]
            offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
            value = codes[where]
            counts = lengths[value]
            ends = np.cumsum(counts)
            take = np.repeat(offsets[value] - (ends - counts), counts) + np.arange(int(ends[-1]))
            parts.append(pd.DataFrame({"row": labels[np.repeat(where, counts)],
                                       "column": column,
                                       "token": pd.Series(tokens_flat[take], dtype=object),
                                       "category": pd.Series(cats_flat[take], dtype=object)}))
    if not parts:
        return pd.DataFrame({"row": pd.Series([], dtype="int64"),
                             "column": pd.Series([], dtype=object),
                             "token": pd.Series([], dtype=object),
                             "category": pd.Series([], dtype=object)})
    return pd.concat(parts, ignore_index=True)
