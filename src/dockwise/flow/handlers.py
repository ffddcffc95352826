"""Request handlers run only where a server serves them.

A function registered as a route of a web application (``@app.route(...)``,
``@router.get(...)``, ``@api_view``: ``rules/flow.yaml`` route_decorators), or a method of a
class-based view (a subclass of Django's ``View``, Flask's ``MethodView``, Flask-RESTful's
``Resource``, DRF's ``APIView``...: view_classes), or any method of a middleware (a subclass
of Django's ``MiddlewareMixin``, a class whose ``__init__`` takes ``get_response``:
middleware_classes, middleware_init_params), runs its body when a server of the process
receives a request.  A container whose start command only runs a
script of the project (``python consumer.py``) that imports the application's module for its
models or its database, and starts no server, never receives one: the handler's body does not
run there, while the module's top level does.

The container is taken to serve requests (the handler may run) unless all of these hold:
every program its start command runs is the interpreter on a script or module of the project,
given no arguments (``python manage.py runserver`` starts Django's server from library code),
or a runner that listens on no port (``celery -A proj worker``, ``rq worker``: ``rules/commands.yaml``
runners, but not one that ``serves_requests`` itself, faust's worker);
no module it runs names anything that may start a server or another program on a line that
runs there (the last name of a server call of ``rules/clients.yaml``, ``app.run``,
``uvicorn.run``, ``serve_forever``, ``listen``..., or of ``rules/flow.yaml``
server_start_calls, ``Popen``, ``system``, ``start``..., or a call that dispatches a request
in-process, ``app.test_client()``, ``TestClient(app)``; called or handed on; one in the
``if __name__ == "__main__":`` block of a module it only imports does not run; nor one the code
shows starts none: an attribute only read, ``cpu.system + 1``, the ``.start()`` of a thread
whose ``target=`` is a function of the module, of an APScheduler scheduler or a
``threading.Timer``, a ``subprocess`` call whose literal program is a tool such as ``git``:
see _idle_starts; where every program only imports the project's modules, a runner
subcommand that executes no task such as ``celery beat``, only a start at a module's top level
runs); and nothing it runs calls the handler's function by its name (a consumer that calls the
view directly).
"""
from __future__ import annotations

import ast
import posixpath
from typing import Any, Callable, Container, Sequence

from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted
from dockwise.flow.sinks import Tables
from dockwise.pysyntax import parse as parse_source
from dockwise.runs.build import CLOSURE
from dockwise.runs.entries import quiet_program, quiet_runner
from dockwise.words import has_call

MAX_HANDLERS_UP = 4  # route handlers followed up through their callers that are handlers too

__all__ = ["calls_handler", "may_serve", "route_dependency", "route_handler", "route_registration", "view_attribute"]


def route_handler(t: Tables, mod: ModuleAst, node: ast.AST) -> str | None:
    """The name of the function holding ``node`` (or of one around it) that a route decorator
    registers as a request handler, or of the class-based view whose method holds it; None
    otherwise.  A view's name stands for its methods: code that builds the class itself
    (``UserView()``) calls them directly, while ``UserView.as_view()`` or
    ``api.add_resource(UserView, "/users")`` leaves them to the server."""
    child: ast.AST = node
    for p in mod.ancestors(node):
        if isinstance(p, FUNCTIONS) and any(_is_route(t, dec) for dec in p.decorator_list):
            return p.name
        if isinstance(p, ast.ClassDef) and isinstance(child, FUNCTIONS) and _view_class(t, mod, p) \
                and (_request_method(child) or _view_helper(mod, p, child)):
            return p.name
        if isinstance(p, ast.ClassDef) and isinstance(child, FUNCTIONS) and _middleware(t, mod, p):
            return p.name
        child = p
    return None


def view_attribute(t: Tables, mod: ModuleAst, node: ast.AST) -> tuple[str, tuple[str, ...]] | None:
    """(the class-based view, the class attributes) where ``node`` is written in the value of
    an assignment in the view class's own body, not in a method (``upstream = "http://" +
    settings.UPSTREAM`` of a reverse-proxy view): the class attributes its request methods
    read, or the framework's do for them.  None elsewhere.  The class body itself runs on
    import, so only a value kept there, not a call made there, waits for a request."""
    child: ast.AST = node
    for p in mod.ancestors(node):
        if isinstance(p, FUNCTIONS):
            return None
        if isinstance(p, ast.ClassDef):
            if not _view_class(t, mod, p):
                return None
            targets = child.targets if isinstance(child, ast.Assign) else \
                [child.target] if isinstance(child, ast.AnnAssign) and child.value is not None else []
            names = tuple(x.id for x in targets if isinstance(x, ast.Name))
            if not names or len(names) != len(targets) or any(isinstance(n, ast.Call) for n in ast.walk(child)):
                return None
            return p.name, names
        child = p
    return None


def _middleware(t: Tables, mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """``cls`` is a middleware: a base is one of ``rules/flow.yaml`` middleware_classes (or a
    class of the same module that is a middleware), or its ``__init__`` takes a parameter of
    middleware_init_params (``def __init__(self, get_response)``).  The server builds it as
    its request handler loads and calls it on each request: every method, ``__init__`` and
    ``__call__`` too, runs only where a server receives requests."""
    def factory(c: ast.ClassDef) -> bool:
        for stmt in c.body:
            if isinstance(stmt, FUNCTIONS) and stmt.name == "__init__":
                params = [*stmt.args.posonlyargs, *stmt.args.args, *stmt.args.kwonlyargs]
                return any(a.arg in t.middleware_params for a in params[1:])
        return False
    return _derives(mod, cls, t.middleware_classes, factory, set())


def route_registration(t: Tables, mod: ModuleAst, line: int, name: str) -> bool:
    """Every ``name`` written on ``line`` is handed as the view of a route table's entry
    (Django's ``path("stats/", views.stats)``, Flask's ``add_url_rule(..., view_func=stats)``,
    Starlette's ``Route("/stats", stats)``: ``rules/flow.yaml`` route_registrations): the
    function is registered as a request handler there, not called."""
    top = mod.top_statement(line)
    if top is None:
        return False
    handed = written = 0
    for node in ast.walk(top):
        if isinstance(node, ast.Call) and t.route_registrations.fullmatch(mod.qname(node.func) or ""):
            handed += sum(1 for arg in (*node.args, *(k.value for k in node.keywords))
                          if _names(arg, name) and arg.lineno == line)
        elif _names(node, name) and getattr(node, "lineno", 0) == line:
            written += 1
    return handed > 0 and handed == written


def route_dependency(t: Tables, mod: ModuleAst, line: int, name: str) -> str | None:
    """The route handler whose header hands every ``name`` written on ``line`` to a request
    dependency marker (FastAPI's ``store=Depends(get_store)`` as a parameter's default, or in
    the route decorator's ``dependencies=[Depends(check)]``: ``rules/flow.yaml``
    request_dependencies): the framework calls that function when it resolves a request for
    the route, not where the ``def`` runs; None where ``line`` writes the name any other way."""
    top = mod.top_statement(line)
    if not isinstance(top, FUNCTIONS) or not top.body or line >= top.body[0].lineno:
        return None
    handler = route_handler(t, mod, top.body[0])
    if handler is None:
        return None
    header = [*top.decorator_list, *top.args.defaults, *(d for d in top.args.kw_defaults if d is not None)]
    handed = written = 0
    for part in header:
        for node in ast.walk(part):
            if isinstance(node, ast.Call) and (dotted(node.func) or "").rpartition(".")[2] in t.request_dependencies:
                handed += sum(1 for arg in (*node.args, *(k.value for k in node.keywords))
                              if _names(arg, name) and arg.lineno == line)
            elif _names(node, name) and getattr(node, "lineno", 0) == line:
                written += 1
    return handler if handed > 0 and handed == written else None


def _names(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name or isinstance(node, ast.Attribute) and node.attr == name


def _request_method(func: ast.AST) -> bool:
    """A method the framework calls on the instance it builds for a request: not a dunder
    (Flask builds a view with ``init_every_request = False`` once, when it is registered), not a
    static or class method (callable on the class from anywhere)."""
    return isinstance(func, FUNCTIONS) and not (func.name.startswith("__") and func.name.endswith("__")) \
        and not any(dotted(d) in ("staticmethod", "classmethod") for d in func.decorator_list)


def _view_helper(mod: ModuleAst, cls: ast.ClassDef, func: ast.AST, seen: frozenset[str] = frozenset()) -> bool:
    """``func`` is a private static or class method of ``cls`` (``_check_queue``) that the
    module names only in the bodies of ``cls``'s request methods (``self._check_queue()`` in a
    health view's ``get``), or of such helpers, or nowhere (the view reaches it by a name it
    builds: ``getattr(self, f"_check_{name}")``): it runs where they do.  A public one, or one
    named anywhere else, may be called on the class from anywhere (``Stats.fetch()`` in a
    worker's tasks module, which this module's text does not show)."""
    if not isinstance(func, FUNCTIONS) or _request_method(func) or func.name in seen \
            or not func.name.startswith("_") or func.name.startswith("__") and func.name.endswith("__"):
        return False
    uses: list[ast.AST] = [*mod.attr_loads(func.name), *mod.loads(func.name)]
    for use in uses:
        child: ast.AST = use
        method = None
        for p in mod.ancestors(use):
            if p is cls:
                method = child
                break
            child = p
        if method is None or not (_request_method(method) or _view_helper(mod, cls, method, seen | {func.name})):
            return False
    return True


def _view_class(t: Tables, mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """``cls`` is a class-based view: a base is one of ``rules/flow.yaml`` view_classes (by the
    name its import gives it: ``flask_restful.Resource``, ``django.views.generic.TemplateView``),
    or a class of the same module that is one, or a route decorator registers it
    (Flask-RESTX's ``@ns.route("/users")`` on a ``Resource``)."""
    return _derives(mod, cls, t.view_classes, lambda c: any(_is_route(t, dec) for dec in c.decorator_list), set())


def _derives(mod: ModuleAst, cls: ast.ClassDef, bases: Any, itself: Callable[[ast.ClassDef], bool],
             seen: set[str]) -> bool:
    """``itself(cls)`` holds, or a base of ``cls`` is one of ``bases`` (a pattern over the name
    its import gives it), or is a class of the same module for which this holds."""
    if cls.name in seen:
        return False
    seen.add(cls.name)
    if itself(cls):
        return True
    for base in cls.bases:
        name = mod.qname(base) or ""
        if bases.fullmatch(name):
            return True
        local = mod.top_class(name)
        if local is not None and _derives(mod, local, bases, itself, seen):
            return True
    return False


def _is_route(t: Tables, dec: ast.expr) -> bool:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return t.route_decorators.fullmatch(dotted(target) or "") is not None


def may_serve(runs: Any, t: Tables, source: Callable[[str], str | None], svc: Any,
              runners: Sequence[Any] = (), on_import: Callable[[str, int], bool] | None = None,
              tree_of: Callable[[str], ast.AST | None] | None = None) -> bool:
    """Whether ``svc``'s container may receive requests: its start is not a plain script or
    module of the project, or code it runs starts a server or another program (see the
    module's docstring).  The same for every handler: asked once per container view.
    A program that only imports the project's modules and runs none of their functions
    (``celery -A proj beat``, a monitor: a runner subcommand that executes no task) runs a start
    at a module's top level, not one written in a function's body: in a module that only such
    programs reach (``ServiceRuns.executing``), function bodies are skipped.
    A container whose every program runs the file its configuration names and exits (``alembic
    upgrade head``: env.py) runs that file's top level, the functions it calls and the top level
    of what it imports (``on_import``: flow/importtime.py): a start written in the body of a
    function nothing there calls (a sync helper's ``subprocess.run`` in a module the models
    import) is not counted."""
    r = runs.of(svc)
    if r is None or r.mode != CLOSURE or r.closure is None or r.closure.unresolved \
            or r.start is None or r.start.unknown:
        return True
    programs = [e for e in r.entries if not (e.via or "").startswith("env:")]
    if not programs or not all(_starts_no_server(e, runners, t.quiet_config_programs, t.server_starts)
                               for e in programs):
        return True
    # programs that call no function of the project's by themselves beyond what loading it
    # runs: a migration run (its env.py's own calls), a task runner (its tasks, dispatched by
    # the runner, are no server's entry): a start counts where loading the code runs it
    on_load = on_import is not None and all(
        quiet_program(e, t.quiet_config_programs)
        or quiet_runner(posixpath.basename((e.via or "").partition(" ")[0]), runners) for e in programs)
    # a server (or a program) started, or handed on to be started
    # (a bare name counts where the module binds it by no assignment or parameter: `run`
    # imported from a server library, not a local `run = repo.get(...)`)
    # (`self.run(...)` where the class defines `run`, or is a task class, calls no server: see
    # _own_methods)
    project_method = _project_methods(r.closure.reached, source)
    return _runs_node(runs, source, svc, lambda text: t.server_starts.search(text) is not None,
                      lambda node, local: isinstance(node, ast.Attribute) and node.attr in t.server_start_names
                      or isinstance(node, ast.Name) and node.id in t.server_start_names and node.id not in local,
                      lambda tree: _own_methods(t, tree) | _idle_starts(t, tree, project_method),
                      imported_only=lambda rel: r.executing is not None and rel not in r.executing,
                      line_runs=on_import if on_load else None,
                      # (`on_import` parses every module of the closure: its trees, not a second parse)
                      tree_of=tree_of if on_load else None)


def _in_functions(tree: ast.AST) -> set[int]:
    """The nodes (by id) in the bodies of the module's functions and lambdas: code that runs
    only when something calls it (decorators and default values run where the ``def`` does)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, FUNCTIONS):
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
        elif isinstance(node, ast.Lambda):
            out.update(id(n) for n in ast.walk(node.body))
    return out


def _starts_no_server(e: Any, runners: Sequence[Any], quiet_configs: Sequence[str] = (),
                      server_starts: Any = None) -> bool:
    """The entry runs code of the project under a program that listens on no port by itself:
    the interpreter on a script or module given no arguments, or only options (``python
    scripts/check_env.py --strict``: a word that is no option may name a subcommand that
    serves, ``manage.py runserver``; a server the script's own code starts is looked for
    apart), a runner (``celery -A proj worker``) that does not serve requests, or a program
    that runs the file its configuration names and exits (``quiet_configs``: alembic's
    env.py, a migration an entrypoint runs before ``celery beat``).  So is the interpreter
    on an inline program (``python -c "import app.db"``, the readiness check an entrypoint
    runs before its worker) whose own text names nothing that may start a server
    (``server_starts``): that text is no file of the closure, so it is read here; the
    modules it imports are searched with the others."""
    if e.kind == "code":
        return server_starts is not None and (e.via or "") == "python" \
            and server_starts.search(e.value or "") is None
    if e.kind == "file" and e.via is not None:
        return quiet_program(e, quiet_configs)
    if quiet_program(e, quiet_configs):
        return True  # `python -m alembic upgrade head`: that program, run as a module
    if e.kind not in ("script", "module") or e.console:
        return False
    if e.via == "python":
        return all(a.startswith("-") for a in e.args)
    return quiet_runner(posixpath.basename((e.via or "").partition(" ")[0]), runners)


def calls_handler(runs: Any, source: Callable[[str], str | None], svc: Any, handler: str,
                  t: Tables | None = None, seen: frozenset[str] = frozenset()) -> bool:
    """Whether code ``svc`` runs calls the function ``handler`` directly, not by a server.  A
    call written in the body of another route handler (``t``'s route_decorators: a handler
    that calls its sibling as a helper) runs only where that handler is called in turn,
    followed a few handlers up."""
    def call(node: ast.AST, local: Container[str]) -> bool:
        if not isinstance(node, ast.Call):
            return False
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in local and func.value.id not in ("self", "cls"):
            return False  # `client.msearch(...)` on a variable or parameter: that object's method
        return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) == handler

    if t is None:
        return _runs_node(runs, source, svc, lambda text: has_call(text, handler), call)
    callers: set[str] = set()
    r = runs.of(svc)
    for rel in r.closure.reached:
        text = source(rel)
        if text is None:
            return True
        if not has_call(text, handler):
            continue
        try:
            tree = parse_source(text)
        except (SyntaxError, ValueError, RecursionError):
            return True
        within: dict[int, str] = {}  # node id -> the route handler whose body holds it
        for func in ast.walk(tree):
            if isinstance(func, FUNCTIONS) and func.name != handler and any(_is_route(t, d) for d in func.decorator_list):
                for stmt in func.body:
                    for n in ast.walk(stmt):
                        within.setdefault(id(n), func.name)
        local = _variables(tree)
        for node in ast.walk(tree):
            if call(node, local) and runs.runs_line(svc, rel, getattr(node, "lineno", 0)):
                holder = within.get(id(node))
                if holder is None:
                    return True
                callers.add(holder)
    if len(seen) >= MAX_HANDLERS_UP:
        return bool(callers)
    return any(caller not in seen and calls_handler(runs, source, svc, caller, t, seen | {handler})
               for caller in sorted(callers))


def _runs_node(runs: Any, source: Callable[[str], str | None], svc: Any,
               may_hold: Callable[[str], bool], wanted: Callable[[ast.AST, Container[str]], bool],
               skipped: Callable[[ast.AST], set[int]] = lambda tree: set(),
               imported_only: Callable[[str], bool] = lambda rel: False,
               line_runs: Callable[[str, int], bool] | None = None,
               tree_of: Callable[[str], ast.AST | None] | None = None) -> bool:
    """Some module ``svc``'s closure reaches holds a ``wanted`` node on a line that runs there
    (asked with the names the module binds as variables: assigned, or parameters), other than
    the nodes ``skipped`` gives for the module's tree, and, given ``line_runs``, on a line it
    says runs; only modules whose text ``may_hold`` one are parsed (or their trees taken from
    ``tree_of``, None where one does not parse).  A module that cannot be read or parsed may
    hold anything."""
    r = runs.of(svc)
    for rel in r.closure.reached:
        text = source(rel)
        if text is None:
            return True
        if not may_hold(text):
            continue
        if tree_of is not None:
            tree = tree_of(rel)
            if tree is None:
                return True
        else:
            try:
                tree = parse_source(text)
            except (SyntaxError, ValueError, RecursionError):
                return True
        local = _LazyVariables(tree)
        found = [node for node in ast.walk(tree) if wanted(node, local)
                 and runs.runs_line(svc, rel, getattr(node, "lineno", 0))
                 and (line_runs is None or line_runs(rel, getattr(node, "lineno", 0)))]
        if not found:
            continue  # (the nodes to skip are asked only of a module holding a candidate)
        skip = skipped(tree) | (_in_functions(tree) if imported_only(rel) else set())
        if any(id(node) not in skip for node in found):
            return True
    return False


def _own_methods(t: Tables, tree: ast.AST) -> set[int]:
    """The ``self.<name>`` attributes (by id) in a class's methods that name a method the class
    defines itself, or any method of a task class (a base in ``rules/flow.yaml`` task_classes:
    Celery's ``Task``, whose ``run`` is the task's body, as the ``__call__`` of Flask's
    ``FlaskTask`` calls it): the call runs the class's own code, whose server starts are looked
    for where they are written, not a server a library class starts."""
    out: set[int] = set()
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        own = {f.name for f in cls.body if isinstance(f, FUNCTIONS)}
        task = any(t.task_classes.fullmatch(dotted(b) or "") for b in cls.bases)
        for node in ast.walk(cls):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self" \
                    and (task or node.attr in own):
                out.add(id(node))
    return out


def _project_methods(reached: Any, source: Callable[[str], str | None]) -> Callable[[str, str], bool]:
    """``(qualified class, method)`` -> the class is a module-level class of a module the
    container runs (``pkg.jobs.Exporter`` of ``pkg/jobs.py``), and defines that method in its
    own body: a call of it on an object built from the class runs the project's code, whose
    own server starts are looked for where they are written."""
    suffixes: dict[str, str] = {}
    for rel in reached:
        if rel.endswith("/__init__.py"):
            suffixes.setdefault(rel[: -len("/__init__.py")], rel)
        elif rel.endswith(".py"):
            suffixes.setdefault(rel[:-3], rel)
    memo: dict[tuple[str, str], bool] = {}

    def module_of(dotted_module: str) -> str | None:
        tail = dotted_module.replace(".", "/")
        found = [rel for stem, rel in suffixes.items() if stem == tail or stem.endswith("/" + tail)]
        return found[0] if len(found) == 1 else None

    def defines(qualified: str, method: str) -> bool:
        key = (qualified, method)
        if key not in memo:
            module, _, cls = qualified.rpartition(".")
            rel = module_of(module) if module else None
            text = source(rel) if rel is not None else None
            hit = False
            if text is not None and f"class {cls}" in text:
                try:
                    tree = parse_source(text)
                except (SyntaxError, ValueError, RecursionError):
                    tree = None
                hit = tree is not None and _defines_in_module(
                    {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}, cls, method)
            memo[key] = hit
        return memo[key]

    return defines


def _defines_in_module(classes: dict[str, ast.ClassDef], name: str, method: str) -> bool:
    """The class ``name`` of a module (``classes``: its classes by name) defines ``method`` in
    its body, or inherits it from another class of the module (``class SourceImporter(BaseImporter)``)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        cls = classes.get(todo.pop())
        if cls is None or cls.name in seen:
            continue
        seen.add(cls.name)
        if any(isinstance(f, FUNCTIONS) and f.name == method for f in cls.body):
            return True
        todo.extend(b.id for b in cls.bases if isinstance(b, ast.Name))
    return False


def _idle_starts(t: Tables, tree: ast.AST,
                 project_method: Callable[[str, str], bool] = lambda qualified, method: False) -> set[int]:
    """The nodes (by id) named like a server start that start none: an attribute only read
    (``entity.start != 0``, ``cpu.user + cpu.system``: neither called nor handed on, not even by
    ``a or b``), or one whose member only is used (``Config.API_URL``); ``self.<field>`` read
    in a method of a class whose body binds the field to a call or a constant (a model's
    ``system = models.TextField()``), one only tested (``if ref.system:``) or stored as a
    mapping's key or value (``{"url": ref.system}``); a call of idle_calls
    (SQLAlchemy's ``event.listen``), also one written as a bare decorator (Temporal's
    ``@workflow.run``); a class named as a base of a class (``class Quiet(uvicorn.Server)``:
    subclassed, not started); a call of a server class's name imported from a library
    the bind calls do not name it in (botocore's ``Config``, not uvicorn's); the ``.start`` of an object the module builds with a class of its own that
    defines ``start`` (or a thread class's ``run``), or with one of ``rules/flow.yaml``
    idle_start_classes (an APScheduler scheduler, ``threading.Timer``), or with one of
    target_start_classes whose ``target=`` is a function the module defines (its own starts
    are looked for where they are written); the call of one of program_calls whose literal
    program is one of tool_programs (``subprocess.run(["git", "pull"])``); a coroutine runner
    of coroutine_runs handed the call of a function the module defines
    (``asyncio.run(main())``, ``loop.run_until_complete(self._sync())``); any call named like a
    server start (``.run()``, ``.bind()``) on an object built only by a class of the module, or of
    a project module the container runs (``project_method``), that defines that method itself
    (its own starts are looked for where they are written), or only by one of
    ``rules/flow.yaml`` idle_receiver_calls, awaited or not (an AMQP queue's ``bind`` to an
    exchange); ``super().bind(...)`` in a class all
    of whose bases are ``rules/flow.yaml`` non_server_bases (Django REST framework's fields).
    A receiver bound any other way, or a program not written, stays a possible server."""
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    names = _import_names(tree)
    defs = {n.name for n in ast.walk(tree) if isinstance(n, FUNCTIONS)}
    bound = _bindings(tree)

    def qual(node: ast.AST) -> str:
        name = dotted(node) or ""
        head, dot, rest = name.partition(".")
        return names.get(head, head) + dot + rest if head else ""

    classes = {c.name: c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)}

    def foreign_class(func: ast.AST) -> bool:
        # `Config(region_name=...)` imported from botocore: a server class's name (uvicorn's
        # `Config`) from a library that is none of the packages the bind calls name it in
        last = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        tops = t.server_start_packages.get(last)
        head = (dotted(func) or "").partition(".")[0]
        return tops is not None and head in names and names[head].partition(".")[0] not in tops

    def own_method(name: str, method: str, seen: frozenset[str] = frozenset()) -> bool:
        # a class of the module whose method is its own code (for `start`, also a thread's
        # `run` it defines), or such a class of a project module it imports; or a loop's
        # name taking only such classes (`for kind in KINDS: kind(row).run()`)
        if name in bound:
            kinds = None if name in seen else looped(name)
            return kinds is not None and all(own_method(k, method, seen | {name}) for k in kinds)
        cls = classes.get(name)
        if cls is None:
            return name in names and project_method(names[name], method)
        own = {f.name for f in cls.body if isinstance(f, FUNCTIONS)}
        if method in own or method == "start" and "run" in own \
                and any(t.target_start_classes.fullmatch(qual(b)) for b in cls.bases):
            return True
        # inherited from a class of the module (`class SourceImporter(BaseImporter)`, whose
        # base defines `run`): its own code as well
        return _defines_in_module(classes, name, method)

    loops: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name):
            loops.setdefault(node.target.id, []).append(node.iter)

    def looped(name: str) -> list[str] | None:
        # the class names a name takes where every binding of it is a `for` over a list or
        # tuple of names: written there, or the one value of a name, of `self.<attr>` or of
        # `<class of the module>.<attr>` (a class attribute: `kinds = [Export, Purge]`)
        iters = loops.get(name, [])
        if len(iters) != len(bound[name]):
            return None  # also a parameter, an assignment, a `with ... as`
        out: list[str] = []
        for seq in iters:
            values = [seq] if isinstance(seq, (ast.List, ast.Tuple)) else held(seq)
            for value in values:
                if not (isinstance(value, (ast.List, ast.Tuple)) and value.elts
                        and all(isinstance(e, ast.Name) for e in value.elts)):
                    return None
                out.extend(e.id for e in value.elts if isinstance(e, ast.Name))
        return out

    def held(seq: ast.AST) -> list[ast.AST | None]:
        # the values a name or a class's attribute is bound to (none known: [None])
        key = dotted(seq) if isinstance(seq, (ast.Name, ast.Attribute)) else None
        values = list(bound.get(key or "", []))
        if isinstance(seq, ast.Attribute) and isinstance(seq.value, ast.Name):
            owner: ast.AST | None = classes.get(seq.value.id)
            if seq.value.id in ("self", "cls"):
                owner = parents.get(id(seq))
                while owner is not None and not isinstance(owner, ast.ClassDef):
                    owner = parents.get(id(owner))
            for stmt in getattr(owner, "body", ()):
                if isinstance(stmt, ast.Assign) and any(isinstance(x, ast.Name) and x.id == seq.attr for x in stmt.targets):
                    values.append(stmt.value)
        return values or [None]

    def built_idle(value: ast.AST | None, method: str = "start") -> bool:
        if isinstance(value, ast.Await):
            value = value.value  # `queue = await channel.declare_queue(...)`
        if not isinstance(value, ast.Call):
            return False
        if isinstance(value.func, ast.Attribute) and t.idle_receiver_calls.fullmatch("*." + value.func.attr) \
                or t.idle_receiver_calls.fullmatch(qual(value.func)):
            return True  # an object built by idle_receiver_calls: its `bind`, `start`... start no server
        if isinstance(value.func, ast.Name) and own_method(value.func.id, method):
            return True
        if method != "start":
            return False
        cls = qual(value.func)
        if t.idle_start_classes.fullmatch(cls):
            return True
        if not t.target_start_classes.fullmatch(cls):
            return False
        target = next((k.value for k in value.keywords if k.arg == "target"), None)
        return isinstance(target, ast.Name) and target.id in defs and target.id not in bound \
            or isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
            and target.value.id == "self" and target.attr in defs

    def own_call(value: ast.AST) -> bool:
        # a call of a function the module defines (or of a method of the class): its own
        # starts are looked for where they are written
        func = value.func if isinstance(value, ast.Call) else None
        return isinstance(func, ast.Name) and func.id in defs and func.id not in bound \
            or isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
            and func.value.id == "self" and func.attr in defs

    def receiver_idle(value: ast.AST, method: str = "start") -> bool:
        if isinstance(value, ast.Name) and value.id not in bound and own_method(value.id, method):
            return True  # `Job.spawn(...)` on a class that defines the method itself: its own code
        if isinstance(value, ast.Name) and value.id in loops and len(loops[value.id]) == len(bound.get(value.id, ())) \
                and all(built_idle(it, method) for it in loops[value.id]):
            return True  # `for m in pattern.finditer(text): m.start()`: each element of such a result
        if isinstance(value, ast.Call):
            return built_idle(value, method)
        key = dotted(value) if isinstance(value, ast.Name) or isinstance(value, ast.Attribute) \
            and isinstance(value.value, ast.Name) and value.value.id == "self" else None
        # (a placeholder `None` starts nothing: `.start()` on it would fail)
        given = [v for v in bound.get(key or "") or [] if not (isinstance(v, ast.Constant) and v.value is None)]
        return bool(given) and all(built_idle(v, method) for v in given)

    def library_parent(call: ast.AST, node: ast.AST) -> bool:
        # `super().bind(...)` in a class whose every base is a library class of non_server_bases
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "super"):
            return False
        cls = parents.get(id(node))
        while cls is not None and not isinstance(cls, ast.ClassDef):
            cls = parents.get(id(cls))
        return isinstance(cls, ast.ClassDef) and bool(cls.bases) \
            and all(t.non_server_bases.fullmatch(qual(b)) for b in cls.bases)

    def field_read(node: ast.Attribute, parent: ast.AST | None) -> bool:
        # `self.system` read (not called) in a method of a class whose body binds `system` to
        # a field or a constant (`system = models.TextField(...)`): data, not os.system
        if not (isinstance(node.value, ast.Name) and node.value.id == "self") \
                or isinstance(parent, ast.Call) and parent.func is node:
            return False
        cls = parents.get(id(node))
        while cls is not None and not isinstance(cls, ast.ClassDef):
            cls = parents.get(id(cls))
        return isinstance(cls, ast.ClassDef) and node.attr in _fields(cls)

    def truth_test(node: ast.AST) -> bool:
        # `if ref.system:`, `while job.start and ...`: only tested, neither called nor handed on
        while isinstance(parents.get(id(node)), ast.BoolOp):
            node = parents[id(node)]
        up = parents.get(id(node))
        return isinstance(up, (ast.If, ast.While, ast.IfExp, ast.Assert)) and up.test is node \
            or isinstance(up, ast.comprehension) and node in up.ifs

    def object_member(node: ast.Attribute) -> bool:
        # `refs[0].system`, `ref.system`, `self.ref.call`: a module function's name
        # (module_start_calls) read on an element, a call's result, `self` or a variable: the
        # object's member; on a name imported (`os.system`) or bound nowhere it may be the function
        if node.attr not in t.module_start_names:
            return False
        head = node.value
        while isinstance(head, ast.Attribute):
            head = head.value
        return not isinstance(head, ast.Name) or head.id in ("self", "cls") or head.id in bound

    def stored_as_data(node: ast.AST, parent: ast.AST | None) -> bool:
        # `{"url": ref.system}`, `seen[job.start]`: a mapping's key or value, a subscript's key
        return isinstance(parent, ast.Dict) or isinstance(parent, ast.Subscript) and parent.slice is node

    out: set[int] = set()
    for node in ast.walk(tree):
        parent = parents.get(id(node))
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(parent, ast.Attribute) and parent.value is node:
            out.add(id(node))  # only a member is used (`Config.API_URL`, `session.bind.url`): its name decides
        if isinstance(node, ast.Attribute):
            if isinstance(node.ctx, (ast.Store, ast.Del)) or isinstance(
                    parent, (ast.Compare, ast.BinOp, ast.UnaryOp, ast.AugAssign, ast.FormattedValue)):
                out.add(id(node))
            elif field_read(node, parent) or truth_test(node) or stored_as_data(node, parent) \
                    or object_member(node):
                out.add(id(node))
            elif isinstance(parent, ast.Call) and parent.func is node and node.attr in t.server_start_names \
                    and (receiver_idle(node.value, node.attr) or library_parent(node.value, node)):
                out.add(id(node))
        if isinstance(node, ast.Call) and t.idle_calls.fullmatch(qual(node.func)):
            out.add(id(node.func))
        if isinstance(node, FUNCTIONS):
            # a decorator written bare is called on the function (`@workflow.run`): an idle call too
            out.update(id(d) for d in node.decorator_list if t.idle_calls.fullmatch(qual(d)))
        if isinstance(node, ast.ClassDef):
            # a base class (`class Quiet(uvicorn.Server)`) is subclassed, not started: the
            # subclass's start is looked for where code builds and runs it
            out.update(id(b) for b in node.bases)
        if isinstance(node, ast.Call) and foreign_class(node.func):
            out.add(id(node.func))
        if isinstance(node, ast.Call) and node.args and t.program_calls.fullmatch(qual(node.func)) \
                and _program(node.args[0]) in t.tool_programs:
            out.add(id(node.func))
        if isinstance(node, ast.Call) and len(node.args) == 1 and (
                t.coroutine_runs.fullmatch(qual(node.func))
                or isinstance(node.func, ast.Attribute) and t.coroutine_runs.fullmatch("*." + node.func.attr)) \
                and own_call(node.args[0]):
            out.add(id(node.func))
    return out


def _fields(cls: ast.ClassDef) -> frozenset[str]:
    """The names ``cls``'s body binds by assignment to a call or a constant (a model's field,
    ``system = models.TextField(null=True)``; a default, ``start = 0``): data of its instances,
    not a function some library calls.  One bound to a name or an attribute may be a
    callable handed on (``run = app.run``)."""
    out: set[str] = set()
    for stmt in cls.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] \
            if isinstance(stmt, ast.AnnAssign) and stmt.value is not None else []
        value = getattr(stmt, "value", None)
        if isinstance(value, (ast.Call, ast.Constant)):
            out.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(out)


def _program(arg: ast.AST) -> str:
    """The program a literal argv (``["git", "pull"]``) or command line (``"git pull"``, also
    the literal start of one built: ``"ffmpeg -i " + path``, ``f"ffmpeg -i {path}"``) runs."""
    if isinstance(arg, (ast.List, ast.Tuple)) and arg.elts:
        arg = arg.elts[0]
    built = False
    while isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):
        arg, built = arg.left, True
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        text = arg.values[0].value
        # the program's name ends before the first placeholder (`f"{tool} x"` names none)
        return posixpath.basename(text.split()[0]) if isinstance(text, str) and " " in text.lstrip() else ""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        words = arg.value.split()
        ended = not built or " " in arg.value.lstrip()  # `"ffmpeg" + suffix` may run on
        return posixpath.basename(words[0]) if words and ended else ""
    return ""


def _import_names(tree: ast.AST) -> dict[str, str]:
    """The dotted name each name an import binds stands for (``Thread`` -> threading.Thread)."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    out[a.asname] = a.name
                else:
                    out.setdefault(a.name.partition(".")[0], a.name.partition(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _bindings(tree: ast.AST) -> dict[str, list[ast.AST | None]]:
    """The values assigned to each name or ``self.<attr>`` in ``tree`` (None for a binding
    with no value of its own: a loop, ``with ... as``, unpacking, a parameter)."""
    out: dict[str, list[ast.AST | None]] = {}
    direct: set[int] = set()
    for node in ast.walk(tree):
        pairs = [(target, node.value) for target in node.targets] if isinstance(node, ast.Assign) \
            else [(node.target, node.value)] if isinstance(node, ast.AnnAssign) and node.value is not None else []
        for target, value in pairs:
            key = dotted(target) if isinstance(target, (ast.Name, ast.Attribute)) else None
            if key:
                direct.add(id(target))
                out.setdefault(key, []).append(value)
        if isinstance(node, ast.arg):
            out.setdefault(node.arg, []).append(None)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Store) and id(node) not in direct:
            key = dotted(node)
            if key:
                out.setdefault(key, []).append(None)
    return out


class _LazyVariables:
    """``_variables(tree)``, walked for the first name asked of it: most modules hold no
    node whose test needs it."""

    def __init__(self, tree: ast.AST) -> None:
        self._tree = tree
        self._names: frozenset[str] | None = None

    def __contains__(self, name: object) -> bool:
        if self._names is None:
            self._names = _variables(self._tree)
        return name in self._names


def _variables(tree: ast.AST) -> frozenset[str]:
    """The names ``tree`` binds by assignment (``run = ...``, ``for run in ...``), as a
    parameter, or by its own ``def`` or ``class`` (a ``class Config`` its settings classes
    derive from is no server's ``Config``; a function's own starts are looked for where they
    are written), anywhere in it."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, (*FUNCTIONS, ast.ClassDef)):
            out.add(node.name)
    return frozenset(out)
