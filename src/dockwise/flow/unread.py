"""Objects a container's code builds or defines but never uses: they dial nothing there.

Two forms, each judged over the modules the container runs (the mentions of a name that
:class:`dockwise.flow.called.Called` indexes):

- a client that opens no connection when built (``rules/flow.yaml`` lazy_clients) kept in a
  class attribute that nothing reads (``Sink.binding``): ``client = Elasticsearch(...)`` left
  in a view class; or set, at a module's top level, on an attribute of an object
  (``server.pubsub = RedisManager(...)``) that no code the container runs loads; or returned
  by a module-level function that the container's code calls only as a statement of its own
  (``connect()``), dropping the client;
- a private method of a plain class (``Sink.method``) that nothing names: a helper left over
  from an earlier version.  ``self._client()`` inside another class defining its own
  ``_client`` is that class's;
- a field of a plain options class (a dataclass, a class of no base) that nothing reads: an
  address kept as its default, or given to it where the class is built, goes nowhere
  (``field_unread``).

:class:`UnreadObjects` is a part of :class:`dockwise.flow.called.Called`.
"""
from __future__ import annotations

import ast
import re
from typing import Any, Callable

from dockwise.astnames import dotted
from dockwise.flow.astfacts import job_name_argument, task_function, task_registration
from dockwise.flow.index import FUNCTIONS
from dockwise.flow.sinks import tables
from dockwise.knowledge.globs import Glob
from dockwise.layout.model import Service

__all__ = ["UnreadObjects", "field_of_literal"]

# code that reads an object's fields whole, whatever their names
# reads of an object's attributes by a name computed at run time
_COMPUTED_READS = r"\b__dict__\b|\b__getattr__\b|\bgetattr\(\s*[^,()]+,\s*(?![\"'\s])"
# ... and of all of them at once (`vars(obj)`, `asdict(obj)`): what reads a plain object's attributes
ATTRIBUTE_READS_WHOLE = re.compile(r"(?<![\w.])(?:vars|asdict|astuple)[ \t]*\(|" + _COMPUTED_READS)
# ... and a dataclass's fields (`fields(obj)`, `dataclasses.asdict(obj)`)
_WHOLE_READS = re.compile(r"(?<![\w.])(?:asdict|astuple|vars|fields)[ \t]*\(|\bdataclasses\.(?:asdict|astuple|fields)[ \t]*\("
                          r"|" + _COMPUTED_READS)
# calls whose result is an environment variable's value or the default given them


def _annotations(tree: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    for n in ast.walk(tree):
        if isinstance(n, ast.arg) and n.annotation is not None:
            out.append(n.annotation)
        elif isinstance(n, ast.AnnAssign):
            out.append(n.annotation)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.returns is not None:
            out.append(n.returns)
    return out


def _plain_options_class(cls: ast.ClassDef) -> bool:
    """A dataclass or a class of no base (or ``object``): nothing but the project's own code
    fills or reads its fields."""
    return not cls.keywords and all(dotted(b) == "object" for b in cls.bases)


def _declares(cls: ast.ClassDef, field: str) -> bool:
    for stmt in cls.body:
        targets = [stmt.target] if isinstance(stmt, ast.AnnAssign) else stmt.targets if isinstance(stmt, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == field for t in targets):
            return True
    return False


def field_of_literal(mod: Any, node: ast.AST,
                     is_env_read: Callable[[Any, ast.AST], bool]) -> tuple[str, str] | None:
    """(class, field) where the string ``node`` is the value of a field of a plain options class
    defined at ``mod``'s top level: its default in the class body (``openclaw_url: str =
    "http://..."``), or the keyword giving it where the module builds the class
    (``Config(openclaw_url=os.getenv("OPENCLAW_URL", "http://..."))``), alone, as an
    environment read's default or a side of ``or``; None otherwise."""
    classes = {c.name: c for c in getattr(getattr(mod, "tree", None), "body", ()) if isinstance(c, ast.ClassDef)}
    child: ast.AST = node
    for parent in mod.ancestors(node):
        if isinstance(parent, ast.BoolOp):
            child = parent
            continue
        if isinstance(parent, ast.Call) and child is not parent.func and is_env_read(mod, parent):
            child = parent
            continue
        if isinstance(parent, ast.keyword) and parent.arg:
            call = mod.parent(parent)
            name = (dotted(call.func) or "").rsplit(".", 1)[-1] if isinstance(call, ast.Call) else ""
            cls = classes.get(name)
            if cls is not None and _plain_options_class(cls) and _declares(cls, parent.arg):
                return cls.name, parent.arg
            return None
        if isinstance(parent, (ast.AnnAssign, ast.Assign)) and child is parent.value:
            owner = mod.parent(parent)
            if isinstance(owner, ast.ClassDef) and classes.get(owner.name) is owner and _plain_options_class(owner):
                targets = [parent.target] if isinstance(parent, ast.AnnAssign) else parent.targets
                if len(targets) == 1 and isinstance(targets[0], ast.Name):
                    return owner.name, targets[0].id
            return None
        return None
    return None


def _library_object(mod: Any, node: ast.Attribute) -> bool:
    """``node`` is ``x.method`` where the function around it binds the local ``x`` only to calls of
    a class imported from outside the project (a capitalized name, ``env = Environment(loader=...)``
    of a template library, then ``env.get_template(name)``): that library object's method, not one of the
    project's classes.  A parameter, another kind of binding (``x = x or ...``, a loop, a
    ``with``), a name the function does not import, or one a project module binds (its own
    class or factory, ``imported_class``/``imported_function``/``imported_home``) may be the
    project's object."""
    base = node.value
    if not isinstance(base, ast.Name):
        return False
    func = mod.binding_scope(base, base.id)
    if not isinstance(func, FUNCTIONS):
        return False
    a = func.args
    if base.id in {p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x))}:
        return False
    calls: list[ast.Call] = []
    stores = 0
    for sub in ast.walk(func):
        if isinstance(sub, ast.Name) and sub.id == base.id and not isinstance(sub.ctx, ast.Load):
            stores += 1
        elif isinstance(sub, (ast.Global, ast.Nonlocal)) and base.id in sub.names:
            return False
        elif isinstance(sub, ast.Assign) and len(sub.targets) == 1 and isinstance(sub.targets[0], ast.Name) \
                and sub.targets[0].id == base.id:
            if not isinstance(sub.value, ast.Call):
                return False
            calls.append(sub.value)
    if not calls or stores != len(calls):
        return False
    for call in calls:
        written = dotted(call.func)  # `Environment`, `jinja2.Environment`
        if written is None:
            return False
        head, _, tail = written.partition(".")
        imported = mod.local_import(call, head) or mod.imports.get(head)
        if imported is None:
            return False
        qual = f"{imported}.{tail}" if tail else imported
        if not qual.rpartition(".")[2][:1].isupper():
            return False  # a library function may hand back the project's object (`cast(Store, x)`, `deepcopy(x)`)
        if any(hook is None or hook(qual) for hook in (mod.imported_class, mod.imported_function, mod.imported_home)):
            return False
    return True


def _own_attribute(mod: Any, node: ast.Attribute) -> bool:
    """``node`` loads ``self.<attr>`` (or ``cls.<attr>``) inside a class that stores that
    attribute on its own instances (``self.<attr> = ...`` in one of its methods): that object's
    attribute, not one another module set on a library object."""
    if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
        return False
    owner = next((a for a in mod.ancestors(node) if isinstance(a, ast.ClassDef)), None)
    return owner is not None and any(
        isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store) and n.attr == node.attr
        and isinstance(n.value, ast.Name) and n.value.id == node.value.id for n in ast.walk(owner))


def _result_dropped(mod: Any, node: ast.expr) -> bool:
    """``node`` is the function a call calls, and that call is a statement of its own (awaited
    or not): what the function returns goes nowhere."""
    call = mod.parent(node)
    if not isinstance(call, ast.Call) or call.func is not node:
        return False
    up = mod.parent(call)
    if isinstance(up, ast.Await):
        up = mod.parent(up)
    return isinstance(up, ast.Expr)


def _held_by(mod: Any, node: ast.expr, holders: Glob) -> str | None:
    """The module-level name ``node`` is handed to, as an argument of a factory that keeps it
    (``Session = sessionmaker(bind=engine)``: ``"Session"``), else None."""
    up = mod.parent(node)
    call = mod.parent(up) if isinstance(up, ast.keyword) else up
    if not isinstance(call, ast.Call) or not (node in call.args or isinstance(up, ast.keyword) and up in call.keywords):
        return None
    qn = mod.qname(call.func, call=True) or mod.qname(call.func)
    if not holders.fullmatch(qn or ""):
        return None
    stmt = mod.parent(call)
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
            and stmt.value is call and mod.parent(stmt) is mod.tree:
        return stmt.targets[0].id
    return None


class UnreadObjects:
    """The unread-object searches of :class:`~dockwise.flow.called.Called`."""

    # kept by Called (see its __init__)
    source: Callable[[str], str | None]
    flow_for: Callable[[Service], Any]
    _module_sets: dict[int, frozenset[str]]
    _binding_reads: dict[tuple, bool]
    _field_reads: dict[tuple, bool]
    _methods_called: dict[tuple, bool]
    _methods_asked: set[tuple]  # the (service view, module, class, method) keys being answered
    knowledge: Any
    _jobs_run_elsewhere: Callable[[Service], bool]  # TaskBodies._jobs_run_elsewhere (a later base of Called)
    _task_body_idle: Callable[[Service, str, int], bool]  # TaskBodies._task_body_idle
    runs_on_import: Callable[[Service, str, int], bool]  # TaskBodies.runs_on_import

    def view(self, svc: Service) -> tuple:
        raise NotImplementedError  # Called.view

    def _mentions(self, name: str) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
        raise NotImplementedError  # Called._mentions

    def _mentions_within(self, name: str, mine: frozenset[str]) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
        raise NotImplementedError  # Called._mentions_within

    def _function_runs(self, svc: Service, rel: str, name: str, holder: bool, field: str | None = None) -> bool:
        raise NotImplementedError  # Called._function_runs

    def _registered_job(self, svc: Service, name: str) -> bool:
        raise NotImplementedError  # Called._registered_job

    def module_client_idle(self, svc: Service, rel: str, name: str) -> bool:
        """In a container that only imports the code (``celery beat``), nothing uses the lazy
        client bound to the module-level ``name`` of ``rel`` (``Sink.binding`` "module"): no
        line that runs on import, in the modules the container runs, reads the name (or a
        string of it), but to hand it to a factory that keeps it (``Session =
        sessionmaker(bind=engine)`` at a module's top level: ``rules/flow.yaml`` lazy_holders),
        whose own name is held to the same (two such steps at most).  A read of the same
        spelling in another module counts as a use; a module that cannot be parsed may use it."""
        holders = tables(self.knowledge).lazy_holders
        todo, seen = [name], set()
        while todo:
            word = todo.pop()
            if word in seen:
                continue
            seen.add(word)
            if len(seen) > 3:
                return False
            reads = self._name_reads(svc, word)
            if reads is None:
                return False
            for module, mod, node in reads:
                if not self.runs_on_import(svc, module, node.lineno):
                    continue
                held = _held_by(mod, node, holders)
                if held is None:
                    return False
                todo.append(held)
        return True

    def _name_reads(self, svc: Service, name: str) -> list[tuple[str, Any, ast.expr]] | None:
        """Every read of ``name`` in the modules ``svc`` runs, a bare name or an attribute
        (``NAME``, ``settings.NAME``), each with its module (its path and its parse); None where
        one of them cannot be parsed or names it in a string (``getattr(settings, "NAME")``): a
        read may be anywhere."""
        flow = self.flow_for(svc)
        mine = self._module_sets[id(svc)]
        out: list[tuple[str, Any, ast.expr]] = []
        for module in self._mentions(name):
            if module not in mine:
                continue
            mod = flow.module(module)
            if mod is None or any(isinstance(n, ast.Constant) and n.value == name
                                  for part in mod.expressions_naming(name) for n in ast.walk(part)):
                return None
            out.extend((module, mod, node) for node in (*mod.loads(name), *mod.attr_loads(name)))
        return out

    def _binding_read(self, svc: Service, rel: str, binding: tuple[str, str, int]) -> bool:
        """Whether something ``svc`` runs reads the class attribute a lazy client was bound to
        (``Sink.binding``; a module-level name: _name_used): in any module the container runs, a load of the attribute
        (``view.client``, ``self.client``, ``cls.client``), of the bare name (in the class
        body), or the name as a string (``getattr(obj, "client")``).  A module that cannot be
        parsed may read it."""
        kind, name, line = binding
        key = (self.view(svc), rel, binding)
        hit = self._binding_reads.get(key)
        if hit is None and kind == "module":
            # a module-level name: its uses (_name_used); in a container that only imports the
            # code, only those that run on import (module_client_idle, flow/called.py)
            hit = self._binding_reads[key] = self._name_used(svc, rel, name, line, 0)
        if hit is None:
            flow = self.flow_for(svc)
            mine = self._module_sets[id(svc)]
            # an attribute set on an object is also read by code that reads an object's
            # attributes whole or by a computed name (`vars(obj)`, `getattr(obj, key)`)
            hit = kind == "attribute" and any(ATTRIBUTE_READS_WHOLE.search(self.source(m) or "") for m in mine)
            for module, (lines, _, _) in self._mentions_within(name, mine).items():
                if hit or module not in mine or module == rel and set(lines) <= {line}:
                    continue
                mod = flow.module(module)
                if mod is None or any(isinstance(n, ast.Constant) and n.value == name
                                      for part in mod.expressions_naming(name) for n in ast.walk(part)):
                    hit = True
                elif kind == "attribute":
                    # read by a load of that attribute (a bare name of the same spelling is another
                    # variable); not by `self.<name>` in a class that stores its own `self.<name>`
                    hit = any(not _own_attribute(mod, n) for n in mod.attr_loads(name))
                elif kind == "returned":
                    # the function's result is kept by any use of its name but a call whose
                    # result the statement drops (`connect()` alone on its line)
                    hit = any(not _result_dropped(mod, n) for n in (*mod.attr_loads(name), *mod.loads(name)))
                else:
                    hit = bool(mod.attr_loads(name) or mod.loads(name))
                if hit:
                    break
            self._binding_reads[key] = hit
        return hit

    def _name_used(self, svc: Service, rel: str, name: str, line: int, depth: int) -> bool:
        """Whether code ``svc`` runs uses the lazy client bound to the module-level ``name`` of
        ``rel`` on ``line`` (``conn = Redis(...)``): a load of the name (in any module the
        container runs; one that imports it under another name uses it) at a module's top level, in a class, or in
        a function that is decorated or that something the container runs names; or the name
        as a string.  A top-level load that only hands the client to a call whose result is
        bound to another module-level name (``jobs = Queue("jobs", connection=conn)``) is a use
        where that name is used, followed a few such steps.  A module that cannot be parsed,
        or an attribute read of the name (``store.conn``), uses it; so does code where no load
        of it is found at all (a client left unused is judged as any other dial), but not an
        object it was handed to that nothing loads."""
        flow = self.flow_for(svc)
        mine = self._module_sets[id(svc)]
        loaded = False  # some code the container runs loads the name: its uses decide
        for module, (lines, _, _) in self._mentions_within(name, mine).items():
            if module not in mine or module == rel and set(lines) <= {line}:
                continue
            mod = flow.module(module)
            if mod is None or mod.attr_loads(name) or any(
                    isinstance(n, ast.Constant) and n.value == name
                    for part in mod.expressions_naming(name) for n in ast.walk(part)) \
                    or any(isinstance(n, (ast.Import, ast.ImportFrom)) and any(a.name.rpartition(".")[2] == name
                                                                               and a.asname not in (None, name)
                                                                               for a in n.names)
                           for n in ast.walk(mod.tree)):
                return True  # read by a module that cannot be parsed, as an attribute, a string, or renamed
            for load in mod.loads(name):
                loaded = True
                top = mod.top_statement(load.lineno)
                if isinstance(top, FUNCTIONS) and not top.decorator_list and load.lineno >= top.body[0].lineno \
                        and self._named_in_code(module, top):
                    if self._function_runs(svc, module, top.name, False):
                        return True
                    continue  # in the body of a plain function nothing there calls
                wrapper = _handed_to_binding(mod, top, load)
                if wrapper is not None and depth < _HANDED_ON_STEPS:
                    if self._name_used(svc, module, wrapper, top.lineno, depth + 1):
                        return True
                    continue
                return True
        # a client no code loads at all is judged as before (kept), not as one left unused; an
        # object it was handed to that nothing loads (`spare = Queue(connection=conn)` no code
        # there enqueues on) leaves it unused through that object
        return not loaded and depth == 0

    def _named_in_code(self, module: str, func: ast.AST) -> bool:
        """Some module names the function ``func`` of ``module`` outside its own ``def`` (a
        function named only by a start command, ``gunicorn app:application``, or left to a
        framework is not judged by who calls it here)."""
        name = getattr(func, "name", "")
        first, last = getattr(func, "lineno", 0), getattr(func, "end_lineno", 0) or 0
        return any(m != module or any(not first <= n <= last for n in lines)
                   for m, (lines, _, _) in self._mentions(name).items())

    def field_unread(self, svc: Service, rel: str, cls: str, field: str) -> bool:
        """Whether nothing ``svc`` runs reads the field ``field`` of the plain class ``cls`` of
        ``rel`` (a dataclass, or a class of no base: no library fills or reads it): no module
        the container runs loads an attribute of that name (``config.openclaw_url``), the bare
        name, or the name as a string (``getattr(cfg, "openclaw_url")``); none reads an
        object's fields whole (``asdict``, ``vars``, ``fields``, ``__dict__``, a ``getattr``
        with a computed name: ``_WHOLE_READS``); and the class itself is only
        built there (called, or named in an annotation), never handed on as a class to a
        loader that may read its attributes (``config_from_object(Config)``).  A module that
        cannot be parsed may read it."""
        key = (self.view(svc), rel, cls, field)
        hit = self._field_reads.get(key)
        if hit is None:
            hit = self._field_reads[key] = self._reads_field(svc, rel, cls, field)
        return not hit

    def _reads_field(self, svc: Service, rel: str, cls: str, field: str) -> bool:
        flow = self.flow_for(svc)
        mine = self._module_sets[id(svc)]
        for module in mine:
            text = self.source(module) or ""
            if _WHOLE_READS.search(text):
                return True
        for module in self._mentions(field):
            if module not in mine:
                continue
            mod = flow.module(module)
            if mod is None or mod.attr_loads(field) or mod.loads(field) \
                    or any(isinstance(n, ast.Constant) and n.value == field
                           for part in mod.expressions_naming(field) for n in ast.walk(part)):
                return True
        for module in self._mentions(cls):
            if module not in mine:
                continue
            mod = flow.module(module)
            if mod is None:
                return True
            tree = getattr(mod, "tree", None)
            if tree is None:
                return True
            annotations = {id(n) for a in _annotations(tree) for n in ast.walk(a)}
            called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
            for node in mod.loads(cls):
                if id(node) not in called and id(node) not in annotations:
                    return True  # the class handed on whole: what reads it is not known
        return False

    def _method_called(self, svc: Service, rel: str, cls: str, method: str) -> bool:
        """Whether code ``svc`` runs may call ``method`` of the plain class ``cls`` of ``rel``
        (``Sink.method``): its name written anywhere the container runs besides its own
        ``def`` (a call, ``obj.method``, a callback handed on, the name as a string), except
        ``self.method`` inside another class that defines a method of that name itself (its
        own).  A module that cannot be parsed, or a ``getattr`` with a computed name in the
        class's module, may call it."""
        key = (self.view(svc), rel, cls, method)
        hit = self._methods_called.get(key)
        if hit is None:
            hit = self._methods_called[key] = self._calls_method(svc, rel, cls, method)
        return hit

    def _calls_method(self, svc: Service, rel: str, cls: str, method: str) -> bool:
        flow = self.flow_for(svc)
        home = flow.module(rel)
        text = self.source(rel) or ""
        if home is None or re.search(r"\bgetattr\(\s*\w+\s*,\s*(?![\s\"'])", text):
            return True
        mine = self._module_sets[id(svc)]
        for module in self._mentions(method):
            if module not in mine:
                continue
            mod = flow.module(module)
            if mod is None:
                return True
            for part in mod.expressions_naming(method):
                for node in ast.walk(part):
                    if isinstance(node, ast.Attribute) and node.attr == method:
                        owner = mod.class_of(node)
                        if isinstance(node.value, ast.Name) and node.value.id == "self" and owner is not None \
                                and (module, owner.name) != (rel, cls) \
                                and any(isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and f.name == method
                                        for f in owner.body):
                            continue  # another class's own method of that name
                        if _library_object(mod, node):
                            continue  # `env.get_template(...)` with `env = Environment(...)` of a library
                        if self._mention_idle(svc, module, mod, node, rel, cls, method):
                            continue
                        return True
                    if isinstance(node, ast.Name) and node.id == method \
                            or isinstance(node, ast.Constant) and node.value == method:
                        if self._mention_idle(svc, module, mod, node, rel, cls, method):
                            continue
                        return True
        return False

    def _mention_idle(self, svc: Service, module: str, mod: Any, node: ast.AST, rel: str, cls: str,
                      method: str) -> bool:
        """The mention ``node`` of the method ``method`` of ``cls`` runs nothing in ``svc``'s
        container: it lies in a background task's body that never runs there (``celery beat``,
        or a container that only sends the task: ``_task_body_idle``); or the container is one
        none of whose programs executes a task queue's jobs while another service
        of the layout does (``_jobs_run_elsewhere``; elsewhere any mention may call it) and it hands
        a function of that name to the worker as a job, or sends a job by that name; it lies in
        the body of a plain module-level function that nothing the container runs names
        (``_function_runs``: a job's body, named only in the worker's registration); or in the
        body of another plain method of the same class that nothing calls there in turn
        (``self._send(msg)`` in ``send_welcome``, called only by such a job)."""
        t = tables(self.knowledge)
        line = getattr(node, "lineno", 0)
        top = mod.top_statement(line)
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and top.body and line >= top.body[0].lineno \
                and task_function(t, mod, top.body[0]) and self._task_body_idle(svc, module, top.body[0].lineno):
            return True  # in a background task's body, which runs in a worker, not here (`celery beat`)
        if not self._jobs_run_elsewhere(svc):
            return False
        if task_registration(t, mod, line, method) or job_name_argument(mod, line, method) \
                and self._registered_job(svc, method):
            return True
        top = mod.top_statement(line)
        if isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and not top.decorator_list \
                and top.body and line >= top.body[0].lineno:
            return not self._function_runs(svc, module, top.name, False)
        if module != rel or not isinstance(top, ast.ClassDef) or top.name != cls:
            return False
        caller = next((f for f in top.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                       and f.body and f.body[0].lineno <= line <= (f.end_lineno or line)), None)
        if caller is None or caller.decorator_list or caller.name == method \
                or caller.name.startswith("__") and caller.name.endswith("__"):
            return False  # (a dunder runs when the object is built or used; a decorated one: a property)
        key = (self.view(svc), rel, cls, caller.name)
        if key in self._methods_asked:
            return False  # methods that call each other: it may be called
        self._methods_asked.add(key)
        try:
            return not self._method_called(svc, rel, cls, caller.name)
        finally:
            self._methods_asked.discard(key)


# how many module-level objects a lazy client is followed through (`jobs = Queue(connection=conn)`)
_HANDED_ON_STEPS = 2


def _handed_to_binding(mod: Any, top: ast.AST | None, load: ast.Name) -> str | None:
    """The module-level name ``top`` binds when it is ``NAME = call(..., load, ...)`` with
    ``load`` an argument (or a keyword's value) of that call itself; None otherwise."""
    if not isinstance(top, ast.Assign) or len(top.targets) != 1 or not isinstance(top.targets[0], ast.Name) \
            or not isinstance(top.value, ast.Call):
        return None
    call = top.value
    if any(a is load for a in call.args) or any(k.value is load for k in call.keywords):
        return top.targets[0].id
    return None
