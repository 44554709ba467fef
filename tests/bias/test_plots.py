"""Plots and tables of the bias notebook: a figure on real findings, a sentence otherwise."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ethicskit.bias import offer_boxes  # noqa: E402
from ethicskit.bias import tables  # noqa: E402
from ethicskit.campaign import from_frame  # noqa: E402
from ethicskit.plots import bias as bp  # noqa: E402
from ethicskit.registry import run_area  # noqa: E402
from ethicskit.sample import generate  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    s = generate(rows=1000, seed=3)
    campaign = from_frame(s.df, s.config, as_of="2026-11-29")
    return campaign, run_area("bias", campaign)


@pytest.fixture(scope="module")
def empty():
    campaign = from_frame(__import__("pandas").DataFrame({"customer_id": ["a", "b"]}), {})
    return campaign, run_area("bias", campaign)


PLOTS = [("bias.selection_rate", bp.selection_rates),
         ("bias.intersectional", bp.intersectional_heatmap),
         ("bias.error_rate_parity", bp.error_rates),
         ("bias.proxy_features", bp.proxy_heatmap),
         ("bias.mitigation_preview", bp.reweighing)]


@pytest.mark.parametrize("check, plot", PLOTS)
def test_plots_draw_the_findings(sample, check, plot):
    assert isinstance(plot(sample[1][check]), Figure)


def test_offer_plot(sample):
    campaign, findings = sample
    fig = bp.offer_values(offer_boxes(campaign), findings["bias.offer_value_disparity"])
    assert isinstance(fig, Figure)


@pytest.mark.parametrize("check, plot", PLOTS)
def test_plots_say_why_when_a_check_did_not_run(empty, check, plot):
    note = plot(empty[1][check])
    assert isinstance(note, bp.Note) and "Not evaluated" in note._repr_html_()


def test_tables(sample, empty):
    t = tables.table(sample[1]["bias.selection_rate"])
    assert list(t.frame.columns)[:4] == ["attribute", "group", "people", "selected"]
    assert "<table" in t._repr_html_()
    worst = tables.table(sample[1]["bias.intersectional"], worst=5).frame
    assert len(worst) == 5
    assert list(tables.references(sample[1]["bias.selection_rate"]).frame["attribute"]) == [
        "gender", "age_band", "ethnicity", "marital_status"]
    assert isinstance(tables.table(empty[1]["bias.selection_rate"]), bp.Note)


def test_group_labels_are_escaped_in_tables(make_campaign):
    c = make_campaign({"customer_id": list("abcd"), "gender": ["<b>x</b>", "y", "y", "<b>x</b>"],
                       "targeted": [1, 0, 1, 1]}, protected_attributes=["gender"])
    from ethicskit.bias import selection_rate

    html = tables.table(selection_rate(c, ratio_min=0.8, ratio_max=1.25, min_group_n=1))
    assert "<b>x</b>" not in html._repr_html_() and "&lt;b&gt;" in html._repr_html_()
