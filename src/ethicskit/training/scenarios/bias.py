"""Module 02 (bias in targeting): a campaign whose selection gap is planted in exact counts.

Four main groups (women and men, aged 25-34 and 55-64) and a small non-binary group. Everyone is
selected at the same rate of 30% except older women, whose rate is cut by ``bias_strength``: the
historical gap a model learns when past campaigns rarely targeted them. A shopping feature,
``favourite_department`` (its values are neutral codes D1-D5), follows gender for a
``proxy_strength`` share of people. Every count is fixed before people are shuffled, so rates,
ratios, Wilson intervals and Cramér's V are known by arithmetic on the design table (:func:`design_table`), not by asking the checks.

The offer is a loyalty offer, not credit, housing or employment, so a selection gap is a norm to
review (status ``warn``), not a breach: disparate impact is unlawful in those three domains
(ECOA, the Fair Housing Act, Title VII), and the four-fifths rule is a screen (29 CFR
1607.4(D)), not a legal threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ethicskit.training.scenarios.base import build, ids, knob_float, knob_int, wilson

BASE_RATE = 0.30
SMALL_RATE = 0.25
RATIO_MIN, RATIO_MAX, MIN_GROUP_N, PROXY_V = 0.8, 1.25, 30, 0.3
YOUNG, OLD = "25-34", "55-64"
#: departments are shown by neutral codes, so that the labels of the proxy exercise's figure do
#: not give its answer away (D2 and D4 are the departments that follow gender)
LINKED = {"female": "D2", "male": "D4"}
NEUTRAL = ("D1", "D3", "D5")
FEATURES = ("favourite_department", "tenure_years", "newsletter_clicks")


def design_table(rows: int, bias_strength: float, small_group: int) -> pd.DataFrame:
    """Cells ``gender, age_band, n, selected`` of the design, before anyone is drawn."""
    main = (rows - small_group) // 4
    extra = (rows - small_group) - 4 * main
    cells = []
    for k, (gender, band) in enumerate([("female", YOUNG), ("female", OLD), ("male", YOUNG),
                                        ("male", OLD)]):
        n = main + (1 if k < extra else 0)
        rate = BASE_RATE * (1 - bias_strength) if (gender, band) == ("female", OLD) else BASE_RATE
        cells.append(("female" if gender == "female" else "male", band, n, int(round(n * rate))))
    small_sel = int(round(small_group * SMALL_RATE))
    half_n, half_s = small_group // 2, small_sel // 2
    cells.append(("non-binary", YOUNG, small_group - half_n, small_sel - half_s))
    cells.append(("non-binary", OLD, half_n, half_s))
    return pd.DataFrame(cells, columns=["gender", "age_band", "n", "selected"])


def _ratios(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Selection rate, evaluated flag and ratio to the best evaluated group, per ``keys``."""
    g = table.groupby(keys, sort=True)[["n", "selected"]].sum().reset_index()
    g["rate"] = g["selected"] / g["n"].where(g["n"] > 0)
    g["evaluated"] = g["n"] >= MIN_GROUP_N
    best = g.loc[g["evaluated"], "rate"].max()
    g["ratio"] = g["rate"] / best
    return g


def cramers_v(crosstab: np.ndarray) -> float:
    """Cramér's V without bias correction: ``sqrt(chi² / (N · (min(r, c) − 1)))``."""
    t = np.asarray(crosstab, dtype=float)
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    n = t.sum()
    if n == 0 or min(t.shape) < 2:
        return 0.0
    expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / n
    chi2 = float(((t - expected) ** 2 / expected).sum())
    return float(np.sqrt(chi2 / (n * (min(t.shape) - 1))))


def _departments(gender: str, n: int, proxy_strength: float) -> np.ndarray:
    linked = int(round(n * proxy_strength)) if gender in LINKED else 0
    rest = [NEUTRAL[i % len(NEUTRAL)] for i in range(n - linked)]
    return np.array([LINKED.get(gender, "")] * linked + rest, dtype=object)


def bias_scenario(rows: int = 2000, bias_strength: float = 0.6, proxy_strength: float = 0.9,
                  small_group: int = 24, *, seed: int = 7):
    """A campaign of ``rows`` people with the selection gap and proxy the knobs ask for.

    Answers: ``bias.ratio`` (women's selection rate over men's), ``bias.interval`` (what the
    small group's interval allows one to say), ``bias.intersection`` (lowest ratio among the
    evaluated gender x age groups), ``bias.proxy`` (the feature that stands in for gender, or
    ``"none"``).
    """
    rows = knob_int("rows", rows, low=200, high=50000)
    bias_strength = knob_float("bias_strength", bias_strength)
    proxy_strength = knob_float("proxy_strength", proxy_strength)
    small_group = knob_int("small_group", small_group, low=2, high=rows // 5)
    rng = np.random.default_rng(knob_int("seed", seed))
    design = design_table(rows, bias_strength, small_group)

    parts = []
    for cell in design.itertuples(index=False):  # six cells, not rows
        n, k = int(cell.n), int(cell.selected)
        low, high = (25, 35) if cell.age_band == YOUNG else (55, 65)
        parts.append(pd.DataFrame({
            "gender": cell.gender, "age": rng.integers(low, high, n),
            "targeted": np.arange(n) < k,
            "favourite_department": _departments(cell.gender, n, proxy_strength)[
                rng.permutation(n)]}))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "customer_id", ids("B", len(frame)))
    frame["tenure_years"] = rng.integers(0, 13, len(frame))
    frame["newsletter_clicks"] = rng.poisson(3, len(frame))
    config = {"protected_attributes": ["gender", "age_band"], "decision": "targeted",
              "model_features": list(FEATURES)}

    answers, expected = _known(design, frame)
    knobs = {"rows": rows, "bias_strength": bias_strength, "proxy_strength": proxy_strength,
             "small_group": small_group, "seed": seed}
    return build(frame, config, name="Autumn loyalty offer (training)", answers=answers,
                 expected=expected, knobs=knobs, tables={"design": design})


def _known(design: pd.DataFrame, frame: pd.DataFrame) -> tuple[dict, dict]:
    """Answers and expected findings, by arithmetic on the design table."""
    by_gender = _ratios(design, ["gender"]).set_index("gender")
    by_band = _ratios(design, ["age_band"]).set_index("age_band")
    cells = _ratios(design, ["gender", "age_band"])
    ratio = float(by_gender.at["female", "rate"] / by_gender.at["male", "rate"])

    small = by_gender.loc["non-binary"]
    low, high = wilson(int(small["selected"]), int(small["n"]))
    reference = by_gender.loc[by_gender["evaluated"], "rate"].max()
    interval = "b" if low <= reference <= high else ("a" if small["rate"] < reference else "c")

    evaluated = cells[cells["evaluated"]]
    lowest = float(evaluated["ratio"].min())

    design_rows = design.assign(key=design["gender"] + "|" + design["age_band"])
    table = pd.crosstab(frame["favourite_department"], frame["gender"]).to_numpy()
    v_gender = cramers_v(table)
    answers = {"bias.ratio": round(ratio, 4), "bias.interval": interval,
               "bias.intersection": round(lowest, 4),
               "bias.proxy": "favourite_department" if v_gender >= PROXY_V else "none"}

    def outside(r):
        return (r < RATIO_MIN) | (r > RATIO_MAX)

    # rows in evaluated groups outside the band, over both attributes (a row counts once)
    bad_gender = set(by_gender.index[by_gender["evaluated"] & outside(by_gender["ratio"])])
    bad_band = set(by_band.index[by_band["evaluated"] & outside(by_band["ratio"])])
    hit = design_rows["gender"].isin(bad_gender) | design_rows["age_band"].isin(bad_band)
    marginal_ratios = pd.concat([by_gender.loc[by_gender["evaluated"], "ratio"],
                                 by_band.loc[by_band["evaluated"], "ratio"]])
    bad_cells = evaluated[outside(evaluated["ratio"])]
    expected = {
        # a loyalty offer is not credit, housing or employment: the four-fifths screen is a norm
        # there, so a gap is a warning (it would fail for an opportunity decision)
        "bias.selection_rate": {"status": "warn" if hit.any() else "pass",
                                "value": float(marginal_ratios.min()),
                                "affected_rows": int(design_rows.loc[hit, "n"].sum())},
        "bias.intersectional": {"status": "warn" if len(bad_cells) else "pass",
                                "value": lowest, "affected_rows": int(bad_cells["n"].sum())},
        "bias.proxy_features": {"status": "warn" if v_gender >= PROXY_V else None,
                                "value": v_gender if v_gender >= PROXY_V else None},
        "bias.mitigation_preview": {"status": "info", "value": 1.0, "affected_rows": None},
    }
    return answers, expected
