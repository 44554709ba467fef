"""Self-checks and quizzes: every exercise answered rightly, wrongly and with garbage gets the
feedback that fits, in words, never a traceback; hints never state the answer."""

from __future__ import annotations

import math
import re

import pytest

import ethicskit.training as tr
from ethicskit.training.exercises import EXERCISES, MODULE_EXERCISES
from ethicskit.training.feedback import Feedback, read_items, read_number
from ethicskit.training.quiz import QuizView, answer_quiz, static_html, static_text
from ethicskit.training.quizbank import QUESTIONS

from .conftest import STEMS, scenario_for

MODEL_TEXT = ("We choose your offers from how much you spend and how often you visit. We do not "
              "use your gender or ethnicity. You can object or unsubscribe at any time.")
ALL = [(stem, ex_id) for stem in STEMS for ex_id in MODULE_EXERCISES.get(stem, [])]


def right_answer(ex_id, scenario):
    if EXERCISES[ex_id].kind == "text":
        return MODEL_TEXT
    return scenario.answers[ex_id]


def wrong_answer(ex_id, scenario):
    ex, right = EXERCISES[ex_id], right_answer(ex_id, scenario)
    if ex.kind == "count":
        return right + 1
    if ex.kind == "ratio":
        return round(right + 0.2, 2)
    if ex.kind == "choice":
        return next(k for k in ex.options if k != right)
    if ex.kind == "ids":
        return [next(i for i in scenario.ids if i not in right)]
    if ex.kind == "names":
        return right[:-1] if right else ["A"]
    if ex.kind == "name":
        return "none" if right != "none" else "tenure_years"
    return "We use your data."


def test_every_exercise_belongs_to_a_module():
    assert set(STEMS) <= set(MODULE_EXERCISES)
    assert all(MODULE_EXERCISES[stem] for stem in STEMS)


@pytest.mark.parametrize("stem, ex_id", ALL)
def test_right_answer_is_right(stem, ex_id, default_scenarios):
    scenario = scenario_for(ex_id, default_scenarios[stem])
    fb = tr.check(ex_id, right_answer(ex_id, scenario), scenario)
    assert fb.ok, str(fb)
    assert str(fb).startswith("Right:")
    assert "ek-right" in fb._repr_html_()


@pytest.mark.parametrize("stem, ex_id", ALL)
def test_wrong_answer_gets_a_hint_that_keeps_the_answer(stem, ex_id, default_scenarios):
    scenario = scenario_for(ex_id, default_scenarios[stem])
    fb = tr.check(ex_id, wrong_answer(ex_id, scenario), scenario)
    assert fb.verdict in ("hint", "almost"), str(fb)
    assert not fb.ok and "Right" not in str(fb)
    right = right_answer(ex_id, scenario)
    ex = EXERCISES[ex_id]
    if ex.kind == "count":
        assert f" {right} " not in f" {fb.text} ".replace(".", " ")
    if ex.kind == "ratio":
        assert f"{right:.2f}" not in fb.text and f"{right:.3f}" not in fb.text
    if ex.kind == "ids":
        assert not [i for i in right if i in fb.text]


@pytest.mark.parametrize("stem, ex_id", ALL)
def test_unanswered_says_how_to_answer(stem, ex_id, default_scenarios):
    scenario = scenario_for(ex_id, default_scenarios[stem])
    for blank in (None, "", "   ", float("nan"), ...):
        fb = tr.check(ex_id, blank, scenario)
        assert fb.verdict == "empty"
        assert "replace None" in fb.text


GARBAGE = [{}, object(), float("inf"), True, False, b"bytes", {"a": 1}, ["x", 1], -3, "??",
           1e308, ("q", None), "<script>alert(1)</script>", lambda: 1, [[1]], "1 2 3 4"]


@pytest.mark.parametrize("stem, ex_id", ALL)
@pytest.mark.parametrize("garbage", GARBAGE, ids=lambda g: type(g).__name__)
def test_garbage_never_raises_and_is_never_right(stem, ex_id, garbage, default_scenarios):
    scenario = scenario_for(ex_id, default_scenarios[stem])
    fb = tr.check(ex_id, garbage, scenario)
    assert isinstance(fb, Feedback)
    assert fb.verdict in ("hint", "almost"), (garbage, str(fb))
    assert "<script>" not in fb._repr_html_()


def test_missing_scenario_and_unknown_exercise_are_hints():
    assert "needs the exercise's campaign" in tr.check("consent.count", 12).text
    assert "no exercise called" in tr.check("consent.cuont", 12).text
    assert tr.check(None, 12).verdict == "hint"
    assert tr.check(["consent.count"], 12).verdict == "hint"


# ---------------------------------------------------------------- specific readings
@pytest.mark.parametrize("text, value, percent", [
    ("12", 12.0, False), ("12 people", 12.0, False), ("0.7", 0.7, False), ("0,70", 0.7, False),
    ("1,234", 1234.0, False), ("70%", 70.0, True), (".5", 0.5, False), ([12], 12.0, False)])
def test_read_number(text, value, percent):
    got, was_percent, problem = read_number(text)
    assert problem == "" and got == pytest.approx(value) and was_percent is percent


@pytest.mark.parametrize("text, problem", [("12 or 13", "2 numbers"), ("many", "no number"),
                                           (True, "True and False"), (None, "not a number")])
def test_read_number_problems(text, problem):
    assert problem in read_number(text)[2]


@pytest.mark.parametrize("text, items", [
    ("X19, X36", ["X19", "X36"]), ("X19 X36", ["X19", "X36"]), ("B and E", ["B", "E"]),
    ("Home Cooks", ["Home Cooks"]), (["A", " B "], ["A", "B"]), (("a",), ["a"])])
def test_read_items(text, items):
    assert read_items(text) == (items, "")


def test_count_hints_give_a_direction(default_scenarios):
    c = default_scenarios["01_consent"]["campaign"]
    assert "too many" in tr.check("consent.count", 13, c).text
    assert "too few" in tr.check("consent.count", 11, c).text
    assert "whole number" in tr.check("consent.count", 12.5, c).text
    assert "negative" in tr.check("consent.count", -2, c).text
    assert tr.check("consent.count", "12 people", c).ok
    assert tr.check("consent.count", 12.0, c).ok


def test_ratio_readings(default_scenarios):
    c = default_scenarios["02_bias"]["campaign"]
    right = c.answers["bias.ratio"]  # 207 / 296 = 0.699
    assert tr.check("bias.ratio", 0.70, c).ok
    assert tr.check("bias.ratio", "0,7", c).ok
    assert tr.check("bias.ratio", right + 0.019, c).ok
    assert not tr.check("bias.ratio", right + 0.03, c).ok
    assert tr.check("bias.ratio", "70%", c).ok  # 70% read as 0.70, with a note saying so
    assert "read 70% as 0.7" in tr.check("bias.ratio", "70%", c).text
    assert not tr.check("bias.ratio", "40%", c).ok
    assert "percentage" in tr.check("bias.ratio", 70, c).text
    # answer = 0,7 typed without quotes arrives as the tuple (0, 7): read as 0.7, with a note
    fb = tr.check("bias.ratio", (0, 7), c)
    assert fb.ok and "read 0,7 as 0.7" in fb.text
    assert not tr.check("bias.ratio", (0, 4), c).ok
    assert "whole number" in tr.check("consent.count", (0, 4),
                                      tr.consent_scenario(seed=7)).text
    assert "upside down" in tr.check("bias.ratio", round(1 / right, 3), c).text


def test_spot_the_breaches_partial_and_extra(default_scenarios):
    e = default_scenarios["01_consent"]["extract"]
    breaches = sorted(e.kinds)
    fine = sorted(e.fine)
    partial = tr.check("consent.spot", breaches[:3], e)
    assert partial.verdict == "almost" and "2 more to find" in partial.text
    extra = tr.check("consent.spot", breaches + [fine[0]], e)
    assert extra.verdict == "almost" and f"{fine[0]} is in order: {e.fine[fine[0]]}" in extra.text
    assert tr.check("consent.spot", [b.lower() for b in breaches], e).ok
    assert tr.check("consent.spot", ", ".join(breaches), e).ok
    assert "not a customer" in tr.check("consent.spot", ["Z99"], e).text


def test_cards_by_letter_or_name(default_scenarios):
    c = tr.targeting_scenario(sensitive_segments=3)
    assert tr.check("creepy.sensitive", ["Expecting Parents", "faith & festivals"], c).ok
    # financial hardship is not a special category: naming Money Worries is a hint
    fb = tr.check("creepy.sensitive", ["Expecting Parents", "Money Worries"],
                  default_scenarios["03_helpful_or_creepy"]["campaign"])
    assert fb.verdict == "almost" and "Financial hardship is not one of them" in fb.text
    letters = c.answers["creepy.sensitive"]
    assert tr.check("creepy.sensitive", " ".join(letters), c).ok
    assert tr.check("creepy.sensitive", letters[:1], c).verdict == "almost"
    assert "not a card" in tr.check("creepy.sensitive", ["Z"], c).text


def test_none_answers():
    c = tr.transparency_scenario(excluded_used=False, undeclared_columns=0)
    assert tr.check("transparency.excluded", "none", c).ok
    assert tr.check("transparency.undeclared", "none", c).ok
    assert tr.check("transparency.undeclared", [], c).ok
    assert not tr.check("transparency.excluded", "gender", c).ok
    t = tr.targeting_scenario(micro_segment_size=150, age_targeted_housing=False, rows=2000)
    assert tr.check("creepy.micro", "none", t).ok
    assert tr.check("creepy.opportunity", "none", t).ok


def test_choice_spellings(default_scenarios):
    c = default_scenarios["02_bias"]["campaign"]
    assert tr.check("bias.interval", "B)", c).ok
    assert tr.check("bias.interval", "(b)", c).ok
    assert tr.check("bias.interval", EXERCISES["bias.interval"].options["b"], c).ok
    assert "not one of the options" in tr.check("bias.interval", "e", c).text


@pytest.mark.parametrize("text, missing", [
    ("We use how much you spend to choose offers for you every week.", "not used"),
    ("We do not use your gender. You can object at any time to all of it.", "kind of data"),
    ("We use what you spend, and we do not use your ethnicity for anything at all.", "say no"),
])
def test_writing_rubric(text, missing):
    fb = tr.check("transparency.write", text)
    assert fb.verdict == "almost" and missing in fb.text


def test_writing_asks_for_plain_words():
    text = MODEL_TEXT + " Processing is based on legitimate interest under Art. 6."
    fb = tr.check("transparency.write", text)
    assert fb.verdict == "almost" and "words a customer uses" in fb.text
    assert "full sentences" in tr.check("transparency.write", "We use data.").text


def test_feedback_html_is_escaped():
    fb = Feedback("hint", "<b>bold</b> & more")
    assert "&lt;b&gt;" in fb._repr_html_() and "<b>bold" not in fb._repr_html_()


# ---------------------------------------------------------------- quizzes
@pytest.mark.parametrize("qid", list(QUESTIONS))
def test_quiz_right_wrong_garbage(qid):
    q = QUESTIONS[qid]
    assert answer_quiz(qid, q.answer).ok
    assert answer_quiz(qid, q.answer.upper() + ")").ok
    for letter in q.options:
        if letter != q.answer:
            fb = answer_quiz(qid, letter)
            assert fb.verdict == "hint" and q.why not in fb.text
    assert answer_quiz(qid, None).verdict == "empty"
    for garbage in (3, "z", ["a"], object(), "   "):
        assert answer_quiz(qid, garbage).verdict in ("hint", "empty")


@pytest.mark.parametrize("qid", list(QUESTIONS))
def test_quiz_static_version_gives_nothing_away(qid):
    q = QUESTIONS[qid]
    for text in (static_text(q), static_html(q)):
        assert q.why not in text
        assert all(option in text for option in q.options.values()) or text.startswith("<div")
    assert "<your letter>" in static_text(q)


def test_quiz_without_widgets_is_plain():
    view = tr.quiz("consent.q_valid")
    assert isinstance(view, QuizView) and view.widget is None  # no kernel in pytest
    bundle = view._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert "a) " in bundle["text/plain"] and "d) " in bundle["text/plain"]


def test_quiz_widget_checks_the_click():
    view = tr.quiz("consent.q_valid", widgets=True)
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "text/plain" in bundle and "text/html" in bundle
    _, radio, button, result = view.widget.children
    radio.value = "a"
    button.click()
    assert "Not quite:" in result.value
    radio.value = QUESTIONS["consent.q_valid"].answer
    button.click()
    assert "Right:" in result.value


def test_unknown_quiz_is_a_hint():
    assert tr.quiz("nope").verdict == "hint"
    assert answer_quiz("nope", "a").verdict == "hint"


def test_widgets_unavailable_outside_a_kernel(monkeypatch):
    assert tr.widgets_available() is False
    monkeypatch.setenv("ETHICSKIT_NO_WIDGETS", "1")
    assert tr.widgets_available() is False


# ---------------------------------------------------------------- solutions
@pytest.mark.parametrize("stem, ex_id", [a for a in ALL if EXERCISES[a[1]].kind != "text"])
def test_solution_states_the_answer(stem, ex_id, default_scenarios):
    scenario = scenario_for(ex_id, default_scenarios[stem])
    box = tr.solution(ex_id, scenario)
    right = scenario.answers[ex_id]
    text = repr(box)
    if isinstance(right, float):
        assert f"{right:.2f}" in text
    elif isinstance(right, list):
        assert all(r in text for r in right)
    else:
        assert str(right) in text
    assert 'class="ek-solution"' in box._repr_html_()


def test_suite_says_agrees(default_scenarios):
    c = default_scenarios["01_consent"]["campaign"]
    verdict = tr.suite_says(c, "privacy.consent_missing", "privacy.erasure_overdue")
    assert repr(verdict).count("The suite finds what the scenario planted.") == 2
    assert not math.isnan(len(tr.suite_table(c)))


# ---------------------------------------------------------------- writing: claims and negation
ISSUE_TEXT = ("We use your gender and ethnicity to choose your offers. We do not use what you "
              "spend. You cannot opt out and we never stop.")


def test_the_issue_text_is_not_right(default_scenarios):
    c = default_scenarios["04_transparency"]["campaign"]
    for scenario in (c, None):
        fb = tr.check("transparency.write", ISSUE_TEXT, scenario)
        assert not fb.ok and fb.verdict == "hint", str(fb)
        # each false claim named: gender used (audit only), spend not used (in_model), no way out
        assert "gender is used" in fb.text and "not used" in fb.text
    assert "cannot say no" in tr.check("transparency.write", "We choose offers by what you "
                                       "spend. We never use your gender. You cannot opt out.",
                                       c).text


@pytest.mark.parametrize("text", [
    # keywords stuffed without sentences
    "Spend basket visit loyal purchase not use exclude gender ethnicity opt out unsubscribe "
    "stop object withdraw say no",
    # keywords stuffed into sentence shells
    "We use what you spend, visits, basket, purchases and loyalty. We do not use, never use, "
    "exclude gender, ethnicity. You can opt out, unsubscribe, stop, object, withdraw, say no.",
    # every rubric word present, but the claims are false
    "We do not use what you spend or how often you visit. We use your gender. You can never "
    "opt out, object or unsubscribe.",
    "We use your ethnicity to pick offers and we do not use your visits. Stop? You cannot.",
])
def test_keyword_stuffed_or_false_texts_fail(text, default_scenarios):
    c = default_scenarios["04_transparency"]["campaign"]
    assert not tr.check("transparency.write", text, c).ok


@pytest.mark.parametrize("text", [
    MODEL_TEXT,
    "We use what you spend, not your gender. If you do not want this, you can opt out at any "
    "time.",
    "We pick offers by what you spend. We never use your gender, ethnicity or age. You can say "
    "no at any time.",
    "We choose offers from what you spend. We do not use your gender. If you would rather not "
    "get personalised offers, click 'object' in your account, and we stop.",
])
def test_true_plain_texts_are_right(text, default_scenarios):
    c = default_scenarios["04_transparency"]["campaign"]
    assert tr.check("transparency.write", text, c).ok


@pytest.mark.parametrize("text, said", [
    ("We use what you spend, not your gender.",
     [("data", "basket_value", False), ("data", "gender", True)]),
    ("We do not use your gender, ethnicity or age.",
     [("data", "gender", True), ("data", "ethnicity", True), ("data", "age", True)]),
    ("If you do not want this, you can opt out.", [("choice", "", False)]),
    ("You cannot opt out and we never stop.", [("choice", "", True), ("choice", "", True)]),
    # the condition's "not" ends at its comma: the click and the stop are offered, not denied
    ("If you would rather not get offers, click 'object' and we stop.",
     [("choice", "", False), ("choice", "", False)]),
    ("Unless you say no, we use your visits.", [("choice", "", False),
                                                ("data", "visits_last_90d", False)]),
    ("We don't use your gender but we use your visits.",
     [("data", "gender", True), ("data", "visits_last_90d", False)]),
])
def test_claims_read_by_hand(text, said):
    from ethicskit.training.feedback import SYNONYMS, claims

    names = {c: tuple(p) + (c.replace("_", " "),) for c, p in SYNONYMS.items()}
    assert claims(text, names) == said


# ---------------------------------------------------------------- sealed answers
@pytest.mark.parametrize("stem, ex_id", [a for a in ALL if EXERCISES[a[1]].kind != "text"])
def test_sealed_answers_check_like_plain_ones(stem, ex_id, default_scenarios):
    from ethicskit.training.trainee import seal_scenario

    plain = scenario_for(ex_id, default_scenarios[stem])
    sealed = seal_scenario(plain, "salt-for-test")
    assert not isinstance(sealed.answers, dict)
    # what the trainee's copy holds: 64-hex seals, nothing that equals an answer
    held = vars(sealed.answers)
    assert all(re.fullmatch("[0-9a-f]{64}", v) for v in held["seals"].values())
    assert plain.answers[ex_id] not in [v for v in held.values() if not isinstance(v, dict)]
    right, wrong = right_answer(ex_id, plain), wrong_answer(ex_id, plain)
    assert tr.check(ex_id, right, sealed).ok, str(tr.check(ex_id, right, sealed))
    fb = tr.check(ex_id, wrong, sealed)
    assert fb.verdict in ("hint", "almost"), str(fb)
    assert tr.check(ex_id, None, sealed).verdict == "empty"


def test_sealed_partial_lists_count_like_plain_ones(default_scenarios):
    from ethicskit.training.trainee import seal_scenario

    e = default_scenarios["01_consent"]["extract"]
    s = seal_scenario(e, "x")
    right = e.answers["consent.spot"]
    fine = next(i for i in e.ids if i not in right)
    fb = tr.check("consent.spot", right[:2] + [fine], s)
    # 5 breaches; 2 given, 1 in order: "2 of your 3", "3 more to find", the reason for the fine row
    assert fb.verdict == "almost" and "2 of your 3 are breaches" in fb.text
    assert "3 more to find" in fb.text and e.fine[fine] in fb.text
    assert s.kinds == {} and s.fine == {}


def test_proxy_answer_by_neutral_label(default_scenarios):
    from ethicskit.training.feedback import neutral_labels

    c = default_scenarios["02_bias"]["campaign"]
    labels = neutral_labels(c.model_features)
    right = labels[c.answers["bias.proxy"]]
    assert tr.check("bias.proxy", right, c).ok
    assert tr.check("bias.proxy", right.upper(), c).ok
    other = next(v for k, v in labels.items() if k != c.answers["bias.proxy"])
    fb = tr.check("bias.proxy", other, c)
    assert not fb.ok and not any(f in fb.text for f in c.model_features)


# ---------------------------------------------------------------- knobs as people write them
@pytest.mark.parametrize("written, read", [((0, 4), 0.4), ("0,4", 0.4), ("0.4", 0.4),
                                           ("40%", 0.4), (0.4, 0.4), (1, 1.0)])
def test_knob_numbers_as_people_write_them(written, read, capsys):
    from ethicskit.training.scenarios.base import knob_float

    assert knob_float("bias_strength", written) == pytest.approx(read)
    if isinstance(written, tuple):
        assert "read 0,4 as 0.4" in capsys.readouterr().out


@pytest.mark.parametrize("written, says", [("lots", "expected a number like 0.4"),
                                           (1.7, "out of range"), ((1, 2, 3), "expected")])
def test_bad_knobs_are_one_line(written, says):
    from ethicskit.training.scenarios.base import KnobError, knob_float

    with pytest.raises(KnobError) as info:
        knob_float("bias_strength", written)
    assert says in str(info.value) and "bias_strength" in str(info.value)
    assert len(str(info.value).splitlines()) == 1


def test_bad_knob_in_a_shell_prints_one_line(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        tr.one_line_errors()
        shell.run_cell("import ethicskit.training as tr\ntr.bias_scenario(2000, 'lots')")
        out = capsys.readouterr().out
        assert "Problem: knob bias_strength: expected a number like 0.4" in out
        assert "Traceback" not in out
    finally:
        InteractiveShell.clear_instance()
