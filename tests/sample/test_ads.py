"""The aggregated ad-report example (examples/ads): made by the generator, deterministic, its
expected results worked out independently, and the bias checks agreeing with them.

``expected.json`` is computed by :func:`ethicskit.sample.ads.expect` on the report expanded to one
row per impression (``numpy.repeat``), without the package's checks; the expansion itself is
checked here by hand on a tiny report, and the per-impression rates once more from plain sums of
the report's columns (a group's conversions / its impressions), so that the comparison with the
checks rests on numbers found two ways.
"""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ethicskit.sample import ads

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ads"
GENERATED = ("ad_report.csv", "ads.yaml", "ads_rows.yaml", "inventory.yaml", "expected.json")
CHECKED = ("bias.selection_rate", "bias.intersectional", "bias.delivery_skew",
           "bias.representation")


@pytest.fixture(scope="module")
def report():
    return pd.read_csv(EXAMPLE / "ad_report.csv")


@pytest.fixture(scope="module")
def expected():
    return json.loads((EXAMPLE / "expected.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the files
@pytest.mark.slow
def test_the_committed_example_is_what_the_generator_writes(tmp_path):
    ads.write(tmp_path)
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), name


def test_the_generator_is_deterministic_and_the_seed_matters():
    assert ads.generate(ads.SEED).equals(ads.generate(ads.SEED))
    assert not ads.generate(ads.SEED).equals(ads.generate(ads.SEED + 1))


def test_one_row_per_ad_age_band_and_gender(report):
    assert len(report) == 320
    assert not report.duplicated(["ad_id", "age_band", "gender"]).any()
    assert report.groupby(["age_band", "gender"]).size().eq(40).all()
    assert set(report["age_band"]) == {"30-34", "35-39", "40-44", "45-49"}
    assert set(report["gender"]) == {"F", "M"}
    assert report["targeted"].all() and set(report["product_category"]) == {"housing"}
    assert (report["conversions"] >= 0).all()
    assert (report["conversions"] <= report["clicks"]).all()
    assert (report["clicks"] <= report["impressions"]).all()


def test_inventory_declares_every_column(report):
    import yaml

    inventory = yaml.safe_load((EXAMPLE / "inventory.yaml").read_text(encoding="utf-8"))
    assert set(inventory["columns"]) == set(report.columns)


def test_readme_names_every_file_and_the_planted_numbers():
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    for needed in GENERATED + ("synthetic", "make ads", "numpy.repeat", "0.448", "0.731",
                               "0.8875", "0.156"):
        assert needed in text, needed


# ---------------------------------------------------------------- the expected results
@pytest.mark.parametrize("impressions, conversions, converted", [
    ([3, 2], [1, 2], [True, False, False, True, True]),
    ([1, 4, 2], [0, 4, 1], [False, True, True, True, True, True, False]),
    ([0, 3], [0, 0], [False, False, False]),
])
def test_expand_repeats_each_row_by_its_impressions(impressions, conversions, converted):
    tiny = pd.DataFrame({"age_band": ["30-34"] * len(impressions),
                         "gender": ["F", "M", "F"][:len(impressions)],
                         "impressions": impressions, "conversions": conversions,
                         "targeted": True})
    out = ads.expand(tiny)
    assert out["converted"].tolist() == converted
    assert out["gender"].tolist() == np.repeat(
        tiny["gender"].map(ads.GENDER_WORD).to_numpy(), impressions).tolist()


def test_expected_json_is_the_independent_computation(report, expected):
    assert expected == json.loads(json.dumps(ads.expect(report)))
    assert (expected["rows"], expected["impressions"], expected["conversions"]) == (
        320, int(report["impressions"].sum()), int(report["conversions"].sum()))


def _rates(report, column):
    sums = report.groupby(column)[["conversions", "impressions"]].sum()
    return sums["conversions"] / sums["impressions"]


def test_per_impression_rates_from_plain_sums(report, expected):
    groups = {(g["attribute"], g["group"]): g
              for g in expected["ads.yaml"]["bias.selection_rate"]["groups"]}
    gender = _rates(report, "gender")
    age = _rates(report, "age_band")
    for code, word in ads.GENDER_WORD.items():
        assert groups[("gender", word)]["rate"] == pytest.approx(gender[code], rel=1e-12)
        assert groups[("gender", word)]["ratio"] == pytest.approx(gender[code] / gender.max(),
                                                                  rel=1e-12)
    for band, rate in age.items():
        assert groups[("age_band", band)]["ratio"] == pytest.approx(rate / age.max(), rel=1e-12)
    # the planted numbers: those the issue reports for a real ad report
    assert gender["F"] / gender["M"] == pytest.approx(0.73, abs=0.005)
    assert age["45-49"] / age["30-34"] == pytest.approx(0.45, abs=0.005)
    converted = (report["conversions"] > 0).groupby(report["age_band"]).mean()
    assert converted["45-49"] / converted.max() == pytest.approx(0.89, abs=0.005)


def test_delivered_shares_from_plain_sums(report, expected):
    skew = {a["attribute"]: a for a in expected["ads.yaml"]["bias.delivery_skew"]["attributes"]}
    share = report.groupby("gender")["impressions"].sum() / report["impressions"].sum()
    tvd = 0.5 * (abs(share["F"] - 0.52) + abs(share["M"] - 0.48))
    assert skew["gender"]["tvd"] == pytest.approx(tvd, rel=1e-12)
    assert tvd > 0.1
    share = report.groupby("age_band")["impressions"].sum() / report["impressions"].sum()
    tvd = 0.5 * sum(abs(share[k] - p) for k, p in ads.ELIGIBLE["age_band"].items())
    assert skew["age_band"]["tvd"] == pytest.approx(tvd, rel=1e-12)
    assert tvd > 0.1


def test_the_two_readings_disagree(expected):
    weighted, rows = expected["ads.yaml"], expected["ads_rows.yaml"]
    assert {c: weighted[c]["status"] for c in CHECKED} == {
        "bias.selection_rate": "fail", "bias.intersectional": "fail",
        "bias.delivery_skew": "fail", "bias.representation": "warn"}
    assert {rows[c]["status"] for c in CHECKED} == {"pass"}


# ---------------------------------------------------------------- the checks agree
@pytest.fixture(scope="module", params=["ads.yaml", "ads_rows.yaml"])
def audited(request):
    from ethicskit.campaign import open_campaign
    from ethicskit.registry import run_area

    campaign = open_campaign(config_path=EXAMPLE / request.param)
    return request.param, campaign, run_area("bias", campaign)


def _close(a, b):
    if isinstance(b, float) or isinstance(a, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9,
                                                                abs_tol=1e-12)
    return a == b


def test_the_campaign_is_read_as_the_config_says(audited):
    name, campaign, _ = audited
    assert campaign.rows == 320
    assert campaign.weighted is (name == "ads.yaml")
    assert set(campaign.df["gender"].astype(str)) == {"female", "male"}


def test_headline_numbers_match(audited, expected):
    name, _, findings = audited
    for cid in CHECKED:
        want, got = expected[name][cid], findings[cid]
        assert got.status == want["status"], cid
        assert _close(got.value, want["value"]), (cid, got.value, want["value"])
        assert got.affected_rows == want["affected_rows"], cid
        assert bool(got.details.get("weighted")) is expected[name]["weighted"], cid


@pytest.mark.parametrize("cid", ["bias.selection_rate", "bias.intersectional"])
def test_group_tables_match(audited, expected, cid):
    name, _, findings = audited
    got = {(g["attribute"], g["group"]): g for g in findings[cid].details["groups"]}
    want = {(g["attribute"], g["group"]): g for g in expected[name][cid]["groups"]}
    assert set(got) == set(want)
    for key, w in want.items():
        for field in ("n", "selected", "rate", "ratio", "spd", "ci_low", "ci_high", "evaluated",
                      "reference"):
            assert _close(got[key][field], w[field]), (key, field, got[key][field], w[field])


def test_delivery_and_representation_tables_match(audited, expected):
    name, _, findings = audited
    got = {a["attribute"]: a for a in findings["bias.delivery_skew"].details["attributes"]}
    for w in expected[name]["bias.delivery_skew"]["attributes"]:
        g = got[w["attribute"]]
        assert _close(g["tvd"], w["tvd"])
        shares = {r["group"]: r for r in g["groups"]}
        assert set(shares) == {r["group"] for r in w["groups"]}
        for r in w["groups"]:
            assert _close(shares[r["group"]]["delivered_share"], r["delivered_share"])
            assert _close(shares[r["group"]]["eligible_share"], r["eligible_share"])
    got = {(g["attribute"], g["group"]): g for g in findings["bias.representation"]
           .details["groups"]}
    for w in expected[name]["bias.representation"]["groups"]:
        g = got[(w["attribute"], w["group"])]
        for field in ("share", "population_share", "ratio"):
            assert _close(g[field], w[field]), (w["group"], field)
