"""Settings the code replaces with the environment variable of the same name.

An app that loads its defaults from a settings module often lets the environment win key by
key: ``config["DATABASE_URL"] = get_config("DATABASE_URL", config=config)``, where the helper
returns ``os.environ[key]`` when it is set, or plainly ``config["X"] = os.environ.get("X",
config["X"])``.  The module's value of such a setting is then only the default of that
variable: a service that sets it never dials the module's value.  The flow records the
variable as a fallback of the literal, and the verdict drops the finding where the service
sets it (as for any other environment default).
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.flow.astfacts import env_read, param_for
from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted

__all__ = ["overridden_by_env", "reads_env_through"]


def overridden_by_env(flow: Any, key: str) -> bool:
    """Some module of ``flow``'s search set assigns the setting ``key`` (``x["KEY"] = ...``,
    ``x.KEY = ...``) from an environment-first read of the variable ``KEY``."""
    cache: dict[str, bool] = flow._env_overrides
    hit = cache.get(key)
    if hit is None:
        hit = cache[key] = any(_assigns_from_env(flow, mod, key) for mod in flow._containing(key))
    return hit


def _assigns_from_env(flow: Any, mod: ModuleAst, key: str) -> bool:
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.Assign) or not any(_names_key(t, key) for t in node.targets):
            continue
        if _env_first(flow, mod, node.value, key):
            return True
    return False


def _names_key(target: ast.AST, key: str) -> bool:
    if isinstance(target, ast.Subscript):
        return isinstance(target.slice, ast.Constant) and target.slice.value == key
    return isinstance(target, ast.Attribute) and target.attr == key


def _env_first(flow: Any, mod: ModuleAst, value: ast.AST, key: str) -> bool:
    """``value`` is the variable ``key`` when the environment has it: a read of it
    (``os.environ.get("KEY", default)``), or a call of a project function that reads the
    environment by the name it is given (``get_config("KEY", ...)``)."""
    if env_read(flow.t, mod, value) == key:
        return True
    return isinstance(value, ast.Call) and reads_env_through(flow, mod, value, key)


def reads_env_through(flow: Any, mod: ModuleAst, value: ast.Call, key: str) -> bool:
    """``value`` calls a project function that looks the name ``key`` it is given up in the
    environment (``get_config("KEY", ...)``, ``get_str("KEY")`` around decouple's ``config``)."""
    given = [a for a in value.args if isinstance(a, ast.Constant) and a.value == key]
    given += [k.value for k in value.keywords if isinstance(k.value, ast.Constant) and k.value.value == key]
    qn = mod.qname(value.func, call=True) if given else None
    found = flow._callee(mod, value, qn) if qn else None
    if found is None or not isinstance(found[1], FUNCTIONS):
        return False
    cmod, func, skip_self = found
    param = param_for(func, value, given[0], skip_self)
    return param is not None and _reads_env_by(flow, cmod, func, param)


def _reads_env_by(flow: Any, mod: ModuleAst, func: ast.AST, param: str) -> bool:
    """``func`` looks its parameter ``param`` up in the environment: ``os.environ[param]``,
    ``param in os.environ``, ``os.environ.get(param)``, ``os.getenv(param)``."""
    def is_param(node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id == param

    for node in ast.walk(func):
        if isinstance(node, ast.Subscript) and (dotted(node.value) or "").endswith("environ") and is_param(node.slice):
            return True
        if isinstance(node, ast.Compare) and is_param(node.left) and any(isinstance(op, ast.In) for op in node.ops) \
                and any((dotted(c) or "").endswith("environ") for c in node.comparators):
            return True
        if isinstance(node, ast.Call) and node.args and is_param(node.args[0]) \
                and env_read(flow.t, mod, node) is not None:
            return True
    return False
