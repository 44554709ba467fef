"""Plots and tables of the bias notebook: a figure from the record, a sentence otherwise."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ethicskit import record  # noqa: E402
from ethicskit.bias import tables  # noqa: E402
from ethicskit.campaign import from_frame  # noqa: E402
from ethicskit.plots import bias as bp  # noqa: E402
from ethicskit.sample import generate  # noqa: E402

from bias_run import selection_rate  # noqa: E402


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    s = generate(rows=1000, seed=3)
    campaign = from_frame(s.df, s.config, as_of="2026-11-29")
    rec = record.compute(campaign, areas=["bias"])
    folder = record.write(rec, tmp_path_factory.mktemp("run"))
    return record.read(folder, areas=["bias"]), rec.area_findings("bias")


@pytest.fixture(scope="module")
def empty():
    campaign = from_frame(pd.DataFrame({"customer_id": ["a", "b"]}), {})
    rec = record.compute(campaign, areas=["bias"])
    return rec, rec.area_findings("bias")


PLOTS = [bp.selection_rates, bp.intersectional_heatmap, bp.error_rates, bp.offer_values,
         bp.proxy_heatmap, bp.reweighing]


@pytest.mark.parametrize("plot", PLOTS)
def test_plots_draw_the_record(sample, plot):
    assert isinstance(plot(sample[0]), Figure)


@pytest.mark.parametrize("plot", PLOTS)
def test_plots_say_why_when_a_check_did_not_run(empty, plot):
    note = plot(empty[0])
    assert isinstance(note, bp.Note) and "Not evaluated" in note._repr_html_()


@pytest.mark.slow
def test_intersection_heatmaps_fit_a_screen_and_a_page(sample):
    fig = bp.intersectional_heatmap(sample[0])
    width, _ = fig.get_size_inches()
    assert width * 110 <= 1366  # the report's dpi
    pairs = sample[0].table("bias", "intersections")["attribute"].nunique()
    assert len([ax for ax in fig.axes if ax.get_visible()]) == pairs  # one heatmap per pair


def test_tables(sample, empty):
    findings = sample[1]
    t = tables.table(findings["bias.selection_rate"])
    assert list(t.frame.columns)[:4] == ["attribute", "group", "people", "selected"]
    assert "<table" in t._repr_html_()
    worst = tables.table(findings["bias.intersectional"], worst=5).frame
    assert len(worst) == 5
    assert list(tables.references(findings["bias.selection_rate"]).frame["attribute"]) == [
        "gender", "age_band", "ethnicity", "marital_status"]
    assert isinstance(tables.table(empty[1]["bias.selection_rate"]), bp.Note)


def test_group_labels_are_escaped_in_tables(make_campaign):
    c = make_campaign({"customer_id": list("abcd"), "gender": ["<b>x</b>", "y", "y", "<b>x</b>"],
                       "targeted": [1, 0, 1, 1]}, protected_attributes=["gender"])
    html = tables.table(selection_rate(c, ratio_min=0.8, ratio_max=1.25, min_group_n=1))
    assert "<b>x</b>" not in html._repr_html_() and "&lt;b&gt;" in html._repr_html_()


def test_the_proxy_table_and_heatmap_show_the_corrected_v(sample):
    findings = sample[1]
    t = tables.table(findings["bias.proxy_features"]).frame
    assert list(t.columns) == ["feature", "attribute", "Cramér's V", "corrected V (Bergsma)"]
    pairs = sample[0].table("bias", "proxy_v")
    assert "cramers_v_corrected" in pairs.columns
    fig = bp.proxy_heatmap(sample[0])
    texts = [t.get_text() for t in fig.axes[0].texts]
    first = pairs.iloc[0]
    assert f"{first['cramers_v']:.2f} ({first['cramers_v_corrected']:.2f})" in texts


def test_the_domain_table(sample, empty):
    t = tables.domain(sample[1]["bias.selection_rate"]).frame
    assert t.iloc[0].tolist() == ["decision domain", "general"]
    assert t.iloc[3]["value"].startswith("warn")
    assert isinstance(tables.domain({"status": "error", "details": {}}), bp.Note)


@pytest.mark.slow
@pytest.mark.parametrize("favourable, words", [
    (True, "ratio to the best-served group"),
    (False, "ratio to the least-flagged group (adverse decision)")])
def test_the_heatmap_names_the_reference_of_the_decision(favourable, words):
    s = generate(rows=1000, seed=3)
    config = dict(s.config, decision_favourable=favourable)
    rec = record.compute(from_frame(s.df, config, as_of="2026-11-29"), areas=["bias"])
    fig = bp.intersectional_heatmap(rec)
    titles = [" ".join(ax.get_title(loc="left").split())  # a long title is broken in lines
              for ax in fig.axes if ax.get_visible()]
    assert titles and all(words in t for t in titles)
