"""Servers the container's own Python binds.

A module the container runs that starts a server on a port written out in the code
(``WSGIServer(("0.0.0.0", 8002), app)``, ``app.run(port=8002)``, ``uvicorn.run(app,
port=8002)``: the calls of ``rules/clients.yaml`` with role ``bind``) listens on that port in
this container, whichever process of it runs the module (a helper server its start script
launches beside the app, ``python similarity/main.py &``).  A loopback address of that port
dialled there reaches that server: right, not a miss.  Only a port written as a literal counts,
and only a call that can run there (not one in the ``__main__`` block of a module the
container does not run as its script, nor in a module-level function nothing names:
``flow/liveness.py``); a call that binds only to see whether the port is free is no server
(``port_probe``).
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.flow.astfacts import port_probe
from dockwise.flow.liveness import may_run
from dockwise.flow.sinks import _find, tables
from dockwise.words import positions_whole

__all__ = ["serves_port"]


def serves_port(flow: Any, knowledge: Any, port: int | None) -> bool:
    """Some module of ``flow``'s search set binds a server on ``port`` in code that can run."""
    if port is None:
        return False
    cache: dict[int, bool] = flow._self_served
    hit = cache.get(port)
    if hit is None:
        t = tables(knowledge)
        word = str(port)
        # only a module that calls a server by name in the lines up to the port is parsed:
        # most modules that write the port are its clients, parsed for nothing (and before
        # their own extraction); and only the statements on the port's lines are walked
        mods = (flow.module(rel) for rel, text in flow._naming(word) if _near_server_call(t, text, word))
        hit = cache[port] = any(
            _binds(t, mod, node, port) and not port_probe(t, mod, node) and may_run(flow, mod, node)
            for mod in mods if mod is not None
            for node in mod.calls_on_lines_naming(word))
    return hit


# How far above the port's line a server call's name may stand: a call written over many
# lines (``uvicorn.run(\n    app,\n    host=...,\n    port=8002,\n)``) names the server first.
_CALL_SPAN = 30


def _near_server_call(t: Any, text: str, word: str) -> bool:
    """A server call's name stands before the port on its line or in the lines just above
    it (only those few lines are searched: a module names the port in few places)."""
    rfind = text.rfind
    for pos in positions_whole(text, word):
        start = pos
        for _ in range(_CALL_SPAN + 1):
            start = rfind("\n", 0, start)
            if start < 0:
                break
        if t.bind_calls.search(text, max(start, 0), pos):
            return True
    return False


def _binds(t: Any, mod: Any, call: ast.Call, port: int) -> bool:
    """``call`` starts a server on ``port``, written out in its arguments."""
    q = mod.qname(call.func, call=True)
    if not q:
        return False
    for entry in t._entries(q):
        if entry.role != "bind":
            continue
        if entry.port is not None and _is_port(_find(call, entry.port), port):
            return True
        address = _find(call, entry.address) if entry.address is not None else None
        if isinstance(address, (ast.Tuple, ast.List)) and len(address.elts) == 2 and _is_port(address.elts[1], port):
            return True  # ("0.0.0.0", 8002)
        hostport = _find(call, entry.hostport) if entry.hostport is not None else None
        if isinstance(hostport, ast.Constant) and isinstance(hostport.value, str) \
                and any(part.rpartition(":")[2] == str(port) for part in hostport.value.split()):
            return True  # waitress's listen="*:8002"
    return False


def _is_port(node: ast.AST | None, port: int) -> bool:
    return isinstance(node, ast.Constant) and not isinstance(node.value, bool) \
        and isinstance(node.value, (int, str)) and str(node.value).strip() == str(port)
