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
from dataclasses import dataclass
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
    digit); with 0 none. The whole digest is compared with the cut: it is below the cut
    exactly when its first 8 digits are, as a text that begins with the cut sorts after it.
    """
    ident = '"' + str(id_column).replace('"', '""') + '"'
    prefix = f"{int(seed)}:"
    return (f"{ident} IS NOT NULL AND md5('{prefix}' || CAST({ident} AS VARCHAR)) < "
            f"'{cut(fraction)}'")


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


@dataclass(frozen=True)
class Smallest:
    """One list :func:`smallest` asks for: ``value`` (SQL of DuckDB's dialect) of the (up to)
    ``size`` rows where ``condition`` holds with the smallest order, looked for among the rows
    whose hash is below the cut of ``fraction`` (:func:`cut`; 1 or more: every row)."""

    value: str
    condition: str
    fraction: float
    size: int


def quantized(fraction: float) -> float:
    """``fraction`` raised to the next power of 1/4 (1 at most): the cuts :func:`smallest` asks
    for are then few, each computed once per row."""
    if fraction >= 1:
        return 1.0
    k = max(0, int(math.floor(math.log(1 / max(fraction, 1e-18), 4))))
    return 4.0 ** -k


def smallest(engine, view: str, lists: dict[str, Smallest], *, key: str, seed: int = SEED,
             weight: str | None = None, rows=()) -> tuple[dict[str, list], dict[int, dict]]:
    """Per entry of ``lists``, the ``(value, weight)`` pairs of every row where its condition
    holds and whose hash is below the list's cut, in the sample's order: ``md5('<seed>:' ||
    key)`` ascending (``key``: SQL of the row's key as text), then the key, then the
    position. With ``rows`` (positions, :data:`ethicskit.engine.engines.POSITION`), also every
    list's value at those rows (position -> name -> value).

    One scan: the engine returns only the rows where some list's condition holds below its cut
    (``WHERE (md5(...) < cut_a AND (cond_1 OR cond_2 ...)) OR ...``, one term
    per distinct cut: :func:`quantized` cuts are few, and each is computed once per row) or whose
    position is asked; the hashes of those rows are computed here with ``hashlib`` and sorted.
    Rows above a cut all have larger hashes than the rows below it, so when at least ``size``
    rows below the cut hold the condition, the first ``size`` are the ``size`` smallest of the
    whole dataset: the caller widens the cut where fewer are found. The conditions are SQL of
    DuckDB's dialect rendered for the engine by sqlglot, so DuckDB and Spark return the same
    rows. ``weight`` is SQL of the row's weight (None: 1); conditions may read it as
    ``__ek_w``.
    """
    import hashlib

    from ethicskit.engine import sql as S
    from ethicskit.engine.engines import POSITION

    dialect = engine.dialect

    def r(text: str) -> str:
        return S.render(S.sqlglot.parse_one(text, read="duckdb"), dialect)

    names = list(lists)
    rows = sorted({int(p) for p in rows})
    if not names:
        return {}, {}
    w = r(weight) if weight else "1"
    select = [f"{POSITION} AS __ek_p", f"{r(key)} AS __ek_key", f"{w} AS __ek_w"]
    select += [f"{r(lists[n].value)} AS __ek_v{i}" for i, n in enumerate(names)]
    flags = {}
    for i, n in enumerate(names):
        e = lists[n]
        if e.fraction <= 0:
            continue
        cond = S.render(S.sqlglot.parse_one(e.condition.replace("__ek_w", f"({weight or '1'})"),
                                            read="duckdb"), dialect)
        select.append(f"{cond} AS __ek_k{i}")
        flags.setdefault(cut(e.fraction), []).append(cond)
    # The whole digest compared with the 8-digit cut: below it exactly when its first 8 digits
    # are (a longer text with the cut as its prefix sorts after it); no substring is made.
    prefix = r(f"md5('{int(seed)}:' || ({key}))")
    terms = [("(" + " OR ".join(conds) + ")") if c == "g" else
             f"({prefix} < '{c}' AND ({' OR '.join(conds)}))" for c, conds in flags.items()]
    if len(terms) > 1 and "g" not in flags:  # the widest cut first: the others see few rows
        terms = [f"({prefix} < '{max(flags)}' AND ({' OR '.join(terms)}))"]
    if rows:
        terms.append(f"{POSITION} IN ({', '.join(map(str, rows))})")
    if not terms:
        return {n: [] for n in names}, {}
    got = engine.arrow(f"SELECT {', '.join(select)} FROM {view} WHERE "
                       f"{' OR '.join(terms)}").to_pydict()
    place, keys = got["__ek_p"], got["__ek_key"]
    text = ["" if k is None else str(k) for k in keys]
    digest = [hashlib.md5(f"{int(seed)}:{k}".encode("utf-8")).hexdigest() for k in text]
    ranked = sorted(range(len(place)), key=lambda j: (digest[j], text[j], place[j]))
    out: dict[str, list] = {}
    for i, n in enumerate(names):
        e = lists[n]
        flag = got.get(f"__ek_k{i}")
        if flag is None:
            out[n] = []
            continue
        limit = cut(e.fraction)
        kept = [j for j in ranked if flag[j] and (limit == "g" or digest[j][:DIGITS] < limit)]
        out[n] = [(got[f"__ek_v{i}"][j], got["__ek_w"][j]) for j in kept[:e.size]]
    asked = set(rows)
    at = {int(p): {n: got[f"__ek_v{i}"][j] for i, n in enumerate(names)}
          for j, p in enumerate(place) if int(p) in asked}
    return out, at


def counts(engine, view: str, conditions: dict[str, str], *, weight: str | None = None,
           firsts: dict[str, str] | None = None) -> tuple[dict[str, int], dict[str, int | None]]:
    """One aggregate scan of ``view``: per entry of ``conditions`` the rows where it holds, per
    entry of ``firsts`` the position of the first row where its condition holds (None: no
    row). SQL of DuckDB's dialect, rendered for the engine; conditions may read ``__ek_w``, the
    row's ``weight`` (None: 1)."""
    from ethicskit.engine import sql as S
    from ethicskit.engine.engines import POSITION

    firsts = dict(firsts or {})

    def r(text: str) -> str:
        return S.render(S.sqlglot.parse_one(text, read="duckdb"), engine.dialect)

    aggs = [f"count(CASE WHEN {r(c)} THEN 1 END) AS __ek_c{i}"
            for i, c in enumerate(conditions.values())]
    aggs += [f"min(CASE WHEN {r(c)} THEN {POSITION} END) AS __ek_f{i}"
             for i, c in enumerate(firsts.values())]
    if not aggs:
        return {}, {}
    sql = (f"SELECT {', '.join(aggs)} FROM (SELECT *, {r(weight) if weight else '1'} AS __ek_w "
           f"FROM {view}) AS __ek_base")
    row = engine.arrow(sql).to_pylist()[0]
    return ({n: int(row[f"__ek_c{i}"]) for i, n in enumerate(conditions)},
            {n: None if row[f"__ek_f{i}"] is None else int(row[f"__ek_f{i}"])
             for i, n in enumerate(firsts)})
