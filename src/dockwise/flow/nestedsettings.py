"""A model nested in a settings class, read two attributes deep.

pydantic-settings projects group their fields: ``class Database(BaseModel): host: str =
"localhost"`` is held by ``class Settings(BaseSettings): database: Database = Database()``,
and code dials ``settings.database.host``.  The inner class is no settings class itself and
its field's name (``host``) is too common to follow across modules alone; the pair of the
holding field and the inner field (``.database.host``) is not.  Here both directions:

* ``holders``: from the inner class to the settings classes' fields that hold it (for the
  climb from the literal to its reads), with the environment variables that replace the
  inner default there: the holding field's own, read as JSON (``DATABASE='{"host": ...}'``),
  and, where the class sets ``env_nested_delimiter``, the nested one (``DATABASE__HOST``);
* ``nested_values``: from a read ``X.database.port`` to the inner field's defaults (for a
  port written as such a read beside the host).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from dockwise.flow.astfacts import own_option
from dockwise.flow.index import ModuleAst, dotted
from dockwise.flow.settingsclass import class_named, settings_variable

__all__ = ["Holder", "holders", "nested_values"]

MAX_MODULES = 20  # modules naming the class looked at: a settings package is a few modules


@dataclass(frozen=True)
class Holder:
    """A settings class's field whose value is an instance of the nested class."""

    mod: ModuleAst  # the module of the settings class
    field: str  # the holding field (``database``)
    variables: tuple[str, ...]  # variables that replace the inner field's default there
    gives: bool  # its default builds the model giving the inner field (``Database(host="db")``)


def holders(flow: Any, mod: ModuleAst, cls: ast.ClassDef, name: str) -> list[Holder]:
    """The fields of settings classes (in ``mod`` or a module importing ``cls``) that hold
    an instance of ``cls``, for its field ``name``."""
    out: list[Holder] = []
    # (a module that imports the class names it in an import statement: only those are parsed)
    candidates = [mod, *[m for m in flow._containing(cls.name, importing=cls.name) if m is not mod][:MAX_MODULES]]
    for m in candidates:
        if m is not mod and not _imports_class(m, cls.name):
            continue
        for outer in m.class_defs:
            if outer is cls:
                continue
            for stmt in outer.body:
                if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                    continue
                if not (_names(stmt.annotation, cls.name) or _builds(stmt.value, cls.name)):
                    continue
                own = settings_variable(flow, m, outer, stmt.target.id)
                if own is None:
                    continue  # held by a plain model: no environment fills it
                variables = [own]
                delimiter = own_option(outer, "env_nested_delimiter")
                if delimiter:
                    variables.append(own + delimiter + name.upper())
                out.append(Holder(m, stmt.target.id, tuple(variables), _gives(stmt.value, cls.name, name)))
    return out


def nested_values(flow: Any, mod: ModuleAst, expr: ast.Attribute) -> list[tuple[ModuleAst, ast.AST]]:
    """The defaults of the inner field a read ``X.outer.name`` reaches, where ``outer`` is a
    field of a settings class (in ``mod`` or a module ``mod`` may import it from) whose
    annotation or default names a model class with a field ``name``."""
    holder = expr.value
    if not isinstance(holder, ast.Attribute):
        return []
    outer_name, name = holder.attr, expr.attr
    out: list[tuple[ModuleAst, ast.AST]] = []
    # (a class body annotating the field writes `outer:`: only modules that do are parsed)
    annotated = (f"{outer_name}:", f"{outer_name} :")
    candidates = [mod, *[m for m in flow._containing(outer_name, *annotated) if m is not mod][:MAX_MODULES]]
    for m in candidates:
        for outer in m.class_defs:
            for stmt in outer.body:
                if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                        and stmt.target.id == outer_name):
                    continue
                if settings_variable(flow, m, outer, outer_name) is None:
                    continue
                for class_name in _class_names(stmt):
                    found = class_named(flow, m, class_name)
                    if found is None:
                        continue
                    home, inner = found
                    if _gives(stmt.value, inner.name, name):
                        continue  # built giving that field: the class default is not its value
                    for s in inner.body:
                        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) \
                                and s.target.id == name and s.value is not None:
                            out.append((home, s.value))
    return out


def _imports_class(m: ModuleAst, name: str) -> bool:
    return any(qual.rpartition(".")[2] == name for qual in m.imports.values())


def _names(annotation: ast.AST, name: str) -> bool:
    """The annotation names the class (``Database``, ``Optional[Database]``, ``cfg.Database``)."""
    return any(isinstance(n, ast.Name) and n.id == name or isinstance(n, ast.Attribute) and n.attr == name
               for n in ast.walk(annotation))


def _builds(value: ast.AST | None, name: str) -> bool:
    """``Database()`` or ``Field(default_factory=Database)``."""
    if not isinstance(value, ast.Call):
        return False
    if (dotted(value.func) or "").rpartition(".")[2] == name:
        return True
    return any(kw.arg == "default_factory" and (dotted(kw.value) or "").rpartition(".")[2] == name
               for kw in value.keywords)


def _gives(value: ast.AST | None, cls_name: str, field: str) -> bool:
    """The holding field's default builds the class with ``field`` given."""
    return isinstance(value, ast.Call) and (dotted(value.func) or "").rpartition(".")[2] == cls_name \
        and any(kw.arg == field for kw in value.keywords)


def _class_names(stmt: ast.AnnAssign) -> list[str]:
    """The class names a holding field's annotation and default name."""
    names = [n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(stmt.annotation)
             if isinstance(n, (ast.Name, ast.Attribute)) and (n.id if isinstance(n, ast.Name) else n.attr)[:1].isupper()]
    if isinstance(stmt.value, ast.Call):
        names.append((dotted(stmt.value.func) or "").rpartition(".")[2])
        names += [(dotted(kw.value) or "").rpartition(".")[2] for kw in stmt.value.keywords
                  if kw.arg == "default_factory"]
    return [n for n in dict.fromkeys(names) if n and n not in ("Optional", "Union", "Field")]
