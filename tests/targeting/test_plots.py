"""The targeting plots draw on the sample and skip with a sentence when the data lack columns."""

import pytest
from matplotlib.figure import Figure

from ethicskit.campaign import from_frame
from ethicskit.plots import targeting as plots
from ethicskit.registry import run_area
from ethicskit.sample import generate


@pytest.fixture(scope="module")
def sample():
    s = generate(rows=1000)
    campaign = from_frame(s.df, dict(s.config))
    return campaign, run_area("targeting", campaign)


def test_every_plot_draws_on_the_sample(sample):
    campaign, f = sample
    figures = [plots.contacts_per_person(campaign, f["targeting.contact_pressure"]),
               plots.segment_audiences(campaign, f["targeting.micro_segments"]),
               plots.sensitive_categories(f["targeting.sensitive_interests"]),
               plots.products_by_vulnerability_and_age(campaign)]
    assert all(isinstance(fig, Figure) for fig in figures)
    assert len(figures[3].axes) == 2


def test_plots_skip_with_a_sentence(make_campaign):
    campaign = make_campaign({"customer_id": ["a"], "age": [30]})
    f = run_area("targeting", campaign)
    skipped = [plots.contacts_per_person(campaign, f["targeting.contact_pressure"]),
               plots.segment_audiences(campaign, f["targeting.micro_segments"]),
               plots.sensitive_categories(f["targeting.sensitive_interests"]),
               plots.products_by_vulnerability_and_age(campaign)]
    assert all(isinstance(s, plots.Skipped) for s in skipped)
    assert "contact_count" in skipped[0]._repr_html_()
    assert "product_category" in skipped[3].reason
