"""Whether a task runner's start command starts Python of the project.

``invoke assets`` (or ``python -m invoke admin.assets``) loads ``tasks.py`` and runs the task
``assets``.  A task that only shells out to other programs (``ctx.run("yarn build")``) starts
no Django and loads no settings module, even with ``DJANGO_SETTINGS_MODULE`` in the
environment.  The answer is "nothing" only where every task named is found in the tasks
files and its code, with the functions of its file that it calls, says none of the words
that start Python (``rules/frameworks.yaml`` task_starts); anything else keeps the runner a
program that may run anything.
"""
from __future__ import annotations

import ast
import posixpath
import warnings
from typing import Callable, Sequence

from dockwise.knowledge.records import TaskRunner
from dockwise.words import has_whole

__all__ = ["task_names", "tasks_start_nothing"]

_MAX_FUNCTIONS = 40  # functions of a tasks file followed from the tasks named


def task_names(runner: TaskRunner, args: Sequence[str]) -> list[str]:
    """The tasks a runner's arguments name (``admin.assets`` of ``-dw admin.assets``)."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a.startswith("-"):
            skip = a in runner.value_options
        else:
            out.append(a)
    return out


def tasks_start_nothing(runner: TaskRunner, args: Sequence[str], tasks_files: Sequence[str],
                        text: Callable[[str], str | None], starts: Sequence[str]) -> bool:
    """Whether the tasks ``args`` name, found in ``tasks_files`` (project paths of the runner's
    tasks files; a package's other modules and a namespace's ``<ns>/tasks.py`` are read too),
    run no Python of the project."""
    names = task_names(runner, args)
    if not names or not tasks_files or not starts:
        return False
    modules: dict[str, ast.Module] = {}
    for rel in _candidates(tasks_files, names, text):
        tree = _parse(text(rel))
        if tree is not None:
            modules[rel] = tree
    for name in names:
        found = False
        for rel, tree in modules.items():
            code = _task_code(tree, name.rsplit(".", 1)[-1].replace("-", "_"), text(rel) or "")
            if code is None:
                continue
            found = True
            if any(has_whole(code, w) for w in starts):
                return False
        if not found:
            return False
    return True


def _candidates(tasks_files: Sequence[str], names: Sequence[str], text: Callable[[str], str | None]) -> list[str]:
    out = list(tasks_files)
    for rel in tasks_files:
        base = posixpath.dirname(rel)
        if posixpath.basename(rel) == "__init__.py":
            base = posixpath.dirname(base)
        for name in names:
            if "." in name:  # a namespace's collection, conventionally its tasks module
                ns = name.rsplit(".", 1)[0].replace(".", "/")
                for cand in (f"{ns}/tasks.py", f"{ns}.py", f"tasks/{ns}.py"):
                    cand = posixpath.join(base, cand) if base else cand
                    if cand not in out and text(cand) is not None:
                        out.append(cand)
    return out


def _parse(source: str | None) -> ast.Module | None:
    if not source:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _task_code(tree: ast.Module, name: str, source: str) -> str | None:
    """The source of the module-level function that is the task ``name`` (by its name or an
    ``aliases=[...]`` of its decorator) and of the functions of the module it calls, or None."""
    functions = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    task = functions.get(name) or next((f for f in functions.values() if name in _aliases(f)), None)
    if task is None:
        return None
    lines = source.splitlines()
    parts, todo, seen = [], [task], {task.name}
    while todo and len(seen) <= _MAX_FUNCTIONS:
        func = todo.pop()
        parts.append("\n".join(lines[func.lineno - 1:func.end_lineno or func.lineno]))
        for node in ast.walk(func):
            if isinstance(node, ast.Name) and node.id in functions and node.id not in seen:
                seen.add(node.id)
                todo.append(functions[node.id])
    return "\n".join(parts)


def _aliases(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    out = []
    for dec in func.decorator_list:
        if isinstance(dec, ast.Call):
            for kw in dec.keywords:
                if kw.arg == "aliases" and isinstance(kw.value, (ast.List, ast.Tuple)):
                    out += [e.value for e in kw.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return out
