"""The fixed-size hash sample drawn by an engine: the rows below a cut, ordered here, are the
rows with the smallest ``md5('<seed>:' || key)``, as worked out with hashlib."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from conftest import ENGINES

from ethicskit.engine.sample import Smallest, counts, cut, quantized, smallest
from ethicskit.engine.source import Source

N = 400
FRAME = pd.DataFrame({"customer_id": [f"C{i:05d}" for i in range(N)],
                      "v": [None if i % 4 == 0 else f"v{i}" for i in range(N)],
                      "w": [i % 3 for i in range(N)]})
KEY = 'CAST("customer_id" AS VARCHAR)'


def by_hand(*, seed, fraction, size, weighted):
    """The (value, weight) pairs the definition draws: rows holding ``v`` (and a positive
    ``w`` when ``weighted``), their first 8 hex digits below the cut, by digest ascending."""
    limit = cut(fraction)
    rows = []
    for k, v, w in FRAME.itertuples(index=False):
        digest = hashlib.md5(f"{seed}:{k}".encode()).hexdigest()
        if pd.notna(v) and (w > 0 or not weighted) and (limit == "g" or digest[:8] < limit):
            rows.append((digest, v, w if weighted else 1))
    return [(v, w) for _, v, w in sorted(rows)[:size]]


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("fraction, size, weighted", [
    (1.0, 10, False), (0.25, 10, False), (0.25, 10_000, True), (1 / 16, 5, True)])
def test_the_engine_draws_the_hash_sample(engine, fraction, size, weighted):
    cond = '"v" IS NOT NULL' + (" AND __ek_w > 0" if weighted else "")
    with engine.view(Source("frame", "", frame=FRAME), positions=True) as view:
        got, at = smallest(engine, view, {"v": Smallest('"v"', cond, fraction, size)}, key=KEY,
                           seed=0, weight='"w"' if weighted else None, rows=[0, 5])
    assert [(v, int(w)) for v, w in got["v"]] == by_hand(seed=0, fraction=fraction, size=size,
                                                         weighted=weighted)
    assert at == {0: {"v": None}, 5: {"v": "v5"}}  # the rows asked by position


@pytest.mark.parametrize("engine_name", ENGINES)
def test_counts_and_first_positions(engine):
    with engine.view(Source("frame", "", frame=FRAME), positions=True) as view:
        n, first = counts(engine, view, {"held": '"v" IS NOT NULL AND __ek_w > 0'},
                          weight='"w"', firsts={"v": '"v" IS NOT NULL AND __ek_w > 0',
                                                "none": "FALSE"})
    # v is null where i % 4 == 0, w is 0 where i % 3 == 0: held where neither
    assert n == {"held": sum(1 for i in range(N) if i % 4 and i % 3)}
    assert first == {"v": 1, "none": None}  # row 1: v1, weight 1


@pytest.mark.parametrize("fraction, expected", [
    (1.0, 1.0), (2.0, 1.0), (0.3, 1.0), (0.25, 0.25), (0.2, 0.25), (0.01, 1 / 64)])
def test_cuts_are_powers_of_a_quarter_at_least_the_fraction(fraction, expected):
    assert quantized(fraction) == expected
