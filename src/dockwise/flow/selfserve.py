"""Servers the container's own Python binds, and its own loopback clients of them.

A module the container runs that starts a server on a port written out in the code
(``WSGIServer(("0.0.0.0", 8002), app)``, ``app.run(port=8002)``, ``uvicorn.run(app,
port=8002)``: the calls of ``rules/clients.yaml`` with role ``bind``) listens on that port in
this container, whichever process of it runs the module (a helper server its start script
launches beside the app, ``python similarity/main.py &``).  A loopback address of that port
dialled there reaches that server: right, not a miss.  Only a port written as a literal counts:
in the call, in the address string it binds (``sock.bind("tcp://127.0.0.1:5555")``, an
f-string's port part), or in a name the call's scope binds to one, directly, through
``int()``/``str()`` or as the default of an environment read the service does not set
(``PORT = os.getenv("ZMQ_PORT", "5555")``; ``sock.bind(f"tcp://{HOST}:{PORT}")``: an in-process
message bus that the container's own publishers dial at loopback), or in a name imported from
a module of the project whose top level binds it so (``app.run(port=FEED_PORT)`` after ``from
feeder.conf import FEED_PORT``, or ``port=conf.FEED_PORT``).  And only a call that
can run there (not one in the ``__main__`` block of a module the container does not run as its
script, nor in a module-level function nothing names: ``flow/liveness.py``); a call that binds
only to see whether the port is free is no server (``port_probe``).

The other way round (``dials_port``): a client call of the container's code that dials a port
at loopback, its address read the same way, is the container's own client of a listener there;
checks/dw201.py keeps a loopback bind that only such clients reach silent.

A loopback address whose port the code computes, dialled by a module that starts a server
itself on any port (``binds_in``), may be that server's port read back at run time: no evidence
it misses.
"""
from __future__ import annotations

import ast
import re
from typing import Any

from dockwise.extract.hostkind import host_kind
from dockwise.flow.astfacts import assigned_values, env_read, port_probe
from dockwise.flow.liveness import may_run
from dockwise.flow.sinks import _find, tables
from dockwise.words import call_positions

__all__ = ["binds_in", "dials_bound_port", "dials_port", "serves_port"]


def serves_port(flow: Any, knowledge: Any, port: int | None, env_set: frozenset[str] = frozenset(),
                 env_values: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Some module of ``flow``'s search set binds a server on ``port`` in code that can run.
    ``env_set``: the variables the service sets (the default of their reads is dead there);
    ``env_values``: the values it gives those of them written out (a read of one of them holds
    that value); services that share one search may set different ones, so the answer is kept
    per set."""
    if port is None:
        return False
    cache: dict[tuple[int, Any, Any], bool] = flow._self_served
    key = (port, env_set, env_values)
    hit = cache.get(key)
    if hit is None:
        t = tables(knowledge)
        # only a module whose text calls a server by name is parsed: most modules that write
        # the port are its clients, parsed for nothing (and before their own extraction); and
        # only the statements on the lines that name a server call are walked, not the tree
        lines: dict[str, list[int]] = flow._server_call_lines
        found = ((rel, _server_lines(lines, t, rel, text)) for rel in _port_naming(flow, port)
                 if (text := flow.source(rel)) is not None)
        mods = ((flow.module(rel), at) for rel, at in found if at)
        hit = cache[key] = any(
            _binds(t, mod, node, port, env_set, env_values) and not port_probe(t, mod, node) and may_run(flow, mod, node)
            for mod, at in mods if mod is not None
            for node in mod.calls_on_lines(at))
    return hit


def _port_naming(flow: Any, port: int) -> list[str]:
    """The modules that name ``port``, and those that name a top-level constant another of
    them binds to it (``FEED_PORT = 24680`` in a settings module; ``app.run(port=FEED_PORT)``
    after ``from conf import FEED_PORT``, or ``port=conf.FEED_PORT``): a server may take its
    port from the project's own settings (``_Values`` reads the imported name)."""
    found = flow._naming(str(port))
    rels = [rel for rel, _ in found]
    # read in the text, not parsed: most modules that name the port are its clients, and
    # each is parsed once, by its own extraction (a top-level line ``NAME = 24680``)
    bound = re.compile(rf"""^([A-Za-z_]\w*)[ \t]*=[ \t]*(['"]?){port}\2[ \t]*(?:#.*)?$""", re.M)
    names = [m.group(1) for _, text in found for m in bound.finditer(text)]
    out = dict.fromkeys(rels)
    for name in dict.fromkeys(names):
        out.update(dict.fromkeys(rel for rel, _ in flow._naming(name)))
    return list(out)


def binds_in(flow: Any, knowledge: Any, modules: tuple[str, ...]) -> bool:
    """One of ``modules`` (where a loopback address is written and dialled) starts a server
    itself, on whatever port, in code that can run: an address whose port the code computes
    (``f"127.0.0.1:{engine.grpc_port}"``) may be that server's port read back at run time (a
    port 0 the system picks is known only so), as a container that serves some port may be
    dialled on a port its code does not say."""
    t = tables(knowledge)
    lines: dict[str, list[int]] = flow._server_call_lines
    for rel in modules:
        mod = flow.module(rel)
        at = _server_lines(lines, t, rel, mod.text) if mod is not None else []
        if mod is not None and at and any(
                _server(t, mod, node) and not port_probe(t, mod, node) and may_run(flow, mod, node)
                for node in mod.calls_on_lines(at)):
            return True
    return False


def _server(t: Any, mod: Any, call: ast.Call) -> bool:
    q = mod.qname(call.func, call=True)
    return bool(q) and any(entry.role == "bind" for entry in t._entries(q))


def _server_lines(memo: dict[str, list[int]], t: Any, rel: str, text: str) -> list[int]:
    """The lines (1-based) of ``text`` where a server call's name stands, kept per module:
    each port asks again."""
    hit = memo.get(rel)
    if hit is None:
        # (one str.find pass per name: a regex of the alternatives tries every offset)
        offsets = sorted(pos for name in t.bind_names for pos in call_positions(text, name))
        hit = memo[rel] = []
        line, at = 1, 0
        for pos in offsets:
            line += text.count("\n", at, pos)
            at = pos
            if not hit or hit[-1] != line:
                hit.append(line)
    return hit


def _binds(t: Any, mod: Any, call: ast.Call, port: int, env_set: frozenset[str],
           env_values: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """``call`` starts a server on ``port``, written out in its arguments or in a name they read."""
    q = mod.qname(call.func, call=True)
    if not q:
        return False
    values = _Values(t, mod, call, env_set, env_values)
    for entry in t._entries(q):
        if entry.role != "bind":
            continue
        if entry.port is not None and values.is_port(_find(call, entry.port), port):
            return True
        address = _find(call, entry.address) if entry.address is not None else None
        if isinstance(address, (ast.Tuple, ast.List)) and len(address.elts) == 2 \
                and values.is_port(address.elts[1], port):
            return True  # ("0.0.0.0", 8002)
        if values.address_port(address, port):
            return True  # "tcp://127.0.0.1:5555", f"tcp://{host}:{port}"
        hostport = _find(call, entry.hostport) if entry.hostport is not None else None
        if isinstance(hostport, ast.Constant) and isinstance(hostport.value, str) \
                and any(part.rpartition(":")[2] == str(port) for part in hostport.value.split()):
            return True  # waitress's listen="*:8002"
    return False


def dials_port(flow: Any, knowledge: Any, port: int | None, env_set: frozenset[str] = frozenset(),
               env_values: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Some module of ``flow``'s search set dials ``port`` at a loopback address in code that
    can run: a client call (role connect in ``rules/clients.yaml``) given that address, written
    out or built from names bound to literals (``sock.connect(f"tcp://{host}:{port}")`` with
    ``host = os.getenv("BUS_HOST", "127.0.0.1")``).  The container's own clients of a listener
    it binds at loopback: checks/dw201.py keeps such a private listener silent."""
    if port is None:
        return False
    cache: dict[tuple[int, Any, Any], bool] = flow._self_dialled
    key = (port, env_set, env_values)
    hit = cache.get(key)
    if hit is None:
        t = tables(knowledge)
        mods = (flow.module(rel) for rel, _ in flow._naming(str(port)))
        hit = cache[key] = any(
            _dials(t, knowledge, mod, node, port, env_set, env_values) and may_run(flow, mod, node)
            for mod in mods if mod is not None
            for node in ast.walk(mod.tree) if isinstance(node, ast.Call))
    return hit


def _dials(t: Any, knowledge: Any, mod: Any, call: ast.Call, port: int, env_set: frozenset[str],
           env_values: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """``call`` connects to ``port`` at a loopback host."""
    q = mod.qname(call.func, call=True)
    if not q:
        return False
    values = _Values(t, mod, call, env_set, env_values)
    for entry in t._entries(q):
        if entry.role != "connect":
            continue
        for ref in (entry.url, entry.address):
            if ref is None:
                continue
            for text in values.texts(_find(call, ref)):
                host, got = _host_port(text)
                if got == port and host_kind(host, knowledge) == "loopback":
                    return True
        if entry.host is not None and entry.port is not None and values.is_port(_find(call, entry.port), port) \
                and any(host_kind(h.strip(), knowledge) == "loopback" for h in values.texts(_find(call, entry.host))):
            return True
    return False


def dials_bound_port(flow: Any, knowledge: Any, rel: str, line: int, env_set: frozenset[str] = frozenset(),
                     env_values: frozenset[tuple[str, str]] = frozenset()) -> tuple[int, ...] | None:
    """The server call of module ``rel`` whose loopback host stands on ``line`` binds a port
    the code imports from a module of the project (``("localhost", conf.ALIVE_PORT)``), and a
    client call of the container's code dials that same imported name at loopback
    (``requests.get(f"http://localhost:{conf.ALIVE_PORT}/beat")``): the container is its own
    client of the listener.  The ports that name may hold (its module's value, through
    ``int()``/``str()`` and environment reads as ``_Values`` reads them; empty where none is
    written out); None where no such client dials it."""
    mod = flow.module(rel)
    if mod is None:
        return None
    t = tables(knowledge)
    for call in mod.calls_on_lines([line]):
        node = _bound_port(t, mod, call, line)
        key = _imported_name(mod, node) if node is not None else None
        if key is None or not may_run(flow, mod, call):
            continue
        leaf = key.rpartition(".")[2]
        dialled = any(_dials_name(t, knowledge, other, c, key) and may_run(flow, other, c)
                      for other in (flow.module(r) for r, _ in flow._naming(leaf)) if other is not None
                      for c in ast.walk(other.tree) if isinstance(c, ast.Call))
        if not dialled:
            continue
        home = mod.imported_home(key)
        ports: set[int] = set()
        for value in mod.imported(key) if home is not None else ():
            ports.update(int(text) for text in _Values(t, home, value, env_set, env_values).texts(value)
                         if text.strip().isdigit() and 0 < int(text) < 65536)
        return tuple(sorted(ports))
    return None


def _bound_port(t: Any, mod: Any, call: ast.Call, line: int) -> ast.AST | None:
    """The port argument of server call ``call`` whose address tuple's host stands on ``line``."""
    q = mod.qname(call.func, call=True)
    for entry in t._entries(q) if q else ():
        if entry.role != "bind" or entry.address is None:
            continue
        address = _find(call, entry.address)
        if isinstance(address, (ast.Tuple, ast.List)) and len(address.elts) == 2 \
                and address.elts[0].lineno == line:
            return address.elts[1]
    return None


def _imported_name(mod: Any, node: ast.AST) -> str | None:
    """The qualified name of ``node``, a name or attribute whose head an import binds
    (``conf.ALIVE_PORT`` after ``import conf``; ``ALIVE_PORT`` after ``from conf import
    ALIVE_PORT``), or None."""
    head = node
    while isinstance(head, ast.Attribute):
        head = head.value
    if not isinstance(head, ast.Name) or head.id not in mod.imports:
        return None
    q = mod.qname(node)
    return q if q and "." in q else None


def _dials_name(t: Any, knowledge: Any, mod: Any, call: ast.Call, key: str) -> bool:
    """``call`` connects to a loopback host at the port the imported name ``key`` holds:
    an address f-string whose port part is that name (``f"http://localhost:{conf.PORT}/"``),
    or a host and port given apart."""
    q = mod.qname(call.func, call=True)
    for entry in t._entries(q) if q else ():
        if entry.role != "connect":
            continue
        for ref in (entry.url, entry.address):
            node = _find(call, ref) if ref is not None else None
            if isinstance(node, ast.JoinedStr) and _loopback_at(knowledge, mod, node, key):
                return True
        if entry.host is not None and entry.port is not None:
            port = _find(call, entry.port)
            host = _find(call, entry.host)
            if port is not None and _imported_name(mod, port) == key and isinstance(host, ast.Constant) \
                    and isinstance(host.value, str) and host_kind(host.value, knowledge) == "loopback":
                return True
    return False


def _loopback_at(knowledge: Any, mod: Any, text: ast.JoinedStr, key: str) -> bool:
    """An f-string whose literal part ends in a loopback host and a colon right before the
    imported name ``key`` (``f"http://localhost:{conf.PORT}/beat"``)."""
    before = ""
    for part in text.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            before += part.value
            continue
        if isinstance(part, ast.FormattedValue) and before.endswith(":") \
                and _imported_name(mod, part.value) == key:
            host, _ = _host_port(before[:-1])
            if host and host_kind(host, knowledge) == "loopback":
                return True
        before = ""  # a computed part: the host before the next colon is not written out
    return False


# an address as text: [scheme://][user@]host[:port]...
_ADDRESS = re.compile(r"^\s*(?:[A-Za-z][\w+.-]*://)?(?:[^@/\s]*@)?(\[[^\]]*\]|[^:/?#\s]*)(?::(\d{1,5}))?")
_MAX_TEXTS = 8


def _host_port(text: str) -> tuple[str, int | None]:
    m = _ADDRESS.match(text)
    if m is None:
        return "", None
    return m.group(1).strip("[]"), int(m.group(2)) if m.group(2) else None


class _Values:
    """The literals a call's argument may hold, seen through the names its scope binds:
    a literal, a name bound to one, ``int()``/``str()`` of one, the default of an environment
    read the service does not set (the service's own value of one it sets, where written out),
    and f-strings and ``+`` built of those."""

    def __init__(self, t: Any, mod: Any, call: ast.Call, env_set: frozenset[str],
                 env_values: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.t, self.mod, self.call, self.env_set = t, mod, call, env_set
        self.env_values = dict(env_values)
        self.top = False  # names read at the top level of ``mod`` (a module the call imports from)

    def is_port(self, node: ast.AST | None, port: int) -> bool:
        return any(text.strip() == str(port) for text in self.texts(node))

    def address_port(self, node: ast.AST | None, port: int) -> bool:
        """An address string whose port is ``port`` (``"tcp://127.0.0.1:5555"``,
        ``f"tcp://{host}:{port}"``)."""
        return any(_host_port(text)[1] == port for text in self.texts(node))

    def texts(self, node: ast.AST | None, depth: int = 0) -> list[str]:
        if node is None or depth > 12:  # a name bound to itself (``url = url + "/x"``) ends here
            return []
        if isinstance(node, ast.Constant):
            ok = isinstance(node.value, (str, int)) and not isinstance(node.value, bool)
            return [str(node.value)] if ok else []
        if isinstance(node, ast.Name):
            values = assigned_values(self.mod, node.id, self.mod.tree if self.top else self.mod.scope(self.call))
            if not values:
                return self._imported_texts(node, depth)
            return [text for v in values for text in self.texts(v, depth + 1)][:_MAX_TEXTS]
        if isinstance(node, ast.Attribute):
            return self._imported_texts(node, depth)
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in ("int", "str") and len(node.args) == 1:
                return self.texts(node.args[0], depth + 1)
            return self.texts(self._env_default(node), depth + 1)
        if isinstance(node, ast.FormattedValue):
            return self.texts(node.value, depth + 1)
        if isinstance(node, ast.JoinedStr):
            return self._joined(node.values, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._joined([node.left, node.right], depth)
        return []

    def _imported_texts(self, node: ast.Name | ast.Attribute, depth: int) -> list[str]:
        """A name an import binds (``FEED_PORT`` after ``from conf import FEED_PORT``,
        ``conf.FEED_PORT`` after ``from pkg import conf``): what the top level of the project
        module that binds it holds, read in that module."""
        key = _imported_name(self.mod, node)
        hook = self.mod.imported_home
        home = hook(key) if key is not None and hook is not None else None
        if home is None or key is None:
            return []
        values = assigned_values(home, key.rpartition(".")[2], home.tree)
        there = _Values(self.t, home, self.call, self.env_set, frozenset(self.env_values.items()))
        there.top = True
        return [text for v in values for text in there.texts(v, depth + 1)][:_MAX_TEXTS]

    def _joined(self, parts: list[ast.expr], depth: int) -> list[str]:
        out = [""]
        for part in parts:
            pieces = self.texts(part, depth + 1)
            if not pieces:
                return []
            out = [a + b for a in out for b in pieces][:_MAX_TEXTS]
        return out

    def _env_default(self, read: ast.Call) -> ast.AST | None:
        """The default of an environment read whose variable the service does not set; the
        service's value of one it sets to a value written out."""
        name = env_read(self.t, self.mod, read)
        if name and name in self.env_values:
            return ast.Constant(self.env_values[name])
        if not name or name in self.env_set:
            return None
        qn = self.mod.qname(read.func, call=True) or ""
        for entry in self.t._entries(qn):
            if entry.role == "env" and entry.url is not None:
                return _find(read, entry.url)
        return None
