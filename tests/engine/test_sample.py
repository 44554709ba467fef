"""The deterministic sample: the same ids on every engine and in Python, by its definition."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from conftest import ENGINES

from ethicskit.engine import (first_ids, group_sums, in_sample, sample_condition, sample_ids,
                              sample_order)

IDS = [f"C{i:06d}" for i in range(1, 3001)] + [None]
FRAME = pd.DataFrame({"customer_id": IDS, "k": [i % 3 for i in range(len(IDS))]})


def by_definition(ids, fraction, seed):
    """Ids whose first 32 bits of md5("<seed>:<id>"), as an integer, are below fraction * 2**32."""
    out = []
    for i in ids:
        if i is None:
            continue
        bits = int(hashlib.md5(f"{seed}:{i}".encode()).hexdigest()[:8], 16)
        if bits < fraction * 2 ** 32:
            out.append(i)
    return sorted(out)


@pytest.mark.parametrize("fraction, seed", [(0.1, 7), (0.37, 7), (0.1, 2026)])
def test_in_sample_follows_the_definition(fraction, seed):
    chosen = [i for i, keep in zip(IDS, in_sample(IDS, fraction, seed=seed)) if keep]
    assert sorted(chosen) == by_definition(IDS, fraction, seed)


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("fraction, seed", [(0.1, 7), (0.37, 7), (0.1, 2026), (0.0, 7),
                                            (1.0, 7)])
def test_every_engine_draws_the_same_ids(engine, fraction, seed):
    got = sample_ids(FRAME, fraction=fraction, seed=seed, engine=engine)
    assert got == by_definition(IDS, fraction, seed)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_integer_ids_hash_as_their_text(engine):
    frame = pd.DataFrame({"customer_id": list(range(1, 2001))})
    got = sample_ids(frame, fraction=0.2, engine=engine)
    assert got == sorted(int(i) for i in by_definition([str(i) for i in range(1, 2001)], 0.2, 7))


def test_a_larger_fraction_draws_a_superset():
    small = set(by_definition(IDS, 0.1, 7))
    big = set(sample_ids(FRAME, fraction=0.3, engine="duckdb"))
    assert small < big
    assert 0.2 < len(big) / 3000 < 0.4  # about 0.3 of the ids


@pytest.mark.parametrize("engine_name", ENGINES)
def test_sample_as_a_filter_of_group_sums(engine):
    got = group_sums(FRAME, by=["k"], where=sample_condition(0.25), engine=engine)
    chosen = set(by_definition(IDS, 0.25, 7))
    want = FRAME[FRAME["customer_id"].isin(chosen)].groupby("k").size()
    assert got["k"].tolist() == want.index.tolist()
    assert got["n"].tolist() == want.tolist()


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("k", [0, 1, 25])
def test_fixed_size_sample_is_the_k_smallest_hashes(engine, k):
    got = first_ids(FRAME, where="customer_id IS NOT NULL", order_by=[sample_order(seed=7)],
                    limit=k, engine=engine)
    ids = [i for i in IDS if i is not None]
    want = sorted(ids, key=lambda i: hashlib.md5(f"7:{i}".encode()).hexdigest())[:k]
    assert got == want


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("step, drawn", [(0, False), (1, True)])
def test_an_id_whose_first_digits_are_the_cut_is_not_drawn(engine, step, drawn):
    """The engine compares the whole digest with the 8-digit cut: an id whose first 8 digits
    equal the cut is above it (its bits are not below fraction * 2**32), one more is below."""
    bits = int(hashlib.md5(b"7:C000042").hexdigest()[:8], 16)
    fraction = (bits + step) / 2 ** 32
    assert ("C000042" in sample_ids(FRAME, fraction=fraction, engine=engine)) is drawn
    assert ("C000042" in by_definition(IDS, fraction, 7)) is drawn
