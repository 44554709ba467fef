"""The training notebooks themselves: their structure, the handouts ``ethicskit training``
renders from them (each module run by papermill with show_solutions true and false), a trainee
copy that gives no answer away, and every exercise answered wrongly and rightly in a fresh kernel.

The rendering and kernel runs take about a minute on two cores; they run once per session.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from ethicskit.registry import run_check
from ethicskit.training.exercises import EXERCISES, MODULE_EXERCISES
from ethicskit.training.modules import BY_STEM, MODULES
from ethicskit.training.quizbank import MODULE_QUESTIONS, QUESTIONS
from ethicskit.training.solutions import solution

from .conftest import STEMS, notebook_defaults, scenario_for, visible_text
from .test_feedback import MODEL_TEXT, right_answer, wrong_answer

WIDGET = "application/vnd.jupyter.widget-view+json"
pytestmark = pytest.mark.notebooks


def read(stem):
    return nbformat.read(str(BY_STEM[stem].path), as_version=4)


def tags(cell):
    return set(cell.metadata.get("tags", []))


# ---------------------------------------------------------------- structure, committed outputs
@pytest.mark.parametrize("stem", STEMS)
def test_parameters_cell(stem):
    nb = read(stem)
    params = [c for c in nb.cells if "parameters" in tags(c)]
    assert len(params) == 1 and params[0].cell_type == "code"
    assert nb.cells.index(params[0]) == 1  # right after the title
    defaults = notebook_defaults(stem)
    assert defaults["show_solutions"] is False and isinstance(defaults["seed"], int)
    assert defaults["trainee"] == "trainer-demo"
    assert defaults["records_dir"] == "training-records"
    for line in params[0].source.splitlines():
        name, _, rest = line.partition(":")
        kind, _, value = rest.partition("=")
        value, _, comment = value.partition("#")
        assert kind.strip() in ("bool", "int", "float", "str") and comment.strip()
        assert "=" not in comment  # papermill cannot read a second '='
        assert type(ast.literal_eval(value.strip())).__name__ == kind.strip()
    assert nb.metadata.kernelspec == {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_and_quiz_has_its_cells(stem):
    nb = read(stem)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for ex_id in MODULE_EXERCISES[stem]:
        asks = [c for c in code if f'tr.check("{ex_id}"' in c.source and "exercise" in tags(c)]
        answers = [c for c in code if f'tr.solution("{ex_id}"' in c.source]
        assert len(asks) == 1, ex_id
        assert asks[0].source.startswith("answer = None")
        assert len(answers) == 1 and "solution" in tags(answers[0]), ex_id
    for q_id in MODULE_QUESTIONS[stem]:
        assert sum(f'tr.quiz("{q_id}")' in c.source for c in code) == 1, q_id
        sol = [c for c in code if f'tr.quiz_solution("{q_id}")' in c.source]
        assert len(sol) == 1 and "solution" in tags(sol[0]), q_id
    for cell in code:
        if "solution" in tags(cell):
            assert cell.source.startswith("if show_solutions:")


@pytest.mark.parametrize("stem", STEMS)
def test_ends_with_the_assessment(stem):
    nb = read(stem)
    heads = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "markdown" and c.source.startswith("## Assessment")]
    assert len(heads) == 1
    show, ask, answer = nb.cells[heads[0] + 1:]
    assert show.source == f'tr.assessment("{stem}")' and not tags(show)
    assert ask.source.startswith("answers = {}") and tags(ask) == {"exercise"}
    assert (f'tr.submit("{stem}", answers, trainee=trainee, records_dir=records_dir)'
            in ask.source)
    assert answer.source == (f"if show_solutions:\n"
                             f'    display(tr.assessment_solution("{stem}"))')
    assert tags(answer) == {"solution"}


def test_every_module_has_a_notebook_and_a_pass_mark():
    for module in MODULES:
        assert module.path.is_file(), module.stem
        assert 0.5 < module.pass_mark <= 1.0


@pytest.mark.parametrize("stem", STEMS)
def test_committed_outputs_are_clean(stem):
    """Committed with outputs (the trainee run with defaults): no error, no warning text, no
    widget state, nothing that differs between runs."""
    nb = read(stem)
    assert "widgets" not in nb.metadata
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None
        assert "execution" not in cell.metadata
        for out in cell.outputs:
            assert out.output_type != "error"
            assert out.get("name") != "stderr", cell.source
            assert WIDGET not in out.get("data", {})
            text = str(out.get("data", out.get("text", "")))
            assert "Warning" not in text and " object at 0x" not in text
            assert 'class="ek-solution"' not in text and "ek-feedback ek-right" not in text
        if "solution" in tags(cell):
            assert not cell.outputs


# ---------------------------------------------------------------- the rendered handouts
def test_handouts_are_written(handouts):
    index = (handouts / "index.html").read_text()
    for stem in STEMS:
        for role in ("trainer", "trainee"):
            page = handouts / role / f"{stem}.html"
            assert page.is_file() and f'href="{role}/{stem}.html"' in index
            assert "Traceback" not in visible_text(page.read_text())


@pytest.mark.parametrize("stem", STEMS)
def test_trainer_copy_shows_every_solution(handouts, stem, default_scenarios):
    text = visible_text((handouts / "trainer" / f"{stem}.html").read_text())
    for ex_id in MODULE_EXERCISES[stem]:
        assert f"Solution ({EXERCISES[ex_id].task})" in text or (
            EXERCISES[ex_id].kind == "text" and "Solution." in text), ex_id
        if EXERCISES[ex_id].kind != "text":
            body = repr(solution(ex_id, scenario_for(ex_id, default_scenarios[stem])))
            assert " ".join(body.split()) in text, ex_id
    for q_id in MODULE_QUESTIONS[stem]:
        q = QUESTIONS[q_id]
        assert f"Answer: ({q.answer}) {q.options[q.answer]}" in text
    assert "The suite finds what the scenario planted." in text
    assert "The suite differs" not in text


def number_pattern(value) -> str:
    """A number as a reader would see it, not as part of a longer number, date or reference."""
    if isinstance(value, float):
        alternatives = {f"{value:.2f}", f"{value:.3f}", f"{value:.4f}"}
        return r"(?<![\d.])(" + "|".join(re.escape(a) for a in alternatives) + r")(?!\d)"
    return r"(?<![\w.,\-/])" + re.escape(f"{value:,}") + r"(?![\w,%(\-/]|\.\d)"


@pytest.mark.parametrize("stem", STEMS)
def test_trainee_copy_gives_no_answer_away(handouts, stem, default_scenarios):
    page = (handouts / "trainee" / f"{stem}.html").read_text()
    text = visible_text(page)
    assert 'class="ek-solution"' not in page and "ek-feedback ek-right" not in page
    assert "Solution (" not in text and "Right:" not in text
    scenarios = default_scenarios[stem]
    for ex_id in MODULE_EXERCISES[stem]:
        ex = EXERCISES[ex_id]
        if ex.kind == "text":
            continue
        scenario = scenario_for(ex_id, scenarios)
        body = repr(solution(ex_id, scenario)).split(") ", 1)[1]
        assert " ".join(body.split()) not in text, ex_id
        right = scenario.answers[ex_id]
        if ex.leak_number and ex.kind in ("count", "ratio") and (
                ex.kind == "ratio" or right >= 10):
            # single digits appear everywhere (dates, article numbers): the sentences above and
            # the checks' messages below cover them
            assert not re.search(number_pattern(right), text), (ex_id, right)
        if ex.check:
            message = run_check(ex.check, scenario).message
            assert message not in text, (ex_id, message)
    for q_id in MODULE_QUESTIONS[stem]:
        q = QUESTIONS[q_id]
        assert q.why not in text and f"Answer: ({q.answer})" not in text


# ---------------------------------------------------------------- answering in a fresh kernel
def literal(value) -> str:
    return repr(value)


@pytest.mark.parametrize("stem", STEMS)
def test_every_exercise_answered_wrongly_then_rightly(stem, default_scenarios):
    """The notebook as a trainee uses it: each exercise cell run with a wrong answer, then with
    the right one, top to bottom in a fresh kernel."""
    from nbclient import NotebookClient

    nb = read(stem)
    scenarios = default_scenarios[stem]
    cells, checks = [], []
    for cell in nb.cells:
        cell = nbformat.from_dict(dict(cell))
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        ex_id = next((e for e in MODULE_EXERCISES[stem] if f'tr.check("{e}"' in cell.source),
                     None)
        if ex_id and "exercise" in tags(cell):
            scenario = scenario_for(ex_id, scenarios)
            for kind, answer in (("wrong", wrong_answer(ex_id, scenario)),
                                 ("right", right_answer(ex_id, scenario))):
                attempt = nbformat.from_dict(dict(cell))
                attempt.source = cell.source.replace("answer = None", f"answer = {literal(answer)}",
                                                     1)
                cells.append(attempt)
                checks.append((len(cells) - 1, ex_id, kind))
        else:
            cells.append(cell)
    assert len(checks) == 2 * len(MODULE_EXERCISES[stem])
    nb.cells = cells
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(BY_STEM[stem].path.parent)}}).execute()
    for index, ex_id, kind in checks:
        text = " ".join(o["data"]["text/plain"] for o in nb.cells[index].outputs
                        if "data" in o)
        if kind == "right":
            assert text.startswith("Right:"), (ex_id, text)
        else:
            assert text.startswith(("Not quite:", "Almost:")), (ex_id, text)
    assert MODEL_TEXT  # the writing exercise's right answer comes from test_feedback
