"""The climb: from a node whose value holds the string, up through the expressions that
carry it and across names (locals, module constants and their importers, class
attributes and settings fields, parameters, return values) to the sinks and stops that
:mod:`dockwise.flow.evidence` describes.

``Climb`` is mixed into :class:`~dockwise.flow.evidence.Flow`: it uses the flow's
modules (``module``, ``_containing``, ``_resolve_module``), tables ``t`` and bookkeeping
(``_step``, ``_sink``, ``_at``, ``_int``, ``_port_after``)."""
from __future__ import annotations

import ast
import dataclasses
import posixpath
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable

from dockwise.flow.astfacts import (
    assigned_values,
    bound_target,
    calls_named,
    closed_class,
    config_read,
    configured_by_name,
    distinctive,
    env_name,
    env_read,
    foreign_self,
    getattr_reads,
    helper_variable,
    in_class,
    is_handler,
    last_name,
    lazy_binding,
    lineage,
    module_names,
    param_for,
    param_loads,
    param_of_default,
    port_probe,
    positional_params,
    read_before,
    schema_like,
    settings_class,
    settings_like,
    spread_param,
    tagged_variant,
)
from dockwise.flow.backendswitch import offline_switch, written_string
from dockwise.flow.configkeys import config_key_reads, env_named_loads, loaded_names, loads_config
from dockwise.flow.flagparams import left_empty, untaken_by_callers
from dockwise.flow.gates import Gate, condition, config_fallback_subject, container_side, env_term, replaced_under
from dockwise.flow.index import FUNCTIONS, Function, ModuleAst, assigns, dotted
from dockwise.flow.liveness import may_run, unnamed_class
from dockwise.flow.nestedsettings import Holder, holders
from dockwise.flow.pathnamed import passed_by_path
from dockwise.flow.receivers import another_class
from dockwise.flow.requiredsettings import any_case, buildable_gate
from dockwise.flow.results import Hop, SettingRead, Sink
from dockwise.flow.selection import branch_keys
from dockwise.flow.settingsclass import class_named, field_guards, field_variables
from dockwise.flow.sinks import Tables
from dockwise.flow.unread import ATTRIBUTE_READS_WHOLE

MAX_HOPS = 5


@dataclass
class Query:
    """What one query found so far, and its bookkeeping (steps taken, nodes seen)."""

    sinks: list[Sink] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    operator: bool = False
    overridden: bool = False
    never: bool = False
    steps: int = 0
    seen: set = field(default_factory=set)
    port: int | None = None
    port_appended: bool = False  # the port is written right after the value (f"{URL}:{PORT}")
    calls: list = field(default_factory=list)  # (callee def, call) entered through a parameter
    scheme: str | None = None  # the URL's scheme ("http"), where the value is a URL
    # a field's read already followed in this query -> (never after it, ended nowhere, reached a sink)
    read_outcomes: dict = field(default_factory=dict)
    joined: int = 0  # steps refused because this query had followed that node already
    again: bool = False  # a read's climb being followed a second time, with its own path



class Climb:
    # the flow's tables, modules and bookkeeping (defined by dockwise.flow.evidence.Flow)
    t: Tables
    module: Callable[[str], ModuleAst | None]
    _resolve_module: Callable[[str], list[str]]
    _containing: Callable[..., Iterable[ModuleAst]]
    _imports: Callable[[str], bool]
    _imports_unused: Callable[[tuple[str, ...]], bool]
    source: Callable[[str], str | None]
    _step: Callable[[Query, Any], bool]
    _sink: Callable[..., None]  # (q, mod, node, kind, role, path[, binding]): see evidence.Flow._sink
    _at: Callable[[ModuleAst, ast.AST, tuple], tuple]
    _int: Callable[[ModuleAst, ast.AST | None, int], int | None]
    _port_after: Callable[[ModuleAst, ast.JoinedStr, ast.AST], int | None]
    _config_loads: dict[tuple[str, str], tuple | None]
    mains: frozenset[str] | None

    def _climb(self, mod: ModuleAst, node: ast.AST, q: Query, path: tuple, hops: int,
               keys: tuple[str, ...]) -> None:
        """``node``'s value holds the string: follow it to where that value goes."""
        if not self._step(q, (mod.rel, id(node), keys)):
            return
        if type(node) in (ast.Name, ast.Attribute) and isinstance(getattr(node, "ctx", None), ast.Load):
            subject = config_fallback_subject(self.t, mod, node)
            if subject is not None and not left_empty(self, mod, subject):
                # `if not url: url = FALLBACK_DSN` of a configured value: the constant is the
                # operator's default there, as the literal written in that branch is
                q.operator = True
                return
        # Any: the dispatch below is on type(p) (faster than isinstance), which mypy cannot narrow
        p: Any = mod.parent(node)
        if p is None:
            return
        if type(node) is ast.Name and untaken_by_callers(self, mod, node):
            # a constant read in a branch on a parameter that no call takes (`if url is None:
            # url = FALLBACK` where every call gives `url`): this read never runs
            q.never = True
            return
        kind = type(p)
        if kind is ast.JoinedStr and q.port is None:
            q.port = self._port_after(mod, p, node)
            # (a port written after the value that the code does not say plainly,
            # f"{API_HOST}:{port}", is appended all the same: the value's own is not dialled;
            # an f-string further on that adds a path, f"{server}/session/new", keeps it appended)
            q.port_appended = q.port_appended or q.port is not None \
                or port_value(values_after(p, node)) is not None
        if kind in (ast.JoinedStr, ast.FormattedValue, ast.Await, ast.Starred):
            return self._climb(mod, p, q, path, hops, keys)
        if kind is ast.BinOp:
            if isinstance(p.op, (ast.Add, ast.Mod)):
                return self._climb(mod, p, q, path, hops, keys)
            return
        if kind is ast.BoolOp:
            if isinstance(p.op, ast.Or) and node is not p.values[0]:
                # `x or "localhost"`: a fallback of what comes before it
                for before in p.values[:p.values.index(node)]:
                    env = env_read(self.t, mod, before)
                    if env is not None:
                        q.fallbacks.append(env)
                        term = env_term(self.t, mod, before)
                        if term is not None:
                            # taken only where that read is empty: `os.getenv("INTERNAL_URL", "")
                            # or PUBLIC_URL` hands PUBLIC_URL on to no sink in a container that
                            # sets INTERNAL_URL (each path judged on its own gates)
                            path = path + (Gate(("truth", term), taken=False),)
                    elif left_empty(self, mod, before):
                        # `url or "redis://localhost"` where every caller leaves `url` empty,
                        # or the framework fills it from an optional request parameter
                        continue
                    elif config_read(self.t, mod, before):
                        q.operator = True
                        return
            return self._climb(mod, p, q, path, hops, keys)
        if kind is ast.IfExp:
            if node is p.test:
                q.never = True
                return
            in_container = container_side(self.t, mod, p.test)
            if in_container is not None and (node is p.body) != in_container:
                q.never = True  # `"0.0.0.0" if in_docker() else "127.0.0.1"`: never taken in a container
                return
            other = p.body if node is p.orelse else p.orelse
            if config_read(self.t, mod, p.test) and isinstance(other, ast.Constant):
                # `None if settings.RENDER else "http://localhost:4566"`: a switch on a setting the
                # environment gives (a settings field, an environment read), not a configured
                # value: the branch runs only where the container's environment takes it
                cond = condition(self.t, mod, p.test)
                if cond is not None:
                    return self._climb(mod, p, q, path + (Gate(cond, node is p.body),), hops, keys)
            if config_read(self.t, mod, p.test) or config_read(self.t, mod, other):
                q.operator = True  # `cfg.host if cfg.host else "localhost"`
                return
            if isinstance(p.test, ast.BoolOp) and (cond := condition(self.t, mod, p.test)) is not None:
                # `f"mongodb://{user}:{pw}@{host}" if user and pw else "mongodb://localhost"` with
                # `user`, `pw` read from the environment: this branch runs only where the
                # container's environment takes it (the fallback is dead where both are set)
                return self._climb(mod, p, q, path + (Gate(cond, node is p.body),), hops, keys)
            return self._climb(mod, p, q, path, hops, keys)
        if kind is ast.UnaryOp and isinstance(p.op, ast.Not) or kind in (ast.If, ast.While) and node is p.test:
            q.never = True  # `not settings.redis_url`, `if settings.redis_url:`: a truth test, a bool
            return
        if kind in (ast.Compare, ast.Assert, ast.Raise, ast.Delete, ast.Subscript, ast.Slice):
            if kind is ast.Subscript and node is p.value:
                return  # "abc"[0]
            q.never = True
            return
        if kind is ast.keyword:
            call = mod.parent(p)
            if isinstance(call, ast.Call) and self._field_declaration(mod, call, p.arg, self.t.field_defaults):
                # `url: str = field(default=os.getenv("X_URL", "..."))`: the field's default,
                # as `url: str = os.getenv(...)` would give it
                return self._climb(mod, call, q, path, hops, keys)
            if isinstance(call, ast.Call):
                return self._call(mod, call, p.value, q, path, hops, keys)
            return
        if kind is ast.Attribute:
            return self._method(mod, p, q, path, hops, keys)
        if kind is ast.Call:
            if node is p.func:
                return
            return self._call(mod, p, node, q, path, hops, keys)
        if kind in (ast.List, ast.Tuple, ast.Set):
            if self._thread_args(mod, p, node, q, path, hops, keys):
                return
            return self._climb(mod, p, q, path, hops, keys)
        if kind is ast.Dict:
            return self._dict_item(mod, p, node, q, path, hops, keys)
        if kind in (ast.Assign, ast.AnnAssign, ast.AugAssign):
            return self._assigned(mod, p, kind, node, q, path, hops, keys)
        if kind is ast.NamedExpr:
            return self._target(mod, p, p.target, q, path, hops, keys)
        if kind is ast.Return:
            return self._returned(mod, p, q, path, hops, keys)
        if kind is ast.arguments:
            return self._param_default(mod, p, node, q, path, hops)
        if kind is ast.comprehension:
            made = self._pieces_list(mod, p, node)
            if made is not None:
                # `[s.strip() for s in servers.split(",") if s.strip()]`: the list holds the value's
                # pieces, each the element or a string method's result on it (a bootstrap list a
                # settings property returns): it climbs on from the list
                return self._climb(mod, made, q, path, hops, keys)
            return
        if kind is ast.withitem or kind is ast.For:
            return
        if kind is ast.Lambda and node is p.body:
            made = self._field_factory(mod, p)
            if made is not None:
                # `url: str = field(default_factory=lambda: os.getenv("X_URL", "..."))`: the
                # lambda makes the field's default, as `url: str = "..."` would give it
                return self._climb(mod, made, q, path, hops, keys)
        # an expression statement, a yield, a lambda's body: goes nowhere we can follow

    def _pieces_list(self, mod: ModuleAst, gen: ast.comprehension, node: ast.AST) -> ast.AST | None:
        """The list, set or generator ``gen`` makes where ``node`` is what it iterates and each
        element is the loop's name itself or a string method's result on it (``s``,
        ``s.strip()``, ``s.strip().lower()``: ``rules/flow.yaml`` string_methods): the one
        generator of ``[s.strip() for s in parts if s]``; else None (``[f(s) for s in parts]``
        makes something else of each piece)."""
        comp = mod.parent(gen)
        if node is not gen.iter or gen.is_async or not isinstance(gen.target, ast.Name) \
                or not isinstance(comp, (ast.ListComp, ast.SetComp, ast.GeneratorExp)) or comp.generators != [gen]:
            return None
        elt = comp.elt
        while isinstance(elt, ast.Call) and isinstance(elt.func, ast.Attribute) and not elt.keywords \
                and elt.func.attr in self.t.string_methods and all(isinstance(a, ast.Constant) for a in elt.args):
            elt = elt.func.value
        return comp if isinstance(elt, ast.Name) and elt.id == gen.target.id else None

    def _field_factory(self, mod: ModuleAst, lam: ast.Lambda) -> ast.Call | None:
        """The call declaring a class field that ``lam`` (taking no parameters) is handed to as
        the factory of its default (``field(default_factory=lambda: ...)`` of dataclasses,
        attrs' ``field(factory=...)``: rules/flow.yaml field_factories); else None."""
        if lam.args.args or lam.args.posonlyargs or lam.args.kwonlyargs or lam.args.vararg or lam.args.kwarg:
            return None
        kw = mod.parent(lam)
        call = mod.parent(kw) if isinstance(kw, ast.keyword) else None
        if not isinstance(kw, ast.keyword) or not isinstance(call, ast.Call):
            return None
        return call if self._field_declaration(mod, call, kw.arg, self.t.field_factories) else None

    @staticmethod
    def _field_declaration(mod: ModuleAst, call: ast.Call, keyword: str | None, table: frozenset[str]) -> bool:
        """``call`` declares a class field (a class body binds it to the field's name) and its
        keyword ``keyword`` gives that field's default: ``"<call's qualified name> <keyword>"``
        is in ``table`` (rules/flow.yaml field_defaults, field_factories)."""
        if keyword is None or not isinstance(mod.parent(call), (ast.AnnAssign, ast.Assign)) \
                or not isinstance(mod.scope(call), ast.ClassDef) or _required_field(call):
            return False
        return f"{mod.qname(call.func) or ''} {keyword}" in table

    def _dict_item(self, mod: ModuleAst, p: ast.Dict, node: ast.AST, q: Query, path: tuple,
                   hops: int, keys: tuple[str, ...]) -> None:
        """``{"host": node}``: the value climbs on under its key; a key itself goes nowhere."""
        if node in p.keys:
            q.never = True
            return
        if self._in_memory_options(mod, p, node):
            q.never = True  # the options hand the library an in-memory fake: no server is dialled
            return
        i = next((k for k, v in enumerate(p.values) if v is node), None)
        key = p.keys[i] if i is not None else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            name = key.value
            if name.lower() in ("default", "example", "examples", "placeholder") and schema_like(p):
                q.never = True  # a JSON schema / form default shown to a user
                return
            if name.lower() == "host" and q.port is None:
                # {"HOST": ..., "PORT": "5432"} (Django's DATABASES, a client's options): the port
                # the host is dialled with is its sibling's
                sibling = next((v for k, v in zip(p.keys, p.values, strict=True) if isinstance(k, ast.Constant)
                                and isinstance(k.value, str) and k.value.lower() == "port"), None)
                if sibling is not None:
                    q.port = self._int(mod, sibling, 0)
                if q.port is None and (sibling is None or isinstance(sibling, ast.Constant) and sibling.value == ""):
                    # no PORT, or an empty one: the default port of the backend ENGINE names
                    # (`"ENGINE": "django.db.backends.postgresql"`: 5432)
                    engine = next((v for k, v in zip(p.keys, p.values, strict=True) if isinstance(k, ast.Constant)
                                   and k.value == "ENGINE"), None)
                    backend = written_string(mod, engine) if engine is not None else None
                    q.port = self.t.backend_ports.get(backend or "")
            return self._climb(mod, p, q, path, hops, (name,) + keys)
        return self._climb(mod, p, q, path, hops, keys)

    def _in_memory_options(self, mod: ModuleAst, p: ast.Dict, node: ast.AST) -> bool:
        """The mapping holding ``node`` names, among its other values (nested too), a class of an
        in-memory fake of a client (``rules/flow.yaml`` in_memory_clients): as a dotted path
        (``"REDIS_CLIENT_CLASS": "fakeredis.FakeRedis"``) or a name imported from its module
        (``"connection_class": FakeConnection``)."""
        fakes = self.t.in_memory_clients
        for value in p.values:
            if value is node:
                continue
            for n in ast.walk(value):
                if isinstance(n, ast.Constant) and isinstance(n.value, str) and "." in n.value \
                        and fakes.fullmatch(n.value.strip()):
                    return True
                if isinstance(n, (ast.Name, ast.Attribute)) and fakes.fullmatch(mod.qname(n) or ""):
                    return True
        return False

    def _assigned(self, mod: ModuleAst, p: Any, kind: type, node: ast.AST, q: Query, path: tuple,
                  hops: int, keys: tuple[str, ...]) -> None:
        """``x = node`` (plain, annotated or augmented): follow each target it is bound to."""
        if getattr(p, "value", None) is not node:
            return
        if kind is ast.AugAssign:
            return self._target(mod, p, p.target, q, path, hops, keys)
        if self._lookup_fallback(mod, p, q):
            return
        targets = p.targets if kind is ast.Assign else [p.target]
        for t in targets:
            self._target(mod, p, t, q, path, hops, keys)

    def _lookup_fallback(self, mod: ModuleAst, stmt: ast.Assign | ast.AnnAssign, q: Query) -> bool:
        """``x = default`` in the ``except`` of a ``try`` that reads ``x`` from a configuration
        (``try: x = getattr(settings, name)`` / ``x = cfg["host"]``, ``except AttributeError: x =
        default``): the value used where the configured one is missing, like ``getattr(settings,
        name, default)``: what an operator configures (True: stop here). Read from the
        environment instead (``x = os.environ["X"]``), the variable decides as a fallback's does."""
        handler = mod.parent(stmt)
        tried: Any = mod.parent(handler) if isinstance(handler, ast.ExceptHandler) else None
        if type(tried).__name__ not in ("Try", "TryStar"):  # (TryStar: `except*`, Python 3.11+)
            return False
        names = {dotted(t) for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])} - {None}
        for s in tried.body:
            if not isinstance(s, (ast.Assign, ast.AnnAssign)) or s.value is None:
                continue
            if not names & {dotted(t) for t in (s.targets if isinstance(s, ast.Assign) else [s.target])}:
                continue
            env = env_read(self.t, mod, s.value)
            if env is not None:
                q.fallbacks.append(env)
                return False
            looked_up = isinstance(s.value, ast.Call) and isinstance(s.value.func, ast.Name) \
                and s.value.func.id == "getattr" and "getattr" not in mod.imports
            if looked_up or config_read(self.t, mod, s.value):
                q.operator = True
                return True
        return False

    # -- expressions ---------------------------------------------------------------------
    def _method(self, mod, attr: ast.Attribute, q, path, hops, keys) -> None:
        """``"...".format(x)``, ``url.rstrip("/")``: the result carries the string on."""
        call = mod.parent(attr)
        if not isinstance(call, ast.Call) or call.func is not attr:
            return
        if attr.attr in ("startswith", "endswith", "__contains__", "find", "index", "count"):
            q.never = True
            return
        if attr.attr in self.t.string_methods or attr.attr == "join":
            return self._climb(mod, call, q, path, hops, keys)

    def _kept_at(self, mod: ModuleAst, qn: str | None, call: ast.Call) -> tuple[str, str, int] | None:
        """Where the client ``call`` builds is kept, for a client that connects only when first
        used (``rules/flow.yaml`` lazy_clients, unless a keyword makes it connect at once):
        ``astfacts.lazy_binding``; None for any other call (it dials where it is made)."""
        if not self.t.lazy_clients.fullmatch(qn or "") or any(k.arg in self.t.lazy_eager_keywords for k in call.keywords):
            return None
        return lazy_binding(mod, call)

    def _call(self, mod: ModuleAst, call: ast.Call, arg: ast.AST, q, path, hops, keys) -> None:
        qn = mod.qname(call.func, call=True) or mod.qname(call.func)
        use = self.t.use(qn, call, arg, mod)
        if use.kind == "sink":
            if use.role == "bind" and port_probe(self.t, mod, call):
                q.never = True  # binds to see whether the port is free, then lets go: no server
                return
            if use.role == "connect" and self.t.through_proxy(call, q.scheme):
                q.never = True  # sent through a proxy: the proxy dials the URL's host
                return
            if use.role == "connect" and self.t.over_socket(mod, call):
                q.never = True  # sent over a Unix socket: the URL's host is a placeholder
                return
            if use.role == "connect" and self.t.signing_clients.fullmatch(qn or "") and self._signs_only(mod, call):
                q.never = True  # a client that only signs URLs for a browser to open: it sends nothing
                return
            kind = use.label if not keys else f"{use.label}[{'.'.join(keys)}]"
            if q.port is None:
                port_arg = self.t.port_arg(qn, call)
                if port_arg is not None:
                    q.port = self._int(mod, port_arg, 0)
            binding = self._kept_at(mod, qn, call) if use.role == "connect" else None
            return self._sink(q, mod, call, kind, use.role, path, binding)
        if use.kind == "env-default":
            if use.env is None and use.env_name is not None:
                use = dataclasses.replace(use, env=self._env_name(mod, call, use.env_name))
            if use.env:
                q.fallbacks.append(use.env)
                # what follows is the read's default, used only where the variable is unset:
                # `BROKER = os.getenv("BROKER_URL", CACHE_URL)` hands CACHE_URL on to no sink
                # in a container that sets BROKER_URL (each path judged on its own gates)
                path = path + (Gate(("set", use.env), taken=False),)
            elif use.env is None and use.env_name is not None:
                # a variable whose name the code computes (read from a configuration file):
                # the default is used only where the container sets no variable it may be
                path = path + (Gate(("someset", self.t.runtime_settings_env), taken=False),)
            before, configured, never = len(q.sinks), q.operator, q.never
            q.never = False
            self._climb(mod, call, q, path, hops, keys)
            # the read as the `or` fallback of a configured value (`cfg.url or os.getenv("X_URL",
            # "...")`) is the operator's fallback: its name is no evidence of its own there; nor
            # where the read's value is followed to a place that never connects (a response
            # returned to the client, `JSONResponse({"url": os.getenv("OLLAMA_BASE_URL", ...)})`,
            # a log line), as a field's read is (`_read`)
            if len(q.sinks) == before and self.t.is_strong(use.env) and not self._unread_constant(mod, call) \
                    and not (q.operator and not configured) and not q.never:
                self._sink(q, mod, call, f"env:{use.env}", "connect", path)
            q.never = never or q.never
            return
        if use.kind == "env-write":
            if self.t.is_strong(use.env):
                self._sink(q, mod, call, f"env:{use.env}", "connect", path)
            return
        if use.kind == "config-default":
            q.operator = True  # cfg.get("host", "localhost"): what an operator configures
            return
        if use.kind == "never":
            last = (qn or "").rsplit(".", 1)[-1]
            if last == "Field" and isinstance(mod.parent(call), (ast.AnnAssign, ast.Assign)) \
                    and isinstance(mod.scope(call), ast.ClassDef):
                return self._climb(mod, call, q, path, hops, keys)  # a field's default
            q.never = True
            return
        if use.kind == "pass":
            return self._climb(mod, call, q, path, hops, keys)
        # a function or class of the project: into its parameter
        self._into(mod, call, arg, qn, q, path, hops, keys)

    def _signs_only(self, mod: ModuleAst, call: ast.Call) -> bool:
        """The client ``call`` builds (it opens no connection when built) is bound to one name,
        a module's or a function's, or ``self.<attr>``, and every read of it is a call of a
        method that only signs (``s3.generate_presigned_url(...)``: rules/flow.yaml
        signing_methods): in its module, and for a module-level name in the modules that
        import it (``from .storage import s3``, ``storage.s3``); for an attribute, every read of
        an attribute of that name in the modules that name it.  A read handed on, returned or
        used another way (``s3.upload_file``) may send: the client is judged as before."""
        target = bound_target(mod, call)
        if target is None:
            return False
        methods = self.t.signing_methods
        if isinstance(target, ast.Name):
            name = target.id
            scope = mod.binding_scope(target, name)
            loads = mod.loads_in(scope, name)
            if not loads or not all(_signs(mod, n, methods) for n in loads):
                return False
            if scope is not mod.tree:
                return True
            mine = set(module_names(mod.rel))
            last = last_name(mod.rel)
            for other in self._containing(name, last, importing=last):
                if other is mod:
                    continue
                for local, qual in other.imports.items():
                    module, _, attr = qual.rpartition(".")
                    if attr == name and module in mine:
                        if not all(_signs(other, n, methods) for n in other.loads(local)):
                            return False
                    elif qual in mine:
                        for load in other.attr_loads(name):
                            if isinstance(load.value, ast.Name) and load.value.id == local \
                                    and not _signs(other, load, methods):
                                return False
                if "import *" in (self.source(other.rel) or ""):
                    return False  # (a star import binds the name unseen)
            return True
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            attr = target.attr
            found = False
            for other in self._containing(attr):
                for load in other.attr_loads(attr):
                    if not _signs(other, load, methods):
                        return False
                    found = True
                if ATTRIBUTE_READS_WHOLE.search(self.source(other.rel) or ""):
                    return False  # (read by a name computed at run time: getattr(obj, key))
            return found
        return False

    def _into(self, mod: ModuleAst, call: ast.Call, arg: ast.AST, qn: str | None, q, path, hops, keys) -> None:
        if hops >= MAX_HOPS or qn is None:
            return
        target = self._callee(mod, call, qn)
        if target is None:
            return
        cmod, func, skip_self = target
        # `Client(**options)` where the value is the item "host" of the mapping `options`: the
        # keyword argument host (what the mapping's other items do is not this value's concern)
        spread = bool(keys) and any(k.arg is None and k.value is arg for k in call.keywords)
        if isinstance(func, ast.ClassDef):
            init = next((b for b in func.body if isinstance(b, FUNCTIONS) and b.name == "__init__"), None)
            if init is None:
                # a dataclass / pydantic model: keyword -> field
                kw = keys[0] if spread else next((k.arg for k in call.keywords if k.value is arg), None)
                if kw:
                    self._attribute(cmod, func, kw, q, self._at(mod, call, path), hops + 1,
                                    keys[1:] if spread else keys)
                return
            func, skip_self = init, True
        if spread:
            name = spread_param(func, keys[0], skip_self)
            keys = keys[1:]
        else:
            name = param_for(func, call, arg, skip_self)
        if name is None:
            return
        variable = helper_variable(self.t, cmod, func, call, name, skip_self)
        if variable:
            q.fallbacks.append(variable)  # env("X", "default"): the default of X
        # what the function returns goes back to this call only, not to every caller
        q.calls.append((func, call, mod))
        try:
            for load in param_loads(cmod, func, name):
                self._climb(cmod, load, q, self._at(mod, call, path), hops + 1, keys)
        finally:
            q.calls.pop()

    def _thread_args(self, mod: ModuleAst, seq: ast.AST, node: ast.AST, q, path, hops, keys) -> bool:
        """``Thread(target=serve, args=(host, port))``: ``node``, an element of the ``args``
        sequence of a call that hands a project function on as its ``target``, is that
        function's positional parameter of the same place (followed into its reads, as a direct
        call's argument is).  False where the sequence is no such hand-on (then it climbs on
        whole)."""
        kw = mod.parent(seq)
        if not isinstance(seq, (ast.Tuple, ast.List)) or not isinstance(kw, ast.keyword) or kw.arg != "args":
            return False
        call = mod.parent(kw)
        if not isinstance(call, ast.Call) or hops >= MAX_HOPS:
            return False
        target = next((k.value for k in call.keywords if k.arg == "target"), None)
        if target is None:
            return False
        elts = seq.elts
        index = next((i for i, e in enumerate(elts) if e is node), None)
        if index is None or any(isinstance(e, ast.Starred) for e in elts[:index + 1]):
            return False
        found: tuple | None = None
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            cls = mod.class_of(call)
            method = next((b for b in cls.body if isinstance(b, FUNCTIONS) and b.name == target.attr), None) \
                if cls is not None else None
            found = (mod, method, True) if method is not None else None
        elif (qn := mod.qname(target)) is not None:
            found = self._def_named(mod, qn)
        if found is None or not isinstance(found[1], FUNCTIONS):
            return False
        cmod, func, _ = found
        params = positional_params(cmod, func)
        if index >= len(params):
            return True  # lands in `*args`, or nowhere: not followed
        for load in param_loads(cmod, func, params[index]):
            self._climb(cmod, load, q, self._at(mod, call, path), hops + 1, keys)
        return True

    def _callee(self, mod: ModuleAst, call: ast.Call, qn: str):
        """(module, def, is a method) of a project function or class a call names."""
        func = call.func
        built = _factory_class(mod, call)
        if built is not None:
            return mod, built, False  # `cls(...)` in a classmethod builds its class
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            cls = mod.class_of(call)
            if cls is not None:
                for b in cls.body:
                    if isinstance(b, FUNCTIONS) and b.name == func.attr:
                        return mod, b, True
            return None
        return self._def_named(mod, qn)

    def _def_named(self, mod: ModuleAst, qn: str):
        """(module, def, False) of the project's top-level function or class named ``qn`` in
        ``mod``: its own, or one of the module it is imported from."""
        if "." not in qn:
            defs = mod.functions.get(qn) or []
            top = [d for d in defs if mod.parent(d) is mod.tree]
            if top:
                return mod, top[0], False
            if qn in mod.classes:
                return mod, mod.classes[qn], False
            return None
        module, _, name = qn.rpartition(".")
        for rel in self._resolve_module(module):
            other = self.module(rel)
            if other is None:
                continue
            defs = [d for d in other.functions.get(name) or [] if other.parent(d) is other.tree]
            if defs:
                return other, defs[0], False
            if name in other.classes:
                return other, other.classes[name], False
        return None

    # -- names ---------------------------------------------------------------------------
    def _setting(self, path: tuple[str, ...]) -> str | None:
        """The framework setting at key path ``path``, if the code searched has what reads
        it: a setting only an extension reads (``MONGO_URI``: Flask-PyMongo) is an app's own
        name where no module imports that extension.  For a setting an image's own code may
        read (Celery's broker), only where the modules searched are all the container runs
        (``mains`` known): a container judged on every file it holds may run code not in the tree."""
        setting = self.t.setting(path)
        readers = self.t.setting_readers(path) if setting is not None else ()
        if readers and not any(self._imports(m) for m in readers) \
                and (self.mains is not None or path not in self.t.readers_need_code):
            return None
        unbuilt = self.t.setting_unbuilt_readers(path) if setting is not None else ()
        if unbuilt and self.mains is not None and self._imports_unused(unbuilt):
            return None  # the extension that reads it is imported, never built
        return setting

    def _target(self, mod: ModuleAst, stmt: ast.AST, target: ast.AST, q, path, hops, keys) -> None:
        here = self._at(mod, stmt, path)
        name: str | None
        if isinstance(target, ast.Name):
            name = target.id
            scope = mod.scope(stmt)
            if scope is mod.tree and self._replaced_later(mod, stmt, name):
                q.operator = True  # a module's value replaced further down (or by an operator's file): dead
                return
            # bound again in later branches (`if "IN_DOCKER" in os.environ: X = ...`): this value
            # survives only where they do not run
            replaced = self._replaced_in_branches(mod, stmt, name) if scope is mod.tree else ()
            here = here + replaced
            setting = self._setting((name,) + keys) if not isinstance(scope, FUNCTIONS) else None
            # a key only a backend that connects reads (DATABASES' HOST beside a SQLite ENGINE):
            # no sink where the mapping names a file backend, gated where the environment picks it
            switch = offline_switch(self.t, mod, stmt, (name,) + keys) if setting is not None else None
            if setting is not None and switch is not True:
                gated = (switch,) if isinstance(switch, Gate) else ()
                self._sink(q, mod, target, f"setting {setting}", "connect", path + replaced + gated)  # and where code reads it
            if isinstance(scope, ast.ClassDef):
                if _rebound_in_class(scope, stmt, name):
                    q.overridden = True  # the class body binds the field again further down: this value is dead
                    return
                if tagged_variant(mod, scope):
                    q.operator = True  # one variant of a tagged union: the operator's configuration fills it
                    return
                if self._field_always_given(mod, scope, name):
                    q.overridden = True  # a dataclass field every construction gives: its default is dead
                    return
                variables = field_variables(self, mod, scope, name) if not keys else ()
                # pydantic matches the variable in any letter case (`search_url:` fills
                # `SEARCH_URL`): set that way, a literal default is dead too (one that reads the
                # environment, `os.getenv("SEARCH_URL", ...)`, also carries the variable's own value)
                kind = "iset" if variables and _literal_value(stmt) and any_case(self, mod, scope) else "set"
                if len(variables) == 1:
                    q.fallbacks.append(variables[0])  # the field's default: dead where the service sets it
                    if kind == "iset":
                        here = here + (Gate((kind, variables[0]), taken=False),)
                elif variables:
                    # read through subclasses of other prefixes: dead only where all of them are set
                    here = here + (Gate(_all_set(variables, kind), taken=False),)
                if variables and (built := buildable_gate(self, mod, scope)) is not None:
                    # a settings class with required fields: built (and its default read) only
                    # where the service sets each of their variables (flow/requiredsettings.py)
                    here = here + (built,)
                # a model a settings class holds (`database: Database = Database()`), read as
                # `settings.database.host`: its default is dead where the service sets the
                # holding field's variables
                nested = holders(self, mod, scope, name) if not variables and not keys and hops < MAX_HOPS else []
                live = [h for h in nested if not h.gives]
                if nested and not live:
                    q.overridden = True  # every holder builds it giving the field: its default is dead
                    return
                if len(live) == 1:
                    q.fallbacks.extend(live[0].variables)
                for load in _class_body_loads(mod, scope, name, stmt):
                    self._climb(mod, load, q, here, hops, keys)
                self._attribute(mod, scope, name, q, here, hops, keys)
                for holder in live:
                    self._nested_reads(holder, name, q, here, hops, keys)
                return
            if isinstance(scope, FUNCTIONS) and self._reassigned(mod, scope, target):
                q.operator = True  # a default the function replaces (from arguments, a config): not its value
                return
            for load in mod.loads_in(mod.binding_scope(target, name) if isinstance(scope, FUNCTIONS) else mod.tree, name):
                if load is not target and not (isinstance(scope, FUNCTIONS) and read_before(mod, load, stmt, scope)):
                    self._climb(mod, load, q, here, hops, keys)
            if not isinstance(scope, FUNCTIONS) and hops < MAX_HOPS:
                self._exported(mod, name, q, here, hops + 1, keys)
            return
        if isinstance(target, ast.Attribute):
            root = target.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if not keys and isinstance(root, ast.Name) and (root.id in mod.imports or root.id in mod.var_types
                                                            or isinstance(target.value, ast.Attribute)):
                # a library's module-level setting its calls dial (`stripe.api_base = URL`):
                # the module as this file imports it; or a configurable's trait set on the
                # configuration object a program hands its config file (`c.JupyterHub.db_url`,
                # `c = get_config()`) (rules/flow.yaml attribute_sinks)
                qn = mod.qname(target)
                if qn is not None and qn in self.t.attribute_sinks:
                    return self._sink(q, mod, target, f"{qn} =", "connect", path)
            if self._setting((target.attr,) + keys) is not None and settings_like(target.value):
                return self._sink(q, mod, target, f"setting {target.attr}", "connect", path)
            if isinstance(target.value, ast.Name) and target.value.id == "self":
                func = mod.function_of(stmt)
                if func is not None and self._reassigned(mod, func, target):
                    q.operator = True  # self.x = "localhost"; if cfg.x: self.x = cfg.x: a default replaced
                    return
                cls = mod.class_of(target)
                if cls is not None and configured_by_name(mod, cls):
                    # `for att in self.__dict__: setattr(self, att, parser.get(att))`: every
                    # attribute may be replaced from the operator's configuration file
                    q.operator = True
                    return
                if cls is not None:
                    return self._attribute(mod, cls, target.attr, q, here, hops, keys, declared=False)
            if isinstance(target.value, ast.Attribute) and target.value.attr == "environ":
                return
            return self._attribute(mod, None, target.attr, q, here, hops, keys)
        if isinstance(target, ast.Subscript):
            key = target.slice
            name = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
            base = dotted(target.value) or ""
            if base.endswith("environ") and name:
                if self.t.is_strong(name):
                    self._sink(q, mod, target, f"env:{name}", "connect", path)
                return
            if name and self._setting((name,) + keys) is not None:
                return self._sink(q, mod, target, f"setting {name}", "connect", path)
            if name is not None:
                # d["KEY"] = value: the mapping holds it
                return self._target(mod, stmt, target.value, q, path, hops, (name,) + keys)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            return  # unpacking: which element is ours is not followed

    def _reassigned(self, mod: ModuleAst, func: ast.AST, target: ast.Name | ast.Attribute) -> bool:
        """``target`` (a local name or ``self.attr``) gets another value in ``func`` that is not
        made from itself (``host = "127.0.0.1"`` ... ``host, port = arg.split(":")``)."""
        for node in ast.walk(func):
            if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Store) \
                    and node is not target and _same(node, target) \
                    and node.lineno > target.lineno:  # a later value, not the one it is the fallback of
                stmt = mod.parent(node)
                while stmt is not None and not isinstance(stmt, ast.stmt):
                    stmt = mod.parent(stmt)
                value = getattr(stmt, "value", None) if not isinstance(stmt, (ast.For, ast.With)) else None
                if isinstance(stmt, ast.AugAssign):
                    continue
                if value is not None and any(_same(n, target) for n in ast.walk(value)):
                    continue  # url = url + "/x": the same value, carried on
                if _exclusive(mod, target, node):
                    continue  # `if local: dsn = "...localhost..." else: dsn = "...db..."`: another case, not a replacement
                return True
        return False

    def _replaced_later(self, mod: ModuleAst, stmt: ast.AST, name: str) -> bool:
        """Module-level ``name`` (bound by ``stmt``) is bound again further down at the module's
        top level, unconditionally and not from itself (``X = {...}`` twice, ``from .b import X``),
        or a later star import (also inside a top-level ``try``, Django's trailing ``from
        .local_settings import *``) takes it from a module that binds it or that the code the
        containers run does not hold (an operator's file put in place at deploy time).
        ``X = X + [...]``, ``X.update(...)``, ``X["k"] = ...`` carry the value on."""
        top: ast.AST | None = stmt
        while top is not None and mod.parent(top) is not mod.tree:
            top = mod.parent(top)
        if top is None:
            return False
        body = mod.tree.body
        later = body[next(i for i, s in enumerate(body) if s is top) + 1:]
        for s in later:
            if isinstance(s, (ast.Assign, ast.AnnAssign)) and s.value is not None:
                targets = s.targets if isinstance(s, ast.Assign) else [s.target]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets) \
                        and not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(s.value)):
                    return True
            for imp in [s] if not isinstance(s, ast.Try) else s.body:
                if isinstance(imp, ast.ImportFrom) and self._import_binds(mod, imp, name):
                    return True
        return False

    def _replaced_in_branches(self, mod: ModuleAst, stmt: ast.AST, name: str) -> tuple[Gate, ...]:
        """Module-level ``name`` (bound by top-level ``stmt``) bound again further down inside
        top-level ``if`` branches (not from itself): the gates under which the value of ``stmt``
        survives, one per such binding (``if "IN_DOCKER" in os.environ: X = ...``)."""
        if mod.parent(stmt) is not mod.tree:
            return ()
        body = mod.tree.body
        at = next((i for i, s in enumerate(body) if s is stmt), None)
        if at is None:
            return ()
        gates: list[Gate] = []
        for s in body[at + 1:]:
            if not isinstance(s, ast.If):
                continue
            for node in ast.walk(s):
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets) \
                        and not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.value)):
                    gate = replaced_under(self.t, mod, node)
                    if gate is not None:
                        gates.append(gate)
        return tuple(gates)

    def _import_binds(self, mod: ModuleAst, imp: ast.ImportFrom, name: str) -> bool:
        """``from m import name`` / ``from m import *`` where ``m`` binds ``name`` at its top level
        or is not among the modules searched."""
        if any((a.asname or a.name) == name for a in imp.names):
            return True
        if not any(a.name == "*" for a in imp.names):
            return False
        rels = self._resolve_module(mod.import_base(imp))
        if not rels:
            return True
        for rel in rels:
            other = self.module(rel)
            if other is not None and assigned_values(other, name, other.tree):
                return True
        return False

    def _attribute(self, mod: ModuleAst, cls: ast.ClassDef | None, name: str, q, path, hops, keys,
                   declared: bool = True) -> None:
        """A class field / instance attribute holding the value: its reads.  ``declared``: a
        field of the class body; an attribute a method sets (``self.x = ...`` in ``__init__``)
        is no field a settings library fills from the environment, so its name is no evidence."""
        if cls is not None and self._setting((name,) + keys) is not None:
            return self._sink(q, mod, cls, f"setting {name}", "connect", path)
        if cls is not None and declared and _branch_returned(mod, cls):
            # `if mode == "local": return LocalSettings`: its fields are read only where
            # something names the class, which the judge checks as for a function (flow/called.py)
            path = path + (Hop(mod.rel, cls.name),)
        strong = declared and cls is not None and settings_class(mod, cls) \
            and self.t.is_strong(env_name(mod, cls, name)) and self._field_read(name, mod, cls)
        reads = [0, 0, 0]  # reads followed, reads that end where nothing connects, reads that reach a sink
        others: list[tuple[ModuleAst, ast.AST, tuple]] = []  # the reads that do neither: (module, read, path)
        for load in mod.attr_loads(name):
            if cls is not None and not (in_class(mod, load, cls) or settings_like(load.value)
                                        or distinctive(name) or _instance_read(mod, load, mod, cls)):
                continue
            if cls is not None and foreign_self(mod, load, mod, cls):
                continue
            self._read(mod, load, q, path + self._guards(mod, cls, name, mod, load), hops, keys, reads, others)
        if hops < MAX_HOPS and cls is not None and not distinctive(name):
            # a short name (`host`, `servers`) is followed into other modules only on an
            # object the reading code builds as this class (`cfg = SinkConfig()`, `cfg.servers`)
            for other in self._containing("." + name, cls.name):
                if other is not mod:
                    for load in other.attr_loads(name):
                        if _instance_read(other, load, mod, cls):
                            self._read(other, load, q, path + self._guards(mod, cls, name, other, load), hops + 1,
                                       keys, reads, others)
        if hops < MAX_HOPS and distinctive(name):
            rival: bool | None = None  # (the same for every module: asked once)
            for other in self._containing("." + name):
                if other is mod:
                    continue
                if cls is not None and not _imports_from(other, mod):
                    if rival is None:
                        rival = self._rival_field(mod, cls, name)
                    if rival:
                        continue  # another class's field of that name may be the one read here
                for load in other.attr_loads(name):
                    if cls is not None and foreign_self(other, load, mod, cls):
                        continue
                    if distinctive(name) or settings_like(load.value):
                        self._read(other, load, q, path + self._guards(mod, cls, name, other, load), hops + 1,
                                   keys, reads, others)
            # `getattr(settings, "QUEUE_URL", fallback)`: a read of the field by its name as a string
            for other in self._containing(name, "getattr"):
                if cls is not None and other is not mod and not _imports_from(other, mod):
                    if rival is None:
                        rival = self._rival_field(mod, cls, name)
                    if rival:
                        continue
                for call in getattr_reads(other, name):
                    self._read(other, call, q, path, hops + (other is not mod), keys, reads, others)
            # `current_app.config["QUEUE_URL"]`: the field read by its key from the framework's
            # config mapping, where some module loads the class into it
            loaded = self._config_gates(mod, cls) if cls is not None and name.isupper() else None
            if loaded is not None:
                for other in self._containing(name, "config"):
                    for lookup in config_key_reads(other, name, self.t.config_lookups):
                        self._read(other, lookup, q, path + loaded, hops + (other is not mod), keys, reads, others)
        # a field named as a client address is one by its name, unless every read of it was
        # followed to a place that never connects (`urlparse(settings.REDIS_URL).path`) or into
        # a client call: then those calls decide, with the gates they sit behind (a task body
        # under `celery beat`, a branch the service's environment turns off).  A field read
        # nowhere is dialled by its name where the class is (a library may be handed the
        # settings whole); one whose reads go where we cannot follow is dialled at each such
        # read, which runs only where its own code does (a method of a store class that only
        # a registry lookup the container never makes builds)
        if strong and cls is not None:
            if not reads[0]:
                self._sink(q, mod, cls, f"env:{env_name(mod, cls, name)}", "connect", path)
            for at, read, read_path in others:
                self._sink(q, at, read, f"env:{env_name(mod, cls, name)}", "connect", read_path)

    def _nested_reads(self, holder: Holder, name: str, q, path, hops, keys) -> None:
        """The reads ``X.<holding field>.<name>`` of a nested model's field, in the settings
        module and the modules importing it (the pair of names is specific where ``name``
        alone, ``host``, is not)."""
        reads: list[int] = [0, 0, 0]
        others: list[tuple[ModuleAst, ast.AST, tuple]] = []
        for other in self._containing(holder.field, f".{holder.field}.{name}"):
            if other is not holder.mod and not _imports_from(other, holder.mod):
                continue
            for load in other.attr_loads(name):
                if isinstance(load.value, ast.Attribute) and load.value.attr == holder.field:
                    self._read(other, load, q, path, hops + 1, keys, reads, others)

    def _guards(self, mod: ModuleAst, cls: ast.ClassDef | None, name: str, at: ModuleAst, load: ast.AST) -> tuple:
        """For a read of a settings class's field: the branches on the same object's empty
        fields it sits in (``if s.url and s.api_key:``), as gates on their variables."""
        if cls is None or not isinstance(load, ast.Attribute) or not settings_class(mod, cls):
            return ()
        return field_guards(self, mod, cls, name, at, load)

    def _read(self, mod: ModuleAst, load: ast.AST, q: Query, path: tuple, hops: int, keys: tuple[str, ...],
              reads: list[int], others: list[tuple[ModuleAst, ast.AST, tuple]]) -> None:
        """Follow one read of a field, counting it in ``reads`` and whether it ends nowhere.  A
        read this query followed already (a settings field reached both from the environment
        read its default makes and as the field that reads the variable by its name) counts as
        it did then: the second climb stops where the first went, which is no unresolved read."""
        key = (mod.rel, id(load), keys)
        known = q.read_outcomes.get(key)
        if known is not None:
            reads[0] += 1
            reads[1] += known[1]
            reads[2] += known[2]
            if not (known[1] or known[2]):
                others.append((mod, load, path))
            q.never = q.never or known[0]
            return
        never, before, joined = q.never, len(q.sinks), q.joined
        q.never = False
        self._climb(mod, load, q, path, hops, keys)
        rejoined = False
        if q.joined > joined and len(q.sinks) == before and not q.never and not q.again:
            # the climb joined a path another read of the field already followed (two returns
            # of one property getter, `return self.URL.replace(...)` under `if self.SECRET:`
            # and `return self.URL`, both read where the property is read): followed again
            # with this read's own path, whose gates differ, instead of ending nowhere
            # (once: a climb followed again follows nothing again inside it, where an attribute
            # assigned from its own value, `self.url = self.url.rstrip("/")`, would go round)
            # (it may only add sinks: what else it meets on the way, an environment read whose
            # default is this attribute's own value, `attr = os.getenv("URL", attr)`, was met
            # by the first climb, which judged it already)
            seen, q.seen, q.again = q.seen, set(), True
            kept = (q.fallbacks, q.operator, q.overridden, q.never, q.port, q.port_appended, q.calls, q.scheme,
                    q.read_outcomes)
            q.fallbacks, q.calls, q.read_outcomes = list(q.fallbacks), list(q.calls), dict(q.read_outcomes)
            try:
                self._climb(mod, load, q, path, hops, keys)
            finally:
                q.seen, q.again = seen | q.seen, False
                (q.fallbacks, q.operator, q.overridden, q.never, q.port, q.port_appended, q.calls, q.scheme,
                 q.read_outcomes) = kept
            # a sink reached again as it was before (the same place, gates and runs, another
            # flow) is that sink: the read reached it, and it is listed once
            again = q.sinks[before:]
            if again:
                rejoined = True
                known = [replace(x, flow=()) for x in q.sinks[:before]]
                del q.sinks[before:]
                for x in again:
                    if replace(x, flow=()) not in known:
                        q.sinks.append(x)
                        known.append(replace(x, flow=()))
        outcome = (q.never, q.never and len(q.sinks) == before, len(q.sinks) > before or rejoined)
        reads[0] += 1
        reads[1] += outcome[1]
        reads[2] += outcome[2]
        if not (outcome[1] or outcome[2]):
            others.append((mod, load, path))
        q.read_outcomes[key] = outcome
        q.never = never or q.never

    def _env_name(self, mod: ModuleAst, read: ast.Call, name: ast.AST) -> str | None:
        """The variable an environment read names by an expression, not a literal: names bound
        once at the module's top level (or in the function holding the read) to strings,
        joined (``HOST_VAR = "DB_HOST"``,
        ``f"{PREFIX}_HOST"``, ``PREFIX + "_HOST"``); "" where the name comes from a parameter
        of the function holding the read (a helper, ``def env(name, default): return
        os.getenv(name, default)``, whose callers name the variable: followed there); None
        where it is computed at run time (``CONFIG["DB_HOST_VAR"]``)."""
        func = mod.function_of(read)
        if func is not None:
            params = {a.arg for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs,
                                      *filter(None, (func.args.vararg, func.args.kwarg)))}
            if any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(name)):
                return ""
            if isinstance(name, ast.Name):
                # a local bound once to a string (`broker_env = "CELERY_BROKER_URL"` then
                # `os.getenv(broker_env, ...)`): that variable; bound any other way, unknown
                stores = [n for n in ast.walk(func) if isinstance(n, ast.Name) and n.id == name.id
                          and isinstance(n.ctx, ast.Store)]
                if stores:
                    assigns = [st for st in ast.walk(func) if isinstance(st, ast.Assign) and len(st.targets) == 1
                               and isinstance(st.targets[0], ast.Name) and st.targets[0].id == name.id]
                    return _module_string(mod, assigns[0].value, 1) if len(stores) == 1 and len(assigns) == 1 \
                        else None
        return _module_string(mod, name, 0)

    def _unread_constant(self, mod: ModuleAst, read: ast.Call) -> bool:
        """The environment read is bound whole to a module-level name that no code reads
        (``DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://...@localhost/db")`` in a
        module whose other names are what its importers want): no load of the name in its
        module, no import of it, no attribute read of it, no mention of it as a string
        (``getattr(settings, "NAME")``, ``__all__``) in any module searched.  Its default then
        reaches nothing, whatever the variable's name says: a library that reads the variable
        itself (``dj_database_url.config()``) never sees this default.  As for a settings
        field no code reads (``_field_read``).  So too an instance attribute a method binds it
        to (``self.DATABASE_URL = os.getenv(...)`` in a configuration class's ``__init__``)
        that no code reads: no attribute read of that name, nor the name as a string."""
        stmt = mod.parent(read)
        if not isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            return False
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        if len(targets) != 1:
            return False
        target = targets[0]
        if isinstance(target, ast.Name) and stmt in mod.tree.body:
            name = target.id
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                and target.value.id == "self" and mod.function_of(stmt) is not None:
            name = target.attr
        else:
            return False
        # the name written as a string only to read the variable of that name (this read, or
        # `os.getenv("DATABASE_URL")` in another module) reads no attribute
        if mod.loads(name) or isinstance(target, ast.Attribute) and self._live_attr_loads(mod, name, stmt) \
                or _quoted(mod.text, name) > self._env_reads_of(mod, name):
            return False
        return not any(other.loads(name) or other.attr_loads(name)
                       or _quoted(other.text, name) > self._env_reads_of(other, name)
                       or any(qual.rpartition(".")[2] == name for qual in other.imports.values())
                       for other in self._containing(name) if other is not mod)

    def _live_attr_loads(self, mod: ModuleAst, name: str, stmt: ast.stmt) -> bool:
        """``mod`` reads the attribute ``name`` that ``stmt`` binds on ``self``, outside the
        methods of that class nothing names: ``return {"uri": self.mongo_uri}`` in a helper
        method no module calls (``get_store_config``), nor names as a string, runs nowhere, and
        is no read of the attribute.  A method of a class a framework may call by name (a base
        from a library: ``astfacts.closed_class``), a decorated one, a dunder or a hook name a
        library calls on objects it is handed (``rules/flow.yaml`` hook_methods) keeps its read."""
        cls = mod.class_of(stmt)
        for load in mod.attr_loads(name):
            func = mod.function_of(load)
            if cls is None or func is None or mod.parent(func) is not cls or func.decorator_list \
                    or func.name.startswith("__") and func.name.endswith("__") \
                    or self.t.hook_methods.fullmatch(func.name) \
                    or closed_class(mod, load, inert=self.t.method_inert_bases) != cls.name \
                    or self._method_named(mod, func.name):
                return True
        return False

    def _method_named(self, mod: ModuleAst, method: str) -> bool:
        """Some module searched (or ``mod``) names ``method``: a call or any other load of it,
        bare or as an attribute, or the name as a string (``getattr(cfg, "get_store_config")``)."""
        return any(other.loads(method) or other.attr_loads(method) or _quoted(other.text, method)
                   for other in (mod, *self._containing(method)))

    def _env_reads_of(self, mod: ModuleAst, name: str) -> int:
        """How many environment reads in ``mod`` name the variable ``name`` as a literal."""
        seen: set[int] = set()
        for expr in mod.expressions_naming(name):
            for node in ast.walk(expr):
                if id(node) not in seen and isinstance(node, (ast.Call, ast.Subscript)) \
                        and env_read(self.t, mod, node) == name:
                    seen.add(id(node))
        return len(seen)

    def _field_read(self, name: str, mod: ModuleAst, cls: ast.ClassDef) -> bool:
        """Whether any module reads the field ``name`` of the settings class ``cls`` of ``mod``
        (``settings.NAME``, or the name as a string: ``getattr(settings, "NAME")``).  A field no
        code reads is dialled by nothing, whatever its name says: the settings class reads the
        variable, not the other way round.  ``self.name`` in a method of an unrelated class
        (a connection pool's own ``self.redis_url``) is that object's attribute, not a read of
        the field (``foreign_self``); nor is the name written as the literal of an environment
        read of the same variable (``os.getenv("REPORT_DB_URL")`` in a validator): it reads the
        variable, not the field."""
        return any(any(not foreign_self(other, load, mod, cls) for load in other.attr_loads(name))
                   or _quoted(other.text, name) > self._env_reads_of(other, name)
                   for other in self._containing(name))

    def _rival_field(self, mod: ModuleAst, cls: ast.ClassDef, name: str) -> bool:
        """A class unrelated to ``cls`` (neither a base of the other) declares a field
        ``name`` too, in a module searched: a read of ``x.name`` by the name alone may be its."""
        mine = lineage(mod, cls)
        for other in self._containing(name):
            for rival in other.classes.values():
                if rival is cls or rival.name in mine or cls.name in lineage(other, rival):
                    continue
                if any(isinstance(t, ast.Name) and t.id == name
                       for stmt in rival.body if isinstance(stmt, (ast.AnnAssign, ast.Assign))
                       for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])):
                    return True
        return False

    def _exported(self, mod: ModuleAst, name: str, q, path, hops, keys) -> None:
        """Where other modules read a module-level name: ``from m import NAME``, ``m.NAME``,
        ``settings.NAME`` (a settings module read through its framework)."""
        mine = set(module_names(mod.rel))
        settings_module = "settings" in mod.rel.rsplit("/", 2)[-1] or "settings" in mod.rel.split("/")[-2:-1]
        # a module that reads the name imports this module: its text names it (or "settings")
        last = last_name(mod.rel)
        words = tuple(w for w in (last, "settings" if settings_module else "") if w)
        for other in self._containing(name, *words, importing=None if settings_module else last):
            if other is mod:
                continue
            for local, qual in other.imports.items():
                module, _, attr = qual.rpartition(".")
                if attr == name and module in mine and not self._elsewhere(other, module, mod):
                    for load in other.loads(local):
                        self._climb(other, load, q, path, hops, keys)
                elif qual in mine and not self._elsewhere(other, qual, mod):
                    for attr_load in other.attr_loads(name):
                        if isinstance(attr_load.value, ast.Name) and attr_load.value.id == local:
                            self._climb(other, attr_load, q, path, hops, keys)
            if any(base in mine and not self._elsewhere(other, base, mod) for base in other.star_imports) \
                    and name not in other.imports and _star_exported(mod, name) \
                    and not assigned_values(other, name, other.tree):
                # `from config import *` then `"HOST": DATABASE_HOST`: the star import binds the
                # module's public names (a name the importing module binds itself is its own)
                for load in other.loads_in(other.tree, name):
                    self._climb(other, load, q, path, hops, keys)
            if settings_module:
                for attr_load in other.attr_loads(name):
                    rq = other.qname(attr_load.value) or ""
                    if rq.endswith("conf.settings") or rq == "settings":
                        # (the framework hands on what the loaded settings module binds last)
                        self._climb(other, attr_load, q, path + (SettingRead(mod.rel, name),), hops, keys)
                for lookup in _settings_lookups(mod, other, name, self.t.settings_lookups):
                    # (not where the start command gives the setting its own value: `-s NAME=...`)
                    self._climb(other, lookup, q, path + (Gate(("argvset", name), taken=False),), hops, keys)
        loaded = self._config_gates(mod, None) if name.isupper() else None
        if loaded is not None:
            # `current_app.config["QUEUE_URL"]` where a module loads this one into the
            # framework's config mapping (`app.config.from_object("app.config")`)
            for other in self._containing(name, "config"):
                for read in config_key_reads(other, name, self.t.config_lookups):
                    self._climb(other, read, q, path + loaded, hops, keys)

    def _config_gates(self, mod: ModuleAst, cls: ast.ClassDef | None) -> tuple | None:
        """Whether some module of the search set loads ``mod`` (or its class ``cls``) into a
        framework's config mapping (flow/configkeys.py): ``()`` where a loader call names it,
        one gate where a loader is handed an environment variable's value
        (``app.config.from_object(os.environ["APP_SETTINGS"])``, the testdriven.io and Real
        Python Flask layout), which loads it only in a container whose environment is known
        to name it (``APP_SETTINGS=project.config.DevelopmentConfig``); None where none does."""
        key = (mod.rel, cls.name if cls is not None else "")
        if key in self._config_loads:
            return self._config_loads[key]
        loaders = [m for word in sorted(self.t.config_loaders) for m in self._containing(word)]
        hit: tuple | None = None
        if loads_config(loaders, mod, cls, self.t.config_loaders, self.t.config_overrides):
            hit = ()
        else:
            terms = env_named_loads(loaders, self.t.config_loaders, self.t.config_overrides,
                                    lambda m, arg: env_term(self.t, m, arg))
            if terms:
                names = loaded_names(mod, cls)
                cond: tuple = ("known", ("in", terms[0], names))
                for term in terms[1:]:
                    cond = ("or", cond, ("known", ("in", term, names)))
                hit = (Gate(cond),)
        self._config_loads[key] = hit
        return hit

    def _elsewhere(self, reader: ModuleAst, module: str, mod: ModuleAst) -> bool:
        """``module`` (a dotted name ``reader`` imports, which ``mod``'s path also ends with)
        is another file for ``reader``: one beside it of that name (the directory of the
        running script comes first on ``sys.path``): ``from client import C`` in
        ``backend/server.py`` is ``backend/client.py``, not ``core/client.py``."""
        base = posixpath.dirname(reader.rel)
        stem = module.replace(".", "/")
        for rel in (f"{base}/{stem}.py" if base else f"{stem}.py", f"{base}/{stem}/__init__.py" if base else f"{stem}/__init__.py"):
            if rel != mod.rel and self.source(rel) is not None:
                return True
        return False

    def _returned(self, mod: ModuleAst, ret: ast.Return, q, path, hops, keys) -> None:
        func = mod.function_of(ret)
        if func is None:
            return
        if is_handler(self.t, mod, func):
            q.never = True  # a request handler's answer goes to the client
            return
        if hops >= MAX_HOPS:
            return
        here = self._at(mod, ret, path)
        if q.calls and q.calls[-1][0] is func:
            _, call, caller = q.calls[-1]
            return self._climb(caller, call, q, here, hops + 1, keys)
        owner = mod.class_of(func)
        for caller, call in self._callers(mod, func):
            if owner is not None and another_class(caller, call, owner, self._containing):
                # `config.postgres_db.build_connection()` beside `class MQEnvs: def
                # build_connection`: the receiver holds another class's instance, whose method
                # of the same name returns its own value
                continue
            self._climb(caller, call, q, here, hops + 1, keys)
        if owner is not None and _is_property(func):
            for reader, load in self._property_reads(mod, func.name, owner):
                self._climb(reader, load, q, here, hops + 1, keys)

    def _property_reads(self, mod: ModuleAst, name: str, cls: ast.ClassDef) -> list[tuple[ModuleAst, ast.Attribute]]:
        """The reads of a property ``name`` (``settings.S3_ENDPOINT_URL`` where the class
        defines ``@property def S3_ENDPOINT_URL(self): return "..."``): its getter's return value
        is the attribute's value.  Followed into other modules by a distinctive name only, as
        calls are (``distinctive``); a read that is called (``obj.name()``) calls the value, and
        ``self.name`` in a class unrelated to ``cls`` is another object's (``foreign_self``)."""
        homes = [mod]
        if distinctive(name):
            homes += [other for other in self._containing(name) if other is not mod]
        out: list[tuple[ModuleAst, ast.Attribute]] = []
        for reader in homes:
            for load in reader.attr_loads(name):
                p = reader.parent(load)
                if not (isinstance(p, ast.Call) and p.func is load) and not foreign_self(reader, load, mod, cls):
                    out.append((reader, load))
        if not distinctive(name):
            out += self._instance_property_reads(mod, name, cls)
        return out

    def _instance_property_reads(self, mod: ModuleAst, name: str,
                                 cls: ast.ClassDef) -> list[tuple[ModuleAst, ast.Attribute]]:
        """The reads ``settings.DB_URL`` of a property of a common name in the modules that
        import ``settings``, a module-level instance of ``cls`` that ``mod`` binds
        (``settings = Settings()``), from ``mod``: the receiver is known to be that class's
        instance, whatever the name says (``from app.config import settings``)."""
        if mod.top_class(cls.name) is not cls:
            return []
        instances = [inst for inst, typ in mod.var_types.items() if "." not in inst and typ == cls.name
                     and any(isinstance(v, ast.Call) and (dotted(v.func) or "") == cls.name
                             for v in assigned_values(mod, inst, mod.tree))]
        homes = set(module_names(mod.rel))
        out: list[tuple[ModuleAst, ast.Attribute]] = []
        for inst in instances:
            for reader in self._containing(name, inst, importing=last_name(mod.rel)):
                if reader is mod:
                    continue
                for load in reader.attr_loads(name):
                    p = reader.parent(load)
                    owner, _, var = (reader.qname(load.value) or "").rpartition(".")
                    if isinstance(load.value, ast.Name) and var == inst and owner in homes \
                            and not (isinstance(p, ast.Call) and p.func is load):
                        out.append((reader, load))
        return out

    def _callers(self, mod: ModuleAst, func: Function, typed: bool = False) -> list[tuple[ModuleAst, ast.Call]]:
        """The calls of a function or method (a class's ``__init__``: calls of the class) in
        the modules searched.  ``typed``: a method of a common name is also called where the
        receiver is known to be an instance of its class (``app_os = AgentOS()``, then
        ``app_os.serve(...)``), and not where it is known to be another class's
        (``Task(...).start()``, flow.receivers)."""
        cls = mod.class_of(func)
        if func.name == "__init__" and cls is not None:
            # the class's own factories build it too: `return cls(uri=...)` in a classmethod
            factories = [(mod, c) for c in _factory_calls(mod, cls)]
            return self._calls_by_name(mod, cls.name, True) + factories
        name, method = func.name, cls is not None
        if method:
            out = [(mod, c) for c in calls_named(mod, name, method=True)]
            if distinctive(name):
                for other in self._containing(name, called=True):
                    if other is not mod:
                        out.extend((other, c) for c in calls_named(other, name, method=True))
            elif typed and cls is not None:
                for other in self._containing(name, cls.name, called=True):
                    if other is not mod:
                        out.extend((other, c) for c in calls_named(other, name, method=True)
                                   if (other.qname(c.func) or "").rsplit(".", 2)[-2:] == [cls.name, name])
            if typed and cls is not None:
                # Task(...).start() beside APIServer.start is the other class's method
                out = [(m, c) for m, c in out if not another_class(m, c, cls, self._containing)]
            return out
        return self._calls_by_name(mod, name, cls is not None)

    def _calls_by_name(self, mod: ModuleAst, name: str, is_class: bool) -> list[tuple[ModuleAst, ast.Call]]:
        """The calls of ``mod``'s module-level function or class ``name`` in the modules searched."""
        # a module's function: called by its name here, or where another module imports it
        # (so that module's text names this one)
        # (a call under an import of that name from elsewhere, inside its function, calls that
        # other object: `from .memory import Store` in one branch, `.mysql`'s in the next)
        mine = set(module_names(mod.rel))
        out = []
        for spelled in (name, *(_aliases_of(mod, name) if is_class else ())):  # `Queue = PikaQueue`
            out += [(mod, c) for c in calls_named(mod, spelled, method=False) if isinstance(c.func, ast.Name)
                    and ((local := mod.local_import(c, spelled)) is None or local.rpartition(".")[0] in mine)]
            for home in self._homes(mod, spelled):
                names = set(module_names(home.rel))
                for other in self._containing(spelled, last_name(home.rel), importing=last_name(home.rel), called=True):
                    if other is mod:
                        continue
                    for c in calls_named(other, spelled, method=False):
                        qual = (other.local_import(c, spelled) if isinstance(c.func, ast.Name) else None) \
                            or other.qname(c.func) or ""
                        if qual.rpartition(".")[0] in names and not self._elsewhere(other, qual.rpartition(".")[0], home):
                            out.append((other, c))
        return out

    def _homes(self, mod: ModuleAst, name: str) -> list[ModuleAst]:
        """The modules callers import ``mod``'s ``name`` from: ``mod``, and the ``__init__.py``
        of its package where that re-exports the name from it (``from ._client import Client``,
        so that ``from .lsclient import Client`` elsewhere is the same class).  Only the name
        re-exported as itself, up the packages that hand it on in turn (``core/engine/engine.py``
        re-exported by ``core/engine/__init__.py``, and that by ``core/__init__.py``, so that
        ``from .core import Engine`` is the same class), at most ``_REEXPORT_LEVELS`` up."""
        homes = [mod]
        home = mod
        for _ in range(_REEXPORT_LEVELS):
            here = posixpath.dirname(home.rel)
            if posixpath.basename(home.rel) == "__init__.py":
                here = posixpath.dirname(here)  # a package's own face: the package above hands it on
                if not here and not posixpath.dirname(home.rel):
                    break
            rel = posixpath.join(here, "__init__.py")
            if rel == home.rel or name not in (self.source(rel) or ""):
                break  # parsed only where its text names the name
            init = self.module(rel)
            if init is None or init.imports.get(name, "").rpartition(".")[0] not in set(module_names(home.rel)):
                break
            homes.append(init)
            home = init
        return homes

    def _field_always_given(self, mod: ModuleAst, cls: ast.ClassDef, name: str) -> bool:
        """``cls`` is a generated-constructor class (a dataclass, a pydantic model: no
        ``__init__`` of its own) built in the modules searched, and every construction that may
        run there gives its field ``name`` (by keyword or by position),
        like a parameter default every call overrides (``ProcessorConfig(broker=cli_broker)``
        in the one ``main`` that builds it)."""
        if mod.parent(cls) is not mod.tree or cls.decorator_list == [] and not cls.bases:
            return False
        if any(isinstance(b, FUNCTIONS) and b.name == "__init__" for b in cls.body):
            return False
        fields = [s.target.id for s in cls.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
        if name not in fields:
            return False
        if self._subclassed(cls.name):
            return False  # a subclass's constructions may leave the field at its default
        calls = [(cmod, call) for cmod, call in self._calls_by_name(mod, cls.name, True) if may_run(self, cmod, call)]
        # its factories build it too: `return cls(**kwargs)` in a classmethod of its own or of
        # a base class it is built through (`Store.from_url(url)`)
        built = [(cmod, call, False) for cmod, call in calls] \
            + [(fmod, call, True) for fmod, call in self._factory_builds(mod, cls)]
        if not built:
            return False  # built nowhere we can see (by a library, from a config file): the default may be live
        index = fields.index(name)
        # (``Options(**loaded)`` gives what a configuration file holds: maybe not this field;
        # a factory's ``cls(**kwargs)`` gives it where the factory fills that key by name;
        # `cfg = Options()` then `cfg.host = ...` gives it as `Options(host=...)` would)
        return all(any(k.arg == name for k in call.keywords)
                   or (len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[:index + 1]))
                   or (_fills_by_name(cmod, call, name) if factory
                       else _set_after(cmod, call, name) or self._forwarded_given(cmod, call, name))
                   for cmod, call, factory in built)

    def _subclassed(self, name: str) -> bool:
        """A class statement of the modules searched names the class ``name`` among its bases."""
        return any(_subclasses(other, name) for other in self._containing(name, based=True))

    def _forwarded_given(self, mod: ModuleAst, call: ast.Call, name: str) -> bool:
        """``call`` (``Options(**settings)``) hands on the ``**settings`` of the function it sits
        in, untouched there, and every call of that function that may run gives ``name`` by
        keyword: ``MultiMCP(host=args.host)`` of ``MultiMCP.__init__(self, **settings)`` (a
        module-level class with no subclass, or a module-level function)."""
        spread = [k.value for k in call.keywords if k.arg is None]
        func = mod.function_of(call)
        if len(spread) != 1 or not isinstance(spread[0], ast.Name) or func is None \
                or func.args.kwarg is None or func.args.kwarg.arg != spread[0].id:
            return False
        kwargs = spread[0].id
        if sum(isinstance(n, ast.Name) and n.id == kwargs for n in ast.walk(func)) != 1:
            return False  # read, changed or handed on elsewhere in the function too
        owner = mod.parent(func)
        if func.name == "__init__" and isinstance(owner, ast.ClassDef) and mod.parent(owner) is mod.tree:
            target, is_class = owner.name, True
            if self._subclassed(owner.name):
                return False  # a subclass's constructions reach it through `super().__init__`
        elif owner is mod.tree:
            target, is_class = func.name, False
        else:
            return False
        calls = [c for cmod, c in self._calls_by_name(mod, target, is_class) if may_run(self, cmod, c)]
        return bool(calls) and all(any(k.arg == name for k in c.keywords) for c in calls)

    def _factory_builds(self, mod: ModuleAst, cls: ast.ClassDef) -> list[tuple[ModuleAst, ast.Call]]:
        """The ``cls(...)`` calls of the factory classmethods ``cls`` is built through: its own
        (``_factory_calls``), and those of its base classes (followed through the modules
        searched) that code calls on ``cls`` by its name (``CounterStore.from_url(url)``)."""
        out: list[tuple[ModuleAst, ast.Call]] = [(mod, c) for c in _factory_calls(mod, cls)]
        seen = {id(cls)}
        todo = [(mod, b) for b in cls.bases]
        while todo:
            bmod, base = todo.pop()
            found = class_named(self, bmod, dotted(base) or "")
            if found is None or id(found[1]) in seen:
                continue
            seen.add(id(found[1]))
            fmod, fcls = found
            todo.extend((fmod, b) for b in fcls.bases)
            for method in fcls.body:
                if not isinstance(method, FUNCTIONS):
                    continue
                made = [c for c in ast.walk(method) if isinstance(c, ast.Call) and _factory_class(fmod, c) is fcls]
                if made and self._called_on(cls.name, method.name):
                    out.extend((fmod, c) for c in made)
        return out

    def _called_on(self, cls_name: str, method: str) -> bool:
        """Some module of the search set calls ``method`` on the class ``cls_name`` by its
        name: ``CounterStore.from_url(...)``."""
        return any((dotted(c.func.value) or "").rsplit(".", 1)[-1] == cls_name
                   for other in self._containing(method, cls_name, called=True)
                   for c in calls_named(other, method, method=True) if isinstance(c.func, ast.Attribute))

    def _param_default(self, mod: ModuleAst, args: ast.arguments, node: ast.AST, q, path, hops) -> None:
        func = mod.parent(args)
        if not isinstance(func, FUNCTIONS + (ast.Lambda,)):
            return
        name = param_of_default(args, node)
        if name is None:
            return
        if isinstance(func, FUNCTIONS) and self._always_passed(mod, func, name):
            q.overridden = True
            return
        if isinstance(func, FUNCTIONS) and func.name == "__init__" and unnamed_class(self, mod, func):
            q.operator = True  # built by a registry from configuration, or by a library's user
            return
        loads = param_loads(mod, func, name)
        live = [load for load in loads if not isinstance(func, FUNCTIONS)
                or not (guards := _none_guards(mod, func, load))
                or not self._always_passed(mod, func, name, guards)]
        if loads and not live:
            # `if nodes is not None: Cluster(nodes) else: Redis(host=host)`: every call that
            # leaves `host` to its default gives `nodes`, so the branch that dials it never runs
            q.overridden = True
            return
        for load in live:
            self._climb(mod, load, q, path, hops, ())

    def _handed_on(self, mod: ModuleAst, func: Function) -> list[ast.Call] | None:
        """The calls that hand ``func`` itself on to be called later (``run_in_thread(
        fetcher.serve_rpc, ...)``, ``Thread(target=self.serve_rpc, ...)``): the function, not
        a call of it, as an argument; for a constructor, its class (``providers.Factory(Store,
        url=...)``).  None where a name this common cannot be told apart
        from other functions' (a method named ``run``): those hand-ons prove nothing either
        way."""
        cls = mod.class_of(func)
        # a constructor is handed on as its class (`providers.Singleton(Store, url=...)`,
        # `functools.partial(Store, url=...)`): built later with the arguments beside it
        name = cls.name if cls is not None and func.name == "__init__" else func.name
        if cls is not None and name == func.name and not distinctive(name):
            return None
        out = []
        for other in self._containing(name):
            for node in (*other.loads(name), *other.attr_loads(name)):
                parent = other.parent(node)
                if isinstance(parent, ast.keyword):
                    parent = other.parent(parent) if parent.arg == "target" else None
                elif not (isinstance(parent, ast.Call) and node in parent.args):
                    parent = None
                if isinstance(parent, ast.Call) and parent.func is not node:
                    out.append(parent)
        return out

    def _given_by_subclasses(self, mod: ModuleAst, func: Function, name: str) -> bool:
        """``func`` is the ``__init__`` of a base class that the code builds only through its
        subclasses, and each subclass's ``super().__init__(...)`` gives parameter ``name``:
        by keyword, or by handing on its own ``**kwargs`` where every construction of that
        subclass gives ``name`` by keyword (``ClickSource(servers=args.servers)`` of
        ``def __init__(self, **kwargs): super().__init__(topic="clicks", **kwargs)``)."""
        cls = mod.class_of(func)
        if func.name != "__init__" or cls is None:
            return False
        subs = [(other, b) for other in self._containing(cls.name, based=True) for b in _subclasses(other, cls.name)]
        if not subs:
            return False
        for other, sub in subs:
            init = next((b for b in sub.body if isinstance(b, FUNCTIONS) and b.name == "__init__"), None)
            supers = [c for c in ast.walk(init) if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                      and c.func.attr == "__init__" and isinstance(c.func.value, ast.Call)
                      and isinstance(c.func.value.func, ast.Name) and c.func.value.func.id == "super"] if init else []
            if not supers or self._subclassed(sub.name):
                return False  # inherits the constructor, or is subclassed in turn: not followed
            rest = init.args.kwarg.arg if init is not None and init.args.kwarg is not None else None
            for call in supers:
                if any(k.arg == name for k in call.keywords):
                    continue
                if rest is None or not any(k.arg is None and isinstance(k.value, ast.Name) and k.value.id == rest
                                           for k in call.keywords):
                    return False
                built = [c for cmod, c in self._calls_by_name(other, sub.name, True) if may_run(self, cmod, c)]
                if not built or not all(any(k.arg == name for k in c.keywords) for c in built):
                    return False
        return True

    def _always_passed(self, mod: ModuleAst, func: Function, name: str, instead: frozenset[str] = frozenset()) -> bool:
        """Every call of ``func`` in the modules searched passes parameter ``name`` (or, where
        ``instead`` is given, one of those parameters: a value of its own that switches off
        the branch reading ``name``, ``_none_guards``)."""
        callers = self._callers(mod, func, typed=True)
        if not callers and instead:
            return False
        if not callers:
            handed = self._handed_on(mod, func)
            if handed and all(_gives_keyword(call, name, positional_params(mod, func)) for call in handed):
                return True  # only handed on to be called, each time with the argument for it
            if self._given_by_subclasses(mod, func, name):
                return True  # a base class built only through its subclasses, each giving it
            # no call written out: a setting that names it by its path may give the arguments
            return passed_by_path(self, mod, func, name)
        # calls that cannot run in these containers do not keep the default alive
        calls = [call for cmod, call in callers if may_run(self, cmod, call)]
        params = positional_params(mod, func)
        index = params.index(name) if name in params else None
        port = _ephemeral_port_param(func) if _reads_bound_port(self.t, mod.class_of(func) or func) else None
        for call in calls:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                continue  # *args / **kwargs: may pass it
            if any(k.arg == name for k in call.keywords):
                continue
            if index is not None and len(call.args) > index:
                continue
            if any(_gives_value(call, other, params) for other in instead):
                continue
            if port is not None and _leaves_port_zero(call, port, params.index(port) if port in params else None):
                continue  # a server on a port the OS picks, learned in-process: nothing outside can dial it
            return False
        return True



_REEXPORT_LEVELS = 4  # packages up that a re-export is followed (a package's public face)


def _signs(mod: ModuleAst, node: ast.AST, methods: frozenset[str]) -> bool:
    """``node`` (a read of a client) is the object of a call of one of ``methods``."""
    p = mod.parent(node)
    return isinstance(p, ast.Attribute) and p.value is node and p.attr in methods \
        and isinstance(call := mod.parent(p), ast.Call) and call.func is p


def _none_guards(mod: ModuleAst, func: Function, load: ast.AST) -> frozenset[str]:
    """The parameters of ``func`` that the branches around ``load`` require to be None (or
    empty): ``if nodes is not None: ... else: LOAD``, ``if nodes is None: LOAD``, ``if not
    nodes: LOAD``, ``if nodes: ... else: LOAD``; not one the function binds again."""
    params = {a.arg for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)}
    out: set[str] = set()
    child: ast.AST = load
    for p in mod.ancestors(load):
        if isinstance(p, ast.If):
            in_body = any(child is b for b in p.body)
            in_else = any(child is b for b in p.orelse)
            test = p.test
            name, want_none = "", None  # the branch of `load` runs only where `name` is None/empty
            if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.left, ast.Name) \
                    and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
                name = test.left.id
                want_none = in_body if isinstance(test.ops[0], ast.Is) else in_else if isinstance(test.ops[0], ast.IsNot) else None
            elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and isinstance(test.operand, ast.Name):
                name, want_none = test.operand.id, in_body
            elif isinstance(test, ast.Name):
                name, want_none = test.id, in_else
            if want_none and name in params and not assigns(func, name):
                out.add(name)
        if p is func:
            break
        child = p
    return frozenset(out)


def _gives_value(call: ast.Call, name: str, params: list[str]) -> bool:
    """``call`` gives parameter ``name`` a value that is not None nor an empty literal."""
    given = next((k.value for k in call.keywords if k.arg == name), None)
    if given is None and name in params and len(call.args) > params.index(name):
        given = call.args[params.index(name)]
    if given is None or isinstance(given, ast.Starred):
        return False
    if isinstance(given, ast.Constant):
        return bool(given.value)
    return not (isinstance(given, (ast.List, ast.Tuple, ast.Set, ast.Dict)) and not getattr(given, "elts", getattr(given, "keys", None)))


def _settings_lookups(home: ModuleAst, mod: ModuleAst, name: str,
                      lookups: dict[tuple[str, str], frozenset[str]]) -> list[ast.expr]:
    """The lookups in ``mod`` of the setting ``name`` by its name on a settings object
    (``crawler.settings.get("MONGO_URI")``, ``settings["MONGO_URI"]``: rules/flow.yaml
    settings_lookups), each the expression whose value is the setting's; only where the
    settings module ``home`` binds at its top level a name that says it is that framework's."""
    bound = {t.id for stmt in home.tree.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
             for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]) if isinstance(t, ast.Name)}
    wanted = frozenset(k for k, v in lookups.items() if v & bound)
    return config_key_reads(mod, name, wanted) if wanted else []


def _factory_class(mod: ModuleAst, call: ast.Call) -> ast.ClassDef | None:
    """The class a call of a classmethod's first parameter builds: ``cls(uri=...)`` in
    ``@classmethod def from_settings(cls, settings)`` of that class's body (a factory a
    framework calls, Scrapy's ``from_crawler``), unless the method binds that name again."""
    if not isinstance(call.func, ast.Name):
        return None
    method = mod.function_of(call)
    cls = mod.class_of(method) if method is not None else None
    if method is None or cls is None or mod.parent(method) is not cls:
        return None
    if not any(isinstance(d, ast.Name) and d.id == "classmethod" for d in method.decorator_list):
        return None
    params = method.args.posonlyargs + method.args.args
    if not params or params[0].arg != call.func.id:
        return None
    return None if assigns(method, call.func.id) else cls


def _fills_by_name(mod: ModuleAst, call: ast.Call, name: str) -> bool:
    """``call`` (``cls(**kwargs)`` in a factory classmethod) hands on a mapping the factory
    fills under the field's name: ``kwargs`` bound in that method, which writes ``name`` as a
    key (``kwargs["host"] = ...``, or hands it with ``kwargs`` to a helper:
    ``cls._put(kwargs, "host", parsed.hostname)``)."""
    method = mod.function_of(call)
    spread = [k.value for k in call.keywords if k.arg is None]
    if method is None or len(spread) != 1 or not isinstance(spread[0], ast.Name) or not assigns(method, spread[0].id):
        return False
    kwargs = spread[0].id
    for node in ast.walk(method):
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id == kwargs \
                and isinstance(node.slice, ast.Constant) and node.slice.value == name:
            return True
        if isinstance(node, ast.Call) and any(isinstance(a, ast.Name) and a.id == kwargs for a in node.args) \
                and any(isinstance(a, ast.Constant) and a.value == name for a in node.args):
            return True
    return False


def _instance_read(reader: ModuleAst, load: ast.Attribute, writer: ModuleAst, cls: ast.ClassDef) -> bool:
    """``load`` (``cfg.servers``) reads an attribute of a local or module-level name that the
    scope it is bound in builds as ``cls`` (``cfg = SinkConfig(...)``), every such binding
    there naming that class (through ``reader``'s imports of ``writer``)."""
    if not isinstance(load.value, ast.Name):
        return False
    key = load.value.id
    scope = reader.binding_scope(load.value, key)
    built = [call for stmt, call in reader.var_ctors.get(key, ()) if reader.scope(stmt) is scope]
    if not built:
        return False
    homes = {""} if reader is writer else set(module_names(writer.rel))
    for call in built:
        qn = reader.qname(call.func) or ""
        home, _, last = qn.rpartition(".")
        if last != cls.name or home not in homes:
            return False
    return True


def _set_after(mod: ModuleAst, call: ast.Call, name: str) -> bool:
    """``call`` builds an object bound to a name (``cfg = SinkConfig()``, ``self.cfg = ...``)
    whose field ``name`` a later statement of the same block sets (``cfg.servers = ...``)
    before any statement uses the object: no code sees the field's default.  Statements
    that do not mention the object may sit between; one that reads it (hands it on, reads
    the field: ``cfg.servers = cfg.servers or x``), or an assignment inside a branch, keeps
    the default live."""
    stmt = mod.parent(call)
    if not (isinstance(stmt, ast.Assign) and stmt.value is call and len(stmt.targets) == 1):
        return False
    var = dotted(stmt.targets[0])
    block = mod.parent(stmt)
    body = next((b for f in ("body", "orelse", "finalbody") if stmt in (b := getattr(block, f, None) or [])), None)
    if not var or body is None:
        return False
    for later in body[body.index(stmt) + 1:]:
        if not any(dotted(n) == var for n in ast.walk(later) if isinstance(n, (ast.Name, ast.Attribute))):
            continue  # does not touch the object
        if not isinstance(later, ast.Assign) or any(dotted(n) == var for n in ast.walk(later.value)
                                                   if isinstance(n, (ast.Name, ast.Attribute))):
            return False  # the object used (or its old field read) before the field is set
        sets = [t for t in later.targets if isinstance(t, ast.Attribute) and dotted(t.value) == var]
        if len(sets) != len(later.targets):
            return False
        if any(t.attr == name for t in sets):
            return True
    return False


def _factory_calls(mod: ModuleAst, cls: ast.ClassDef) -> list[ast.Call]:
    """The calls in ``cls``'s own classmethods that build it (``_factory_class``)."""
    return [n for b in cls.body if isinstance(b, FUNCTIONS) for n in ast.walk(b)
            if isinstance(n, ast.Call) and _factory_class(mod, n) is cls]


def _is_property(node: ast.AST) -> bool:
    """``node`` is a method decorated as a property (``@property``, ``@functools.cached_property``)."""
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        (dotted(d) or "").rsplit(".", 1)[-1] in ("property", "cached_property") for d in node.decorator_list)


def _subclasses(mod: ModuleAst, name: str) -> list[ast.ClassDef]:
    """The class statements of ``mod`` (at any depth) with a base named ``name``: read from
    the module's index of class statements, not a walk of its whole tree (a common base
    name is in many modules' text, and walking each of them cost seconds on large code)."""
    return [c for c in mod.class_defs if any(_base_name(base) == name for base in c.bases)]


def _base_name(base: ast.expr) -> str | None:
    """The last name of a class's base (``Config``, ``models.Config``)."""
    if isinstance(base, ast.Name):
        return base.id
    return base.attr if isinstance(base, ast.Attribute) else None


def _rebound_in_class(cls: ast.ClassDef, stmt: ast.AST, name: str) -> bool:
    """``stmt``, a statement of the class body of ``cls`` binding ``name``, is followed in that
    body by another unconditional binding of ``name`` that does not read it (a field declared
    twice, ``SMTP_HOST: str = ...`` in two sections of one settings class): the class keeps the
    later value, and the earlier one reaches nothing."""
    body = cls.body
    at = next((i for i, s in enumerate(body) if s is stmt), None)
    if at is None:
        return False
    for later in body[at + 1:]:
        if isinstance(later, (ast.Assign, ast.AnnAssign)) and later.value is not None:
            targets = later.targets if isinstance(later, ast.Assign) else [later.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets) \
                    and not any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(later.value)):
                return True
    return False


def _quoted(text: str, name: str) -> int:
    """How often ``text`` writes ``name`` as a whole string literal (``getattr(s, "NAME")``)."""
    return text.count(f'"{name}"') + text.count(f"'{name}'")


def _ephemeral_port_param(func: Function) -> str | None:
    """The port parameter of ``func`` whose default is 0 (``def __init__(self, app, port=0,
    host="localhost")``): left so, the server binds a port the OS picks, which only the code
    that reads it back after binding knows (an in-process helper server on loopback)."""
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=True)) \
        + [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    for arg, default in pairs:
        if (arg.arg == "port" or arg.arg.endswith("_port")) and _is_zero(default):
            return arg.arg
    return None


def _reads_bound_port(t: Tables, scope: ast.AST) -> bool:
    """The class (or function) reads back the port its socket was bound to
    (``sock.getsockname()``, ``server.server_port``: ``rules/flow.yaml`` bound_port_reads;
    ``server.address[1]``): the mark of a server on an OS-picked port.  (Without it a port
    default of 0 may be a client's "use the default port", as ``smtplib.SMTP(host, 0)`` reads it.)"""
    for node in ast.walk(scope):
        if isinstance(node, ast.Attribute) and node.attr in t.bound_port_reads:
            return True
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "address" \
                and isinstance(node.slice, ast.Constant) and node.slice.value == 1:
            return True
    return False


def _leaves_port_zero(call: ast.Call, port: str, index: int | None) -> bool:
    """``call`` gives the port parameter nothing, or the literal 0."""
    for k in call.keywords:
        if k.arg == port:
            return _is_zero(k.value)
    if index is not None and len(call.args) > index:
        return _is_zero(call.args[index])
    return True


def _is_zero(node: ast.AST) -> bool:
    """The literal ``0`` (not ``False``)."""
    return isinstance(node, ast.Constant) and node.value == 0 and not isinstance(node.value, bool)


def _gives_keyword(call: ast.Call, name: str, params: list[str]) -> bool:
    """``call`` hands on a function together with its argument ``name``: as a keyword of its
    own (``run_in_thread(f, bind=host)``, ``executor.submit(f, bind=host)``,
    ``functools.partial(f, bind=host)``), in a ``kwargs`` mapping (``Thread(target=f,
    kwargs={"bind": host})``), in the ``args`` sequence of a ``Thread(target=f, args=(host,
    port))`` long enough to reach its place among the function's positional ``params`` (or
    holding a ``*rest`` that may), or maybe through ``**options``."""
    index = params.index(name) if name in params else None
    for k in call.keywords:
        if k.arg is None or k.arg == name:
            return True
        if k.arg == "kwargs" and isinstance(k.value, ast.Dict):
            if any(key is None or isinstance(key, ast.Constant) and key.value == name for key in k.value.keys):
                return True
        if k.arg == "args" and index is not None and isinstance(k.value, (ast.Tuple, ast.List)) \
                and (len(k.value.elts) > index or any(isinstance(e, ast.Starred) for e in k.value.elts)):
            return True
    return False


def _aliases_of(mod: ModuleAst, name: str) -> list[str]:
    """Module-level names ``mod`` binds to its class ``name`` (``Queue = PikaQueue``): the class
    is built under them too."""
    return [stmt.targets[0].id for stmt in mod.tree.body
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Name) and stmt.value.id == name]


def _imports_from(reader: ModuleAst, mod: ModuleAst) -> bool:
    """``reader`` imports ``mod`` or a name from it (by any dotted name ``mod`` goes by)."""
    mine = set(module_names(mod.rel))
    return any(qual in mine or qual.rpartition(".")[0] in mine for qual in reader.imports.values())


def _same(node: ast.AST, target: ast.Name | ast.Attribute) -> bool:
    """``node`` names what ``target`` does: the same local name, or ``self.<the same attribute>``."""
    if isinstance(target, ast.Name):
        return isinstance(node, ast.Name) and node.id == target.id
    return isinstance(node, ast.Attribute) and node.attr == target.attr \
        and isinstance(node.value, ast.Name) and node.value.id == "self"


def _literal_value(stmt: ast.AST) -> bool:
    """The statement assigns a value written with literals alone (``"http://localhost:9200"``,
    ``"http://" + "localhost"``): no name, call or subscript that may carry another value."""
    value = getattr(stmt, "value", None)
    return value is not None and all(
        isinstance(n, (ast.Constant, ast.JoinedStr, ast.FormattedValue, ast.BinOp, ast.operator, ast.expr_context))
        for n in ast.walk(value))


def _all_set(variables: tuple[str, ...], kind: str = "set") -> tuple:
    """The gate condition "every one of ``variables`` is set" (``kind`` ``iset``: in any
    letter case)."""
    cond: tuple = (kind, variables[0])
    for v in variables[1:]:
        cond = ("and", cond, (kind, v))
    return cond


def _class_body_loads(mod: ModuleAst, cls: ast.ClassDef, name: str, stmt: ast.AST) -> list[ast.Name]:
    """Reads of a class attribute by its bare name in the class body below its assignment
    (``BROKER = os.getenv("BROKER_URL", CACHE_URL)`` under ``CACHE_URL = ...``): the class body
    is a scope of its own, so these are no attribute reads; a method, lambda or comprehension
    inside the class does not see the name."""
    line = (stmt.end_lineno or stmt.lineno) if isinstance(stmt, ast.stmt) else 0
    return [n for n in mod.loads(name) if n.lineno > line and mod.scope(n) is cls
            and not any(isinstance(p, _COMPREHENSIONS) for p in mod.ancestors(n))]


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def values_after(fstring: ast.JoinedStr, part: ast.AST) -> list[ast.expr]:
    """The pieces of an f-string after the one that holds ``part`` ([] where none holds it)."""
    values = fstring.values
    idx = next((i for i, v in enumerate(values) if v is part or any(n is part for n in ast.walk(v))), None)
    return [] if idx is None else values[idx + 1:]


def port_value(after: list[ast.expr]) -> ast.FormattedValue | None:
    """``f"{URL}:{port}"``: the formatted value that a ``:`` right after the value puts its
    port in (``after``: :func:`values_after`), or None."""
    if len(after) >= 2 and isinstance(after[0], ast.Constant) and after[0].value == ":" \
            and isinstance(after[1], ast.FormattedValue):
        return after[1]
    return None


def _arm(branch: ast.If, child: ast.AST) -> str | None:
    """Which arm of ``branch`` holds its direct child ``child`` (None: its test)."""
    if any(c is child for c in branch.body):
        return "body"
    return "orelse" if any(c is child for c in branch.orelse) else None


def _exclusive(mod: ModuleAst, a: ast.AST, b: ast.AST) -> bool:
    """``a`` and ``b`` sit in different arms of one ``if`` statement: never both run."""
    arms: dict[int, str | None] = {}
    child = a
    for p in mod.ancestors(a):
        if isinstance(p, ast.If):
            arms[id(p)] = _arm(p, child)
        child = p
    child = b
    for p in mod.ancestors(b):
        if isinstance(p, ast.If) and id(p) in arms:
            mine, theirs = arms[id(p)], _arm(p, child)
            return mine is not None and theirs is not None and mine != theirs
        child = p
    return False


def _module_string(mod: ModuleAst, node: ast.AST | None, depth: int) -> str | None:
    """The text of a string expression made of literals and names bound once at the module's
    top level to such expressions (joined by ``+`` or an f-string); None otherwise."""
    if node is None or depth > 5:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                if v.conversion != -1 or v.format_spec is not None:
                    return None
                v = v.value
            text = _module_string(mod, v, depth + 1)
            if text is None:
                return None
            parts.append(text)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _module_string(mod, node.left, depth + 1), _module_string(mod, node.right, depth + 1)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Name):
        bound = [st for st in ast.walk(mod.tree) if isinstance(st, (ast.Assign, ast.AnnAssign, ast.AugAssign))
                 and any(isinstance(t, ast.Name) and t.id == node.id
                         for t in (st.targets if isinstance(st, ast.Assign) else [st.target]))]
        # (bound once, at the top level: a name a branch or a function binds again may be another)
        ok = len(bound) == 1 and bound[0] in mod.tree.body and not isinstance(bound[0], ast.AugAssign)
        return _module_string(mod, bound[0].value, depth + 1) if ok else None
    return None


def _branch_returned(mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """The module-level class ``cls`` is returned by a function of its module under a branch on
    a parameter (flow/selection.py ``branch_keys``): which class such a function hands back is
    the callers' choice."""
    if mod.parent(cls) is not mod.tree:
        return False
    lines = {n.lineno for n in mod.loads(cls.name)}
    return any(branch_keys(mod, line, cls.name) is not None for line in sorted(lines))


def _star_exported(mod: ModuleAst, name: str) -> bool:
    """``from mod import *`` binds ``name``: a public name (no leading underscore), listed in
    the module's ``__all__`` where it writes one out (a list or tuple of strings)."""
    if name.startswith("_"):
        return False
    listed = assigned_values(mod, "__all__", mod.tree)
    for value in listed:
        if isinstance(value, (ast.List, ast.Tuple)) and all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                                                           for e in value.elts):
            return any(e.value == name for e in value.elts if isinstance(e, ast.Constant))
    return True


def _required_field(call: ast.Call) -> bool:
    """A field declaration whose metadata marks it required (``field(default="http://localhost:11434",
    metadata={"required": True, "description": ...})``: a provider's form schema, which makes the
    operator give the field): its default fills the form, it is no value the code falls back to."""
    meta = next((k.value for k in call.keywords if k.arg == "metadata"), None)
    return isinstance(meta, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value == "required" and isinstance(v, ast.Constant) and v.value is True
        for k, v in zip(meta.keys, meta.values, strict=True))
