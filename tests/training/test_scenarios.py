"""The scenario generators plant exactly what their knobs ask for, and the suite's real checks
(through the registry) find exactly that. Expected numbers are known by construction; where a
test states a number, the comment says how it was worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats.contingency import association

import ethicskit.training as tr
from ethicskit.registry import run_check
from ethicskit.training.scenarios import KnobError, card_letters, cramers_v, design_table


def assert_planted(campaign):
    """Every check the scenario plants reports the planted status, value and affected rows."""
    assert campaign.expected
    for check_id, want in campaign.expected.items():
        f = run_check(check_id, campaign)
        got = {"status": f.status, "value": f.value, "affected_rows": f.affected_rows}
        for key, value in want.items():
            if value is None:
                continue
            if isinstance(value, float):
                assert got[key] == pytest.approx(value, abs=1e-9), (check_id, key, got, want)
            else:
                assert got[key] == value, (check_id, key, got, want)


# ---------------------------------------------------------------- 01 consent
@pytest.mark.parametrize("knobs", [
    {},
    {"missing_consent": 0, "late_optouts": 0, "overdue_erasures": 0},
    {"rows": 1500, "missing_consent": 60, "late_optouts": 25, "overdue_erasures": 9, "seed": 3},
    {"rows": 100, "missing_consent": 1, "late_optouts": 1, "overdue_erasures": 1, "seed": 11},
])
def test_consent_scenario_plants_what_the_knobs_say(knobs):
    c = tr.consent_scenario(**knobs)
    defaults = {"missing_consent": 12, "late_optouts": 3, "overdue_erasures": 2}
    want = {**defaults, **knobs}
    assert c.answers == {"consent.count": want["missing_consent"],
                         "consent.optout": want["late_optouts"],
                         "consent.erasure": want["overdue_erasures"]}
    assert len(c.df) == knobs.get("rows", 400)
    assert_planted(c)


#: Written out from the default rule pack, independently of the scenario: which (country,
#: channel) needs a prior opt-in (EU and UK: email, sms, display; phone only in DE; US: sms).
NEEDS_OPT_IN = {(c, ch) for c in ("GB", "DE", "FR", "IE") for ch in ("email", "sms", "display")}
NEEDS_OPT_IN |= {("DE", "phone"), ("US", "sms")}
CONSENT_OF = {"email": "consent_email", "sms": "consent_sms", "phone": "consent_phone",
              "display": "consent_personalization"}


def by_hand(df: pd.DataFrame, as_of=tr.scenarios.AS_OF) -> dict:
    """The three counts of the consent module, from the definitions, in plain pandas."""
    need = pd.Series([(c, ch) in NEEDS_OPT_IN for c, ch in zip(df["country"].astype(str),
                                                               df["channel"].astype(str))],
                     index=df.index)
    given = pd.Series(False, index=df.index)
    for ch, col in CONSENT_OF.items():
        if col in df.columns:
            given |= (df["channel"] == ch) & (df[col] == True).fillna(False)  # noqa: E712
    missing = int((df["targeted"] & need & ~given).sum())
    both = df["optout_ts"].notna() & df["contact_ts"].notna()
    late = 0
    for _, r in df[both].iterrows():
        opt, contact = r["optout_ts"], r["contact_ts"]
        if r["country"] == "US":  # 10 business days: after busday_offset(date, 10, forward)
            deadline = np.busday_offset(np.datetime64(opt.date()), 10, roll="forward")
            late += bool(np.datetime64(contact.date()) > deadline)
        else:  # EU and UK: no grace
            late += bool(contact > opt)
    age = (pd.Timestamp(as_of, tz="UTC") - df["erasure_request_ts"]).dt.days
    extended = df["erasure_extended"].fillna(False).astype(bool)
    limit = np.where(df["country"] == "US", 45 + 45 * extended, 30 + 60 * extended)
    overdue = int((df["erasure_request_ts"].notna() & (age > limit)).sum())
    return {"consent.count": missing, "consent.optout": late, "consent.erasure": overdue}


@pytest.mark.parametrize("knobs", [{}, {"rows": 1500, "missing_consent": 60, "late_optouts": 25,
                                        "overdue_erasures": 9, "seed": 3},
                                   {"rows": 100, "missing_consent": 1, "seed": 11}])
def test_consent_scenario_counts_by_hand(knobs):
    c = tr.consent_scenario(**knobs)
    assert by_hand(c.df) == c.answers


def test_consent_scenario_distractors_by_country():
    df = tr.consent_scenario().df
    need = pd.Series([(c, ch) in NEEDS_OPT_IN for c, ch in zip(df["country"].astype(str),
                                                               df["channel"].astype(str))],
                     index=df.index)
    # the 12 missing opt-ins: 6 recorded as no, 6 left empty (every second planted row)
    empty = sum(int((df["targeted"] & need & (df["channel"] == ch) & df[col].isna()).sum())
                for ch, col in CONSENT_OF.items())
    assert empty == 6
    # four people contacted without an opt-in on a channel that needs none where they live
    # (US email or ads, calls outside Germany): in order
    no_need = sum(int((df["targeted"] & ~need & (df["channel"] == ch)
                       & (df[col] == False).fillna(False)).sum())  # noqa: E712
                  for ch, col in CONSENT_OF.items())
    assert no_need == 4
    # post needs no opt-in: some contacted people by post have no consent at all
    assert len(df[df["targeted"] & (df["channel"] == "post")]) > 0
    # one US person emailed on the 8th business day after opting out: Mon 9 to Thu 19 Nov 2026
    us = df[(df["country"] == "US") & df["optout_ts"].notna()
            & (df["contact_ts"] > df["optout_ts"])]
    assert len(us) == 1
    row = us.iloc[0]
    assert row["optout_ts"].date().isoformat() == "2026-11-09"
    assert row["contact_ts"].date().isoformat() == "2026-11-19"
    assert np.busday_count("2026-11-10", "2026-11-20") == 8
    # the request extended (person told) at 50 days, and the US one at 40 days, are in time
    open_ = df[df["erasure_request_ts"].notna()]
    ages = (pd.Timestamp(tr.scenarios.AS_OF, tz="UTC") - open_["erasure_request_ts"]).dt.days
    assert sorted(ages[open_["erasure_extended"] == True].tolist()) == [50]  # noqa: E712
    assert ages[open_["country"] == "US"].tolist() == [40]


def test_jurisdiction_cases():
    c = tr.jurisdiction_cases()
    # W01 (FR, no opt-in) breaks the email rule; W02 (US, no opt-in) does not: CAN-SPAM is
    # opt-out. W03 (US) and W04 (IE) emailed 8 business days after opting out: only W04 breaks it
    none = pd.Series(pd.NaT, index=c.df.index, dtype="datetime64[ns, UTC]")
    assert by_hand(c.df.assign(erasure_request_ts=none, erasure_extended=pd.NA)) == {
        "consent.count": 1, "consent.optout": 1, "consent.erasure": 0}
    assert c.answers["cases.breaches"] == ["W01", "W04"]
    assert_planted(c)


def test_consent_scenario_is_deterministic():
    a, b = tr.consent_scenario(seed=5), tr.consent_scenario(seed=5)
    pd.testing.assert_frame_equal(a.df, b.df)
    assert not a.df.equals(tr.consent_scenario(seed=6).df)


@pytest.mark.parametrize("knobs, word", [
    ({"missing_consent": -1}, "missing_consent"),
    ({"missing_consent": 10_000}, "missing_consent"),
    ({"rows": "many"}, "rows"),
    ({"late_optouts": 2.5}, "late_optouts"),
    ({"overdue_erasures": True}, "overdue_erasures"),
])
def test_consent_scenario_rejects_bad_knobs(knobs, word):
    with pytest.raises(KnobError, match=word):
        tr.consent_scenario(**knobs)


def test_consent_extract_has_one_breach_of_each_kind():
    from ethicskit.training.scenarios.consent import BREACH_KINDS

    e = tr.consent_extract()
    assert len(e.frame) == 12
    assert sorted(e.kinds.values()) == sorted(BREACH_KINDS)
    assert e.answers["consent.spot"] == sorted(e.kinds)
    assert set(e.fine) | set(e.kinds) == set(e.ids)
    # the shuffle follows the seed; the breaches stay five
    other = tr.consent_extract(seed=8)
    assert list(other.frame["customer"]) != list(e.frame["customer"])
    assert len(other.kinds) == 5


# ---------------------------------------------------------------- 02 bias
def test_bias_design_by_hand():
    # rows 2000, small group 24: four cells of (2000 - 24) / 4 = 494 people; 30% of 494 = 148.2
    # -> 148 selected; older women 494 * 0.3 * (1 - 0.6) = 59.28 -> 59; small group 24 * 0.25 = 6
    d = design_table(2000, 0.6, 24)
    assert d["n"].tolist() == [494, 494, 494, 494, 12, 12]
    assert d["selected"].tolist() == [148, 59, 148, 148, 3, 3]
    c = tr.bias_scenario()
    # women (148 + 59) / 988 over men 296 / 988 = 207 / 296
    assert c.answers["bias.ratio"] == pytest.approx(207 / 296, abs=1e-4)
    # older women 59 / 494 over the best evaluated cell 148 / 494 = 59 / 148
    assert c.answers["bias.intersection"] == pytest.approx(59 / 148, abs=1e-4)
    # non-binary: 6 of 24, Wilson interval about 0.12 to 0.45, which covers men's 0.30
    assert c.answers["bias.interval"] == "b"
    assert c.answers["bias.proxy"] == "favourite_department"


@pytest.mark.parametrize("knobs", [
    {}, {"bias_strength": 0.3}, {"bias_strength": 0.0, "proxy_strength": 0.0},
    {"rows": 3001, "small_group": 60, "seed": 2}, {"bias_strength": 1.0, "small_group": 400},
])
def test_bias_scenario_agrees_with_the_checks(knobs):
    assert_planted(tr.bias_scenario(**knobs))


def test_bias_knob_shows_the_intersection_lesson():
    # at 0.3 the totals pass the four-fifths screen (0.85) but older women fall below it (0.70);
    # a loyalty offer is no credit, housing or employment decision, so the gap is a warning
    c = tr.bias_scenario(bias_strength=0.3)
    assert run_check("bias.selection_rate", c).status == "pass"
    assert run_check("bias.intersectional", c).status == "warn"


def test_bias_gap_fails_only_for_an_opportunity_decision():
    c = tr.bias_scenario()
    assert run_check("bias.selection_rate", c).status == "warn"
    from ethicskit.training.scenarios.base import build

    config = {"protected_attributes": ["gender", "age_band"], "decision": "targeted",
              "decision_domain": "credit"}
    credit = build(c.df, config, name="credit", answers={}, expected={}, knobs={})
    assert run_check("bias.selection_rate", credit).status == "fail"


def test_bias_interval_answer_follows_group_size():
    # 400 people at 25% has an interval of about 0.21-0.29, which excludes the men's 0.30
    assert tr.bias_scenario(small_group=400).answers["bias.interval"] == "a"


def test_cramers_v_matches_scipy():
    c = tr.bias_scenario()
    table = pd.crosstab(c.df["favourite_department"], c.df["gender"]).to_numpy()
    assert cramers_v(table) == pytest.approx(association(table, method="cramer"), abs=1e-12)
    assert cramers_v(np.array([[5, 5], [5, 5]])) == 0.0


def test_bias_without_proxy_strength_has_no_proxy():
    assert tr.bias_scenario(proxy_strength=0.0).answers["bias.proxy"] == "none"


@pytest.mark.parametrize("knobs", [{"bias_strength": 1.5}, {"proxy_strength": "high"},
                                   {"small_group": 1}, {"rows": 50}])
def test_bias_scenario_rejects_bad_knobs(knobs):
    with pytest.raises(KnobError):
        tr.bias_scenario(**knobs)


# ---------------------------------------------------------------- 03 helpful or creepy
@pytest.mark.parametrize("knobs", [
    {},
    {"micro_segment_size": 150, "sensitive_segments": 3, "age_targeted_housing": False,
     "over_contacted": 0, "minors_targeted": 0, "vulnerable_targeted": 0, "rows": 2000},
    {"micro_segment_size": 0, "sensitive_segments": 0, "seed": 4},
    {"micro_segment_size": 99, "over_contacted": 40, "rows": 3000},
])
def test_targeting_scenario_agrees_with_the_checks(knobs):
    assert_planted(tr.targeting_scenario(**knobs))


def test_targeting_answers_by_hand():
    c = tr.targeting_scenario()
    cards = c.tables["cards"]
    # two sensitive cards on by default: Expecting Parents (pregnancy: health, a special
    # category) and Money Worries (financial hardship: not a special category)
    assert c.answers["creepy.sensitive"] == [cards["Expecting Parents"]]
    assert c.expected["targeting.sensitive_interests"]["affected_rows"] == 110
    assert c.expected["targeting.hardship_targeting"] == {"status": "warn", "value": 110,
                                                          "affected_rows": 110}
    # the housing card is aimed at US buyers (law there: fail); everyone else is in the UK
    assert set(c.df.loc[c.df["segment"] == "Starter Homes", "country"]) == {"US"}
    assert set(c.df.loc[c.df["segment"] != "Starter Homes", "country"]) == {"GB"}
    assert c.expected["targeting.protected_criteria_in_opportunity_ads"]["status"] == "fail"
    # norms and risks warn: micro-segments (value = smallest audience, 40), contact pressure
    # (value = most contacts of one person: 8 + (k % 5) for k < 14 reaches 12)
    assert c.expected["targeting.micro_segments"] == {"status": "warn", "value": 40,
                                                      "affected_rows": 40}
    assert c.expected["targeting.contact_pressure"] == {"status": "warn", "value": 12,
                                                        "affected_rows": 14}
    assert c.expected["targeting.vulnerable_high_risk"]["status"] == "warn"
    # Starter Homes with age: 3 criteria + 1 inferred trait = 4 distinct tokens, the most
    assert c.expected["targeting.personalization_depth"]["value"] == 4
    assert tr.targeting_scenario(sensitive_segments=3).answers["creepy.sensitive"] == sorted(
        [card_letters()["Expecting Parents"], card_letters()["Faith & Festivals"]])
    assert c.answers["creepy.micro"] == [cards["Rare Vinyl Collectors"]]
    assert c.answers["creepy.opportunity"] == cards["Starter Homes"]
    assert c.answers["creepy.pressure"] == 14
    # 40 targeted people in the micro segment, 2 x 110 in the sensitive ones
    sizes = c.df.loc[c.targeted, "segment"].value_counts()
    assert sizes["Rare Vinyl Collectors"] == 40
    assert sizes["Expecting Parents"] + sizes["Money Worries"] == 220


def test_card_letters_do_not_move_with_the_knobs():
    a = tr.targeting_scenario(sensitive_segments=0).tables["cards"]
    b = tr.targeting_scenario(sensitive_segments=3).tables["cards"]
    assert all(b[name] == letter for name, letter in a.items())


def test_targeting_knobs_out_of_range():
    with pytest.raises(KnobError, match="rows"):
        tr.targeting_scenario(rows=800)
    with pytest.raises(KnobError, match="sensitive_segments"):
        tr.targeting_scenario(sensitive_segments=4)
    with pytest.raises(KnobError, match="age_targeted_housing"):
        tr.targeting_scenario(age_targeted_housing="yes")


# ---------------------------------------------------------------- 04 transparency
@pytest.mark.parametrize("knobs", [
    {}, {"undeclared_columns": 0, "excluded_used": False, "incomplete_entries": 0},
    {"undeclared_columns": 3, "incomplete_entries": 3, "rows": 80},
])
@pytest.mark.slow
def test_transparency_scenario_agrees_with_the_checks(knobs):
    assert_planted(tr.transparency_scenario(**knobs))


def test_transparency_answers_by_hand():
    c = tr.transparency_scenario()
    assert c.answers["transparency.used"] == ["basket_value", "tenure_months", "visits_last_90d"]
    assert c.answers["transparency.undeclared"] == ["device_type", "screen_time_minutes"]
    assert c.answers["transparency.excluded"] == "gender"
    assert c.answers["transparency.read"] == "c"  # 730 days is written "2 years" in the notice
    assert tr.transparency_scenario(excluded_used=False).answers["transparency.excluded"] == "none"


@pytest.mark.parametrize("make", [tr.consent_scenario, tr.bias_scenario, tr.targeting_scenario,
                                  tr.transparency_scenario])
def test_scenarios_hold_no_direct_identifier(make):
    c = make()
    assert not {"email", "phone", "full_name", "street_address", "ip_address"} & set(c.df.columns)
    assert c.df["customer_id"].is_unique


def test_housing_card_fails_in_the_us_and_warns_in_the_uk():
    # the lesson of module 3: the same age targeting of a housing offer is judged by the law of
    # the place the people are in (law in US rows; elsewhere the platforms' rules, a warning)
    from ethicskit.training.scenarios.base import build

    c = tr.targeting_scenario()
    f = run_check("targeting.protected_criteria_in_opportunity_ads", c)
    assert (f.status, f.affected_rows) == ("fail", 120)
    uk = build(c.df.assign(country="GB"), {}, name="uk", answers={}, expected={}, knobs={})
    f = run_check("targeting.protected_criteria_in_opportunity_ads", uk)
    assert (f.status, f.affected_rows) == ("warn", 120)


# ---------------------------------------------------------------- 02 bias: neutral labels
def test_proxy_values_do_not_name_the_answer():
    c = tr.bias_scenario()
    values = set(c.df["favourite_department"].dropna().astype(str))
    assert values <= {"D1", "D2", "D3", "D4", "D5"}
    assert not any(w in " ".join(values).lower() for w in ("women", "men", "female", "male"))


# ---------------------------------------------------------------- 05 cookies and dark patterns
from ethicskit.training.scenarios import (  # noqa: E402
    cookies_scenario, platforms_scenario, tcf_extract)

EUROPE = {"GB", "DE", "FR", "IE"}


@pytest.mark.parametrize("knobs", [{}, {"untracked_ads": 0}, {"untracked_ads": 1, "seed": 3},
                                   {"rows": 1200, "untracked_ads": 40, "seed": 11}])
def test_cookies_scenario_plants_what_the_knobs_say(knobs):
    c = cookies_scenario(**knobs)
    df = c.df
    # by hand: targeted, in Europe, on a tracking channel, and no recorded yes (an empty one is no)
    yes = df["tracking_consent"].fillna(False).astype(bool)
    hand = (df["targeted"] & df["country"].astype(str).isin(EUROPE)
            & df["channel"].astype(str).isin(["display", "social"]) & ~yes).sum()
    assert hand == knobs.get("untracked_ads", 6) == c.answers["cookies.tracking"]
    assert_planted(c)


def test_cookies_distractors_are_there():
    df = cookies_scenario().df
    no = ~df["tracking_consent"].fillna(False).astype(bool) & df["targeted"]
    us_web = no & (df["country"] == "US") & df["channel"].isin(["display", "social"])
    eu_mail = no & df["country"].isin(list(EUROPE)) & df["channel"].isin(["email", "post"])
    assert us_web.sum() >= 8 and eu_mail.sum() >= 6


@pytest.mark.parametrize("bad", [0, 1, 5, 6, 10])
def test_tcf_extract_plants_bad_strings(bad):
    c = tcf_extract(bad)
    strings = c.df["tc_string"]
    # by construction the six bad kinds repeat in order: the 1st is a missing string and the 5th
    # a v1 string, whose first base64url character is "B" (version 1 in the first 6 bits); v2
    # strings start "C"
    assert strings.isna().sum() == sum(k % 6 == 0 for k in range(bad))
    assert strings.dropna().str[0].eq("B").sum() == sum(k % 6 == 4 for k in range(bad))
    assert c.answers["cookies.tcf"] == bad
    assert_planted(c)


# ---------------------------------------------------------------- 06 ad platforms
BINDING = {"US-CA", "US-CO", "US-CT", "US-TX", "US-OR", "US-MT", "US-NJ"}


@pytest.mark.parametrize("knobs", [{}, {"ignored_signals": 0}, {"ignored_signals": 2, "seed": 5},
                                   {"rows": 2000, "ignored_signals": 30, "seed": 1}])
def test_platforms_scenario_plants_what_the_knobs_say(knobs):
    c = platforms_scenario(**knobs)
    df = c.df
    reached = df["channel"].isin(["display", "social"]) | df["shared_with_platform"]
    hand = (df["targeted"] & df["gpc"] & df["region"].isin(list(BINDING)) & reached).sum()
    assert hand == knobs.get("ignored_signals", 5) == c.answers["platforms.gpc"]
    assert_planted(c)


@pytest.mark.parametrize("make, knob", [(cookies_scenario, "untracked_ads"),
                                        (tcf_extract, "bad"),
                                        (platforms_scenario, "ignored_signals")])
@pytest.mark.parametrize("value", [-1, 2.5, "3", 10 ** 6])
def test_new_scenarios_reject_bad_knobs(make, knob, value):
    with pytest.raises(KnobError, match=knob):
        make(**{knob: value})


@pytest.mark.parametrize("accept, refuse, preset, letter", [
    (1, 3, False, "b"), (1, 1, False, "a"), (1, 1, True, "c"), (1, 3, True, "d"),
    (2, 2, False, "a"), (3, 1, False, "a")])
def test_banner_verdict_follows_the_knobs(accept, refuse, preset, letter):
    # by hand: unfair when refusing takes more clicks than accepting, or the switch is preset
    from ethicskit.training.scenarios import banner_scenario

    b = banner_scenario(accept, refuse, preset)
    assert b.answers["cookies.banner"] == letter
    assert b.frame["to accept, click"].str.startswith("Accept all").sum() == 1
    assert b.frame["to refuse, click"].str.startswith("Refuse all").sum() == 1
    assert len(b.frame) == max(accept, refuse)


@pytest.mark.parametrize("kw", [{"accept_clicks": 0}, {"refuse_clicks": 11},
                                {"preset_on": "yes"}, {"refuse_clicks": 1.5}])
def test_banner_rejects_bad_knobs(kw):
    from ethicskit.training.scenarios import banner_scenario

    with pytest.raises(KnobError):
        banner_scenario(**kw)


@pytest.mark.parametrize("content, letter", [("chatbot", "b"), ("deepfake", "c"), ("copy", "a"),
                                             (" Deepfake ", "c")])
def test_ai_content_case_answer_follows_the_knob(content, letter):
    from ethicskit.training.scenarios import ai_content_scenario

    assert ai_content_scenario(content).answers["platforms.ai"] == letter


@pytest.mark.parametrize("content", ["video", 3, None])
def test_ai_content_case_rejects_bad_knobs(content):
    from ethicskit.training.scenarios import ai_content_scenario

    with pytest.raises(KnobError, match="content"):
        ai_content_scenario(content)
