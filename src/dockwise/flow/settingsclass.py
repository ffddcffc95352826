"""The environment variable a settings class's field reads, across modules.

The extractor sees one file: it knows a field default is the fallback of an environment
variable only where ``BaseSettings`` is a base in that file.  Projects often declare their
settings base once (``class AppSettings(BaseSettings, env_file=".env")`` in ``core/config.py``)
and subclass it elsewhere (``class CacheSettings(AppSettings, env_prefix="cache_")``): the
field ``url`` there reads ``CACHE_URL``, and a service that sets it never dials the default.
Here the bases are followed through the imports of the modules searched, and the prefix is the
first one set on the way up (the class's own, then its bases', as pydantic inherits
``model_config``).
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.flow.astfacts import own_prefix
from dockwise.flow.index import ModuleAst, dotted

__all__ = ["settings_variable"]

MAX_BASES = 12  # classes visited on the way up: a settings lineage is a few classes deep


def settings_variable(flow: Any, mod: ModuleAst, cls: ast.ClassDef, field: str) -> str | None:
    """``PREFIX_FIELD`` where ``cls`` is a pydantic settings class (a base, followed through
    this module's classes and its imports, is ``BaseSettings``), else None."""
    prefix: str | None = None
    settings = False
    todo: list[tuple[ModuleAst, ast.ClassDef]] = [(mod, cls)]
    seen: set[tuple[str, str]] = set()
    while todo and len(seen) < MAX_BASES:
        m, c = todo.pop(0)  # breadth first: the class's own bases before theirs, like the MRO
        if (m.rel, c.name) in seen:
            continue
        seen.add((m.rel, c.name))
        if prefix is None:
            prefix = own_prefix(c)
        for base in c.bases:
            name = dotted(base) or ""
            if name.rsplit(".", 1)[-1] == "BaseSettings":
                settings = True
                continue
            found = _base_class(flow, m, name)
            if found is not None:
                todo.append(found)
    if not settings:
        return None
    return ((prefix or "") + field).upper()


def _base_class(flow: Any, mod: ModuleAst, name: str) -> tuple[ModuleAst, ast.ClassDef] | None:
    """The class ``name`` (as written in ``mod``'s bases) is: one ``mod`` defines, or one an
    import binds, in a module of the search set."""
    if not name:
        return None
    if "." not in name and name in mod.classes:
        return mod, mod.classes[name]
    head, _, rest = name.partition(".")
    qual = mod.imports.get(head)
    if qual is None:
        return None
    full = f"{qual}.{rest}" if rest else qual
    module, _, cls_name = full.rpartition(".")
    for rel in flow._resolve_module(module):
        other = flow.module(rel)
        if other is not None and cls_name in other.classes:
            return other, other.classes[cls_name]
    return None
