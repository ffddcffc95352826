"""The environment prefixes a project's configuration loader is built with.

A loader such as invenio-config's ``create_config_loader(config=config, env_prefix="APP")``
sets every setting ``KEY`` of the app's configuration from the variable ``APP_KEY`` after
loading the config module: a service whose environment sets ``APP_SQLALCHEMY_DATABASE_URI``
never dials the module's ``SQLALCHEMY_DATABASE_URI``.  Which prefix a project chose is written
in its call of the loader (``rules/flow.yaml`` setting_env_prefix_loaders); only a string
written there, or a module-level name bound once to one (``env_prefix = "APP"``), counts.
"""

from __future__ import annotations

import ast

from dockwise.flow.astfacts import assigned_values, calls_named
from dockwise.flow.index import ModuleAst


def loader_prefixes(flow: object, entries: tuple[str, ...]) -> tuple[str, ...]:
    """The prefixes the loader calls of ``entries`` are given in the modules ``flow`` searches
    (those a container runs)."""
    out: list[str] = []
    for entry in entries:
        words = entry.split()
        if len(words) not in (4, 5) or not words[2].isdigit():
            continue
        call, keyword, position, default = words[0], words[1], int(words[2]), words[3]
        suffix = words[4] if len(words) == 5 else ""
        for mod in flow._containing(call, called=True):  # type: ignore[attr-defined]
            for node in calls_named(mod, call, method=False):
                value = _prefix_argument(mod, node, keyword, position, default)
                if value is not None and value + suffix not in out:
                    out.append(value + suffix)
    return tuple(out)


def _prefix_argument(mod: ModuleAst, call: ast.Call, keyword: str, position: int, default: str) -> str | None:
    """The string ``call`` gives as its prefix, its default where it gives none, or None where
    it cannot be read (a computed value, arguments spread from a sequence or a mapping)."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return _string(mod, kw.value)
        if kw.arg is None:
            return None  # ``**options`` may hold it
    if any(isinstance(a, ast.Starred) for a in call.args):
        return None
    if len(call.args) > position:
        return _string(mod, call.args[position])
    return default


def _string(mod: ModuleAst, node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        values = assigned_values(mod, node.id, mod.scope(node))
        if len(values) == 1 and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str):
            return values[0].value
    return None
