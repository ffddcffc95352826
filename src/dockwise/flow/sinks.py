"""What a call does with an argument, and which names are evidence: the flow's tables.

Built once per knowledge object from ``rules/clients.yaml`` (calls that connect or bind,
environment reads), ``rules/names.yaml`` (message calls) and ``rules/flow.yaml`` (the typed
:class:`~dockwise.knowledge.FlowTables`: strong names, framework settings, calls that never
connect or that hand a string on).
"""
from __future__ import annotations

import ast
import dataclasses
import fnmatch
import re
from dataclasses import dataclass
from typing import Any

from dockwise.astnames import dotted
from dockwise.flow.index import ModuleAst
from dockwise.knowledge import Knowledge, glob_matcher

__all__ = ["CallUse", "Tables", "tables"]


@dataclass(frozen=True)
class CallUse:
    """What a call does with one of its arguments.

    kind: "sink" (connects or binds: ``role``), "env-default" (the default of an
      environment read of ``env``), "config-default" (the default of ``mapping.get``),
      "env-write" (``os.environ.setdefault(env, value)``), "never" (text for people, a
      response, a lookup), "pass" (the result carries the string on), "unknown".
    """

    kind: str
    role: str = "connect"
    label: str = ""
    env: str | None = None
    env_name: ast.AST | None = dataclasses.field(default=None, compare=False)  # the read's name argument


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


class Tables:
    def __init__(self, knowledge: Knowledge) -> None:
        self.exact: dict[str, list[Any]] = {}
        self.patterns: list[tuple[re.Pattern[str], Any]] = []
        for call in knowledge.clients:
            for name in call.names:
                if any(ch in name for ch in "*?["):
                    self.patterns.append((re.compile(fnmatch.translate(name)), call))
                else:
                    self.exact.setdefault(name, []).append(call)
        # a call of the last name of some server call (`WSGIServer(`, `.run(`): the modules that
        # may start a server (flow/selfserve.py)
        bind_last = {name.rsplit(".", 1)[-1] for call in knowledge.clients if call.role == "bind"
                     for name in call.names} - {""}
        self.bind_names = tuple(sorted(w for w in bind_last if not any(ch in w for ch in "*?[")))
        flow = knowledge.flow
        # the last names of every call that may start a server (patterns too: `*.serve_forever`)
        # or another program (flow/handlers.py: a container without one receives no request)
        self.server_start_names = frozenset(bind_last | set(flow.server_start_calls)) - {"", "*"}
        # the programs that run the file their configuration names and serve nothing themselves
        # (rules/frameworks.yaml ini_entries quiet: alembic running env.py)
        self.quiet_config_programs = tuple(p for c in knowledge.frameworks.ini_entries if c.quiet for p in c.programs)
        # the top-level packages of the server classes and functions the bind calls name only in
        # full (`Config`: uvicorn's and hypercorn's): a call of the same last name imported from
        # another library (botocore's `Config`) starts no server (flow/handlers.py _idle_starts).
        # A name also given bare or by a pattern (`*.run`, server_start_calls) is never one.
        packages: dict[str, set[str]] = {}
        loose = set(flow.server_start_calls)
        for call in knowledge.clients:
            if call.role != "bind":
                continue
            for name in call.names:
                last = name.rsplit(".", 1)[-1]
                if "." not in name or any(ch in name for ch in "*?["):
                    loose.add(last)
                else:
                    packages.setdefault(last, set()).add(name.partition(".")[0])
        self.server_start_packages = {last: frozenset(tops) for last, tops in packages.items() if last not in loose}
        starts = sorted(w for w in self.server_start_names if not any(ch in w for ch in "*?["))
        self.server_starts = re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, starts)) if starts else r"(?!)")
        self.route_decorators = glob_matcher(flow.route_decorators)
        self.view_classes = glob_matcher(flow.view_classes)
        self.middleware_classes = glob_matcher(flow.middleware_classes)
        self.middleware_params = frozenset(flow.middleware_init_params)
        self.route_registrations = glob_matcher(flow.route_registrations)
        self.router_classes = glob_matcher(flow.router_classes)
        self.cli_option_decorators = glob_matcher(flow.cli_option_decorators)
        self.task_classes = glob_matcher(flow.task_classes)
        self.lazy_clients = glob_matcher(flow.lazy_clients)
        self.lazy_eager_keywords = frozenset(flow.lazy_eager_keywords)
        self.field_factories = frozenset(flow.field_factories)
        self.field_defaults = frozenset(flow.field_defaults)
        self.field_positional_defaults = frozenset(flow.field_positional_defaults)
        self.lazy_holders = glob_matcher(flow.lazy_holders)
        self.signing_clients = glob_matcher(flow.signing_clients)
        self.signing_methods = frozenset(flow.signing_methods)
        self.in_memory_clients = glob_matcher(flow.in_memory_clients)
        self.inert_bases = frozenset(flow.inert_bases)
        self.method_inert_bases = self.inert_bases | frozenset(flow.method_inert_bases)
        # where a task's body runs and a task queue is dialled (flow/taskbodies.py)
        self.task_programs = frozenset(flow.task_programs)
        self.task_worker_starts = _Scan(r"\b(?:%s)[ \t]*\(", map(re.escape, flow.task_worker_starts),
                                        flow.task_worker_starts)
        self.task_eager_words = tuple(w.lower() for w in flow.task_eager_words)
        self.task_sends = _alternatives(map(re.escape, flow.task_send_methods), r"[ \t]*\.[ \t]*(?:%s)\b")
        self.task_send_calls = _Scan("%s", (f"(?:{c})" for c in flow.task_send_calls),
                                     map(_leading_literal, flow.task_send_calls))
        self.task_definitions = _Scan("%s", (f"(?:{c})" for c in flow.task_definitions),
                                      map(_leading_literal, flow.task_definitions))
        self.task_queue_dials = frozenset(flow.task_queue_dials)
        # where a function is handed to a task queue's worker as a job (astfacts.task_registration)
        self.task_registration_slots = frozenset(flow.task_registration_slots)
        self.task_registration_calls = glob_matcher(flow.task_registration_calls)
        self.task_registration_keywords = frozenset(flow.task_registration_keywords)
        self.task_schedule_calls = glob_matcher(flow.task_schedule_calls)
        # calls that reach classes unnamed: `*.name` a method of any object, else a bare or dotted call
        self.class_walkers = _Scan(r"(?:%s)[ \t]*\(", (r"\.[ \t]*" + re.escape(w[2:]) if w.startswith("*.")
                                                        else r"(?<![\w.])" + re.escape(w)
                                                        for w in flow.class_walkers),
                                   (w.removeprefix("*.") for w in flow.class_walkers))
        # `Base.__subclasses__(`: the receiver's dotted name (group 1), or none written before it
        self.base_walkers = _alternatives(map(re.escape, flow.base_walkers),
                                          r"((?<![\w.)\]])[A-Za-z_][\w.]*)?[ \t]*\.[ \t]*(?:%s)[ \t]*\(")
        self.hook_methods = glob_matcher(flow.hook_methods)
        self.name_loaders = _Scan(r"\b(?:%s)[ \t]*\(", map(re.escape, flow.name_loaders),
                                  flow.name_loaders)
        self.idle_start_classes = glob_matcher(flow.idle_start_classes)
        self.non_server_bases = glob_matcher(flow.non_server_bases)
        # (object, method) -> the names a settings module binds that say it is the framework's
        # whose settings object looks a setting up by its name (rules/flow.yaml settings_lookups)
        self.settings_lookups: dict[tuple[str, str], frozenset[str]] = {}
        # a config mapping filled from a settings module or class, read by key (flow/configkeys.py)
        self.config_loaders = frozenset(flow.config_loaders)
        self.config_overrides = frozenset(flow.config_overrides)
        # the default port of a settings mapping's database backend (flow/climb.py _dict_item)
        self.backend_ports: dict[str, int] = {b: int(p) for b, _, p in (e.partition(" ") for e in flow.backend_ports)
                                              if p.strip().isdigit()}
        self.config_lookups = frozenset((o, m) for o, _, m in (e.rpartition(".") for e in flow.config_lookups) if o and m)
        for entry in flow.settings_lookups:
            lookup, *markers = entry.split()
            owner, _, method = lookup.rpartition(".")
            if owner and method:
                self.settings_lookups[(owner, method)] = frozenset(markers)
        self.target_start_classes = glob_matcher(flow.target_start_classes)
        self.program_calls = glob_matcher(flow.program_calls)
        self.tool_programs = frozenset(flow.tool_programs)
        self.coroutine_runs = glob_matcher(flow.coroutine_runs)
        self.idle_calls = glob_matcher(flow.idle_calls)
        self.idle_receiver_calls = glob_matcher(flow.idle_receiver_calls)
        self.module_start_names = frozenset(flow.module_start_calls)
        never = knowledge.names.message_calls + flow.never_calls
        self.never_last = frozenset(n for n in never if "." not in n)
        self.never_dotted = tuple(n for n in never if "." in n)
        self.pass_last = frozenset(n for n in flow.pass_calls if "." not in n)
        self.pass_dotted = tuple(n for n in flow.pass_calls if "." in n)
        # builtins (`builtins.str`): called by the bare name only, `str(url)`
        self.pass_builtins = frozenset(n.removeprefix("builtins.") for n in flow.pass_calls
                                       if n.startswith("builtins."))
        self.strong = glob_matcher(flow.strong_names)
        self.host_only = glob_matcher(flow.host_only_names)
        self.handlers = frozenset(flow.handler_decorators)
        self.string_methods = frozenset(flow.string_methods)
        self.maintenance = frozenset(flow.maintenance_commands)
        self.container_checks = glob_matcher(flow.container_checks)
        self.config_getters = glob_matcher(flow.config_getters)
        self.request_dependencies = frozenset(flow.request_dependencies)
        self.container_markers = frozenset(flow.container_markers)
        self.runtime_env = frozenset(flow.runtime_env)
        self.runtime_settings_env = glob_matcher(flow.runtime_settings_env)
        self.container_env_flags = glob_matcher(flow.container_env_flags)
        self.ci_run_values = frozenset(flow.ci_run_values)
        self.ci_env_flags = glob_matcher(flow.ci_env_flags)
        self.env_mappings = frozenset(flow.env_mappings)
        # call -> how it converts a variable's text (flow/gates.py); a bare name matches its last part
        self.env_converters: dict[str, str] = {}
        for line in flow.env_converters:
            converter, _, how = line.partition(" ")
            if converter and how.strip():
                self.env_converters[converter] = how.strip()
        # environment readers that convert what they read (`env.bool`), and the values of a
        # reader's `cast=` keyword (decouple's `cast=bool`): -> how (flow/gates.py)
        self.env_reader_types = {c: how.strip() for c, _, how in (line.partition(" ") for line in flow.env_reader_types) if c}
        self.env_cast_types = {c: how.strip() for c, _, how in (line.partition(" ") for line in flow.env_cast_types) if c}
        self.bound_port_reads = frozenset(flow.bound_port_reads)
        self.settings = [tuple(s.split(".")) for s in flow.settings_sinks if s]
        self.attribute_sinks = frozenset(flow.attribute_sinks)
        self.readers: dict[tuple[str, ...], tuple[str, ...]] = {}
        for line in flow.setting_readers:
            setting, *modules = line.split() or [""]
            if setting and modules:
                self.readers[tuple(setting.split("."))] = tuple(modules)
        self.unbuilt_readers: dict[tuple[str, ...], tuple[str, ...]] = {}
        for line in flow.setting_unbuilt_readers:
            setting, *modules = line.split() or [""]
            if setting and modules:
                self.unbuilt_readers[tuple(setting.split("."))] = tuple(modules)
        self.readers_need_code = frozenset(tuple(s.split(".")) for s in flow.readers_need_known_code if s)
        self.reader_idle_imports = tuple(m for m in flow.setting_reader_idle_imports if m)
        # reader -> the lists (globs) whose string naming it counts as its import
        self.reader_apps: dict[str, tuple[str, ...]] = {}
        for line in flow.setting_reader_apps:
            module, *lists = line.split() or [""]
            if module and lists:
                self.reader_apps[module] = tuple(lists)
        # "PATH KEY BACKEND...": the setting at PATH is not dialled where the same mapping's KEY
        # names one of the BACKENDs (rules/flow.yaml offline_backends, flow/backendswitch.py)
        self.offline_backends: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = []
        for line in flow.offline_backends:
            spec, key, *backends = line.split() or [""]
            if spec and key and backends:
                self.offline_backends.append((tuple(spec.split(".")), key, tuple(backends)))
        # sink kind -> the variables its library reads before the value (rules/flow.yaml env_first)
        self.env_first: dict[str, tuple[str, ...]] = {}
        for line in flow.env_first:
            kind, _, var = line.strip().rpartition(" ")
            if kind and var:
                self.env_first[kind] = self.env_first.get(kind, ()) + (var,)
        # sink kind -> the setting key a namespaced config source looks up first under its
        # namespace (rules/flow.yaml namespaced_settings)
        self.namespaced: dict[str, str] = {}
        for line in flow.namespaced_settings:
            kind, _, key = line.strip().rpartition(" ")
            if kind and key:
                self.namespaced[kind] = key
        self.namespaced_sources = tuple(flow.namespaced_config_sources)
        self.socket_keywords = frozenset(flow.socket_keywords)
        self.socket_connectors = glob_matcher(flow.socket_connectors)
        self.tcp_transports = glob_matcher(flow.tcp_transports)
        self.proxy_keywords = frozenset(flow.proxy_keywords)
        self.probes = glob_matcher(flow.probe_calls)
        self.port_probes = glob_matcher(flow.port_probes)
        self.socket_setup = frozenset(flow.socket_setup_methods)
        self.cli_subcommands = glob_matcher(flow.cli_subcommands)
        self.command_free_servers = frozenset(flow.command_free_servers)
        self.task_decorators = glob_matcher(flow.task_decorators)
        self.cli_group_callbacks = glob_matcher(flow.cli_group_callbacks)
        self.cli_group_constructors = glob_matcher(flow.cli_group_constructors)
        self.registry_decorators = glob_matcher(flow.registry_decorators)
        self.settings_base = flow.settings_base
        self.field_env_ignored = flow.field_env_ignored
        self.names = knowledge.names

    # -- names ---------------------------------------------------------------------------
    def is_strong(self, name: str | None) -> bool:
        return name is not None and name != "" and self.strong.fullmatch(name) is not None

    def is_host_only(self, name: str | None) -> bool:
        """A strong name whose client takes its value as a host, never a URL (statsd, SMTP)."""
        return name is not None and name != "" and self.host_only.fullmatch(name) is not None

    def setting(self, path: tuple[str, ...]) -> str | None:
        """The framework setting a value at key path ``path`` (``("DATABASES", "default",
        "HOST")``) is, if any."""
        for spec in self.settings:
            if len(spec) != len(path):
                continue
            if all(s == "*" or s == p for s, p in zip(spec, path, strict=False)):
                return ".".join(path)
        return None

    def offline_backend(self, path: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
        """(the backend key, the backends that never dial it) of the setting at ``path``, where
        rules/flow.yaml offline_backends lists it."""
        for spec, key, backends in self.offline_backends:
            if len(spec) == len(path) and all(s == "*" or s == p for s, p in zip(spec, path, strict=False)):
                return key, backends
        return None

    def setting_unbuilt_readers(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """The libraries whose imports, all left unused, make the setting at ``path`` dead
        (``rules/flow.yaml`` setting_unbuilt_readers)."""
        return self.unbuilt_readers.get(path, ())

    def setting_readers(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """The modules that alone read the setting at ``path`` (empty: the framework itself
        reads it, no import to look for)."""
        for spec, modules in self.readers.items():
            if len(spec) == len(path) and all(s == "*" or s == p for s, p in zip(spec, path, strict=False)):
                return modules
        return ()

    # -- calls ---------------------------------------------------------------------------
    def sink_scheme(self, kind: str) -> str | None:
        """The scheme of the client whose call the sink ``kind`` names
        (``elasticsearch.Elasticsearch(#0)`` -> elasticsearch: ``rules/clients.yaml`` scheme);
        None for a setting, an unknown call, or a name whose entries disagree."""
        q, paren, _ = kind.partition("(")
        if not paren or " " in q or ":" in q:
            return None
        schemes = {e.scheme for e in self._entries(q) if e.role == "connect"}
        return schemes.pop() if len(schemes) == 1 else None

    def _entries(self, q: str) -> list[Any]:
        hit = self.exact.get(q)
        if hit is not None:
            return hit
        return [c for rx, c in self.patterns if rx.fullmatch(q)]

    def _never(self, q: str) -> bool:
        last = q.rsplit(".", 1)[-1]
        if last in self.never_last or last.endswith(("Error", "Exception", "Warning")):
            return True
        return any(q == d or q.endswith("." + d) for d in self.never_dotted)

    def _passes(self, q: str) -> bool:
        if q in self.pass_builtins or q.removeprefix("builtins.") in self.pass_builtins:
            return True  # `str(url)`; not `registry.str(...)`, a method of another object
        last = q.rsplit(".", 1)[-1]
        return last in self.pass_last or any(q == d or q.endswith("." + d) for d in self.pass_dotted
                                             if not d.startswith("builtins."))

    def port_arg(self, q: str | None, call: ast.Call) -> ast.AST | None:
        """The argument holding the port of a client call (``StatsClient(host, port=8125)``)."""
        for entry in self._entries(q or ""):
            if entry.role != "env" and entry.port is not None:
                found = _find(call, entry.port)
                if found is not None:
                    return found
        return None

    def through_proxy(self, call: ast.Call, scheme: str | None) -> bool:
        """The call sends its request through a proxy it names for URLs of ``scheme``: a
        table entry for the scheme or for all (``proxies={"http": p}``, ``{"all://": p}``; not
        one turned off with None, nor one for a single host), or one proxy URL written out
        (``proxy="http://p:3128"``).  A proxy held in a name may be None: not known."""
        for kw in call.keywords:
            if kw.arg not in self.proxy_keywords:
                continue
            value = kw.value
            if isinstance(value, ast.JoinedStr) or (isinstance(value, ast.Constant) and isinstance(value.value, str)
                                                     and value.value):
                return True
            if not isinstance(value, ast.Dict):
                continue
            for key, proxy in zip(value.keys, value.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) \
                        or (isinstance(proxy, ast.Constant) and not proxy.value):
                    continue
                covers = key.value.lower().removesuffix("://")
                if covers == "all" or (scheme is not None and covers == scheme):
                    return True
        return False

    def over_socket(self, mod: ModuleAst, call: ast.Call) -> bool:
        """The call sends its request over a Unix socket: it is given a socket connector
        (``aiohttp.request(..., connector=UnixConnector(path=...))``), or it is a method of a
        session built so (``session.put("http://localhost/")`` where ``session =
        ClientSession(connector=conn)``, ``conn = UnixConnector(...)``; every constructor that
        binds the name in the call's own function, else in the module, must be so)."""
        if self._socket_args(mod, call):
            return True
        func = call.func
        if not isinstance(func, ast.Attribute):
            return False
        recv = func.value
        if isinstance(recv, ast.Call):
            return self._socket_args(mod, recv)
        key = dotted(recv)
        ctors = mod.var_ctors.get(key, []) if key else []
        if not ctors:
            return False
        scope = mod.scope(call)
        local = [c for stmt, c in ctors if mod.scope(stmt) is scope]
        return all(self._socket_args(mod, c) for c in (local or [c for _, c in ctors]))

    def _socket_args(self, mod: ModuleAst, call: ast.Call, depth: int = 2) -> bool:
        """``call`` is given a socket keyword (``uds=``; a ``transport=`` other than a TCP
        transport of ``tcp_transports`` not itself given one) or a socket connector."""
        for kw in call.keywords:
            if kw.arg is None:
                continue
            value = kw.value
            built: ast.Call | None = value if isinstance(value, ast.Call) else None
            if built is None:
                name = dotted(value)
                ctors = mod.var_ctors.get(name, []) if name else []
                built = ctors[0][1] if len(ctors) == 1 else None
            typ = mod.qname(built.func) if built is not None else None
            if kw.arg in self.socket_keywords:
                if built is None or typ is None or not self.tcp_transports.fullmatch(typ):
                    return True
                if depth > 0 and self._socket_args(mod, built, depth - 1):
                    return True
                continue
            if typ and self.socket_connectors.fullmatch(typ):
                return True
        return False

    def use(self, q: str | None, call: ast.Call, arg: ast.AST, mod: ModuleAst | None = None) -> CallUse:
        """What the call named ``q`` does with its argument ``arg`` (a node of ``call``, a call
        of ``mod``: a ``transport=`` it builds is asked whether it is a TCP one)."""
        if q is None:
            return CallUse("unknown")
        keyword, position = _where(call, arg)
        if keyword is None and position is None:
            return CallUse("unknown")  # *args / **kwargs
        if any(kw.arg in self.socket_keywords for kw in call.keywords) \
                and (mod is None or self._socket_args(mod, call)):
            return CallUse("never")  # over a Unix socket / a custom transport: the host is a placeholder
        for entry in self._entries(q):
            if entry.role == "env":
                if entry.url is not None and _matches(entry.url, keyword, position):
                    name_arg = _find(call, entry.host) if entry.host is not None else None
                    return CallUse("env-default", env=_literal(name_arg) or implied_var(call, entry),
                                   env_name=name_arg)
                if entry.host is not None and _matches(entry.host, keyword, position):
                    return CallUse("never")  # the variable's name
                continue
            for field in ("url", "hostport", "address", "host"):
                ref = getattr(entry, field)
                if ref is not None and _matches(ref, keyword, position):
                    what = keyword or f"#{position}"
                    role = "probe" if self.probes.fullmatch(q) or self.port_probes.fullmatch(q) \
                        and mod is not None and _tolerated_probe(mod, call, self.socket_setup) else entry.role
                    return CallUse("sink", role, f"{q}({what})")
            if entry.port is not None and _matches(entry.port, keyword, position):
                return CallUse("never")
        last = q.rsplit(".", 1)[-1]
        if last == "setdefault" and q.endswith("environ.setdefault") and position == 1:
            return CallUse("env-write", env=_literal(call.args[0]) if call.args else None)
        if last == "get" and (position == 1 or keyword == "default"):
            return CallUse("config-default")
        if self._never(q):
            return CallUse("never")
        if self._passes(q):
            return CallUse("pass")
        return CallUse("unknown")


_REFUSALS = frozenset(("ConnectionRefusedError", "ConnectionError", "OSError", "error", "socket.error",
                       "Exception", "BaseException"))
_LEAVES = (ast.Raise, ast.Return, ast.Continue, ast.Break)


def _tolerated_probe(mod: ModuleAst, call: ast.Call, setup: frozenset[str]) -> bool:
    """``sock.connect((host, port))`` that only tests whether something listens there: the
    socket is closed right after and used for nothing else in its function (no send, no
    read), in a ``try`` outside any loop whose handlers catch the refusal
    (``ConnectionRefusedError``, ``OSError``) and go on (no ``raise``, ``return``, loop
    exit or ``exit()``): an optional local helper the code looks for (a device simulator on
    loopback), as ``connect_ex`` tests a port.  A wait for a dependency (a loop), a refusal
    that stops the program, or a socket then spoken over keeps the dial.  ``setup``: the
    methods that only set up or close a socket (``rules/flow.yaml`` socket_setup_methods)."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "connect" or not isinstance(func.value, ast.Name):
        return False
    sock = func.value.id
    stmt = mod.parent(call)
    holder = mod.parent(stmt) if isinstance(stmt, ast.Expr) else None
    if not isinstance(holder, ast.Try) or stmt not in holder.body or not holder.handlers:
        return False
    for up in mod.ancestors(holder):
        if isinstance(up, (ast.For, ast.AsyncFor, ast.While)):
            return False  # retried until it answers: a wait for a dependency
        if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)):
            break
    for h in holder.handlers:
        caught = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type] if h.type is not None else []
        names = {dotted(c) or "" for c in caught}
        if caught and not names & _REFUSALS:
            continue
        if any(isinstance(n, _LEAVES) or isinstance(n, ast.Call) and (dotted(n.func) or "").rsplit(".", 1)[-1]
               in ("exit", "_exit", "abort") for b in h.body for n in ast.walk(b)):
            return False
    scope = mod.scope(call)
    closed = False
    for node in ast.walk(scope):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == sock \
                and node is not func:
            if node.attr not in setup or node.attr == "bind":
                return False  # spoken over
            closed = closed or node.attr in ("close", "shutdown", "__exit__")
        elif isinstance(node, ast.Name) and node.id == sock and isinstance(node.ctx, ast.Load) \
                and not isinstance(mod.parent(node), ast.Attribute):
            return False  # handed on whole
        elif isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name) \
                and node.optional_vars.id == sock:
            closed = True  # `with socket.socket() as s:` closes it on leaving
    return closed


def _where(call: ast.Call, arg: ast.AST) -> tuple[str | None, int | None]:
    for i, a in enumerate(call.args):
        if a is arg:
            if any(isinstance(x, ast.Starred) for x in call.args[:i + 1]):
                return None, None
            return None, i
    for kw in call.keywords:
        if kw.value is arg or kw is arg:
            return kw.arg, None
    return None, None


def _matches(ref: Any, keyword: str | None, position: int | None) -> bool:
    if keyword is not None:
        return ref.keyword == keyword
    return ref.position is not None and ref.position == position


def implied_var(call: ast.Call, entry: Any) -> str | None:
    """The variable an environment reader reads where the call names none: its entry's
    ``default_var`` (``dj_database_url.config(default=...)`` reads DATABASE_URL), where no
    argument, nor a ``*``/``**`` one that may hold it, gives the name."""
    if entry.default_var is None or entry.host is None or _find(call, entry.host) is not None:
        return None
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    return str(entry.default_var)


def _find(call: ast.Call, ref: Any) -> ast.AST | None:
    if ref.keyword is not None:
        for kw in call.keywords:
            if kw.arg == ref.keyword:
                return kw.value
    if ref.position is not None and ref.position < len(call.args):
        a = call.args[ref.position]
        if not isinstance(a, ast.Starred):
            return a
    return None


_TABLES: dict[int, tuple[Knowledge, Tables]] = {}


def _alternatives(parts: Any, template: str) -> re.Pattern[str]:
    """``template`` (one ``%s``) around the alternation of ``parts``; a pattern that matches
    nothing when there are none."""
    parts = list(parts)
    return re.compile(template % "|".join(parts)) if parts else re.compile(r"(?!)")


class _Scan:
    """A search of whole module texts for one of several calls, one alternative at a time,
    each after a substring test of its leading word.

    Python's ``re`` tries every alternative at every position of a text when they begin with
    ``\\b`` or a lookbehind: the task-sending calls took 3.7 s over a platform's 3,000 modules,
    0.08 s when a plain ``in`` test on each alternative's leading word passes over the texts
    that name none; and of the texts that name one, searching the one alternative whose word
    is there is again some 15 times faster than the whole alternation.  ``literals``: a word
    each alternative's match contains, in the order of ``parts`` (an empty one: no test).
    ``pattern``: the whole alternation, for callers that want every match."""

    def __init__(self, template: str, parts: Any, literals: Any) -> None:
        parts = list(parts)
        self.pattern = _alternatives(parts, template)
        self.literals = tuple(literals)
        self._each = [(word, re.compile(template % part)) for part, word in zip(parts, self.literals, strict=True)]

    def search(self, text: str) -> re.Match[str] | None:
        for word, pattern in self._each:
            if word and word not in text:
                continue
            m = pattern.search(text)
            if m is not None:
                return m
        return None


def _leading_literal(pattern: str) -> str:
    """The plain text a regex alternative of ``rules/flow.yaml`` begins with, past a leading
    ``\\b`` or ``\\.`` (``\\bdelay[ \\t]*\\(`` -> ``delay``); "" when it begins otherwise."""
    rest = pattern
    while rest.startswith(("\\b", "\\.")):
        rest = rest[2:]
    m = re.match(r"(?:[A-Za-z0-9_]|\\\.)+", rest)
    word = m.group(0).replace("\\.", ".") if m else ""
    return word if len(word) >= 3 else ""


def tables(knowledge: Knowledge) -> Tables:
    hit = _TABLES.get(id(knowledge))
    if hit is not None and hit[0] is knowledge:
        return hit[1]
    t = Tables(knowledge)
    _TABLES[id(knowledge)] = (knowledge, t)
    return t
