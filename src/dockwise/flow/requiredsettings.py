"""The variables a pydantic settings class needs before it can be built at all.

``class Settings(BaseSettings): project: str`` declares a field with no default: building
``Settings()`` where the environment leaves ``PROJECT`` unset raises a validation error, so the
class's other defaults (``db_host: str = "localhost"``) reach no client in that container.  A
base Compose file whose service takes its whole environment from overlays (``-f compose.yaml -f
deploy/dev.yaml``) is such a container when it runs alone.

The reading is narrow: a class of pydantic-settings' ``BaseSettings`` lineage (followed through
the project's bases), none of which reads a dotenv or secrets directory (``env_file``,
``secrets_dir``), splits nested variables (``env_nested_delimiter``), customises its sources or
defines ``__init__``; no subclass in the modules searched, and no read of its name but calls
and annotations (a class handed on may be built with arguments); every construction that may run
passes no argument but a ``**mapping`` that is the function's own ``**`` parameter, which every
call of that function leaves empty in turn.  A required field is one annotated with no value
(not ``Optional``, not a ``ClassVar``, not private) or given ``Field(...)`` with nothing that
renames its variable; its variable is ``PREFIX`` + its name, matched in any letter case as
pydantic-settings does by default (a class that sets ``case_sensitive`` to anything but a
literal False is left alone).
"""
from __future__ import annotations

import ast
from typing import Any, Callable

from dockwise.flow.astfacts import in_annotation
from dockwise.flow.flagparams import function_calls
from dockwise.flow.gates import Gate
from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted
from dockwise.flow.liveness import may_run
from dockwise.flow.settingsclass import _qualified, _subclasses, class_named, settings_variable

__all__ = ["any_case", "buildable_gate", "built_bare"]

MAX_BASES = 12  # a settings lineage is a few classes deep
MAX_HANDS = 4  # functions a `**mapping` is handed through on its way to the construction

# options by which the class reads its fields from somewhere other than the variables we see
_OTHER_SOURCES = ("env_file", "secrets_dir", "env_nested_delimiter", "extra_sources")
_SOURCE_METHODS = ("settings_customise_sources", "customise_sources", "__init__")
# keywords of Field() that rename the variable a field reads
_RENAMING = ("alias", "validation_alias", "env", "alias_priority")


def buildable_gate(flow: Any, mod: ModuleAst, cls: ast.ClassDef) -> Gate | None:
    """The gate "every required field's variable is set" for settings class ``cls`` of
    ``mod``, where it is read as above; None where the class may be built otherwise (or has
    no required field)."""
    memo: dict = flow.__dict__.setdefault("_buildable_gates", {})
    key = (mod.rel, cls.name, id(cls))
    if key not in memo:
        memo[key] = _gate(flow, mod, cls)
    return memo[key]


def _gate(flow: Any, mod: ModuleAst, cls: ast.ClassDef) -> Gate | None:
    lineage = _lineage(flow, mod, cls)
    if lineage is None or _subclasses(flow, mod, cls):
        return None
    required: list[str] = []
    seen: set[str] = set()
    for _, c in lineage:
        for stmt in c.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                continue
            name = stmt.target.id
            if name in seen or name.startswith("_") or name == "model_config":
                continue
            seen.add(name)
            need = _required(stmt)
            if need is None:
                return None  # a field whose variable is renamed: which one it reads is not followed
            if need:
                required.append(name)
    if not required or not built_bare(flow, mod, cls):
        return None
    variables = []
    for name in required:
        var = settings_variable(flow, mod, cls, name)
        if var is None:
            return None
        variables.append(var)
    cond: tuple = ("iset", variables[0])
    for v in variables[1:]:
        cond = ("and", cond, ("iset", v))
    return Gate(cond)


def any_case(flow: Any, mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """``cls`` reads its fields' variables in any letter case, as pydantic's ``BaseSettings``
    does by default (a service's ``broker_url:`` fills the field ``BROKER_URL`` names): its
    lineage, followed through the project's classes, reaches pydantic's ``BaseSettings`` and
    no class on it sets ``case_sensitive`` to anything but a literal False.  Another library's
    settings base, or a base we cannot read, keeps the exact name."""
    return _pydantic_lineage(flow, mod, cls, _case_sensitive) is not None


def _lineage(flow: Any, mod: ModuleAst, cls: ast.ClassDef) -> list[tuple[ModuleAst, ast.ClassDef]] | None:
    """``cls`` and its project bases, nearest first, where the lineage reaches
    ``BaseSettings`` and nothing on it reads fields from other sources; else None."""
    return _pydantic_lineage(flow, mod, cls, lambda c: bool(
        c.decorator_list or any(_sets_option(c, o) for o in _OTHER_SOURCES) or _case_sensitive(c)
        or any(isinstance(s, FUNCTIONS) and s.name in _SOURCE_METHODS for s in c.body)))


def _case_sensitive(cls: ast.ClassDef) -> bool:
    """``cls`` sets ``case_sensitive`` to anything but a literal False."""
    return _sets_option(cls, "case_sensitive") and not _sets_false(cls, "case_sensitive")


def _pydantic_lineage(flow: Any, mod: ModuleAst, cls: ast.ClassDef,
                      refuses: Callable[[ast.ClassDef], bool]) -> list[tuple[ModuleAst, ast.ClassDef]] | None:
    """``cls`` and its project bases, nearest first, where the lineage reaches pydantic's
    ``BaseSettings`` and no class on it ``refuses``; None where one does, where it reaches
    another library's settings base (its rules are not read here) or a base we cannot read
    (it may give the field a default)."""
    out: list[tuple[ModuleAst, ast.ClassDef]] = []
    todo: list[tuple[ModuleAst, ast.ClassDef]] = [(mod, cls)]
    seen: set[tuple[str, str]] = set()
    pydantic = False
    while todo and len(seen) < MAX_BASES:
        m, c = todo.pop(0)
        if (m.rel, c.name) in seen:
            continue
        seen.add((m.rel, c.name))
        if refuses(c):
            return None
        out.append((m, c))
        for base in c.bases:
            name = dotted(base) or ""
            if flow.t.settings_base(_qualified(m, name)):
                if name.rpartition(".")[2] != "BaseSettings":
                    return None
                pydantic = True
                continue
            found = class_named(flow, m, name)
            if found is None:
                return None
            todo.append(found)
    return out if pydantic and not todo else None


def _sets_option(cls: ast.ClassDef, key: str) -> bool:
    """``cls`` writes configuration option ``key`` anywhere pydantic reads it: a class
    keyword, ``model_config`` (a call or a dict), a body attribute or an inner ``Config``."""
    if any(kw.arg == key or kw.arg is None for kw in cls.keywords):
        return True
    for stmt in cls.body:
        inner = stmt.body if isinstance(stmt, ast.ClassDef) and stmt.name == "Config" else [stmt]
        for s in inner:
            if not isinstance(s, (ast.Assign, ast.AnnAssign)) or s.value is None:
                continue
            targets = s.targets if isinstance(s, ast.Assign) else [s.target]
            for t in targets:
                if not isinstance(t, ast.Name):
                    continue
                if t.id == key:
                    return True
                if t.id == "model_config":
                    given = s.value
                    if isinstance(given, ast.Call):
                        if any(kw.arg == key or kw.arg is None for kw in given.keywords) or given.args:
                            return True
                    elif isinstance(given, ast.Dict):
                        if any(k is None or (isinstance(k, ast.Constant) and k.value == key) for k in given.keys):
                            return True
                    else:
                        return True  # built some other way: may set anything
    return False


def _sets_false(cls: ast.ClassDef, key: str) -> bool:
    """``cls`` sets ``key`` only to a literal ``False`` (``case_sensitive=False``, the default)."""
    values: list[ast.AST] = [kw.value for kw in cls.keywords if kw.arg == key]
    for stmt in cls.body:
        inner = stmt.body if isinstance(stmt, ast.ClassDef) and stmt.name == "Config" else [stmt]
        for s in inner:
            if isinstance(s, (ast.Assign, ast.AnnAssign)) and s.value is not None:
                targets = s.targets if isinstance(s, ast.Assign) else [s.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if key in names:
                    values.append(s.value)
                elif "model_config" in names and isinstance(s.value, ast.Call):
                    values += [kw.value for kw in s.value.keywords if kw.arg == key]
                elif "model_config" in names and isinstance(s.value, ast.Dict):
                    values += [v for k, v in zip(s.value.keys, s.value.values, strict=True)
                               if isinstance(k, ast.Constant) and k.value == key]
    return bool(values) and all(isinstance(v, ast.Constant) and v.value is False for v in values)


def _required(stmt: ast.AnnAssign) -> bool | None:
    """Whether the field ``stmt`` declares has no default; None where ``Field(...)`` renames
    the variable it reads."""
    ann = stmt.annotation
    if _optional(ann) or (dotted(ann) or "").rpartition(".")[2] == "ClassVar" \
            or isinstance(ann, ast.Subscript) and (dotted(ann.value) or "").rpartition(".")[2] == "ClassVar":
        return False  # pydantic v1 gives an Optional field None; a ClassVar is no field
    value = stmt.value
    if value is None:
        return True
    if isinstance(value, ast.Call) and (dotted(value.func) or "").rpartition(".")[2] == "Field":
        if any(kw.arg in _RENAMING or kw.arg is None for kw in value.keywords):
            return None
        if any(kw.arg in ("default", "default_factory") for kw in value.keywords):
            return False
        return bool(value.args) and isinstance(value.args[0], ast.Constant) and value.args[0].value is Ellipsis
    return False


def _optional(ann: ast.AST) -> bool:
    """``Optional[X]``, ``X | None``, ``Union[X, None]``, ``None`` or ``Any``: a field pydantic v1
    defaults to None."""
    if isinstance(ann, ast.Constant):
        return ann.value is None or isinstance(ann.value, str)  # a string annotation is not read
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):
        return _optional(ann.left) or _optional(ann.right)
    name = (dotted(ann.value) if isinstance(ann, ast.Subscript) else dotted(ann)) or ""
    last = name.rpartition(".")[2]
    if last in ("Optional", "Any"):
        return True
    if last == "Union" and isinstance(ann, ast.Subscript):
        items = ann.slice.elts if isinstance(ann.slice, ast.Tuple) else [ann.slice]
        return any(_optional(i) for i in items)
    return False


def built_bare(flow: Any, mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """Some construction of ``cls`` may run, and every one that may passes no argument but
    an empty ``**`` mapping."""
    if not _only_called(flow, cls.name):
        return False
    calls = [(m, c) for m, c in flow._calls_by_name(mod, cls.name, True) if may_run(flow, m, c)]
    return bool(calls) and all(not c.args and _no_extra(flow, m, c, (), 0) for m, c in calls)


def _only_called(flow: Any, name: str) -> bool:
    """Every read of the class's name in the modules searched is a call of it or sits in an
    annotation: a class handed on (``partial(Settings, title=...)``, a provider, a cache) or
    validated from a mapping (``Settings.model_validate(...)``) may be built another way."""
    for other in flow._containing(name):
        for use in [*other.loads(name), *other.attr_loads(name)]:
            parent = other.parent(use)
            if isinstance(parent, ast.Call) and parent.func is use:
                continue
            if not in_annotation(other, use):
                return False
    return True


def _no_extra(flow: Any, mod: ModuleAst, call: ast.Call, params: tuple[str, ...], depth: int) -> bool:
    """``call`` gives the function it calls nothing beyond its named parameters ``params``
    (none, for the settings class): no keyword of another name, no ``*args``, and a ``**``
    mapping only where that is an empty one handed on."""
    if any(isinstance(a, ast.Starred) for a in call.args):
        return False
    for kw in call.keywords:
        if kw.arg is not None:
            if kw.arg not in params:
                return False
        elif depth >= MAX_HANDS or not _empty_mapping(flow, mod, kw.value, depth):
            return False
    return True


def _empty_mapping(flow: Any, mod: ModuleAst, value: ast.AST, depth: int) -> bool:
    """``value`` (handed on as ``**value``) is its function's own ``**`` parameter, never
    rebound there, and every call of that function passes it nothing."""
    func = mod.function_of(value)
    if not (isinstance(value, ast.Name) and func is not None and func.args.kwarg is not None
            and func.args.kwarg.arg == value.id) or mod.class_of(func) is not None:
        return False
    if any(isinstance(n, ast.Name) and n.id == value.id and isinstance(n.ctx, ast.Store) for n in ast.walk(func)):
        return False
    calls = function_calls(flow, mod, func)
    if calls is None:
        return False
    a = func.args
    positional = tuple(x.arg for x in (*a.posonlyargs, *a.args))
    named = positional + tuple(x.arg for x in a.kwonlyargs)
    live = [(m, c) for m, c in calls if may_run(flow, m, c)]
    return bool(live) and all(len(c.args) <= len(positional) and _no_extra(flow, m, c, named, depth + 1)
                              for m, c in live)
