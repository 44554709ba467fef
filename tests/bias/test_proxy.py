"""``bias.proxy_features``: Cramér's V against scipy, a planted proxy flagged, noise not."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats.contingency import association

from bias_run import proxy_features
from ethicskit.bias.proxy import feature_codes


@pytest.fixture
def frame():
    rng = np.random.default_rng(5)
    n = 2000
    ethnicity = rng.choice(["a", "b", "c", None], n, p=[0.5, 0.2, 0.2, 0.1])
    store = np.array([{"a": "s1", "b": "s2", "c": "s3"}.get(e, "s4") for e in ethnicity])
    return pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)],
                         "gender": rng.choice(["f", "m"], n), "ethnicity": ethnicity,
                         "store": store,                       # a perfect proxy of ethnicity
                         "lucky": rng.integers(0, 100, n),     # noise, cut into 5 bins
                         "tier": rng.choice(["gold", "silver", None], n),  # noise, categories
                         "ref_code": [f"R{i:05d}" for i in range(n)]})     # an identifier


def test_perfect_proxy_is_flagged_and_noise_is_not(make_campaign, frame):
    c = make_campaign(frame, protected_attributes=["gender", "ethnicity"])
    f = proxy_features(c, proxy_v=0.3)
    v = {(p["feature"], p["attribute"]): p["cramers_v"] for p in f.details["pairs"]}
    assert v[("store", "ethnicity")] == pytest.approx(1.0)
    assert v[("lucky", "ethnicity")] < 0.1 and v[("tier", "gender")] < 0.1
    assert (f.status, f.value, f.affected_rows) == ("warn", pytest.approx(1.0), None)
    # default features: the unmapped columns; the identifier-like column is skipped
    assert f.details["features_from"] == "unmapped dataset columns"
    assert [s["feature"] for s in f.details["skipped"]] == ["ref_code"]
    assert "store" in f.message


def test_values_equal_scipy_on_the_prepared_table(make_campaign, frame):
    c = make_campaign(frame, protected_attributes=["gender", "ethnicity"],
                      model_features=["lucky", "tier"])
    f = proxy_features(c, proxy_v=0.3)
    eth = frame["ethnicity"].fillna("(missing)")
    lucky = pd.qcut(frame["lucky"], 5, duplicates="drop").astype(str)
    tier = frame["tier"].fillna("(missing)")
    v = {(p["feature"], p["attribute"]): p["cramers_v"] for p in f.details["pairs"]}
    for (name, x), (attr, g) in [(("lucky", lucky), ("ethnicity", eth)),
                                 (("tier", tier), ("ethnicity", eth)),
                                 (("lucky", lucky), ("gender", frame["gender"]))]:
        expected = association(pd.crosstab(x, g).to_numpy(), method="cramer", correction=False)
        assert v[(name, attr)] == pytest.approx(expected, abs=1e-12)
    assert f.status == "pass" and f.details["features_from"] == "model_features"


def test_feature_preparation():
    codes, k, how = feature_codes(pd.Series(np.arange(100.0)))
    assert (k, how) == (5, "5 quantile bins") and np.bincount(codes).tolist() == [20] * 5
    codes, k, _ = feature_codes(pd.Series([1, 2, 3, None, 1]))  # 3 values: taken as they are
    assert k == 4 and len(set(codes)) == 4 and codes[0] == codes[4]  # missing: its own code
    assert isinstance(feature_codes(pd.Series([f"id{i}" for i in range(50)])), str)


def test_protected_attributes_are_not_their_own_proxies(make_campaign):
    c = make_campaign({"customer_id": list("abcd"), "gender": ["f", "m", "f", "m"],
                       "targeted": [1, 0, 1, 0]},
                      protected_attributes=["gender"], model_features=["gender"])
    f = proxy_features(c, proxy_v=0.3)
    assert f.status == "not_evaluated"
    assert f.details["skipped"] == [{"feature": "gender", "reason": "is a protected attribute"}]


@pytest.mark.parametrize("seed", range(6))
def test_quantile_bins_equal_pandas_qcut(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 3000))
    kind = seed % 3
    if kind == 0:    # continuous, with missing values
        x = rng.normal(size=n)
        x[rng.random(n) < 0.1] = np.nan
    elif kind == 1:  # whole numbers with heavy ties: edges collapse and are dropped
        x = rng.choice([0] * 12 + [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144], n).astype(float)
    else:            # values sitting exactly on the edges
        x = np.repeat(np.arange(12.0), n // 12 + 1)[:n]
    series = pd.Series(x)
    if kind and seed > 2:  # whole numbers stored as integers (counted, not hashed)
        series = series.astype("int64" if kind == 2 else "Int64")
        if kind == 1:
            series[::7] = pd.NA
    codes, k, how = feature_codes(series)
    cut = pd.qcut(series.astype("float64"), 5, duplicates="drop")
    expected = np.asarray(cut.cat.codes, dtype=np.int64)
    bins = len(cut.cat.categories)
    expected = np.where(expected < 0, bins, expected)
    assert how == f"{bins} quantile bins"
    assert codes.tolist() == expected.tolist()


def _float_column(kind: str, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(40, 2000))
    x = {"cents": np.round(rng.gamma(2.0, 30.0, n), 2),
         "whole": np.round(rng.normal(50, 20, n)),
         "tenths": np.round(rng.normal(size=n), 1),
         "continuous": rng.normal(size=n),
         "wide cents": np.round(rng.normal(0, 1e7, n), 2),
         "negative zero": np.round(rng.normal(0, 0.05, n), 2) * rng.choice([-1.0, 1.0], n),
         "with inf": np.append(np.round(rng.normal(size=n - 1), 2), np.inf)}[kind]
    x[rng.random(n) < 0.1] = np.nan
    return pd.Series(x)


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # quantiles with inf
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", ["cents", "whole", "tenths", "continuous", "wide cents",
                                  "negative zero", "with inf"])
def test_float_features_counted_as_cents_equal_pandas_qcut(kind, seed, monkeypatch):
    from ethicskit.bias import proxy

    series = _float_column(kind, seed)
    got = feature_codes(series)
    if np.isinf(series).any():  # qcut cannot cut an infinite value: compare with factorizing
        monkeypatch.setattr(proxy, "SCALES", ())
        expected = feature_codes(series)
        assert got[1:] == expected[1:] and got[0].tolist() == expected[0].tolist()
        return
    cut = pd.qcut(series, 5, duplicates="drop")
    bins = len(cut.cat.categories)
    expected = np.asarray(cut.cat.codes, dtype=np.int64)
    assert got[2] == f"{bins} quantile bins"
    assert got[0].tolist() == np.where(expected < 0, bins, expected).tolist()
    codes, uniques = proxy._number_codes(series)  # the distinct values are the column's own
    assert sorted(uniques.tolist()) == sorted(pd.unique(series.dropna()).tolist())
    assert (uniques[codes[codes >= 0]] == series.dropna().to_numpy()).all()


def test_tables_through_the_joint_code_equal_one_table_per_attribute(make_campaign, frame,
                                                                      monkeypatch):
    from ethicskit.bias import proxy

    c = make_campaign(frame, protected_attributes=["gender", "ethnicity"],
                      model_features=["lucky", "tier", "store"])
    joint = proxy_features(c, proxy_v=0.3).details["pairs"]
    monkeypatch.setattr(proxy, "MAX_CELLS", 25)  # the joint table is too large: one each
    apart = proxy_features(make_campaign(frame, protected_attributes=["gender", "ethnicity"],
                                         model_features=["lucky", "tier", "store"]),
                           proxy_v=0.3).details["pairs"]
    assert joint == apart and len(joint) == 6


@pytest.mark.parametrize("seed", range(40))
def test_quantiles_of_counted_values_equal_numpy(seed):
    from ethicskit.bias.proxy import _quantile_levels, linear_quantiles

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400)) if seed % 2 else int(rng.integers(1, 8))
    x = rng.choice(np.round(rng.normal(size=int(rng.integers(1, 30))), 3), n)
    if seed % 5 == 0:
        x = np.append(x, [-0.0, 0.0, 1e300, -1e-300])
    levels = np.concatenate([_quantile_levels(5), rng.random(5), [0.0, 1.0, 0.5]])
    values, counts = np.unique(x, return_counts=True)
    got = linear_quantiles(values, counts, levels)
    expected = np.quantile(x, levels)
    assert got.tolist() == expected.tolist()  # exactly, bit for bit
    assert got.tolist() == pd.Series(x).quantile(levels).tolist()


def test_pairs_carry_the_corrected_v_by_hand(make_campaign):
    # store x gender: s1 = 10 f + 5 m, s2 = 3 f + 12 m: the 2 x 2 table [[10, 5], [3, 12]],
    # n = 30: plain V = sqrt(phi2) = 0.470871, corrected (Bergsma) V = 0.440368 (test_stats)
    data = {"customer_id": [f"c{i}" for i in range(30)],
            "gender": ["f"] * 10 + ["m"] * 5 + ["f"] * 3 + ["m"] * 12,
            "store": ["s1"] * 15 + ["s2"] * 15, "targeted": [True] * 30}
    c = make_campaign(data, protected_attributes=["gender"], model_features=["store"])
    f = proxy_features(c, proxy_v=0.3)
    (pair,) = f.details["pairs"]
    chi2 = 12.25 * (2 / 6.5 + 2 / 8.5)
    assert pair["cramers_v"] == pytest.approx(np.sqrt(chi2 / 30), abs=1e-12)
    assert pair["cramers_v_corrected"] == pytest.approx(
        np.sqrt((chi2 / 30 - 1 / 29) / (1 - 1 / 29)), abs=1e-12)
    # the status uses the plain V
    assert (f.status, f.value) == ("warn", pytest.approx(np.sqrt(chi2 / 30), abs=1e-12))
    assert "bias-corrected 0.44" in f.message
    # between the plain and the corrected V: the plain one decides (0.45: warn)
    assert proxy_features(c, proxy_v=0.45).status == "warn"


def test_features_with_one_value_are_skipped(make_campaign):
    n = 40
    data = {"customer_id": [f"c{i}" for i in range(n)], "gender": ["f", "m"] * (n // 2),
            "targeted": [True] * n,
            "constant": ["gold"] * n,             # one value in every row
            "empty": [None] * n,                  # no value at all
            "flag": ["y"] * 20 + [None] * 20,     # one value and empty: two categories, kept
            "lumpy": [0.0] * 36 + [1.0, 2.0, 3.0, 4.0],  # 5 values: taken as they are
            # 12 values, 29 zeros: quantile edges 0, 0, 0, 0, 3.2, 11 -> two bins, kept
            "heavy": [0.0] * 29 + [float(i) for i in range(1, 12)]}
    c = make_campaign(data, protected_attributes=["gender"],
                      model_features=["constant", "empty", "flag", "lumpy", "heavy"])
    f = proxy_features(c, proxy_v=0.3)
    skipped = {s["feature"]: s["reason"] for s in f.details["skipped"]}
    assert skipped == {"constant": "has one value in every row",
                       "empty": "has no value (every row is empty)"}
    assert [p["feature"] for p in f.details["pairs"]] == ["flag", "lumpy", "heavy"]
    assert f.details["prepared"][-1] == {"feature": "heavy", "prepared": "2 quantile bins"}


def test_a_numeric_feature_whose_quantiles_collapse_into_one_bin_is_skipped(make_campaign):
    # 12 distinct values, 49 of 60 rows 0: the 0, 20, 40, 60 and 80% quantiles are all 0 (the
    # 80% one sits between order statistics 47 and 48, both 0) and the top one 11;
    # pd.qcut(..., 5, duplicates="drop") leaves one bin
    values = [0.0] * 49 + [float(i) for i in range(1, 12)]
    assert len(pd.qcut(pd.Series(values), 5, duplicates="drop").cat.categories) == 1
    data = {"customer_id": [f"c{i}" for i in range(60)], "gender": ["f", "m"] * 30,
            "targeted": [True] * 60, "spend": values}
    c = make_campaign(data, protected_attributes=["gender"], model_features=["spend"])
    f = proxy_features(c, proxy_v=0.3)
    assert f.details["skipped"] == [{"feature": "spend", "reason": "cannot be binned: 12 "
                                     "distinct values, but its quantiles collapse into 1 bin"}]
    assert f.status == "not_evaluated" and f.details["pairs"] == []
