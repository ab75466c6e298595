"""The house rules, read from the code's own imports.

- layers: streams (the pipeline) <- alerts (delivery) <- newsalert (the root that wires them);
  a package never imports one above it;
- no import cycle between modules;
- project modules are imported at module level (a function-level import hides a dependency);
- no product module over 600 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {"streams": 0, "alerts": 1, "newsalert": 2}
MAX_LINES = 600


def modules() -> dict[str, Path]:
    out = {}
    for pkg in LAYERS:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


MODULES = modules()


def imports_of(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported project module, line, at module level) for each project import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    top_level = {id(n) for n in tree.body}
    # imports under `if TYPE_CHECKING:` at module level count as module level
    for n in tree.body:
        if isinstance(n, ast.If):
            top_level.update(id(c) for c in n.body)
    found = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_pkg else 0)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # `from pkg import module` imports a module; `from module import name` the module
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in MODULES else mod for a in node.names]
        for t in targets:
            while t and t not in MODULES:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.append((t, node.lineno, id(node) in top_level))
    return found


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def test_the_layers_exist():
    assert {m.split(".")[0] for m in MODULES} == set(LAYERS)
    assert len(MODULES) > 30


def test_no_package_imports_one_above_it():
    upward = [
        f"{MODULES[m].relative_to(ROOT)}:{line} imports {t}"
        for m, edges in GRAPH.items()
        for t, line, _ in edges
        if LAYERS[t.split(".")[0]] > LAYERS[m.split(".")[0]]
    ]
    assert upward == []


def test_no_import_cycle():
    graph = {m: {t for t, _, _ in edges} for m, edges in GRAPH.items()}
    # a package's __init__ that re-exports its modules is not a cycle with them
    for m in graph:
        graph[m] = {t for t in graph[m] if not m.startswith(t + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t) :] + [t])
            elif t not in state:
                visit(t, stack + [t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_project_modules_are_imported_at_module_level():
    hidden = [
        f"{MODULES[m].relative_to(ROOT)}:{line} imports {t} inside a function"
        for m, edges in GRAPH.items()
        for t, line, top in edges
        if not top
    ]
    assert hidden == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_600_lines(name):
    n = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {n} lines"


def test_the_checks_see_a_violation(tmp_path):
    """The graph reader finds an upward, a function-level and a cyclic import in code written here."""
    global MODULES
    saved = MODULES
    try:
        MODULES = {
            "streams.a": tmp_path / "a.py",
            "streams.b": tmp_path / "b.py",
            "alerts.c": tmp_path / "c.py",
        }
        (tmp_path / "a.py").write_text("from streams import b\n\ndef f():\n    import alerts.c\n")
        (tmp_path / "b.py").write_text("from streams.a import f\n")
        edges = imports_of("streams.a", tmp_path / "a.py")
        assert ("streams.b", 1, True) in edges
        assert ("alerts.c", 4, False) in edges
        assert imports_of("streams.b", tmp_path / "b.py") == [("streams.a", 1, True)]
    finally:
        MODULES = saved
