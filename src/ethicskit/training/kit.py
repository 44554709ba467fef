"""What a trainee copy imports as ``tr``: the exercises' data, self-checks, quizzes and the
assessment, with every answer sealed.

A trainee copy (:mod:`.trainee`) has no knobs and no solution cells; where the trainer copy
builds a scenario (``campaign = tr.consent_scenario(rows, ...)``) it loads the one the trainer's
process built (``campaign = tr.load("01_consent", "campaign")``) from the folder
``ethicskit-data/`` next to the notebook. That folder holds the scenarios with their answers
replaced by salted hashes, and the quiz and assessment sheets (questions, options, feedback on
each wrong option, the right answer sealed). This module imports neither the quiz bank nor the
solutions: nothing it holds or builds can be read back as an answer.
"""

from __future__ import annotations

import importlib
import os
import pickle
from pathlib import Path

from ethicskit.errors import InputError
from ethicskit.training.feedback import Feedback, check_answer
from ethicskit.training.quiz import QuizView, answer_sealed, widgets_available  # noqa: F401

# the module, not the function of the same name that the package exports
_assessment = importlib.import_module("ethicskit.training.assessment")

#: the folder of a trainee copy's data, next to the notebooks
DATA_DIR = "ethicskit-data"
DATA_ENV = "ETHICSKIT_TRAINEE_DATA"

__all__ = ["start", "load", "check", "quiz", "answer_quiz", "assessment", "submit",
           "suite_says", "Feedback", "widgets_available"]


class TraineeDataError(InputError):
    """The trainee copy's data folder is missing or damaged."""


def data_dir() -> Path:
    """``$ETHICSKIT_TRAINEE_DATA``, else ``ethicskit-data`` in this folder or one above."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    for base in (Path.cwd(), *Path.cwd().parents[:2]):
        if (base / DATA_DIR).is_dir():
            return base / DATA_DIR
    raise TraineeDataError(f"no {DATA_DIR}/ folder next to this notebook: ask your trainer for "
                           f"the whole trainee folder")


def start() -> None:
    """Quiet library warnings, set table display, show input errors as one line."""
    from ethicskit.training import start as _start

    _start()


def load(module_stem: str, name: str):
    """The scenario ``name`` of ``module_stem`` that the trainer's process built."""
    path = data_dir() / module_stem / f"{name}.pkl"
    if not path.is_file():
        raise TraineeDataError(f"{path}: missing; ask your trainer for the whole trainee folder")
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - a damaged file is a one-line message
        raise TraineeDataError(f"{path}: damaged; ask your trainer for a new copy") from None


def check(exercise_id: str, answer=None, scenario=None) -> Feedback:
    """The self-check (see :func:`ethicskit.training.feedback.check_answer`)."""
    return check_answer(exercise_id, answer, scenario)


_SHEETS: dict = {}


def _sheets(kind: str) -> dict:
    """stem -> sealed sheet of ``kind`` ("quiz" or "assessment") read from the data folder."""
    if kind not in _SHEETS:
        out = {}
        try:
            base = data_dir()
        except TraineeDataError:
            base = None
        for path in sorted(base.glob(f"*/{kind}.json")) if base else []:
            try:
                out[path.parent.name] = _assessment.Sheet.from_json(path.read_text("utf-8"))
            except Exception:  # noqa: BLE001
                continue
        _SHEETS[kind] = out
        if kind == "assessment":
            _assessment.SHEETS.update(out)
    return _SHEETS[kind]


def _quiz_sheet(question_id: str):
    return next((s for s in _sheets("quiz").values() if s.item(question_id)), None)


def quiz(question_id: str, *, widgets: bool | None = None):
    """A quiz question for display (widget in JupyterLab, text elsewhere)."""
    sheet = _quiz_sheet(question_id) if isinstance(question_id, str) else None
    if sheet is None:
        return Feedback("hint", f"there is no quiz question called {question_id!r}.")
    return QuizView(sheet.item(question_id), widgets=widgets,
                    judge=lambda choice: answer_sealed(sheet, question_id, choice))


def answer_quiz(question_id: str, choice=None) -> Feedback:
    """Feedback on ``choice`` for a quiz question; never raises."""
    sheet = _quiz_sheet(question_id) if isinstance(question_id, str) else None
    if sheet is None:
        return Feedback("hint", f"there is no quiz question called {question_id!r}.")
    return answer_sealed(sheet, question_id, choice)


def assessment(module_stem: str):
    """The module's assessment questions for display."""
    if module_stem not in _sheets("assessment"):
        return _assessment.Message("hint", f"module {module_stem!r} has no assessment in this "
                                           f"trainee folder.")
    return _assessment.assessment(module_stem)


def submit(module_stem: str, answers, *, trainee, records_dir="training-records"):
    """Score one attempt and record it (see :func:`ethicskit.training.assessment.submit`)."""
    if module_stem not in _sheets("assessment"):
        return _assessment.Message("hint", f"module {module_stem!r} has no assessment in this "
                                           f"trainee folder.")
    return _assessment.submit(module_stem, answers, trainee=trainee, records_dir=records_dir)


def suite_says(campaign, *check_ids: str):
    """What the suite's checks find on ``campaign`` (a worked example)."""
    from ethicskit.training.solutions import suite_says as _suite_says

    return _suite_says(campaign, *check_ids)


def __getattr__(name: str):
    raise AttributeError(f"the trainee copy has no tr.{name}: it is for the trainer copy only")
