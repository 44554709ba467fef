"""Imports inside ``ethicskit`` only point down: no module imports one that imports it back.

The graph is read from the source with :mod:`ast` (imports inside functions count; imports under
``if TYPE_CHECKING:`` do not, they never run). Every module also imports on its own in a fresh
interpreter, in any order.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest

PACKAGE = "ethicskit"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE


def module_name(path: Path) -> str:
    """``src/ethicskit/privacy/consent.py`` -> ``ethicskit.privacy.consent``; a package's
    ``__init__.py`` is the package itself."""
    parts = [PACKAGE, *path.relative_to(SRC).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package, by name."""
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return ((isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(tree: ast.AST):
    """Import nodes of ``tree`` at any depth, except the bodies of ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _nearest(name: str, known) -> str | None:
    """``name`` if it is a module of the package, else its nearest enclosing one."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, known) -> set[str]:
    """The modules of the package that module ``name`` imports."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:  # relative: from the module's package, up level - 1 packages
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = []
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                targets.append(sub if sub in known else source)
        for target in targets:
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                found = _nearest(target, known)
                if found is not None:
                    out.add(found)
    return out


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, and modules importing
    themselves (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph.get(node, ()):
                        found.append(sorted(component))
    return sorted(found)


def _path(graph: dict[str, set[str]], component: list[str]) -> str:
    """The shortest cycle through a component's first module, as ``a -> b -> a``."""
    members, start = set(component), component[0]
    queue, parents = deque([start]), {start: None}
    while queue:
        node = queue.popleft()
        for n in sorted(graph[node] & members):
            if n == start:
                chain = [node]
                while parents[chain[-1]] is not None:
                    chain.append(parents[chain[-1]])
                return " -> ".join([*reversed(chain), start])
            if n not in parents:
                parents[n] = node
                queue.append(n)
    return " -> ".join(component)


@pytest.mark.slow
def test_the_graph_is_read():
    graph = import_graph()
    assert "ethicskit.registry" in graph and "ethicskit.check" in graph["ethicskit.registry"]
    assert "ethicskit.executor" in graph["ethicskit.registry"]  # an import inside a function
    assert "ethicskit.campaign" not in graph["ethicskit.registry"]  # under TYPE_CHECKING


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert cycles(graph) == [["a", "b", "c"], ["d"]]
    assert _path(graph, ["a", "b", "c"]) == "a -> b -> c -> a"


def test_no_import_cycle_inside_ethicskit():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles inside ethicskit:\n" + "\n".join(
        f"  {_path(graph, c)}   (modules: {', '.join(c)})" for c in found)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_module_imports_in_any_order(seed):
    names = sorted(modules())
    random.Random(seed).shuffle(names)
    code = ("import importlib, sys\n"
            f"for name in {names!r}:\n"
            "    try:\n"
            "        importlib.import_module(name)\n"
            "    except Exception as exc:\n"
            "        sys.exit(f'importing {name} failed: {type(exc).__name__}: {exc}')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
