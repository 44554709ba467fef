"""Who is targeted, what the model predicted and what happened, with planted bias.

:func:`decide` sets ``targeted``, ``score``, ``prediction``, ``outcome``, ``offer_value`` and the
model feature ``store_cluster`` for every row, before the targeting-dependent fields are filled.
Planted:

* **under-selection**: the model's score carries a penalty for people aged 65 and over, who
  therefore are targeted at roughly half to 0.6 times the rate of the best-served age band
  (``bias.selection_rate`` is out of band on ``age_band``);
* **error-rate disparity**: whether someone converts does not depend on age, so the same
  penalty makes the model miss older people who would have converted (``bias.error_rate_parity``
  on ``age_band``);
* **a proxy feature**: ``store_cluster`` (the customer's usual store group) follows ethnicity
  for nine people in ten (``bias.proxy_features`` warns); ``lucky_number`` stays random;
* **an offer gap**: offers are set per store cluster, and the ``harbour`` cluster, mostly Black
  customers, gets a discount three points smaller (``bias.offer_value_disparity`` on
  ``ethnicity``);
* **a delivery skew**: the targeted audience holds fewer people aged 65+ than the eligible
  population's share (``bias.delivery_skew``).

The sample's offers are of several kinds and its config leaves ``decision_domain`` unset, so the
domain is ``general`` and these checks ``warn`` (they ``fail`` only for a credit, housing or
employment decision). The planted minors stay fewer than ``min_group_n``, so the age band 0-17
is shown but never judged. :func:`expect` counts the expected results on the final data with
plain pandas, numpy and scipy code written from the catalogue, independently of
:mod:`ethicskit.bias`.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import numpy as np
import pandas as pd

#: store cluster each ethnicity mostly shops in (the proxy)
CLUSTER_OF = {"white": "riverside", "black": "harbour", "asian": "hillside", "mixed": "market",
              "other": "parkway"}
CLUSTERS = np.array(list(CLUSTER_OF.values()))
AGE_PENALTY = 0.7
OFFER_GAP = 3.0
NOISE = 0.8
MISSING = "(missing)"


def _age_years(birth, as_of: dt.date) -> np.ndarray:
    b = pd.to_datetime(pd.Series(birth))
    before = (b.dt.month > as_of.month) | ((b.dt.month == as_of.month) & (b.dt.day > as_of.day))
    return (as_of.year - b.dt.year - before.astype(int)).to_numpy(dtype="float64")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def decide(df, rng):
    """Decide for every row (see the module docstring); the expected results come from
    :func:`expect` on the final data."""
    n = len(df)
    age = _age_years(df["birth_date"], dt.date(2026, 11, 29))
    older = age >= 65
    z_basket = (df["basket_value"] - df["basket_value"].mean()) / df["basket_value"].std()
    z_tenure = (df["tenure_months"] - df["tenure_months"].mean()) / df["tenure_months"].std()
    # what really happens: conversion depends on spend and loyalty, not on age
    outcome = rng.random(n) < _sigmoid(-0.8 + 1.2 * z_basket + 0.6 * z_tenure)
    # the model: the same signals, noise, and a planted penalty for age 65+
    logit = 0.9 * z_basket + 0.5 * z_tenure + rng.normal(0.0, NOISE, n) - AGE_PENALTY * older
    score = _sigmoid(logit + 0.1)
    df["score"] = np.round(score, 4)
    df["targeted"] = df["score"].to_numpy() > 0.5
    df["prediction"] = df["targeted"]
    df["outcome"] = np.asarray(outcome, dtype=bool)
    # the proxy: nine in ten shop in their ethnicity's cluster; unknown ethnicity at random
    usual = df["ethnicity"].astype(object).map(CLUSTER_OF).fillna("").to_numpy(dtype=object)
    stray = (usual == "") | (rng.random(n) < 0.1)
    df["store_cluster"] = np.where(stray, rng.choice(CLUSTERS, n), usual)
    # offers are set per cluster: harbour gets a smaller discount
    offer = rng.normal(20.0, 4.0, n) - OFFER_GAP * (df["store_cluster"].to_numpy() == "harbour")
    df["offer_value"] = np.where(df["targeted"], np.round(offer, 2), np.nan)
    return {}


# ---------------------------------------------------------------- independent expectations
def _labels(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), MISSING).astype(str)


def _age_band(df, config) -> pd.Series:
    bands = config.get("age_bands", [0, 18, 25, 35, 45, 55, 65, 200])
    age = _age_years(df["birth_date"], dt.date.fromisoformat(str(config["as_of"])))
    names = [f"{a}-{b - 1}" for a, b in zip(bands[:-2], bands[1:-1])] + [f"{bands[-2]}+"]
    out = pd.Series(MISSING, index=df.index, dtype=object)
    for a, b, name in zip(bands[:-1], bands[1:], names):
        out[(age >= a) & (age < b)] = name
    return out


def _groups(df, config) -> dict[str, pd.Series]:
    out = {}
    for attr in config["protected_attributes"]:
        out[attr] = _age_band(df, config) if attr == "age_band" else _labels(df[attr])
    return out


def _rates(g: pd.Series, sel: pd.Series) -> pd.DataFrame:
    t = pd.DataFrame({"n": g.value_counts(), "selected": sel.groupby(g).sum()}).fillna(0)
    t["rate"] = t["selected"] / t["n"]
    return t


def _highest(t: pd.DataFrame, min_n: int) -> str:
    ev = t[t["n"] >= min_n]
    return ev.sort_values(["rate", "n"], ascending=[False, False]).index[0]


OPPORTUNITY = ("credit", "housing", "employment")


def domain(df, config) -> str:
    """The decision domain: the config's ``decision_domain``, else the single
    ``product_category`` of every targeted row, else ``general``."""
    named = (config or {}).get("decision_domain")
    if named:
        return str(named).lower()
    products = df.loc[df["targeted"].fillna(False).astype(bool), "product_category"].dropna()
    distinct = products.astype(str).str.lower().unique()
    return distinct[0] if len(distinct) == 1 else "general"


def _breach(status: str, bad_word: str) -> str:
    """``fail`` for a domain rule breached in an opportunity domain, else ``warn``."""
    return bad_word if status == "fail" else status


def _selection(groups: dict, sel, min_n, lo, hi, refs: dict) -> dict:
    lowest, mask, bad = None, np.zeros(len(sel), dtype=bool), False
    for name, g in groups.items():
        t = _rates(g, sel)
        ref = refs.get(name) or _highest(t, min_n)
        t["ratio"] = t["rate"] / t.loc[ref, "rate"]
        ev = t[t["n"] >= min_n]
        lowest = min(lowest if lowest is not None else np.inf, ev["ratio"].min())
        out = ev[(ev["ratio"] < lo) | (ev["ratio"] > hi)]
        bad |= len(out) > 0
        mask |= g.isin(out.index).to_numpy()
    return {"status": "fail" if bad else "pass", "value": float(lowest),
            "affected_rows": int(mask.sum())}


def _error_rates(groups, pred, outcome, sel, min_n, odds_max, refs) -> dict:
    known = outcome.notna()
    largest, bad, mask = 0.0, False, np.zeros(len(pred), dtype=bool)
    for name, g in groups.items():
        ref = refs.get(name) or _highest(_rates(g, sel), min_n)
        y, p, gk = outcome[known].astype(bool), pred[known], g[known]
        tpr = (p & y).groupby(gk).sum() / y.groupby(gk).sum()
        fpr = (p & ~y).groupby(gk).sum() / (~y).groupby(gk).sum()
        n = gk.value_counts()
        eod = tpr - tpr[ref]
        aod = ((fpr - fpr[ref]) + (tpr - tpr[ref])) / 2
        ev = n[n >= min_n].index
        largest = max(largest, eod[ev].abs().max())
        out = [k for k in ev if k != ref and (abs(eod[k]) > odds_max or abs(aod[k]) > odds_max)]
        bad |= bool(out)
        mask |= (g.isin(out) & known).to_numpy()
    return {"status": "fail" if bad else "pass", "value": float(largest),
            "affected_rows": int(mask.sum())}


def _offers(groups, offer, targeted, sel, min_n, smd_max, refs) -> dict:
    has = targeted & offer.notna()
    largest, bad, mask = 0.0, False, np.zeros(len(offer), dtype=bool)
    for name, g in groups.items():
        ref = refs.get(name) or _highest(_rates(g, sel), min_n)
        x = offer[has].groupby(g[has])
        mean, var, n = x.mean(), x.var(ddof=1), x.size()
        pooled = np.sqrt(((n - 1) * var + (n[ref] - 1) * var[ref]) / (n + n[ref] - 2))
        smd = (mean - mean[ref]) / pooled
        ev = n[n >= min_n].index
        largest = max(largest, smd[ev].abs().max())
        out = [k for k in ev if k != ref and abs(smd[k]) >= smd_max]
        bad |= bool(out)
        mask |= (g.isin(out) & has).to_numpy()
    return {"status": "fail" if bad else "pass", "value": float(largest),
            "affected_rows": int(mask.sum())}


def _representation(df, config, groups, lo, hi) -> dict:
    shares = config.get("population_shares") or {}
    lowest, bad, mask = np.inf, False, np.zeros(len(df), dtype=bool)
    for attr, named in shares.items():
        g = groups.get(attr)
        if g is None:
            g = _age_band(df, config) if attr == "age_band" else _labels(df[attr])
        for group, pop in named.items():
            ratio = (g == group).mean() / pop
            lowest = min(lowest, ratio)
            if ratio < lo or ratio > hi:
                bad = True
                mask |= (g == group).to_numpy()
    return {"status": "warn" if bad else "pass", "value": float(lowest),
            "affected_rows": int(mask.sum())}


def _proxies(df, config, groups, proxy_v) -> dict:
    from scipy.stats.contingency import association

    largest = 0.0
    for feature in config["model_features"]:
        x = df[feature]
        if pd.api.types.is_numeric_dtype(x) and x.nunique() > 10:
            x = pd.qcut(x, 5, duplicates="drop").astype(str)
        x = _labels(x)
        for g in groups.values():
            table = pd.crosstab(x, g).to_numpy()
            largest = max(largest, association(table, method="cramer", correction=False))
    return {"status": "warn" if largest >= proxy_v else "pass", "value": float(largest),
            "affected_rows": None}


def _reweighed(groups, sel, min_n, refs) -> dict:
    lowest = np.inf
    share_sel = sel.mean()
    for name, g in groups.items():
        t = _rates(g, sel)
        ref = refs.get(name) or _highest(t, min_n)
        n1 = t["selected"]
        n0 = t["n"] - n1
        w1 = t["n"] * share_sel / n1.replace(0, np.nan)  # n_g n_1 / (N n_g1)
        w0 = t["n"] * (1 - share_sel) / n0.replace(0, np.nan)  # n_g n_0 / (N n_g0)
        after = (n1 * w1.fillna(0)) / (n1 * w1.fillna(0) + n0 * w0.fillna(0))
        ratio = after / after[ref]
        lowest = min(lowest, ratio[t["n"] >= min_n].min())
    return {"status": "info", "value": float(lowest), "affected_rows": None}


def _delivery(df, config, groups, tvd_max) -> dict:
    """Total variation distance between the targeted people's shares and the eligible shares
    of ``population_shares`` (groups not named pooled as ``(other)``)."""
    shares = config.get("population_shares") or {}
    targeted = df["targeted"].fillna(False).astype(bool)
    largest = None
    for attr, named in shares.items():
        if attr not in config["protected_attributes"]:
            continue
        g = groups[attr][targeted]
        total = len(g)
        delivered = {k: (g == k).sum() / total for k in named}
        tvd = sum(abs(delivered[k] - p) for k, p in named.items())
        tvd += abs((1 - sum(delivered.values())) - (1 - sum(named.values())))
        tvd = tvd / 2
        largest = tvd if largest is None else max(largest, tvd)
    return {"status": "fail" if largest is not None and largest > tvd_max else "pass",
            "value": None if largest is None else float(largest), "affected_rows": None}


def expect(df, config, *, inventory=None):
    """Expected bias results on the final frame, by check id (plain code, from docs/checks.md)."""
    th = {"ratio_min": 0.8, "ratio_max": 1.25, "min_group_n": 30, "odds_max": 0.1,
          "smd_max": 0.3, "proxy_v": 0.3, "tvd_max": 0.1, **(config.get("thresholds") or {})}
    lo, hi, min_n = th["ratio_min"], th["ratio_max"], th["min_group_n"]
    groups = _groups(df, config)
    refs = dict(config.get("reference_groups") or {})
    sel = df[config.get("decision", "targeted")].fillna(False).astype(bool)
    pred = df["prediction"].fillna(False).astype(bool)
    outcome = df["outcome"].astype("boolean")
    targeted = df["targeted"].fillna(False).astype(bool)
    offer = pd.to_numeric(df["offer_value"], errors="coerce")
    names = list(groups)
    pairs = {}
    for a, b in combinations(names, 2):
        pairs[f"{a} & {b}"] = (f"{a}=" + groups[a].astype(str) + f" & {b}="
                               + groups[b].astype(str))
    out = {
        "bias.selection_rate": _selection(groups, sel, min_n, lo, hi, refs),
        "bias.error_rate_parity": _error_rates(groups, pred, outcome, sel, min_n,
                                               th["odds_max"], refs),
        "bias.intersectional": _selection(pairs, sel, min_n, lo, hi, {}),
        "bias.offer_value_disparity": _offers(groups, offer, targeted, sel, min_n,
                                              th["smd_max"], refs),
        "bias.representation": _representation(df, config, groups, lo, hi),
        "bias.delivery_skew": _delivery(df, config, groups, th["tvd_max"]),
        "bias.proxy_features": _proxies(df, config, groups, th["proxy_v"]),
        "bias.mitigation_preview": _reweighed(groups, sel, min_n, refs),
    }
    # the bias checks that "fail (domain rule)" fail only for an opportunity decision
    # (credit, housing, employment); in any other domain they warn
    word = "fail" if domain(df, config) in OPPORTUNITY else "warn"
    for cid in ("bias.selection_rate", "bias.error_rate_parity", "bias.intersectional",
                "bias.offer_value_disparity", "bias.delivery_skew"):
        out[cid]["status"] = _breach(out[cid]["status"], word)
    return out
