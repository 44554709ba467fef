"""Repeated text held as categories, and its codes: the same values and codes as plain text."""

from __future__ import annotations

import pandas as pd
import pytest

from ethicskit.encoding import encode_text, factorize


@pytest.mark.parametrize("values", [
    ["b", None, "a", "b", "c", None, "a"],
    [None, None, "x"],
    ["a"] * 1500 + ["c", None, "b"],  # values first seen after the first thousand rows
])
def test_factorize_of_categories_equals_pandas_on_text(values):
    text = pd.Series(values, dtype="str")
    expected_codes, expected_uniques = pd.factorize(text, use_na_sentinel=True)
    for s in (text, pd.Series(pd.Categorical(values)),
              pd.Series(pd.Categorical(values, categories=["zz", "c", "b", "a", "x"]))):
        codes, uniques = factorize(s)
        assert codes.tolist() == expected_codes.tolist()
        assert uniques.tolist() == list(expected_uniques)


def test_encode_text_keeps_values_and_encodes_only_repeated_text():
    s = pd.Series(["b", "a", None, "b", "a", "a"], dtype="str", name="seg")
    e = encode_text(s)
    assert isinstance(e.dtype, pd.CategoricalDtype) and list(e.cat.categories) == ["a", "b"]
    assert e.astype(object).where(e.notna(), None).tolist() == ["b", "a", None, "b", "a", "a"]
    assert e.name == "seg" and e.index.equals(s.index)
    ids = pd.Series([f"id{i}" for i in range(6)], dtype="str")  # all distinct: an identifier
    assert encode_text(ids).dtype == ids.dtype
    empty = pd.Series([None] * 4, dtype="str")  # nothing to encode
    assert encode_text(empty).dtype == empty.dtype
    numbers = pd.Series([1.0, 1.0, 2.0])
    assert encode_text(numbers) is numbers
    # the first 20,000 rows repeat, the whole column decides: over half distinct stays text
    over = pd.Series(["x", "y"] * 15_000 + [f"u{i}" for i in range(30_000)], dtype="str")
    assert encode_text(over).dtype == over.dtype  # 30,002 distinct of 60,000
    under = pd.Series(["x", "y"] * 15_000 + [f"u{i}" for i in range(29_000)], dtype="str")
    assert isinstance(encode_text(under).dtype, pd.CategoricalDtype)  # 29,002 of 59,000
