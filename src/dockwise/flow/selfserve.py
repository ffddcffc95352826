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
(``port_probe``).  A loopback address whose port the code computes, dialled by a module that
starts a server itself on any port (``binds_in``), may be that server's port read back at run
time: no evidence it misses.
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.flow.astfacts import port_probe
from dockwise.flow.liveness import may_run
from dockwise.flow.sinks import _find, tables

__all__ = ["binds_in", "serves_port"]


def serves_port(flow: Any, knowledge: Any, port: int | None) -> bool:
    """Some module of ``flow``'s search set binds a server on ``port`` in code that can run."""
    if port is None:
        return False
    cache: dict[int, bool] = flow._self_served
    hit = cache.get(port)
    if hit is None:
        t = tables(knowledge)
        # only a module whose text calls a server by name is parsed: most modules that write
        # the port are its clients, parsed for nothing (and before their own extraction)
        mods = (flow.module(rel) for rel, text in flow._naming(str(port)) if t.bind_calls.search(text))
        hit = cache[port] = any(
            _binds(t, mod, node, port) and not port_probe(t, mod, node) and may_run(flow, mod, node)
            for mod in mods if mod is not None
            for node in ast.walk(mod.tree) if isinstance(node, ast.Call))
    return hit


def binds_in(flow: Any, knowledge: Any, modules: tuple[str, ...]) -> bool:
    """One of ``modules`` (where a loopback address is written and dialled) starts a server
    itself, on whatever port, in code that can run: an address whose port the code computes
    (``f"127.0.0.1:{engine.grpc_port}"``) may be that server's port read back at run time (a
    port 0 the system picks is known only so), as a container that serves some port may be
    dialled on a port its code does not say."""
    t = tables(knowledge)
    for rel in modules:
        mod = flow.module(rel)
        if mod is None or not t.bind_calls.search(mod.text):
            continue
        if any(_server(t, mod, node) and not port_probe(t, mod, node) and may_run(flow, mod, node)
               for node in ast.walk(mod.tree) if isinstance(node, ast.Call)):
            return True
    return False


def _server(t: Any, mod: Any, call: ast.Call) -> bool:
    q = mod.qname(call.func, call=True)
    return bool(q) and any(entry.role == "bind" for entry in t._entries(q))


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
