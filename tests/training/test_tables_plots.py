"""What trainees read: the tables hold the material of each exercise and never its answer, and
the figures draw (or say in a sentence why they cannot)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from matplotlib.figure import Figure

from ethicskit.registry import run_check
from ethicskit.training import plots, tables


def test_consent_table_adds_up_to_the_answer(default_scenarios):
    c = default_scenarios["01_consent"]["campaign"]
    t = tables.consent_by_channel(c).frame
    opt_in = t[t["needs an opt-in"].str.startswith("yes")]
    # the trainee's sum: not ticked + left empty over the rows that need an opt-in
    assert int(opt_in["opt-in not ticked"].sum() + opt_in["opt-in left empty"].sum()) == 12
    assert (t.loc[t["channel"] == "post", "opt-in ticked"] == "—").all()
    # US email and ads, and calls outside Germany, are opt-out rows; Germany's calls need an opt-in
    opt_out = t[t["needs an opt-in"] == "no: opt-out"]
    assert set(opt_out["channel"]) == {"email", "phone", "display"}
    assert opt_out.loc[opt_out["channel"] == "email", "countries"].tolist() == ["US"]
    assert "DE" not in " ".join(opt_out.loc[opt_out["channel"] == "phone", "countries"])
    # the four distractors: unticked boxes where none is needed
    assert int(opt_out["opt-in not ticked"].sum()) == 4
    assert "total" not in " ".join(t["channel"]).lower()
    # every contacted person is in exactly one row
    assert int(t["people contacted"].sum()) == int(c.targeted.sum())


def test_optout_and_erasure_tables(default_scenarios):
    c = default_scenarios["01_consent"]["campaign"]
    o = tables.optouts_contacted(c).frame
    # nine in order, one US person on business day 8 (in order), three in Europe after opting out
    assert len(o) == 9 + 1 + 3
    later = o["contacted on"] > o["opted out on"]
    assert int(later.sum()) == 4
    us = o[o["country"] == "US"]
    assert us.loc[us["contacted on"] > us["opted out on"],
                  "US: business days from opt-out to contact"].tolist() == ["8"]
    assert (o.loc[o["country"] != "US", "US: business days from opt-out to contact"] == "").all()
    e = tables.open_erasures(c).frame
    extended = e["deadline extended, person told"] == "yes"
    deadline = e["country"].map({"US": 45}).fillna(30) + extended * 60
    assert len(e) == 7 + 2 and int((e["days since the request"] > deadline).sum()) == 2
    assert int(extended.sum()) == 1
    assert set(e.columns) == {"customer", "country", "erasure asked on", "days since the request",
                              "deadline extended, person told"}


def test_rule_pack_and_worked_case_tables():
    import ethicskit.training as tr

    t = tables.rule_pack(("FR", "US"), ("consent.email", "optout_grace", "erasure")).frame
    values = dict(zip(zip(t["a person in"], t["rule"]), t["value"]))
    assert values[("FR", "consent.email")].startswith("basis=opt_in")
    assert values[("US", "consent.email")].startswith("basis=opt_out")
    assert values[("US", "optout_grace")] == "days=10, business=True"
    assert values[("FR", "optout_grace")] == "days=0, business=False"
    assert values[("FR", "erasure")] == "days=30, extension=60"
    assert values[("US", "erasure")] == "days=45, extension=45"
    assert set(t["follows"]) == {"EU (FR)", "US"}
    w = tables.worked_case(tr.jurisdiction_cases()).frame
    # Mon 9 Nov to Thu 19 Nov 2026: Tue..Fri (4) + Mon..Thu (4) = 8 business days
    assert w["business days from opt-out to email"].tolist() == ["", "", "8", "8"]


def test_bias_tables(default_scenarios):
    c = default_scenarios["02_bias"]["campaign"]
    s = tables.selected_by(c, "gender").frame
    assert s.to_dict("list") == {"gender": ["female", "male", "non-binary"],
                                 "people": [988, 988, 24], "selected": [207, 296, 6]}
    r = tables.rates_with_intervals(c, "gender").frame
    assert "ratio" not in r.columns
    assert r["large enough to judge"].tolist() == ["yes", "yes", "no"]
    # Wilson interval of 6 / 24 worked out by hand: about 0.120 to 0.449
    assert r.loc[2, "95% interval"] == "0.120 to 0.449"
    i = tables.intersections(c).frame
    assert len(i) == 6 and "ratio" not in i.columns


def test_cards_and_contacts(default_scenarios):
    c = default_scenarios["03_helpful_or_creepy"]["campaign"]
    cards = tables.audience_cards(c).frame
    assert cards["card"].tolist() == sorted(cards["card"])
    assert dict(zip(cards["segment"], cards["people targeted"]))["Rare Vinyl Collectors"] == 40
    contacts = tables.contacts_table(c).frame
    over = contacts[contacts["contacts in the campaign"] > 7]["people"].sum()
    assert int(over) == 14


def test_transparency_tables(default_scenarios):
    c = default_scenarios["04_transparency"]["campaign"]
    inv = tables.inventory_view(c).frame
    used = inv.loc[inv["used by the model"] == "yes", "column"].tolist()
    assert used == ["basket_value", "tenure_months", "visits_last_90d"]
    assert (inv["reason"] == "(missing)").sum() == 1  # incomplete_entries 1: visits lacks reason
    cols = tables.data_columns(c).frame["columns in the data"].tolist()
    assert {"device_type", "screen_time_minutes"} <= set(cols)
    keys = tables.criteria_keys(c).frame
    assert set(keys["criterion key"]) == {"interest", "gender"}


def test_table_renders_without_index():
    t = tables.Table(pd.DataFrame({"a": [1, 2]}), "cap <x>")
    assert "cap &lt;x&gt;" in t._repr_html_() and "<th>a</th>" in t._repr_html_()
    assert repr(t).splitlines()[1].strip() == "a" and len(t) == 2


def figures(default_scenarios):
    b = default_scenarios["02_bias"]["campaign"]
    t = default_scenarios["03_helpful_or_creepy"]["campaign"]
    return {"rates": plots.rates_with_intervals(b), "mix": plots.gender_mix(b),
            "reweighing": plots.reweighing(run_check("bias.mitigation_preview", b)),
            "segments": plots.segment_sizes(t)}


@pytest.mark.slow
def test_figures(default_scenarios):
    for name, fig in figures(default_scenarios).items():
        assert isinstance(fig, plots.Figure) and isinstance(fig.figure, Figure), name
        assert fig.axes  # the matplotlib figure's attributes pass through


@pytest.mark.slow
def test_every_figure_has_alt_text(default_scenarios):
    for name, fig in figures(default_scenarios).items():
        bundle = fig._repr_mimebundle_()
        assert set(bundle) == {"text/plain", "image/png", "text/html"}, name
        assert len(fig.alt) > 60 and bundle["text/plain"] == f"Figure: {fig.alt}"
        alt = re.search(r'<img alt="([^"]+)"', bundle["text/html"]).group(1)
        assert html.unescape(alt) == fig.alt and "<figcaption" in bundle["text/html"]


def test_alt_text_states_what_the_figure_shows(default_scenarios):
    b = default_scenarios["02_bias"]["campaign"]
    alt = plots.rates_with_intervals(b, attributes=("gender",)).alt
    sel = b.is_true(b.decision or "targeted")
    n_f = int((b.df["gender"] == "female").sum())
    rate = sel[b.df["gender"] == "female"].mean()
    assert f"female ({n_f:,} people) {100 * rate:.0f}%" in alt
    t = default_scenarios["03_helpful_or_creepy"]["campaign"]
    sizes = t.df.loc[t.targeted, "segment"].value_counts()
    seg = sizes.index[0]
    assert f"{seg}: {int(sizes[seg]):,} people" in plots.segment_sizes(t).alt


def test_colour_blind_safe_palette(default_scenarios):
    safe = {c.lower() for c in plots.OKABE_ITO.values()}
    assert {plots.BLUE, plots.RED, plots.GREY, plots.ORANGE} <= set(plots.OKABE_ITO.values())
    assert {c.lower() for c in plots.GENDER_COLOURS.values()} <= safe
    from matplotlib.colors import to_hex

    fig = figures(default_scenarios)["mix"]
    used = {to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches}
    assert used <= safe


def test_proxy_figure_uses_neutral_labels(default_scenarios):
    b = default_scenarios["02_bias"]["campaign"]
    fig = plots.gender_mix(b)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    ticks = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    shown = " ".join(titles + ticks + [fig.alt])
    assert sorted(titles) == [f"feature {i}" for i in range(1, len(b.model_features) + 1)]
    for feature in b.model_features:
        assert feature not in shown and feature.replace("_", " ") not in shown
    for value in b.df["favourite_department"].dropna().unique():
        assert str(value) not in ticks
    named = plots.gender_mix(b, neutral=False)
    assert sorted(ax.get_title() for ax in named.axes if ax.get_title()) == sorted(
        b.model_features)


def test_figures_skip_with_a_sentence(make_campaign):
    bare = make_campaign({"customer_id": ["1", "2"]})
    for fig in (plots.rates_with_intervals(bare, attributes=("gender",)), plots.gender_mix(bare),
                plots.reweighing(None), plots.segment_sizes(bare)):
        assert isinstance(fig, plots.Skipped) and "Figure skipped" in fig._repr_html_()


def test_numeric_feature_bins_are_ordered():
    binned = plots._binned(pd.Series(range(100)))
    assert list(binned.cat.categories) == ["0-19", "20-39", "40-59", "60-79", "80-99"]
    words = pd.Series(["a", "b"])
    assert plots._binned(words) is words
