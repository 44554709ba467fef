"""Quizzes that work in JupyterLab (radio buttons and a Check button) and read as plain text in
an HTML handout, a terminal or a papermill output.

:func:`quiz` returns one display object whose MIME bundle carries a static version (``text/html``
and ``text/plain``: the question, the lettered options and how to answer) and, when widgets can
be used, an ipywidgets view. JupyterLab shows the widget; the handout renderer drops the widget
view and shows the static version. Nothing in either version marks the right option.
:func:`answer_quiz` answers the same question in code, with the feedback of a self-check.
"""

from __future__ import annotations

import html
import os

from ethicskit.training.feedback import Feedback, read_choice

#: set to any value to never build widgets (tests, plain-text consoles)
NO_WIDGETS_ENV = "ETHICSKIT_NO_WIDGETS"


def widgets_available() -> bool:
    """True inside a running IPython kernel with ipywidgets importable; never raises."""
    if os.environ.get(NO_WIDGETS_ENV):
        return False
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is None or getattr(shell, "kernel", None) is None:
            return False
        import ipywidgets  # noqa: F401
    except Exception:  # noqa: BLE001 - no widgets is a normal situation
        return False
    return True


def _bank() -> dict:
    from ethicskit.training.quizbank import QUESTIONS

    return QUESTIONS


def _judge(q, choice, is_right, why) -> Feedback:
    """Feedback on ``choice`` for question-like ``q`` (id, options, feedback or hints)."""
    letters = ", ".join(q.options)
    if choice is None or (isinstance(choice, str) and not choice.strip()):
        return Feedback("empty", f"pick one option: {letters}.")
    letter, problem = read_choice(choice, q.options)
    if problem:
        return Feedback("hint", problem + ".")
    if is_right(letter):
        return Feedback("right", why(letter))
    notes = getattr(q, "feedback", None) or getattr(q, "hints", None) or {}
    return Feedback("hint", notes.get(letter, "read the options again.") + " Try again.")


def answer_quiz(question_id: str, choice=None) -> Feedback:
    """Feedback on ``choice`` (a letter, ``"b)"``, or the option's text); never raises."""
    try:
        q = _bank().get(question_id) if isinstance(question_id, str) else None
        if q is None:
            return Feedback("hint", f"there is no quiz question called {question_id!r}.")
        return _judge(q, choice, lambda letter: letter == q.answer, lambda letter: q.why)
    except Exception as exc:  # noqa: BLE001 - a trainee never sees a traceback
        return Feedback("hint", f"that answer could not be read ({type(exc).__name__}).")


def answer_sealed(sheet, question_id: str, choice=None) -> Feedback:
    """:func:`answer_quiz` on a sealed quiz sheet (a trainee copy); never raises."""
    from ethicskit.training import sealed

    try:
        item = sheet.item(question_id) if isinstance(question_id, str) else None
        if item is None:
            return Feedback("hint", f"there is no quiz question called {question_id!r}.")
        return _judge(item, choice, lambda letter: sheet.is_right(item, letter),
                      lambda letter: sealed.unlock(item.why, sheet.salt, item.id, letter))
    except Exception as exc:  # noqa: BLE001 - a trainee never sees a traceback
        return Feedback("hint", f"that answer could not be read ({type(exc).__name__}).")


def static_text(q) -> str:
    lines = [f"Quiz: {q.question}"]
    lines += [f"  {letter}) {text}" for letter, text in q.options.items()]
    lines.append(f'Answer: click an option in JupyterLab, or run answer_quiz("{q.id}", '
                 f'"<your letter>").')
    return "\n".join(lines)


def static_html(q) -> str:
    options = "".join(f"<li><strong>{html.escape(letter)})</strong> {html.escape(text)}</li>"
                      for letter, text in q.options.items())
    return (f'<div class="ek-quiz" style="border:1px solid #d0d5dd;border-radius:6px;'
            f'padding:8px 14px;margin:8px 0"><p><strong>Quiz.</strong> '
            f'{html.escape(q.question)}</p><ul style="list-style:none;padding-left:0.5em">'
            f'{options}</ul><p style="font-size:0.85em;color:#475467">Answer: click an option '
            f'in JupyterLab, or run <code>answer_quiz("{html.escape(q.id)}", '
            f'"&lt;your letter&gt;")</code>.</p></div>')


class QuizView:
    """One quiz question for display: static text and HTML, plus a widget where possible."""

    def __init__(self, q, *, widgets: bool | None = None, judge=None) -> None:
        self.question = q
        self.judge = judge or (lambda choice: answer_quiz(q.id, choice))
        self.widget = _build_widget(q, self.judge) if (widgets if widgets is not None
                                                       else widgets_available()) else None

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": static_text(self.question),
                  "text/html": static_html(self.question)}
        if self.widget is not None:
            view = self.widget._repr_mimebundle_().get("application/vnd.jupyter.widget-view+json")
            if view:
                bundle["application/vnd.jupyter.widget-view+json"] = view
        return bundle

    def __repr__(self) -> str:
        return static_text(self.question)


def _build_widget(q, judge):
    try:
        import ipywidgets as w

        radio = w.RadioButtons(options=[(f"{k}) {v}", k) for k, v in q.options.items()],
                               value=None, layout=w.Layout(width="auto"))
        button = w.Button(description="Check my answer", button_style="info")
        result = w.HTML(value="")

        def on_click(_):
            result.value = judge(radio.value)._repr_html_()

        button.on_click(on_click)
        return w.VBox([w.HTML(value=f"<p><strong>Quiz.</strong> {html.escape(q.question)}</p>"),
                       radio, button, result])
    except Exception:  # noqa: BLE001 - fall back to the static version
        return None


def quiz(question_id: str, *, widgets: bool | None = None):
    """The quiz question ``question_id`` for display (widget in JupyterLab, text elsewhere)."""
    q = _bank().get(question_id) if isinstance(question_id, str) else None
    if q is None:
        return Feedback("hint", f"there is no quiz question called {question_id!r}.")
    return QuizView(q, widgets=widgets)
