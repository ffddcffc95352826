"""A ``bind()`` that only asks whether an address is free: the socket is bound, then closed
or let go, and nothing in its scope listens, receives or hands it on (``is_port_available``
helpers).  Such a socket serves nothing, so its loopback address is no DW201.  Which
methods a probe may call besides ``bind`` is data (``rules/flow.yaml`` probe_methods)."""
from __future__ import annotations

import ast
from typing import Iterable

from dockwise.flow.index import ModuleAst


def bind_probe(mod: ModuleAst, call: ast.Call, methods: Iterable[str]) -> bool:
    """``call`` (a ``<name>.bind(...)``) binds a local socket that its scope reads only to
    call ``methods`` (``close``, ``setsockopt``...) or to enter a ``with``: a free-address
    probe, not a server."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "bind" and isinstance(func.value, ast.Name)):
        return False
    name = func.value.id
    allowed = frozenset(methods) | {"bind"}
    for load in mod.loads_in(mod.binding_scope(func.value, name), name):
        parent = mod.parent(load)
        if isinstance(parent, ast.withitem) and parent.context_expr is load:
            continue  # `with s:`: closed on the way out
        if not (isinstance(parent, ast.Attribute) and parent.value is load and parent.attr in allowed):
            return False  # s.listen(), s.recvfrom(...), returned, handed on: it serves (or may)
        used = mod.parent(parent)
        if not (isinstance(used, ast.Call) and used.func is parent):
            return False  # a bound method handed on (`loop.add_reader(s.fileno)`)
    return True
