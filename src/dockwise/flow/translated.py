"""A host alias written as the translation of a loopback name (flow/judge.py).

``if host == "localhost": host = "host.docker.internal"`` rewrites an address a user typed on
their machine into the name a container reaches it by.  Which container dials the result is
said by where the result goes (a client here, or the JSON body of a request to another
service whose containers dial it), not by the alias's form: such a literal needs a way to a
sink, as any other address does."""
from __future__ import annotations

import ast
from typing import Any, Callable

__all__ = ["translates_loopback"]


def translates_loopback(mod: Any, node: ast.AST, is_loopback: Callable[[str], bool]) -> bool:
    """``node`` (a string literal of ``mod``) is the value an ``if`` whose test compares a name
    with a loopback literal (``==``, ``in``) assigns or returns in its body: the branch taken
    for a loopback value, giving its replacement."""
    stmt = mod.parent(node)
    if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.Return)) or stmt.value is not node:
        return False
    branch = mod.parent(stmt)
    if not isinstance(branch, ast.If) or stmt not in branch.body:
        return False
    return _compares_loopback(branch.test, is_loopback)


def _compares_loopback(test: ast.AST, is_loopback: Callable[[str], bool]) -> bool:
    if isinstance(test, ast.BoolOp):
        return any(_compares_loopback(v, is_loopback) for v in test.values)
    if not isinstance(test, ast.Compare) or len(test.ops) != 1 or not isinstance(test.ops[0], (ast.Eq, ast.In)):
        return False
    sides = [test.left, *test.comparators]
    literals: list[ast.AST] = []
    for side in sides:
        if isinstance(side, (ast.Tuple, ast.List, ast.Set)):
            literals.extend(side.elts)
        else:
            literals.append(side)
    return any(isinstance(x, ast.Constant) and isinstance(x.value, str) and is_loopback(x.value) for x in literals) \
        and any(isinstance(s, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)) for s in sides)
