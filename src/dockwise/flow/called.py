"""Whether the code that dials can run in a service's container.

Importing a module runs its top level, not its functions: a module-level function runs only
if something the service runs names it (a call, a callback handed on, a route table, the
start command), and a class of plain settings fields only where something names it or the
service's environment does (an entry of a mapping names it only where a lookup the service runs
can take its key: ``flow/selection.py``, ``flow/keysearch.py``).  A name only imported, listed in ``__all__``, written in the
``__main__`` block of a module the service does not run as a script, or in the body of a
command-line subcommand the start command does not give, names nothing; nor does a name
written only in a branch the service's environment turns off.  A class registered in a
component registry under a name is built only where that name is selected, and a class whose
lineage lies wholly in its module (``astfacts.closed_class``) only where something names it.  The answers are
shared by the services that start the same entry points and run the same modules.
"""
from __future__ import annotations

import ast
import keyword
import posixpath
import re
from typing import Any, Callable

from dockwise.flow.astfacts import (
    annotation_only,
    cli_registration,
    cli_subcommand,
    closed_class,
    env_read,
    job_name_argument,
    lineage,
    registered_name,
    replaced_def,
    task_function,
    task_registration,
)
from dockwise.flow.gates import branch_gates, gate_env, service_env
from dockwise.flow.handlerreads import HandlerReads
from dockwise.flow.handlers import calls_handler, may_serve, route_dependency, route_handler, route_registration
from dockwise.flow.keysearch import MappingLookups
from dockwise.flow.mentions import prose, statement_spans
from dockwise.flow.mounts import handler_router, router_handed_on
from dockwise.flow.nameloads import loads_names
from dockwise.flow.results import Sink
from dockwise.flow.routeguards import rejects_every_request
from dockwise.flow.selection import branch_keys, class_mapping_keys, local_mapping_keys, mapping_keys
from dockwise.flow.sinks import tables
from dockwise.flow.taskbodies import TaskBodies
from dockwise.flow.unread import UnreadObjects
from dockwise.flow.walkreceivers import walked_classes
from dockwise.layout.model import Service
from dockwise.runs.build import CLOSURE
from dockwise.runs.closure import DEFAULT_OF
from dockwise.words import has_whole, positions_whole

__all__ = ["Called"]

_ALIASED = re.compile(r"[ \t]+as[ \t]")
# how many enclosing functions up a mention is followed to something that runs (each step is one
# more name searched over the service's modules)
_CALLERS_UP = 10


def _in_docstring(mod: Any, line: int) -> bool:
    """``line`` of ``mod`` lies in the docstring of a function or a class (a string alone as
    the first statement of its body): prose, even where it shows code."""
    stmt = mod.statement_at(line)
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)):
        return False
    holder = mod.parent(stmt)
    return isinstance(holder, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and holder.body[0] is stmt


def _parameter_attribute(mod: Any, line: int, name: str) -> bool:
    """Every ``name`` written on ``line`` of ``mod`` is an attribute of a parameter of the
    function around it (``mailing_service.send_bulk_email(...)`` with ``mailing_service:
    MailingService`` a handler's parameter), or of a local the function binds only to objects
    calls build (``with Outbox(...) as box: box.publish(...)``): a method or field of that
    object, not a module-level function of that name (code hands a function on by writing its
    name, and that is a mention of its own)."""
    stmt = mod.statement_at(line)
    if stmt is None:
        return False
    nodes = [n for n in ast.walk(stmt) if getattr(n, "lineno", 0) <= line <= (getattr(n, "end_lineno", 0) or 0)
             and (isinstance(n, ast.Attribute) and n.attr == name or isinstance(n, ast.Name) and n.id == name
                  or isinstance(n, ast.Constant) and isinstance(n.value, str) and name in n.value
                  or isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == name)]
    if not nodes:
        return False
    for n in nodes:
        if not (isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)):
            return False
        func = mod.function_of(n)
        if func is None:
            return False
        a = func.args
        params = {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x))}
        if n.value.id in params:
            if any(isinstance(s, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                   and any(isinstance(t, ast.Name) and t.id == n.value.id
                           for t in ast.walk(s) if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store))
                   for s in ast.walk(func)):
                return False  # (a parameter bound again in the body may hold a module)
        elif not _built_local(func, n.value.id):
            return False
    return True


# calls that hand back a module (or any attribute), not an object the call builds
_MODULE_GETTERS = frozenset({"import_module", "import_string", "locate", "__import__", "reload", "getattr",
                             "load_module", "exec_module", "module_from_spec"})


def _built_local(func: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    """``name`` is a local of ``func`` that every binding in its body gives an object a call
    returns (``with Outbox(...) as box``, ``conn = smtplib.SMTP(...)``, awaited or not), none a
    module getter's (``importlib.import_module``, ``getattr``): ``box.publish(...)`` is that
    object's method, not the module-level function ``publish``.  Any other binding (a loop, a
    tuple, an import, a walrus, ``global``) leaves it unknown."""
    values: list[ast.expr] = []
    for node in ast.walk(func):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return False
        if isinstance(node, ast.alias) and (node.asname or node.name.partition(".")[0]) == name:
            return False
        if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name) \
                and node.optional_vars.id == name:
            values.append(node.context_expr)
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            values.extend(node.value for t in node.targets if isinstance(t, ast.Name) and t.id == name)
    stores = sum(1 for n in ast.walk(func) if isinstance(n, ast.Name) and n.id == name
                 and isinstance(n.ctx, (ast.Store, ast.Del)))
    if not values or stores != len(values):
        return False
    for value in values:
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return False
        callee = value.func
        called = callee.id if isinstance(callee, ast.Name) else callee.attr if isinstance(callee, ast.Attribute) else ""
        if not called or called in _MODULE_GETTERS:
            return False
    return True


class Called(MappingLookups, UnreadObjects, TaskBodies, HandlerReads):
    """``called(svc, sink)``: whether the function or settings class holding ``sink`` can run
    in ``svc``'s container.  ``flow_for(svc)``: the value search of ``svc``'s modules (its
    parsed modules are shared)."""

    def __init__(self, knowledge: Any, runs: Any, source: Callable[[str], str | None],
                 flow_for: Callable[[Service], Any]) -> None:
        self.knowledge = knowledge
        self.runs = runs
        self.source = source
        self.flow_for = flow_for
        self._templates: dict[str, frozenset[str]] = {}  # class name -> modules completing it (_templated)
        # a text search -> the modules (of every service's) it matches: each module is read once
        # per search, not once per distinct set of modules (a platform has dozens of sets)
        self._matching: dict[str, frozenset[str]] = {}
        self._walked: dict[str, tuple[frozenset[str] | None]] = {}  # module -> (the classes its walks start from,)
        self._receivers: dict[tuple, tuple[frozenset[str] | None]] = {}  # (service view, module) -> see _walked_receivers
        self._callers: dict[tuple, bool] = {}  # (service view, module, function) -> named where it runs
        # function name -> module -> (lines naming it, those as an attribute, defines its own)
        self._mentioned: dict[str, dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]] = {}
        self._mentioned_in: dict[tuple, dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]] = {}  # see _mentions_within
        self._module_sets: dict[int, frozenset[str]] = {}  # id(service) -> the modules it runs
        self._module_set_of: dict[frozenset[str], frozenset[str]] = {}  # one object per distinct set
        self._views: dict[int, tuple[str, int, tuple[str, ...], tuple[tuple[Any, ...], ...]]] = {}  # see view
        self._every_module: list[tuple[str, str]] | None = None  # (module, its text), every service's
        self._every_name: list[str] | None = None  # every service's modules (_every_modules)
        self._code_line_sets: dict[tuple, set[int]] = {}  # see _code_lines
        self._serving: dict[tuple, bool] = {}  # service view -> may receive requests (handlers.may_serve)
        self._unserved: dict[tuple, bool] = {}  # (service view, handler) -> see serves_no_requests
        self._unmounted: dict[tuple, bool] = {}  # (modules, entries, module, router) -> see route_unmounted
        self._lookups: dict[tuple, bool] = {}  # (service view, env, module, mapping, keys) -> see _looked_up
        self._built: dict[tuple, bool] = {}  # (service view, module, class, env) -> see _builds
        self._building: set[tuple] = set()  # the _built keys being answered (classes built in another's methods)
        self._no_tasks: dict[tuple, bool] = {}  # service view -> executes no task (see _runs_no_tasks)
        self._defines_tasks: bool | None = None  # see _project_defines_tasks (asked once a run)
        self._on_import: dict[tuple, frozenset[tuple[str, int]] | None] = {}  # service view -> see runs_on_import
        self._sent: dict[tuple, bool] = {}  # (service view, task function) -> only sent there
        self._jobs: dict[tuple, bool] = {}  # (service view, function) -> handed to a worker as a job
        self._methods_asked: set[tuple] = set()  # the _methods_called keys being answered (unread.py)
        self._methods_called: dict[tuple, bool] = {}  # (service view, module, class, method) -> may be called
        self._name_loads: dict[tuple, bool] = {}  # (service view, module) -> see _loads_names
        self._binding_reads: dict[tuple, bool] = {}  # (service view, module, Sink.binding) -> read there
        self._field_reads: dict[tuple, bool] = {}  # (service view, module, class, field) -> read there (unread.py)
        self._handler_reads: dict[tuple, bool] = {}  # (service view, module, name) -> see read_by_idle_handlers

    def __call__(self, svc: Service, sink: Sink) -> bool:
        """Whether the function whose body dials can run in ``svc``'s container.  Importing a
        module runs its top level, not its functions: a module-level function runs only if
        something names it (a call, a callback handed on, a route table, the start command).
        Its name written anywhere the service runs, besides its own ``def``, is enough.  A
        command-line subcommand runs only if the start command that runs its program names it."""
        if sink.command is not None and (self._other_subcommand(svc, sink.span.path, sink.command)
                                         or self._serves_only(svc)):
            return False
        # so must the subcommands whose bodies the value passed through (a parameter default of
        # `dev` stored in a settings object that a helper of every subcommand dials)
        if any(self._other_subcommand(svc, rel, command) for rel, command in sink.commands) \
                or sink.commands and self._serves_only(svc):
            return False
        if sink.task and self._task_body_idle(svc, sink.span.path, sink.span.line):
            return False
        if self.only_imported(svc, sink.span.path) and not self._may_serve(svc) \
                and not self.runs_on_import(svc, sink.span.path, sink.span.line):
            # a dial in a function that importing the code never calls (`celery beat`), where
            # no server may call it either (a start at a module's top level may serve routes)
            return False
        if sink.kind in tables(self.knowledge).task_queue_dials and self._runs_no_tasks(svc) and not self._sends_tasks(svc) \
                and (self._another_runs_tasks(svc) or not self._project_defines_tasks()):
            # a task queue's broker, where nothing executes, sends or reads a task, and the
            # queue is served elsewhere, or by no worker: the project defines no task to serve
            return False
        if sink.binding is not None and not self._binding_read(svc, sink.span.path, sink.binding) \
                and not (sink.binding[0] == "returned" and sink.kind in tables(self.knowledge).task_queue_dials):
            # a client that connects on its first request, kept where nothing reads it; not a task
            # queue's app, which makes itself the current one when built (`shared_task` sends on it)
            return False
        if sink.binding is not None and sink.binding[0] == "module" and self.only_imported(svc, sink.span.path) \
                and not self._may_serve(svc) and sink.kind not in tables(self.knowledge).task_queue_dials \
                and self.module_client_idle(svc, sink.span.path, sink.binding[1]):
            # a module's client that only functions importing never calls use (`celery beat`); not
            # the task queue's app, which the scheduler itself loads by its name and dials
            return False
        if sink.method is not None and not self._method_called(svc, sink.span.path, *sink.method):
            return False  # a method of a plain class that nothing calls
        if sink.handler is not None and (self.serves_no_requests(svc, sink.handler)
                                         or self.route_unmounted(svc, sink.span.path, sink.handler)
                                         or self._guarded_off(svc, sink.span.path, sink.span.line)):
            return False
        if sink.registered is not None and not self._selected(svc, sink.span.path, sink.registered):
            return False
        # the functions and registered classes the value passed through on its way must run too
        if any(not self._selected(svc, rel, registered) for rel, registered in sink.registrations):
            return False
        if any(not self._function_runs(svc, rel, caller, False) for rel, caller in sink.callers
               if (rel, caller) != (sink.span.path, sink.caller)):
            return False
        # a method of a class only code that names it can build runs only where that is written
        # (`class VaultMixin` beside the `DummyMixin` a dotted-path setting's default selects)
        if sink.method_of is not None and not self._class_built(
                svc, sink.span.path, sink.method_of,
                self._field(svc, sink.span.path, sink.span.line, sink.method_of, sink.kind)):
            return False
        name = sink.caller or sink.holder
        if name is None:
            return True
        if sink.caller is not None and self._replaced(svc, sink.span.path, sink.span.line, sink.caller):
            return False
        field = self._field(svc, sink.span.path, sink.span.line, name, sink.kind) if sink.caller is None else None
        hit = self._function_runs(svc, sink.span.path, name, sink.caller is None, field)
        # a settings class is also chosen by the environment (APP_CONFIG=pkg.config.Prod)
        return hit or sink.caller is None and self._env_names(svc, name)

    def _replaced(self, svc: Service, rel: str, line: int, name: str) -> bool:
        """The module-level function ``name`` holding ``line`` of ``rel`` is bound over by a
        later ``def`` of the same name before anything reads it (``astfacts.replaced_def``):
        the calls reach the later body, never this one."""
        mod = self.flow_for(svc).module(rel)
        return mod is not None and replaced_def(mod, line, name)

    def _function_runs(self, svc: Service, rel: str, name: str, holder: bool, field: str | None = None) -> bool:
        """Whether something ``svc`` runs names the function (or settings class, ``holder``)
        ``name`` of ``rel`` (for the class's ``field``: a subclass that sets the field again
        reads its own value, ``_inherits``).  Services that start the same entry points and run
        the same modules share the answer (and the same environment: a name written in a branch
        it turns off names nothing)."""
        key = (self.view(svc), rel, name, self._env_key(svc), field)
        hit = self._callers.get(key)
        if hit is None:
            hit = self._named(svc, rel, name, field=field)
            if not hit and holder:
                hit = self._templated(svc, name)
            self._callers[key] = hit
        return hit

    def _class_built(self, svc: Service, rel: str, name: str, field: str | None = None) -> bool:
        """Whether ``svc`` may build the class ``name`` of ``rel`` (``astfacts.closed_class``):
        something it runs names it (a call, a subclass, a dotted path in a setting), its
        environment does (an unknown one may), a template may complete its name, or code it
        runs builds classes it finds by walking them (``__subclasses__()``, ``getmembers``).  Where
        the start command is unknown (a fallback container) a program we do not see may build it."""
        runs = self.runs.of(svc)
        if runs is None or runs.mode != CLOSURE:
            return True
        if self._env_names(svc, name) or has_whole(self.view(svc)[0], name) or self._templated(svc, name):
            return True
        key = (self.view(svc), rel, name, self._env_key(svc), field)
        hit = self._built.get(key)
        if hit is None:
            if key in self._building or len(self._building) >= _CALLERS_UP:
                return True  # classes that build each other, or a chain too long to follow: it may
            self._building.add(key)
            try:
                hit = self._built[key] = self._builds(svc, rel, name, field)
            finally:
                self._building.discard(key)
        mine = self._module_sets[id(svc)]
        # code that walks classes (rules/flow.yaml class_walkers) may build it unnamed
        return hit or self._walks_classes(mine, svc, rel, name)

    def _builds(self, svc: Service, rel: str, name: str, field: str | None = None) -> bool:
        """A line ``svc`` runs writes the class's name besides its class statement (a call, a
        subclass, an alias, a dotted path): at module level, in a class, in a decorated function
        whose body runs there, or in the body of a plain module-level function that runs there
        as a sink's own function would (``_function_runs``: a helper named only in a task's body
        builds nothing under ``celery beat``, ``_framework_body_idle``)."""
        mine = self._module_sets[id(svc)]
        for module, (lines, _, _) in self._mentions(name).items():
            if module not in mine:
                continue
            live = [line for line in lines if self.runs.runs_line(svc, module, line)
                    and not self._other_command(svc, module, line)
                    and not self._gated_off(svc, module, name, line)
                    and not self._unselected_entry(svc, module, line, name)]
            if len(live) <= (1 if module == rel else 0):
                continue
            mod = self.flow_for(svc).module(module)
            if mod is None:
                return True
            for line in live:
                top = mod.top_statement(line)
                if top is None or isinstance(top, ast.ClassDef) and top.name == name:
                    continue  # a comment between statements; the class itself (its own log lines, `-> Self`)
                if isinstance(top, ast.Expr) and isinstance(top.value, ast.Constant) or _in_docstring(mod, line):
                    # prose: a string alone at the module's top level, or a docstring, a class's
                    # or a function's (`"""Options for ScoreClient."""`, "Delegate to
                    # ``RpcClient.read``"), builds nothing, as for a function's name (_runs_one)
                    continue
                if annotation_only(top, line, name):
                    continue  # `def index(client: SearchClient)` names the class, builds nothing
                if field is not None and _other_fields(mod, top, line, name, field):
                    continue  # `__version__ = Config.VERSION` reads another field of the class
                if field is not None and (sub := _subclass_at(mod, top, line, name)) is not None:
                    # `class ProductionConfig(Config)`: reads the base's field only where it is
                    # built and does not set the field again (nor a class between)
                    if not _sets(sub, field) and self._class_built(svc, module, sub.name, field):
                        return True
                    continue
                if isinstance(top, ast.ClassDef) and top.name != name and line == top.lineno \
                        and (module == rel or self._loaded_by_name_only(svc, mine, module)) \
                        and closed_class(mod, top, body=True, inert=tables(self.knowledge).inert_bases) == top.name:
                    # `class IndexClient(SearchClient)` beside it: the base's methods run where
                    # the subclass is built, and only code naming it builds it (a subclass in
                    # another module may be one a dotted path loads: it builds; not in a module the
                    # container reaches only as a name a loader is handed, whose loader takes the
                    # class by its name too: _loaded_by_name_only)
                    if self._class_built(svc, module, top.name):
                        return True
                    continue
                if isinstance(top, ast.ClassDef) and top.name != name:
                    if self._view_body_idle(svc, mod, line):
                        # built by a class-based view's or a middleware's method, where nothing
                        # serves: a worker that builds the middleware classes (Celery's Django
                        # fixup runs the system checks) calls none of their methods
                        continue
                    method = next((f for f in top.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                                   and f.body and f.lineno <= line <= (f.end_lineno or line)), None)
                    if method is not None and closed_class(mod, method.body[0], inert=tables(self.knowledge).inert_bases) == top.name:
                        # in a method of another class only code naming it can build: built
                        # where that class is (`self.nemesis = NemesisClient()` in a fetcher's
                        # __init__, the fetcher built only by a task's helper)
                        if self._class_built(svc, module, top.name):
                            return True
                        continue
                if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and top.body \
                        and line >= top.body[0].lineno:
                    if self._plain_def(top):
                        if top.name != name and self._function_runs(svc, module, top.name, False):
                            return True
                        continue
                    if self._framework_body_idle(svc, mod, top):
                        continue
                return True
        return False

    def _loaded_by_name_only(self, svc: Service, mine: frozenset[str], module: str) -> bool:
        """``svc`` reaches ``module`` only as a name a loader is handed at run time (the default
        of an environment variable, ``import_module(os.environ.get("AGENT_MODULE",
        "app.sample"))``, a variable's value, a discovery over a package), and no module it runs
        imports it by an import statement: a class there is built by a loader that takes it by
        its name (``getattr(module, os.environ.get("AGENT_CLASS", "SampleAgent"))``), which
        ``_class_built`` asks for, not by code that merely holds the module."""
        r = self.runs.of(svc)
        closure = getattr(r, "closure", None) if r is not None and r.mode == CLOSURE else None
        if closure is None:
            return False
        how = closure.reached.get(module, (None, ""))[1]
        if not how.startswith((DEFAULT_OF, "named by $", "discovered at run time")):
            return False
        stem = re.escape(_stem(module))
        # `from app.sample import X`, `import app.sample`, `from app import sample`, also over
        # several lines in parentheses
        imports = re.compile(rf"^[ \t]*(?:from[ \t]+[\w.]*\b{stem}\b|(?:from[ \t]+[\w.]+[ \t]+)?import"
                             rf"(?:[ \t][^\n]*\b{stem}\b|[ \t]*\([^)]*\b{stem}\b))", re.M)
        return not any(other != module and (text := self.source(other)) and imports.search(text) for other in mine)

    def _plain_def(self, func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """``func`` is undecorated, or only wrapped (``@contextmanager``, ``@lru_cache(...)``:
        ``rules/flow.yaml`` wrapping_decorators): its body runs where code calls its name, as a
        plain function's does, not wherever a decorator may have registered it."""
        wrapping = self.knowledge.flow.wrapping_decorators
        return all(_decorator_name(d) in wrapping for d in func.decorator_list)

    def _unselected_entry(self, svc: Service, module: str, line: int, name: str) -> bool:
        """``name`` on ``line`` is only an entry of a mapping no lookup ``svc`` runs takes."""
        mod = self.flow_for(svc).module(module)
        if mod is None:
            return False
        entry = mapping_keys(mod, line, name)
        if entry is not None:
            return not self._looked_up(svc, module, *entry)
        branch = branch_keys(mod, line, name)
        if branch is not None:
            return not self._branch_taken(svc, mod, *branch)
        held = class_mapping_keys(mod, line, name)
        if held is not None:
            return not self._class_looked_up(svc, module, *held)
        local = local_mapping_keys(mod, line, name)
        return local is not None and not self._local_looked_up(svc, mod, line, name, *local)

    def _templated(self, svc: Service, name: str) -> bool:
        """A class name the code completes from a template (``f"{env}Config"``,
        ``"%sConfig" % env`` for ``DevConfig``): any class so named may be the one loaded."""
        hit = self._templates.get(name)
        if hit is None:
            tails = [name[i:] for i in range(1, len(name)) if name[i].isupper()]
            # one search per module for every tail (`}Config"`, `%sConfig'`), once per name
            pattern = re.compile(r"(?:\}|%%s)(?:%s)['\"]" % "|".join(map(re.escape, tails))) if tails else None
            # (a tail right before a quote first, by substring: the pattern's leading
            # alternation is tried at every brace and percent sign of every module)
            closers = [tail + quote for tail in tails for quote in "'\""]
            hit = self._templates[name] = frozenset(
                module for module, text in self._every_texts()
                if any(c in text for c in closers) and pattern.search(text)) if pattern else frozenset()
        return not hit.isdisjoint(self._module_sets[id(svc)])

    def _env_names(self, svc: Service, name: str) -> bool:
        """``svc``'s environment may name the class ``name`` for code to load: a value names
        it, or the environment is not known (an ``env_file`` absent from the tree) and code the
        service runs loads classes from names in strings (``rules/flow.yaml`` name_loaders)."""
        env = service_env(svc)
        if env is None:
            loaders = self.matching("name_loaders", tables(self.knowledge).name_loaders.search)
            self.view(svc)  # (fills _module_sets)
            mine = self._module_sets[id(svc)] & loaders
            # a loader handed only class objects (`from_object(config_class)` of a factory whose
            # every call gives a class) loads no name the environment could give (flow/nameloads.py)
            return any(self._loads_names(svc, rel) for rel in sorted(mine))
        return any(v is not None and has_whole(v, name) for v in env.values())

    def _loads_names(self, svc: Service, rel: str) -> bool:
        """A name loader's call in ``rel`` may be handed a string there (flow/nameloads.py)."""
        key = (self.view(svc), rel)
        hit = self._name_loads.get(key)
        if hit is None:
            mod = self.flow_for(svc).module(rel)
            hit = self._name_loads[key] = mod is None or loads_names(
                self.flow_for(svc), mod, frozenset(self.knowledge.flow.name_loaders))
        return hit

    def serves_no_requests(self, svc: Service, handler: str) -> bool:
        """No server of ``svc``'s container receives a request that could reach the route
        handler ``handler``, nor does anything there call it (flow/handlers.py).  Services
        that start the same entry points and run the same modules share the answer."""
        if self._may_serve(svc):
            return False
        key = (self.view(svc), handler)
        hit = self._unserved.get(key)
        if hit is None:
            hit = self._unserved[key] = not calls_handler(self.runs, self.source, svc, handler, tables(self.knowledge))
        return hit

    def _may_serve(self, svc: Service) -> bool:
        """A server of ``svc``'s container may receive requests (flow/handlers.py may_serve)."""
        view = self.view(svc)
        serving = self._serving.get(view)
        if serving is None:
            serving = self._serving[view] = may_serve(self.runs, tables(self.knowledge), self.source, svc,
                                                      self.knowledge.commands.runners,
                                                      lambda rel, line: self.runs_on_import(svc, rel, line),
                                                      lambda rel: getattr(self.flow_for(svc).module(rel), "tree", None))
        return serving

    def route_unmounted(self, svc: Service, rel: str, handler: str) -> bool:
        """The route handler ``handler`` of ``rel`` is registered on a router (``@router.get``
        of ``router = APIRouter()``) that nothing ``svc`` runs hands on, nor its start command
        names: no application there mounts it (flow/mounts.py)."""
        flow = self.flow_for(svc)
        mod = flow.module(rel)
        router = handler_router(tables(self.knowledge), mod, handler) if mod is not None else None
        if router is None:
            return False
        entries = self.view(svc)[0]
        mine = self._module_sets[id(svc)]
        key = (id(mine), entries, rel, router)
        hit = self._unmounted.get(key)
        if hit is None:
            hit = self._unmounted[key] = not has_whole(entries, router) \
                and not router_handed_on(rel, router, mine, self.source, flow.module)
        return hit

    def _serves_only(self, svc: Service) -> bool:
        """Every entry of ``svc``'s start command (followed) is a server of ``rules/flow.yaml``
        command_free_servers loading a module (``gunicorn serve:app``): nothing there parses a
        command line of the project's command groups, so no subcommand's body runs, whatever the
        app registers on its CLI (``app.cli.add_command(jobs)`` runs under ``flask jobs ...``)."""
        runs = self.runs.of(svc)
        if runs is None or runs.mode != CLOSURE:
            return False
        # (a module an environment variable names, DJANGO_SETTINGS_MODULE or the FLASK_APP that
        # `flask run` serves, is imported by the program that reads it: no program of its own)
        programs = [e for e in runs.entries if not (e.via or "").startswith("env:")]
        servers = tables(self.knowledge).command_free_servers
        return bool(programs) and all(e.kind == "module" and not e.main and not e.console
                                      and posixpath.basename((e.via or "").partition(" ")[0]) in servers
                                      for e in programs)

    def _other_subcommand(self, svc: Service, rel: str, command: str) -> bool:
        """``svc`` runs the program ``rel`` (as ``__main__``, or through a console script that
        calls its command group) only with subcommands other than ``command`` (``python -m
        tasks create`` runs the `create` subcommand of tasks.py)."""
        runs = self.runs.of(svc)
        if runs is None:
            return False
        main = self.runs.is_main(svc, rel)
        stem = rel[:-3] if rel.endswith(".py") else rel
        named = []
        for e in runs.entries:
            if e.kind == "module":
                # `python -m pkg` runs the package's pkg/__main__.py
                named_path = e.value.replace(".", "/")
                if not (stem.endswith(named_path) or stem.endswith(named_path + "/__main__") and e.main) \
                        or not (e.main and main or e.console):
                    continue
            elif e.kind != "script" or not (e.main and main) or posixpath.basename(e.value) != posixpath.basename(rel):
                continue
            words = [a for a in e.args if not a.startswith("-")]
            if not words:
                return False  # the program runs without a subcommand given here: unknown
            named.extend(words)  # (a group's subcommand follows the group: `cli auth login`)
        return bool(named) and command not in named

    def view(self, svc: Service) -> tuple[str, int, tuple[str, ...], tuple[tuple[Any, ...], ...]]:
        """What ``_named`` reads of a service: its entry points' words, its modules (one
        shared set per distinct set of modules, so the key compares by identity), those
        it runs as ``__main__`` (whose ``if __name__ == "__main__":`` blocks run), and how each
        entry is started (its program, kind and runner subcommand: ``celery -A proj beat``
        runs no task body that ``celery -A proj worker`` does, ``_framework_body_idle``)."""
        view = self._views.get(id(svc))
        if view is None:
            runs = self.runs.of(svc)
            entries = "\n".join(" ".join((e.value, *e.args, e.calls or "")) for e in runs.entries) \
                if runs is not None else ""
            modules = frozenset(self.runs.modules_of(svc))
            modules = self._module_set_of.setdefault(modules, modules)
            self._module_sets[id(svc)] = modules
            mains = tuple(sorted(runs.closure.main)) if runs is not None and runs.closure is not None else ()
            starts = tuple((e.via, e.kind, e.subcommand, e.console, bool(e.args)) for e in runs.entries) \
                if runs is not None else ()
            view = self._views[id(svc)] = (entries, id(modules), mains, starts)
        return view

    def _named(self, svc: Service, rel: str, name: str, depth: int = 0, seen: frozenset[str] = frozenset(),
               field: str | None = None) -> bool:
        entries = self.view(svc)[0]
        if entries and _entry_names(entries, name):
            return True
        mine = self._module_sets[id(svc)]
        stem = _stem(rel)
        for module, (lines, attributes, own) in self._mentions(name).items():
            # a caller's name in another module is its function only where that module names
            # the module that defines it (`from .auth import login`, `auth.login()`): a caller's
            # name is often a common word (`login`, `main`)
            if depth and module != rel and not has_whole(self.source(module) or "", stem):
                continue
            if module in mine:
                if own and module != rel:
                    lines = attributes  # its bare `main()` is its own main: only `cli.main` may be this one
                if not depth and module != rel and not has_whole(self.source(module) or "", stem):
                    # a string of another module that holds the word (a table's name, a key) where
                    # that module never names the one defining it: data, since code reaches a
                    # function by a string only through its module (`getattr(reports, "run")`)
                    lines = self._in_code(svc, module, lines, name)
                elif not depth:
                    # where it does (or defines it), a string reaches the function only as a name
                    # (`"run"`, `"reports:run"`): a sentence holding the word (an error message,
                    # "please re-run with ...") names nothing
                    lines = self._in_code(svc, module, lines, name, name_strings=True)
                # (a call in the `__main__` block of a module the service only imports never runs,
                # nor one in a command-line subcommand its start command does not give)
                live = [line for line in lines if self.runs.runs_line(svc, module, line)
                        and not self._other_command(svc, module, line)
                        and not self._gated_off(svc, module, name, line)]
                if len(live) > (1 if module == rel else 0) \
                        and self._runs_one(svc, module, live, name, depth, seen | {name}, field):
                    return True
        return False

    def _runs_one(self, svc: Service, module: str, lines: list[int], name: str, depth: int,
                  seen: frozenset[str], field: str | None = None) -> bool:
        """Whether one of the ``lines`` of ``module`` that write ``name`` runs: a line in the
        body of a plain module-level function runs only if that function is itself named
        where it runs (a helper that only command-line commands call, in a module a server
        imports, never runs there), ``alias = name`` only if the alias is, and a docstring
        never.  Followed a few functions up; beyond that, and wherever the enclosing code is
        not a plain function (module level, a class, a decorated function that a framework
        registers), it runs."""
        mod = self.flow_for(svc).module(module) if depth < _CALLERS_UP else None
        if mod is None:
            return True
        for line in lines:
            top = mod.top_statement(line)
            if top is None:
                continue  # a comment between statements
            if depth and line not in self._code_lines(module, top, name):
                continue  # a caller's name only in a string or a comment: a word, not the function
            if route_registration(tables(self.knowledge), mod, line, name) and self.serves_no_requests(svc, name):
                continue  # `path("stats/", views.stats)`: a view, where no server receives requests
            if (handler := route_dependency(tables(self.knowledge), mod, line, name)) is not None \
                    and self.serves_no_requests(svc, handler):
                continue  # `store=Depends(get_store)` of a route handler: resolved per request, where none arrives
            if task_registration(tables(self.knowledge), mod, line, name) and self._jobs_run_elsewhere(svc):
                continue  # `"functions": [send_mail]` of a worker's settings: the worker calls it
            if job_name_argument(mod, line, name) and self._jobs_run_elsewhere(svc) and self._registered_job(svc, name):
                continue  # `queue.enqueue("send_mail")`: the name a job is sent by, for the worker
            command = cli_registration(tables(self.knowledge), mod, top, name)
            if command is not None:
                if self._gives(svc, command):
                    return True
            elif isinstance(top, ast.Expr) and isinstance(top.value, ast.Constant):
                continue  # a docstring
            elif _in_docstring(mod, line):
                continue  # a function's or a class's docstring (an example in it: `enqueue("name")`)
            elif _parameter_attribute(mod, line, name):
                continue  # `service.send_bulk_email(...)` on a parameter or a built local: that object's method
            elif isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and top.name == name \
                    and line == top.lineno or _aliases(top, name):
                continue  # the definition itself (`def name`, `name = other`)
            elif isinstance(top, ast.ClassDef) and any(
                    isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == name and f.lineno == line
                    for f in top.body):
                continue  # a method's own `def` of the same name binds the class's attribute, names nothing
            elif isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and line < top.lineno and top.body \
                    and cli_subcommand(tables(self.knowledge), mod, top.body[0]) is not None:
                continue  # the name a subcommand's decorator gives it (`@cli.command("signup")`)
            elif (branch := branch_keys(mod, line, name)) is not None and not self._branch_taken(svc, mod, *branch):
                continue  # `if mode == "local": return LocalSettings` where no call there passes "local"
            elif (local := local_mapping_keys(mod, line, name)) is not None \
                    and not self._local_looked_up(svc, mod, line, name, *local):
                continue  # `{"a": lambda: run_a(), ...}.get(kind)` in a function, where `kind` is never "a"
            elif isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and self._plain_def(top) \
                    and top.body and line >= top.body[0].lineno:
                if top.name not in seen and self._named(svc, module, top.name, depth + 1, seen):
                    return True
            elif field is not None and _other_fields(mod, top, line, name, field):
                continue  # `__version__ = Config.VERSION` reads another field of the class
            elif field is not None and (sub := _subclass_at(mod, top, line, name)) is not None:
                # `class ProductionConfig(Config)` names the base's `field` only where the
                # subclass is loaded and does not set the field again (nor a class between)
                if not _sets(sub, field) and sub.name not in seen and self._loaded(svc, module, sub.name, depth, seen, field):
                    return True
            elif isinstance(top, ast.Assign) and len(top.targets) == 1 and isinstance(top.targets[0], ast.Name) \
                    and isinstance(top.value, ast.Name) and top.value.id == name:
                alias = top.targets[0].id  # `signup = login` under the module's other name
                if alias not in seen and self._named(svc, module, alias, depth + 1, seen):
                    return True
            elif isinstance(top, ast.Assign) and len(top.targets) == 1 and isinstance(top.targets[0], ast.Name) \
                    and top.targets[0].id == name and isinstance(top.value, ast.Attribute) \
                    and top.value.attr == name and isinstance(top.value.value, ast.Name):
                # `login = auth.login`: a package binding its submodule's function under the same
                # name runs it only where that name of the package is named in turn (and the
                # binding, met again on the way, is the alias's own definition)
                key = f"{module}:{name}"
                if key not in seen and self._named(svc, module, name, depth + 1, seen | {key}):
                    return True
            elif (entry := mapping_keys(mod, line, name)) is not None:
                # `config = {"dev": DevConfig, ...}`: loaded only where a lookup takes its key
                if self._looked_up(svc, module, *entry):
                    return True
            elif (held := class_mapping_keys(mod, line, name)) is not None:
                # `class StoreFactory: _kinds = {"chroma": ChromaStore, ...}`: likewise
                if self._class_looked_up(svc, module, *held):
                    return True
            elif isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and top.decorator_list \
                    and top.body and line >= top.body[0].lineno and self._framework_body_idle(svc, mod, top):
                continue  # a task's body under `celery beat`, a route handler's where nothing serves
            elif isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and top.decorator_list \
                    and top.body and line >= top.body[0].lineno and self._guarded_off(svc, module, line):
                continue  # a route handler whose guard rejects every request there
            elif isinstance(top, ast.ClassDef) and self._view_body_idle(svc, mod, line):
                continue  # a class-based view's method, where nothing serves
            elif isinstance(top, ast.ClassDef) and top.body \
                    and (registered := registered_name(tables(self.knowledge), mod, top.body[0])) is not None:
                # a method of a class registered in a component registry runs only where that
                # name is selected (`@Registry.register("STORE_B")` under COMPONENT=STORE_A)
                if self._selected(svc, module, registered):
                    return True
            else:
                return True
        return False

    def _loaded(self, svc: Service, module: str, name: str, depth: int, seen: frozenset[str], field: str) -> bool:
        """Whether the settings class ``name`` of ``module`` (a subclass of the one whose
        ``field`` holds the value) may be loaded in ``svc``: named by what it runs (its own
        subclasses that keep the field too), by its environment, completed from a template, or
        found unnamed by code that walks classes."""
        if self._templated(svc, name) or self._env_names(svc, name):
            return True
        if self._walks_classes(self._module_sets[id(svc)], svc, module, name):
            return True
        return self._named(svc, module, name, depth + 1, seen, field)

    def _walks_classes(self, mine: frozenset[str], svc: Service, rel: str, name: str) -> bool:
        """Some module of ``mine`` calls one of ``rules/flow.yaml`` class_walkers
        (``Base.__subclasses__()``, ``inspect.getmembers(module)``; not a tar archive's
        ``tar.getmembers()``) that may reach the class ``name`` of ``rel``: a class only code
        naming it builds may be built there unnamed.  A module whose every walk is a
        base_walker on a named class (``Store.__subclasses__()``) reaches only the classes
        with that name among their bases."""
        walking = mine & self.matching("class_walkers", tables(self.knowledge).class_walkers.search)
        if not walking:
            return False
        bases: set[str] | None = None
        for module in sorted(walking):
            receivers = self._walked_bases(module)
            if receivers is None:
                receivers = self._walked_receivers(svc, mine, module)
            if receivers is None:
                return True
            if bases is None:
                mod = self.flow_for(svc).module(rel)
                cls = mod.classes.get(name) if mod is not None else None
                if cls is None:
                    return True  # (not found as a class of its module: any walk may reach it)
                bases = lineage(mod, cls)
            if receivers & bases:
                return True
        return False

    def _walked_receivers(self, svc: Service, mine: frozenset[str], module: str) -> frozenset[str] | None:
        """The classes ``module``'s walks start from where every walk is a base_walker whose
        receiver the code names only through parameters (``def all_subclasses(cls):
        cls.__subclasses__()``, called as ``all_subclasses(Plugin)``): the classes the calls in
        ``svc``'s modules hand it (flow/walkreceivers.py); None where unknown."""
        t = tables(self.knowledge)
        text = self.source(module) or ""
        if len(t.class_walkers.pattern.findall(text)) != len(list(t.base_walkers.finditer(text))):
            return None  # a walk of a module's members (`inspect.getmembers`): any class
        key = (self.view(svc), module)
        hit = self._receivers.get(key)
        if hit is None:
            flow = self.flow_for(svc)
            mod = flow.module(module)
            walkers = frozenset(self.knowledge.flow.base_walkers)

            def writers(name: str) -> list[str]:
                return sorted(m for m in self._mentions(name) if m in mine)
            got = walked_classes(mod, walkers, flow.module, writers) if mod is not None else None
            hit = self._receivers[key] = (got,)
        return hit[0]

    def _walked_bases(self, module: str) -> frozenset[str] | None:
        """The last names of the classes ``module``'s walks start from, where every walk it
        makes is a base_walker on a class named by a dotted name; None otherwise (a walk of a
        module's members, or of a receiver computed at run time: ``cls.__subclasses__()``)."""
        hit = self._walked.get(module)
        if hit is None:
            t = tables(self.knowledge)
            text = self.source(module) or ""
            walks = len(t.class_walkers.pattern.findall(text))
            receivers = [m.group(1) for m in t.base_walkers.finditer(text)]
            names = {r.rpartition(".")[2] for r in receivers if r}
            named = len(receivers) == walks and all(receivers) and not names & {"cls", "self", "type", "klass"}
            hit = self._walked[module] = (frozenset(names),) if named else (None,)
        return hit[0]

    def matching(self, key: str, test: Callable[[str], Any]) -> frozenset[str]:
        """The modules of every service whose text passes ``test`` (a search of ``rules/flow.yaml``
        knowledge named ``key``), found once; a service asks whether its own set meets them."""
        hit = self._matching.get(key)
        if hit is None:
            hit = self._matching[key] = frozenset(m for m, text in self._every_texts() if test(text))
        return hit

    def _field(self, svc: Service, rel: str, line: int, cls: str, kind: str) -> str | None:
        """The field of the module-level class ``cls`` that the statement of its body at
        ``line`` sets (``CELERY_BROKER_URL = "..."``), or that a setting ``kind`` read from the
        class as a whole names (its header's line), or None."""
        mod = self.flow_for(svc).module(rel)
        top = mod.top_statement(line) if mod is not None else None
        if not isinstance(top, ast.ClassDef) or top.name != cls:
            return None
        if line == top.lineno:
            setting = kind[len("setting "):].partition(".")[0] if kind.startswith("setting ") else ""
            return setting if setting.isidentifier() and not keyword.iskeyword(setting) else None
        for stmt in top.body:
            if stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno):
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    return stmt.targets[0].id
                if isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(stmt.target, ast.Name):
                    return stmt.target.id
                return None
        return None

    def _framework_body_idle(self, svc: Service, mod: Any, func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """The body of the decorated module-level function ``func`` never runs in ``svc``'s
        container, so a name written there is called by nothing: a background task's body
        where only a subcommand that executes no task runs (``celery -A proj beat``), a route
        handler's where no server receives requests and nothing calls it (flow/handlers.py).
        The same gates as those of a sink written in such a body, for the helpers it calls."""
        t = tables(self.knowledge)
        if task_function(t, mod, func.body[0]) and self._task_body_idle(svc, mod.rel, func.body[0].lineno):
            return True
        handler = route_handler(t, mod, func.body[0])
        return handler is not None and self.serves_no_requests(svc, handler)

    def _view_body_idle(self, svc: Service, mod: Any, line: int) -> bool:
        """``line`` lies in the body of a class-based view's method (flow/handlers.py) in a
        container where no server receives requests and nothing builds the view itself: a name
        written there is called by nothing (a client class a view's ``get`` builds)."""
        stmt = mod.statement_at(line)
        if stmt is None or isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False  # (a method's decorator or default runs when the class is created)
        handler = route_handler(tables(self.knowledge), mod, stmt)
        return handler is not None and self.serves_no_requests(svc, handler)

    def _in_code(self, svc: Service, module: str, lines: tuple[int, ...], name: str,
                 name_strings: bool = False) -> tuple[int, ...]:
        """The ``lines`` of ``module`` whose code names ``name`` (``_code_lines``), not only a
        string or a comment there (with ``name_strings``, or a string that is a name or a dotted
        path ending in it); all of them where the module is not parsed."""
        mod = self.flow_for(svc).module(module)
        if mod is None:
            return lines
        return tuple(line for line in lines if (top := mod.top_statement(line)) is not None
                     and line in self._code_lines(module, top, name, name_strings))

    def _code_lines(self, module: str, top: ast.stmt, name: str, name_strings: bool = False) -> set[int]:
        """``_code_lines`` of a top-level statement, once per statement and name: the lines of a
        large class are asked about one by one, and each walked the whole class."""
        key = (module, top.lineno, top.col_offset, name, name_strings)
        hit = self._code_line_sets.get(key)
        if hit is None:
            hit = self._code_line_sets[key] = _code_lines(top, name, name_strings)
        return hit

    def _selected(self, svc: Service, rel: str, registered: str) -> bool:
        """Whether ``svc`` may select the class registered as ``registered`` in ``rel``: its
        environment names it (``DATAPREP_COMPONENT_NAME=OPEA_DATAPREP_REDIS``), or code it runs
        does besides the registration (a default, a direct lookup); an unknown environment may."""
        env = service_env(svc)
        if env is None or any(v is not None and has_whole(v, registered) for v in env.values()):
            return True
        self.view(svc)
        mine = self._module_sets[id(svc)]
        for module, (lines, _, _) in self._mentions(registered).items():
            if module in mine and sum(1 for line in lines if self.runs.runs_line(svc, module, line)
                                      and not self._unused_default(svc, module, line, registered, env)) \
                    > (1 if module == rel else 0):
                return True
        return False

    def _unused_default(self, svc: Service, module: str, line: int, value: str, env: dict[str, str | None]) -> bool:
        """``value`` written on ``line`` selects nothing: only as the default of an environment
        read whose variable ``svc`` sets (``os.getenv("COMPONENT", "OPEA_X")`` where COMPONENT
        is set), compared with (``if name == "OPEA_X":`` tests a choice made elsewhere), or
        only inside longer text (a message, a docstring) or a comment."""
        mod = self.flow_for(svc).module(module)
        if mod is None:
            return False
        t = tables(self.knowledge)
        found = [n for n in mod.expressions_naming(value) for n in ast.walk(n)
                 if isinstance(n, ast.Constant) and n.value == value and getattr(n, "lineno", 0) == line]
        for const in found:
            parent = mod.parent(const)
            if isinstance(parent, ast.Compare) or isinstance(parent, (ast.Tuple, ast.List, ast.Set)) \
                    and isinstance(mod.parent(parent), ast.Compare):
                continue  # `name == "OPEA_X"`, `name in ("OPEA_X", ...)`
            var = env_read(t, mod, parent) if isinstance(parent, ast.Call) else None
            if not var or var == value or env.get(var) is None:
                return False
        return True

    def _env_key(self, svc: Service) -> tuple | None:
        env = service_env(svc)
        return None if env is None else tuple(sorted(env.items(), key=lambda kv: (kv[0], kv[1] is None, kv[1] or "")))

    def _gated_off(self, svc: Service, module: str, name: str, line: int) -> bool:
        """Every read of ``name`` on ``line`` of ``module`` sits in a branch that ``svc``'s
        environment turns off (``elif DB_URL == "impersonate": create_engine(creator=_connect)``
        where the service sets another DB_URL, or after an ``elif x == "a" or "b":`` that always
        holds): the function is not handed on there.  An unknown environment (None) decides
        only conditions on no variable."""
        env = service_env(svc)
        mod = self.flow_for(svc).module(module)
        reads: list[ast.AST] = [n for n in mod.loads(name) if n.lineno == line] if mod is not None else []
        if not reads and mod is not None:
            # `from .limiter import check` in a function's body, after its early exit: the
            # import statement's own place decides
            stmt = mod.statement_at(line)
            if isinstance(stmt, (ast.Import, ast.ImportFrom)) and stmt.lineno == line \
                    and mod.function_of(stmt) is not None \
                    and any((a.asname or a.name).split(".")[0] == name for a in stmt.names):
                reads = [stmt]
        if not reads:
            return False
        t = tables(self.knowledge)
        return all(any(g.holds(env) is False for g in branch_gates(t, mod, n)) for n in reads)

    def _guarded_off(self, svc: Service, module: str, line: int) -> bool:
        """``line`` of ``module`` is in the body of a route handler whose decorator hands the
        framework a guard that raises on every request under ``svc``'s environment
        (``dependencies=[Depends(feature_required)]`` with ``if not settings.FEATURE_ON: raise``
        where the service writes ``FEATURE_ON=false``: flow/routeguards.py)."""
        flow = self.flow_for(svc)
        mod = flow.module(module)
        top = mod.top_statement(line) if mod is not None else None
        if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) or not top.decorator_list \
                or not top.body or line < top.body[0].lineno:
            return False
        return rejects_every_request(tables(self.knowledge), mod, top, gate_env(svc))

    def _other_command(self, svc: Service, module: str, line: int) -> bool:
        """``line`` of ``module`` is in the body of a command-line subcommand (``@cli.command()``,
        ``rules/flow.yaml`` cli_subcommands) whose name no start command of ``svc`` gives: a
        server that imports the module with its command group never runs the command.  Only
        where the service's start command was followed (a fallback may run any program)."""
        text = self.source(module)
        if not text or ".command" not in text and ".callback" not in text:
            return False
        runs = self.runs.of(svc)
        if runs is None or runs.mode != CLOSURE:
            return False
        mod = self.flow_for(svc).module(module)
        top = mod.top_statement(line) if mod is not None else None
        if mod is None or not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) or line <= top.lineno:
            return False
        command = cli_subcommand(tables(self.knowledge), mod, top.body[0])
        return command is not None and not has_whole(self.view(svc)[0], command)

    def _gives(self, svc: Service, command: str) -> bool:
        """Whether ``svc``'s start command may run the subcommand ``command``: it names it, or
        it was not followed (a fallback may run any program)."""
        runs = self.runs.of(svc)
        return runs is None or runs.mode != CLOSURE or has_whole(self.view(svc)[0], command)

    def _every_texts(self) -> list[tuple[str, str]]:
        """(module, its text) of every module a service runs."""
        if self._every_module is None:
            self._every_module = [(m, text) for m in self._every_modules() if (text := self.source(m))]
        return self._every_module

    def _every_modules(self) -> list[str]:
        """Every module a service runs, sorted (their texts unread)."""
        if self._every_name is None:
            self._every_name = sorted({m for r in self.runs.services for m in self.runs.modules_of(r.service)})
        return self._every_name

    def _registered_job(self, svc: Service, name: str) -> bool:
        """Code ``svc`` runs hands a function ``name`` to a task queue's worker as a job
        (``astfacts.task_registration``): a string of that name sent as a job's name is it."""
        key = (self.view(svc), name)
        hit = self._jobs.get(key)
        if hit is None:
            mine = self._module_sets[id(svc)]
            t = tables(self.knowledge)
            hit = False
            for module, (lines, _, _) in self._mentions(name).items():
                mod = self.flow_for(svc).module(module) if module in mine else None
                if mod is not None and any(task_registration(t, mod, line, name) for line in lines):
                    hit = True
                    break
            self._jobs[key] = hit
        return hit

    def _mentions(self, name: str) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
        """module -> (the lines that write ``name``, those that write it as an attribute,
        ``obj.name``, and whether the module defines a function or class of that name at its
        top level and imports none), over every module a service runs: one pass per name,
        shared by the services (a layout without start commands runs thousands of files in
        each)."""
        hit = self._mentioned.get(name)
        if hit is None:
            hit = self._mentioned[name] = _mentions_of(name, self._every_texts())
        return hit

    def _mentions_within(self, name: str, mine: frozenset[str]) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
        """``_mentions`` of the modules ``mine`` (a container's set) only: searched in their texts
        alone where the search of every module has not been made and the set is a small part of
        them (a container running a few files of a tree another container runs whole: a warm
        run read every file's text for it)."""
        full = self._mentioned.get(name)
        if full is not None:
            return {m: v for m, v in full.items() if m in mine}
        key = (name, id(mine))  # (module sets are one object per distinct set, kept by _module_sets)
        hit = self._mentioned_in.get(key)
        if hit is None:
            if len(mine) * 4 > len(self._every_modules()):
                hit = {m: v for m, v in self._mentions(name).items() if m in mine}
            else:
                hit = _mentions_of(name, [(m, text) for m in sorted(mine) if (text := self.source(m))])
            self._mentioned_in[key] = hit
        return hit


def _mentions_of(name: str, texts: list[tuple[str, str]]) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
    """``Called._mentions`` over the modules ``texts`` (module, its text)."""
    hit: dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]] = {}
    own = re.compile(rf"^(?:async[ \t]+)?def[ \t]+{re.escape(name)}\b|^class[ \t]+{re.escape(name)}\b", re.M)
    for module, text in texts:
        if name not in text:
            continue
        found, attributes, line, at = [], [], 1, 0
        imported = False
        spans: list[tuple[int, int]] | None = None
        for pos in positions_whole(text, name):
            if spans is None:
                spans = statement_spans(text)
            line, at = line + text.count("\n", at, pos), pos
            if not any(a <= pos < b for a, b in spans) or _ALIASED.match(text, pos + len(name)):
                if prose(text, pos, pos + len(name)):
                    continue  # "# the main loop", """The main module.""": a word, no name
                found.append(line)  # (importing a function does not call it; a new name may)
                if pos and text[pos - 1] == ".":
                    attributes.append(line)
            else:
                imported = True
        if found:
            hit[module] = (tuple(found), tuple(attributes), not imported and own.search(text) is not None)
    return hit


_NAME_STRING = re.compile(r"\s*[A-Za-z_][\w.:]*\s*")


def _decorator_name(node: ast.AST) -> str | None:
    """The last name of a decorator (``@contextlib.contextmanager``, ``@lru_cache(maxsize=1)``)."""
    if isinstance(node, ast.Call):
        node = node.func
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None


def _entry_names(entries: str, name: str) -> bool:
    """The start commands' words ``entries`` name ``name`` as a whole word: not as one part of
    a hyphenated word (``run-update-listener``, a subcommand of its own, names no ``run``)."""
    for pos in positions_whole(entries, name):
        end = pos + len(name)
        if pos >= 2 and entries[pos - 1] == "-" and entries[pos - 2].isalnum() \
                or end + 1 < len(entries) and entries[end] == "-" and entries[end + 1].isalnum():
            continue
        return True
    return False


def _code_lines(stmt: ast.AST, name: str, name_strings: bool = False) -> set[int]:
    """The lines where ``stmt``'s code names ``name`` (a variable, an attribute, an import
    or the definition), not a string or a comment; with ``name_strings``, also a string that
    is the name or a dotted path to it (``"run"``, ``"reports.run"``, ``"reports:run"``)."""
    out: set[int] = set()
    for node in ast.walk(stmt):
        if name_strings and isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and _NAME_STRING.fullmatch(node.value) and name in re.split(r"[.:\s]+", node.value.strip()):
            out.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
            continue
        if isinstance(node, ast.Name) and node.id == name or isinstance(node, ast.alias) and name in (
                node.asname, node.name.rpartition(".")[2]):
            out.add(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == name:
            out.add(node.end_lineno or node.lineno)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            out.add(node.lineno)
    return out


def _subclass_at(mod: Any, top: Any, line: int, name: str) -> ast.ClassDef | None:
    """The module-level class ``top`` when ``line`` writes ``name`` only among its bases
    (``class ProductionConfig(Config):``, ``config.Config``), undecorated and without class
    keywords (a metaclass or a registry may find it unnamed), else None."""
    if not isinstance(top, ast.ClassDef) or top.name == name or top.decorator_list or top.keywords \
            or mod.parent(top) is not mod.tree or not top.body or line >= top.body[0].lineno:
        return None
    if not any(isinstance(b, ast.Name) and b.id == name or isinstance(b, ast.Attribute) and b.attr == name
               for b in top.bases):
        return None
    # another base from elsewhere (`class ProductionConfig(Config, BaseSettings)`): a framework may
    # find and build it without its name being written
    local = {s.name for s in mod.tree.body if isinstance(s, ast.ClassDef)} | {"object", name}
    if not all(isinstance(b, ast.Name) and b.id in local or isinstance(b, ast.Attribute) and b.attr == name
               for b in top.bases):
        return None
    return top


def _other_fields(mod: Any, top: Any, line: int, name: str, field: str) -> bool:
    """Every ``name`` written on ``line`` reads a field of it other than ``field``
    (``Config.VERSION``), not called (a method may read any field) nor stored."""
    if top is None:
        return False
    names = [n for n in ast.walk(top) if isinstance(n, ast.Name) and n.id == name and n.lineno == line]
    if not names:
        return False
    for n in names:
        parent = mod.parent(n)
        if not isinstance(parent, ast.Attribute) or parent.value is not n or parent.attr == field \
                or not isinstance(parent.ctx, ast.Load) or parent.attr.startswith("__"):
            return False
        outer = mod.parent(parent)
        if isinstance(outer, ast.Call) and outer.func is parent:
            return False
    return True


def _sets(cls: ast.ClassDef, field: str) -> bool:
    """The body of ``cls`` binds ``field`` again by a statement of its own (not in a branch)."""
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == field for t in stmt.targets):
            return True
        if isinstance(stmt, ast.AnnAssign) and stmt.value is not None and isinstance(stmt.target, ast.Name) \
                and stmt.target.id == field:
            return True
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.name == field:
            return True
    return False


def _aliases(stmt: ast.AST, name: str) -> bool:
    """``stmt`` is ``name = other``: the definition of an alias."""
    return isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Name) \
        and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)


def _stem(rel: str) -> str:
    """The name a module is imported by: ``pkg/auth.py`` -> ``auth``, ``pkg/__init__.py`` -> ``pkg``."""
    stem = posixpath.basename(rel[:-3] if rel.endswith(".py") else rel)
    return posixpath.basename(posixpath.dirname(rel)) if stem == "__init__" else stem
