"""Trainee copies: solution cells and knobs gone, scenarios loaded sealed from the trainee folder,
the key outside it; one trainee notebook executed and searched (notebook, HTML, the kernel's
namespace) for every answer, then self-checked and submitted in the same kernel."""

from __future__ import annotations

import json
import pickle
import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ethicskit.training import trainee
from ethicskit.training.exercises import EXERCISES
from ethicskit.training.feedback import SealedAnswers, _first_sentence
from ethicskit.training.render import LEAK_MARKS
from ethicskit.training.solutions import _answer_text

from .conftest import visible_text


def code(src, tags=()):
    cell = new_code_cell(src)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def tiny_notebook(*extra):
    return new_notebook(cells=[
        new_markdown_cell("# Module"),
        code('show_solutions: bool = False\nrows: int = 300\nundeclared_columns: int = 2\n'
             'seed: int = 7', ["parameters"]),
        code("import ethicskit.training as tr\nfrom ethicskit.training import tables"),
        code("campaign = tr.transparency_scenario(rows, undeclared_columns, seed=seed)\n"
             "tables.data_columns(campaign)"),
        code('answer = None\ntr.check("transparency.undeclared", answer, campaign)',
             ["exercise"]),
        code('if show_solutions:\n    display(tr.solution("transparency.undeclared", campaign))',
             ["solution"]),
        new_markdown_cell("TRAINER NOTE", metadata={"tags": ["solution"]}),
        *extra])


def test_convert_removes_solutions_and_knobs(tmp_path):
    nb, answers = trainee.convert(tiny_notebook(), "04_transparency", tmp_path, "salt")
    sources = [c.source for c in nb.cells]
    assert "TRAINER NOTE" not in sources and not any("solution" in s for s in sources)
    assert sources[1] == ('trainee: str = "trainer-demo"  # your staff id (or name), as your '
                          'trainer asked\nrecords_dir: str = "training-records"  # where your '
                          'completion record is written')
    assert sources[2].startswith("import ethicskit.training.kit as tr")
    assert sources[3] == ('campaign = tr.load("04_transparency", "campaign")\n'
                          "tables.data_columns(campaign)")
    text = json.dumps(nb)
    for word in ("show_solutions", "rows", "undeclared_columns", "seed"):
        assert word not in text
    assert answers["campaign"]["transparency.undeclared"] == ["device_type",
                                                              "screen_time_minutes"]
    with open(tmp_path / "campaign.pkl", "rb") as fh:
        held = pickle.load(fh)
    assert isinstance(held.answers, SealedAnswers)
    assert held.knobs == {} and held.expected == {} and set(held.tables) <= {"cards"}
    assert "device_type" not in repr(vars(held.answers))


@pytest.mark.parametrize("cell, says", [
    (code("print(rows)"), "uses the knob 'rows'"),
    (code("if show_solutions:\n    print(1)"), "uses the knob 'show_solutions'"),
    (code('tr.solution("transparency.undeclared", campaign)'), "tr.solution is for the trainer"),
    (code("from ethicskit.training.quizbank import QUESTIONS"), "imports QUESTIONS"),
    (code('tr.suite_says(campaign, "transparency.undeclared_columns")'),
     "shows the answer of an exercise set on campaign"),
])
def test_convert_refuses_what_would_leak(tmp_path, cell, says):
    with pytest.raises(trainee.TraineeCopyError, match=re.escape(says)) as info:
        trainee.convert(tiny_notebook(cell), "04_transparency", tmp_path, "salt")
    assert "04_transparency cell 7" in str(info.value)


def test_key_stays_outside(tmp_path):
    with pytest.raises(trainee.TraineeCopyError, match="must not be inside"):
        trainee.build(tmp_path / "out", key=tmp_path / "out" / "sub" / "key.json",
                      log=lambda m: None)


# ---------------------------------------------------------------- one module, executed
STEM = "01_consent"

DUMP = r'''
import json as _json, sys as _sys
def _held():
    lines, planted = [], {}
    for _name, _obj in list(globals().items()):
        if _name.startswith("_") or _name in ("In", "Out", "get_ipython", "exit", "quit"):
            continue
        lines.append(f"{_name} = {_obj!r}")
        for _attr in dir(_obj):
            if _attr.startswith("__"):
                continue
            try:
                _v = getattr(_obj, _attr)
            except Exception:
                continue
            if _attr in ("answers", "expected", "knobs", "kinds", "fine"):
                planted[f"{_name}.{_attr}"] = type(_v).__name__ if not isinstance(_v, dict) \
                    else len(_v)
            if callable(_v) and not isinstance(_v, (dict, list)):
                continue
            lines.append(f"{_name}.{_attr} = {_v!r}")
            if hasattr(_v, "__dict__") and not isinstance(_v, type(_sys)):
                lines.append(f"{_name}.{_attr}.__dict__ = {vars(_v)!r}")
    return {"text": "\n".join(lines), "planted": planted,
            "modules": sorted(m for m in _sys.modules if m.startswith("ethicskit.training"))}
_json.dump(_held(), open("held.json", "w"))
'''


def answer_strings(stem, key):
    """What would give an answer away: each exercise's right answer next to its id, the
    sentence the self-check says when it is right, and the explanations of the quiz and
    assessment answers."""
    import ethicskit.training as tr
    from ethicskit.training.assessment import bank_questions

    out = []
    for var, answers in key["modules"][stem]["exercises"].items():
        for ex_id, right in answers.items():
            ex = EXERCISES.get(ex_id)
            out.append(rf"['\"]{re.escape(ex_id)}['\"]:\s*{re.escape(repr(right))}")
            if ex is not None and ex.kind in ("count", "ratio", "names", "name", "choice"):
                out.append(re.escape(_first_sentence(ex.explain, _answer_text(ex, right))))
    for q in bank_questions(stem, "quiz") + bank_questions(stem, "assessment"):
        out.append(re.escape(f"({q.answer}) {q.options[q.answer]}"))  # a solution box
        out.append(rf"['\"]{re.escape(q.id)}['\"]:\s*['\"]{q.answer}['\"]")
    assert tr  # the trainer's process may import anything
    return out


def explanations(stem):
    """The explanations of the right quiz and assessment answers: taught in the text, but never
    held by the kernel before the answer is given."""
    from ethicskit.training.assessment import bank_questions

    return [re.escape(q.why[:80]) for q in bank_questions(stem, "quiz")
            + bank_questions(stem, "assessment")]


@pytest.mark.notebooks
def test_executed_trainee_copy_holds_no_answer(tmp_path):
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    out = tmp_path / "group"
    key_path = trainee.build(out, modules=[STEM], log=lambda m: None)
    key = json.loads(key_path.read_text())
    nb = nbformat.read(str(out / f"{STEM}.ipynb"), as_version=4)
    source_text = json.dumps(nb)
    assert "show_solutions" not in source_text
    assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells)
    exercises = key["modules"][STEM]["exercises"]
    graded = key["modules"][STEM]["assessment"]
    checks = [(ex_id, var, right) for var, a in exercises.items() for ex_id, right in a.items()
              if ex_id in EXERCISES and f'\\"{ex_id}\\"' in source_text]
    records = tmp_path / "records"
    nb.cells.append(new_code_cell(DUMP))
    nb.cells.append(new_code_cell(
        "_checks = {}\n" + "".join(f"_checks[{ex!r}] = str(tr.check({ex!r}, {right!r}, {var}))\n"
                                   for ex, var, right in checks)
        + f"_sub = tr.submit({STEM!r}, {dict((int(k), v) for k, v in graded.items())!r}, "
          f"trainee='T1', records_dir={str(records)!r})\n"
          "_json.dump({'checks': _checks, 'submit': repr(_sub)}, open('used.json', 'w'))"))
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(out)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors[0]["evalue"] if errors else ""
    held = json.loads((out / "held.json").read_text())
    # nothing planted reachable: no plain answers dict, no knobs, no expectations
    for name, what in held["planted"].items():
        assert what in (0, "SealedAnswers"), (name, what)
    assert "ethicskit.training.quizbank" not in held["modules"]
    nb.cells = nb.cells[:-2]  # the notebook as the trainee sees it
    page = HTMLExporter().from_notebook_node(nb)[0]
    for mark in LEAK_MARKS:
        assert mark not in page
    shown = visible_text(page)
    for pattern in answer_strings(STEM, key):
        for where, text in (("notebook", source_text), ("HTML", shown),
                            ("kernel", held["text"])):
            assert not re.search(pattern, text), (where, pattern)
    for pattern in explanations(STEM):
        assert not re.search(pattern, held["text"]), pattern
    # ...and yet the trainee can self-check and submit
    used = json.loads((out / "used.json").read_text())
    assert used["checks"] and all(v.startswith("Right:") for v in used["checks"].values()), used
    if graded:
        assert f"{len(graded)} of {len(graded)}" in used["submit"] and "passed" in used["submit"]
        rec = json.loads((records / "training-records.jsonl").read_text())
        assert rec["trainee"] == "T1" and rec["score"] == rec["max"] == len(graded)


def test_kit_without_its_folder_says_so_in_one_line(tmp_path, monkeypatch):
    import ethicskit.training.kit as kit

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(kit.DATA_ENV, raising=False)
    with pytest.raises(kit.TraineeDataError, match="no ethicskit-data/ folder") as info:
        kit.load("01_consent", "campaign")
    assert len(str(info.value).splitlines()) == 1
    (tmp_path / "ethicskit-data" / "01_consent").mkdir(parents=True)
    (tmp_path / "ethicskit-data" / "01_consent" / "campaign.pkl").write_bytes(b"junk")
    with pytest.raises(kit.TraineeDataError, match="damaged"):
        kit.load("01_consent", "campaign")
    with pytest.raises(AttributeError, match="trainer copy only"):
        kit.solution  # noqa: B018
