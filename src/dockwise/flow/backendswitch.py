"""A settings-mapping key dialled only by a backend that connects.

Django's ``DATABASES`` entry names its backend under ``ENGINE``; the SQLite backends open a
file and never read the entry's ``HOST``.  ``DATABASES = {"default": {"ENGINE":
os.environ.get("SQL_ENGINE", "django.db.backends.sqlite3"), "HOST": os.environ.get("SQL_HOST",
"localhost")}}`` dials nothing in a container that leaves ``SQL_ENGINE`` unset, and the host
of a service that sets it to ``django.db.backends.postgresql`` is dialled there.

``offline_switch`` reads the key beside the sink (``rules/flow.yaml`` offline_backends): True
where it names one of the file backends as written (a literal, or a module constant bound to
one), a :class:`Gate` on the environment read that gives it (the sink lives where the value the
container reads is not one of them), None where it is not read (a value built at run time):
the sink keeps its evidence there.
"""
from __future__ import annotations

import ast

from dockwise.flow.gates import Gate, env_term, values_home
from dockwise.flow.index import ModuleAst
from dockwise.flow.sinks import Tables


def offline_switch(t: Tables, mod: ModuleAst, stmt: ast.AST, path: tuple[str, ...]) -> bool | Gate | None:
    """For the setting at key path ``path`` (``("DATABASES", "default", "HOST")``) bound by the
    assignment ``stmt``: True where the mapping's backend key names a backend that never dials
    the key's value, a Gate where the container's environment decides, else None."""
    entry = t.offline_backend(path)
    if entry is None:
        return None
    sibling, backends = entry
    value = getattr(stmt, "value", None)
    for key in path[1:-1]:
        value = _item(value, key)
    expr = _item(value, sibling)
    if expr is None:
        return None
    written = written_string(mod, expr)
    if written is not None:
        return True if written in backends else None
    term = env_term(t, mod, expr)
    if term is None:
        return None
    return Gate(("in", term, backends), taken=False)


def _item(mapping: ast.AST | None, key: str) -> ast.AST | None:
    """The value a dict display gives ``key`` (its last one), else None."""
    if not isinstance(mapping, ast.Dict):
        return None
    found = None
    for k, v in zip(mapping.keys, mapping.values, strict=False):
        if k is None:
            found = None  # `**other`: what it holds is not read
        elif isinstance(k, ast.Constant) and k.value == key:
            found = v
    return found


def written_string(mod: ModuleAst, expr: ast.AST) -> str | None:
    """The string ``expr`` is as written: a literal, or a module name bound once to one."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name):
        _home, values = values_home(mod, expr.id, expr)
        if len(values) == 1 and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str):
            return values[0].value
    return None
