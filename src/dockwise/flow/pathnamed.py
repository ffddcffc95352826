"""Classes and functions built from their dotted path.

A plugin-style setting names a class by its path and gives the arguments beside it
(``{"class": "pkg.store.Store", "options": {"url": ...}}``, or
``build("pkg.store.Store", {"url": ...})``); a factory imports the class and calls it with
those arguments.  No call of the class is written out, so its parameter defaults look live;
where every such setting passes the parameter, the default never runs.
"""
from __future__ import annotations

import ast
from typing import Any, Iterable

from dockwise.flow.astfacts import module_names
from dockwise.flow.index import Function, ModuleAst

__all__ = ["passed_by_path"]


def passed_by_path(flow: Any, mod: ModuleAst, func: Function, name: str) -> bool:
    """Some setting names ``func`` (a class's ``__init__``: the class) by its dotted path, and
    every one that does passes parameter ``name`` among the arguments beside the path."""
    cls = mod.class_of(func)
    owner = cls.name if func.name == "__init__" and cls is not None else None
    if owner is None and cls is not None:
        return False  # a method is not built from a path
    short = owner or func.name
    paths = {f"{m}{sep}{short}" for m in module_names(mod.rel) for sep in (".", ":")}
    found = False
    for other in flow._containing(short, *paths):
        for holder in _holders(other, paths):
            found = True
            if not any(_gives(arg, name) for arg in _beside(holder)):
                return False
    return found


def _holders(mod: ModuleAst, paths: set[str]) -> Iterable[ast.AST]:
    """The dict literals and calls that hold one of ``paths`` as a string value/argument."""
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Constant) and node.value in paths:
            parent = mod.parent(node)
            if isinstance(parent, ast.Dict) and node in parent.values:
                yield parent
            elif isinstance(parent, ast.Call) and node in parent.args:
                yield parent


def _beside(holder: ast.AST) -> list[ast.AST]:
    """What sits beside the path: the dict's other values, the call's other arguments."""
    if isinstance(holder, ast.Dict):
        return list(holder.values)
    if isinstance(holder, ast.Call):
        return [*holder.args, *holder.keywords]
    return []


def _gives(arg: ast.AST, name: str) -> bool:
    """``arg`` passes ``name``: a keyword of that name, or a dict literal with that key."""
    if isinstance(arg, ast.keyword):
        return arg.arg == name or (arg.arg is not None and _gives(arg.value, name))
    return isinstance(arg, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value == name for k in arg.keys)
