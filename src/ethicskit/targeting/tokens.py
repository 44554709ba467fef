"""Tokens of the targeting columns and their match against the sensitive lexicon, per value.

Tokens of ``targeting_criteria``, ``inferred_segments``, ``segment`` and ``vulnerability_flags``
are the items of their ``;`` lists, trimmed and lower-cased (``segment`` is a plain string, so a
segment is usually one token). A token's *key* is the part before the first ``:``, trimmed, or the
whole token when it has none.

Everything here works on *distinct* values and tokens (a campaign has a few thousand at most,
against millions of rows): a value's tokens are split once (:func:`split_values`), each distinct
token is matched once (:func:`match_tokens`), and the answers are taken back to the rows by code.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ethicskit.targeting.lexicon import CATEGORIES, NON_LETTERS, Lexicon

#: The columns whose tokens may reveal a sensitive trait, in the order they are searched.
TOKEN_COLUMNS = ("targeting_criteria", "inferred_segments", "segment")
_LETTER = r"[^\W\d_]"
_GAP = r"[\W\d_]+"


def split_values(uniques) -> list[list[str]]:
    """The tokens of each distinct value: ``tokens[code]`` in order, empty tokens dropped.

    ``uniques`` are the distinct values of a column (:meth:`Campaign.codes`); each is lower-cased,
    split on ``;`` and each item trimmed.
    """
    values = pd.Series(uniques, dtype=object).astype(str).str.lower()
    parts = values.str.split(";").explode().astype(str).str.strip()
    parts = parts[parts != ""]
    per_value: list[list[str]] = [[] for _ in range(len(values))]
    for position, token in zip(parts.index.to_numpy(dtype="int64"), parts.tolist()):
        per_value[position].append(token)
    return per_value


def rows_with_values(codes: np.ndarray, values, *, rows: np.ndarray | None = None) -> np.ndarray:
    """Bool mask of the rows whose value code is one of ``values`` (and in ``rows``)."""
    hit = np.zeros(len(codes), dtype=bool)
    values = np.asarray(list(values), dtype=np.int64)
    if len(values):
        lookup = np.zeros(int(codes.max(initial=-1)) + 2, dtype=bool)
        lookup[values + 1] = True
        hit = lookup[codes + 1]
    return hit if rows is None else hit & rows


def by_code(per_value: np.ndarray, codes: np.ndarray, *, null=False) -> np.ndarray:
    """``per_value[code]`` for every row, ``null`` where the code is -1 (a null value)."""
    per_value = np.asarray(per_value)
    return np.append(per_value, np.asarray([null], dtype=per_value.dtype))[codes]


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


def categories_by_token(distinct, lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Distinct token -> the categories it matches, in :func:`match_tokens` order (only tokens
    that match something)."""
    matches = match_tokens(pd.Series(list(distinct), dtype=object), lexicon)
    out: dict[str, list[str]] = {}
    for token, category in zip(matches["token"].tolist(), matches["category"].tolist()):
        out.setdefault(token, []).append(category)
    return {t: tuple(c) for t, c in out.items()}


def value_pairs(per_value: list[list[str]],
                categories: dict[str, tuple[str, ...]]) -> list[list[tuple[str, str]]]:
    """Per distinct value, its ``(token, category)`` matches: tokens in order, a token's
    categories in match order."""
    return [[(t, c) for t in ts for c in categories.get(t, ())] for ts in per_value]


def protected_keys(per_value: list[list[str]], keys) -> list[list[str]]:
    """Per distinct value, the sorted keys of its tokens that are among ``keys``."""
    distinct = list(dict.fromkeys(t for ts in per_value for t in ts))
    key_of = dict(zip(distinct, token_keys(pd.Series(distinct, dtype=object)).tolist()))
    wanted = set(keys)
    return [sorted({key_of[t] for t in ts} & wanted) for ts in per_value]
