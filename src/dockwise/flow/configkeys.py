"""Settings a web framework's config mapping hands on by their names.

Flask (and Quart, which copies it) loads a settings module or class into ``app.config`` by
``app.config.from_object("app.config.ProdConfig")`` or ``from_object(Config)``: each
upper-case name it binds becomes a key, and the code reads it
back anywhere as ``current_app.config["BACKEND_URL"]`` or ``app.config.get("BACKEND_URL")``
(flask/config.py ``Config.from_object``: ``if key.isupper(): self[key] = getattr(obj, key)``).
A value a settings module or class binds reaches those reads only where some module of the
project loads that module or class (``rules/flow.yaml`` config_loaders); the reads are the
subscripts and lookups of config_lookups on an object of that last name."""
from __future__ import annotations

import ast
from typing import Callable, Iterable

from dockwise.astnames import dotted, final_name
from dockwise.flow.astfacts import module_names
from dockwise.flow.flagparams import default_node
from dockwise.flow.index import ModuleAst

__all__ = ["config_key_reads", "env_named_loads", "loaded_names", "loads_config"]


def config_key_reads(mod: ModuleAst, name: str, lookups: frozenset[tuple[str, str]]) -> list[ast.expr]:
    """The reads in ``mod`` of the key ``name`` on a config mapping (``current_app.config["X"]``,
    ``app.config.get("X")``: ``(OBJECT, METHOD)`` of ``lookups``, "[]" a subscript; also a
    settings object's lookups by name, climb._settings_lookups), each the expression whose
    value is the setting's."""
    def owner(node: ast.expr) -> str | None:
        return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None

    def named(node: ast.expr | None) -> bool:
        return isinstance(node, ast.Constant) and node.value == name

    out: dict[int, ast.expr] = {}
    for part in mod.expressions_naming(name):
        for node in ast.walk(part):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args \
                    and named(node.args[0]) and (owner(node.func.value), node.func.attr) in lookups:
                out.setdefault(id(node), node)
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and named(node.slice) \
                    and (owner(node.value), "[]") in lookups:
                out.setdefault(id(node), node)
    return list(out.values())


def loads_config(loaders: Iterable[ModuleAst], home: ModuleAst, cls: ast.ClassDef | None,
                 calls: frozenset[str], overrides: frozenset[str] = frozenset()) -> bool:
    """Some module of ``loaders`` loads ``home`` (or its class ``cls``) into a config mapping:
    a call of ``calls`` handed the class (``from_object(ProdConfig)``, a dotted string ending
    in its name) or a mapping the class is a value of (``from_object(configs[env])``), the
    module by a dotted string or an imported module's name.  Not a load the module follows with
    a call of ``overrides`` on the same mapping (``config.from_envvar("APP_CONFIG")`` after
    ``config.from_object("app.defaults")``): the operator's file may replace any key."""
    dotted = set(module_names(home.rel))
    for mod in loaders:
        for node in ast.walk(mod.tree):
            if not (isinstance(node, ast.Call) and final_name(node.func) in calls and node.args) \
                    or _overridden(mod, node, overrides):
                continue
            arg = node.args[0]
            if cls is not None:
                if _names_class(mod, home, arg, cls.name):
                    return True
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if arg.value in dotted:
                    return True
            elif isinstance(arg, ast.Name) and mod.imports.get(arg.id) in dotted:
                return True
    return False


def env_named_loads(loaders: Iterable[ModuleAst], calls: frozenset[str], overrides: frozenset[str],
                    term: Callable[[ModuleAst, ast.expr], tuple | None]) -> list[tuple]:
    """The environment terms (``("env", VAR, default, transforms)``, flow/gates.py) of the
    loader calls of ``loaders`` handed a variable's value: ``from_object(os.environ["APP_SETTINGS"])``,
    ``from_object(os.getenv("APP_SETTINGS"))`` or a name bound to such a read.  Flask imports
    a string it is given (werkzeug's ``import_string``), so the variable names the module or
    class loaded; ``term`` turns an argument into its term (None: no environment read).  Not a
    load the module overlays with a call of ``overrides``, as for ``loads_config``."""
    out: list[tuple] = []
    for mod in loaders:
        for node in ast.walk(mod.tree):
            if not (isinstance(node, ast.Call) and final_name(node.func) in calls and node.args) \
                    or _overridden(mod, node, overrides):
                continue
            got = term(mod, node.args[0])
            if got is not None and got not in out:
                out.append(got)
    return out


def loaded_names(home: ModuleAst, cls: ast.ClassDef | None) -> frozenset[str]:
    """The strings a loader's argument may be to load ``home`` (or its class ``cls``): the
    module's dotted names (every suffix of its path, as ``module_names``), and for a class each
    of them with the class's name after a dot or a colon (``import_string`` takes
    ``project.config:DevelopmentConfig`` too)."""
    modules = module_names(home.rel)
    if cls is None:
        return frozenset(modules)
    return frozenset(f"{m}{sep}{cls.name}" for m in modules for sep in (".", ":"))


def _overridden(mod: ModuleAst, load: ast.Call, overrides: frozenset[str]) -> bool:
    """A call of ``overrides`` on the mapping ``load`` fills (the same receiver written the same
    way, ``config`` or ``app.config``) in the module: another source may replace its keys."""
    receiver = dotted(load.func.value) if isinstance(load.func, ast.Attribute) else None
    return receiver is not None and any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in overrides
        and dotted(n.func.value) == receiver for n in ast.walk(mod.tree))


def _names_class(mod: ModuleAst, home: ModuleAst, arg: ast.expr, name: str) -> bool:
    """``arg`` of a loader call in ``mod`` is the class ``name`` of ``home``: named, written as
    a dotted string, a subscript of a mapping (in either module) that holds it as a value, or a
    parameter whose default names it (``def create_app(config_class=ProdConfig)``)."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value == name or arg.value.endswith("." + name)
    if isinstance(arg, ast.Attribute):
        return arg.attr == name
    if isinstance(arg, ast.Name):
        if arg.id == name:
            return True
        func = mod.function_of(arg)
        default = default_node(func, arg.id) if func is not None else None
        return default is not None and final_name(default) == name
    if isinstance(arg, ast.Subscript):
        return any(_mapping_value(m, name) for m in (mod, home))
    return False


def _mapping_value(mod: ModuleAst, name: str) -> bool:
    """A dict of ``mod`` holds the class ``name`` as a value (``{"prod": ProdConfig}``,
    ``dict(prod=ProdConfig)``)."""
    for node in ast.walk(mod.tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Dict):
            values = [v for v in node.values if v is not None]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            values = [k.value for k in node.keywords]
        if any(final_name(v) == name for v in values):
            return True
    return False
