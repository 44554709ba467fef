"""The bias metrics in plain numpy (``ethicskit.bias.rates``): by hand on tiny tables, against
aif360 (``helpers.aif``: its metrics and Reweighing given the same cells) on random cells and
on the bundled sample, to 1e-12; and a record that never imports aif360, sklearn or scipy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from ethicskit.bias import rates
from ethicskit.bias.checks import reduce
from ethicskit.bias.counts import table
from ethicskit.bias.reference import singles
from ethicskit.campaign import open_campaign
from helpers import aif


def same(got, expected):
    """Two result dicts equal key by key: None where the other is None, numbers to 1e-12."""
    assert got.keys() == expected.keys()
    for key in expected:
        a, b = got[key], expected[key]
        if isinstance(b, dict):
            same(a, b)
        elif b is None or a is None:
            assert a is None and b is None, key
        else:
            assert a == pytest.approx(b, abs=1e-12, rel=1e-12), key


# ---------------------------------------------------------------- by hand

# group 0: 4 people, 1 selected; group 1: 4 people, 3 selected (one cell per group x decision)
G, Y, W = [0, 0, 1, 1], [0, 1, 0, 1], [3, 1, 1, 3]


def test_selection_by_hand():
    got = rates.selection(G, Y, W, reference=1)
    assert got == {0: {"rate": 0.25, "ratio": pytest.approx(1 / 3), "spd": -0.5},
                   1: {"rate": 0.75, "ratio": 1.0, "spd": 0.0}}
    assert rates.selection(G, Y, W, reference=None)[0] == {"rate": 0.25, "ratio": None,
                                                           "spd": None}


def test_a_reference_that_selects_nobody_leaves_ratios_undefined():
    got = rates.selection([0, 1], [1, 0], [2, 5], reference=1)
    assert got == {0: {"rate": 1.0, "ratio": None, "spd": 1.0},
                   1: {"rate": 0.0, "ratio": None, "spd": 0.0}}


def test_error_rates_by_hand():
    # group 0: TP 2, FN 2, FP 1, TN 3; group 1 (reference): TP 3, FN 1, FP 3, TN 1
    group = [0, 0, 0, 0, 1, 1, 1, 1]
    outcome = [1, 1, 0, 0, 1, 1, 0, 0]
    predicted = [1, 0, 1, 0, 1, 0, 1, 0]
    weight = [2, 2, 1, 3, 3, 1, 3, 1]
    got = rates.error_rates(group, outcome, predicted, weight, reference=1)
    assert got[0] == {"tpr": 0.5, "fpr": 0.25, "fnr": 0.5, "ppv": pytest.approx(2 / 3),
                      "base_rate": 0.5, "eod": -0.25, "aod": -0.375,
                      "fpr_ratio": pytest.approx(1 / 3), "tp": 2.0, "fp": 1.0, "tn": 3.0,
                      "fn": 2.0}
    assert got[1] == {"tpr": 0.75, "fpr": 0.75, "fnr": 0.25, "ppv": 0.5, "base_rate": 0.5,
                      "eod": 0.0, "aod": 0.0, "fpr_ratio": 1.0, "tp": 3.0, "fp": 3.0,
                      "tn": 1.0, "fn": 1.0}


def test_undefined_error_rates_are_none():
    # group 0 has no positives and nobody predicted positive; the reference has no negatives
    got = rates.error_rates([0, 1], [0, 1], [0, 1], [4, 2], reference=1)
    assert got[0]["tpr"] is None and got[0]["fnr"] is None and got[0]["ppv"] is None
    assert got[0]["fpr"] == 0.0 and got[0]["eod"] is None and got[0]["aod"] is None
    assert got[0]["fpr_ratio"] is None  # the reference's fpr is undefined
    assert got[1]["fpr"] is None and got[1]["aod"] is None and got[1]["eod"] == 0.0
    assert got[1]["fpr_ratio"] is None


def test_reweighing_by_hand():
    # N = 8, n_g = 4 each, n_selected = n_not = 4: W = 4 * 4 / (8 * n_gy)
    got = rates.reweigh(G, Y, W)
    assert got == {(0, 0): pytest.approx(2 / 3), (0, 1): 2.0, (1, 0): 2.0,
                   (1, 1): pytest.approx(2 / 3)}
    assert rates.reweigh([0, 0, 1], [0, 1, 0], [1, 1, 2])[(1, 1)] is None  # no such cell


def test_reweighing_factor_formula():
    assert rates.reweighing_factor(n_group=10, n_label=30, n_total=100, n_cell=2) == 1.5


# ---------------------------------------------------------------- against aif360

def random_cells(seed: int, *, groups: int = 4, float_weights: bool = False):
    """One cell per (group, outcome, prediction) in random order, some cells absent."""
    rng = np.random.default_rng(seed)
    g, y, p = np.meshgrid(np.arange(groups), [0, 1], [0, 1], indexing="ij")
    g, y, p = g.ravel(), y.ravel(), p.ravel()
    keep = rng.random(len(g)) < 0.8
    w = rng.integers(1, 60, len(g)).astype(float)
    if float_weights:
        w = w * rng.uniform(0.3, 3.0, len(g))
    order = rng.permutation(np.flatnonzero(keep))
    return g[order], y[order], p[order], w[order]


SEEDS = list(range(8))


@pytest.mark.parametrize("float_weights", [False, True], ids=["counts", "float"])
@pytest.mark.parametrize("seed", SEEDS)
def test_selection_equals_aif360(seed, float_weights):
    g, y, _, w = random_cells(seed, float_weights=float_weights)
    for reference in [None, *np.unique(g).tolist()]:
        same(rates.selection(g, y, w, reference=reference),
             aif.selection(g, y, w, reference=reference))


@pytest.mark.parametrize("seed", SEEDS)
def test_error_rates_equal_aif360(seed):
    g, y, p, w = random_cells(seed)
    for reference in [None, *np.unique(g).tolist()]:
        same(rates.error_rates(g, y, p, w, reference=reference),
             aif.error_rates(g, y, p, w, reference=reference))


@pytest.mark.parametrize("seed", SEEDS)
def test_reweighing_equals_aif360(seed):
    g, y, _, w = random_cells(seed)
    same(rates.reweigh(g, y, w), aif.reweigh(g, y, w))


def test_one_group_reweighs_as_aif360():
    same(rates.reweigh([0, 0], [0, 1], [3, 5]), aif.reweigh([0, 0], [0, 1], [3, 5]))


@pytest.fixture(scope="module")
def sample_counts():
    return reduce(open_campaign(None, as_of=None))


def test_the_sample_metrics_equal_aif360(sample_counts):
    k = sample_counts
    assert k.attributes
    for part in singles(k, min_group_n=30):
        ref = part.reference.code
        t = table(k, part.keys, by=("decision",))
        g, y, n = t["g"].to_numpy(), t["decision"].to_numpy(), t["n"].to_numpy()
        assert rates.selection(g, y, n, reference=ref) == aif.selection(g, y, n, reference=ref)
        assert rates.reweigh(g, y, n) == aif.reweigh(g, y, n)  # the very same floats
        w = np.array([rates.reweigh(g, y, n)[(int(a), int(b))] or 1.0 for a, b in zip(g, y)])
        same(rates.selection(g, y, n * w, reference=ref),
             aif.selection(g, y, n * w, reference=ref))
        t = table(k, part.keys, by=("outcome", "prediction"))
        t = t[t["outcome"] >= 0]
        args = (t["g"].to_numpy(), t["outcome"].to_numpy(), t["prediction"].to_numpy(),
                t["n"].to_numpy())
        same(rates.error_rates(*args, reference=ref), aif.error_rates(*args, reference=ref))


@pytest.mark.slow
def test_the_record_imports_neither_aif360_nor_sklearn_nor_scipy():
    code = ("import sys; from ethicskit.campaign import open_campaign; "
            "from ethicskit import record; rec = record.compute(open_campaign(None, as_of=None)); "
            "assert any(f.area == 'bias' for f in rec.findings); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('aif360', 'sklearn', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
