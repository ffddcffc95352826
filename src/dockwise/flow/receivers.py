"""Whether a method call's receiver is known to be an instance of another class.

A method of a common name (``start``, ``run``, ``serve``) is called by that name on many
objects: in the module of ``class APIServer: def start(self, host="127.0.0.1")``,
``Task(target=...).start()`` starts a thread, not the server. Where the receiver's class is
written (a constructor call, or a variable assigned one: ``t = Thread(...)``, ``self.t = Task()``)
and it is neither the method's class nor one derived from it, the call is not a call of that
method, so it cannot keep the method's parameter default alive.
"""
from __future__ import annotations

import ast
from typing import Callable, Iterable

from dockwise.flow.astfacts import module_names
from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted

# how many base-class steps are followed to find the method's class among a class's ancestors
MAX_BASES = 3


def receiver_class(mod: ModuleAst, call: ast.Call,
                   containing: Callable[..., Iterable[ModuleAst]] | None = None) -> str | None:
    """The last name of the class the receiver of ``call`` (``x.m(...)``) is an instance of,
    where written: ``Task(...).m()``, or ``x = Task(...)`` / ``self.x = Task(...)`` then
    ``x.m()``; with ``containing``, also ``config.db.m()`` where ``config`` is a module-level
    instance of a project class whose body binds ``db = DBConfig()`` (:func:`_attribute_class`).
    A name that is no class name (a factory function's ``get_x()``) is unknown."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    recv = func.value
    if isinstance(recv, ast.Call):
        typ = mod.qname(recv.func)
    else:
        key = dotted(recv)
        typ = mod.var_types.get(key) if key else None
        if typ is None and containing is not None:
            typ = _attribute_class(mod, recv, containing)
    last = typ.rsplit(".", 1)[-1] if typ else ""
    # classes are capitalised; a lower-case callable may return an instance of any class
    return last if last[:1].isupper() else None


def another_class(mod: ModuleAst, call: ast.Call, cls: ast.ClassDef,
                  containing: Callable[..., Iterable[ModuleAst]]) -> bool:
    """The receiver of ``call`` is known to be an instance of a class that is not ``cls`` nor
    derived from it (``containing(word, *also)``: the searched modules holding the words)."""
    name = receiver_class(mod, call, containing)
    if name is None or name == cls.name:
        return False
    return not _derives(name, cls.name, containing, MAX_BASES)


def _derives(name: str, base: str, containing: Callable[..., Iterable[ModuleAst]], depth: int) -> bool:
    """A class ``name`` of the searched modules has ``base`` among its ancestors (by last
    name, ``depth`` steps); a class found nowhere there (``threading.Thread``) has not."""
    if depth <= 0:
        return True  # too deep to tell: keep the call
    for mod in containing(name):
        node = mod.classes.get(name)
        if node is None:
            continue
        for b in node.bases:
            last = (dotted(b) or "").rsplit(".", 1)[-1]
            if last == base or (last and _derives(last, base, containing, depth - 1)):
                return True
    return False


def _attribute_class(mod: ModuleAst, recv: ast.AST, containing: Callable[..., Iterable[ModuleAst]]) -> str | None:
    """The class of ``config.db`` where ``config`` is a module-level instance of a class of the
    project (bound in ``mod``, or imported from the module that binds it: ``from app.settings
    import config``) whose body binds ``db`` once to a constructor call, ``db = DBConfig()``,
    and none of whose methods sets ``self.db``: the attribute holds that class's instance."""
    if not (isinstance(recv, ast.Attribute) and isinstance(recv.value, ast.Name)):
        return None
    var = recv.value.id
    home, typ = mod, mod.var_types.get(var)
    if typ is None and var in mod.imports:
        where, _, name = mod.imports[var].rpartition(".")
        for other in containing(name):
            if where in module_names(other.rel) and other.var_types.get(name):
                home, typ = other, other.var_types[name]
                break
    cls = home.classes.get((typ or "").rsplit(".", 1)[-1])
    if cls is None or home.parent(cls) is not home.tree:
        return None
    values = [st.value for st in cls.body
              if isinstance(st, ast.Assign) and any(isinstance(t, ast.Name) and t.id == recv.attr for t in st.targets)
              or isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name) and st.target.id == recv.attr]
    if any(isinstance(t, ast.Attribute) and t.attr == recv.attr
           for f in cls.body if isinstance(f, FUNCTIONS)
           for n in ast.walk(f) if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign))
           for t in (n.targets if isinstance(n, ast.Assign) else [n.target])):
        return None  # `self.db = ...` in a method: another value may replace it
    if len(values) != 1 or not isinstance(values[0], ast.Call):
        return None
    return home.qname(values[0].func) or dotted(values[0].func)
