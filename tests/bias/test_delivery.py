"""``bias.delivery_skew``: the targeted people's shares against the eligible audience's.

Every expected number is worked out by hand in the comment above it, or (last tests) from the
definition in a few lines of plain pandas."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ethicskit import record  # noqa: E402
from ethicskit.bias import tables  # noqa: E402
from ethicskit.config import validate as validate_config  # noqa: E402
from ethicskit.errors import ConfigError  # noqa: E402
from ethicskit.plots import bias as bp  # noqa: E402
from ethicskit.thresholds import THRESHOLDS, UNITS  # noqa: E402

from bias_run import check  # noqa: E402

delivery_skew = check("bias.delivery_skew")
TH = dict(tvd_max=0.1)


def ids(n):
    return [f"c{i}" for i in range(n)]


def two_groups(**config):
    # 10 people, 4 targeted: 3 f and 1 m; the 6 not targeted are m (they do not count)
    return dict(data={"customer_id": ids(10), "targeted": [True] * 4 + [False] * 6,
                      "gender": ["f", "f", "f", "m"] + ["m"] * 6},
                config={"protected_attributes": ["gender"],
                        "population_shares": {"gender": {"f": 0.5, "m": 0.5}}, **config})


def groups_of(finding, attribute):
    a = next(a for a in finding.details["attributes"] if a["attribute"] == attribute)
    return a["tvd"], {g["group"]: (g["n"], g["delivered_share"], g["eligible_share"])
                      for g in a["groups"]}


def test_two_groups_by_hand(make_campaign):
    # delivered f 3/4 = 0.75, m 1/4 = 0.25 against 0.5 / 0.5: tvd = (0.25 + 0.25) / 2 = 0.25
    case = two_groups()
    f = delivery_skew(make_campaign(case["data"], **case["config"]), **TH)
    tvd, g = groups_of(f, "gender")
    assert tvd == pytest.approx(0.25)
    assert g == {"f": (3, 0.75, 0.5), "m": (1, 0.25, 0.5)}  # no (other): the shares sum to 1
    assert (f.status, f.value, f.affected_rows) == ("warn", pytest.approx(0.25), None)
    assert f.threshold == {"tvd_max": 0.1}
    assert f.details["targeted"] == 4
    assert "gender" in f.message and "0.250" in f.message and "0.1" in f.message
    assert "75.0%" in f.message and "50.0%" in f.message  # f, the group furthest off


#: three groups a, b, c and a missing value among the 8 targeted (a 4, b 2, c 1, missing 1);
#: 4 more rows not targeted (all c) never count
THREE = {"customer_id": ids(12), "targeted": [True] * 8 + [False] * 4,
         "ethnicity": ["a"] * 4 + ["b"] * 2 + ["c", None] + ["c"] * 4}


@pytest.mark.parametrize("shares, want_tvd, want", [
    # a, b named (0.8): (other) pools c and (missing), eligible 0.2, delivered 2/8 = 0.25;
    # tvd = (|0.5 - 0.5| + |0.25 - 0.3| + |0.25 - 0.2|) / 2 = 0.05
    ({"a": 0.5, "b": 0.3}, 0.05,
     {"a": (4, 0.5, 0.5), "b": (2, 0.25, 0.3), "(other)": (2, 0.25, pytest.approx(0.2))}),
    # (missing) named (sum 1.0): it is its own group, (other) holds c only, eligible 0;
    # tvd = (0 + 0.05 + |0.125 - 0.2| + |0.125 - 0|) / 2 = 0.125
    ({"a": 0.5, "b": 0.3, "(missing)": 0.2}, 0.125,
     {"a": (4, 0.5, 0.5), "b": (2, 0.25, 0.3), "(missing)": (1, 0.125, 0.2),
      "(other)": (1, 0.125, 0.0)}),
    # a YAML null names (missing) too; a named group nobody has (d) is delivered 0:
    # (other) = c, eligible 1 - 0.9 = 0.1; tvd = (|0.5 - 0.4| + |0.25 - 0.3| + |0.125 - 0.1|
    # + |0 - 0.1| + |0.125 - 0.1|) / 2 = (0.1 + 0.05 + 0.025 + 0.1 + 0.025) / 2 = 0.15
    ({"a": 0.4, "b": 0.3, None: 0.1, "d": 0.1}, 0.15,
     {"a": (4, 0.5, 0.4), "b": (2, 0.25, 0.3), "(missing)": (1, 0.125, 0.1),
      "d": (0, 0.0, 0.1), "(other)": (1, 0.125, pytest.approx(0.1))}),
])
def test_three_groups_other_pooling_and_missing(make_campaign, shares, want_tvd, want):
    c = make_campaign(THREE, protected_attributes=["ethnicity"],
                      population_shares={"ethnicity": shares})
    f = delivery_skew(c, **TH)
    tvd, g = groups_of(f, "ethnicity")
    assert tvd == pytest.approx(want_tvd)
    assert g == want
    assert list(g)[-1] == "(other)"  # named groups in the config's order, then (other)
    assert f.value == pytest.approx(want_tvd)
    assert f.status == ("warn" if want_tvd > 0.1 else "pass")


@pytest.mark.parametrize("config, status, source", [
    ({"decision_domain": "housing"}, "fail", "config"),
    ({"decision_domain": "credit"}, "fail", "config"),
    ({"decision_domain": "employment"}, "fail", "config"),
    ({"decision_domain": "insurance"}, "warn", "config"),
    ({}, "warn", "default"),
])
def test_fail_in_an_opportunity_domain_warn_elsewhere(make_campaign, config, status, source):
    case = two_groups(**config)  # tvd 0.25 > 0.1
    f = delivery_skew(make_campaign(case["data"], **case["config"]), **TH)
    assert f.status == status
    assert f.details["decision_domain"] == (config.get("decision_domain") or "general")
    assert f.details["decision_domain_from"] == source
    assert f.details["decision_favourable"] is True
    if status == "fail":
        assert "unlawful in this" in f.message
    else:
        assert "a screen to review, not a breach" in f.message


def test_housing_from_the_product_category_fails(make_campaign):
    case = two_groups()
    data = {**case["data"], "product_category": ["housing"] * 4 + ["savings"] * 6}
    f = delivery_skew(make_campaign(data, **case["config"]), **TH)
    assert f.status == "fail"
    assert (f.details["decision_domain"], f.details["decision_domain_from"]) == (
        "housing", "product_category")


def test_within_the_limit_passes_even_in_housing(make_campaign):
    # 10 targeted: f 5, m 4, x 1 against 0.5 / 0.45 / 0.05: tvd = (0 + 0.05 + 0.05) / 2 = 0.05
    c = make_campaign({"customer_id": ids(10), "targeted": [True] * 10,
                       "gender": ["f"] * 5 + ["m"] * 4 + ["x"]},
                      protected_attributes=["gender"], decision_domain="housing",
                      population_shares={"gender": {"f": 0.5, "m": 0.45, "x": 0.05}})
    f = delivery_skew(c, **TH)
    assert (f.status, f.value) == ("pass", pytest.approx(0.05))
    assert "0.050" in f.message and "housing" in f.message


def test_the_threshold_is_overridable(make_campaign):
    case = two_groups()  # tvd 0.25
    c = make_campaign(case["data"], **case["config"])
    assert delivery_skew(c, tvd_max=0.3).status == "pass"
    assert delivery_skew(c, tvd_max=0.2).status == "warn"


def test_value_is_the_largest_tvd_and_the_message_names_its_attribute(make_campaign):
    # 4 targeted: gender f 2, m 2 against 0.5 / 0.5 -> tvd 0; age: 65+ 0 of 4 against 0.3 ->
    # tvd = (|0 - 0.3| + |1 - 0.7|) / 2 = 0.3 (the age band comes from age)
    c = make_campaign({"customer_id": ids(6), "targeted": [True] * 4 + [False] * 2,
                       "gender": ["f", "m", "f", "m", "f", "f"],
                       "age": [30, 40, 50, 20, 70, 80]},
                      protected_attributes=["gender", "age_band"],
                      population_shares={"gender": {"f": 0.5, "m": 0.5},
                                         "age_band": {"65+": 0.3}})
    f = delivery_skew(c, **TH)
    assert [a["attribute"] for a in f.details["attributes"]] == ["gender", "age_band"]
    assert groups_of(f, "gender")[0] == pytest.approx(0.0)
    tvd, g = groups_of(f, "age_band")
    assert tvd == pytest.approx(0.3)
    assert g == {"65+": (0, 0.0, 0.3), "(other)": (4, 1.0, pytest.approx(0.7))}
    assert f.value == pytest.approx(0.3) and f.status == "warn"
    assert "on 1 attribute of 2" in f.message and "age_band" in f.message


def test_yaml_booleans_name_yes_no_groups(make_campaign):
    # 4 targeted: yes 3, no 1 against True 0.5 / False 0.5 -> tvd 0.25
    c = make_campaign({"customer_id": ids(4), "targeted": [True] * 4,
                       "has_children": ["yes", "yes", "yes", "no"]},
                      protected_attributes=["has_children"],
                      population_shares={"has_children": {True: 0.5, False: 0.5}})
    f = delivery_skew(c, **TH)
    tvd, g = groups_of(f, "has_children")
    assert g == {"yes": (3, 0.75, 0.5), "no": (1, 0.25, 0.5)}
    assert tvd == pytest.approx(0.25)


@pytest.mark.parametrize("data, config, template", [
    # the config names no population_shares
    ({"customer_id": ids(2), "targeted": [True, False], "gender": ["f", "m"]},
     {"protected_attributes": ["gender"]}, "population_shares"),
    # population_shares names only a column that is not a protected attribute of the run (a
    # column the data lack is a config error when the campaign is opened)
    ({"customer_id": ids(2), "targeted": [True, False], "gender": ["f", "m"],
      "ethnicity": ["a", "b"]},
     {"protected_attributes": ["gender"], "population_shares": {"ethnicity": {"a": 0.5}}},
     "none of the attributes"),
    # ... or one whose shares sum to more than 1
    ({"customer_id": ids(2), "targeted": [True, False], "gender": ["f", "m"]},
     {"protected_attributes": ["gender"], "population_shares": {"gender": {"f": 0.7, "m": 0.6}}},
     "none of the attributes"),
    # nobody is targeted
    ({"customer_id": ids(2), "targeted": [False, False], "gender": ["f", "m"]},
     {"protected_attributes": ["gender"], "population_shares": {"gender": {"f": 0.5}}},
     "nobody is targeted"),
    # no targeted column: nothing was delivered to compare
    ({"customer_id": ids(2), "gender": ["f", "m"]},
     {"protected_attributes": ["gender"], "population_shares": {"gender": {"f": 0.5}}},
     "no targeted column"),
])
def test_not_evaluated(make_campaign, data, config, template):
    f = delivery_skew(make_campaign(data, **config), **TH)
    assert f.status == "not_evaluated"
    assert template in f.message
    assert f.value is None and f.affected_rows is None


def test_skipped_attributes_are_noted(make_campaign):
    c = make_campaign({"customer_id": ids(4), "targeted": [True] * 4,
                       "gender": ["f", "f", "m", "m"], "ethnicity": ["a"] * 4},
                      protected_attributes=["gender"],
                      population_shares={"gender": {"f": 0.5, "m": 0.5},
                                         "ethnicity": {"a": 0.5}})
    f = delivery_skew(c, **TH)
    assert [a["attribute"] for a in f.details["attributes"]] == ["gender"]
    notes = " ".join(f.details["notes"])
    assert "'ethnicity'" in notes and "not a protected attribute" in notes
    assert (f.status, f.value) == ("pass", 0.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_the_definition_in_plain_pandas(make_campaign, seed):
    rng = np.random.default_rng(seed)
    n = 400
    values = rng.choice(["a", "b", "c", "d", None], size=n, p=[0.4, 0.25, 0.15, 0.1, 0.1])
    df = pd.DataFrame({"customer_id": ids(n), "targeted": rng.random(n) < 0.4,
                       "ethnicity": values})
    shares = {"a": 0.35, "b": 0.3, "d": 0.15}
    f = delivery_skew(make_campaign(df, protected_attributes=["ethnicity"],
                                    population_shares={"ethnicity": shares}), **TH)
    # the definition: q over the targeted, named groups and the rest pooled as (other)
    t = df.loc[df["targeted"], "ethnicity"]
    q = {k: float((t == k).sum()) / len(t) for k in shares}
    q_other = 1 - sum(q.values())
    want = 0.5 * (sum(abs(q[k] - p) for k, p in shares.items())
                  + abs(q_other - (1 - sum(shares.values()))))
    assert f.value == pytest.approx(want, abs=1e-12)
    _, g = groups_of(f, "ethnicity")
    assert {k: v[0] for k, v in g.items()} == {
        **{k: int((t == k).sum()) for k in shares}, "(other)": int((~t.isin(shares)).sum())}


def test_the_threshold_is_registered_and_validated():
    assert THRESHOLDS["tvd_max"] == 0.1 and UNITS["tvd_max"] == "total variation distance"
    assert validate_config({"thresholds": {"tvd_max": 0.2}}).thresholds == {"tvd_max": 0.2}
    for bad in (0, 1.5, -0.1, True, "x"):
        with pytest.raises(ConfigError, match="tvd_max"):
            validate_config({"thresholds": {"tvd_max": bad}})


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    from ethicskit.campaign import from_frame
    from ethicskit.sample import generate

    s = generate(rows=1000, seed=3)
    rec = record.compute(from_frame(s.df, s.config, as_of="2026-11-29"), areas=["bias"])
    folder = record.write(rec, tmp_path_factory.mktemp("run"))
    return record.read(folder, areas=["bias"]), rec.area_findings("bias")


def test_the_record_table_plot_and_notebook_table(recorded):
    rec, findings = recorded
    f = findings["bias.delivery_skew"]
    frame = rec.table("bias", "delivery")
    assert list(frame.columns) == ["attribute", "group", "n", "delivered_share",
                                   "eligible_share", "tvd"]
    # the table holds exactly the finding's groups (aggregates only)
    want = [(a["attribute"], g["group"], g["delivered_share"], g["eligible_share"], a["tvd"])
            for a in f.details["attributes"] for g in a["groups"]]
    assert list(frame[["attribute", "group", "delivered_share", "eligible_share", "tvd"]]
                .itertuples(index=False, name=None)) == want
    assert isinstance(bp.delivery_shares(rec), Figure)
    t = tables.table(f).frame
    assert list(t.columns) == ["attribute", "group", "people", "share of people targeted",
                               "eligible share", "total variation distance"]
    assert len(t) == len(want)


def test_no_plot_or_table_when_not_evaluated(make_campaign):
    c = make_campaign({"customer_id": ids(2), "targeted": [True, False], "gender": ["f", "m"]},
                      protected_attributes=["gender"])
    rec = record.compute(c, areas=["bias"])
    note = bp.delivery_shares(rec)
    assert isinstance(note, bp.Note) and "Not evaluated" in note._repr_html_()
    assert rec.table("bias", "delivery").empty
    assert isinstance(tables.table(rec.area_findings("bias")["bias.delivery_skew"]), bp.Note)


def test_population_shares_may_name_the_dataset_column(make_campaign):
    # the dataset calls gender "sex"; the config lists the logical name as protected and keys
    # population_shares by the dataset's name: the same attribute, tvd 0.25 as in the first test
    case = two_groups()
    data = {("sex" if k == "gender" else k): v for k, v in case["data"].items()}
    c = make_campaign(data, columns={"gender": "sex"}, protected_attributes=["gender"],
                      population_shares={"sex": {"f": 0.5, "m": 0.5}})
    f = delivery_skew(c, **TH)
    assert [a["attribute"] for a in f.details["attributes"]] == ["sex"]
    assert f.value == pytest.approx(0.25)
