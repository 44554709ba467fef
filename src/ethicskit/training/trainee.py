"""Trainee copies of the training notebooks: no solution, no knob, no answer in reach.

``build(out)`` (``ethicskit training trainee --out DIR``) runs in the trainer's process and writes

- ``DIR/<module>.ipynb``: each trainer notebook with every cell tagged ``solution`` removed,
  outputs cleared, a parameters cell holding only ``trainee`` and ``records_dir`` (no
  ``show_solutions``, no knob), ``import ethicskit.training as tr`` replaced by
  ``import ethicskit.training.kit as tr``, and each scenario call
  (``campaign = tr.consent_scenario(rows, ...)``) replaced by
  ``campaign = tr.load("<module>", "campaign")``;
- ``DIR/ethicskit-data/<module>/``: the scenarios built here with the trainer copy's knob values
  (``<name>.pkl``), their answers, planted expectations and knob values replaced by salted
  hashes (:class:`~ethicskit.training.feedback.SealedAnswers`), and the module's quiz and
  assessment sheets (``quiz.json``, ``assessment.json``: questions, options, feedback on each
  wrong option, the right answer sealed, its explanation locked under it);
- the trainer's key (``--key``, by default ``DIR-trainer-key.json`` next to ``DIR``, never
  inside it): the plain answers of every exercise, quiz and assessment question of this build.

A trainer notebook that a trainee copy cannot keep its answers from (a knob or
``show_solutions`` used outside a scenario call, a trainer-only call outside a ``solution``
cell) is refused with :class:`TraineeCopyError` naming the module and cell.
"""

from __future__ import annotations

import ast
import copy
import json
import pickle
import shutil
from pathlib import Path
from typing import Callable, Iterable

from ethicskit.errors import InputError

KEEP_PARAMS = ("trainee", "records_dir")
DEFAULT_PARAMS = {"trainee": '"trainer-demo"', "records_dir": '"training-records"'}
PARAM_NOTES = {"trainee": "your staff id (or name), as your trainer asked",
               "records_dir": "where your completion record is written"}
TRAINER_ONLY = {"solution", "quiz_solution", "assessment_solution", "suite_table", "QUESTIONS",
                "MODULE_QUESTIONS", "solutions", "quizbank"}
#: what a scenario keeps in ``tables`` in a trainee copy (read by tables and plots)
KEEP_TABLES = ("cards",)
IMPORT_FULL, IMPORT_KIT = "import ethicskit.training as tr", "import ethicskit.training.kit as tr"


class TraineeCopyError(InputError):
    """A trainer notebook cannot be turned into a trainee copy that keeps its answers."""


def generators() -> set[str]:
    """Names of ``tr.<name>(...)`` calls that build a scenario."""
    import ethicskit.training as tr
    import ethicskit.training.scenarios as sc

    names = {n for n in dir(sc) if callable(getattr(sc, n, None))
             and n.endswith(("_scenario", "_extract", "_cases"))}
    return {n for n in names | {n for n in tr.__all__ if n.endswith(("_scenario", "_extract",
                                                                        "_cases"))}
            if hasattr(tr, n) or hasattr(sc, n)}


def seal_scenario(obj, salt: str):
    """A copy of scenario ``obj`` a trainee may hold: answers sealed, nothing planted kept."""
    from ethicskit.training.feedback import SealedAnswers

    out = copy.copy(obj)
    if isinstance(getattr(obj, "answers", None), dict):
        out.answers = SealedAnswers.of(obj, salt=salt)
    for attr in ("expected", "knobs", "kinds", "fine"):
        if isinstance(getattr(obj, attr, None), dict):
            setattr(out, attr, {})
    if isinstance(getattr(obj, "tables", None), dict):
        out.tables = {k: v for k, v in obj.tables.items() if k in KEEP_TABLES}
    return out


def _is_tr_call(node) -> str | None:
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "tr"):
        return node.func.attr
    return None


def _params(source: str, where: str) -> tuple[dict, list[str]]:
    """(knob values, kept lines) of a parameters cell."""
    values: dict = {}
    try:
        exec(compile(source, where, "exec"), {}, values)  # noqa: S102 - the trainer's own cell
    except Exception as exc:  # noqa: BLE001
        raise TraineeCopyError(f"{where}: the parameters cell does not run ({exc})") from None
    kept = [line for line in source.splitlines()
            if line.split(":")[0].split("=")[0].strip() in KEEP_PARAMS]
    have = {line.split(":")[0].split("=")[0].strip() for line in kept}
    kept += [f"{name}: str = {DEFAULT_PARAMS[name]}  # {PARAM_NOTES[name]}"
             for name in KEEP_PARAMS if name not in have]
    return values, kept


def convert(nb, stem: str, data: Path, salt: str) -> tuple[object, dict]:
    """The trainee copy of notebook ``nb`` (a new node) and the plain answers of its scenarios.

    Writes the sealed scenarios into ``data``."""
    import ethicskit.training as tr

    nb = copy.deepcopy(nb)
    guarded = _answered_checks(nb)
    gens = generators()
    namespace: dict = {"tr": tr}
    knobs: set[str] = set()
    answers: dict = {}
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = set(cell.metadata.get("tags", []))
        where = f"{stem} cell {index}"
        if "solution" in tags:
            continue
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        if "parameters" in tags:
            values, kept = _params(cell.source, where)
            knobs |= set(values) - set(KEEP_PARAMS)
            namespace.update(values)
            cell.source = "\n".join(kept)
            cells.append(cell)
            continue
        _refuse_suite_answers(cell.source, where, guarded)
        cell.source = _rewrite(cell.source, where, stem, gens, namespace, data, salt, answers)
        used = {n.id for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Name)}
        leak = sorted(used & knobs)
        if leak:
            raise TraineeCopyError(f"{where}: uses the knob {leak[0]!r} outside a scenario call; "
                                   f"a trainee copy cannot hide it (tag the cell 'solution' or "
                                   f"move the knob into the scenario call)")
        cells.append(cell)
    nb.cells = cells
    for key in ("papermill", "widgets"):
        nb.metadata.pop(key, None)
    return nb, answers


def _answered_checks(nb) -> set[tuple[str, str]]:
    """``(object name, check id)`` pairs whose finding states an exercise's answer: the check
    of each exercise that a ``tr.check`` cell sets on that object."""
    from ethicskit.training.exercises import EXERCISES

    out = set()
    for cell in nb.cells:
        if cell.cell_type != "code" or "solution" in cell.metadata.get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (_is_tr_call(node) in ("check", "check_answer") and len(node.args) >= 3
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[2], ast.Name)):
                ex = EXERCISES.get(node.args[0].value)
                if ex is not None and ex.check:
                    out.add((node.args[2].id, ex.check))
    return out


def _refuse_suite_answers(source: str, where: str, guarded: set) -> None:
    """A ``tr.suite_says(x, "<check>")`` outside a solution cell would show the answer of the
    exercise set on ``x`` with that check: refused."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if _is_tr_call(node) == "suite_says" and node.args and isinstance(node.args[0],
                                                                            ast.Name):
            for arg in node.args[1:]:
                if isinstance(arg, ast.Constant) and (node.args[0].id, arg.value) in guarded:
                    raise TraineeCopyError(
                        f"{where}: tr.suite_says({node.args[0].id}, {arg.value!r}) shows the "
                        f"answer of an exercise set on {node.args[0].id}; tag the cell "
                        f"'solution'")


def _rewrite(source: str, where: str, stem: str, gens: set, namespace: dict, data: Path,
             salt: str, answers: dict) -> str:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise TraineeCopyError(f"{where}: not valid Python ({exc.msg})") from None
    lines = source.splitlines()
    replace: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        name = _is_tr_call(node)
        if name in TRAINER_ONLY:
            raise TraineeCopyError(f"{where}: tr.{name} is for the trainer copy; tag the cell "
                                   f"'solution'")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = {a.name.split(".")[-1] for a in node.names}
            if names & TRAINER_ONLY:
                raise TraineeCopyError(f"{where}: imports {sorted(names & TRAINER_ONLY)[0]}, "
                                       f"which is for the trainer copy")
    for node in tree.body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and _is_tr_call(node.value) in gens):
            var = node.targets[0].id
            try:
                obj = eval(compile(ast.Expression(node.value), where, "eval"),  # noqa: S307
                           namespace)
            except Exception as exc:  # noqa: BLE001
                raise TraineeCopyError(f"{where}: the scenario call does not run here ({exc})"
                                       ) from None
            namespace[var] = obj
            if isinstance(getattr(obj, "answers", None), dict):
                answers[var] = dict(obj.answers)
            data.mkdir(parents=True, exist_ok=True)
            with open(data / f"{var}.pkl", "wb") as fh:
                pickle.dump(seal_scenario(obj, salt), fh)
            replace.append((node.lineno, node.end_lineno, f'{var} = tr.load("{stem}", "{var}")'))
    for start, end, text in sorted(replace, reverse=True):
        lines[start - 1:end] = [text]
    out = "\n".join(lines)
    return out.replace(IMPORT_FULL, IMPORT_KIT)


def scenarios_of(nb, stem: str = "notebook", params: dict | None = None) -> tuple[dict, dict]:
    """``(scenarios, checked_on)`` of a trainer notebook: the objects its scenario calls build
    (named as in the notebook, knobs from the parameters cell overridden by ``params``), and
    exercise id -> the name of the object its ``tr.check`` cell checks it on."""
    import ethicskit.training as tr

    gens, namespace, checked_on = generators(), {"tr": tr}, {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "solution" in cell.metadata.get("tags", []):
            continue
        where = f"{stem} cell {index}"
        if "parameters" in cell.metadata.get("tags", []):
            namespace.update(_params(cell.source, where)[0])
            namespace.update(params or {})
            continue
        tree = ast.parse(cell.source)
        for node in tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and _is_tr_call(node.value) in gens):
                namespace[node.targets[0].id] = eval(  # noqa: S307 - the trainer's own cell
                    compile(ast.Expression(node.value), where, "eval"), namespace)
        for node in ast.walk(tree):
            if (_is_tr_call(node) in ("check", "check_answer") and len(node.args) >= 3
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[2], ast.Name)):
                checked_on[node.args[0].value] = node.args[2].id
    return ({k: v for k, v in namespace.items() if hasattr(v, "answers")}, checked_on)


def build(out, *, modules: Iterable[str] | None = None, key=None,
          log: Callable[[str], None] = print) -> Path:
    """Write trainee copies of ``modules`` (default all) into ``out``; return the key's path."""
    import nbformat

    from ethicskit.training import sealed
    from ethicskit.training.assessment import bank_questions, make_sheet
    from ethicskit.training.modules import BY_STEM, MODULES

    unknown = [m for m in (modules or []) if m not in BY_STEM]
    if unknown:
        raise TraineeCopyError(f"--modules: no training module {unknown[0]!r}; the modules are "
                               + ", ".join(BY_STEM))
    chosen = [BY_STEM[m] for m in modules] if modules else list(MODULES)
    out = Path(out)
    key_path = Path(key) if key else out.parent / f"{out.name}-trainer-key.json"
    if key_path.resolve().is_relative_to(out.resolve()):
        raise TraineeCopyError(f"--key {key_path}: the trainer's key must not be inside {out}/, "
                               f"which trainees get")
    data_root = out / "ethicskit-data"
    salt = sealed.new_salt()
    keyring: dict = {"salt": salt, "modules": {}}
    written = 0
    for module in chosen:
        if not module.path.is_file():
            if modules:
                raise TraineeCopyError(f"{module.path}: no such notebook")
            log(f"  {module.stem}: no notebook yet, skipped")
            continue
        nb = nbformat.read(str(module.path), as_version=4)
        data = data_root / module.stem
        if data.exists():
            shutil.rmtree(data)
        data.mkdir(parents=True)
        trainee_nb, answers = convert(nb, module.stem, data, salt)
        quiz = bank_questions(module.stem, "quiz")
        graded = bank_questions(module.stem, "assessment")
        (data / "quiz.json").write_text(make_sheet(module.stem, quiz, salt=salt).to_json(),
                                        encoding="utf-8")
        (data / "assessment.json").write_text(make_sheet(module.stem, graded, salt=salt)
                                              .to_json(), encoding="utf-8")
        nbformat.write(trainee_nb, str(out / f"{module.stem}.ipynb"))
        keyring["modules"][module.stem] = {
            "exercises": {var: {k: _plain(v) for k, v in a.items()} for var, a in answers.items()},
            "quiz": {q.id: q.answer for q in quiz},
            "assessment": {str(n): q.answer for n, q in enumerate(graded, 1)}}
        written += 1
        log(f"  {module.stem}: trainee copy and its data written")
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_text(json.dumps(keyring, indent=1, ensure_ascii=False), encoding="utf-8")
    log(f"Wrote {written} trainee notebooks into {out}/; the trainer's key (keep it) is "
        f"{key_path}")
    return key_path


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, tuple)):
        return sorted(value)
    return value
