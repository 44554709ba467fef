"""The question bank: every wrong option explained, right answers spread over positions and
lengths, 6 to 8 assessment questions per module, and every question a notebook cites exists.

The balance rules are those of the training's design (each letter right in at most 35% of a
module's assessment questions; the right option strictly longest in at most 35% of questions),
counted here from the options themselves.
"""

from __future__ import annotations

import re
from collections import Counter

import nbformat
import pytest

from ethicskit.training.modules import MODULES
from ethicskit.training.quizbank import ASSESSMENT, KINDS, LETTERS, MODULE_QUESTIONS, QUESTIONS

STEMS = [m.stem for m in MODULES]
SHARE_MAX = 0.35


def strictly_longest(q) -> bool:
    right = len(q.options[q.answer])
    return all(right > len(text) for letter, text in q.options.items() if letter != q.answer)


def test_tiny_bank_helpers_count_by_hand():
    # a hand-made question: the right option is strictly longest; with a tie it is not
    from ethicskit.training.quizbank import Question

    q = Question("x", "m", "?", {"a": "long one", "b": "short"}, "a", "why", {"b": "no"})
    assert strictly_longest(q)
    tie = Question("x", "m", "?", {"a": "same", "b": "also"}, "a", "why", {"b": "no"})
    assert not strictly_longest(tie)


@pytest.mark.parametrize("qid", list(QUESTIONS))
def test_every_wrong_option_has_feedback(qid):
    q = QUESTIONS[qid]
    assert q.kind in KINDS
    assert q.answer in q.options and set(q.options) <= set(LETTERS)
    assert len(q.options) == 4
    wrong = set(q.options) - {q.answer}
    assert set(q.feedback) == wrong, qid
    for letter in wrong:
        text = q.feedback[letter].strip()
        assert len(text) >= 25, (qid, letter)          # a reason, not "wrong"
        assert q.why not in text
    assert q.why.strip() and q.source.strip()


@pytest.mark.parametrize("qid", list(QUESTIONS))
def test_options_are_distinct(qid):
    q = QUESTIONS[qid]
    assert len({t.strip().lower() for t in q.options.values()}) == len(q.options)


@pytest.mark.parametrize("stem", STEMS)
def test_each_module_has_six_to_eight_assessment_questions(stem):
    ids = ASSESSMENT.get(stem, [])
    assert 6 <= len(ids) <= 8, (stem, len(ids))
    assert all(QUESTIONS[i].module == stem and QUESTIONS[i].kind == "assessment" for i in ids)


@pytest.mark.parametrize("stem", STEMS)
def test_assessment_right_letters_spread(stem):
    letters = Counter(QUESTIONS[i].answer for i in ASSESSMENT[stem])
    n = len(ASSESSMENT[stem])
    assert max(letters.values()) / n <= SHARE_MAX, (stem, dict(letters))


def test_whole_bank_right_letters_spread():
    letters = Counter(q.answer for q in QUESTIONS.values())
    assert set(letters) == set(LETTERS)
    assert max(letters.values()) / len(QUESTIONS) <= SHARE_MAX, dict(letters)


def test_right_option_seldom_the_longest_over_the_bank():
    longest = [q.id for q in QUESTIONS.values() if strictly_longest(q)]
    assert len(longest) / len(QUESTIONS) <= SHARE_MAX, longest


@pytest.mark.parametrize("stem", STEMS)
def test_right_option_seldom_the_longest_in_each_assessment(stem):
    qs = [QUESTIONS[i] for i in ASSESSMENT[stem]]
    longest = [q.id for q in qs if strictly_longest(q)]
    assert len(longest) / len(qs) <= SHARE_MAX, (stem, longest)


@pytest.mark.parametrize("stem", STEMS)
def test_gamed_answer_sets_fail_the_pass_mark(stem):
    # always the same letter, or always the longest option, never reaches the pass mark
    module = {m.stem: m for m in MODULES}[stem]
    qs = [QUESTIONS[i] for i in ASSESSMENT[stem]]
    for letter in LETTERS:
        assert sum(q.answer == letter for q in qs) / len(qs) < module.pass_mark
    longest = [max(q.options, key=lambda k: len(q.options[k])) for q in qs]
    assert sum(q.answer == pick for q, pick in zip(qs, longest)) / len(qs) < module.pass_mark


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.stem)
def test_pass_mark_is_a_share(module):
    assert 0.5 < module.pass_mark <= 1.0


CITED = re.compile(r"""tr\.(?:quiz|quiz_solution)\(\s*["']([\w.]+)["']\s*\)""")
STEM_CITED = re.compile(r"""tr\.(?:assessment|submit|assessment_solution)\(\s*["']([\w.]+)["']""")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.stem)
def test_every_question_a_notebook_cites_exists(module):
    nb = nbformat.read(module.path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    cited = set(CITED.findall(code))
    assert cited, module.stem
    unknown = cited - set(QUESTIONS)
    assert not unknown, unknown
    assert all(QUESTIONS[i].kind == "quiz" for i in cited)       # assessment ones stay unseen
    assert all(QUESTIONS[i].module == module.stem for i in cited)
    assert cited == set(MODULE_QUESTIONS.get(module.stem, []))  # and every quiz is asked
    assert set(STEM_CITED.findall(code)) == {module.stem}
