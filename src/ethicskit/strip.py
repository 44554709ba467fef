"""Notebooks without their outputs: the git clean filter of the area notebooks.

``python -m ethicskit.strip`` reads a notebook on stdin and writes it on stdout without what a
run adds to it: the outputs and execution counts of code cells, the cell metadata JupyterLab and
papermill record about a run (``execution``, ``ExecuteTime``, ``collapsed``, ``scrolled``,
``papermill``, an empty ``tags`` list), the cell papermill injects with a run's parameters (tagged
``injected-parameters``) and the notebook metadata that names the machine or the run
(``widgets``, ``papermill``, ``signature``, every ``language_info`` field but its name).
Everything else, cell ids and tags included, is kept as it is. The text is written the way
Jupyter writes a notebook (one-space indent, sorted keys, a final newline), so the output of a
stripped notebook is the same bytes as its input.

``python -m ethicskit.strip FILE...`` strips the files in place (``make strip``).

``make install`` registers it as the clean filter ``ethicskit-strip`` of the git work tree, and
``.gitattributes`` applies it to the area notebooks ``notebooks/0*.ipynb`` only: the training
notebooks keep their outputs, which nbval compares cell by cell. The module reads JSON with the
standard library alone, so the filter works in any Python 3.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: Cell metadata a run or an editor writes: timings, scroll and collapse state, papermill's.
CELL_VOLATILE = ("execution", "ExecuteTime", "collapsed", "scrolled", "papermill")
#: Notebook metadata that holds widget state, a run's parameters or a trust signature.
NOTEBOOK_VOLATILE = ("widgets", "papermill", "signature")
#: The tag of the cell papermill inserts with a run's parameters.
INJECTED = "injected-parameters"


class NotANotebook(ValueError):
    """The input is not a notebook (not JSON, or no list of cells)."""


def strip(notebook: dict) -> dict:
    """``notebook`` (parsed JSON) without outputs, execution counts and volatile metadata; the
    dict is changed in place and returned."""
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotANotebook("not a notebook: no list of cells")
    meta = notebook.setdefault("metadata", {})
    for key in NOTEBOOK_VOLATILE:
        meta.pop(key, None)
    info = meta.get("language_info")
    if isinstance(info, dict) and "name" in info:
        meta["language_info"] = {"name": info["name"]}
    if not all(isinstance(cell, dict) for cell in notebook["cells"]):
        raise NotANotebook("not a notebook: a cell is not an object")
    notebook["cells"] = [cell for cell in notebook["cells"]
                         if INJECTED not in (cell.get("metadata") or {}).get("tags", [])]
    for cell in notebook["cells"]:
        cell_meta = cell.setdefault("metadata", {})
        for key in CELL_VOLATILE:
            cell_meta.pop(key, None)
        if cell_meta.get("tags") == []:  # papermill adds an empty list to every cell
            del cell_meta["tags"]
        jupyter = cell_meta.get("jupyter")
        if isinstance(jupyter, dict):  # JupyterLab's collapsed outputs
            jupyter.pop("outputs_hidden", None)
            if not jupyter:
                del cell_meta["jupyter"]
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return notebook


def strip_text(text: str) -> str:
    """The stripped notebook ``text``, written as Jupyter writes it."""
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotANotebook(f"not a notebook: JSON error at line {exc.lineno}, column "
                           f"{exc.colno}") from None
    out = json.dumps(strip(notebook), indent=1, sort_keys=True, ensure_ascii=False,
                     separators=(",", ": "))
    return out + "\n"


def main(argv: list[str] | None = None) -> int:
    """Filter stdin to stdout, or strip each named file in place; 1 on a file that is not a
    notebook (one line on stderr naming it)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m ethicskit.strip [FILE...]\n"
              "Strip outputs, execution counts and volatile metadata from notebooks: stdin to "
              "stdout,\nor each FILE in place.")
        return 0
    if not argv:
        try:
            out = strip_text(sys.stdin.buffer.read().decode("utf-8"))
        except (UnicodeDecodeError, NotANotebook) as exc:
            print(f"ethicskit.strip: <stdin>: {exc}", file=sys.stderr)
            return 1
        sys.stdout.buffer.write(out.encode("utf-8"))
        return 0
    code = 0
    for name in argv:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
            out = strip_text(text)
        except (OSError, UnicodeDecodeError, NotANotebook) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            print(f"ethicskit.strip: {name}: {why}", file=sys.stderr)
            code = 1
            continue
        if out != text:
            path.write_text(out, encoding="utf-8", newline="\n")
            print(f"stripped {name}")
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
