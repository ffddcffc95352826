"""A route handler whose guard rejects every request in a container.

FastAPI resolves the dependencies a path operation's decorator lists
(``@router.get("/x", dependencies=[Depends(feature_required)])``) before it calls the handler;
one that raises ends the request there.  A guard whose body opens with a check of a switch of
the environment and a ``raise`` (``if not settings.FEATURE_ON: raise HTTPException(400)``)
rejects every request where the container's environment writes the switch so that the check
holds: the handler's body, and a helper only such handlers call, run nowhere there.

Only a switch the container's environment writes out counts (``FEATURE_ON=False``): a check of
a variable it leaves unset, or sets from the shell, is a check of configuration the operator
completes (``if not settings.API_TOKEN: raise ...``), not a switch turned off.
"""
from __future__ import annotations

import ast

from dockwise.flow.gates import Gate, PartialEnv, condition
from dockwise.flow.handlers import route_handler
from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted
from dockwise.flow.sinks import Tables

__all__ = ["rejects_every_request"]


def rejects_every_request(t: Tables, mod: ModuleAst, func: ast.AST,
                          env: dict[str, str | None] | None) -> bool:
    """``func`` (a module-level function of ``mod``) is a route handler whose decorator hands
    the framework a guard that raises on every request under ``env``."""
    if env is None or not isinstance(func, FUNCTIONS) or not func.body \
            or route_handler(t, mod, func.body[0]) != func.name:
        return False
    for dec in func.decorator_list:
        if not isinstance(dec, ast.Call):
            continue
        for kw in dec.keywords:
            if kw.arg != "dependencies" or not isinstance(kw.value, (ast.List, ast.Tuple)):
                continue
            for item in kw.value.elts:
                if isinstance(item, ast.Call) and item.args and not isinstance(item.args[0], ast.Starred) \
                        and (dotted(item.func) or "").rpartition(".")[2] in t.request_dependencies:
                    guard = _guard(mod, item.args[0])
                    if guard is not None and _always_raises(t, *guard, env):
                        return True
    return False


def _guard(mod: ModuleAst, expr: ast.AST) -> tuple[ModuleAst, ast.AST] | None:
    """The module-level ``def`` that ``expr`` names (in ``mod`` or imported), with its module."""
    if isinstance(expr, ast.Name) and expr.id not in mod.imports:
        found = mod.top_function(expr.id)
        return (mod, found) if found is not None else None
    qual = mod.qname(expr)
    if not qual or "." not in qual:
        return None
    return mod.imported_function(qual) if mod.imported_function is not None else None


def _always_raises(t: Tables, mod: ModuleAst, func: ast.AST, env: dict[str, str | None]) -> bool:
    """The body of ``func`` opens (after its docstring) with ``if TEST: ... raise ...`` whose
    test reads only variables ``env`` writes out and holds with their values."""
    if not isinstance(func, FUNCTIONS):
        return False
    body = list(func.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if not body:
        return False
    first = body[0]
    if not isinstance(first, ast.If) or first.orelse or not first.body or not isinstance(first.body[-1], ast.Raise) \
            or any(isinstance(n, (ast.Return, ast.Try, ast.If, ast.For, ast.While, ast.With))
                   for s in first.body[:-1] for n in ast.walk(s)):
        return False
    cond = condition(t, mod, first.test)
    if cond is None:
        return False
    variables = _variables(cond)
    if variables is None or not variables:
        return False
    for kind, var in variables:
        if kind == "iset":
            written = [v for k, v in env.items() if k.upper() == var]
        else:
            written = [env[var]] if var in env else []
        if not written or any(v is None for v in written):
            return False  # unset, or set from the shell: configuration to complete, not a switch
    if isinstance(env, PartialEnv):
        env = dict(env)  # every variable read is written: the part known decides
    return Gate(cond, True).holds(env) is True


_COMBINING = frozenset({"truth", "eq", "in", "not", "and", "or"})


def _variables(cond: tuple) -> list[tuple[str, str]] | None:
    """The variables the condition reads, as (kind, name); None where it holds a term that is
    not a plain read of a variable (a reach program, an unread part, the command line)."""
    kind = cond[0]
    if kind in ("env", "set", "iset"):
        return [(kind, cond[1])]
    if kind in _COMBINING:
        out: list[tuple[str, str]] = []
        for part in cond[1:]:
            if isinstance(part, tuple) and part and isinstance(part[0], str):
                got = _variables(part)
                if got is None:
                    return None
                out.extend(got)
        return out
    return None
