"""Quiz answers as people write them, feedback on each wrong option, and the sealed quiz of a
trainee copy answering exactly like the bank."""

from __future__ import annotations

import importlib

import pytest

from ethicskit.training.quiz import QuizView, answer_quiz, answer_sealed
from ethicskit.training.quizbank import QUESTIONS

A = importlib.import_module("ethicskit.training.assessment")
QUIZ = [q for q in QUESTIONS.values() if getattr(q, "kind", "quiz") == "quiz"]


@pytest.mark.parametrize("q", QUIZ, ids=lambda q: q.id)
def test_written_forms(q):
    right = q.answer
    for form in (right, right.upper(), f"{right})", f"{right}.", f"({right})",
                 q.options[right], q.options[right].upper() + " "):
        assert answer_quiz(q.id, form).ok, form
    for letter in q.options:
        if letter != right:
            fb = answer_quiz(q.id, letter)
            assert not fb.ok and "Try again" in fb.text
            notes = getattr(q, "feedback", None) or q.hints
            assert notes.get(letter, "read the options again.") in fb.text


@pytest.mark.parametrize("q", QUIZ, ids=lambda q: q.id)
def test_sealed_quiz_answers_like_the_bank(q):
    sheet = A.make_sheet(q.module, [q], salt="s")
    for letter in q.options:
        plain, sealed = answer_quiz(q.id, letter), answer_sealed(sheet, q.id, letter)
        assert (plain.verdict, plain.text) == (sealed.verdict, sealed.text)
    assert q.why not in sheet.to_json()
    assert answer_sealed(sheet, "nope", "a").verdict == "hint"
    assert answer_sealed(sheet, q.id, None).verdict == "empty"


def test_sealed_quiz_view_uses_its_judge():
    q = QUIZ[0]
    sheet = A.make_sheet(q.module, [q], salt="s")
    view = QuizView(sheet.item(q.id), widgets=False,
                    judge=lambda c: answer_sealed(sheet, q.id, c))
    assert view.judge(q.answer).ok
    assert set(view._repr_mimebundle_()) == {"text/plain", "text/html"}
