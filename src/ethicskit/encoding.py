"""How a campaign holds repeated text: as categories, and the codes the checks work on.

Campaign columns repeat few values (channels, segments, criteria lists, group labels). A text
column with at most half of its values distinct is held as a pandas ``Categorical`` with sorted
categories (:func:`encode_text`): the same values, nulls and sort order, each distinct value
stored once and every row a small integer. The Parquet snapshot keeps the encoding, so the
notebooks read codes, and :func:`factorize` hands them to the checks without hashing the rows
again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def is_text(dtype) -> bool:
    """A column of text: pandas strings, Python objects, or categories of text
    (:func:`encode_text`)."""
    if isinstance(dtype, pd.CategoricalDtype):
        return is_text(dtype.categories.dtype)
    return pd.api.types.is_string_dtype(dtype) or dtype == object


def factorize(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(s, use_na_sentinel=True)``: ``(codes, uniques)`` with the distinct values
    in order of first appearance and code -1 for null, as int64 codes and an object array.

    A categorical column (:func:`encode_text`) is not hashed again: its codes are renumbered in
    order of first appearance (found among the first rows, else over the whole column).
    """
    if not isinstance(s.dtype, pd.CategoricalDtype):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        return (np.asarray(codes, dtype=np.int64),
                np.asarray(pd.Series(uniques, dtype=object), dtype=object))
    categories = s.cat.categories
    cat = np.asarray(s.cat.codes)
    shifted = np.add(cat, 1, dtype=np.intp)  # null (-1) counted in bin 0
    present = int(np.count_nonzero(np.bincount(shifted, minlength=len(categories) + 1)[1:]))
    for rows in (1_000, 100_000, len(cat)):  # first appearances come early: look there first
        seen = pd.unique(cat[:rows])
        seen = seen[seen >= 0]
        if len(seen) >= present:
            break
    order = np.full(len(categories) + 1, -1, dtype=np.int64)  # the last entry: code -1
    order[seen] = np.arange(len(seen))
    return order[cat], np.asarray(categories, dtype=object)[seen]


#: a text column is stored as categories when it repeats its values: at most this share of its
#: rows are distinct (identifiers such as ``customer_id`` or ``email`` stay plain text)
DISTINCT_SHARE = 0.5
_PROBE = 20_000


def encode_text(s: pd.Series) -> pd.Series:
    """A text column that repeats few values as a pandas ``Categorical`` (sorted categories);
    any other column unchanged.

    The values, their order and null are the same; each distinct value is held once, every row
    as a small integer code. Campaign columns repeat (channels, segments, criteria, groups):
    memory falls several-fold, the snapshot the notebooks read is smaller, and grouping or
    matching works on the codes. Sorted categories keep sorting by value as it was. A column
    whose first 20,000 rows are over half distinct is not encoded (an identifier).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pd.api.types.is_string_dtype(s.dtype) or s.dtype == object or len(s) < 2:
        return s
    limit = DISTINCT_SHARE * len(s)
    if len(s) > _PROBE and s.iloc[:_PROBE].nunique() > DISTINCT_SHARE * _PROBE:
        return s
    arr = pa.chunked_array(pa.array(s, type=pa.large_string(), from_pandas=True)
                           if not hasattr(s.array, "_pa_array") else s.array._pa_array)
    encoded = pc.dictionary_encode(arr).combine_chunks()
    if not 0 < len(encoded.dictionary) <= limit:
        return s
    values = encoded.dictionary.cast(pa.string())
    order = np.asarray(pc.array_sort_indices(values))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    codes = np.where(encoded.indices.is_null().to_numpy(zero_copy_only=False), -1,
                     rank[np.nan_to_num(codes, nan=0).astype(np.int64)])
    categories = pd.Index(pd.array(values.take(pa.array(order)), dtype="str"))
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)),
                     index=s.index, name=s.name)
