"""The handout renderer on small hand-built notebooks (no kernel): what a trainee page drops,
hides and keeps, and the guard that refuses a trainee page holding a solution."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from ethicskit.errors import RunError
from ethicskit.training.modules import MODULES
from ethicskit.training.render import handout_html, index_html, strip_volatile

from .conftest import visible_text

WIDGET = "application/vnd.jupyter.widget-view+json"


def executed_notebook(path, *, leak_in_plain_cell=False):
    def code(src, tags=(), outputs=()):
        cell = new_code_cell(src, execution_count=1, outputs=list(outputs))
        if tags:
            cell.metadata["tags"] = list(tags)
        return cell

    display = lambda html, text: new_output("display_data", data={"text/html": html,  # noqa: E731
                                                                  "text/plain": text})
    quiz = new_output("display_data", data={
        WIDGET: {"model_id": "0" * 32, "version_major": 2, "version_minor": 0},
        "text/html": "<div class='ek-quiz'>Quiz. Pick one</div>", "text/plain": "Quiz: Pick one"})
    leak = display('<div class="ek-solution">Solution (x) 42</div>', "Solution (x) 42")
    nb = new_notebook(cells=[
        new_markdown_cell("# Title\nIntro for everyone."),
        code("show_solutions: bool = False", ["parameters"]),
        code("import ethicskit.training as tr"),
        code("campaign.table()", outputs=[display("<table><tr><td>TABLECELL</td></tr></table>",
                                                  "TABLECELL")]),
        code('answer = None  # a whole number\ntr.check("consent.count", answer, campaign)',
             ["exercise"], [display("<div>Not answered yet: NOTANSWERED</div>", "Not answered")]),
        code('if show_solutions:\n    display(tr.solution("consent.count", campaign))',
             ["solution"], [display('<div class="ek-solution">SOLUTIONTEXT</div>',
                                    "SOLUTIONTEXT")]),
        new_markdown_cell("TRAINERNOTE", metadata={"tags": ["solution"]}),
        code('tr.quiz("consent.q_valid")', outputs=[quiz]),
        code("secret = 1", outputs=[leak] if leak_in_plain_cell else []),
    ])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, str(path))
    return path


def test_trainee_page(tmp_path):
    page = handout_html(executed_notebook(tmp_path / "m.ipynb"), tmp_path / "trainee.html",
                        trainee=True, module=MODULES[0]).read_text()
    text = visible_text(page)
    assert "SOLUTIONTEXT" not in text and "TRAINERNOTE" not in text
    assert "TABLECELL" in text and "NOTANSWERED" in text and "Quiz. Pick one" in text
    assert "answer = None" in text  # the exercise cell keeps its code
    assert "import ethicskit" not in text and "show_solutions" not in text
    assert WIDGET not in page and "widget-state" not in page
    assert "Trainee copy" in text and 'href="../index.html"' in page
    assert "Back to the report" not in text
    assert "<script src=" not in page  # nothing loaded from the network


def test_trainer_page(tmp_path):
    page = handout_html(executed_notebook(tmp_path / "m.ipynb"), tmp_path / "trainer.html",
                        trainee=False, module=MODULES[0]).read_text()
    text = visible_text(page)
    assert "SOLUTIONTEXT" in text and "TRAINERNOTE" in text and "Trainer copy" in text
    assert "if show_solutions" not in text  # code of solution cells stays hidden


def test_trainee_page_refuses_a_stray_solution(tmp_path):
    nb = executed_notebook(tmp_path / "m.ipynb", leak_in_plain_cell=True)
    with pytest.raises(RunError, match="tag that cell 'solution'"):
        handout_html(nb, tmp_path / "trainee.html", trainee=True)
    assert not (tmp_path / "trainee.html").exists()
    handout_html(nb, tmp_path / "trainer.html", trainee=False)  # fine in the trainer copy


def test_strip_volatile(tmp_path):
    nb = nbformat.read(str(executed_notebook(tmp_path / "m.ipynb")), as_version=4)
    nb.cells[3].metadata["execution"] = {"iopub.execute_input": "2026-11-29T10:00:00Z"}
    strip_volatile(nb)
    assert "widgets" not in nb.metadata and "execution" not in nb.cells[3].metadata
    assert all(WIDGET not in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    quiz = nb.cells[7].outputs[0]["data"]
    assert set(quiz) == {"text/html", "text/plain"}


def test_index_lists_every_module():
    page = index_html(list(MODULES))
    for m in MODULES:
        assert f'href="trainee/{m.stem}.html"' in page and f'href="trainer/{m.stem}.html"' in page
        assert m.title in page
