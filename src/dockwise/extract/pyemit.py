"""Turning a judged string into endpoints: its address parsed and checked (host kind,
loopback guards, word lists), the port found beside it, the located span of each part,
and the servers that rely on a default bind (``app.run()``).

``Emitting`` is mixed into the extractor (``dockwise.extract.python``): it appends to the
extractor's ``endpoints``."""
from __future__ import annotations

from typing import Any, Callable

import libcst as cst

from dockwise.extract.hostitem import Address
from dockwise.extract.hostkind import host_kind
from dockwise.extract.pynodes import (
    BARE_LOOPBACK,
    MAX_LIST,
    NOT_HOSTS,
    dict_port,
    fills_port_from_bound_listener,
    fills_port_from_sidecar,
    find_arg,
    int_value,
    literal_str,
    names_bound_to_variables,
    port_value,
    reads_bound_port,
    zero,
)
from dockwise.extract.pysites import Site
from dockwise.extract.pytables import Tables, calls_for
from dockwise.model import DEFAULT_CALL, HOLE, Endpoint, Span, Text


class Emitting:
    # set by the extractor's __init__ and walk
    knowledge: Any
    tables: Tables
    include_all: bool
    module: cst.Module | None
    endpoints: list[Endpoint]
    cursors: dict[cst.CSTNode, tuple[int, int]]
    var_types: dict[str, str | None]
    flask_imported: bool
    _dict_ports: dict[int, Any]
    _guards: dict[int, bool]
    _sidecar_names: frozenset[str] | None
    whole_source: str
    alias_choices: dict[str, tuple[str, ...]]
    # the extractor's methods (dockwise.extract.python, .pypositions)
    qname: Callable[..., str | None]
    code_span: Callable[..., Span | None]
    string_span: Callable[[cst.CSTNode], Span | None]

    def _emit(self, node, text: Text, address: Address, site: Site, fallback_for, collection, tuple_port,
              filler: cst.CSTNode | None = None) -> None:
        knowledge = self.knowledge
        form = address.form
        free_hostport = False
        if form == "hostport":
            if site.form in ("free", "url"):
                # "db:15432" anywhere: a target only when its host names a service of the
                # layout (the judge decides), so only one-word hosts with a port are kept
                # a loopback host alone bound to a name that says "address" (`BROKER = "localhost"`)
                # or as an environment default (`os.getenv("CACHE_HOST_B", "127.0.0.1")`): a
                # candidate; the flow then needs a client that dials it
                bare = BARE_LOOPBACK.fullmatch(text.value) is not None \
                    and (site.form == "url" or site.context.startswith("env:"))
                if not bare and (site.form == "url" or not all(h.port is not None for h in address.hosts)):
                    return
                free_hostport = not bare
            if site.form == "address" and not all(h.port is not None or h.port_hole for h in address.hosts) \
                    and (site.port is None or site.port[0] is None):
                return
        scheme_name = address.scheme if form in ("url", "jdbc") else site.scheme
        scheme = knowledge.scheme(scheme_name) if scheme_name else None
        if scheme is not None and scheme.kind != "network":
            return
        scheme_norm = scheme.name if scheme is not None else (scheme_name.lower().split("+", 1)[0] if scheme_name else None)
        if form == "hostport" and not site.entry and collection is not None:
            # sets, loopback spellings listed as a guard, long word lists: not addresses
            if type(collection) is cst.Set or len(getattr(collection, "elements", ())) > MAX_LIST:
                return
            if self._loopback_guard(collection):
                return
        sibling = site.port
        if sibling is None and tuple_port is not None and port_value(tuple_port) is not None:
            sibling = (port_value(tuple_port), tuple_port)  # {"hosts": [("127.0.0.1", 6379)]}
        value = text.value
        for h in address.hosts:
            host = h.host
            if not host or HOLE in host:
                continue
            kind = host_kind(host, knowledge)
            if kind in ("invalid", "localhost-subdomain"):
                continue
            if not self.include_all and kind in ("name", "dns"):
                continue
            if free_hostport and kind != "name":
                continue
            role = site.role
            if form in ("hostport", "dsn") and kind == "unspecified" and not site.entry:
                role = "bind"  # 0.0.0.0 given to something unknown is a listen address
            if kind == "name" and site.form == "free" and scheme is None and h.port is None and not h.port_hole:
                continue  # "foo://bar", "mem://some/schema": identifiers, not addresses
            if kind == "name" and form == "hostport" and not site.entry and host.lower() in NOT_HOSTS:
                continue  # os.getenv("X_SERVER", "no"): a flag, not a host
            if site.pattern and kind == "name" and form == "hostport" and h.port is None and (sibling is None or sibling[0] is None):
                continue  # x.connect("name") on an unknown receiver: too weak alone
            if role == "bind" and (h.port == 0 or (h.port is None and sibling is not None and zero(sibling[1]))):
                continue  # port 0: an ephemeral, container-internal listener (a free-port probe)
            if role == "connect" and kind == "loopback" and self._own_listener_port(node, h, sibling):
                # connect(host="localhost", port=tunnel.local_bind_port): the port of a listener this
                # process bound itself (an SSH tunnel's local end, a helper server on an OS-picked
                # port), which serves on the container's own loopback
                continue
            if role == "connect" and kind == "loopback" and h.port_hole \
                    and fills_port_from_sidecar(filler if filler is not None else node,
                                                self.tables.sidecar_port_env, self._sidecar_bound()):
                # f"http://localhost:{os.getenv('DAPR_HTTP_PORT', 3500)}/v1.0/...": the port of a
                # sidecar its launcher runs in this container's network stack (rules/flow.yaml
                # sidecar_port_env), which the application is meant to dial on loopback
                continue
            port, port_source, port_span = self._host_port(h, text, form, sibling, scheme_name)
            span = text.span(h.start, h.end) or self._near_span(text, h.start, node)
            if span is None:
                continue
            whole = h.start == 0 and h.end == len(value) and form == "hostport"
            context = _context(form, free_hostport, whole or (h.port is None and len(address.hosts) == 1), site)
            self.endpoints.append(
                Endpoint(
                    span=span,
                    host=host,
                    port=port,
                    port_source=port_source,
                    port_span=port_span,
                    scheme=scheme_norm,
                    context=context,
                    role=role,
                    text=address.text if (form != "hostport" or len(address.hosts) > 1 or h.port is not None) else host,
                    fallback_for=fallback_for,
                    # a settings field read under several names (AliasChoices): each sets it
                    fallbacks=self.alias_choices.get(fallback_for, ()) if fallback_for else (),
                    quoted_whole=whole,
                )
            )

    def _sidecar_bound(self) -> frozenset[str]:
        """Names the whole file binds to a read of a sidecar's port variable (computed once)."""
        bound = self._sidecar_names
        if bound is None:
            bound = names_bound_to_variables(self.whole_source, self.tables.sidecar_port_env)
            self._sidecar_names = bound
        return bound

    def _own_listener_port(self, node: cst.CSTNode, h, sibling) -> bool:
        """The port of host ``h`` is read back from a listener the process bound: given beside
        the host (``port=tunnel.local_bind_port``) or written into an f-string's port field."""
        attrs = self.tables.bound_port_reads
        if h.port_hole:
            return fills_port_from_bound_listener(node, attrs)
        return h.port is None and sibling is not None and reads_bound_port(sibling[1], attrs)

    def _host_port(self, h, text: Text, form: str, sibling, scheme_name: str | None
                   ) -> tuple[int | None, str | None, Span | None]:
        """The port of host ``h`` with where it comes from and its span: written in the
        address, given beside it (``sibling``), or the scheme's default."""
        port: int | None = None
        port_source: str | None = None
        port_span: Span | None = None
        if h.port is not None:
            port, port_source = h.port, "explicit"
            # (the address parser sets port_start and port_end together)
            port_span = text.span(h.port_start, h.port_end) \
                if h.port_start is not None and h.port_end is not None else None
        elif h.port_hole:
            pass
        elif form in ("hostport", "dsn") and sibling is not None:
            if sibling[0] is not None:
                port, port_source = sibling[0], "argument"
                port_span = self._port_span(sibling[1])
        else:
            default = self.knowledge.scheme_port(scheme_name) if scheme_name else None
            if default is not None:
                port, port_source = default, "scheme"
        return port, port_source, port_span

    def _dict_port(self, d: cst.Dict) -> tuple[int | None, cst.CSTNode | None] | None:
        key = id(d)
        if key not in self._dict_ports:
            self._dict_ports[key] = dict_port(d)
        return self._dict_ports[key]

    def _loopback_guard(self, collection: cst.CSTNode) -> bool:
        key = id(collection)
        if key not in self._guards:
            self._guards[key] = self._is_loopback_guard(collection)
        return self._guards[key]

    def _is_loopback_guard(self, collection: cst.CSTNode) -> bool:
        loopback = set()
        for el in getattr(collection, "elements", ()):
            s = literal_str(el.value)
            if s is not None and host_kind(s.strip(), self.knowledge) in ("loopback", "unspecified"):
                loopback.add(s.strip().lower())
        return len(loopback) >= 2

    def _port_span(self, node: cst.CSTNode | None) -> Span | None:
        if node is None:
            return None
        if type(node) is cst.SimpleString:
            return self.string_span(node)
        start = self.cursors.get(node)
        if start is None:
            return None
        return self.code_span(node, *start)

    def _near_span(self, text: Text, start: int, node: cst.CSTNode) -> Span | None:
        """A span for a host that does not lie within one piece (escapes): the piece where
        it starts, else the literal's first piece."""
        for piece in text.pieces:
            if piece.start <= start < piece.end:
                return Span(piece.path, piece.line, piece.column + start - piece.start, piece.line, piece.column + piece.end - piece.start)
        if text.pieces:
            p = text.pieces[0]
            return Span(p.path, p.line, p.column, p.line, p.column + p.end - p.start)
        return None

    # ------------------------------------------------------------------ default binds
    def _judge_default(self, call: cst.Call, anc) -> None:
        q = self.qname(call.func, call=True)
        if q is None:
            return
        entries = [e for e in calls_for(self.tables, q) if e.default_host]
        if not entries:
            q2 = self._flask_guess(call)
            if q2 is None:
                return
            q = q2
            entries = [e for e in calls_for(self.tables, q) if e.default_host]
            if not entries:
                return
        entry = entries[0]
        if any(a.star for a in call.args):
            return
        if entry.host is not None and find_arg(call, entry.host) is not None:
            return  # an explicit host: judged as a string (or unknown)
        if entry.role == "connect" and self._address_given_otherwise(entry, call, anc):
            return
        if entry.address is not None and (given := find_arg(call, entry.address)) is not None \
                and int_value(given.value) is None:
            return  # an explicit ("host", port) address (a port alone takes the default host)
        sockets = self.knowledge.flow.socket_keywords
        if any(a.keyword is not None and a.keyword.value in sockets for a in call.args):
            return  # uvicorn.run(app, uds=...): a Unix socket, no TCP bind
        for i in range(len(anc) - 1, -1, -1):  # not in message text or a comparison
            if isinstance(anc[i], (cst.Raise, cst.Assert, cst.Comparison)):
                return
        start = self.cursors.get(call, (0, 0))
        span = self.code_span(call.func, *start, called=True)
        if span is None:
            return
        port = port_source = port_span = None
        if entry.port is not None:
            pa = find_arg(call, entry.port)
            if pa is not None and int_value(pa.value) is not None:
                port, port_source = int_value(pa.value), "argument"
                port_span = self._port_span(pa.value)
        assert self.module is not None
        func_code = self.module.code_for_node(call.func).strip()
        if entry.role == "connect":
            # a client given no address dials its library's default (`redis.Redis()`:
            # localhost:6379): a connect target like the same host written out, whose way to
            # the client's uses flow/judge follows from the call itself
            if port is None and entry.scheme is not None:
                port, port_source = self.knowledge.scheme_port(entry.scheme), "scheme"
            self.endpoints.append(Endpoint(span=span, host=entry.default_host, port=port, port_source=port_source,
                                           port_span=port_span, scheme=entry.scheme, context=f"{DEFAULT_CALL}{q}",
                                           role="connect", text=f"{func_code}()"))
            return
        self.endpoints.append(
            Endpoint(
                span=span,
                host=entry.default_host,
                port=port,
                port_source=port_source,
                port_span=port_span,
                context=f"default:{q}",
                role="bind-default",
                text=f"`{func_code}()`",
            )
        )

    def _address_given_otherwise(self, entry: Any, call: cst.Call, anc) -> bool:
        """The client ``call`` given no host still dials no default: a URL or ``host:port`` is
        given, or an argument of ``default_unless`` (a connection pool, a Unix socket, pika's
        connection parameters); or the
        instance only reaches a classmethod constructor of a known client that takes its own
        address (``redis.StrictRedis().from_url(url)``)."""
        if any(ref is not None and find_arg(call, ref) is not None
               for ref in (entry.url, entry.hostport, *entry.default_unless)):
            return True
        return len(anc) >= 2 and type(anc[-1]) is cst.Attribute and anc[-1].value is call \
            and type(anc[-2]) is cst.Call and anc[-2].func is anc[-1] \
            and bool(calls_for(self.tables, self.qname(anc[-1], call=True) or ""))

    def _flask_guess(self, call: cst.Call) -> str | None:
        """``app.run()`` where ``app`` comes from a factory (``create_app()``) or another
        module, in a file that imports flask: taken as a Flask app."""
        func = call.func
        if not self.flask_imported or type(func) is not cst.Attribute or type(func.value) is not cst.Name:
            return None
        name = func.value.value
        if name not in ("app", "application"):
            return None
        typ = self.var_types.get(name)
        if typ is not None and typ.rsplit(".", 1)[-1][:1].isupper():
            return None  # FastAPI(), Celery(), ...: a known class that is not Flask
        return f"flask.Flask.{func.attr.value}"


def _context(form: str, free_hostport: bool, host_alone: bool, site: Site) -> str:
    """The endpoint's context: the address's form, or for a bare host (``host_alone``: the
    whole string, or its one host without a port) what the site says it is."""
    if form == "url":
        return "url"
    if form == "jdbc":
        return "jdbc"
    if form == "dsn":
        return "dsn"
    if free_hostport:
        return "hostport-free"
    if host_alone:
        return site.context or "host"
    return "hostport"
