"""The scored end-of-module assessment: questions, one submission per attempt, a record.

A module's assessment is the quiz bank's questions of ``kind="assessment"`` for that module,
numbered 1..n in bank order. :func:`assessment` shows them (static HTML and text, options
lettered, how to answer). :func:`submit` scores a set of answers exactly (one point per right
answer), compares the score with the module's pass mark (:attr:`Module.pass_mark`, 0.8 unless
the module sets another), shows per question right or wrong with the feedback of the chosen
option, and appends one completion record (:mod:`.records`). A second submission is attempt 2;
attempt 1 stays as it was.

Scoring goes through a :class:`Sheet`: the questions with each right answer sealed
(:mod:`.sealed`), never in plain. The trainer's process builds it from the bank; a trainee copy
reads the same sheet from its data folder, so the trainee's kernel scores without ever holding
an answer. :func:`assessment_solution` (trainer copy only) reads the bank itself.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ethicskit.training import sealed
from ethicskit.training.feedback import Feedback, read_choice

DEFAULT_PASS_MARK = 0.8
LETTERS = "abcdefgh"


# ---------------------------------------------------------------- the sheet
@dataclass
class Item:
    number: int
    id: str
    question: str
    options: dict
    feedback: dict
    seal: str
    why: str  # the explanation of the right answer, locked under it


@dataclass
class Sheet:
    """One module's assessment with its answers sealed: safe to hand to a trainee's kernel."""

    stem: str
    title: str
    pass_mark: float
    bank_version: str
    salt: str
    items: list = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Sheet":
        data = json.loads(text)
        data["items"] = [Item(**i) for i in data["items"]]
        return cls(**data)

    def item(self, key) -> Item | None:
        if isinstance(key, bool):
            return None
        if isinstance(key, int) or (isinstance(key, str) and key.strip().isdigit()):
            n = int(key)
            return self.items[n - 1] if 1 <= n <= len(self.items) else None
        return next((i for i in self.items if i.id == key), None)

    def is_right(self, item: Item, letter: str) -> bool:
        return sealed.matches(self.salt, item.id, letter, item.seal)


def bank_questions(stem: str, kind: str = "assessment") -> list:
    from ethicskit.training.quizbank import QUESTIONS

    return [q for q in QUESTIONS.values()
            if q.module == stem and getattr(q, "kind", "quiz") == kind]


def bank_version(questions) -> str:
    """A short hash of the questions as asked and scored (text, options, right answer)."""
    data = [[q.id, q.question, q.options, q.answer] for q in questions]
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]


def make_sheet(stem: str, questions=None, *, title: str | None = None,
               pass_mark: float | None = None, salt: str | None = None) -> Sheet:
    """The sealed sheet of ``stem``'s assessment (``questions`` default to the bank's)."""
    from ethicskit.training.modules import BY_STEM

    module = BY_STEM.get(stem)
    questions = bank_questions(stem) if questions is None else list(questions)
    salt = salt or sealed.new_salt()
    items = [Item(number=n, id=q.id, question=q.question, options=dict(q.options),
                  feedback=dict(getattr(q, "feedback", None) or getattr(q, "hints", {}) or {}),
                  seal=sealed.seal(salt, q.id, q.answer),
                  why=sealed.lock(q.why, salt, q.id, q.answer))
             for n, q in enumerate(questions, 1)]
    for item in items:  # a wrong option's feedback must not give the right answer away
        item.feedback = {k: v for k, v in item.feedback.items()
                         if not sealed.matches(salt, item.id, k, item.seal)}
    mark = pass_mark if pass_mark is not None else getattr(module, "pass_mark",
                                                            DEFAULT_PASS_MARK)
    return Sheet(stem=stem, title=title or (module.title if module else stem),
                 pass_mark=float(mark), bank_version=bank_version(questions), salt=salt,
                 items=items)


#: sheets in use in this process: the trainee kit registers the ones it read from its folder
SHEETS: dict[str, Sheet] = {}


def sheet(stem: str) -> Sheet | None:
    if stem not in SHEETS:
        from ethicskit.training.modules import BY_STEM

        if stem not in BY_STEM:
            return None
        SHEETS[stem] = make_sheet(stem)
    return SHEETS[stem]


# ---------------------------------------------------------------- display objects
class Message:
    """A one-line message that displays like a self-check's feedback."""

    def __init__(self, verdict: str, text: str) -> None:
        self.feedback = Feedback(verdict, text)

    def _repr_html_(self) -> str:
        return self.feedback._repr_html_()

    def __repr__(self) -> str:
        return str(self.feedback)


class AssessmentView:
    """The questions of an assessment, numbered, with lettered options and how to answer."""

    def __init__(self, sheet_: Sheet) -> None:
        self.sheet = sheet_

    def text(self) -> str:
        s = self.sheet
        lines = [f"Assessment: {s.title} ({len(s.items)} questions, pass mark "
                 f"{_percent(s.pass_mark)}). One try per submission; every submission is "
                 f"recorded."]
        for item in s.items:
            lines.append(f"{item.number}. {item.question}")
            lines += [f"   {k}) {v}" for k, v in item.options.items()]
        lines.append(_how(s))
        return "\n".join(lines)

    __repr__ = text

    def _repr_html_(self) -> str:
        s, esc = self.sheet, html.escape
        qs = "".join(
            f'<li style="margin:8px 0"><p style="margin:2px 0">{esc(i.question)}</p>'
            f'<ul style="list-style:none;padding-left:0.5em;margin:0">'
            + "".join(f"<li><strong>{esc(k)})</strong> {esc(v)}</li>" for k, v in i.options.items())
            + "</ul></li>" for i in s.items)
        return (f'<div class="ek-assessment" style="border:1px solid #d0d5dd;border-radius:6px;'
                f'padding:8px 14px;margin:8px 0"><p><strong>Assessment: {esc(s.title)}</strong>'
                f" ({len(s.items)} questions, pass mark {esc(_percent(s.pass_mark))}). One try "
                f"per submission; every submission is recorded.</p><ol>{qs}</ol>"
                f'<p style="font-size:0.9em;color:#475467">{esc(_how(s))}</p></div>')


def _percent(mark: float) -> str:
    return f"{mark * 100:.0f}%"


def _how(s: Sheet) -> str:
    example = ", ".join(f'{i.number}: "{"abcd"[(i.number - 1) % 4]}"' for i in s.items[:3])
    return (f"How to answer: in the cell below, write answers = {{{example}, ...}} (question "
            f"number: letter, or the option's text), then run it to submit.")


@dataclass
class Line:
    number: int
    question: str
    chosen: str
    right: bool
    comment: str


class Result:
    """The outcome of one submission: score, pass mark, pass or fail, and per question."""

    def __init__(self, sheet_: Sheet, lines: list, record) -> None:
        self.sheet, self.lines, self.record = sheet_, lines, record
        self.score = sum(line.right for line in lines)
        self.max = len(lines)
        self.passed = bool(record.passed) if record is not None else False

    def text(self) -> str:
        s = self.sheet
        head = (f"{s.title}: {self.score} of {self.max} "
                f"({'passed' if self.passed else 'not passed'}; pass mark "
                f"{_percent(s.pass_mark)}, attempt {self.record.attempt}).")
        body = [f"{line.number}. {'right' if line.right else 'wrong'} ({line.chosen}): "
                f"{line.comment}" for line in self.lines]
        return "\n".join([head, *body])

    __repr__ = text

    def _repr_html_(self) -> str:
        esc = html.escape
        s = self.sheet
        colour = "#067647" if self.passed else "#b42318"
        rows = "".join(
            f'<tr><td>{line.number}</td><td>{esc(line.chosen)}</td><td style="color:'
            f'{"#067647" if line.right else "#b42318"}">{"right" if line.right else "wrong"}'
            f"</td><td>{esc(line.comment)}</td></tr>" for line in self.lines)
        return (f'<div class="ek-result" style="border-left:5px solid {colour};padding:6px 12px;'
                f'margin:6px 0"><p><strong>{esc(s.title)}: {self.score} of {self.max}</strong> '
                f"({'passed' if self.passed else 'not passed'}; pass mark "
                f"{esc(_percent(s.pass_mark))}, attempt {self.record.attempt}, recorded).</p>"
                f"<table><tr><th>#</th><th>your answer</th><th></th><th>why</th></tr>{rows}"
                f"</table></div>")


# ---------------------------------------------------------------- the API
def assessment(module_stem: str):
    """The assessment of ``module_stem`` for display; a one-line message if there is none."""
    s = sheet(module_stem)
    if s is None:
        return Message("hint", f"there is no training module called {module_stem!r}.")
    if not s.items:
        return Message("hint", f"module {module_stem} has no assessment questions yet.")
    return AssessmentView(s)


def read_answers(s: Sheet, answers) -> tuple[dict, str]:
    """``({number: letter}, problem)`` from a dict keyed by question number or id."""
    if not isinstance(answers, dict):
        return {}, ('write your answers as a dictionary, like answers = {1: "b", 2: "a"}')
    out, problems = {}, []
    for key, value in answers.items():
        item = s.item(key)
        if item is None:
            problems.append(f"{key!r} is not a question of this assessment (1 to {len(s.items)})")
            continue
        letter, problem = read_choice(value, item.options)
        if problem and value is not None:
            problems.append(f"question {item.number}: {problem}")
        elif letter:
            out[item.number] = letter
    if problems:
        return out, problems[0] + "."
    missing = [i.number for i in s.items if i.number not in out]
    if missing:
        which = ", ".join(map(str, missing))
        return out, (f"question{'s' if len(missing) > 1 else ''} {which} "
                     f"{'have' if len(missing) > 1 else 'has'} no answer yet; answer every "
                     f"question, then run the cell again (nothing was recorded).")
    return out, ""


def score(s: Sheet, answers, *, trainee, records_dir="training-records"):
    """Score ``answers`` on sheet ``s``, record the attempt, return the :class:`Result`."""
    from ethicskit.training import records

    if isinstance(answers, dict) and not answers:
        return Message("empty", f"fill in answers = {{1: \"...\", ...}} for the "
                                f"{len(s.items)} questions above and run the cell again "
                                f"(nothing was recorded).")
    chosen, problem = read_answers(s, answers)
    if problem:
        return Message("hint", problem)
    lines = []
    for item in s.items:
        letter = chosen[item.number]
        right = s.is_right(item, letter)
        comment = (sealed.unlock(item.why, s.salt, item.id, letter) if right else
                   item.feedback.get(letter, "this option is not the right one."))
        lines.append(Line(item.number, item.question, letter, right, comment))
    got = sum(line.right for line in lines)
    try:
        record = records.append(records_dir, trainee=trainee, module=s.stem,
                                module_title=s.title, score=got, max_score=len(lines),
                                pass_mark=s.pass_mark, bank_version=s.bank_version)
    except records.RecordError as exc:
        return Message("hint", str(exc) + " (nothing was recorded).")
    except OSError as exc:
        return Message("hint", f"the record could not be written to {records_dir!s} "
                               f"({exc.strerror or type(exc).__name__}); nothing was recorded.")
    return Result(s, lines, record)


def submit(module_stem: str, answers, *, trainee, records_dir="training-records"):
    """Score one attempt at ``module_stem``'s assessment and record it (see module docs).

    ``answers``: question number (1..n) or question id -> the answer as people write it
    (``"b"``, ``"B)"``, ``"b."`` or the option's text). Never raises: a problem is a one-line
    message and records nothing.
    """
    try:
        s = sheet(module_stem)
        if s is None:
            return Message("hint", f"there is no training module called {module_stem!r}.")
        if not s.items:
            return Message("hint", f"module {module_stem} has no assessment questions yet.")
        return score(s, answers, trainee=trainee, records_dir=Path(records_dir))
    except Exception as exc:  # noqa: BLE001 - a trainee never sees a traceback
        return Message("hint", f"the answers could not be read ({type(exc).__name__}); write "
                               f'them like answers = {{1: "b", 2: "a"}}.')


class _Solution:
    def __init__(self, title: str, rows: list) -> None:
        self.title, self.rows = title, rows

    def _repr_html_(self) -> str:
        esc = html.escape
        items = "".join(f"<li><strong>({esc(a)}) {esc(o)}</strong> {esc(w)}</li>"
                        for a, o, w in self.rows)
        return (f'<div class="ek-solution" style="border-left:5px solid #175cd3;background:'
                f'#eff8ff;padding:6px 12px;margin:6px 0"><strong>{esc(self.title)}</strong>'
                f"<ol>{items}</ol></div>")

    def __repr__(self) -> str:
        return "\n".join([self.title] + [f"{n}. ({a}) {o} {w}"
                                         for n, (a, o, w) in enumerate(self.rows, 1)])


def assessment_solution(module_stem: str):
    """The trainer's key to ``module_stem``'s assessment: right option and why, per question."""
    qs = bank_questions(module_stem)
    return _Solution(f"Answers to the assessment ({len(qs)} questions):",
                     [(q.answer, q.options[q.answer], q.why) for q in qs])
