"""Tokens of the targeting columns and how they match the sensitive lexicon."""

import pytest

import pandas as pd

from ethicskit.targeting.lexicon import load_lexicon
from ethicskit.targeting.reduction import reduce
from ethicskit.targeting.tokens import match_tokens, split_values, token_keys


def sensitive_hits(red, rows=None):
    """(row, column, token, category) of every match, from the reduction's per-value pairs."""
    out = []
    for column, pairs in red.pairs.items():
        for row, code in enumerate(red.tokens[column].codes):
            if code >= 0 and (rows is None or rows[row]):
                out += [(row, column, t, c) for t, c in pairs[code]]
    return out


def categories_of(token):
    return sorted(match_tokens([token], load_lexicon())["category"])


@pytest.mark.parametrize("token,expected", [
    ("health:anything", ["health"]),                 # by key, whatever the value
    ("health", ["health"]),                          # a token without ':' is its own key
    ("financial_hardship:x", ["financial_hardship"]),
    ("interest:weight-loss", ["health"]),            # phrase: consecutive words
    ("interest:Weight-Loss", ["health"]),            # any case
    ("weight", []), ("loss", []),                    # half a phrase is nothing
    ("interest:loss-of-weight", []),                 # not consecutive, not in that order
    ("pregnancy", ["health"]),                       # by word, no key
    ("buyer:payday_loans", ["financial_hardship"]),  # '_' splits words
    ("interest:running", []),
    ("healthy:eating", []),                          # key is 'healthy', not 'health'
    ("overdraft rescue", ["financial_hardship"]),
    ("interest:hiv-and-debt", ["financial_hardship", "health"]),  # two categories
])
def test_match_by_key_word_and_phrase(token, expected):
    assert categories_of(token) == expected


def test_keys_are_the_part_before_the_first_colon_trimmed():
    keys = token_keys(pd.Series(["age:25-34", " health : x", "plain", "a:b:c"]))
    assert list(keys) == ["age", "health", "plain", "a"]


def test_segment_is_lower_cased_and_split_and_list_columns_too(make_campaign):
    campaign = make_campaign({
        "customer_id": ["a", "b", "c", "d"],
        "segment": ["Diabetes Club", "Runners; DEBT help", "Runners", None],
        "inferred_segments": ["", "Pregnancy ; x", "running", ""],
    })
    got = sorted(sensitive_hits(reduce(campaign)))
    # rows are 0-based frame labels; 'a' = 0, 'b' = 1
    assert got == [(0, "segment", "diabetes club", "health"),
                   (1, "inferred_segments", "pregnancy", "health"),
                   (1, "segment", "debt help", "financial_hardship")]


def test_rows_restricts_the_search(make_campaign):
    campaign = make_campaign({"customer_id": ["a", "b"],
                              "segment": ["cancer care", "cancer care"]})
    mask = pd.Series([False, True])
    assert [row for row, *_ in sensitive_hits(reduce(campaign), rows=mask)] == [1]


def test_values_are_split_once_lower_cased_and_trimmed():
    assert split_values(["A; b ;;C", "x", ";"]) == [["a", "b", "c"], ["x"], []]
