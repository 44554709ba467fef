"""Privacy pictures: drawn from the record's tables, skipped with a sentence when the data lack
columns."""

import datetime as dt

import pytest
from matplotlib.figure import Figure

from ethicskit import record
from ethicskit.plots import privacy as plots


def rec(campaign, tmp_path=None):
    """The privacy record of ``campaign`` (stored and read back when ``tmp_path`` is given)."""
    computed = record.compute(campaign, areas=["privacy"])
    if tmp_path is None:
        return computed
    return record.read(record.write(computed, tmp_path), areas=["privacy"])


def days_ago(n):
    return (dt.date(2026, 11, 29) - dt.timedelta(days=n)).isoformat()


def full(make_campaign):
    return make_campaign({
        "customer_id": list("abcdef"),
        "targeted": [True, True, True, False, True, True],
        "channel": ["email", "email", "post", "sms", "sms", "push"],
        "consent_email": [True, False, False, False, False, False],
        "consent_sms": [True, True, True, True, False, True],
        "contact_ts": [days_ago(1)] * 6,
        "erasure_request_ts": [days_ago(50), days_ago(10), None, None, None, None],
        "country": ["US", "DE", "DE", "GB", "GB", "GB"],
        "postcode": ["A", "A", "A", "B", "B", "C"],
    }, quasi_identifiers=["postcode"])



@pytest.mark.parametrize("stored", [False, True])
def test_figures_are_drawn(make_campaign, tmp_path, stored):
    c = rec(full(make_campaign), tmp_path if stored else None)
    funnel = plots.consent_funnel(c)
    assert isinstance(funnel, Figure)
    texts = [t.get_text() for t in funnel.axes[0].texts if "without" in t.get_text()]
    # email: b without consent; sms: e without consent; push: no consent_personalization
    # column, so unknown (not marked)
    assert sorted(texts) == ["1 without\nconsent", "1 without\nconsent"]
    sizes = plots.class_sizes(c, k_min=2)
    assert isinstance(sizes, Figure)
    bars = sizes.axes[0].patches
    # classes: A x3, B x2, C x1 -> bins 1, 2, 3-9: people 1, 2, 3; only bin 1 is below k_min
    assert [b.get_height() for b in bars] == [1, 2, 3]
    assert [b.get_facecolor() != bars[-1].get_facecolor() for b in bars] == [True, False, False]
    erasure = plots.erasure_deadlines(c)  # US 45 days (a: 50, late), DE 30 (b: 10)
    assert isinstance(erasure, Figure)
    assert "1 of 2 past the deadline" in erasure.axes[0].get_title()
    assert [t.get_text() for t in erasure.axes[0].get_yticklabels()] == ["DE", "US"]


def test_erasure_picture_marks_each_deadline_of_a_jurisdiction(make_campaign):
    c = rec(make_campaign({"customer_id": ["a", "b", "c"], "country": ["FR", "FR", "GB"],
                           "erasure_request_ts": [days_ago(40), days_ago(40), days_ago(5)],
                           "erasure_extended": [False, True, None]}))
    fig = plots.erasure_deadlines(c)
    ax = fig.axes[0]
    # FR: a past 30, b within the extended 90; GB: c within 30
    assert "1 of 3 past the deadline" in ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["FR", "GB"]
    marks = sorted((line.get_xdata()[0], round(sum(line.get_ydata()) / 2))
                   for line in ax.lines)
    assert marks == [(30.0, 0), (30.0, 1), (90.0, 0)]


def test_plots_skip_with_a_sentence(make_campaign):
    c = rec(make_campaign({"customer_id": ["a", "b"], "segment": ["s", "t"]}))
    for result in (plots.consent_funnel(c), plots.class_sizes(c, k_min=5),
                   plots.erasure_deadlines(c)):
        assert isinstance(result, plots.Skipped)
        assert result.reason.startswith("No ") and result.reason.endswith(".")
        assert result.reason in result._repr_html_()


def test_size_bins():
    assert plots._size_bins(5, 4999) == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 9),
                                         (10, 99), (100, 999), (1000, 4999)]
    assert plots._size_bins(5, 3) == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
