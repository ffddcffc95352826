"""A setting that the settings module a container loads replaces.

Django reads its settings from the top-level names of the one module ``DJANGO_SETTINGS_MODULE``
names (``rules/frameworks.yaml`` settings_env).  A per-environment module commonly takes a
shared module's values with a star import, then replaces some of them at its top level:
``from .base import *`` followed by ``CACHES = {...}``, or by ``CACHES["default"]["LOCATION"] =
REDIS_URL``.  In a container that loads such a module, the shared module's value of a replaced
setting (or of a key under a replaced key) is never dialled; a container that loads another
module, one that keeps the shared value, still dials it.

Where the container's start command cannot be followed (it is judged on every file it holds),
which module of a settings package it loads is unknown: a value is dialled there only if every
module of the package keeps it (:func:`kept_by_every`).
"""
from __future__ import annotations

import ast
from typing import Any, Callable, Sequence

from dockwise.flow.astfacts import binds_name
from dockwise.flow.index import ModuleAst
from dockwise.runs.closure import DEFAULT_OF

__all__ = ["settings_modules", "replaces_setting", "setting_path", "unconditional", "kept_by_every", "unset_guarded"]

SETTING_KIND = "setting "
MAX_CHAIN = 8  # settings modules followed through star imports (base <- common <- production)


def setting_path(kind: str) -> tuple[str, ...] | None:
    """``("CACHES", "default", "LOCATION")`` for a sink of kind ``setting CACHES.default.LOCATION``."""
    if not kind.startswith(SETTING_KIND):
        return None
    parts = tuple(kind[len(SETTING_KIND):].split("."))
    return parts if all(parts) else None


def settings_modules(closure: Any, variables: Sequence[str], defaults: bool = False) -> list[str]:
    """The modules a service's walk loaded as its settings, one per variable that named one:
    the last module its entry reached (the packages above it come first); with ``defaults``,
    where the container's environment does not set the variable, the module the code's
    default names (``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")`` in
    ``manage.py``), where the code names one default only."""
    out: list[str] = []
    for var in variables:
        prefix = f"env:{var}: "
        found = [rel for rel, (parent, how) in closure.reached.items() if parent is None and how.startswith(prefix)]
        if not found and defaults:
            default = f"{DEFAULT_OF}{var}: "
            named = {how for _parent, how in closure.reached.values() if how.startswith(default)}
            if len(named) == 1:
                found = [rel for rel, (_parent, how) in closure.reached.items() if how in named]
        if found:
            out.append(found[-1])
    return out


def kept_by_every(source: str, path: tuple[str, ...], alternatives: Sequence[str],
                  resolve: Callable[[str], list[str]], module: Callable[[str], ModuleAst | None]) -> bool:
    """Whichever of ``alternatives`` (the modules of a settings package) a container loads,
    the setting ``path`` that ``source`` writes holds there: each is ``source`` itself, or
    takes its names (a star import, directly or through others) and does not replace it.  A
    module that does not take them (``local.py`` beside ``production.py``, each from ``base``)
    never reads ``source``'s value."""
    for rel in alternatives:
        if rel == source:
            continue
        mod = module(rel)
        if mod is None or not _takes_from(mod, source, resolve, module, set()) \
                or replaces_setting(mod, path, source, resolve, module):
            return False
    return True


def replaces_setting(mod: ModuleAst, path: tuple[str, ...], source: str,
                     resolve: Callable[[str], list[str]], module: Callable[[str], ModuleAst | None]) -> bool:
    """``mod`` takes the names of the module ``source`` (a star import of it, or of a module
    that star-imports it), then replaces the setting ``path`` (or a key above it on that path)
    at its top level, unconditionally, after every statement that may bring the name in from
    another module (a star import, ``from m import NAME``, also inside a ``try``): ``NAME =
    ...`` not made from itself, ``NAME["k1"]["k2"] = ...``, or a merge of a mapping the code
    does not spell into its namespace (:func:`_merges_name`), also in every branch of an
    ``if``/``else`` chain (:func:`_block_replaces`).  A replacement before such an import (a
    trailing ``from .local import *`` may bring the name back), or inside a branch that may
    not run, replaces nothing; nor does a module that does not take ``source``'s names (the code may
    load another settings module than the environment names).  A module between them on the
    star-import chain may replace it too (``devstack`` star-imports ``production``, which
    replaced ``base``'s value), where that module is the last one ``mod`` takes the names from."""
    return _replaced_in(mod, path, source, resolve, module, set())


def _replaced_in(mod: ModuleAst, path: tuple[str, ...], source: str, resolve: Callable[[str], list[str]],
                 module: Callable[[str], ModuleAst | None], seen: set[str]) -> bool:
    if mod.rel in seen or len(seen) >= MAX_CHAIN:
        return False
    seen.add(mod.rel)
    name = path[0]
    body = mod.tree.body
    takers = [(i, rel) for i, s in enumerate(body) for rel in _star_sources(mod, s, resolve)
              if rel == source or _takes_from_rel(rel, source, resolve, module)]
    if not takers:
        return False
    last_import = max((i for i, s in enumerate(body) if _may_import(s, name)), default=-1)
    if last_import > takers[-1][0] and (_star_merges(mod, body[last_import], name, source, resolve, module)
                                        or _star_absent(mod, body[last_import], resolve)):
        return True
    if _block_replaces(body[last_import + 1:], path, body):
        return True
    if _guarded_replacement(body[last_import + 1:], path):
        return True
    # the names come from the last module taking them: its own replacement holds here, unless
    # that import may not run (inside a try or a branch)
    at, rel = takers[-1]
    other = module(rel) if rel != source and isinstance(body[at], ast.ImportFrom) else None
    return other is not None and _replaced_in(other, path, source, resolve, module, seen)


def _block_replaces(stmts: Sequence[ast.stmt], path: tuple[str, ...], body: Sequence[ast.stmt]) -> bool:
    """A statement that always runs in ``stmts`` replaces the setting ``path`` (or a key above
    it): an assignment not made from the name itself, a merge into the namespace, or an
    ``if``/``elif``/``else`` chain with an ``else`` each of whose branches replaces it (``if
    STORE_URL: DATABASES = {...} else: DATABASES = {...}``: whichever runs binds it again)."""
    name = path[0]
    for s in unconditional(stmts):
        if isinstance(s, ast.If):
            if s.orelse and _block_replaces(s.body, path, body) and _block_replaces(s.orelse, path, body):
                return True
            continue
        if _merges_name(s, name, body):
            return True
        if not isinstance(s, (ast.Assign, ast.AnnAssign)) or s.value is None:
            continue
        if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(s.value)):
            continue  # CACHES = {**CACHES, ...}: the value carried on
        targets = s.targets if isinstance(s, ast.Assign) else [s.target]
        for target in targets:
            keys = _target_keys(target)
            if keys and keys == path[:len(keys)]:
                return True
    return False


def _guarded_replacement(stmts: Sequence[ast.stmt], path: tuple[str, ...]) -> bool:
    """The module goes on past a top-level guard only where it replaced the setting: a flag
    bound ``False`` at the top level, then ``if not FLAG: raise ...`` (the module fails to load
    there), where every statement binding the flag ``True`` follows, in the same block, an
    assignment of the setting ``path`` (or a key above it):

        configured = False
        if os.environ.get("DATABASE_URL"):
            DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
            configured = True
        if not configured:
            raise RuntimeError("no database configured")

    The value the star import brought is never the one loaded."""
    flags: set[str] = set()
    for i, s in enumerate(stmts):
        if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and isinstance(s.value, ast.Constant) and s.value.value is False:
            flags.add(s.targets[0].id)
            continue
        if not (isinstance(s, ast.If) and not s.orelse and s.body and all(isinstance(b, ast.Raise) for b in s.body)
                and isinstance(s.test, ast.UnaryOp) and isinstance(s.test.op, ast.Not)
                and isinstance(s.test.operand, ast.Name) and s.test.operand.id in flags):
            continue
        flag = s.test.operand.id
        first = next(k for k, st in enumerate(stmts) if isinstance(st, ast.Assign)
                     and isinstance(st.targets[0], ast.Name) and st.targets[0].id == flag)
        before = stmts[first + 1:i]
        sets = [n for st in before for n in ast.walk(st) if _binds_flag(n, flag)]
        if not sets or any(not (isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
                                and n.value.value is True) for n in sets):
            continue
        if all(_after_setting(st, n, path) for n in sets for st in before if _holds(st, n)):
            return True
    return False


def _binds_flag(node: ast.AST, flag: str) -> bool:
    """``node`` binds the name ``flag``."""
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == flag for t in node.targets)
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return isinstance(node.target, ast.Name) and node.target.id == flag
    return isinstance(node, ast.NamedExpr) and node.target.id == flag


def _holds(stmt: ast.AST, node: ast.AST) -> bool:
    return any(n is node for n in ast.walk(stmt))


def _after_setting(stmt: ast.AST, node: ast.AST, path: tuple[str, ...]) -> bool:
    """The statement ``node`` (inside ``stmt``) follows, in the block that holds it, an
    assignment of the setting ``path`` or a key above it."""
    for n in ast.walk(stmt):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(n, field, None)
            if not isinstance(block, list) or not any(b is node for b in block):
                continue
            at = next(k for k, b in enumerate(block) if b is node)
            for b in block[:at]:
                if not isinstance(b, (ast.Assign, ast.AnnAssign)) or b.value is None:
                    continue
                targets = b.targets if isinstance(b, ast.Assign) else [b.target]
                if any((keys := _target_keys(t)) and keys == path[:len(keys)] for t in targets):
                    return True
            return False
    return False


def _star_merges(mod: ModuleAst, stmt: ast.stmt, name: str, source: str, resolve: Callable[[str], list[str]],
                 module: Callable[[str], ModuleAst | None]) -> bool:
    """``stmt``, the last import that may bring ``name`` in, is a top-level star import (not
    in a ``try`` or a branch) of a module, other than ``source``, whose top level merges a
    mapping the code does not spell into its namespace (``vars().update(yaml.safe_load(f))``:
    :func:`_merges_name`): the names it hands on are the operator's configuration file's, so
    the setting is a default that file configures."""
    if not (isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names)) or mod.parent(stmt) is not mod.tree:
        return False
    for rel in resolve(mod.import_base(stmt)):
        other = module(rel) if rel != source else None
        if other is not None and any(_merges_name(s, name, other.tree.body) for s in unconditional(other.tree.body)):
            return True
    return False


_NAMESPACE_CALLS = frozenset({"locals", "globals", "vars", "dir"})


def unset_guarded(mod: ModuleAst, node: ast.AST, resolve: Callable[[str], list[str]],
                  module: Callable[[str], ModuleAst | None]) -> bool:
    """``node`` lies in the body of a top-level ``if "NAME" not in locals():`` (``globals()``,
    ``vars()``, ``dir()``) after a top-level star import (also in a ``try``) that may bind
    ``NAME``: of a module of the project the tree does not hold (a deploy-time
    ``local_settings``), or of one that binds it.  The branch runs only where that module
    leaves the name unset, which the code does not show: its value is a default the
    operator's file configures, not evidence of a dial."""
    stmt: ast.AST | None = node
    while stmt is not None and mod.parent(stmt) is not mod.tree:
        stmt = mod.parent(stmt)
    if not isinstance(stmt, ast.If) or not any(_within(node, b) for b in stmt.body):
        return False
    name = _unset_test(stmt.test)
    if name is None:
        return False
    for before in mod.tree.body:
        if before is stmt:
            break
        for imp in (before.body if isinstance(before, ast.Try) else [before]):
            if not (isinstance(imp, ast.ImportFrom) and any(a.name == "*" for a in imp.names)):
                continue
            if _star_absent(mod, imp, resolve):
                return True
            for rel in resolve(mod.import_base(imp)):
                other = module(rel)
                if other is not None and any(binds_name(s, name) for s in other.tree.body):
                    return True
    return False


def _within(node: ast.AST, root: ast.AST) -> bool:
    return any(n is node for n in ast.walk(root))


def _unset_test(test: ast.AST) -> str | None:
    """``NAME`` of ``"NAME" not in locals()`` (``globals()``, ``vars()``, ``dir()``)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.NotIn)
            and isinstance(test.left, ast.Constant) and isinstance(test.left.value, str)):
        return None
    call = test.comparators[0]
    if isinstance(call, ast.Call) and not call.args and not call.keywords and isinstance(call.func, ast.Name) \
            and call.func.id in _NAMESPACE_CALLS:
        return test.left.value
    return None


def _star_absent(mod: ModuleAst, stmt: ast.stmt, resolve: Callable[[str], list[str]]) -> bool:
    """``stmt``, the last import that may bring the name in, is a top-level star import (also
    the body of a top-level ``try``) of a module of the project that the tree does not hold
    (Django's ``from .local_settings import *``, written out at deploy time by an entrypoint
    or the operator): its names are not known, so it may replace any setting of the modules
    star-imported before it (as ``_replaced_later`` in flow/climb.py holds for a setting the
    importing module binds itself).  A module of the project: a relative import, or an
    absolute one whose package resolves while the module does not."""
    if mod.parent(stmt) is not mod.tree:
        return False
    for node in (stmt.body if isinstance(stmt, ast.Try) else [stmt]):
        if not (isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)):
            continue
        dotted = mod.import_base(node)
        if not dotted or resolve(dotted):
            continue
        package = dotted.rpartition(".")[0]
        if node.level or (package and resolve(package)):
            return True
    return False


def _star_sources(mod: ModuleAst, stmt: ast.stmt, resolve: Callable[[str], list[str]]) -> list[str]:
    """The modules a statement star-imports (also inside a ``try`` or a branch)."""
    return [rel for node in ast.walk(stmt)
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names)
            for rel in resolve(mod.import_base(node))]


def _takes_from_rel(rel: str, source: str, resolve: Callable[[str], list[str]],
                    module: Callable[[str], ModuleAst | None]) -> bool:
    other = module(rel)
    return other is not None and _takes_from(other, source, resolve, module, set())


def unconditional(stmts: Sequence[ast.stmt]) -> list[ast.stmt]:
    """The statements that always run, with the bodies of ``with`` blocks opened (``with
    open(CONFIG) as f:`` runs its body; a branch or a loop may not)."""
    out: list[ast.stmt] = []
    for s in stmts:
        if isinstance(s, ast.With):
            out += unconditional(s.body)
        else:
            out.append(s)
    return out


def _merges_name(stmt: ast.stmt, name: str, body: Sequence[ast.stmt]) -> bool:
    """``vars().update(config)`` / ``globals().update(config)`` at a module's top level binds
    every key of ``config`` as a module name: a settings module merging an operator's config
    file (``config = yaml.safe_load(f)``) may replace any setting, so each value written in
    the code is a default that file configures.  A mapping the code spells (a dict display, a
    name bound once to one) replaces only its keys; the process environment (``os.environ``)
    only the variables a container sets, which this module does not know: nothing."""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return False
    call = stmt.value
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "update" and len(call.args) == 1
            and not call.keywords and isinstance(func.value, ast.Call) and not func.value.args
            and isinstance(func.value.func, ast.Name) and func.value.func.id in ("vars", "globals")):
        return False
    arg = call.args[0]
    if isinstance(arg, ast.Name):
        bound = [s.value for s in body if isinstance(s, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == arg.id for t in s.targets)]
        if len(bound) == 1 and isinstance(bound[0], ast.Dict):
            arg = bound[0]
    if isinstance(arg, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value == name for k in arg.keys)
    return not any(isinstance(n, ast.Attribute) and n.attr == "environ" or isinstance(n, ast.Name) and n.id == "environ"
                   for n in ast.walk(arg))


def _takes_from(mod: ModuleAst, source: str, resolve: Callable[[str], list[str]],
                module: Callable[[str], ModuleAst | None], seen: set[str]) -> bool:
    """``mod`` star-imports ``source``, directly or through modules that star-import it."""
    if mod.rel in seen or len(seen) >= MAX_CHAIN:
        return False
    seen.add(mod.rel)
    for stmt in mod.tree.body:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.ImportFrom) or not any(a.name == "*" for a in node.names):
                continue
            for rel in resolve(mod.import_base(node)):
                other = module(rel) if rel != source else None
                if rel == source or other is not None and _takes_from(other, source, resolve, module, seen):
                    return True
    return False


def _may_import(stmt: ast.stmt, name: str) -> bool:
    for node in ast.walk(stmt):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" or (a.asname or a.name) == name for a in node.names):
            return True
    return False


def _target_keys(target: ast.AST) -> tuple[str, ...] | None:
    """``("CACHES", "default")`` for the target ``CACHES["default"]``; None for any other form."""
    keys: list[str] = []
    while isinstance(target, ast.Subscript):
        key = target.slice
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        keys.append(key.value)
        target = target.value
    if not isinstance(target, ast.Name):
        return None
    return (target.id, *reversed(keys))
