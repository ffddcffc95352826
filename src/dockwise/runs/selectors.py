"""Imports behind an environment selector: ``match os.environ["STORE"]: case "redis": from
.redis_store import RedisStore`` imports the Redis module only in a container whose
``STORE`` is ``redis``; ``if os.getenv("DB", "pg") == "mysql": import app.mysql`` only where
``DB`` is ``mysql``.

``selector_gates(text)`` reads, for each import nested in such branches, what the branches
require of the environment; ``gate_allows`` judges that against a container's environment.
Only the plain shapes are read (a comparison of one environment read with string
literals, directly or through a name bound once to it, the read alone as a truth test,
``if os.getenv("CI_RUN"):``, and ``case`` patterns of string literals, and ``"X" in
os.environ``); anything else leaves the import unconditional, as the
line scanner takes it.  A variable whose name says the process runs in a container
(``IN_DOCKER``, ``rules/flow.yaml`` container_env_flags) is set where the environment is
unknown: ``if "IN_DOCKER" in os.environ: from .docker import * else: from .local import *``
imports only ``.docker`` in an image run outside Compose.
"""
from __future__ import annotations

import ast
import bisect
import re
from typing import Callable, Iterator

from dockwise.astnames import dotted as _dotted
from dockwise.astnames import test_run_check
from dockwise.pysyntax import parse as parse_source

__all__ = ["Requirement", "selector_gates", "gate_allows", "test_run_lines"]

# (variable, its default where unset (None: none), transforms such as "lower", the values,
# whether the value must be among them (True) or not (False)); a value None: unset
Requirement = tuple[str, "str | None", tuple[str, ...], "tuple[str | None, ...]", bool]

_INDENTED_IMPORT = re.compile(r"^[ \t]+(?:from[ \t]+\S+[ \t]+)?import[ \t]", re.MULTILINE)
_BRANCH_HEAD = re.compile(r"(?:if|elif|else|match|case)\b")
_ANY_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+\S+[ \t]+)?import[ \t]", re.MULTILINE)
_TRANSFORMS = ("lower", "upper", "strip", "casefold")
_READERS = {"os.getenv", "getenv", "os.environ.get", "environ.get"}
_MAPPINGS = {"os.environ", "environ"}
_EMPTY: tuple[str | None, ...] = (None, "")  # the values a read's truth test takes as false


def selector_gates(text: str) -> tuple[tuple[int, tuple[Requirement, ...]], ...]:
    """(line of an import, what the environment must hold for it to run) for each import
    nested under environment selectors; empty where the module has none (the common case,
    found without parsing)."""
    if ("environ" not in text and "getenv" not in text) or not _branch_import(text):
        return ()
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    out: list[tuple[int, tuple[Requirement, ...]]] = []
    # the lines that may start an import: code without one is not visited (the conditions of
    # its branches are never read), which keeps a large module with no selector cheap
    lines = [text.count("\n", 0, m.start()) + 1 for m in _ANY_IMPORT.finditer(text)]
    try:
        for node, needs in _visit(tree, (), tree, tree, lines):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and needs:
                out.append((node.lineno, needs))
    except RecursionError:
        return ()  # nested past the stack: the imports stay unconditional
    return tuple(out)


def _branch_import(text: str) -> bool:
    """Whether an indented import sits in a block some branch opens (a line above it, less
    indented, starts with ``if``/``elif``/``else``/``match``/``case``): found on the text, so
    that a module whose imports are only at the top or in plain functions is never parsed."""
    for m in _INDENTED_IMPORT.finditer(text):
        indent = len(m.group(0)) - len(m.group(0).lstrip(" \t"))
        end = m.start()
        while indent > 0 and end > 0:
            start = text.rfind("\n", 0, end - 1) + 1
            line = text[start:end]
            end = start
            stripped = line.lstrip(" \t")
            if not stripped.strip() or stripped.startswith("#"):
                continue
            width = len(line) - len(stripped)
            if width < indent:
                if _BRANCH_HEAD.match(stripped):
                    return True
                indent = width
    return False


def test_run_lines(text: str) -> tuple[tuple[int, int], ...]:
    """The (first, last) lines of the bodies of branches taken only by a test run:
    ``if "test" in sys.argv:``, ``if sys.argv[1:2] == ["test"]:``, ``if "pytest" in
    sys.modules:`` (``astnames.test_run_check``, asking with ``in`` or ``==`` only: a ``not in``
    takes its body for every other run, and an ``else`` is what every other run takes).  A
    container's start command makes no test run, so a name written there (the test settings
    module that ``manage.py`` gives ``DJANGO_SETTINGS_MODULE`` by default for ``manage.py
    test``) is imported by none of its commands."""
    if "argv" not in text and "sys.modules" not in text:
        return ()
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and node.body \
                and all(isinstance(op, (ast.In, ast.Eq)) for op in node.test.ops) and test_run_check(node.test):
            out.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
    return tuple(out)


def gate_allows(needs: tuple[Requirement, ...], env: dict[str, str | None] | None,
                container_flag: Callable[[str], object] | None = None) -> bool:
    """Whether the branches ``needs`` describes may run with ``env`` (a container's
    variables, None for a value known only at run time; ``env`` None: unknown, all may, but
    for a branch that needs a ``container_flag`` variable unset: the flag says "in a container",
    and the code runs in one)."""
    if env is None:
        return container_flag is None or not any(
            values == (None,) and among and container_flag(var) for var, _, _, values, among in needs)
    for var, default, transforms, values, among in needs:
        if var in env:
            value = env[var]
            if value is None:
                continue  # set from the shell at run time
        else:
            value = default
        for t in transforms:
            value = getattr(value, t)() if value is not None else None
        if (value in values) != among:
            return False
    return True


def _visit(node: ast.AST, needs: tuple[Requirement, ...], scope: ast.AST,
           module: ast.Module, lines: list[int]) -> Iterator[tuple[ast.AST, tuple]]:
    """``node`` and every statement under it that may hold an import (one of ``lines``), with
    the requirements of the branches each sits in (``scope``: the function whose names a
    condition reads, or the module).  Expressions hold no import: they are not visited."""
    start, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    if start is not None and end is not None:
        i = bisect.bisect_left(lines, start)
        if i == len(lines) or lines[i] > end:
            return
    yield node, needs
    if isinstance(node, ast.If):
        req = _requirement(node.test, scope, module)
        for branch, taken in ((node.body, True), (node.orelse, False)):
            here = needs if req is None else needs + ((*req[:4], req[4] == taken),)
            for stmt in branch:
                yield from _visit(stmt, here, scope, module, lines)
    elif isinstance(node, ast.Match):
        yield from _visit_match(node, needs, scope, module, lines)
    else:
        inner = node if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else scope
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.expr):
                yield from _visit(child, needs, inner, module, lines)


def _visit_match(node: ast.Match, needs: tuple, scope: ast.AST, module: ast.Module,
                 lines: list[int]) -> Iterator[tuple[ast.AST, tuple]]:
    """A ``case`` of literals runs only where the subject is one of them; a final ``case _:``
    only where it is none of the literals of the (unguarded) cases before."""
    subject = _env_read(node.subject, scope, module)
    earlier: list[str] | None = []  # the literals of the cases before (None: a case not all literal)
    for case in node.cases:
        values = _literals(case.pattern)
        here = needs
        if subject is not None and values is not None:
            here = needs + ((*subject, tuple(values), True),)
        elif subject is not None and _wildcard(case.pattern) and case.guard is None and earlier:
            here = needs + ((*subject, tuple(earlier), False),)
        if earlier is not None:
            earlier = earlier + values if values is not None and case.guard is None else None
        for stmt in case.body:
            yield from _visit(stmt, here, scope, module, lines)


def _literals(pattern: ast.pattern) -> list[str] | None:
    """``case "redis":`` / ``case "a" | "b":`` -> the strings; None for any other pattern."""
    if isinstance(pattern, ast.MatchValue) and isinstance(pattern.value, ast.Constant) \
            and isinstance(pattern.value.value, str):
        return [pattern.value.value]
    if isinstance(pattern, ast.MatchOr):
        out: list[str] = []
        for p in pattern.patterns:
            got = _literals(p)
            if got is None:
                return None
            out.extend(got)
        return out
    return None


def _wildcard(pattern: ast.pattern) -> bool:
    return isinstance(pattern, ast.MatchAs) and pattern.pattern is None


def _requirement(test: ast.AST, scope: ast.AST, module: ast.Module) -> Requirement | None:
    """``read == "x"`` / ``!=`` / ``in ("x", "y")`` / ``not in`` / ``not <one of those>``, and the
    read alone, a truth test (``if os.getenv("X"):``: the value is neither unset nor empty)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _requirement(test.operand, scope, module)
        return None if inner is None else (*inner[:4], not inner[4])
    if isinstance(test, (ast.Call, ast.Subscript)):
        read = _env_read(test, scope, module)
        if read is not None:
            # `if os.getenv("CI_RUN"):`: taken where the variable holds a non-empty value
            return (*read, _EMPTY, False)
    flag = _flag_test(test)
    if flag is not None:
        got = _flag_requirement(flag[0], test, scope, module)
        return None if got is None else got if flag[1] else (*got[:4], not got[4])
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    op, left, right = test.ops[0], test.left, test.comparators[0]
    if isinstance(op, (ast.In, ast.NotIn)) and isinstance(left, ast.Constant) and isinstance(left.value, str) \
            and _dotted(right) in _MAPPINGS:
        # "X" in os.environ: set (a value not None); `not in`: unset
        return left.value, None, (), (None,), isinstance(op, ast.NotIn)
    if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(left, ast.Constant):
        left, right = right, left
    read = _env_read(left, scope, module)
    if read is None:
        return None
    if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(right, ast.Constant) and isinstance(right.value, str):
        return (*read, (right.value,), isinstance(op, ast.Eq))
    if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) \
            and right.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in right.elts):
        values = tuple(e.value for e in right.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
        return (*read, values, isinstance(op, ast.In))
    return None


def _flag_test(test: ast.AST) -> tuple[str, bool] | None:
    """``FLAG`` / ``FLAG == True`` / ``FLAG is True`` -> ("FLAG", True); ``== False`` / ``is
    False`` -> ("FLAG", False); None for any other test."""
    if isinstance(test, ast.Name):
        return test.id, True
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.left, ast.Name) \
            and isinstance(test.ops[0], (ast.Eq, ast.Is)) and isinstance(test.comparators[0], ast.Constant) \
            and isinstance(test.comparators[0].value, bool):
        return test.left.id, test.comparators[0].value
    return None


def _flag_requirement(name: str, test: ast.AST, scope: ast.AST, module: ast.Module) -> Requirement | None:
    """What the environment must hold for the module-level flag ``name`` to be true, where
    the flag is set by a branch on the environment: bound once to a comparison of an
    environment read (``DEBUG = os.getenv("ENV") != "production"``), or bound only in the two
    arms of one top-level ``if`` on the environment, to ``True`` in one and ``False`` in the
    other (``if os.getenv("ENV") == "production": DEBUG = False`` ``else: DEBUG = True``).  A
    flag the function reading it binds, or one a star import above the test may bind again
    (``from .local import *``), is not known: None."""
    if scope is not module and _binds(name, scope) != 0:
        return None
    line = getattr(test, "lineno", 0)
    if any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) and n.lineno < line
           for stmt in module.body for n in ast.walk(stmt)):
        return None
    value = _bound_once(name, module)
    if isinstance(value, ast.Compare) and _flag_test(value) is None:
        return _requirement(value, module, module)
    if isinstance(value, (ast.Call, ast.Subscript)):
        read = _env_read(value, module, module)
        if read is not None:
            return (*read, _EMPTY, False)  # `CI = os.getenv("CI_RUN")` ... `if CI:`
    stores = _stores(name, module)
    if not stores or len(stores) != 2:
        return None
    for stmt in module.body:
        if not isinstance(stmt, ast.If) or not (stmt.lineno <= stores[0].lineno <= (stmt.end_lineno or 0)):
            continue
        arms = [_assigned_bool(name, stmt.body), _assigned_bool(name, stmt.orelse)]
        req = _requirement(stmt.test, module, module) if _flag_test(stmt.test) is None else None
        if req is None or None in arms or arms[0] == arms[1]:
            return None
        return req if arms[0] else (*req[:4], not req[4])
    return None


def _assigned_bool(name: str, body: list[ast.stmt]) -> bool | None:
    """The boolean an arm's one top-level ``NAME = True``/``False`` gives, where the arm binds
    ``name`` nowhere else; None otherwise."""
    found = [s for s in body if isinstance(s, ast.Assign) and len(s.targets) == 1
             and isinstance(s.targets[0], ast.Name) and s.targets[0].id == name]
    others = [n for s in body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == name
              and isinstance(n.ctx, ast.Store)]
    if len(found) != 1 or len(others) != 1:
        return None
    value = found[0].value
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, bool) else None


def _env_read(expr: ast.AST, scope: ast.AST, module: ast.Module,
              depth: int = 0) -> tuple[str, str | None, tuple[str, ...]] | None:
    """(variable, default, transforms) of ``os.getenv("X", "d").lower()``, ``os.environ["X"]``,
    or a name bound once to one of those: in the function that reads it, or else in the
    module."""
    transforms: list[str] = []
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args \
            and not expr.keywords and expr.func.attr in _TRANSFORMS:
        transforms.insert(0, expr.func.attr)
        expr = expr.func.value
    if isinstance(expr, ast.Name) and depth < 3:
        value, where = _bound_once(expr.id, scope), scope
        if value is None and scope is not module and _binds(expr.id, scope) == 0:
            value, where = _bound_once(expr.id, module), module
        got = _env_read(value, where, module, depth + 1) if value is not None else None
        return None if got is None else (got[0], got[1], got[2] + tuple(transforms))
    if isinstance(expr, ast.Subscript) and _dotted(expr.value) in _MAPPINGS \
            and isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, str):
        return expr.slice.value, None, tuple(transforms)
    if not (isinstance(expr, ast.Call) and _dotted(expr.func) in _READERS and expr.args and not expr.keywords):
        return None
    var = expr.args[0]
    default = expr.args[1] if len(expr.args) > 1 else None
    if not (isinstance(var, ast.Constant) and isinstance(var.value, str)) or len(expr.args) > 2:
        return None
    if default is None:
        return var.value, None, tuple(transforms)
    if not (isinstance(default, ast.Constant) and isinstance(default.value, (str, type(None)))):
        return None
    return var.value, default.value, tuple(transforms)


def _bound_once(name: str, scope: ast.AST) -> ast.AST | None:
    """The value of the one assignment to ``name`` in ``scope`` (a function: its own body,
    not a parameter; the module: its top-level statements), or None."""
    stores = _stores(name, scope)
    if stores is None or len(stores) != 1:
        return None
    for n in _nodes(scope):
        if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is not None:
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            if any(t is stores[0] for t in targets):
                return n.value
    return None  # bound by a loop, a `with`, a walrus...: not one plain value


def _binds(name: str, scope: ast.AST) -> int | None:
    """How many times ``scope`` binds ``name`` (None: a parameter, or declared global)."""
    stores = _stores(name, scope)
    return None if stores is None else len(stores)


def _stores(name: str, scope: ast.AST) -> list[ast.Name] | None:
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = scope.args
        if any(a.arg == name for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg) if a):
            return None
    found: list[ast.Name] = []
    for n in _nodes(scope):
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store):
            found.append(n)
        elif isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            return None
    return found


def _nodes(scope: ast.AST) -> list[ast.AST]:
    """A function's nodes, or a module's outside its functions and classes."""
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return list(ast.walk(scope))
    return [n for stmt in getattr(scope, "body", []) for n in ast.walk(stmt)
            if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
