"""Per run: which services' containers dial a Python string, and the evidence.

``Judge`` follows each candidate endpoint of a Python file over the modules the file's
services run (``dockwise.runs``), and keeps it for a service only when a sink that service
runs receives it.  Parsed modules are shared by every search of the run.
"""
from __future__ import annotations

import ast
import dataclasses
import posixpath
import re
import sys
from typing import Any, Callable, Sequence

from dockwise.astnames import final_name
from dockwise.extract.hostkind import host_kind
from dockwise.extract.layout_env import sibling_port_names
from dockwise.flow.appdotenv import class_dotenv_files, class_dotenv_names, loaded_dotenv_names, loaded_dotenv_values
from dockwise.flow.appended import appended_candidates, appended_to
from dockwise.flow.astfacts import closed_class, env_read, param_of_default, plain_settings_class, settings_class
from dockwise.flow.browserpage import opened_by_remote_browser
from dockwise.flow.called import Called
from dockwise.flow.envwritten import written_first
from dockwise.flow.evidence import Flow
from dockwise.flow.foreign import held_files, never_named
from dockwise.flow.forwarded import forwarded_only
from dockwise.flow.gates import PartialEnv, branch_gates, false_word, gate_env, service_env, unset_fallback
from dockwise.flow.guardedimport import fallback_guards, guarded_modules
from dockwise.flow.handlerreads import module_constant
from dockwise.flow.handlers import route_handler
from dockwise.flow.libreaders import composed, opaque, read_nowhere
from dockwise.flow.loaderprefix import loader_prefixes
from dockwise.flow.namespaced import app_namespace, binds_name, module_loads, namespaced_name
from dockwise.flow.nestedsettings import holders
from dockwise.flow.optionreplaced import gives_option, option_replaced, option_sets_env
from dockwise.flow.results import FlowResult, Sink
from dockwise.flow.selfserve import binds_in, dials_bound_port, dials_port, serves_port
from dockwise.flow.selfstart import starts_listener, starts_own_programs
from dockwise.flow.settingbind import sets_bind
from dockwise.flow.settingsmodule import kept_by_every, replaces_setting, setting_path, settings_modules
from dockwise.flow.settingsprefix import prefixed_out
from dockwise.flow.sinks import tables
from dockwise.flow.translated import translates_loopback
from dockwise.flow.unread import ATTRIBUTE_READS_WHOLE, field_of_literal
from dockwise.flow.weakunread import weak_unread
from dockwise.knowledge import glob_match
from dockwise.layout.dotenv import twin_paths
from dockwise.layout.model import CodeRoot, Service
from dockwise.layout.shell import CONTROL_OPERATORS
from dockwise.layout.startcmd import analyze_command
from dockwise.model import Endpoint, Evidence
from dockwise.runs.build import CLOSURE, FALLBACK
from dockwise.runs.entries import quiet_config_entry, renders_only, runs_tools_only, scripts_run_entries_only
from dockwise.runs.imagematch import image_in
from dockwise.runs.installed import declared_distributions, provides, surely_installed, surely_provides
from dockwise.typo import TypoIndex

__all__ = ["Judge"]

# characters of parsed module source kept between files (some 12 MB of syntax trees), and
# the size of a module not kept once the next file is judged (halved from 600,000 / 60,000:
# the summed RSS of a cold run's process tree on the sdist corpus went from ~256 to ~238 MB,
# with no CPU difference measurable between the two on this machine)
PARSED_BUDGET = 300_000
LARGE_MODULE = 40_000

# roles whose endpoint is its own sink: a server call's default bind, a healthcheck probe
_SELF_EVIDENT = ("bind-default", "healthcheck", "advertised-listener")
# statements that name a function without calling it: an import (one line, or a
# parenthesised list) and the module's export list (`__all__ = [...]`, `__all__ += (...)`);
# and an alias after a name in an import (the function is called under the new name)
class _Parsed(dict):
    """rel -> its parsed module (None: it does not parse), and which of them the search of
    the current file has read (``touched``), so the budget can keep those many files read."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[str] = set()

    def __getitem__(self, rel: str) -> Any:
        self.touched.add(rel)
        return dict.__getitem__(self, rel)


class Judge:
    def __init__(self, knowledge: Any, runs: Any, source: Callable[[str], str | None]) -> None:
        self.knowledge = knowledge
        self.runs = runs
        self.source = source
        self._parsed: _Parsed = _Parsed()
        self._uses: dict[str, int] = {}  # module -> how many files' searches read it
        self._current: str | None = None  # the file whose candidates are being judged
        self._flows: dict[tuple[int, ...], Flow] = {}
        self._flows_by_modules: dict[tuple, Flow] = {}
        self._results: dict[tuple, FlowResult] = {}
        self._foreign: dict = {}  # see flow/foreign.py
        self._not_run: dict[int, frozenset[str]] = {}  # a service -> files it holds but does not run
        self.called = Called(knowledge, runs, source, lambda svc: self._flow([svc]))
        self._names: Any = None  # a TypoIndex of the layout's names, built on first use
        self._only: dict[int, frozenset[str] | None] = {}  # a service -> the sinks it alone dials
        self._loads: dict[int, list[str | None]] = {}  # a service -> namespaces its settings loads use
        self._written: dict[int, frozenset[str]] = {}  # a service -> see _options_write
        self._dotenv: dict[tuple, frozenset[str]] = {}  # (closure, roots) -> what its own .env sets
        self._dotenv_values: dict[tuple, dict[str, str]] = {}  # (closure, roots, placed) -> its own .env's values
        self._opaque_modules: dict[str, bool] = {}  # module -> libreaders.opaque of its text
        self._argv: dict[int, frozenset[str] | None] = {}  # service id -> see _argv_words
        self._composer_texts: dict[int, list[str]] = {}  # service id -> its modules writing an unfollowed composer
        self._guarded: dict[tuple[str, int], tuple[str, ...]] = {}  # (module, line) -> its guarded imports
        self._installed: dict[int, frozenset[str] | None] = {}  # service id -> what its image installs
        self._fallbacks: dict[tuple[str, int], list[tuple[str, ...]]] = {}  # (module, line) -> its handlers' imports
        self._sure: dict[int, frozenset[str]] = {}  # service id -> what its image surely installs
        self._project_names: dict[int, frozenset[str]] = {}  # service id -> names of its modules and packages
        self._own_urls: dict[int, tuple[tuple[str, ...], ...] | None] = {}  # service id -> see _servers_own_urls
        self._tool_runs: dict[int, bool] = {}  # service id -> see _runs_tools
        self._gate_envs: dict[int, dict[str, str | None] | None] = {}  # service id -> see _gate_env
        self._prefixes: dict[int, tuple[str, ...]] = {}  # service id -> see _setting_prefixes

    def _setting_prefixes(self, svc: Service) -> tuple[str, ...]:
        """The prefixes under which a configuration loader sets a setting from the environment:
        the library's own (``INVENIO_``) and those the code ``svc`` runs builds its loader with
        (``create_config_loader(env_prefix="APP")``: flow/loaderprefix.py)."""
        found = self._prefixes.get(id(svc))
        if found is None:
            t = self.knowledge.flow
            found = self._prefixes[id(svc)] = tuple(dict.fromkeys(
                t.setting_env_prefixes + loader_prefixes(self._flow([svc]), t.setting_env_prefix_loaders)))
        return found

    def _flow(self, services: Sequence[Service]) -> Flow:
        key = tuple(sorted(id(s) for s in services))
        flow = self._flows.get(key)
        if flow is None:
            rels: set[str] = set()
            mains: set[str] | None = set()
            for svc in services:
                rels.update(self.runs.modules_of(svc))
                r = self.runs.of(svc)
                closure = getattr(r, "closure", None) if r is not None and r.mode == CLOSURE else None
                mains = mains | closure.main if mains is not None and closure is not None else None
            words = "\n".join(sorted({self.called.view(svc)[0] for svc in services}))
            # services that run the same modules (a worker per queue, a variant of a project)
            # share one search and its answers: the cost does not grow with their number
            frozen = frozenset(rels)
            fkey = (frozen, frozenset(mains) if mains is not None else None, words)
            flow = self._flows_by_modules.get(fkey)
            if flow is None:
                flow = self._flows_by_modules[fkey] = Flow(self.knowledge, self.source, rels, self._parsed,
                                                           fkey[1], words)
            self._flows[key] = flow
        return flow

    def flow_of(self, rel: str, ep: Endpoint, services: Sequence[Service]) -> FlowResult:
        flow = self._flow(services)
        key = (rel, ep.span.line, ep.span.column, id(flow))
        hit = self._results.get(key)
        if hit is None:
            if rel != self._current:
                left, self._current = self._current, rel
                self._bound(left)
            if ep.default_call:  # a client given no address (its default)
                hit = self._results[key] = flow.of_default(rel, ep.span.line, ep.span.column)
            else:
                hit = self._results[key] = flow.of(rel, ep.span.line, ep.span.column)
        return hit

    def _bound(self, left: str | None) -> None:
        """Keep the parsed modules small: a syntax tree takes some 40 times its text in
        memory.  When the search moves on from the file ``left``, that file is forgotten if
        it is large (a big test module is seldom read again), then, while the rest hold more
        than ``PARSED_BUDGET`` characters, the modules the fewest files' searches have read
        (the newest first among equals); they are parsed again if a search needs them.
        Forgetting every large module and all of them past the budget, or the least
        recently used, had the modules that every search reads (settings, models, the
        plugins a registry names) parsed again for each file whenever together they exceed
        the budget: 15 times on a 300-file repository, a third of its run.  Only between
        searches: one search compares the nodes it holds by identity."""
        parsed, uses = self._parsed, self._uses
        for rel in parsed.touched:
            uses[rel] = uses.get(rel, 0) + 1
        parsed.touched.clear()
        gone = parsed.get(left) if left is not None else None
        if gone is not None and len(gone.text) > LARGE_MODULE:
            del parsed[left]
        total = sum(len(m.text) for m in parsed.values() if m is not None)
        if total <= PARSED_BUDGET:
            return
        order = list(parsed)  # the order they were parsed in
        age = {rel: i for i, rel in enumerate(order)}
        for rel in sorted(order, key=lambda r: (uses.get(r, 0), -age[r])):
            if total <= PARSED_BUDGET:
                break
            m = parsed.pop(rel)
            total -= len(m.text) if m is not None else 0

    def judge(self, rel: str, ep: Endpoint, services: Sequence[Service]) -> tuple[Endpoint, list[Service], dict[int, Evidence]]:
        """(the endpoint as dialled, the services that dial it, service id -> evidence)."""
        services = [s for s in services if not s.unbuildable]  # (see judge_value)
        if ep.role in _SELF_EVIDENT:
            if ep.role == "bind-default" and ep.context.startswith("default:"):
                services = [s for s in services if not self._host_from_env(ep.context[len("default:"):], s, rel)]
            ev = Evidence(ep.span, ep.context)
            return ep, list(services), {id(s): self._with_runs(ev, s, rel) for s in services}
        if ep.role == "bind":
            # a server's configuration file (gunicorn.conf.py `bind = ...`) that its start command
            # reads, unless a bind option of that command replaces the file's bind
            configured = [s for s in services if rel in s.server_configs and rel not in s.config_binds_replaced]
            if configured:
                ev = Evidence(ep.span, "server configuration")
                return ep, configured, {id(s): self._with_runs(ev, s, rel) for s in configured}
        own = self._form_evidence(ep)
        if own is not None and ep.role == "connect" and self._loopback_translation(rel, ep, services):
            # (`if host == "localhost": host = "host.docker.internal"`: the alias is handed on,
            # maybe to another service's containers: its way to a sink says who dials it)
            return self._by_flow(rel, ep, services)
        if own is not None and ep.role == "connect":
            held = self._held_default(rel, ep, services)
            if held is None:
                return ep, [], {}  # every settings field holding the model builds it giving this field
            if held:
                # the default of a model a settings class holds: dead where the service sets the
                # holding field's variables, as for an address found by its way to a sink
                ep = dataclasses.replace(ep, fallbacks=ep.fallbacks + tuple(v for v in held if v not in ep.fallbacks))
            ev = Evidence(ep.span, own)
            services = [s for s in services if not self._written_off(rel, ep, s)
                        and not self._unloaded_settings(rel, ep, s) and not self._unserved_handler(rel, ep, s)
                        and not self._handler_constant(rel, ep, s)
                        and not self._unread_field(rel, ep, s) and not self._default_passed(rel, ep, s)
                        and not self._browser_page(rel, ep, s) and not self._class_dotenv(rel, ep, s)]
            # a container that imports the application only for its configuration (Flower)
            # dials the sinks its program names and no other: the address's own form is no
            # evidence there, its way to one of those sinks is (a broker URL naming a service);
            # nor is it where every program only imports the code and runs none of its functions
            # (`celery beat` sends the tasks a worker runs: a provider's address in a registry the
            # tasks read is dialled in the worker, not there)
            monitors = [s for s in services if self._dials_only(s) is not None or self.called.executes_no_tasks(s)]
            watching = {id(s) for s in monitors}
            evidence = {id(s): self._with_runs(ev, s, rel) for s in services if id(s) not in watching}
            if monitors:
                evidence.update(self._by_flow(rel, ep, monitors)[2])
            kept = [s for s in services if id(s) in evidence]
            return ep, *self._where_dialled(rel, ep, kept, evidence)
        if ep.context == "hostport-free":
            return ep, [], {}  # a "word:123" that names no service: no address at all
        return self._by_flow(rel, ep, services)

    def _where_dialled(self, rel: str, ep: Endpoint, services: list[Service],
                       evidence: dict[int, Evidence]) -> tuple[list[Service], dict[int, Evidence]]:
        """``services`` (with their ``evidence``), which hold a module whose address is evidence
        by its form, narrowed to the containers that run its dial where the evidence search
        finds one: a settings value only the web server's request middleware posts to is not
        every worker's that imports the settings (each would be told to add ``extra_hosts``),
        and the dial is better evidence than the form.  Where no dial is found the form stands
        in every container, as before: the search does not see every way to a client."""
        if len(services) < 2 or not rel.endswith(".py"):
            return services, evidence
        _, dialling, dials = self._by_flow(rel, ep, services)
        if not dialling:
            return services, evidence
        return dialling, dials

    def _by_flow(self, rel: str, ep: Endpoint, services: Sequence[Service]) -> tuple[Endpoint, list[Service], dict[int, Evidence]]:
        """``judge`` for a candidate whose evidence is its way to a sink that ``services`` run."""
        fr = self.flow_of(rel, ep, services)
        if fr.overridden or fr.operator or not fr.sinks:
            return ep, [], {}
        kept: list[Service] = []
        evidence: dict[int, Evidence] = {}
        roles: set[str] = set()
        clients: set[str | None] = set()  # the schemes of the clients that dial it (sink_scheme)
        loopback = _loopback(self.knowledge, ep.host)
        for svc in services:
            if self._task_option_given(rel, ep, svc):
                continue  # (the task runner passes the option's value: the default never runs)
            if len(services) > 1 and self._default_passed(rel, ep, svc):
                # a parameter default every call this container may run passes: the search over
                # all the containers running the module also counts another's calls leaving it
                continue
            env = service_env(svc)
            sinks = [s for s in fr.sinks if (s.kind.startswith(("name ", "env:")) and s.span.path == rel
                     or self.runs.holds(svc, s.span.path)) and not (s.role == "probe" and loopback)
                     and s.runs_with(self._gate_env(svc), self._argv_words(svc)) and not _unset_only(self.knowledge, s, env)
                     and self._sink_runs(svc, s) and not self._env_first(s, env, svc=svc)
                     and self.called(svc, s)
                     and not _nested_key_set(s, env, self.knowledge.flow.nested_env_delimiters)
                     and not _prefixed_key_set(s, env, self._setting_prefixes(svc))
                     and not self._replaced_setting(svc, s) and not self._namespaced_first(svc, s)
                     and not self._option_set_default(svc, s)
                     and not (s.role == "bind" and self._host_from_env(s.kind.split("(", 1)[0], svc, s.span.path))
                     and not (s.kind.startswith("env:") and _web_url_for_host(tables(self.knowledge), s.kind[len("env:"):], ep))]
            modules = tuple(dict.fromkeys([rel] + [s.span.path for s in sinks]))
            # a port the f-string names by a constant (f"localhost:{Ports.QUEUE}") is no port the
            # code states where the container's start is not known: the image may run the server
            # that binds by the same name, as for a port computed at run time
            port = ep.port or (None if fr.port_written and self._start_unknown(svc) else fr.port)
            if not sinks or loopback and starts_listener(self._flow([svc]), self.knowledge, port, modules):
                continue  # (a server its own code starts listens on that port: the loopback is right)
            if loopback and self._served_here(svc, sinks, port):
                # its clients reach the server this container's own code binds there; the value
                # is still that server's bind where the same program hands it to the server too
                # (an in-process mock of an upstream API): judged as a bind (DW201), or not at all
                sinks = [s for s in sinks if s.role == "bind"]
                if not sinks:
                    continue
            if loopback and port is None and self._port_computed(rel, ep, fr) \
                    and all(s.role != "bind" for s in sinks) and binds_in(self._flow([svc]), self.knowledge, modules):
                continue  # its own server's port, read back at run time (flow/selfserve.py)
            if loopback and self._sibling_may_serve(svc, port):
                continue
            if any(v in self._app_dotenv(svc) for v in (ep.fallback_for, *fr.fallbacks) if v):
                continue  # a fallback of a variable the application's own .env sets (its sample says so)
            if self._class_dotenv(rel, ep, svc):
                continue  # a settings field's default, which the dotenv file its class names replaces
            if ep.fallback_for and self._written_first(svc, rel, ep, ep.fallback_for):
                continue  # the code writes the variable into its own environment before the read
            kept.append(svc)
            roles.update(s.role for s in sinks)
            clients.update(tables(self.knowledge).sink_scheme(s.kind) for s in sinks)
            best = sinks[0]
            evidence[id(svc)] = self._with_runs(Evidence(best.span, best.kind, best.flow), svc, rel)
        if not kept:
            return ep, [], {}
        roles = {"connect" if r == "probe" else r for r in roles}
        role = ep.role
        if role == "bind" and "bind" not in roles:
            role = "connect"  # 0.0.0.0 handed to a client: a connect target
        elif role == "connect" and roles == {"bind"}:
            role = "bind"
        fallbacks = tuple(v for v in fr.fallbacks if v and v != ep.fallback_for)
        if role != ep.role or fallbacks:
            ep = dataclasses.replace(ep, role=role, fallbacks=ep.fallbacks + fallbacks)
        ep = _client_scheme(ep, clients)
        if ep.port is None or ep.port_source == "scheme":
            named_only = fr.port_written and all(self._start_unknown(s) for s in kept)
            if fr.port is not None and not named_only and not (ep.port_source == "scheme" and "://" in (ep.text or "")
                                                               and not (fr.port_appended and _bare_origin(ep.text or ""))):
                # the code gives the port elsewhere: f"http://{host}:{port}", Client(host, port=...),
                # or right after a URL of scheme and host only: f"{URL}:{PORT}"
                ep = dataclasses.replace(ep, port=fr.port, port_source="flow", port_span=None)
            elif fr.port is None and fr.port_appended and ep.port_source == "scheme" and _bare_origin(ep.text or ""):
                # the code appends a port it learns at run time (f"{API_HOST}:{port}"): not the
                # scheme's default, and not one dockwise can name
                ep = dataclasses.replace(ep, port=None, port_source=None, port_span=None)
        return ep, kept, evidence

    def _replaced_setting(self, svc: Service, sink: Sink) -> bool:
        """The sink is a framework setting that the settings module ``svc`` loads, another
        module than the one writing it, binds again after its imports (``from .base import *``
        then ``CACHES["default"]["LOCATION"] = ...``: flow/settingsmodule.py); or the value
        reaches the sink as a project's own setting read through the framework
        (``Client(settings.SEARCH_URL)``) that the loaded module binds again so."""
        path = setting_path(sink.kind)
        writes = ([(sink.span.path, path)] if path is not None else []) \
            + [(src, (name,)) for src, name in sink.settings_reads]
        r = self.runs.of(svc) if writes else None
        # a mail host whose backend the loaded module sets again (rules/flow.yaml mail_hosts:
        # `from .base import *` then a console EMAIL_BACKEND) is not known to be dialled either
        backends = {host: entry[2] for host, entry in self.knowledge.flow.mail_host_table().items()}
        if r is not None and r.mode == FALLBACK:
            # which module is loaded is unknown: every module of the package must keep the
            # value, and, for a mail host, the backend that dials it
            return any(not self._kept_wherever_loaded(svc, src, keys)
                       or (len(keys) == 1 and keys[0] in backends
                           and not self._kept_wherever_loaded(svc, src, (backends[keys[0]],)))
                       for src, keys in writes)
        closure = getattr(r, "closure", None) if r is not None and r.mode == CLOSURE else None
        if closure is None:
            return False
        flow = self._flow([svc])
        # (the module the code's default names counts: a setting it replaces is not dialled)
        found = settings_modules(closure, self.knowledge.frameworks.settings_env, defaults=True)
        for src, keys in writes:
            loaded = [m for m in found if m != src]
            mods = [flow.module(m) for m in loaded]
            for replaced in (keys, (backends[keys[0]],) if len(keys) == 1 and keys[0] in backends else None):
                if replaced and loaded and all(
                        mod is not None and replaces_setting(mod, replaced, src, flow._resolve_module, flow.module)
                        for mod in mods):
                    return True
        return False

    def _kept_wherever_loaded(self, svc: Service, src: str, keys: tuple[str, ...]) -> bool:
        """For a container whose start command cannot be followed (judged on every file it
        holds): the setting ``keys`` that ``src`` writes is dialled whichever settings module
        it loads.  Its environment may name the module (``DJANGO_SETTINGS_MODULE``); else, where
        ``src`` is a module of a settings package (``settings/base.py``, ``settings/local.py``,
        ...), every module of that package must keep the value: the module named by a
        ``setdefault`` in the code is only a default, which the image's own environment (a
        ready-made image whose start script is not in the tree) may replace."""
        flow = self._flow([svc])
        env = service_env(svc) or {}
        named = [env.get(var) for var in self.knowledge.frameworks.settings_env]
        loaded = [rels[-1] for v in named if v for rels in [flow._resolve_module(v)] if rels]
        if loaded:
            return kept_by_every(src, keys, loaded, flow._resolve_module, flow.module)
        package = posixpath.dirname(src)
        if "settings" not in posixpath.basename(package):
            return True  # one settings module (settings.py): no other to load
        siblings = [m for m in self.runs.modules_of(svc) if posixpath.dirname(m) == package
                    and posixpath.basename(m) != "__init__.py"]
        return kept_by_every(src, keys, siblings, flow._resolve_module, flow.module)

    def _namespaced_first(self, svc: Service, sink: Sink) -> bool:
        """The sink is a Celery app's own setting (``Celery(broker=...)``, ``app.conf.broker_url
        = ...``) whose app loads the settings module with a namespace
        (``config_from_object("django.conf:settings", namespace="CELERY")``), and the settings
        module ``svc`` loads binds the namespaced name (``CELERY_BROKER_URL``): Celery looks
        that name up first, so the app's own value is never dialled (flow/namespaced.py)."""
        t = tables(self.knowledge)
        key = t.namespaced.get(sink.kind)
        if key is None:
            return False
        r = self.runs.of(svc)
        closure = getattr(r, "closure", None) if r is not None and r.mode == CLOSURE else None
        if closure is None:
            return False
        flow = self._flow([svc])
        mod = flow.module(sink.span.path)
        space = app_namespace(mod, sink.span.line, t.namespaced_sources) if mod is not None else None
        loaded = [flow.module(m) for m in settings_modules(closure, self.knowledge.frameworks.settings_env)]
        if space is not None:
            name = namespaced_name(space, key)
            return any(m is not None and binds_name(m, name, flow._resolve_module, flow.module) for m in loaded)
        path = setting_path(sink.kind)
        if path is None or len(path) != 1 or not loaded:
            return False
        # a setting of the settings module itself (its old name, ``BROKER_URL``): every app the
        # container runs that loads the settings does so with a namespace, and the loaded
        # settings bind the namespaced name, which Celery looks up first
        spaces = self._settings_loads(svc, closure, flow)
        names = {namespaced_name(s, key) for s in spaces if s is not None}
        if not spaces or None in spaces or path[0] in names:
            return False
        return all(any(m is not None and binds_name(m, n, flow._resolve_module, flow.module) for m in loaded)
                   for n in names)

    def _settings_loads(self, svc: Service, closure: Any, flow: Any) -> list[str | None]:
        """The namespaces of the loads of the framework's settings (``config_from_object``)
        in the modules ``svc``'s container runs (flow/namespaced.py ``module_loads``)."""
        key = id(svc)
        if key not in self._loads:
            sources = tables(self.knowledge).namespaced_sources
            out: list[str | None] = []
            for rel in closure.reached:
                mod = flow.module(rel)
                if mod is not None and "config_from_object" in mod.text:
                    out += module_loads(mod, sources)
            self._loads[key] = out
        return self._loads[key]

    def _sink_runs(self, svc: Service, sink: Sink) -> bool:
        """The line that dials runs in ``svc``'s container: a call in the ``if __name__ ==
        "__main__":`` block of a module the service imports (``gunicorn main:app``) never
        does, wherever the value it would receive is written (another module's field, the
        service's environment).  The literal's own line is asked the same before the search."""
        only = self._dials_only(svc)
        if only is not None and sink.kind not in only and sink.span.path not in self._beside_monitor(svc):
            return False  # a Celery monitor imports the app and dials its broker alone
        if self._import_fails(svc, sink.span.path, sink.span.line):
            return False  # after `try: from lib import Client` where the image installs no `lib`
        if self._fallback_dead(svc, sink.span.path, sink.span.line):
            return False  # in `except ImportError:` after `try: import lib` where the image installs `lib`
        return self.runs.runs_line(svc, sink.span.path, sink.span.line)

    def _import_fails(self, svc: Service, rel: str, line: int) -> bool:
        """Line ``line`` of ``rel`` follows an import in a ``try`` that catches ImportError, of a
        module no distribution ``svc``'s image installs provides (runs/installed.py)."""
        if not rel.endswith(".py"):
            return False
        key = (rel, line)
        mods = self._guarded.get(key)
        if mods is None:
            mod = self._flow([svc]).module(rel)
            mods = self._guarded[key] = guarded_modules(mod.tree, line) if mod is not None else ()
        if not mods:
            return False
        files = self.runs.files
        if files is None:
            return False
        if id(svc) not in self._installed:
            self._installed[id(svc)] = declared_distributions(svc, files, self.knowledge.frameworks)
        declared = self._installed[id(svc)]
        if declared is None:
            return False
        aliases = self.knowledge.frameworks.import_distributions
        for name in mods:
            top = name.split(".", 1)[0]
            if top in sys.stdlib_module_names or self._project_module(svc, top):
                continue
            if not any(provides(d, name, aliases) for d in declared):
                return True
        return False

    def _fallback_dead(self, svc: Service, rel: str, line: int) -> bool:
        """Line ``line`` of ``rel`` lies in an ``except ImportError:`` handler whose ``try`` imports
        only libraries ``svc``'s image surely installs (runs/installed.py surely_installed): none of
        them fails, and the handler never runs.  A module of the standard library (which may be
        missing from the interpreter's version) or of the project (which may import anything)
        keeps it judged."""
        if not rel.endswith(".py"):
            return False
        key = (rel, line)
        guards = self._fallbacks.get(key)
        if guards is None:
            mod = self._flow([svc]).module(rel)
            guards = self._fallbacks[key] = fallback_guards(mod.tree, line) if mod is not None else []
        if not any(guards):
            return False
        files = self.runs.files
        if files is None:
            return False
        if id(svc) not in self._sure:
            self._sure[id(svc)] = surely_installed(svc, files)
        sure = self._sure[id(svc)]
        aliases = self.knowledge.frameworks.import_distributions
        for mods in guards:
            if mods and all(name.split(".", 1)[0] not in sys.stdlib_module_names
                            and not self._project_module(svc, name.split(".", 1)[0])
                            and any(surely_provides(d, name, aliases) for d in sure) for name in mods):
                return True
        return False

    def _project_module(self, svc: Service, top: str) -> bool:
        """A directory or module of that name lies anywhere in the code ``svc`` holds, or its build context."""
        names = self._project_names.get(id(svc))
        if names is None:
            files = self.runs.files
            found: set[str] = set()
            tops = {r.source for r in svc.code} | ({svc.build_context} if svc.build_context is not None else set())
            for top_dir in tops:
                if files is None or not files.is_dir(top_dir):
                    continue
                for rel in files.python_below(top_dir, lambda _rel: False):
                    parts = rel.split("/")
                    found.update(parts[:-1])
                    found.add(parts[-1].rsplit(".", 1)[0])
            names = self._project_names[id(svc)] = frozenset(found)
        return top in names

    def _beside_monitor(self, svc: Service) -> frozenset[str]:
        """The modules a migration run beside a Celery monitor reaches (``ServiceRuns.beside_monitor``):
        their dials run in its container too."""
        r = self.runs.of(svc)
        return r.beside_monitor if r is not None and r.beside_monitor is not None else frozenset()

    def _dials_only(self, svc: Service) -> frozenset[str] | None:
        """Where every program ``svc``'s start command runs imports the project's application
        only for its configuration (``rules/commands.yaml`` ``dials_only``: Flower), the sinks
        they dial; None where some program runs the application's code."""
        key = id(svc)
        if key not in self._only:
            r = self.runs.of(svc)
            # (a migration run beside it, `alembic upgrade head`: its own modules are ServiceRuns.beside_monitor)
            vias = {e.via for e in r.entries if not (e.via or "").startswith("env:")
                    and not (r.beside_monitor is not None and quiet_config_entry(e, self.knowledge.frameworks))} \
                if r is not None else set()
            only = [self.knowledge.commands.dials_only(v) for v in vias if v]
            self._only[key] = frozenset(k for o in only for k in o) \
                if vias and len(only) == len(vias) and all(only) else None
        return self._only[key]

    def _env_first(self, sink: Sink, env: dict[str, str | None] | None, judged: str | None = None,
                   svc: Service | None = None) -> bool:
        """The sink's library reads a variable the service sets before the value the code
        gives it (``Celery(broker=...)`` under CELERY_BROKER_URL, ``rules/flow.yaml``
        env_first): the value is not dialled there, unless it is that variable's own value
        (``judged``, the variable a layout value is of).  So does one that the dotenv file the
        code ``svc`` runs loads into its process environment sets (``_app_dotenv``).  An
        unknown environment decides nothing."""
        if env is None:
            return False
        wanted = [var for var in tables(self.knowledge).env_first.get(sink.kind, ()) if var != judged]
        if any(env.get(var) is not None for var in wanted):
            return True
        return bool(wanted) and svc is not None and any(var in self._app_dotenv(svc) for var in wanted)

    def _written_off(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is written in a branch ``svc``'s environment turns off (``if
        os.getenv("RUNTIME") == "docker": return "http://host.docker.internal:7070"`` where
        RUNTIME is not "docker"): an address whose own form is the evidence is not used there."""
        env = service_env(svc)
        found = self._literal(rel, ep, svc) if env is not None else None
        if found is None:
            return False
        mod, node = found
        return any(g.holds(env) is False for g in branch_gates(tables(self.knowledge), mod, node))

    def alternatives(self, rel: str, ep: Endpoint, svc: Service,
                     others: Sequence[Endpoint]) -> tuple[int | None, list[tuple[Endpoint, int | None]]]:
        """The endpoints of ``others`` written as the other elements of the list, tuple or set
        display that holds ``ep``'s literal beside at least one more string literal
        (``[url_from_env, "http://127.0.0.1:15000", "http://engine:15000"]``): candidates of one
        target a program tries in turn; or as the hosts of the other ``(host, port)`` pairs of a
        display of such pairs (``[("127.0.0.1", 6379), ("cache", 6379)]``, each pair's port
        its second element).  ``(ep's port, [(other, its port)])``; no others where ``ep`` is
        written elsewhere."""
        found = self._literal(rel, ep, svc)
        if found is None:
            return ep.port, []
        mod, node = found
        display = mod.parent(node)
        pair_port = _pair_port(display, node)
        if pair_port is not None:
            outer = mod.parent(display)
            if not isinstance(outer, (ast.List, ast.Tuple, ast.Set)):
                return ep.port, []
            ports = {id(e.elts[0]): _pair_port(e, e.elts[0]) for e in outer.elts if e is not display
                     and isinstance(e, ast.Tuple) and e.elts and _pair_port(e, e.elts[0]) is not None}
            if not ports:
                return ep.port, []
            return ep.port if ep.port is not None else pair_port, [
                (o, o.port if o.port is not None else ports[id(hit)]) for o in others
                if o is not ep and o.span.path == ep.span.path
                and id(hit := mod.string_at(o.span.line, o.span.column)) in ports]
        if isinstance(display, ast.Call):
            display = appended_to(mod, node) or display  # the appended literal itself
        if not isinstance(display, (ast.List, ast.Tuple, ast.Set)):
            return ep.port, []
        # (`tried = ["http://store:9000"]` then `tried.append("http://localhost:9285")`, tried in
        # turn: the appended literals are elements too, flow/appended.py)
        # (an append in a branch this service's environment turns off adds nothing here)
        genv = self._gate_env(svc)
        t = tables(self.knowledge)
        elements = [*display.elts, *(a for a in appended_candidates(mod, display)
                                     if not any(g.holds(genv) is False for g in branch_gates(t, mod, a)))]
        if sum(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elements) < 2:
            return ep.port, []
        elts = {id(e) for e in elements if e is not node}
        return ep.port, [(o, o.port) for o in others if o is not ep and o.span.path == ep.span.path
                         and id(mod.string_at(o.span.line, o.span.column)) in elts]

    def _loopback_translation(self, rel: str, ep: Endpoint, services: Sequence[Service]) -> bool:
        """The literal is the replacement a branch taken for a loopback value gives
        (flow/translated.py): a Docker host alias whose form says a container dials it, not
        which one."""
        if not services:
            return False
        found = self._literal(rel, ep, services[0])
        return found is not None and translates_loopback(*found, lambda h: _loopback(self.knowledge, h))

    def _literal(self, rel: str, ep: Endpoint, svc: Service) -> tuple[Any, Any] | None:
        """The module ``rel`` as ``svc``'s search parsed it, and the string node of ``ep`` in it."""
        if not rel.endswith(".py"):
            return None
        mod = self._flow([svc]).module(rel)
        node = mod.string_at(ep.span.line, ep.span.column) if mod is not None else None
        return (mod, node) if mod is not None and node is not None else None

    def _unloaded_settings(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is a field of a class of plain settings (``class DevConfig: DB_URI =
        "...@host.docker.internal/dev"``) that nothing ``svc`` runs names, nor its environment:
        the app loads another config object by name there (``from_object(os.environ["CFG"])``
        with ``CFG=config.ProdConfig``), so the field is never read, whatever its address says.
        Sinks are held back so already (``Sink.holder``); this is the same test for an address
        whose own form is the evidence."""
        found = self._literal(rel, ep, svc)
        if found is None:
            return False
        name = plain_settings_class(*found)
        if name is not None:
            return not self.called(svc, Sink(ep.span, "form", holder=name))
        # a class with methods whose lineage lies wholly in its module: loaded, or built, only
        # where something names it (as for its settings fields' sinks, evidence._built_by_name)
        closed = closed_class(*found, body=True, inert=tables(self.knowledge).inert_bases)
        return closed is not None and not self.called(svc, Sink(ep.span, "form", method_of=closed))

    def _task_option_given(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is the default of a parameter of a task runner's task (``@task def
        serve(c, host="127.0.0.1")`` of invoke: its parameters are the task's options), and
        every command ``svc``'s start runs that starts Python is that runner given the
        parameter's long option with a value of its own (``invoke dev.serve --host 0.0.0.0``):
        the runner passes that value, the default never runs there."""
        found = self._literal(rel, ep, svc)
        if found is None or svc.command is None:
            return False
        mod, node = found
        args = mod.parent(node)
        func = mod.parent(args) if isinstance(args, ast.arguments) else None
        name = param_of_default(args, node) if isinstance(args, ast.arguments) else None
        if name is None or not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        decorators = {mod.qname(d.func if isinstance(d, ast.Call) else d) or "" for d in func.decorator_list}
        runners = [t for t in self.knowledge.frameworks.task_runners if decorators & set(t.task_decorators)]
        if not runners:
            return False
        programs = {p for t in runners for p in t.programs}
        flag = "--" + name.strip("_").replace("_", "-")
        info = analyze_command(svc.command, self.knowledge, env=svc.environment)
        spec = self.knowledge.commands
        ran = False
        for argv in info.argvs:
            program = posixpath.basename(argv[0]) if argv else ""
            if program in programs:
                if not gives_option(argv[1:], {flag}):
                    return False
                ran = True
            elif program and spec.starts_python(program):
                return False  # (another Python program: it may call the task's function itself)
        return ran

    def _default_passed(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is the default of a function's parameter that every call ``svc`` may
        run passes (``def __init__(self, host="host.docker.internal")`` built only as
        ``Pipeline(host=args.host)``): the default never runs there, whatever its form says;
        the value the calls give is judged where it is written."""
        found = self._literal(rel, ep, svc)
        if found is None or not isinstance(found[0].parent(found[1]), ast.arguments):
            return False
        return self.flow_of(rel, ep, [svc]).overridden or self._stored_unread(found[0], found[1], svc)

    def _stored_unread(self, mod: Any, node: ast.AST, svc: Service) -> bool:
        """The literal is the default of a method's parameter whose every use is a store into
        an attribute of ``self`` (``def __init__(self, host="host.docker.internal"): self._host
        = host``) that nothing ``svc`` runs reads: no ``self.<attr>`` in the class, a class that
        names it as a base, or a class it derives from; no ``<obj>.<attr>`` of another object
        (``engine._host``); no read of an object's attributes whole (``vars``, ``__dict__``,
        ``getattr`` with a computed name).  ``self._host`` read in an unrelated class is that
        object's attribute.  The value is kept and never used, whatever its form says."""
        args = mod.parent(node)
        func = mod.parent(args)
        name = param_of_default(args, node) if isinstance(args, ast.arguments) else None
        cls = mod.class_of(func) if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if name is None or cls is None or mod.parent(cls) is not mod.tree:
            return False
        attrs: set[str] = set()
        for load in mod.loads_in(func, name):
            store = mod.parent(load)
            if not (isinstance(store, ast.Assign) and store.value is load and all(
                    isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
                    for t in store.targets)):
                return False  # used otherwise: the flow decides
            attrs.update(t.attr for t in store.targets if isinstance(t, ast.Attribute))
        if not attrs:
            return False
        lineage = {cls.name, *(b for b in map(final_name, cls.bases) if b)}
        flow = self._flow([svc])
        for rel in self.runs.modules_of(svc):
            text = flow.source(rel) or ""
            if not any(a in text for a in attrs):
                continue
            other = flow.module(rel)
            if other is None or ATTRIBUTE_READS_WHOLE.search(text) \
                    or any(f'"{a}"' in text or f"'{a}'" in text for a in attrs):
                return False  # (``getattr(obj, "_host")`` reads it by name)
            for attr in attrs:
                for load in other.attr_loads(attr):
                    if not (isinstance(load.value, ast.Name) and load.value.id == "self"):
                        return False  # another object's attribute of that name: maybe this one
                    owner = other.class_of(load)
                    if owner is None or owner.name in lineage or cls.name in map(final_name, owner.bases):
                        return False
        return True

    def _held_default(self, rel: str, ep: Endpoint, services: Sequence[Service]) -> tuple[str, ...] | None:
        """For a literal that is the default of a field of a plain model which settings classes
        hold (``class Store(BaseModel): url: str = "mongodb://..."`` held as ``store: Store =
        Store()``, flow/nestedsettings.py): the variables that replace it there (``STORE``,
        ``STORE__URL``), where one holder leaves it to the class; None where every holder builds
        the model giving the field (the default is never its value); empty otherwise.  The
        same rule the search applies to a default it follows to a sink."""
        if not rel.endswith(".py") or not services:
            return ()
        flow = self._flow(services)
        mod = flow.module(rel)
        node = mod.string_at(ep.span.line, ep.span.column) if mod is not None else None
        stmt = mod.parent(node) if mod is not None and node is not None else None
        if mod is None or not (isinstance(stmt, ast.AnnAssign) and stmt.value is node and isinstance(stmt.target, ast.Name)):
            return ()
        cls = mod.parent(stmt)
        if not isinstance(cls, ast.ClassDef) or settings_class(mod, cls):
            return ()
        nested = holders(flow, mod, cls, stmt.target.id)
        live = [h for h in nested if not h.gives]
        if nested and not live:
            return None
        return live[0].variables if len(live) == 1 else ()

    def _unread_field(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is the value of a field of a plain options class (its default in the
        class body, or the keyword giving it where the class is built) that nothing ``svc``
        runs reads (flow/unread.py ``field_unread``): an address kept in a setting no code
        uses is dialled nowhere, whatever its form says."""
        found = self._literal(rel, ep, svc)
        hit = field_of_literal(*found, self._is_env_read) if found is not None else None
        return hit is not None and self.called.field_unread(svc, rel, *hit)

    def _browser_page(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is the page a remote browser is told to open (``driver.get("http://web:8000/")``
        with ``driver = webdriver.Remote(...)``, flow/browserpage.py): the browser's container
        dials it, not ``svc``'s, whatever its form says."""
        flow = self.knowledge.flow
        found = self._literal(rel, ep, svc) if flow.remote_browsers else None
        return found is not None and opened_by_remote_browser(*found, flow.remote_browsers, flow.browser_navigations)

    # -- values of the layout (Compose environment, env files, Dockerfile ENV, commands) ----
    def _unserved_handler(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is written in a route handler (``@app.route(...)``) of a module that
        ``svc`` only imports, in a container where no server receives requests (a consumer
        importing the web app's models): its body never runs there (flow/handlers.py).  Sinks
        are held back so already (``Sink.handler``); this is the same test for an address
        whose own form is the evidence."""
        found = self._literal(rel, ep, svc)
        name = route_handler(tables(self.knowledge), *found) if found is not None else None
        return name is not None and (self.called.serves_no_requests(svc, name)
                                     or self.called.route_unmounted(svc, rel, name))

    def _handler_constant(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is a module constant (``PROXY_UPSTREAM = "reports:8080"`` in the settings)
        that the code ``svc`` runs reads only in request handlers, and no server there receives
        their requests (flow/handlerreads.py): the web server's container dials it, not a worker
        that imports the settings."""
        found = self._literal(rel, ep, svc)
        name = module_constant(*found) if found is not None else None
        return name is not None and self.called.read_by_idle_handlers(svc, rel, name)

    def judge_value(self, ep: Endpoint, services: Sequence[Service]) -> tuple[Endpoint, list[Service], dict[int, Evidence]]:
        """The same for a value written in the layout: evidence is the value's own form (a
        strong name, a client-scheme URL, a Docker host alias, a service of the layout), a
        program that dials it (a wait-for probe in a start command), or the code the service
        runs reading the variable and dialling it."""
        # a service Compose cannot build (its Dockerfile is not in the tree) runs nothing, nor
        # does one whose command only idles (`tail -f /dev/null`): neither its image's program
        # nor anything else reads its environment
        services = [s for s in services if not s.unbuildable and not _idles(self.knowledge, s)]
        if ep.role in _SELF_EVIDENT or not services:
            return ep, list(services), {id(s): Evidence(ep.span, ep.context) for s in services}
        ep = self._unread_sibling_port(ep, services)
        own = self._own_evidence(ep, services)
        name = _variable(ep.context)
        if own is not None:
            if name and not ep.context.startswith(("probe:", "wait:")) and ep.role == "connect":
                # a database, cache or broker image given the project's shared settings
                # (`env_file: .env`) reads none of them as an address: only its own; and where
                # the code a service runs reads the variable, its uses decide, not the name
                shared = len(services) > 1
                # its host names a service, and neither its name nor its scheme says it is dialled
                # (or its host names a service and its scheme is a client's, `tcp://dind:2375`: no
                # more than either alone)
                unformed = self._unformed_evidence(ep, services) if own == self._form_evidence(ep) else None
                form_only = own == self._form_evidence(ep) and (unformed is None or _scheme_evidence(unformed))
                # or only its scheme says so, under a name that is not a strong one
                # (`storeConn: mysql://...`): a value only the container's own files may read, as above
                form_only = form_only or _scheme_evidence(own)
                services = [s for s in services if not self._server_only(s, name) and not self._own_url(s, name)
                            and not self._unused(s, name)
                            and not self._unnamed(s, name, shared) and not self._prefixed_out(s, name)
                            and not self._renders_only(s) and not self._read_nowhere(s, name)
                            and not self._tools_only(s, name, shared)
                            and not self._overridden(s, name) and not self._option_replaced(s, name)
                            and not (form_only and self._weak_unread(s, name))
                            and not (shared and self._left_shared_value(s, name))]
            return ep, list(services), {id(s): Evidence(ep.span, own) for s in services}
        kept: list[Service] = []
        evidence: dict[int, Evidence] = {}
        roles: set[str] = set()
        clients: set[str | None] = set()  # the schemes of the clients that dial it (sink_scheme)
        for svc in services:
            ev = None
            if name and self._option_replaced(svc, name):
                continue
            if name:
                fr = self._env_flow(svc, name)
                env = service_env(svc)
                sinks = [s for s in fr.sinks if s.runs_with(self._gate_env(svc), self._argv_words(svc)) and self._sink_runs(svc, s)
                         and not self._env_first(s, env, name, svc) and self.called(svc, s)]
                if sinks and _loopback(self.knowledge, ep.host) and starts_listener(
                        self._flow([svc]), self.knowledge, ep.port or fr.port,
                        tuple(dict.fromkeys(s.span.path for s in sinks))):
                    continue  # (a server the code starts as a child process listens there)
                if sinks and _loopback(self.knowledge, ep.host) and self._served_here(svc, sinks, ep.port or fr.port):
                    # (a server the code binds listens there: its clients reach it; what the
                    # variable also binds is judged as a bind)
                    sinks = [s for s in sinks if s.role == "bind"]
                    if not sinks:
                        continue
                if sinks:
                    best = sinks[0]
                    roles.update("connect" if s.role == "probe" else s.role for s in sinks)
                    clients.update(tables(self.knowledge).sink_scheme(s.kind) for s in sinks)
                    ev = self._with_runs(Evidence(best.span, best.kind, best.flow), svc, best.span.path)
                    if ep.port is None and fr.port is not None:
                        # the code dials the variable with a port it gives itself (a sibling
                        # "PORT" setting, Client(host=os.environ["X"], port=6379))
                        ep = dataclasses.replace(ep, port=fr.port, port_source="flow", port_span=None)
                elif _image_dials(self.knowledge, svc, name) and not self._overridden(svc, name):
                    roles.add("connect")
                    clients.add(None)  # (which protocol the image speaks there is not known)
                    ev = Evidence(ep.span, f"the {svc.run_image} image reads {name} as an address")
            if ev is not None:
                kept.append(svc)
                evidence[id(svc)] = ev
        if ep.role == "connect" and roles == {"bind"}:
            # the code hands the variable only to servers (`uvicorn.run(host=os.environ["X"])`):
            # a listen address whatever its name says, judged as a bind (DW201), not dialled
            ep = dataclasses.replace(ep, role="bind")
        return _client_scheme(ep, clients), kept, evidence

    def _unread_sibling_port(self, ep: Endpoint, services: Sequence[Service]) -> Endpoint:
        """``DB_HOST=db`` beside ``DB_PORT=5433``: the port belongs to the host only where
        something in the container reads ``DB_PORT``.  Where, for every service, the files it
        holds name the host's variable and never the port's (a client given only the host
        dials its default port), and neither its start command nor its image reads it, the
        port written beside the host is dialled nowhere: the host is judged without it.  A
        service given the pair by a shared env file whose files name neither variable, nor the
        prefix they share (a frontend handed the backend's `.env`), reads neither: it has no say,
        where another service reads the host alone."""
        name = _variable(ep.context)
        span = ep.port_span
        if name is None or ep.port_source != "argument" or span is None or self.runs.files is None:
            return ep
        reads_host = False
        for svc in services:
            var = next((v for v in map(svc.env, sibling_port_names(name)) if v is not None), None)
            if var is None or var.value is None \
                    or not any(p.path == span.path and p.line == span.line for p in var.value.pieces):
                return ep  # the port was given another way
            if self._port_unread(svc, name, var.name):
                reads_host = True
            elif not self._pair_unread(svc, name, var.name):
                return ep
        if not reads_host:
            return ep
        return dataclasses.replace(ep, port=None, port_source=None, port_span=None)

    def _pair_unread(self, svc: Service, host_var: str, port_var: str) -> bool:
        """Nothing ``svc``'s container holds names ``host_var``, ``port_var`` or the prefix
        they share (``REDIS_TS_`` of REDIS_TS_HOST and REDIS_TS_PORT: a settings class with
        that ``env_prefix`` reads both unnamed), its start command names none of them, and its
        image reads neither: the pair, handed to it by a shared env file, is read elsewhere.  So
        does a container of a well-known server image that reads neither (``_server_only``)."""
        if self._server_only(svc, host_var) and self._server_only(svc, port_var):
            return True  # (a database image handed the stack's .env reads only its own variables)
        prefix = posixpath.commonprefix([host_var, port_var])
        prefix = prefix[:prefix.rfind("_") + 1]
        if not prefix.strip("_") or not self._port_unread(svc, host_var, port_var, host_named=False) \
                or _image_dials(self.knowledge, svc, host_var):
            return False
        if any(prefix.lower() in w.lower() for w in _command_words(svc)):
            return False
        roots = tuple(sorted({root.source for root in svc.code}))
        return never_named(self.runs.files, roots, prefix, self._foreign, any_case=True, skip=self._not_run_by(svc))

    def _port_unread(self, svc: Service, host_var: str, port_var: str, *, host_named: bool = True) -> bool:
        """Nothing in ``svc``'s container reads ``port_var``, and (``host_named``) its files
        name ``host_var``; without ``host_named``: they name neither."""
        if not svc.code or _image_dials(self.knowledge, svc, port_var):
            return False
        if any(port_var.lower() in w.lower() for w in _command_words(svc)):
            return False
        # the host's variable named by its whole name: the code reads variables one by one
        # (a settings class with an ``env_prefix`` names neither, and is not judged here).
        # The layout's own files are no reader: a container holding the whole tree (`.:/app`)
        # holds the Compose file that interpolates the port to publish it
        # (`"${CACHE_PORT:-6380}:6379"`), the `.env` that sets it and its committed twin
        # (`.env.example`); Compose and the operator read those, not the container's program
        roots = tuple(sorted({root.source for root in svc.code}))
        files = self.runs.files
        skip = self._not_run_by(svc)
        return never_named(files, roots, host_var, self._foreign, any_case=True, skip=skip) != host_named \
            and never_named(files, roots, port_var, self._foreign, any_case=True, skip=skip)

    def _server_only(self, svc: Service, name: str) -> bool:
        """A container of a well-known server image (``rules/images.yaml``; for a built service,
        the image its Dockerfile's final stage starts FROM: ``FROM solr:9`` with a schema added)
        that runs none of the project's Python and whose image is not known to read ``name`` as
        an address.
        An image that fills its configuration from templates (nginx's ``/etc/nginx/templates``,
        ``env_templates``) substitutes only the variables a template names: where the files the
        service is given (mounted or copied from the tree) and its start command never name
        ``name``, it reads none of it either."""
        r = self.runs.of(svc)
        entry = self.knowledge.image_entry(svc.run_image)
        if r is None or r.mode != "none" or entry is None or _image_dials(self.knowledge, svc, name):
            return False
        return not entry.env_templates or self._templates_unnamed(svc, name)

    def _own_url(self, svc: Service, name: str) -> bool:
        """Every program ``svc``'s start command runs is a server that reads ``name`` as its
        own public address (``rules/commands.yaml`` own_url_env: the API URL Prefect's server
        hands to its UI's browsers), and the command runs no script we cannot read: nothing
        there dials the value."""
        key = id(svc)
        if key not in self._own_urls:  # its command analysed once, not once per variable
            self._own_urls[key] = self._servers_own_urls(svc)
        urls = self._own_urls[key]
        return urls is not None and all(glob_match(name, own) for own in urls)

    def _servers_own_urls(self, svc: Service) -> tuple[tuple[str, ...], ...] | None:
        """The own_url_env of each server ``svc``'s start command runs, where it runs servers
        alone (no script we cannot read, no Python target, no other program); else None."""
        if svc.command is None:
            return None
        info = analyze_command(svc.command.tokens, self.knowledge, working_dir=svc.command.working_dir,
                               env=svc.environment)
        if info.shell_scripts or info.python_targets or not info.servers or len(info.servers) != len(info.programs):
            return None
        specs = [self.knowledge.commands.server_named(s.name) for s in info.servers]
        return tuple(spec.own_url_env if spec is not None else () for spec in specs)

    def _templates_unnamed(self, svc: Service, name: str) -> bool:
        """No file of the tree that ``svc``'s container is given, nor its start command or
        healthcheck, names ``name``: a template it fills cannot be reading it.  A container
        given no file of the tree (its templates are baked into the image, or mounted from
        outside the tree) may read any variable."""
        if not svc.code or self.runs.files is None:
            return False
        words = _command_words(svc)
        if any(name in w for w in words):
            return False
        roots = tuple(sorted({root.source for root in self._template_roots(svc, words)}))
        return bool(roots) and never_named(self.runs.files, roots, name, self._foreign)

    def _template_roots(self, svc: Service, words: Sequence[str]) -> list[CodeRoot]:
        """The files ``svc`` is given that may be templates its image fills.  Where the image
        reads its templates from known directories (``template_dirs``: nginx's
        ``/etc/nginx/templates``), a path the tree does not hold, mounted elsewhere (a
        certificate or a key made at install time, ``./nginx/ssl/server.crt`` at
        ``/etc/nginx/certs``), is none: neither the image nor a start command that never names
        its target reads variables from it.  A directory the service's environment names
        (``NGINX_ENVSUBST_TEMPLATE_DIR=/srv/tpl``) is taken to be one too."""
        entry = self.knowledge.image_entry(svc.run_image)
        files = self.runs.files
        if entry is None or not entry.template_dirs or files is None:
            return list(svc.code)
        dirs = [*entry.template_dirs, *(posixpath.normpath(v.value.value) for v in svc.environment
                                       if v.value is not None and v.value.value.startswith("/"))]
        out = []
        for root in svc.code:
            target = posixpath.normpath(root.target) if root.target else None
            if target is None or files.is_file(root.source) or files.is_dir(root.source) \
                    or any(target == d or target.startswith(d.rstrip("/") + "/") or d.startswith(target + "/")
                           for d in dirs) or any(target in w for w in words):
                out.append(root)
        return out

    def _start_unknown(self, svc: Service) -> bool:
        """``svc``'s start command is not known: it is judged on every file it holds."""
        r = self.runs.of(svc)
        return r is not None and r.mode == FALLBACK

    def _port_computed(self, rel: str, ep: Endpoint, fr: FlowResult) -> bool:
        """The address is given a port the code computes: appended after it (``f"{HOST}:{port}"``)
        or written right after the host in the same f-string (``f"127.0.0.1:{engine.port}"``):
        not an address that states none."""
        if fr.port_appended:
            return True
        text = self.runs.files.text(rel) if self.runs.files is not None else None
        n = ep.span.line
        lines = text.split("\n", n) if text and n > 0 else []  # (only the lines up to the address's)
        line = lines[n - 1] if len(lines) >= n > 0 else ""
        return n == ep.span.end_line and line[ep.span.end_column - 1:].startswith(":{")

    def _served_here(self, svc: Service, sinks: Sequence[Sink], port: int | None) -> bool:
        """Some of the sinks dial a loopback ``port`` on which a server that the code ``svc``
        runs binds listens (``flow/selfserve.py``): a client reaches it there.  Sinks that only
        bind are no client of it: their value is a listen address, judged as such."""
        return any(s.role != "bind" for s in sinks) and serves_port(self._flow([svc]), self.knowledge, port, _env_names(svc),
                                                                  _env_values(svc))

    def code_serves(self, svc: Service, port: int) -> bool:
        """The Python ``svc`` runs binds a server on ``port`` (``flow/selfserve.py``): asked by
        checks/dw101.py of a service that declares no such port, before it sends a client to
        the Docker host."""
        if svc.unbuildable:
            return False
        return serves_port(self._flow([svc]), self.knowledge, port, _env_names(svc), _env_values(svc))

    def dials_own_port(self, svc: Service, port: int) -> bool:
        """The Python ``svc`` runs dials ``port`` at loopback (``flow/selfserve.py``): asked by
        checks/dw201.py of a server that container binds at loopback."""
        return dials_port(self._flow([svc]), self.knowledge, port, _env_names(svc), _env_values(svc))

    def sets_bind_setting(self, svc: Service, name: str) -> bool:
        """A module ``svc`` runs binds the setting ``name`` to an address that is not loopback
        (``flow/settingbind.py``): asked by checks/dw201.py of a server whose subcommand reads
        its address from that setting."""
        return sets_bind(self.runs.modules_of(svc), self.source, name, self.knowledge)

    def dials_bound_port(self, svc: Service, ep: Endpoint) -> tuple[int, ...] | None:
        """The Python ``svc`` runs dials, at loopback, the imported name that a server binding
        loopback at ``ep`` takes its port from: the ports that name may hold (empty where
        unknown), or None where nothing dials it (``flow/selfserve.py``): asked by
        checks/dw201.py of a bind whose port the file alone does not say."""
        return dials_bound_port(self._flow([svc]), self.knowledge, ep.span.path, ep.span.line,
                                _env_names(svc), _env_values(svc))

    def _app_dotenv(self, svc: Service) -> frozenset[str]:
        """The variables that the dotenv file the code ``svc`` runs loads itself sets, as its
        committed sample says where the file is not in the tree (``flow/appdotenv.py``)."""
        r = self.runs.of(svc)
        files = self.runs.files
        if r is None or r.closure is None or r.mode != CLOSURE or files is None:
            return frozenset()
        roots, placed = _code_roots(svc.code, files.is_dir)
        chosen = self._chosen_words(svc)
        key = (id(r.closure), roots, tuple(sorted(placed.items())), chosen)
        hit = self._dotenv.get(key)
        if hit is None:
            texts = ((rel, text) for rel in r.modules if (text := files.text(rel)) is not None)
            interpolated: dict[str, frozenset[str]] = {}
            for p in self.runs.layout.projects:
                if p.interpolated:
                    interpolated[p.dir] = interpolated.get(p.dir, frozenset()) | p.interpolated
            hit = self._dotenv[key] = loaded_dotenv_names(texts, roots, self.knowledge, files.listdir, files.text, placed,
                                                          chosen, interpolated)
        return hit

    def _class_dotenv(self, rel: str, ep: Endpoint, svc: Service) -> bool:
        """The literal is the default of a field of a pydantic settings class that names a dotenv
        file of its own (``model_config = SettingsConfigDict(env_file=".env")``), and that file,
        as the code ``svc`` runs holds it (not a committed sample), sets the field's variable:
        pydantic-settings fills the field from the file before its default, which never runs
        there (``flow/appdotenv.py`` class_dotenv_names).  Only the class's own fields: the file
        does not reach the process environment, so an ``os.getenv`` default stays."""
        variables = {v.upper() for v in (ep.fallback_for, *ep.fallbacks) if v}
        files = self.runs.files
        r = self.runs.of(svc)
        if not variables or files is None or r is None or r.closure is None or r.mode != CLOSURE:
            return False
        found = self._literal(rel, ep, svc)
        if found is None:
            return False
        mod, node = found
        field = node
        while field is not None and not isinstance(mod.parent(field), ast.ClassDef):
            field = mod.parent(field)
        cls = mod.parent(field) if field is not None else None
        if not isinstance(field, (ast.Assign, ast.AnnAssign)) or not isinstance(cls, ast.ClassDef) \
                or not settings_class(mod, cls):
            return False
        wanted = class_dotenv_files(cls)
        if not wanted:
            return False
        roots, placed = _code_roots(svc.code, files.is_dir)
        names = class_dotenv_names(rel, wanted, roots, self.knowledge, files.listdir, files.text, placed)
        return bool(variables & names)

    def _gate_env(self, svc: Service) -> dict[str, str | None] | None:
        """``svc``'s environment for judging branches (``gate_env``), with the values that the
        dotenv file its code loads itself gives the variables the service leaves unset, where
        that file is in the tree (``flow/appdotenv.py`` loaded_dotenv_values): django-environ's
        ``read_env()`` and python-dotenv's ``load_dotenv()`` put them in the process's
        environment without replacing what Compose set.  An environment only partly known (an
        env_file not in the tree, which may set them too) takes none."""
        if id(svc) in self._gate_envs:  # (asked once per sink: built once per service)
            return self._gate_envs[id(svc)]
        env = gate_env(svc)
        if env is not None and not isinstance(env, PartialEnv):
            extra = {k: v for k, v in self._app_dotenv_values(svc).items() if k not in env}
            env = {**env, **extra} if extra else env
        self._gate_envs[id(svc)] = env
        return env

    def _app_dotenv_values(self, svc: Service) -> dict[str, str]:
        """The values the dotenv files that the code ``svc`` runs loads itself give, where those
        files are in the tree (``flow/appdotenv.py`` loaded_dotenv_values)."""
        r = self.runs.of(svc)
        files = self.runs.files
        if r is None or r.closure is None or r.mode != CLOSURE or files is None:
            return {}
        roots, placed = _code_roots(svc.code, files.is_dir)
        key = ("values", id(r.closure), roots, tuple(sorted(placed.items())))
        hit = self._dotenv_values.get(key)
        if hit is None:
            texts = ((rel, text) for rel in r.modules if (text := files.text(rel)) is not None)
            hit = self._dotenv_values[key] = loaded_dotenv_values(texts, roots, self.knowledge, files.listdir,
                                                                  files.text, placed)
        return hit

    def _chosen_words(self, svc: Service) -> frozenset[str] | None:
        """The words that may complete a dotenv name the code builds at run time
        (``flow/appdotenv.py``): each word of the start command (and the value of an
        ``--option=value`` word), and each value of the service's environment; None where the
        start command is not read whole."""
        argv = self._argv_words(svc)
        if argv is None:
            return None
        words = set(argv) | {w.split("=", 1)[1] for w in argv if w.startswith("-") and "=" in w}
        words |= {v.value.value for v in svc.environment if v.value is not None}
        return frozenset(words)

    def _tools_only(self, svc: Service, name: str, shared: bool) -> bool:
        """A container whose start command runs only file and fetch tools (``runs_tools_only``:
        a `curlimages/curl` one-shot's `sh -c` script), given ``name`` by an env_file that
        other services load too (the stack's settings), whose command never names it: nothing
        there reads it.  A value its own ``environment:`` sets was written for it, and stays
        judged."""
        r = self.runs.of(svc)
        var = svc.env(name)
        if not shared or r is None or r.mode != "none" or svc.command is None or var is None \
                or var.origin != "env_file" or any(name in w for w in _command_words(svc)):
            return False
        key = id(svc)
        if key not in self._tool_runs:  # its command analysed once, not once per variable
            self._tool_runs[key] = self._runs_tools(svc)
        return self._tool_runs[key]

    def _runs_tools(self, svc: Service) -> bool:
        """``svc``'s start command runs only file tools, fetch tools and shells: no script of
        its own, Python or server, which may read any variable."""
        if svc.command is None:
            return False
        info = analyze_command(svc.command.tokens, self.knowledge, working_dir=svc.command.working_dir,
                               env=svc.environment)
        if info.shell_scripts or info.python_targets or info.servers:
            return False
        return runs_tools_only(info.argvs, self.knowledge)

    def _renders_only(self, svc: Service) -> bool:
        """``svc``'s container only fills templates from its environment (``j2``,
        ``envsubst``, and file tools: ``runs/entries.py`` renders_only): the addresses it is
        given are written into files for other containers, and dialled there, not here."""
        r = self.runs.of(svc)
        return r is not None and r.start is not None and renders_only(r.start, self.knowledge)

    def _unnamed(self, svc: Service, name: str, shared: bool = False) -> bool:
        """A container built from the project that runs none of its Python, whose image
        dockwise does not know, and whose files never name ``name``: it cannot read it
        (``flow/foreign.py``).  So does one whose start command cannot be followed (judged on
        every file it holds) but which holds no Python module of the project: the program it
        starts is its image's (``python3 tool/sync.py`` from its base image), ``name`` comes to
        it from an ``env_file`` that other services load too (``shared``: the stack's settings,
        not its own ``environment:`` or a file written for it alone), and neither its files nor
        its start command name it."""
        r = self.runs.of(svc)
        if r is None or not svc.code or self.runs.files is None \
                or self.knowledge.image_entry(svc.run_image) is not None or _image_dials(self.knowledge, svc, name):
            return False
        if r.mode != "none":
            var = svc.env(name)
            if not shared or r.mode != FALLBACK or self.runs.modules_of(svc) or var is None or var.origin != "env_file":
                return False  # (a variable its own `environment:` sets is written for it)
            if any(name in w for w in _command_words(svc)):
                return False
        roots = tuple(sorted({root.source for root in svc.code}))
        var = svc.env(name)
        # a value from an env_file is the stack's settings, handed to every service alike, as is
        # one a service takes from the base service it `extends` (`environment:` written once for
        # every service built on it) without setting it again; one its own image or service sets
        # was written for it, and the files naming it stay evidence
        stack = var is not None and (var.origin == "env_file" or var.inherited)
        if stack and not svc.dockerfile and _library_image(svc.image) \
                and not any(self.runs.files.is_file(r) or self.runs.files.is_dir(r) for r in roots):
            # an official runtime image (node, nginx) holds none of the project: its code is all
            # mounted, from paths the tree does not hold (a frontend kept in a repository of its
            # own), so nothing it runs is seen to read the stack's settings.  (A project's own
            # pushed image holds code of its own beside such mounts, and stays judged.)
            return True
        skip = self._not_run_by(svc) if stack else frozenset()
        if stack and r.mode == "none":
            # it runs none of the project's Python: the modules it holds (a development mount of
            # the whole tree) read the stack's settings in the containers that run them
            held = held_files(self.runs.files, roots, self._foreign)
            skip = skip | frozenset(rel for rel in held or () if rel.endswith(".py"))
        return never_named(self.runs.files, roots, name, self._foreign, skip=skip)

    def _left_shared_value(self, svc: Service, name: str) -> bool:
        """``svc`` runs a ready-made image of another project that dockwise does not know
        (no build, no file of the tree mounted, none of the project's Python, its start command
        and healthcheck never naming ``name``), and takes ``name`` only from an ``env_file`` the
        stack shares, while a service of its Compose project that runs the project's Python
        sets ``name`` again, to another value, in its own ``environment:``: the project wrote
        the container's value where its code reads it, and the shared file's value is for tools
        on the host.  The name alone does not show that the other program reads it.  A value
        the image's own ``environment:`` sets, an image whose documented variables dockwise
        knows (``_server_only`` decides those), or a stack where no service running the
        project's code sets the variable itself keeps it judged."""
        var = svc.env(name)
        if var is None or var.origin != "env_file" or var.inherited or var.value is None:
            return False
        r = self.runs.of(svc)
        if r is None or r.mode != "none" or svc.dockerfile or not svc.image or svc.code \
                or self.knowledge.image_entry(svc.run_image) is not None or _image_dials(self.knowledge, svc, name):
            return False
        if any(name in w for w in _command_words(svc)):
            return False
        for other in self._project_services(svc):
            ro = self.runs.of(other)
            own = other.env(name)
            if other is svc or ro is None or ro.mode == "none" or own is None:
                continue
            if own.origin == "environment" and not own.inherited and own.value is not None \
                    and own.value.value != var.value.value:
                return True
        return False

    def _not_run_by(self, svc: Service) -> frozenset[str]:
        """Files ``svc``'s container may hold but does not run (``flow/foreign.py``): the
        layout's own files (Compose files, Dockerfiles, env files: they hand variables on and
        read none) with the committed twins of its env files (``.env.example`` beside the
        ``.env`` Compose reads, its stand-in where that is missing: written for the operator to
        copy), and, where its start command is read, the start scripts of the other
        services that it does not run itself (they read their variables in those containers)."""
        hit = self._not_run.get(id(svc))
        if hit is None:
            skip = set(self.runs.layout.files)
            for rel in self.runs.layout.files:  # (`.env.example`; `app.example.env` of `app.env`)
                skip.update(twin_paths(rel))
            r = self.runs.of(svc)
            if r is not None and r.start is not None:
                own = set(r.start.scripts)
                skip |= {rel for o in self.runs.services if o.service is not svc and o.start is not None
                         for rel in o.start.scripts if rel not in own}
            hit = self._not_run[id(svc)] = frozenset(skip)
        return hit

    def _prefixed_out(self, svc: Service, name: str) -> bool:
        """A container whose start command runs the project's Python (followed, not the
        fallback), where nothing it runs names ``name`` and its settings classes all take
        another prefix (``flow/settingsprefix.py``): the variable is another application's."""
        r = self.runs.of(svc)
        files = self.runs.files
        if r is None or r.mode != "closure" or files is None or _image_dials(self.knowledge, svc, name):
            return False
        if any(name.lower() in w.lower() for w in _command_words(svc)):
            return False
        scripts = tuple(r.start.scripts) if r.start is not None else ()
        return prefixed_out((files.text(rel) or "" for rel in r.modules + scripts), name)

    def _overridden(self, svc: Service, name: str) -> bool:
        """Every program of ``svc``'s start command that runs Python writes ``name`` into its
        own environment from an option before reading it (``celery -b redis://queue:6379/0
        worker``, CELERY_BROKER_URL; ``rules/commands.yaml`` env_options): the container's value
        of ``name`` is dialled nowhere there, whatever its name or its image says.  A start
        command not known, a script it runs (which may start anything) or a Python program
        without such an option keeps the value judged."""
        return name in self._options_write(svc)

    def _options_write(self, svc: Service) -> frozenset[str]:
        """The variables every program of ``svc``'s start command that has such options writes
        (``_overridden``), where no other Python program runs beside them; empty otherwise.
        Once per service: its command is analysed once, not once per variable."""
        hit = self._written.get(id(svc))
        if hit is None:
            hit = self._written[id(svc)] = self._find_options_write(svc)
        return hit

    def _find_options_write(self, svc: Service) -> frozenset[str]:
        if svc.command is None:
            return frozenset()
        spec = self.knowledge.commands
        info = analyze_command(svc.command, self.knowledge, env=svc.environment)
        if info.shell_scripts:
            return frozenset()
        common: frozenset[str] | None = None
        for argv in info.argvs:
            written = spec.env_set_by(argv)
            if written is None:
                if argv and spec.starts_python(posixpath.basename(argv[0])):
                    return frozenset()
                continue
            common = written if common is None else common & written
        return common or frozenset()

    def _option_replaced(self, svc: Service, name: str) -> bool:
        """The code ``svc`` runs reads ``name`` only as a settings field's default that a click
        option given on its start command writes over (``--output tcp://collector:5556``
        replacing ``output = os.environ.get("OUTPUT_ADDRESS", ...)``): the container's value is
        replaced before anything uses it (flow/optionreplaced.py).  Only where the start
        command is read whole."""
        r = self.runs.of(svc)
        files = self.runs.files
        if r is None or r.mode != CLOSURE or files is None or not r.entries or self._argv_words(svc) is None:
            return False
        flow = self._flow([svc])
        options = tables(self.knowledge).cli_option_decorators

        def is_option(mod: Any, dec: Any) -> bool:
            return options.fullmatch(mod.qname(dec.func if isinstance(dec, ast.Call) else dec) or "") is not None

        entries = [tuple(e.args) for e in r.entries]
        return option_replaced(r.modules, files.text, flow.module, entries, name,
                               is_env_read=self._is_env_read, is_option=is_option) \
            or option_sets_env(r.modules, files.text, flow.module, entries, name, is_option=is_option)

    def _written_first(self, svc: Service, rel: str, ep: Endpoint, name: str) -> bool:
        """The value is the default of a read of ``name`` that runs in ``svc`` only after its
        own code wrote ``os.environ[name]`` (a wrapper setting the variable, then importing or
        calling what reads it: flow/envwritten.py).  Only where the start command is read whole."""
        r = self.runs.of(svc)
        if r is None or r.mode != CLOSURE or not r.entries or not rel.endswith(".py"):
            return False
        flow = self._flow([svc])
        mod = flow.module(rel)
        if mod is None:
            return False
        return written_first(flow, mod, ep.span.line, ep.span.column, name, [(e.kind, e.value) for e in r.entries])

    def _option_set_default(self, svc: Service, sink: Sink) -> bool:
        """The value reaches ``sink`` only as the fallback of a variable left unset (the default
        of ``os.getenv("DB_URI", "mongodb://localhost/app")``) that the click command the start
        command runs writes from an option it is given (``--database ...``,
        flow/optionreplaced.py option_sets_env): the fallback is never used there."""
        names = {var for g in sink.gates if (var := unset_fallback(g)) is not None}
        return any(self._option_replaced(svc, var) for var in names)

    def _is_env_read(self, mod: Any, call: Any) -> bool:
        """``call`` reads an environment variable (``os.getenv("X", ...)``: rules/clients.yaml
        calls of role env)."""
        return isinstance(call, ast.Call) and env_read(tables(self.knowledge), mod, call) is not None

    def _read_nowhere(self, svc: Service, name: str) -> bool:
        """A container given ``name`` by a shared env file (``env_file: .env``) whose start
        command runs the project's Python and nothing else (no other program; a script it runs
        only runs those entries and file tools, ``runs.entries.scripts_run_entries_only``),
        where nothing it runs names ``name`` (as a whole word, the scripts' text too), no settings loader it uses
        composes it from a prefix, no library it imports (nor its runner) reads it by its
        documented name, and no line of it starts another program or reads a variable by a
        computed name (``flow/libreaders.py``): nothing there reads the variable."""
        if not any(v.name == name and v.origin == "env_file" for v in svc.environment):
            return False  # set for this container itself (its environment, its image's ENV)
        if "__" in name.strip("_"):
            return False  # a nested name: settings loaders compose these (flow/settingsprefix.py)
        r = self.runs.of(svc)
        files = self.runs.files
        if r is None or r.mode != "closure" or files is None or r.start is None or _image_dials(self.knowledge, svc, name):
            return False
        st = r.start
        scripts = [rel for rel in dict.fromkeys(st.scripts) if rel not in st.configs]
        if st.unknown or st.foreign_programs or st.task_only or not st.entries \
                or any((e.via or "").startswith("env:") for e in st.entries):
            return False
        if scripts and not scripts_run_entries_only(st, self.knowledge):
            return False  # (a script that starts another program: it may read the variable by its name)
        words = _command_words(svc)
        # read as text: a name written in a runner's configuration, or in a script it runs
        words += [files.text(rel) or "" for rel in dict.fromkeys([*st.configs, *scripts])]
        texts = [files.text(rel) or "" for rel in r.modules]
        flow = self.knowledge.flow
        if self._may_read_unseen(svc):
            return False  # a program it starts, or a read by a computed name, may read it
        programs = [e.via.split()[0] for e in st.entries if e.via and e.via.split()]
        return read_nowhere(r.modules, texts, self.runs.scan, name, flow.env_readers,
                            flow.env_name_composers, programs, words)

    def _weak_unread(self, svc: Service, name: str) -> bool:
        """``svc`` is built FROM a bare interpreter or distribution image, and nothing it holds
        or runs reads the weak-named ``name``: no file names it, no module reads the environment
        unseen, no library reads it by name (``flow/weakunread.py``); or its files name it only
        as data, a whole read of the environment carrying it on to where it is dialled, and no
        library that reads it by name is used there (``flow/forwarded.py``)."""
        files = self.runs.files
        fw = self.knowledge.frameworks
        if files is None or not svc.dockerfile or not svc.code or _image_dials(self.knowledge, svc, name) \
                or not image_in(svc, (*fw.interpreter_images, *fw.shell_images)):
            return False
        words = _command_words(svc)
        roots = tuple(sorted({root.source for root in svc.code}))
        flow = self.knowledge.flow
        return weak_unread(files, roots, svc.dockerfile, words, name, self._foreign, readers=flow.env_readers,
                           composers=flow.env_name_composers, calls=tables(self.knowledge).program_calls,
                           inert=flow.env_inert_programs) \
            or forwarded_only(files, roots, svc.dockerfile, words, name, self._foreign, readers=flow.env_readers,
                              composers=flow.env_name_composers)

    def _may_read_unseen(self, svc: Service) -> bool:
        """Code ``svc`` runs may read a variable where dockwise does not see it: its start
        command was not followed, or a module it runs starts another program or reads a
        variable by a computed name (``libreaders.opaque``)."""
        r = self.runs.of(svc)
        files = self.runs.files
        if r is None or r.mode != "closure" or files is None:
            return True
        return any(self._opaque(rel, files.text(rel) or "") for rel in r.modules)

    def _opaque(self, rel: str, text: str) -> bool:
        """``libreaders.opaque`` of a module, once per module (asked for every variable of
        every service that runs it)."""
        hit = self._opaque_modules.get(rel)
        if hit is None:
            hit = self._opaque_modules[rel] = opaque(text, tables(self.knowledge).program_calls,
                                                     self.knowledge.flow.env_inert_programs)
        return hit

    def _unused(self, svc: Service, name: str) -> bool:
        """The code ``svc`` runs reads ``name`` and never dials it there: every use is one that
        never connects (a link, a log line, a response), or every place that dials it sits
        behind a branch this container's environment turns off, or in the ``__main__`` block
        of a module it only imports; or the container runs only a program that dials its
        broker alone (``_dials_only``) and ``name`` is not the broker's variable."""
        only = self._dials_only(svc)
        if only is not None and not any(name in tables(self.knowledge).env_first.get(k, ()) for k in only) \
                and not self._beside_monitor(svc):
            return True  # a Celery monitor reads its broker's variables alone
        if self._composed_unfollowed(svc, name):
            return False  # read unnamed too (a click option filled from PREFIX_NAME): uses unseen
        fr = self._env_flow(svc, name)
        if fr.never or fr.unread and not self._may_read_unseen(svc):
            return True
        env = service_env(svc)
        genv = self._gate_env(svc)
        if fr.read_gates and all(any(g.holds(genv) is False for g in gates) for gates in fr.read_gates):
            return True  # every read sits in a branch this environment turns off: never read here
        if not fr.sinks and self._switched_off(svc, name, env):
            return True
        return bool(fr.sinks) and not any(s.runs_with(genv, self._argv_words(svc)) and self._sink_runs(svc, s)
                                          and not self._env_first(s, env, name, svc) and self.called(svc, s)
                                          for s in fr.sinks)

    def _composed_unfollowed(self, svc: Service, name: str) -> bool:
        """A module ``svc`` runs hands a loader a prefix that composes ``name``, and the search
        does not follow that loader's reads to their uses (``rules/flow.yaml``
        unfollowed_env_composers: click's ``auto_envvar_prefix``)."""
        composers = self.knowledge.flow.unfollowed_env_composers
        texts = self._composer_texts.get(id(svc))
        if texts is None:
            # the modules that write such a loader's keyword, once per service: most write none
            r = self.runs.of(svc)
            files = self.runs.files
            texts = [] if not composers or r is None or files is None else [
                text for rel in r.modules if (text := files.text(rel) or "")
                and any(c.split()[0] in text for c in composers if c.split())]
            self._composer_texts[id(svc)] = texts
        return bool(texts) and composed(texts, name, composers)

    def _switched_off(self, svc: Service, name: str, env: dict[str, str | None] | None) -> bool:
        """``svc``'s environment turns off the feature ``name`` belongs to (``RABBITMQ_ENABLED=false``
        beside ``RABBITMQ_URL``, ``rules/flow.yaml`` feature_flags; a false word as pydantic and
        strtobool read it), and no module the container runs names ``name`` (letter case
        ignored): nothing there reads it but a library by its name, and the switch says the
        feature is off.  Only where the start command was followed."""
        if env is None:
            return False
        parts = name.split("_")
        off = False
        for i in range(1, len(parts)):
            prefix = "_".join(parts[:i])
            for pattern in self.knowledge.flow.feature_flags:
                value = env.get(pattern.replace("{}", prefix))
                if value is not None and false_word(value):
                    off = True
        if not off:
            return False
        r = self.runs.of(svc)
        files = self.runs.files
        if r is None or r.mode != "closure" or files is None or not r.modules:
            return False
        low = name.lower()
        return not any(low in (files.text(rel) or "").lower() for rel in r.modules)

    def _form_evidence(self, ep: Endpoint) -> str | None:
        """Evidence in the address itself, wherever it is written: a Docker host alias (only
        containers dial it), or a service of the layout (or a name one typo from one) with a
        port."""

        kind = host_kind(ep.host, self.knowledge)
        if kind in ("host-gateway", "deprecated-alias"):
            return "a Docker host alias (only containers dial it)"
        if kind == "name" and ep.port is not None and ep.port_source in ("explicit", "argument") \
                and self._layout_name(ep.host):
            return "names a service of the layout"
        return None

    def _argv_words(self, svc: Service) -> frozenset[str] | None:
        """Every word of the command lines ``svc``'s start runs, as far as dockwise reads them
        (its command, Compose command and entrypoint, the commands of the scripts it follows),
        for a branch on a switch of the process's command line (``"--debug" in sys.argv``);
        None where that is not known: the start is not read whole (a program or a script not
        understood, a service judged on every file it holds), or a word is filled in when it
        runs (``$FLAGS``; the arguments handed on, ``"$@"``, are words already read)."""
        memo = self._argv
        if id(svc) in memo:
            return memo[id(svc)]
        r = self.runs.of(svc)
        got: frozenset[str] | None = None
        if r is not None and r.mode == CLOSURE and r.start is not None and not r.start.unknown:
            words = [t.value for cmd in (svc.command, svc.compose_command, svc.compose_entrypoint)
                     if cmd is not None for t in cmd.tokens]
            words += [w for argv in r.start.commands for w in argv]
            if not any("`" in w or "$" in _HANDED_ON.sub("", w) for w in words):
                got = frozenset(words)
        memo[id(svc)] = got
        return got

    def _sibling_may_serve(self, svc: Service, port: int | None) -> bool:
        """An init system or a process manager starts a program beside the project's Python in
        ``svc``'s container (an s6-overlay service script or a supervisord program that runs
        nginx, a media server) and no other service of the layout listens on ``port``: that
        program may serve the loopback port, on a port dockwise does not know; it is no
        evidence of a server on the Docker host.  So may a program of the interpreter's own
        environment that the project's Python starts by a name it computes (a test harness
        starting the project's servers: ``flow/selfstart.py`` starts_own_programs)."""
        if not self.runs.foreign_programs(svc) and not starts_own_programs(self._flow([svc]), self.knowledge):
            return False
        # (a service of another Compose project, a development stack beside a test stack, is
        # out of this container's reach: serving the port there is no evidence it was meant)
        return port is None or not any(port in other.listen_ports for other in self._project_services(svc)
                                       if other is not svc)

    def _project_services(self, svc: Service) -> list[Service]:
        """The services of the Compose project ``svc`` belongs to (``svc`` among them)."""
        return [o for p in self.runs.layout.projects if any(s is svc for s in p.services) for o in p.services]

    def _layout_name(self, host: str) -> bool:
        """A service of the layout (its name, container_name, hostname, an alias), or a name
        one typo from one (DW105)."""
        if self._names is None:

            names: set[str] = set()
            for p in self.runs.layout.projects:
                for s in p.services:
                    names.update(n.lower() for n in (s.name, s.container_name, s.hostname) if n)
                    names.update(a.lower() for att in s.networks for a in att.aliases)
            self._names = TypoIndex(names)
        return bool(self._names.near(host.rstrip(".")))

    def _own_evidence(self, ep: Endpoint, services: Sequence[Service]) -> str | None:

        form = self._form_evidence(ep)
        if form is not None and not form.startswith("a Docker host alias"):
            return form  # (a host alias in a Compose value may be a link a browser on the host opens)
        return self._unformed_evidence(ep, services)

    def _unformed_evidence(self, ep: Endpoint, services: Sequence[Service]) -> str | None:
        """``_own_evidence`` but the address's form: its variable's strong name, a client
        scheme, a probe or a server's bind option."""
        t = tables(self.knowledge)
        if _loopback(self.knowledge, ep.host) and ep.host.strip("[]") in ("0.0.0.0", "::", "0:0:0:0:0:0:0:0"):
            return None  # every interface: a listen address unless code dials it
        name = _variable(ep.context)
        if name and t.is_strong(name) and ep.role == "connect" and not _web_url_for_host(t, name, ep):
            return f"env:{name} (a client address by its name)"
        scheme = self.knowledge.scheme(ep.scheme) if ep.scheme else None
        if ep.role == "connect" and (ep.context in ("url", "dsn", "jdbc") or (ep.scheme and ep.text and "://" in ep.text)):
            if scheme is not None and scheme.kind == "network" and scheme.name not in _WEB_SCHEMES:
                return f"a {scheme.name}:// URL"
        if ep.context.startswith(("probe:", "wait:")):
            return ep.context
        if ep.role == "bind" and ep.context in ("command", "entrypoint", "dockerfile-cmd"):
            return "the server's bind option"
        if ep.role == "bind" and name and all(_server_reads(self.knowledge, s, name) for s in services):
            return f"the server reads {name} as its bind address"
        if ep.role == "bind" and name and services and all(_image_listens(self.knowledge, s, name) for s in services):
            # `KAFKA_LISTENERS: PLAINTEXT_HOST://localhost:9092`: the image's own server
            # listens where the variable says (rules/images.yaml listens)
            return f"the {services[0].run_image} image listens where {name} says"
        return None

    def _host_from_env(self, call: str, svc: Service, rel: str) -> bool:
        """The server ``call`` starts takes its host from a variable the service's environment
        sets (or may set: an environment dockwise cannot read), over the argument and the default
        (``host_env`` in rules/clients.yaml: Robyn's ``start`` reads ROBYN_HOST first), or from
        the file beside the calling module that it loads into its environment (``robyn.env``)."""
        entries = [e for e in tables(self.knowledge)._entries(call) if e.role == "bind" and (e.host_env or e.host_env_file)]
        if not entries:
            return False
        env = service_env(svc)
        if env is None:
            return True
        for e in entries:
            if any(name in env for name in e.host_env):
                return True
            if e.host_env_file and self.source(posixpath.join(posixpath.dirname(rel), e.host_env_file)) is not None:
                return True
        return False

    def _env_flow(self, svc: Service, name: str) -> FlowResult:
        flow = self._flow([svc])
        key = ("env", name, id(flow))  # (flows live as long as the judge: their ids stay theirs)
        hit = self._results.get(key)
        if hit is None:
            hit = self._results[key] = flow.env_uses(name)
        return hit

    def _with_runs(self, ev: Evidence, svc: Service, rel: str) -> Evidence:
        r = self.runs.of(svc)
        if r is None:
            return ev
        chain = self.runs.chain(svc, rel)
        if r.closure is not None and chain and chain[0] in r.closure.reached:
            entry = r.closure.reached[chain[0]][1]  # the entry point that reaches the file
        else:
            entries = r.entry_points()
            entry = entries[0] if entries else ("every file it holds" if r.mode == "fallback" else "")
        return dataclasses.replace(ev, entry=entry, chain=chain)


_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "ftps", "sftp"})


def _web_url_for_host(t: Any, name: str | None, ep: Endpoint) -> bool:
    """``name`` is a strong name whose client takes its value as a host, never a URL (a statsd
    or an SMTP host: ``rules/flow.yaml`` host_only_names), and ``ep`` is written there as a web
    URL (``STATSD_HOST=http://localhost``): that client resolves the whole text as a host name
    and dials nothing, in a container or out of one.  The name is no evidence for the value;
    the code's own uses decide (a web client it is handed to dials it)."""
    return bool(ep.scheme) and (ep.scheme or "").lower() in _WEB_SCHEMES and "://" in (ep.text or "") \
        and t.is_host_only(name)


def _client_scheme(ep: Endpoint, clients: set[str | None]) -> Endpoint:
    """``ep`` with the scheme of the one kind of client that dials it (``clients``: the
    sinks' ``sink_scheme``s), where it names none itself: a bare host (``DB_HOSTNAME=localhost``)
    speaks that client's protocol, so the messages name the server by it, not by a guess from
    the port (an Elasticsearch client at 27017 is no MongoDB to bind to the host's interfaces)."""
    if ep.scheme is not None or len(clients) != 1 or None in clients:
        return ep
    return dataclasses.replace(ep, scheme=next(iter(clients)))


def _scheme_evidence(own: str) -> bool:
    """``own`` (``_unformed_evidence``) is the value's client scheme alone (``a mysql:// URL``):
    not its variable's strong name, a probe or a bind option."""
    return own.startswith("a ") and own.endswith(":// URL")


def _variable(context: str) -> str | None:
    """The environment variable a layout value is the value of (``env:NAME``)."""
    for prefix in ("env:", "dockerfile-env:"):
        if context.startswith(prefix):
            return context[len(prefix):] or None
    return None


def _library_image(image: str | None) -> bool:
    """``image`` is one of Docker Hub's official images (``node:20``, ``docker.io/library/nginx``):
    a runtime or server of its publisher, not an image built from the project."""
    if not image:
        return False
    ref = image.strip().lower().split("@", 1)[0]
    for prefix in ("docker.io/", "index.docker.io/", "registry-1.docker.io/"):
        ref = ref.removeprefix(prefix)
    ref = ref.removeprefix("library/")
    return "/" not in ref and "$" not in ref


# the arguments a shell hands on as given ("$@", "${@}", $*): words read already, no word of its own
_HANDED_ON = re.compile(r'"?\$\{?[@*]\}?"?')


def _command_words(svc: Service) -> list[str]:
    """The words of the service's start command, Compose command and entrypoint, and
    healthcheck: a variable's name written there is read there."""
    return [t.value for cmd in (svc.command, svc.compose_command, svc.compose_entrypoint, svc.healthcheck)
            if cmd is not None for t in cmd.tokens]


def _image_listens(knowledge: Any, svc: Service, name: str) -> bool:
    """A well-known image whose own server listens where ``name`` says (``rules/images.yaml``
    listens), and the container starts that server (its command does not only idle)."""
    return knowledge.image_listens_at(svc.run_image, name) and not _idles(knowledge, svc)


def _image_dials(knowledge: Any, svc: Service, name: str) -> bool:
    """A well-known image that reads ``name`` as an address (``rules/images.yaml`` dials)."""

    dials = knowledge.image_dialled_names(svc.run_image)
    return bool(dials) and glob_match(name, dials)


def _idles(knowledge: Any, svc: Service) -> bool:
    """The service's Compose ``command`` replaces the image's program with a file tool alone
    (``tail -f /dev/null``, ``sleep infinity``: ``rules/frameworks.yaml`` file_tools), and it
    sets no entrypoint of its own: the container idles for ``docker compose exec``; the
    image's program, which reads its documented variables, does not start (an image whose
    program is its CMD runs the command instead; an entrypoint script hands it on), and no
    other program reads the service's environment."""
    cmd = svc.compose_command
    if svc.compose_entrypoint is not None or cmd is None or not cmd.tokens:
        return False
    words = [t.value for t in cmd.tokens]
    if any(w in CONTROL_OPERATORS for w in words):
        return False
    return posixpath.basename(words[0]) in knowledge.frameworks.file_tools


def _server_reads(knowledge: Any, svc: Service, name: str) -> bool:
    """The server the service's start command runs takes its host from ``name``."""
    if svc.command is None:
        return False

    info = analyze_command(svc.command.tokens, knowledge, working_dir=svc.command.working_dir, env=svc.environment)
    return any(s.host_source == f"env:{name}" for s in info.servers)


def _unset_only(knowledge: Any, sink: Sink, env: dict[str, str | None] | None) -> bool:
    """In a container whose environment is unknown (an env_file not in the tree), the value
    reaches the sink only through a branch that runs while an address variable is unset (``if
    not os.getenv("DB_HOST"): DB_HOST = "localhost"``): the same fallback as the default of
    ``os.getenv("DB_HOST", "localhost")``, which the unread file may make dead, and which is
    not reported there either (resolve.py).  A branch on a flag (``if "USE_REMOTE" not in
    os.environ:``) is no fallback of the address: the flag's name holds none (rules/names.yaml
    ``target``).  A known environment is judged by ``Sink.runs_with``."""
    if env is not None:
        return False
    names = knowledge.names
    return any((var := unset_fallback(g)) is not None and names.classify(var) == "target" for g in sink.gates)


def _loopback(knowledge: Any, host: str) -> bool:

    return host_kind(host, knowledge) in ("loopback", "unspecified")


def _nested_key_set(sink: Sink, env: dict[str, str | None] | None, delimiters: Sequence[str]) -> bool:
    """The sink is a nested setting key (``DATABASES.default.HOST``) that a variable of the
    service's environment replaces (``<PREFIX>_DATABASES__default__HOST``)."""
    if env is None or not sink.kind.startswith("setting "):
        return False
    parts = sink.kind[len("setting "):].split(".")
    if len(parts) < 2:
        return False
    keys = {d.join(parts).upper() for d in delimiters}
    return any(name == key or name.endswith("_" + key) for name in map(str.upper, env) for key in keys)


def _prefixed_key_set(sink: Sink, env: dict[str, str | None] | None, prefixes: Sequence[str]) -> bool:
    """The sink is a setting (``SQLALCHEMY_DATABASE_URI``, or a key nested in one) whose top
    key a loader sets from a variable of the service's environment, ``PREFIX + KEY``
    (``INVENIO_SQLALCHEMY_DATABASE_URI``).  Config keys are case-sensitive, and an empty
    variable leaves the module's value (the loader falls back to it)."""
    if env is None or not sink.kind.startswith("setting "):
        return False
    top = sink.kind[len("setting "):].split(".", 1)[0]
    return any(env.get(prefix + top) not in (None, "") for prefix in prefixes)


def _bare_origin(text: str) -> bool:
    """``http://localhost``: a scheme and a host, nothing after (a port appended to it is its
    port; after a path, ``:8081`` would be part of the path)."""
    rest = text.split("://", 1)[1] if "://" in text else ""
    return bool(rest) and not any(c in rest for c in "/:?#@")


def _env_names(svc: Service) -> frozenset[str]:
    """The variables ``svc`` sets: an environment read of one of them never takes its default."""
    return frozenset(v.name for v in svc.environment)


def _env_values(svc: Service) -> frozenset[tuple[str, str]]:
    """The values ``svc`` gives the variables it sets, where written out (none of Compose's
    interpolation left, nor a name taken from the shell): what an environment read of one holds."""
    if svc.env_unknown:
        return frozenset()
    return frozenset((v.name, v.value.value) for v in svc.environment
                     if v.value is not None and "\x00" not in v.value.value and "$" not in v.value.value)


def _code_roots(code: Sequence[Any], is_dir: Callable[[str], bool]) -> tuple[tuple[str, ...], dict[tuple[str, str], str]]:
    """The tree directories the roots of ``code`` copy into the container (a file root: its
    directory), sorted, with the files they place under other names (``_placed_files``): where
    the code's dotenv files are looked for (flow/appdotenv.py)."""
    roots = tuple(sorted({root.source if is_dir(root.source) else posixpath.dirname(root.source) for root in code}))
    return roots, _placed_files(code, is_dir)


def _placed_files(code: Sequence[Any], is_dir: Callable[[str], bool]) -> dict[tuple[str, str], str]:
    """(tree directory, name) -> the tree file that a root of ``code`` copies to that name in
    the container directory another root lands that tree directory at (``COPY . /app`` then
    ``COPY ./.env.docker /app/.env``: ("", ".env") -> ".env.docker"); a later root wins."""
    out: dict[tuple[str, str], str] = {}
    dirs = [root for root in code if root.target and is_dir(root.source)]
    for root in code:
        if not root.target or root in dirs or is_dir(root.source):
            continue
        target = posixpath.normpath(root.target)
        where, name = posixpath.dirname(target), posixpath.basename(target)
        for d in dirs:
            tree_dir = d.project_path(where, posixpath.normpath(d.target))
            if tree_dir is not None:
                out[(posixpath.normpath(tree_dir) if tree_dir else "", name)] = root.source
    return out


def _pair_port(display: Any, node: Any) -> int | None:
    """The port of a ``(host, port)`` pair whose host is the string ``node``: ``display`` is a
    tuple of the two, its second element an integer literal; else None."""
    if not isinstance(display, ast.Tuple) or len(display.elts) != 2 or display.elts[0] is not node:
        return None
    port = display.elts[1]
    if isinstance(port, ast.Constant) and type(port.value) is int and 0 < port.value < 65536:
        return port.value
    return None
