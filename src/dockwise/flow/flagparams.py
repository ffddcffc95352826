"""Branches on a function's own flag parameter that its callers never take.

Code written to run both in a container and on a laptop often picks its address by a
parameter: ``def __init__(self, in_container=True): if in_container: host = "db" else: host =
"localhost"``.  Which side runs is decided by the calls, not by the environment: where every
call that can run leaves the parameter at its default, or hands it a constant, and none of
those values takes the branch, the branch never runs and what it assigns is dialled nowhere.
A call that passes anything else (a variable, ``*args``, ``**kwargs``), a function no written
call reaches, or one handed on to be called later, leaves the branch as it is.
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.flow.astfacts import module_names, positional_params
from dockwise.flow.index import Function, ModuleAst
from dockwise.flow.liveness import may_run

__all__ = ["untaken_by_callers"]

_UNKNOWN = object()


def untaken_by_callers(flow: Any, mod: ModuleAst, node: ast.AST) -> bool:
    """``node`` sits in a branch (``if``/``else``, a conditional expression) of its function
    on one of that function's parameters that no call of the function that may run takes."""
    func = mod.function_of(node)
    if func is None:
        return False
    values: dict[str, list[Any] | None] = {}  # parameter -> the values the calls give it
    child = node
    for p in mod.ancestors(node):
        if p is func:
            break
        if isinstance(p, (ast.If, ast.IfExp)):
            side = _side(p, child)
            name = _tested_param(p.test, func) if side is not None else None
            if name is not None:
                if name not in values:
                    values[name] = _given(flow, mod, func, name)
                given = values[name]
                if given and all(_taken(p.test, v) is (not side) for v in given):
                    return True
        child = p
    return False


def _side(branch: ast.If | ast.IfExp, child: ast.AST) -> bool | None:
    """True where ``child`` is on the side that runs when the test holds, False on the
    ``else`` side, None where it is the test itself."""
    if isinstance(branch, ast.If):
        if any(c is child for c in branch.body):
            return True
        return False if any(c is child for c in branch.orelse) else None
    if child is branch.body:
        return True
    return False if child is branch.orelse else None


def _tested_param(test: ast.AST, func: Function) -> str | None:
    """The parameter ``test`` asks about (``flag``, ``not flag``, ``flag == "x"``, ``flag is
    None``), where the function never binds that name again."""
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant):
        test = test.left
    if not isinstance(test, ast.Name):
        return None
    a = func.args
    if not any(x.arg == test.id for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)):
        return None
    for n in ast.walk(func):
        if isinstance(n, ast.Name) and n.id == test.id and not isinstance(n.ctx, ast.Load):
            return None  # reassigned: the caller's value is not the one tested
    return test.id


def _taken(test: ast.AST, value: Any) -> bool | None:
    """Whether ``test`` holds with its parameter bound to ``value``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _taken(test.operand, value)
        return None if inner is None else not inner
    if isinstance(test, ast.Name):
        return bool(value)
    if isinstance(test, ast.Compare) and isinstance(test.comparators[0], ast.Constant):
        other, op = test.comparators[0].value, test.ops[0]
        if isinstance(op, ast.Eq):
            return bool(value == other)
        if isinstance(op, ast.NotEq):
            return bool(value != other)
        if isinstance(op, ast.Is):
            return value is other
        if isinstance(op, ast.IsNot):
            return value is not other
    return None


def _given(flow: Any, mod: ModuleAst, func: Function, name: str) -> list[Any] | None:
    """The constants the calls of ``func`` that may run give parameter ``name`` (its default
    where a call leaves it out); None where a call gives anything else, or where the function
    may be called other than by a call written out."""
    calls = _calls(flow, mod, func)
    if not calls:
        return None  # reached by a framework, a registry, a callback: the arguments are not seen
    params = positional_params(mod, func)
    index = params.index(name) if name in params else None
    default = _default(func, name)
    out: list[Any] = []
    for cmod, call in calls:
        if not may_run(flow, cmod, call):
            continue
        if any(isinstance(x, ast.Starred) for x in call.args) or any(k.arg is None for k in call.keywords):
            return None  # *args / **kwargs: may give it anything
        given = next((k.value for k in call.keywords if k.arg == name), None)
        if given is None and index is not None and len(call.args) > index:
            given = call.args[index]
        value = default if given is None else _constant(given)
        if value is _UNKNOWN:
            return None
        out.append(value)
    return out or None


def _calls(flow: Any, mod: ModuleAst, func: Function) -> list[tuple[ModuleAst, ast.Call]] | None:
    """Every call, in the modules searched, of ``func``'s name (its class's, for an
    ``__init__``), whatever the receiver: another object's method of that name counts too, so
    no call of ours is missed.  None where a mention is no call: the function handed on as a
    callback, the class subclassed or kept to be built later."""
    cls = mod.class_of(func)
    name = cls.name if func.name == "__init__" and cls is not None else func.name
    method = cls is not None and func.name != "__init__"
    mine = set(module_names(mod.rel))
    out: list[tuple[ModuleAst, ast.Call]] = []
    for other in flow._containing(name):
        uses: list[ast.AST] = [*other.attr_loads(name)]
        if not method:
            # `pkg.conn.connect(...)` names ours; `psycopg2.connect(...)` another module's
            uses = [u for u in uses if (other.qname(u) or "").rpartition(".")[0] in mine] + other.loads(name)
        for use in uses:
            parent = other.parent(use)
            if not (isinstance(parent, ast.Call) and parent.func is use):
                return None
            out.append((other, parent))
    return out


def _default(func: Function, name: str) -> Any:
    a = func.args
    positional = [*a.posonlyargs, *a.args]
    for i, d in enumerate(a.defaults):
        if positional[len(positional) - len(a.defaults) + i].arg == name:
            return _constant(d)
    for x, kw in zip(a.kwonlyargs, a.kw_defaults, strict=False):
        if x.arg == name and kw is not None:
            return _constant(kw)
    return _UNKNOWN  # no default: every call gives it (or fails)


def _constant(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, str, type(None))):
        return node.value
    return _UNKNOWN
