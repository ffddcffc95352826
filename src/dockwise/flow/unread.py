"""Objects a container's code builds or defines but never uses: they dial nothing there.

Two forms, each judged over the modules the container runs (the mentions of a name that
:class:`dockwise.flow.called.Called` indexes):

- a client that opens no connection when built (``rules/flow.yaml`` lazy_clients) kept in a
  class attribute that nothing reads (``Sink.binding``): ``client = Elasticsearch(...)`` left
  in a view class;
- a private method of a plain class (``Sink.method``) that nothing names: a helper left over
  from an earlier version.  ``self._client()`` inside another class defining its own
  ``_client`` is that class's.

:class:`UnreadObjects` is a part of :class:`dockwise.flow.called.Called`.
"""
from __future__ import annotations

import ast
import re
from typing import Any, Callable

from dockwise.flow.astfacts import job_name_argument, task_registration
from dockwise.flow.sinks import tables
from dockwise.layout.model import Service

__all__ = ["UnreadObjects"]


class UnreadObjects:
    """The unread-object searches of :class:`~dockwise.flow.called.Called`."""

    # kept by Called (see its __init__)
    source: Callable[[str], str | None]
    flow_for: Callable[[Service], Any]
    _module_sets: dict[int, frozenset[str]]
    _binding_reads: dict[tuple, bool]
    _methods_called: dict[tuple, bool]
    _methods_asked: set[tuple]  # the (service view, module, class, method) keys being answered
    knowledge: Any
    _jobs_run_elsewhere: Callable[[Service], bool]  # TaskBodies._jobs_run_elsewhere (a later base of Called)

    def view(self, svc: Service) -> tuple:
        raise NotImplementedError  # Called.view

    def _mentions(self, name: str) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
        raise NotImplementedError  # Called._mentions

    def _function_runs(self, svc: Service, rel: str, name: str, holder: bool, field: str | None = None) -> bool:
        raise NotImplementedError  # Called._function_runs

    def _registered_job(self, svc: Service, name: str) -> bool:
        raise NotImplementedError  # Called._registered_job

    def _binding_read(self, svc: Service, rel: str, binding: tuple[str, str, int]) -> bool:
        """Whether something ``svc`` runs reads the class attribute a lazy client was bound to
        (``Sink.binding``): in any module the container runs, a load of the attribute
        (``view.client``, ``self.client``, ``cls.client``), of the bare name (in the class
        body), or the name as a string (``getattr(obj, "client")``).  A module that cannot be
        parsed may read it."""
        _, name, line = binding
        key = (self.view(svc), rel, binding)
        hit = self._binding_reads.get(key)
        if hit is None:
            flow = self.flow_for(svc)
            mine = self._module_sets[id(svc)]
            hit = False
            for module, (lines, _, _) in self._mentions(name).items():
                if module not in mine or module == rel and set(lines) <= {line}:
                    continue
                mod = flow.module(module)
                if mod is None or mod.attr_loads(name) or mod.loads(name) \
                        or any(isinstance(n, ast.Constant) and n.value == name
                               for part in mod.expressions_naming(name) for n in ast.walk(part)):
                    hit = True
                    break
            self._binding_reads[key] = hit
        return hit

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
        if home is None or re.search(r"\bgetattr\(\s*\w+\s*,\s*(?![\"'])", text):
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
        container, one none of whose programs executes a task queue's jobs while another service
        of the layout does (``_jobs_run_elsewhere``; elsewhere any mention may call it): it hands
        a function of that name to the worker as a job, or sends a job by that name; it lies in
        the body of a plain module-level function that nothing the container runs names
        (``_function_runs``: a job's body, named only in the worker's registration); or in the
        body of another plain method of the same class that nothing calls there in turn
        (``self._send(msg)`` in ``send_welcome``, called only by such a job)."""
        if not self._jobs_run_elsewhere(svc):
            return False
        t = tables(self.knowledge)
        line = getattr(node, "lineno", 0)
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
