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

    def view(self, svc: Service) -> tuple:
        raise NotImplementedError  # Called.view

    def _mentions(self, name: str) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
        raise NotImplementedError  # Called._mentions

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
                        return True
                    if isinstance(node, ast.Name) and node.id == method \
                            or isinstance(node, ast.Constant) and node.value == method:
                        return True
        return False
