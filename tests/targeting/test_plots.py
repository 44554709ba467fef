"""The targeting plots draw from the record of the sample and skip with a sentence when the data
lack columns."""

import pytest
from matplotlib.figure import Figure

from ethicskit import record
from ethicskit.campaign import from_frame
from ethicskit.plots import targeting as plots
from ethicskit.sample import generate

ALL = (plots.contacts_per_person, plots.segment_audiences, plots.sensitive_categories,
       plots.products_by_vulnerability_and_age, plots.jurisdictions)


@pytest.fixture(scope="module")
def sample():
    s = generate(rows=1000)
    return record.compute(from_frame(s.df, dict(s.config)), areas=["targeting"])


def test_every_plot_draws_on_the_sample(sample):
    figures = [fn(sample) for fn in ALL]
    assert all(isinstance(fig, Figure) for fig in figures)
    assert len(figures[3].axes) == 2


def test_plots_draw_from_a_stored_record(sample, tmp_path):
    back = record.read(record.write(sample, tmp_path / "run"), areas=["targeting"])
    assert all(isinstance(fn(back), Figure) for fn in ALL)


def test_plots_skip_with_a_sentence(make_campaign):
    rec = record.compute(make_campaign({"customer_id": ["a"], "age": [30]}),
                         areas=["targeting"])
    skipped = [fn(rec) for fn in ALL]
    assert all(isinstance(s, plots.Skipped) for s in skipped)
    assert "contact_count" in skipped[0]._repr_html_()
    assert "product_category" in skipped[3].reason
    assert "rule pack" in skipped[4].reason


def test_jurisdiction_heatmap_of_a_tiny_campaign(make_campaign):
    rec = record.compute(make_campaign({
        "customer_id": ["a", "b"], "targeted": [True, True], "country": ["FR", "US"],
        "channel": ["social", "social"], "age": [17, 17],
        "targeting_criteria": ["interest:diabetes", "interest:x"]}), areas=["targeting"])
    fig = plots.jurisdictions(rec)
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    # sensitive: FR 1 of 1; minors: FR 1 of 1, US 0 of 1 (no cell for sensitive in US:
    # the US row matched nothing); the opportunity check did not run (no product column)
    assert sorted(texts) == sorted(["1\n(1)", "0\n(0)", "1\n(1)", "0\n(1)"])
