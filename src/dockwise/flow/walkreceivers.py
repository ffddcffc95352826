"""The classes a subclass walk starts from where its receiver is a parameter.

A project's generic helper walks the subclasses of whatever class it is handed
(``def all_subclasses(cls): for sub in cls.__subclasses__(): ...``, called as
``all_subclasses(Plugin)``, often through a second helper, ``find_plugins(base)``, and with
the class wrapped in ``typing.cast``).  Read by its text alone, such a walk starts from a
class computed at run time and may reach any class of the container; read with its callers,
it reaches only the subclasses of the classes they hand it.  ``walked_classes`` follows each
parameter receiver to the arguments of the calls of its function in the modules a container
runs (through other helpers' parameters, a few levels deep): a recursive call of the function
itself stays inside the lineage it walks.  Anything else (a method's ``self``, a local
variable, a call it cannot read, the function handed on as a value rather than called, a
keyword mapping or starred arguments) leaves the walk's reach unknown.
"""
from __future__ import annotations

import ast
from typing import Any, Callable, Iterable

__all__ = ["walked_classes"]

_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEPTH = 4  # helpers handing a class on to another helper, followed this many levels


def walked_classes(mod: Any, walkers: frozenset[str], module_of: Callable[[str], Any],
                   writers_of: Callable[[str], Iterable[str]]) -> frozenset[str] | None:
    """The last names of the classes whose subclasses the walks of ``mod`` (calls of a method
    in ``walkers`` on a class: ``X.__subclasses__()``) start from; None where one may start
    from any class.  ``module_of(rel)``: a module the container runs (None: unreadable);
    ``writers_of(name)``: the modules it runs that write ``name``."""
    reader = _Receivers(module_of, writers_of)
    out: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in walkers:
            got = reader.classes(mod, node, node.func.value, 0)
            if got is None:
                return None
            out |= got
    return frozenset(out)


class _Receivers:
    def __init__(self, module_of: Callable[[str], Any], writers_of: Callable[[str], Iterable[str]]) -> None:
        self.module_of = module_of
        self.writers_of = writers_of

    def enclosing(self, mod: Any, node: ast.AST) -> ast.AST | None:
        """The innermost function holding ``node``, or None at a module's or class's level."""
        return next((a for a in mod.ancestors(node) if isinstance(a, _FUNCS)), None)

    def classes(self, mod: Any, at: ast.AST, expr: ast.AST, depth: int) -> set[str] | None:
        """The classes ``expr``, written at ``at`` of ``mod``, may be (their last names)."""
        if depth > _DEPTH:
            return None
        if isinstance(expr, ast.Call) and _last(expr.func) == "cast" and len(expr.args) == 2 and not expr.keywords:
            expr = expr.args[1]  # typing.cast(T, X) returns X
        func = self.enclosing(mod, at)
        if isinstance(expr, ast.Attribute):
            root: ast.AST = expr
            while isinstance(root, ast.Attribute):
                root = root.value
            # `models.Plugin`: a module's class; `self.kind`, `obj.cls`: an object's, unknown
            if isinstance(root, ast.Name) and root.id in mod.imports and not _bound_in(func, root.id):
                return {expr.attr}
            return None
        if not isinstance(expr, ast.Name):
            return None
        if func is not None:
            if expr.id in _parameters(func):
                return self.parameter(mod, func, expr.id, depth)
            if _bound_in(func, expr.id):
                return None  # a local variable
        if expr.id in mod.classes:
            return {expr.id}  # a class the module defines (at its top, or in a block there)
        if expr.id in mod.imports:
            return {mod.imports[expr.id].rpartition(".")[2]}
        return None

    def parameter(self, mod: Any, func: ast.AST, name: str, depth: int) -> set[str] | None:
        """The classes the parameter ``name`` of ``func`` is handed by the calls of ``func``."""
        assert isinstance(func, _FUNCS)
        holder = mod.parent(func)
        if isinstance(holder, ast.ClassDef):
            # `cls` of a classmethod: the class itself, or a subclass calling it (its lineage)
            first = (func.args.posonlyargs + func.args.args)[:1]
            if first and first[0].arg == name and any(_last(d) == "classmethod" for d in func.decorator_list):
                return {holder.name}
            return None
        if holder is not mod.tree:
            return None  # a nested function: its calls are not looked for
        positional = [a.arg for a in func.args.posonlyargs + func.args.args]
        index = positional.index(name) if name in positional else None
        out: set[str] = set()
        for rel in self.writers_of(func.name):
            other = self.module_of(rel)
            if other is None:
                return None
            for node in ast.walk(other.tree):
                if isinstance(node, ast.ImportFrom) and any(a.name == func.name and a.asname not in (None, func.name)
                                                            for a in node.names):
                    return None  # called under another name (`import ... as subs`): not looked for
                if not (isinstance(node, ast.Name) and node.id == func.name
                        or isinstance(node, ast.Attribute) and node.attr == func.name):
                    continue
                call = other.parent(node)
                if not (isinstance(call, ast.Call) and call.func is node):
                    return None  # handed on as a value (`map(all_subclasses, bases)`): unknown
                if other is mod and self._inside(mod, call, func):
                    continue  # the walk's own recursion: it stays inside the lineage it walks
                arg = _argument(call, index, name)
                if arg is None:
                    return None
                got = self.classes(other, call, arg, depth + 1)
                if got is None:
                    return None
                out |= got
        return out

    def _inside(self, mod: Any, node: ast.AST, func: ast.AST) -> bool:
        return any(a is func for a in mod.ancestors(node))


def _last(expr: ast.AST) -> str | None:
    return expr.attr if isinstance(expr, ast.Attribute) else expr.id if isinstance(expr, ast.Name) else None


def _parameters(func: ast.AST) -> set[str]:
    assert isinstance(func, _FUNCS)
    a = func.args
    names = {p.arg for p in a.posonlyargs + a.args + a.kwonlyargs}
    names.update(p.arg for p in (a.vararg, a.kwarg) if p is not None)
    return names


def _bound_in(func: ast.AST | None, name: str) -> bool:
    """``name`` is assigned (or a loop's, a ``with``'s, an import's target) in ``func``'s body."""
    if func is None:
        return False
    for node in ast.walk(func):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, (ast.Store, ast.Del)):
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name.split(".")[0]) == name
                                                                   for a in node.names):
            return True
    return False


def _argument(call: ast.Call, index: int | None, name: str) -> ast.AST | None:
    """The argument ``call`` gives the parameter at ``index`` named ``name``; None where it
    gives none readable (left to its default, a ``*args`` or ``**kwargs`` hand-on)."""
    if index is not None and index < len(call.args):
        if any(isinstance(a, ast.Starred) for a in call.args[:index + 1]):
            return None
        return call.args[index]
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None
