"""The environment variable a settings class's field reads, across modules.

The extractor sees one file: it knows a field default is the fallback of an environment
variable only where ``BaseSettings`` is a base in that file.  Projects often declare their
settings base once (``class AppSettings(BaseSettings, env_file=".env")`` in ``core/config.py``)
and subclass it elsewhere (``class CacheSettings(AppSettings, env_prefix="cache_")``): the
field ``url`` there reads ``CACHE_URL``, and a service that sets it never dials the default.
Here the bases are followed through the imports of the modules searched, and the prefix is the
first one set on the way up (the class's own, then its bases', as pydantic inherits
``model_config``).

A field declared once in a base and read through subclasses that each set their own prefix
(``class CacheSettings(RedisEndpoint, env_prefix="cache_")``, ``BrokerSettings(...,
env_prefix="broker_")``) reads a variable per subclass: its default is dead only where every
one of them is set (and the base's own, where the base itself is built).
"""
from __future__ import annotations

import ast
import re
from typing import Any

from dockwise.flow.astfacts import own_prefix
from dockwise.flow.gates import Gate
from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted

__all__ = ["class_named", "field_guards", "field_variables", "settings_variable"]

MAX_BASES = 12  # classes visited on the way up: a settings lineage is a few classes deep
MAX_SUBCLASSES = 24  # subclasses looked at on the way down


def settings_variable(flow: Any, mod: ModuleAst, cls: ast.ClassDef, field: str) -> str | None:
    """``PREFIX_FIELD`` where ``cls`` is a settings class (a base, followed through this
    module's classes and its imports, is one the environment fills: ``BaseSettings``,
    ``rules/flow.yaml`` settings_bases), else None."""
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
            if flow.t.settings_base(_qualified(m, name)):
                settings = True
                continue
            found = class_named(flow, m, name)
            if found is not None:
                todo.append(found)
    if not settings:
        return None
    return ((prefix or "") + field).upper()


def _qualified(mod: ModuleAst, name: str) -> str:
    """``name`` as written in ``mod``'s bases, its head replaced by what the import binds
    (``EnvConfig`` of ``from sanic_envconfig import EnvConfig``: ``sanic_envconfig.EnvConfig``)."""
    head, _, rest = name.partition(".")
    qual = mod.imports.get(head)
    if qual is None:
        return name
    return f"{qual}.{rest}" if rest else qual


def class_named(flow: Any, mod: ModuleAst, name: str) -> tuple[ModuleAst, ast.ClassDef] | None:
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


def field_variables(flow: Any, mod: ModuleAst, cls: ast.ClassDef, field: str) -> tuple[str, ...]:
    """The variables the default of ``cls``'s field ``field`` may be read under: the class's
    own (where it is built itself, or has no subclass) and each subclass's that does not
    declare the field again (its prefix differs); () where ``cls`` is no settings class."""
    own = settings_variable(flow, mod, cls, field)
    if own is None:
        return ()
    subs = _subclasses(flow, mod, cls)
    out = [settings_variable(flow, m, c, field) for m, c in subs if not _declares(c, field)]
    variables = [v for v in out if v is not None]
    if not subs or _built(flow, cls.name):
        variables.insert(0, own)
    return tuple(dict.fromkeys(variables))


def _declares(cls: ast.ClassDef, field: str) -> bool:
    return any(isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.target.id == field
               or isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == field for t in s.targets)
               for s in cls.body)


def _subclasses(flow: Any, mod: ModuleAst, cls: ast.ClassDef) -> list[tuple[ModuleAst, ast.ClassDef]]:
    """Classes of the modules searched whose bases name ``cls`` (as the class this module
    defines, or one imported from it), and theirs, breadth first (memoised per flow: each
    field of a settings class asks)."""
    memo: dict = flow._subclasses
    key = (mod.rel, cls.name, id(cls))
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _search_subclasses(flow, mod, cls)
    return hit


def _search_subclasses(flow: Any, mod: ModuleAst, cls: ast.ClassDef) -> list[tuple[ModuleAst, ast.ClassDef]]:
    out: list[tuple[ModuleAst, ast.ClassDef]] = []
    todo = [(mod, cls)]
    seen = {(mod.rel, cls.name)}
    while todo and len(out) < MAX_SUBCLASSES:
        base_mod, base = todo.pop(0)
        for other in flow._containing(base.name):
            for c in other.classes.values():
                if (other.rel, c.name) in seen:
                    continue
                if any(_is(class_named(flow, other, dotted(b) or ""), base_mod, base) for b in c.bases):
                    seen.add((other.rel, c.name))
                    out.append((other, c))
                    todo.append((other, c))
    return out


def _is(found: tuple[ModuleAst, ast.ClassDef] | None, mod: ModuleAst, cls: ast.ClassDef) -> bool:
    return found is not None and found[0] is mod and found[1] is cls


def _built(flow: Any, name: str) -> bool:
    """Some module of the search set calls ``name(`` (builds the class itself)."""
    rx = re.compile(rf"(?<!\w){re.escape(name)}\(")
    for other in flow._containing(name, called=True):
        for m in rx.finditer(other.text):
            line_start = other.text.rfind("\n", 0, m.start()) + 1
            if not other.text[line_start:m.start()].lstrip().startswith("class "):
                return True
    return False


def field_guards(flow: Any, mod: ModuleAst, cls: ast.ClassDef, field: str, at: ModuleAst,
                 load: ast.Attribute) -> tuple[Gate, ...]:
    """The branches a read ``X.field`` of settings class ``cls``'s field sits in whose test is
    another field of the same object, ``if X.url and X.api_key:`` (alone or as a term of an
    ``and``), where that field's default is empty (``api_key: str = ""``, ``None``, ``False``,
    ``0``): the branch runs only where the service sets that field's variable, as the body of
    ``if os.getenv("API_KEY"):`` does; and ``if not X.url:`` (a URL assembled from its parts
    while its own field is empty, in a validator) only where the service leaves it unset.
    ``at``: the module of the read."""
    out: list[Gate] = []
    base = ast.dump(load.value)
    child: ast.AST = load
    for p in at.ancestors(load):
        if isinstance(p, ast.If) and any(c is child for c in p.body):
            test = p.test
            terms = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
            for term in terms:
                # `if not X.url:` (the parts of a URL assembled while its own field is empty):
                # runs only where the service leaves that field's variable unset
                negated = isinstance(term, ast.UnaryOp) and isinstance(term.op, ast.Not)
                if isinstance(term, ast.UnaryOp) and negated:
                    term = term.operand
                if not (isinstance(term, ast.Attribute) and term.attr != field and ast.dump(term.value) == base):
                    continue
                empty = _empty_default(cls, term.attr)
                if empty is _NOT_EMPTY:
                    continue
                variables = field_variables(flow, mod, cls, term.attr)
                if len(variables) == 1:
                    out.append(Gate(("truth", ("env", variables[0], empty, ())), not negated))
        if isinstance(p, FUNCTIONS + (ast.ClassDef, ast.Lambda)):
            break
        child = p
    return tuple(out)


_NOT_EMPTY = object()


def _empty_default(cls: ast.ClassDef, field: str) -> Any:
    """The empty literal ``cls``'s body gives field ``field`` (``""``, ``None``, ``False``,
    ``0``), else ``_NOT_EMPTY`` (no such field, another value, a ``Field(...)`` that may alias)."""
    for s in cls.body:
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.target.id == field:
            value = s.value
        elif isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                and s.targets[0].id == field:
            value = s.value
        else:
            continue
        if isinstance(value, ast.Constant) and value.value in ("", None, False, 0) \
                and not isinstance(value.value, float):
            return value.value
        return _NOT_EMPTY
    return _NOT_EMPTY
