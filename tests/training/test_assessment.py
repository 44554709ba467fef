"""The end-of-module assessment: answers read as people write them, exact scores worked out by
hand on a tiny bank, one record per attempt, gamed answer sets failing every module."""

from __future__ import annotations

import importlib
import json

import pytest

import ethicskit.training as tr
from ethicskit.training.modules import MODULES
from ethicskit.training.quizbank import QUESTIONS, Question
from ethicskit.training.records import JSONL

A = importlib.import_module("ethicskit.training.assessment")  # the module, not tr.assessment

OPTS = {"a": "Red", "b": "Green light", "c": "Blue.", "d": "A much longer option than the rest"}
# a tiny bank of 5: right letters a, b, c, d, b; right option longest only in question 4
TINY = [Question(f"t.q{n}", "tiny", f"Question {n}?", dict(OPTS), right, f"WHY{n}",
                 feedback={k: f"NOTE{n}{k}" for k in OPTS if k != right}, kind="assessment")
        for n, right in enumerate("abcdb", 1)]


@pytest.fixture
def tiny(monkeypatch):
    sheet = A.make_sheet("tiny", TINY, title="Tiny module", pass_mark=0.8, salt="s")
    monkeypatch.setitem(A.SHEETS, "tiny", sheet)
    return sheet


@pytest.mark.parametrize("written, letter", [
    ("b", "b"), ("B", "b"), ("B)", "b"), ("b.", "b"), ("(b)", "b"), (" b ", "b"), ("b:", "b"),
    ("Green light", "b"), ("green light.", "b"), ("  GREEN   light ", "b"), ("Blue", "c"),
    ("b) Green light", "b")])
def test_read_choice(written, letter):
    assert A.read_choice(written, OPTS) == (letter, "")


@pytest.mark.parametrize("written", ["e", "1", 2, "ab", "b) Red", "Purple", ["b"], True])
def test_read_choice_refuses(written):
    letter, problem = A.read_choice(written, OPTS)
    assert letter is None and problem


def test_score_by_hand(tiny, tmp_path):
    # right: a b c d b. Given: a b c a a -> 3 of 5 = 0.6 < 0.8: not passed
    res = tr.submit("tiny", {1: "a", 2: "B)", 3: "blue", 4: "a", "t.q5": "a"}, trainee="T1",
                    records_dir=tmp_path)
    assert (res.score, res.max, res.passed, res.record.attempt) == (3, 5, False, 1)
    assert [line.right for line in res.lines] == [True, True, True, False, False]
    assert res.lines[0].comment == "WHY1"  # the right answer's explanation, unlocked
    assert res.lines[3].comment == "NOTE4a"  # the chosen wrong option's feedback
    text = repr(res)
    assert "3 of 5" in text and "not passed" in text and "attempt 1" in text
    # 4 of 5 = 0.8 passes (the pass mark is inclusive); attempt 2, attempt 1 kept
    res2 = tr.submit("tiny", {1: "a", 2: "b", 3: "c", 4: "d", 5: "a"}, trainee="T1",
                     records_dir=tmp_path)
    assert (res2.score, res2.passed, res2.record.attempt) == (4, True, 2)
    lines = [json.loads(x) for x in (tmp_path / JSONL).read_text().splitlines()]
    assert [(r["score"], r["attempt"], r["passed"]) for r in lines] == [(3, 1, False),
                                                                         (4, 2, True)]
    assert lines[0]["bank_version"] == A.bank_version(TINY)
    assert "WHY" not in (tmp_path / JSONL).read_text()


@pytest.mark.parametrize("answers, says", [
    ({}, "fill in answers"),
    ({1: "a"}, "questions 2, 3, 4 and 5 have no answer yet".replace(" and", ",")),
    ({9: "a"}, "9 is not a question"),
    ({1: "e", 2: "b", 3: "c", 4: "d", 5: "b"}, "question 1: 'e' is not one of the options"),
    (["a", "b"], "as a dictionary"),
])
def test_problems_record_nothing(tiny, tmp_path, answers, says):
    res = tr.submit("tiny", answers, trainee="T1", records_dir=tmp_path)
    assert isinstance(res, A.Message) and says in repr(res)
    assert len(repr(res).splitlines()) == 1
    assert not (tmp_path / JSONL).exists()


def test_bad_trainee_and_unknown_module(tiny, tmp_path):
    res = tr.submit("tiny", dict(zip(range(1, 6), "abcdb")), trainee="", records_dir=tmp_path)
    assert isinstance(res, A.Message) and "trainee" in repr(res)
    assert "no training module" in repr(tr.submit("nope", {1: "a"}, trainee="T"))
    assert "no training module" in repr(tr.assessment("nope"))


GAMES = {**{f"always {x}": (lambda q, x=x: x) for x in "abcd"},
         "always the longest": lambda q: max(q.options, key=lambda k: len(q.options[k]))}


@pytest.mark.parametrize("game", GAMES)
def test_gamed_answers_fail_the_tiny_bank(tiny, tmp_path, game):
    res = tr.submit("tiny", {n: GAMES[game](q) for n, q in enumerate(TINY, 1)}, trainee="G",
                    records_dir=tmp_path)
    assert res.score <= 2 and not res.passed


STEMS = [m.stem for m in MODULES]


@pytest.mark.parametrize("stem", STEMS)
@pytest.mark.parametrize("game", GAMES)
def test_gamed_answers_fail_every_real_assessment(stem, game, tmp_path):
    qs = A.bank_questions(stem)
    if not qs:
        pytest.skip(f"{stem} has no assessment questions yet")
    res = tr.submit(stem, {n: GAMES[game](q) for n, q in enumerate(qs, 1)}, trainee="G",
                    records_dir=tmp_path)
    assert isinstance(res, A.Result) and not res.passed, repr(res)


@pytest.mark.parametrize("stem", STEMS)
def test_right_answers_pass_every_real_assessment(stem, tmp_path):
    qs = A.bank_questions(stem)
    if not qs:
        pytest.skip(f"{stem} has no assessment questions yet")
    res = tr.submit(stem, {q.id: q.options[q.answer] for q in qs}, trainee="T",
                    records_dir=tmp_path)
    assert res.score == res.max == len(qs) and res.passed


def test_sheet_holds_no_answer(tiny):
    text = tiny.to_json()
    assert "WHY" not in text and '"answer"' not in text
    for q in TINY:  # the right option has no feedback entry that would single it out...
        item = tiny.item(q.id)
        assert set(item.feedback) == set(OPTS) - {q.answer}
    # ...and a sheet read back scores the same
    again = A.Sheet.from_json(text)
    assert [again.is_right(i, q.answer) for i, q in zip(again.items, TINY)] == [True] * 5
    assert not any(again.is_right(i, "a") for i in again.items[1:4])


def test_views_are_static_and_escaped(tiny):
    view = tr.assessment("tiny")
    text, page = repr(view), view._repr_html_()
    assert "1. Question 1?" in text and "   d) A much longer option than the rest" in text
    assert "pass mark 80%" in text and "answers = {1:" in text
    assert "WHY" not in text + page
    bad = A.make_sheet("x", [Question("x.1", "x", "<b>Q</b>", {"a": "<i>", "b": "ok"}, "a", "w",
                                      kind="assessment")])
    assert "<b>Q" not in A.AssessmentView(bad)._repr_html_()


def test_solution_for_the_trainer():
    stem = next((m.stem for m in MODULES if A.bank_questions(m.stem)), None)
    if stem is None:
        pytest.skip("no assessment questions yet")
    box = tr.assessment_solution(stem)
    assert 'class="ek-solution"' in box._repr_html_()
    q = A.bank_questions(stem)[0]
    assert f"({q.answer}) {q.options[q.answer]}" in repr(box)


def test_assessment_questions_are_not_quiz_questions():
    for q in QUESTIONS.values():
        assert getattr(q, "kind", "quiz") in ("quiz", "assessment")
