"""Environment variables the code writes into its own process before it reads them.

A wrapper often sets the variables a module reads and only then imports or calls it:
``os.environ["STORE_HOST"] = settings.STORE_HOST`` and then ``import migrator`` (which reads
``os.getenv("STORE_HOST", "127.0.0.1")`` as it is imported), or then ``migrator.main()``
(which reads it inside ``main``).  Where every way to the read goes through such a write,
the read's default is never used: the written value is, whatever the container's
environment says.

Counted only for the default of a read at a module's top level or directly in a module-level
function, where every place that can reach it (an import statement of that module; a name of
that function) lies in a function's body after a statement of that body, at its top level,
that assigns ``os.environ["NAME"]`` a value known to be no loopback address (a string, or a
constant of another module bound to strings), and at least one such place exists.  Anything
else keeps the default judged: a written parameter (a command-line option whose own default
may be the same ``localhost``: flow/optionreplaced.py decides those), an import at a module's
top level (it runs before any write), the module run or loaded by the start command itself,
the function named by the start command or by a string (``"pkg.migrator:main"``), handed on
instead of called, or a write inside a branch.
"""
from __future__ import annotations

import ast
from typing import Any, Iterable

from dockwise.flow.astfacts import assigned_values, module_names
from dockwise.flow.index import ModuleAst
from dockwise.flow.liveness import dead_main
from dockwise.words import has_whole

__all__ = ["written_first"]

Flow = Any  # dockwise.flow.evidence.Flow: module, mains, entry_words, _containing


def written_first(flow: Flow, mod: ModuleAst, line: int, column: int, name: str,
                  entries: Iterable[tuple[str, str]]) -> bool:
    """The default at ``line``/``column`` of ``mod`` belongs to a read of ``name`` that runs
    only after the process wrote ``os.environ[name]`` (see the module's docstring).
    ``entries``: (kind, value) of what the start command runs or loads itself
    (runs/entries.py Entry)."""
    node = mod.string_at(line, column)
    call = mod.parent(node) if node is not None else None
    if not isinstance(call, ast.Call) or node not in call.args[1:] \
            or not (call.args and isinstance(call.args[0], ast.Constant) and call.args[0].value == name):
        return False  # (only `os.getenv(NAME, default)`, `os.environ.get(NAME, default)`)
    names = set(module_names(mod.rel))
    func = mod.function_of(call)
    if func is None:
        if mod.class_of(call) is not None or mod.rel.endswith("__init__.py") \
                or any(_starts(kind, value, mod.rel, names) for kind, value in entries):
            return False
        if flow.mains is None or mod.rel in flow.mains:
            return False
        return _imported_after_write(flow, mod, names, name)
    if mod.parent(func) is not mod.tree or getattr(func, "decorator_list", None) or func.name.startswith("__"):
        return False  # a method, a nested or decorated function: called in ways not searched here
    return _called_after_write(flow, mod, names, func.name, name)


def _starts(kind: str, value: str, rel: str, names: set[str]) -> bool:
    """The entry may run or import ``rel`` itself (an entry of a kind not read here may)."""
    if kind == "file":
        return value == rel
    if kind == "module":
        return value in names
    if kind == "script":
        return value.rsplit("/", 1)[-1] == rel.rsplit("/", 1)[-1]
    return True


def _names_string(other: ModuleAst, wanted: tuple[str, ...]) -> bool:
    """A string of ``other`` holds one of ``wanted``."""
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) and any(w in n.value for w in wanted)
               for n in ast.walk(other.tree))


def _imported_after_write(flow: Flow, mod: ModuleAst, names: set[str], var: str) -> bool:
    """Every import statement of ``mod`` in the modules searched lies after a write of ``var``
    in its function, and there is one."""
    last = mod.rel.rsplit("/", 1)[-1][:-3]
    found = False
    for other in flow._containing(last):
        if other is mod:
            continue
        for stmt in ast.walk(other.tree):
            if isinstance(stmt, ast.Constant) and isinstance(stmt.value, str) \
                    and (stmt.value in names or stmt.value.split(":", 1)[0] in names):
                return False  # imported by its name (`importlib.import_module("pkg.migrator")`)
            if not _imports(other, stmt, names):
                continue
            if not _after_write(flow, other, stmt, var):
                return False
            found = True
    return found


def _imports(other: ModuleAst, stmt: ast.AST, names: set[str]) -> bool:
    if isinstance(stmt, ast.Import):
        return any(alias.name in names for alias in stmt.names)
    if isinstance(stmt, ast.ImportFrom):
        base = other.import_base(stmt)
        return base in names or any(f"{base}.{alias.name}" in names for alias in stmt.names)
    return False


def _called_after_write(flow: Flow, mod: ModuleAst, names: set[str], fname: str, var: str) -> bool:
    """Every name of the module-level function ``fname`` of ``mod`` that can run is a call
    after a write of ``var`` in its function, and there is one."""
    if has_whole(flow.entry_words, fname):
        return False  # the start command names it
    spelled = tuple(f"{m}{sep}{fname}" for m in names for sep in (":", "."))
    found = False
    for other in [mod, *(o for o in flow._containing(fname) if o is not mod)]:
        if other is not mod and any(s in other.text for s in spelled) and _names_string(other, spelled):
            return False  # named by a string (`"pkg.migrator:main"` handed to a runner)
        refs: list[ast.AST] = []
        for load in other.loads(fname):
            qual = other.qname(load) or ""
            if other is mod and qual == fname or qual.rpartition(".")[0] in names:
                refs.append(load)
        for attr in other.attr_loads(fname):
            if (other.qname(attr.value) or "") in names:
                refs.append(attr)
        for ref in refs:
            if dead_main(flow, other, ref):
                continue
            parent = other.parent(ref)
            if not (isinstance(parent, ast.Call) and parent.func is ref) or not _after_write(flow, other, ref, var):
                return False  # handed on, or called before any write
            found = True
    return found


def _after_write(flow: Flow, mod: ModuleAst, node: ast.AST, var: str) -> bool:
    """``node`` lies in a function's body after a statement of that body, at its top level,
    that assigns ``os.environ[var]`` a value known to be no loopback address."""
    func = mod.function_of(node)
    if func is None:
        return False
    top: ast.AST | None = node
    while top is not None and mod.parent(top) is not func:
        top = mod.parent(top)
    body = getattr(func, "body", [])
    if top is None or not any(s is top for s in body):
        return False
    at = next(i for i, s in enumerate(body) if s is top)
    return any(_writes(flow, mod, s, var) for s in body[:at])


def _writes(flow: Flow, mod: ModuleAst, stmt: ast.AST, var: str) -> bool:
    """``stmt`` assigns ``os.environ[var]`` a value known to be no loopback address."""
    if not isinstance(stmt, ast.Assign):
        return False
    for target in stmt.targets:
        if isinstance(target, ast.Subscript) and mod.qname(target.value) == "os.environ" \
                and isinstance(target.slice, ast.Constant) and target.slice.value == var:
            return _known_value(flow, mod, stmt.value)
    return False


# (text that may name the container's own loopback, in any spelling a value may hold)
_LOOPBACK_WORDS = ("localhost", "127.", "0.0.0.0", "::1", "ip6-localhost")


def _known_value(flow: Flow, mod: ModuleAst, value: ast.AST) -> bool:
    """The value written is a string, or a constant another module binds to strings, none of
    which names a loopback address: the read's default is then replaced by something else.
    A parameter (a command-line option whose own default may be ``localhost``), a call, or
    a value not found keeps the default judged: the write may carry the same address on."""
    if isinstance(value, (ast.Name, ast.Attribute)):
        qual = mod.qname(value) or ""
        if "." not in qual:
            return False
        home = flow._imported_home(qual)
        if home is None:
            return False
        values = assigned_values(home, qual.rpartition(".")[2], home.tree)
        return bool(values) and all(_plain(v) for v in values)
    return _plain(value)


def _plain(value: ast.AST) -> bool:
    return isinstance(value, ast.Constant) and isinstance(value.value, str) \
        and not any(w in value.value.lower() for w in _LOOPBACK_WORDS)
