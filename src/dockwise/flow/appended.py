"""Candidate addresses a function builds by appending: ``tried = ["http://store:9000"]`` then
``tried.append("http://localhost:9285")`` (under a condition or not), where the list is tried in
turn, stopping at the first that answers (``for base in tried: ... break``, in the function or in
a loop over its result, ``for base in candidates():``).  The appended string literals are the
other elements of the display, as if written there (``judge.alternatives``)."""
from __future__ import annotations

import ast

from dockwise.flow.index import FUNCTIONS, ModuleAst

# how large a function building such a list may be (statements at any depth)
_MAX_STATEMENTS = 40


def appended_candidates(mod: ModuleAst, display: ast.AST) -> list[ast.Constant]:
    """The string literals appended to the list ``display`` holds, where ``display`` is the one
    value a local name of a small function is bound to, the function changes the list only by
    ``.append(...)`` of such literals, and the list is iterated by a loop that stops early
    (``break`` or ``return`` in its body), in the function or, where the function returns the
    list, around a call of it in the module (``for x in func():``); else none."""
    if not isinstance(display, ast.List):
        return []
    bind = mod.parent(display)
    if not (isinstance(bind, ast.Assign) and len(bind.targets) == 1 and isinstance(bind.targets[0], ast.Name)):
        return []
    name = bind.targets[0].id
    func = mod.function_of(bind)
    if not isinstance(func, FUNCTIONS) or sum(isinstance(n, ast.stmt) for n in ast.walk(func)) > _MAX_STATEMENTS:
        return []
    appended: list[ast.Constant] = []
    returned = tried = False
    for node in ast.walk(func):
        if isinstance(node, FUNCTIONS + (ast.Lambda, ast.ClassDef)) and node is not func:
            if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)):
                return []  # a nested scope that names it: not followed
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node is not bind:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t)):
                return []  # bound again, or an element replaced: not one list of candidates
        if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
            continue
        use = mod.parent(node)
        if isinstance(use, ast.Attribute):
            call = mod.parent(use)
            if use.attr != "append" or not (isinstance(call, ast.Call) and call.func is use
                                            and len(call.args) == 1 and not call.keywords):
                return []  # `.insert`, `.extend`, `.remove`, ...: not followed
            arg = call.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                appended.append(arg)
            continue
        if isinstance(use, ast.Return) and mod.function_of(use) is func:
            returned = True
        elif isinstance(use, ast.For) and use.iter is node and _stops_early(use):
            tried = True
        elif isinstance(use, ast.Compare) and all(isinstance(op, (ast.In, ast.NotIn)) for op in use.ops) \
                and node is not use.left:
            pass  # `if url not in tried:` before appending
        else:
            return []
    if not appended:
        return []
    if not tried and not (returned and isinstance(func, ast.FunctionDef) and _looped_over(mod, func)):
        return []
    return appended


def _stops_early(loop: ast.For) -> bool:
    """The loop's body leaves it before the end (``break``, ``return``) outside nested loops and
    scopes: it tries its items in turn until one does."""
    stack: list[ast.AST] = list(loop.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Break, ast.Return)):
            return True
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While) + FUNCTIONS + (ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _looped_over(mod: ModuleAst, func: ast.FunctionDef) -> bool:
    """A module-level ``func`` whose every call in its module is the iterable of a loop that
    stops early (``for base in func():``), and there is one."""
    if mod.parent(func) is not mod.tree:
        return False
    loads = mod.loads(func.name)
    if not loads:
        return False
    for load in loads:
        call = mod.parent(load)
        if not (isinstance(call, ast.Call) and call.func is load and not call.args and not call.keywords):
            return False
        loop = mod.parent(call)
        if not (isinstance(loop, ast.For) and loop.iter is call and _stops_early(loop)):
            return False
    return True


def appended_to(mod: ModuleAst, literal: ast.AST) -> ast.List | None:
    """The display of the list that ``literal`` is appended to (``tried.append("http://...")``),
    where ``appended_candidates`` of that display holds it; else None."""
    call = mod.parent(literal)
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append"
            and isinstance(call.func.value, ast.Name) and call.args == [literal]):
        return None
    func = mod.function_of(call)
    if func is None:
        return None
    name = call.func.value.id
    for stmt in ast.walk(func):
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                and stmt.targets[0].id == name and isinstance(stmt.value, ast.List):
            display = stmt.value
            return display if any(c is literal for c in appended_candidates(mod, display)) else None
    return None
