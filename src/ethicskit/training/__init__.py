"""The training track: knob-driven exercise campaigns, self-checks, quizzes and handouts.

A training notebook (``notebooks/training/``) imports this package as ``tr`` and calls:

- a scenario generator (:mod:`.scenarios`): a small campaign whose breaches the knobs plant in
  exact numbers, with its right answers known by construction;
- :mod:`.tables` and :mod:`.plots`: what the trainee reads to answer;
- :func:`check` (``check_answer``): the self-check, friendly words and never a traceback;
- :func:`quiz` and :func:`answer_quiz`: quiz questions (widgets in JupyterLab, text elsewhere);
- :func:`solution`, :func:`quiz_solution`, :func:`suite_says`: the trainer copy's answers,
  shown only under ``if show_solutions:`` in cells tagged ``solution``.

``ethicskit training --out DIR`` calls :func:`render_handouts`.
"""

from __future__ import annotations

from ethicskit.training.exercises import EXERCISES, MODULE_EXERCISES
from ethicskit.training.feedback import Feedback, check, check_answer
from ethicskit.training.modules import MODULES
from ethicskit.training.quiz import answer_quiz, quiz, widgets_available
from ethicskit.training.quizbank import MODULE_QUESTIONS, QUESTIONS
from ethicskit.training.scenarios import (bias_scenario, consent_extract, consent_scenario,
                                          jurisdiction_cases, targeting_scenario,
                                          transparency_scenario)
from ethicskit.training.solutions import quiz_solution, solution, suite_says, suite_table

__all__ = ["EXERCISES", "MODULE_EXERCISES", "QUESTIONS", "MODULE_QUESTIONS", "MODULES",
           "Feedback", "check", "check_answer", "quiz", "answer_quiz", "widgets_available",
           "solution", "quiz_solution", "suite_says", "suite_table", "consent_scenario", "consent_extract",
           "jurisdiction_cases", "bias_scenario", "targeting_scenario", "transparency_scenario",
           "render_handouts",
           "start"]


def start() -> None:
    """Quiet library warnings and set table display, once at the top of a module."""
    import pandas as pd

    from ethicskit.notebook import quiet

    quiet()
    pd.set_option("display.max_colwidth", 120)


def render_handouts(out, *, log=print, modules=None, jobs: int = 2):
    """Render trainer and trainee HTML handouts into ``out`` (see :mod:`.render`)."""
    from ethicskit.training.render import render_handouts as _render

    return _render(out, log=log, modules=modules, jobs=jobs)
