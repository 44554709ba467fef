"""A deterministic sample of rows that every engine (and pandas) draws identically.

A row is in the sample of ``fraction`` with ``seed`` when its id is not null and::

    substr(md5(seed || ':' || CAST(id AS VARCHAR)), 1, 8) < cut
    cut = '%08x' % floor(fraction * 2**32)

that is, when the first 32 bits of the MD5 digest of the text ``"<seed>:<id>"`` (lowercase hex,
UTF-8), read as an unsigned integer, are below ``fraction * 2**32``. MD5, ``substr`` and the
comparison of fixed-length lowercase hex strings are the same functions in DuckDB, Spark and
Python's ``hashlib``, so the same ids are drawn everywhere, whatever the order or partitioning of
the rows, and a larger fraction draws a superset of a smaller one. The hash is a spreading
function, not a secret: the sample is not a privacy measure.
"""

from __future__ import annotations

import hashlib
import math
from typing import Iterable

import numpy as np

from ethicskit.errors import InputError

#: The seed used when none is given.
SEED = 7

#: Hex digits of the digest compared with the cut (32 bits).
DIGITS = 8


def cut(fraction: float) -> str:
    """The cut ``'%08x' % floor(fraction * 2**32)``, clipped to ``[0, 2**32]``."""
    fraction = float(fraction)
    if math.isnan(fraction) or fraction < 0:
        raise InputError(f"sample fraction {fraction!r}: must be between 0 and 1")
    return "%08x" % min(int(math.floor(fraction * 2 ** 32)), 2 ** 32) if fraction < 1 else "g"


def sample_condition(fraction: float, *, seed: int = SEED, id_column: str = "customer_id") -> str:
    """The sample as a SQL condition of DuckDB's dialect (rendered per engine by sqlglot).

    With ``fraction >= 1`` every row with an id is in (the cut ``'g'`` sorts after every hex
    digit); with 0 none.
    """
    ident = '"' + str(id_column).replace('"', '""') + '"'
    prefix = f"{int(seed)}:"
    return (f"{ident} IS NOT NULL AND substr(md5('{prefix}' || CAST({ident} AS VARCHAR)), 1, "
            f"{DIGITS}) < '{cut(fraction)}'")


def sample_order(*, seed: int = SEED, id_column: str = "customer_id") -> str:
    """The sample's hash, ``md5(seed || ':' || CAST(id AS VARCHAR))``, as SQL of DuckDB's dialect.

    Ordering by it and keeping the first ``k`` ids (``first_ids(order_by=[sample_order()],
    limit=k)``) draws a sample of fixed size ``k``, the same on every engine: the ``k`` ids a
    fraction's sample would reach first as the fraction grows.
    """
    ident = '"' + str(id_column).replace('"', '""') + '"'
    return f"md5('{int(seed)}:' || CAST({ident} AS VARCHAR))"


def in_sample(ids: Iterable, fraction: float, *, seed: int = SEED) -> np.ndarray:
    """One bool per id: is it in the sample? (The same rule in Python, with ``hashlib``.)"""
    limit = cut(fraction)
    prefix = f"{int(seed)}:"
    out = []
    for value in ids:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            out.append(False)
            continue
        digest = hashlib.md5((prefix + str(value)).encode("utf-8")).hexdigest()
        out.append(digest[:DIGITS] < limit)
    return np.array(out, dtype=bool)
