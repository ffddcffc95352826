"""Whether a statement runs, by following the code before it with a container's environment.

A value written in a branch that handles a malformed setting, ``db_url =
os.getenv("DATABASE_URL")`` then ``if db_url.startswith("postgresql://"): ... else: host =
"localhost"``, or a branch behind a test on what the code cut from that setting
(``parts = db_url.split("@")``, ``if len(parts) == 2:``), runs only where the variable's value
takes it.  Those tests are no condition on the environment that ``flow/gates.py`` reads, so
the branch counted as one that may run.  :func:`reach_program` records the function (or module
body) holding such a statement, the place of the statement and the environment reads in it;
:func:`reaches` runs that code in a small interpreter of plain values (strings, numbers,
lists; ``split``, ``replace``, ``startswith``, ``len``, comparisons) with a container's
environment, and answers whether the statement is reached: True, False, or None where anything
on the way is not known (a parameter, a call, a loop or ``try`` around it, an exception).  It
never runs the project's code, and any doubt keeps the statement reachable."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable

# the most statements of one function the interpreter follows (each branch taken counts)
_MAX_STEPS = 2000


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True, eq=False)
class ReachProgram:
    """The statements of one scope (a function's body or a module's), the way from them to one
    statement in it (``(field, index)`` steps: ``("body", 3), ("orelse", 0)``), and the
    environment terms of the reads in it by their place (``(line, column)`` -> ``("env",
    VARIABLE, default, transforms)``)."""

    body: tuple[ast.stmt, ...]
    path: tuple[tuple[str, int], ...]
    reads: tuple[tuple[tuple[int, int, int, int], tuple], ...]


def statement_path(scope: ast.AST, target: ast.stmt) -> tuple[tuple[str, int], ...] | None:
    """The ``(field, index)`` steps from ``scope``'s body down to ``target``, through ``if``
    statements only (None where another statement holds it)."""
    def search(stmts: list[ast.stmt], field: str) -> tuple[tuple[str, int], ...] | None:
        for i, stmt in enumerate(stmts):
            if stmt is target:
                return ((field, i),)
            if isinstance(stmt, ast.If) and _holds(stmt, target):
                for sub in ("body", "orelse"):
                    found = search(getattr(stmt, sub), sub)
                    if found is not None:
                        return ((field, i),) + found
                return None
        return None
    return search(list(getattr(scope, "body", [])), "body")


def _holds(stmt: ast.AST, target: ast.AST) -> bool:
    return any(n is target for n in ast.walk(stmt))


def reach_program(scope: ast.AST, target: ast.stmt, env_term: Callable[[ast.AST], tuple | None]) -> ReachProgram | None:
    """The program that decides whether ``target`` runs in ``scope``, or None where the scope
    reads no environment variable (nothing a container changes) or ``target`` sits in another
    statement than ``if`` branches."""
    path = statement_path(scope, target)
    if path is None:
        return None
    reads: list[tuple[tuple[int, int, int, int], tuple]] = []
    for node in ast.walk(scope):
        if _changes_environment(node):
            return None  # `os.environ.setdefault(...)`, `load_dotenv()`: the reads see other values
        if isinstance(node, (ast.Call, ast.Subscript)) and hasattr(node, "lineno"):
            term = env_term(node)
            if term is not None and term[0] == "env":
                reads.append((_place(node), term))
    if not reads:
        return None
    return ReachProgram(tuple(getattr(scope, "body", [])), path, tuple(reads))


def _place(node: ast.AST) -> tuple[int, int, int, int]:
    return (getattr(node, "lineno", -1), getattr(node, "col_offset", -1),
            getattr(node, "end_lineno", -1) or -1, getattr(node, "end_col_offset", -1) or -1)


_ENV_WRITERS = frozenset({"setdefault", "update", "putenv", "pop", "clear", "load_dotenv", "read_env",
                          "load_env", "__setitem__"})


def _changes_environment(node: ast.AST) -> bool:
    """A statement that may change what the environment reads see: a write to a mapping named
    ``environ``, ``putenv``, a dotenv loader."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id in _ENV_WRITERS
        if isinstance(func, ast.Attribute) and func.attr in _ENV_WRITERS:
            return func.attr not in ("update", "pop", "clear", "setdefault") \
                or ast.unparse(func.value).endswith("environ")
    if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        return any(isinstance(t, ast.Subscript) and ast.unparse(t.value).endswith("environ") for t in targets)
    return False


class _Stop(Exception):
    """The scope returns or raises: the statements after this one do not run."""


class _Doubt(Exception):
    """Something on the way is not known: the answer is None."""


class _Reached(Exception):
    pass


def reaches(program: ReachProgram, read: Callable[[tuple], Any]) -> bool | None:
    """Whether ``program``'s statement runs where ``read`` gives each environment term its value
    (``UNKNOWN`` where the environment does not say)."""
    runner = _Runner(program, read)
    try:
        runner.block(list(program.body), program.path)
    except _Reached:
        return True
    except _Stop:
        return False
    except (_Doubt, RecursionError):
        return None
    return False  # the scope ends without running it


_SAFE_STR_METHODS = frozenset({
    "lower", "upper", "strip", "lstrip", "rstrip", "casefold", "split", "rsplit", "replace",
    "startswith", "endswith", "partition", "rpartition", "removeprefix", "removesuffix", "find",
    "rfind", "count", "isdigit", "isnumeric", "isalnum",
})


class _Runner:
    def __init__(self, program: ReachProgram, read: Callable[[tuple], Any]) -> None:
        self.reads = dict(program.reads)
        self.read = read
        self.names: dict[str, Any] = {}
        self.steps = 0

    # -- statements ---------------------------------------------------------------------
    def block(self, stmts: list[ast.stmt], path: tuple[tuple[str, int], ...] | None) -> None:
        """Run ``stmts``; ``path`` leads to the statement sought where it is in them."""
        aim = path[0][1] if path else None
        for i, stmt in enumerate(stmts):
            self.steps += 1
            if self.steps > _MAX_STEPS:
                raise _Doubt
            if aim is not None and i == aim:
                assert path is not None
                if len(path) == 1:
                    raise _Reached
                self.branch(stmt, path[1:])
                continue
            self.statement(stmt)

    def branch(self, stmt: ast.stmt, path: tuple[tuple[str, int], ...]) -> None:
        """An ``if`` holding the statement sought (``path`` from its branches)."""
        assert isinstance(stmt, ast.If)
        taken = self.truth(stmt.test)
        side = "body" if taken else "orelse"
        self.block(stmt.body if taken else stmt.orelse, path if path[0][0] == side else None)

    def statement(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, (ast.Return, ast.Raise)):
            raise _Stop
        if isinstance(stmt, (ast.Pass, ast.Expr, ast.Assert, ast.Import, ast.ImportFrom, ast.Global,
                             ast.Nonlocal)):
            if isinstance(stmt, ast.Expr):
                self.forget_mutated(stmt.value)
            else:
                self.forget_bound(stmt)
            return
        if isinstance(stmt, ast.Assign):
            value = self.value(stmt.value)
            self.forget_mutated(stmt.value)
            for target in stmt.targets:
                self.bind(target, value)
            return
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            self.names[stmt.target.id] = self.value(stmt.value) if stmt.value is not None else UNKNOWN
            return
        if isinstance(stmt, ast.If):
            taken = self.truth(stmt.test, doubt=False)
            if taken is UNKNOWN:
                # either side may run: where one may leave the scope, what follows is not known
                if any(isinstance(n, (ast.Return, ast.Raise)) for n in ast.walk(stmt)):
                    raise _Doubt
                self.forget_bound(stmt)
                return
            self.block(stmt.body if taken else stmt.orelse, None)
            return
        if isinstance(stmt, (ast.Break, ast.Continue)):
            raise _Doubt
        # a loop, `try`, `with`, a definition...: what it binds is not known afterwards, and
        # where it may leave the scope, whether the rest runs is not known either
        if any(isinstance(n, (ast.Return, ast.Raise)) for n in ast.walk(stmt)) \
                and not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            raise _Doubt
        self.forget_bound(stmt)

    def bind(self, target: ast.AST, value: Any) -> None:
        if isinstance(target, ast.Name):
            self.names[target.id] = value
            return
        if isinstance(target, (ast.Subscript, ast.Attribute)):
            # `parts[0] = ...`, `obj.field = ...`: the object it writes into changes
            for n in ast.walk(target.value):
                if isinstance(n, ast.Name):
                    self.names[n.id] = UNKNOWN
            return
        if isinstance(target, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in target.elts):
            if isinstance(value, (list, tuple)):
                if len(value) != len(target.elts):
                    raise _Doubt  # the unpacking raises
                for elt, v in zip(target.elts, value, strict=True):
                    self.bind(elt, v)
                return
        self.forget_bound(target)

    def forget_bound(self, node: ast.AST) -> None:
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and isinstance(n.ctx, (ast.Store, ast.Del)):
                self.names[n.id] = UNKNOWN
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                for alias in n.names:
                    self.names[(alias.asname or alias.name).split(".")[0]] = UNKNOWN
            elif isinstance(n, (ast.Global, ast.Nonlocal)):
                for name in n.names:
                    self.names[name] = UNKNOWN
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.names[n.name] = UNKNOWN

    def forget_mutated(self, expr: ast.AST) -> None:
        """``parts.append(x)``, ``fill(parts)``: a call may change the lists it is handed."""
        for call in ast.walk(expr):
            if isinstance(call, ast.NamedExpr) and isinstance(call.target, ast.Name):
                self.names[call.target.id] = UNKNOWN
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            if isinstance(func, ast.Name) and func.id in ("len", "int", "str") \
                    or isinstance(func, ast.Attribute) and func.attr in _SAFE_STR_METHODS:
                continue
            for part in [func, *call.args, *(k.value for k in call.keywords)]:
                for n in ast.walk(part):
                    if isinstance(n, ast.Name) and isinstance(self.names.get(n.id), list):
                        self.names[n.id] = UNKNOWN

    # -- expressions --------------------------------------------------------------------
    def truth(self, test: ast.AST, doubt: bool = True) -> Any:
        v = self.value(test)
        if v is UNKNOWN:
            if doubt:
                raise _Doubt
            return UNKNOWN
        return bool(v)

    def value(self, node: ast.AST) -> Any:
        try:
            return self._value(node)
        except _Doubt:
            return UNKNOWN
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError, OverflowError):
            raise _Doubt from None  # the program raises there (or we misread it): no answer

    def _value(self, node: ast.AST) -> Any:
        place = _place(node)
        if place in self.reads and isinstance(node, (ast.Call, ast.Subscript)):
            got = self.read(self.reads[place])
            if got is UNKNOWN:
                raise _Doubt
            return got
        if isinstance(node, ast.Constant):
            if isinstance(node.value, (str, int, float, bool, type(None))):
                return node.value
            raise _Doubt
        if isinstance(node, ast.Name):
            bound = self.names.get(node.id, UNKNOWN)
            if bound is UNKNOWN:
                raise _Doubt
            return bound
        if isinstance(node, (ast.Tuple, ast.List)):
            return [self._value(e) for e in node.elts]
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                v: Any = True
                for e in node.values:
                    v = self._value(e)
                    if not v:
                        return v
                return v
            for e in node.values:
                v = self._value(e)
                if v:
                    return v
            return v
        if isinstance(node, ast.UnaryOp):
            operand = self._value(node.operand)
            if isinstance(node.op, ast.Not):
                return not operand
            if isinstance(node.op, ast.USub) and isinstance(operand, (int, float)):
                return -operand
            raise _Doubt
        if isinstance(node, ast.IfExp):
            return self._value(node.body) if self._value(node.test) else self._value(node.orelse)
        if isinstance(node, ast.Compare):
            left = self._value(node.left)
            for op, comp in zip(node.ops, node.comparators, strict=True):
                right = self._value(comp)
                if not _compare(op, left, right):
                    return False
                left = right
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._value(node.left), self._value(node.right)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            if type(left) in (int, float) and type(right) in (int, float):
                return left + right
            raise _Doubt
        if isinstance(node, ast.Subscript):
            base = self._value(node.value)
            if not isinstance(base, (str, list)):
                raise _Doubt
            if isinstance(node.slice, ast.Slice):
                lo = self._value(node.slice.lower) if node.slice.lower is not None else None
                hi = self._value(node.slice.upper) if node.slice.upper is not None else None
                if node.slice.step is not None or not all(x is None or type(x) is int for x in (lo, hi)):
                    raise _Doubt
                return base[lo:hi]
            index = self._value(node.slice)
            if type(index) is not int:
                raise _Doubt
            return base[index]
        if isinstance(node, ast.Call) and not node.keywords \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            if isinstance(node.func, ast.Name) and node.func.id in ("len", "int", "str") \
                    and node.func.id not in self.names and len(node.args) == 1:
                arg = self._value(node.args[0])
                if node.func.id == "len" and isinstance(arg, (str, list)):
                    return len(arg)
                if node.func.id == "int" and isinstance(arg, (str, int)) and not isinstance(arg, bool):
                    return int(arg)
                if node.func.id == "str" and isinstance(arg, (str, int)):
                    return str(arg)
                raise _Doubt
            if isinstance(node.func, ast.Attribute) and node.func.attr in _SAFE_STR_METHODS:
                base = self._value(node.func.value)
                if not isinstance(base, str):
                    raise _Doubt
                args = [self._value(a) for a in node.args]
                if not all(isinstance(a, (str, int)) and not isinstance(a, bool) or a is None for a in args):
                    raise _Doubt
                got = getattr(base, node.func.attr)(*args)
                return list(got) if isinstance(got, (list, tuple)) else got
        raise _Doubt


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    if isinstance(op, ast.Eq):
        return bool(left == right)
    if isinstance(op, ast.NotEq):
        return bool(left != right)
    if isinstance(op, ast.Is):
        return left is right if right is None or left is None else left == right
    if isinstance(op, ast.IsNot):
        return left is not right if right is None or left is None else left != right
    if isinstance(op, (ast.In, ast.NotIn)):
        if not isinstance(right, (str, list)) or (isinstance(right, str) and not isinstance(left, str)):
            raise _Doubt
        return (left in right) == isinstance(op, ast.In)
    pair = (left, right)
    if not all(type(x) in (int, float) for x in pair) and not all(isinstance(x, str) for x in pair):
        raise _Doubt
    if isinstance(op, ast.Lt):
        return bool(left < right)
    if isinstance(op, ast.LtE):
        return bool(left <= right)
    if isinstance(op, ast.Gt):
        return bool(left > right)
    if isinstance(op, ast.GtE):
        return bool(left >= right)
    raise _Doubt
