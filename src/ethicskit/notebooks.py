"""Executing the area notebooks with papermill and rendering them as HTML without code.

Each notebook runs in its own ``papermill`` process with kernel ``python3``, so a crash in one
never touches another; its log is kept beside the run. Parameters are checked against the
notebook's declared ones first: an unknown name is a :class:`ParameterError`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from ethicskit.errors import ParameterError
from ethicskit.paths import TEMPLATES

KERNEL = "python3"


def declared_parameters(notebook: str | Path) -> dict[str, dict]:
    """The parameters a notebook declares: the names its cell tagged ``parameters`` assigns at
    top level (``name: type = value`` or ``name = value``), as papermill's
    ``inspect_notebook`` reads them: each with its ``inferred_type_name`` (the annotation),
    ``default`` (the value's source text) and ``help`` (the line's comment).

    Read from the notebook's JSON with :mod:`ast`: importing papermill (and nbformat's schema
    validation with it) to learn four names cost the run's main process about 4 s of CPU on
    the 2-core machine, while the record was being computed."""
    import ast
    import json

    path = Path(notebook)
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    found = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not found:
        return {}
    source = found[0].get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    lines = source.splitlines()
    declared: dict[str, dict] = {}
    for node in ast.parse(source).body:
        targets = ([node.target] if isinstance(node, ast.AnnAssign) else
                   node.targets if isinstance(node, ast.Assign) else [])
        for target in targets:
            if isinstance(target, ast.Name):
                line = lines[node.lineno - 1]
                comment = line.split("#", 1)[1].strip() if "#" in line else ""
                value = getattr(node, "value", None)
                annotation = getattr(node, "annotation", None)
                declared[target.id] = {
                    "name": target.id,
                    "inferred_type_name": ast.unparse(annotation) if annotation else "None",
                    "default": ast.get_source_segment(source, value) if value else None,
                    "help": comment}
    return declared


def check_parameters(notebook: str | Path, parameters: dict) -> None:
    """Raise :class:`ParameterError` naming any parameter the notebook does not declare."""
    declared = declared_parameters(notebook)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(declared), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(f"{Path(notebook).name}: unknown parameter {unknown[0]!r}{hint}; "
                             f"it declares {', '.join(sorted(declared)) or 'none'}")


@dataclass
class Execution:
    """How one notebook run went."""

    notebook: Path
    output: Path
    ok: bool
    seconds: float
    error: str = ""


def execute(notebook: Path, output: Path, parameters: dict, *, cwd: Path, log_file: Path,
            timeout: int = 3600) -> Execution:
    """Run ``notebook`` into ``output`` in a separate papermill process (papermill's own command
    line, started through :mod:`ethicskit._papermill` to keep the process lean)."""
    params_file = log_file.with_suffix(".params.yaml")
    params_file.parent.mkdir(parents=True, exist_ok=True)
    params_file.write_text(yaml.safe_dump(parameters), encoding="utf-8")
    cmd = [sys.executable, "-m", "ethicskit._papermill", str(notebook), str(output),
           "-k", KERNEL, "-f", str(params_file), "--no-progress-bar", "--cwd", str(cwd),
           "--execution-timeout", str(timeout)]
    start = time.perf_counter()
    with open(log_file, "w", encoding="utf-8") as log:
        proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, check=False)
    seconds = time.perf_counter() - start
    params_file.unlink(missing_ok=True)
    error = ""
    if proc.returncode != 0:
        text = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        error = next((line for line in reversed(text) if line.strip()), "papermill failed")
    return Execution(notebook, output, proc.returncode == 0 and output.exists(), seconds, error)


#: An image of the run's figures as a notebook under a run shows it (:func:`ethicskit.notebook.figure`).
FIGURE_SRC = re.compile(r'src="figures/([A-Za-z0-9][A-Za-z0-9._-]*\.png)"')


def embed_figures(html: str, folder: Path) -> str:
    """``html`` with every ``src="figures/<file>.png"`` of a file in ``folder/figures``
    replaced by the image itself (a ``data:`` URI): the page stays self-contained."""
    from ethicskit.figures import data_uri

    def inline(match: re.Match) -> str:
        path = folder / "figures" / match.group(1)
        if not path.is_file():
            return match.group(0)
        return f'src="{data_uri(path.read_bytes())}"'

    return FIGURE_SRC.sub(inline, html)


class HtmlPages:
    """Executed notebooks rendered as self-contained HTML pages without code cells, with one
    nbconvert exporter for every page of a run (building it, and its templates, is most of the
    cost of a page). The run's figures, shown by path in the notebook, are embedded in the page
    after nbconvert (:func:`embed_figures`): nbconvert parses every page it writes with
    BeautifulSoup, and the images' text was most of what it parsed (on the sample, the four
    pages took 1.5 s with the images inside, and the kernel sent them all through its socket)."""

    def __init__(self) -> None:
        from nbconvert import HTMLExporter

        self.exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
                                     template_name="ethicskit", exclude_input=True,
                                     exclude_input_prompt=True, exclude_output_prompt=True)

    def write(self, executed: Path, html: Path) -> Path:
        import nbformat

        nb = nbformat.read(str(executed), as_version=4)
        nb.metadata.pop("widgets", None)
        body, _ = self.exporter.from_notebook_node(
            nb, resources={"metadata": {"name": executed.stem}})
        html.write_text(embed_figures(body, executed.parent), encoding="utf-8")
        return html


def to_html(executed: Path, html: Path) -> Path:
    """Render one executed notebook as a self-contained HTML page without code cells."""
    return HtmlPages().write(executed, html)
