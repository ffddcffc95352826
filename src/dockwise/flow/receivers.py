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

from dockwise.flow.index import ModuleAst, dotted

# how many base-class steps are followed to find the method's class among a class's ancestors
MAX_BASES = 3


def receiver_class(mod: ModuleAst, call: ast.Call) -> str | None:
    """The last name of the class the receiver of ``call`` (``x.m(...)``) is an instance of,
    where written: ``Task(...).m()``, or ``x = Task(...)`` / ``self.x = Task(...)`` then
    ``x.m()``. A name that is no class name (a factory function's ``get_x()``) is unknown."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    recv = func.value
    if isinstance(recv, ast.Call):
        typ = mod.qname(recv.func)
    else:
        key = dotted(recv)
        typ = mod.var_types.get(key) if key else None
    last = typ.rsplit(".", 1)[-1] if typ else ""
    # classes are capitalised; a lower-case callable may return an instance of any class
    return last if last[:1].isupper() else None


def another_class(mod: ModuleAst, call: ast.Call, cls: ast.ClassDef,
                  containing: Callable[..., Iterable[ModuleAst]]) -> bool:
    """The receiver of ``call`` is known to be an instance of a class that is not ``cls`` nor
    derived from it (``containing(word, *also)``: the searched modules holding the words)."""
    name = receiver_class(mod, call)
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
