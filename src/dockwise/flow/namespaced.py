"""A Celery app's own setting that the settings module's namespaced name wins over.

A Celery app that loads its configuration with a namespace,
``app.config_from_object("django.conf:settings", namespace="CELERY")``, looks every setting up
under ``NAMESPACE_KEY`` first, in each of its sources in turn, and under ``key`` only after:
the settings module's ``CELERY_BROKER_URL`` wins over the broker the app is given itself (its
constructor's ``broker=``, an ``app.conf.broker_url = ...`` before or after the load), which
is then never dialled (celery/utils/collections.py ``Settings._to_keys``).  That holds where
the settings module the container loads binds the name at its top level, any value (``None``
included: the lookup stops at the first source that has the key); a name bound only in a
branch, or a settings module the container is not known to load, keeps the app's own value
dialled.  The tables are ``rules/flow.yaml`` namespaced_settings and namespaced_config_sources.

The same lookup reaches a setting's old, unprefixed name (``BROKER_URL`` for ``broker_url``)
only after the namespaced one: in a settings module whose app, in another module the container
runs, loads it with a namespace, ``BROKER_URL`` is never dialled where the loaded settings bind
``CELERY_BROKER_URL`` too (:func:`module_loads`).
"""
from __future__ import annotations

import ast
from typing import Callable, Sequence

from dockwise.flow.index import ModuleAst
from dockwise.flow.settingsmodule import unconditional

__all__ = ["app_namespace", "binds_name", "module_loads", "namespaced_name"]

MAX_CHAIN = 8  # settings modules followed through star imports (base <- common <- production)


def app_namespace(mod: ModuleAst, line: int, sources: Sequence[str]) -> str | None:
    """The namespace of the config source that the app whose setting is dialled at ``line``
    loads, where that source is the framework's settings (``sources``: dotted paths a
    ``config_from_object`` argument names, as a string or as an imported name) and the load
    runs unconditionally in the scope (the module, or the function) that holds ``line``."""
    scope = _scope(mod.tree, line)
    if scope is None:
        return None
    body, stmt = scope
    apps = _apps(stmt)
    if not apps:
        return None
    imported = _imported_names(mod.tree)
    for s in unconditional(body):
        call = s.value if isinstance(s, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and call.func.attr == "config_from_object" and isinstance(call.func.value, ast.Name)
                and call.func.value.id in apps and call.args):
            continue
        space = _namespace(call)
        if space is not None and _loads_settings(call, imported, sources):
            return space
    return None


def module_loads(mod: ModuleAst, sources: Sequence[str]) -> list[str | None]:
    """The namespaces of every ``APP.config_from_object(SOURCE, ...)`` in ``mod`` whose source
    is the framework's settings (``sources``), anywhere in the module: None for a load without
    a namespace (or with one that is not a literal), which reads a setting under its own name."""
    imported = _imported_names(mod.tree)
    return [_namespace(call) for call in ast.walk(mod.tree)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "config_from_object" and call.args and _loads_settings(call, imported, sources)]


def _namespace(call: ast.Call) -> str | None:
    """The literal ``namespace=`` of a ``config_from_object`` call (None: none, or not a
    literal, or only underscores)."""
    space = next((k.value for k in call.keywords if k.arg == "namespace"), None)
    value = space.value if isinstance(space, ast.Constant) else None
    return value if isinstance(value, str) and value.strip("_") else None


def _loads_settings(call: ast.Call, imported: dict[str, str], sources: Sequence[str]) -> bool:
    """The call's first argument names one of ``sources`` (the framework's settings), as a
    string or as a name imported from there."""
    src = call.args[0]
    named = src.value if isinstance(src, ast.Constant) and isinstance(src.value, str) \
        else imported.get(src.id) if isinstance(src, ast.Name) else None
    return named is not None and named.replace(":", ".") in {s.replace(":", ".") for s in sources}


def namespaced_name(namespace: str, key: str) -> str:
    """``CELERY_BROKER_URL`` for ``broker_url`` under the namespace ``CELERY`` (the key takes
    the namespace's case, as Celery's ``match_case`` does)."""
    prefix = namespace.rstrip("_") + "_"
    name = prefix + key
    return name.upper() if prefix.isupper() else name.lower() if prefix.islower() else name


def binds_name(mod: ModuleAst, name: str, resolve: Callable[[str], list[str]],
               module: Callable[[str], ModuleAst | None]) -> bool:
    """``mod`` binds ``name`` at its top level, unconditionally: ``NAME = ...`` there, or a
    star import there of a module that binds it so."""
    return _binds(mod, name, resolve, module, set())


def _binds(mod: ModuleAst, name: str, resolve: Callable[[str], list[str]],
           module: Callable[[str], ModuleAst | None], seen: set[str]) -> bool:
    if mod.rel in seen or len(seen) >= MAX_CHAIN:
        return False
    seen.add(mod.rel)
    for s in unconditional(mod.tree.body):
        if isinstance(s, (ast.Assign, ast.AnnAssign)) and s.value is not None:
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            if any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == name
                   for t in targets for n in ast.walk(t)):
                return True
        if isinstance(s, ast.ImportFrom) and any(a.name == "*" for a in s.names):
            for rel in resolve(mod.import_base(s)):
                other = module(rel)
                if other is not None and _binds(other, name, resolve, module, seen):
                    return True
    return False


def _scope(tree: ast.Module, line: int) -> tuple[list[ast.stmt], ast.stmt] | None:
    """The innermost body (the module's, a function's) with an unconditional statement that
    holds ``line``, and that statement."""
    found: tuple[list[ast.stmt], ast.stmt] | None = None
    scopes: list[list[ast.stmt]] = [tree.body]
    while scopes:
        body = scopes.pop()
        for s in unconditional(body):
            if not (s.lineno <= line <= (s.end_lineno or s.lineno)):
                continue
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                scopes.append(s.body)
            elif not isinstance(s, ast.ClassDef):
                found = (body, s)
    return found


def _apps(stmt: ast.stmt) -> set[str]:
    """The names of the app a statement configures: ``app = Celery(...)``, ``app.conf... =``."""
    out: set[str] = set()
    if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
        out.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    for node in ast.walk(stmt):
        if isinstance(node, ast.Attribute) and node.attr == "conf" and isinstance(node.value, ast.Name):
            out.add(node.value.id)
    return out


def _imported_names(tree: ast.Module) -> dict[str, str]:
    """Top-level ``from a.b import c as d``: ``{"d": "a.b.c"}``."""
    out: dict[str, str] = {}
    for s in tree.body:
        if isinstance(s, ast.ImportFrom) and s.module and not s.level:
            for a in s.names:
                out[a.asname or a.name] = f"{s.module}.{a.name}"
    return out
