"""The stages import downward only.

Every module of ``src/dockwise`` is parsed with ``ast`` (every import, also those inside
functions: a lazy import is still a dependency), which gives the graph of dockwise's
internal imports.  It must hold no cycle, and no stage below the engine may import the
modules that drive a run (the engine, the worker pool, the CLI, the language server):
a stage gets what it needs as arguments, it never calls back up.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dockwise"

# the stages (a package directory, or a module by its name) ...
STAGES = ("layout", "extract", "flow", "runs", "resolve", "checks", "report", "fix")
# ... and the modules above them, which none of them may import
DRIVERS = ("dockwise.engine", "dockwise.pystage", "dockwise.parallel", "dockwise.cli", "dockwise.lsp")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.Module, name: str, is_package: bool, modules: set[str]) -> dict[str, int]:
    """The dockwise modules a module imports (name -> line of the first import)."""
    out: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's package, one level up per extra dot
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from dockwise.report import graph` imports the module dockwise.report.graph
            targets = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target not in modules and "." in target:  # a name inside a module
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                out.setdefault(target, node.lineno)
    return out


def import_graph() -> dict[str, dict[str, int]]:
    files = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    names = set(files)
    return {name: imported(ast.parse(path.read_text(encoding="utf-8"), str(path)), name,
                           path.name == "__init__.py", names)
            for name, path in files.items()}


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def is_stage(name: str) -> bool:
    return any(name == f"dockwise.{stage}" or name.startswith(f"dockwise.{stage}.") for stage in STAGES)


GRAPH = import_graph()


def test_the_graph_is_read():
    """The parse finds the imports it must (a broken parse would pass every check below)."""
    assert "dockwise.engine" in GRAPH and "dockwise.report.text" in GRAPH
    assert "dockwise.model" in GRAPH["dockwise.engine"]
    assert "dockwise.report" in GRAPH["dockwise.report.text"]
    assert any(is_stage(name) for name in GRAPH)


def test_no_import_cycles():
    found = cycles(GRAPH)
    detail = [" <-> ".join(component) + ": " + "; ".join(
        f"{a} -> {b} (line {GRAPH[a][b]})" for a in component for b in GRAPH[a] if b in component)
        for component in found]
    assert not found, "import cycles:\n" + "\n".join(detail)


@pytest.mark.parametrize("stage", sorted(name for name in GRAPH if is_stage(name)))
def test_stages_do_not_import_the_drivers(stage):
    upward = {target: line for target, line in GRAPH[stage].items()
              if any(target == d or target.startswith(d + ".") for d in DRIVERS)}  # lsp is a package
    assert not upward, f"{stage} imports " + ", ".join(f"{t} (line {n})" for t, n in sorted(upward.items()))
