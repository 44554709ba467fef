"""The training track: knob-driven exercise campaigns, self-checks, quizzes, assessments,
completion records and handouts.

A trainer copy of a training notebook (``notebooks/training/``) imports this package as ``tr``
and calls:

- a scenario generator (:mod:`.scenarios`): a small campaign whose breaches the knobs plant in
  exact numbers, with its right answers known by construction;
- :mod:`.tables` and :mod:`.plots`: what the trainee reads to answer;
- :func:`check` (``check_answer``): the self-check, friendly words and never a traceback;
- :func:`quiz` and :func:`answer_quiz`: quiz questions (widgets in JupyterLab, text elsewhere);
- :func:`assessment` and :func:`submit`: the scored end-of-module assessment, one completion
  record per attempt (:mod:`.records`);
- :func:`solution`, :func:`quiz_solution`, :func:`assessment_solution`, :func:`suite_says`: the
  trainer copy's answers, shown only under ``if show_solutions:`` in cells tagged ``solution``.

A trainee copy (:mod:`.trainee`, ``ethicskit training trainee --out DIR``) imports
:mod:`.kit` as ``tr`` instead: the same calls, with every answer sealed.

``ethicskit training handouts --out DIR`` calls :func:`render_handouts`; ``ethicskit training
summary`` summarises completion records (:mod:`.command`).

Names are imported when first used, so that importing :mod:`.kit` (or any submodule) does not
load the quiz bank or the solutions into a trainee's kernel.
"""

from __future__ import annotations

import importlib

# functions named like their module are bound now (importing a submodule binds its name on the
# package, which would hide a lazy function); neither module loads the quiz bank
from ethicskit.training.assessment import assessment, assessment_solution, submit  # noqa: E402,F401
from ethicskit.training.quiz import answer_quiz, quiz, widgets_available  # noqa: E402,F401

_WHERE = {
    "EXERCISES": "exercises", "MODULE_EXERCISES": "exercises",
    "Feedback": "feedback", "check": "feedback", "check_answer": "feedback",
    "MODULES": "modules",
    "answer_quiz": "quiz", "quiz": "quiz", "widgets_available": "quiz",
    "MODULE_QUESTIONS": "quizbank", "QUESTIONS": "quizbank",
    "bias_scenario": "scenarios", "consent_extract": "scenarios", "consent_scenario": "scenarios",
    "jurisdiction_cases": "scenarios", "targeting_scenario": "scenarios",
    "transparency_scenario": "scenarios",
    "quiz_solution": "solutions", "solution": "solutions", "suite_says": "solutions",
    "suite_table": "solutions",
    "assessment": "assessment", "submit": "assessment", "assessment_solution": "assessment",
    "summarise": "records",
}

__all__ = [*_WHERE, "render_handouts", "start"]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None and name.endswith(("_scenario", "_extract", "_cases")):
        module = "scenarios"  # a scenario generator added to .scenarios
    if module is None:
        raise AttributeError(f"module 'ethicskit.training' has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(f"ethicskit.training.{module}"), name)
    except AttributeError:
        raise AttributeError(f"module 'ethicskit.training' has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


def start() -> None:
    """Quiet library warnings, set table display, and show a bad knob or answer as one line
    (not a traceback), once at the top of a module."""
    import pandas as pd

    from ethicskit.notebook import quiet

    quiet()
    pd.set_option("display.max_colwidth", 120)
    one_line_errors()


def one_line_errors() -> bool:
    """In a running IPython shell, print an :class:`~ethicskit.errors.InputError` (a bad knob,
    a missing data file) as one line instead of a traceback. True when installed."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except Exception:  # noqa: BLE001 - no IPython: nothing to install
        return False
    if shell is None:
        return False
    from ethicskit.errors import InputError

    def handler(shell, etype, value, tb, tb_offset=None):
        print(f"Problem: {value}")
        return None

    shell.set_custom_exc((InputError,), handler)
    return True


def render_handouts(out, *, log=print, modules=None, jobs: int = 2):
    """Render trainer and trainee HTML handouts into ``out`` (see :mod:`.render`)."""
    from ethicskit.training.render import render_handouts as _render

    return _render(out, log=log, modules=modules, jobs=jobs)
