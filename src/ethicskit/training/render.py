"""Trainer and trainee handouts: each module run twice by papermill, rendered as HTML.

``render_handouts(DIR)`` runs every module with ``show_solutions`` true (trainer) and false
(trainee) and writes ``DIR/trainer/<module>.html``, ``DIR/trainee/<module>.html`` and
``DIR/index.html``. A trainee page drops every cell tagged ``solution`` (input and output), and
is checked afterwards: a page that still holds a solution box or a "Right:" verdict is an error,
never a handout. Code is hidden except in cells tagged ``exercise`` (where a trainee writes an
answer); widget views are dropped so each quiz shows its plain-text version. Nothing touches
the network: the page template loads no script.

``refresh_outputs()`` re-executes the committed notebooks in place (defaults, fixed seeds) for
``pytest --nbval``: run it after a module or a check's wording changes.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

from ethicskit.errors import RunError
from ethicskit.paths import TEMPLATES
from ethicskit.training.modules import BY_STEM, MODULES, Module

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SOLUTION_TAG, EXERCISE_TAG = "solution", "exercise"
ROLES = ("trainer", "trainee")
#: marks that must never reach a trainee page
LEAK_MARKS = ('class="ek-solution"', "ek-feedback ek-right", "Solution (", "Answer: (")


def strip_volatile(nb) -> None:
    """Drop what differs from run to run and what no reader can use: widget views and state
    (the static quiz text stays), execution timing metadata."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}):
                del out["data"][WIDGET_VIEW]


def handout_html(executed: Path, target: Path, *, trainee: bool, module: Module | None = None,
                 ) -> Path:
    """Render an executed module as a self-contained HTML handout."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = nbformat.read(str(executed), as_version=4)
    strip_volatile(nb)
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "code" and EXERCISE_TAG not in tags:
            tags.add("ek-hide-input")
            if not cell.get("outputs"):
                tags.add("ek-drop")
        cell.metadata["tags"] = sorted(tags)
    drop = {"ek-drop"} | ({SOLUTION_TAG} if trainee else set())
    remover = TagRemovePreprocessor(remove_cell_tags=drop, remove_input_tags={"ek-hide-input"},
                                    enabled=True)
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
                            template_name="ethicskit", exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(remover, enabled=True)
    title = f"{module.title} ({'trainee' if trainee else 'trainer'} copy)" if module else None
    if title:
        nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": executed.stem}})
    role = ("Trainee copy: no solutions" if trainee else
            "Trainer copy: solutions shown in blue boxes")
    body = re.sub(r'<nav class="ek-topbar">.*?</nav>',
                  f'<nav class="ek-topbar"><a href="../index.html">&larr; All training handouts'
                  f'</a> · {html.escape(role)}</nav>', body, count=1, flags=re.S)
    if trainee:
        leaks = [mark for mark in LEAK_MARKS if mark in body]
        if leaks:
            raise RunError(f"{executed.name}: the trainee handout would show a solution "
                           f"({leaks[0]!r}); tag that cell 'solution'")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def _run(module: Module, role: str, tmp: Path, log: Callable[[str], None]) -> Path:
    from ethicskit.notebooks import execute

    output = tmp / f"{role}-{module.stem}.ipynb"
    result = execute(module.path, output, {"show_solutions": role == "trainer"},
                     cwd=module.path.parent, log_file=tmp / f"{role}-{module.stem}.log",
                     timeout=600)
    if not result.ok:
        raise RunError(f"{module.path.name} ({role} copy) failed: {result.error}")
    log(f"  ran {module.stem} ({role} copy) in {result.seconds:.0f} s")
    return output


def render_handouts(out: str | Path, *, log: Callable[[str], None] = print,
                    modules: Iterable[str] | None = None, jobs: int = 2) -> Path:
    """Write trainer and trainee HTML handouts of the training modules into ``out``.

    Returns the path of ``out/index.html``. Raises :class:`~ethicskit.errors.RunError` when a
    module fails to run or a trainee page would reveal a solution.
    """
    chosen = [BY_STEM[m] for m in modules] if modules else list(MODULES)
    out = Path(out)
    log(f"Rendering {len(chosen)} training modules, trainer and trainee copies, into {out}/")
    with tempfile.TemporaryDirectory(prefix="ethicskit-training-") as tmp:
        tmp = Path(tmp)
        tasks = [(m, role) for m in chosen for role in ROLES]
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            runs = list(pool.map(lambda t: (t, _run(t[0], t[1], tmp, log)), tasks))
        for (module, role), executed in runs:
            handout_html(executed, out / role / f"{module.stem}.html",
                         trainee=role == "trainee", module=module)
    index = out / "index.html"
    index.write_text(index_html(chosen), encoding="utf-8")
    log(f"Wrote {index} and {2 * len(chosen)} handouts.")
    return index


def index_html(modules: list[Module]) -> str:
    rows = "".join(
        f"<tr><td><strong>{html.escape(m.title)}</strong><br><small>{html.escape(m.summary)}"
        f"</small></td><td>{html.escape(m.minutes)} min</td><td>{html.escape(m.audience)}</td>"
        f'<td><a href="trainee/{m.stem}.html">trainee</a> · '
        f'<a href="trainer/{m.stem}.html">trainer</a></td></tr>' for m in modules)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>ethicskit "
            "training handouts</title><style>body{font-family:system-ui,sans-serif;max-width:"
            "62rem;margin:2rem auto;padding:0 1rem;color:#101828}table{border-collapse:collapse}"
            "td,th{border:1px solid #d0d5dd;padding:6px 10px;vertical-align:top;text-align:left}"
            "</style></head><body><h1>ethicskit training handouts</h1><p>Give trainees the "
            "<em>trainee</em> copy: it has the exercises and quizzes without their solutions. "
            "The <em>trainer</em> copy adds the solutions and what the suite's checks say. The "
            "trainer's guide is <code>docs/training.md</code>.</p><table><tr><th>Module</th>"
            f"<th>Length</th><th>For</th><th>Handouts</th></tr>{rows}</table></body></html>")


def refresh_outputs(modules: Iterable[str] | None = None, *, log: Callable[[str], None] = print
                    ) -> list[Path]:
    """Re-execute the committed training notebooks in place with their defaults."""
    import nbformat
    from nbclient import NotebookClient

    done = []
    for module in ([BY_STEM[m] for m in modules] if modules else MODULES):
        nb = nbformat.read(str(module.path), as_version=4)
        client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(module.path.parent)}})
        client.execute()
        strip_volatile(nb)
        tmp = module.path.with_suffix(".ipynb.tmp")
        nbformat.write(nb, str(tmp))
        shutil.move(str(tmp), str(module.path))
        log(f"refreshed {module.path}")
        done.append(module.path)
    return done


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    import sys

    refresh_outputs(sys.argv[1:] or None)
