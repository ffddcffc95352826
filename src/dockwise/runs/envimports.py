"""Dynamic imports that the environment names: a plugin list read from a variable.

``PLUGINS = os.getenv("PLUGINS", "").split(",")`` then ``for p in PLUGINS: import_module(p)``
imports the modules the variable's value names, by their full dotted names, and nothing
else: with the variable unset (an empty default) the loop imports nothing.  Such a loader is
no plugin discovery over its own package (``runs.closure._discovered``): the modules beside
it are not what it imports.

``env_named_imports(text)`` says, for a module all of whose dynamic imports take their name
only from environment reads (``os.getenv``, ``os.environ.get``, ``os.environ[...]``, through
names bound to them, string methods, ``or``/``if`` fallbacks and comprehensions), which
variables those are and their defaults; ``None`` where any dynamic import takes its name
from anything else (a directory listing, a parameter, a template), which stays discovery.
``modules_named(value)`` splits a variable's value into the module names it lists.
"""
from __future__ import annotations

import ast
import re

from dockwise.astnames import dotted as _dotted
from dockwise.pysyntax import parse as parse_source

__all__ = ["env_named_imports", "env_named_objects", "modules_named"]

_IMPORTERS = {"import_module", "importlib.import_module", "__import__", "builtins.__import__"}
_READERS = {"os.getenv", "getenv", "os.environ.get", "environ.get"}
_MAPPINGS = {"os.environ", "environ"}
# calls that keep a value's text as it is, or its items
_KEEPING = {"list", "tuple", "set", "sorted", "str"}
_MAX_DEPTH = 24
_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_OPAQUE = ast.Constant(value=...)  # a binding whose value is not followed (a parameter, an unpacked item)


def env_named_imports(text: str) -> tuple[tuple[str, str | None], ...] | None:
    """(variable, its default: None where it has none) for each variable the module's dynamic
    imports take their names from; None where any takes its name from something else, or
    the module has none."""
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _dotted(n.func) in _IMPORTERS]
    named = [a for a in (_name_argument(c) for c in calls) if a is not None and not isinstance(a, ast.Constant)]
    if not named:
        return None
    bindings = _bindings(tree)
    reads: dict[str, str | None] = {}
    try:
        if not all(_from_env(a, bindings, reads, set(), 0) for a in named):
            return None
    except RecursionError:
        return None
    return tuple(reads.items()) or None


def env_named_objects(text: str, loaders: frozenset[str]) -> tuple[tuple[str, str | None], ...]:
    """(variable, its default) for each variable whose value a call of ``loaders`` (by its
    last name: Flask's ``app.config.from_object``) is handed as the dotted name of the module
    or class to load: ``from_object(os.environ["APP_SETTINGS"])``, ``from_object(os.getenv(
    "APP_SETTINGS", "project.config.DevelopmentConfig"))``, or a name bound to such a read.
    Each call on its own: one handed anything else (a class, a parameter) names nothing."""
    if not loaders or not any(f"{name}(" in text for name in loaders):
        return ()
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.args
             and (_dotted(n.func) or "").rpartition(".")[2] in loaders
             and not isinstance(n.args[0], ast.Constant)]
    if not calls:
        return ()
    bindings = _bindings(tree)
    out: dict[str, str | None] = {}
    for call in calls:
        reads: dict[str, str | None] = {}
        try:
            if _from_env(call.args[0], bindings, reads, set(), 0):
                for var, default in reads.items():
                    out.setdefault(var, default)
        except RecursionError:
            continue
    return tuple(out.items())


def modules_named(value: str) -> list[str]:
    """The dotted module names a plugin variable lists (commas, semicolons or blanks between)."""
    return [w for w in re.split(r"[\s,;]+", value) if _MODULE.fullmatch(w)]


def _name_argument(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg == "name"), None)


def _bindings(tree: ast.AST) -> dict[str, list[ast.AST]]:
    """Every value each plain name is bound to anywhere in the module (an assignment's value,
    the iterable of a loop or comprehension over it): a name is from the environment only
    where all of them are."""
    out: dict[str, list[ast.AST]] = {}

    def bind(target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Name):
            out.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                bind(t, _OPAQUE)  # an item of an unpacked value: not followed
        elif isinstance(target, ast.Starred):
            bind(target.value, _OPAQUE)

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                bind(t, node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            bind(node.target, node.value)
        elif isinstance(node, ast.NamedExpr):
            bind(node.target, node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            bind(node.target, node.iter)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                out.setdefault(a.arg, []).append(_OPAQUE)  # a parameter: the caller decides
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    bind(item.optional_vars, _OPAQUE)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                out.setdefault((alias.asname or alias.name).split(".")[0], []).append(_OPAQUE)
    return out


def _from_env(node: ast.AST, bindings: dict[str, list[ast.AST]], reads: dict[str, str | None],
              seen: set[str], depth: int) -> bool:
    """Whether ``node``'s value comes only from environment reads and literals (the reads
    found are added to ``reads``)."""
    if depth > _MAX_DEPTH or node is _OPAQUE:
        return False
    d = depth + 1
    if isinstance(node, ast.Constant):
        return node.value is not ...
    if isinstance(node, ast.Call):
        callee = _dotted(node.func)
        if callee in _READERS:
            return _reader(node, reads)
        if callee in _KEEPING:
            return all(_from_env(a, bindings, reads, seen, d) for a in node.args) and not node.keywords
        if isinstance(node.func, ast.Attribute):  # a method of the value: PLUGINS.split(",")
            return _from_env(node.func.value, bindings, reads, seen, d) and all(
                isinstance(a, ast.Constant) for a in (*node.args, *(k.value for k in node.keywords)))
        return False
    if isinstance(node, ast.Subscript):
        if _dotted(node.value) in _MAPPINGS:
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                reads.setdefault(key.value, None)
                return True
            return False
        return _from_env(node.value, bindings, reads, seen, d)  # an item or a slice of the value
    if isinstance(node, ast.Name):
        if node.id in seen:
            return True  # its other bindings decide (``x = x.strip()``)
        values = bindings.get(node.id)
        if not values:
            return False
        seen = seen | {node.id}
        return all(_from_env(v, bindings, reads, seen, d) for v in values)
    if isinstance(node, ast.IfExp):
        return _from_env(node.body, bindings, reads, seen, d) and _from_env(node.orelse, bindings, reads, seen, d)
    if isinstance(node, ast.BoolOp):
        return all(_from_env(v, bindings, reads, seen, d) for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_from_env(e, bindings, reads, seen, d) for e in node.elts)
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return _from_env(node.elt, bindings, reads, seen, d) and all(
            _from_env(g.iter, bindings, reads, seen, d) for g in node.generators)
    return False


def _reader(call: ast.Call, reads: dict[str, str | None]) -> bool:
    """``os.getenv("X", "a.b,c.d")``: records X with its default (a literal string, or none)."""
    key = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in ("key", "name")), None)
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return False
    default = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "default"), None)
    if default is None or isinstance(default, ast.Constant) and default.value is None:
        reads.setdefault(key.value, None)
        return True
    if isinstance(default, ast.Constant) and isinstance(default.value, str):
        reads[key.value] = default.value
        return True
    return False
