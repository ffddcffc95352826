"""A module constant that only request handlers read.

A settings module's address (``PROXY_UPSTREAM = "reports:8080"``) whose every read in the code a
container runs lies in a route handler's body, in a class-based view's method, or in the value
of a class attribute of a class-based view (``upstream = "http://" + settings.PROXY_UPSTREAM``,
which the view's request methods read), is dialled where a server receives those requests.  A
Celery worker or a consumer that imports the settings (and, through them, the URL
configuration) serves none: the constant is defined there, and nothing there dials it.

:class:`HandlerReads` is a part of :class:`dockwise.flow.called.Called`.
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.flow.handlers import route_handler, view_attribute
from dockwise.flow.sinks import tables
from dockwise.layout.model import Service

__all__ = ["HandlerReads", "module_constant"]


def module_constant(mod: Any, node: ast.AST) -> str | None:
    """The name a top-level assignment of ``mod`` binds to a value holding ``node`` (``NAME =
    "host:port"``, or inside a container or expression there); None elsewhere."""
    top = mod.top_statement(getattr(node, "lineno", 0))
    targets = top.targets if isinstance(top, ast.Assign) else [top.target] if isinstance(top, ast.AnnAssign) else []
    if len(targets) != 1 or not isinstance(targets[0], ast.Name) or top.value is None:
        return None
    return targets[0].id if any(n is node for n in ast.walk(top.value)) else None


class HandlerReads:
    """The handler-only reads search of :class:`~dockwise.flow.called.Called`."""

    # kept by Called (see its __init__)
    knowledge: Any
    _handler_reads: dict[tuple, bool]

    def view(self, svc: Service) -> tuple:
        raise NotImplementedError  # Called.view

    def serves_no_requests(self, svc: Service, handler: str) -> bool:
        raise NotImplementedError  # Called.serves_no_requests

    def _may_serve(self, svc: Service) -> bool:
        raise NotImplementedError  # Called._may_serve

    def _name_reads(self, svc: Service, name: str) -> list[tuple[str, Any, ast.expr]] | None:
        raise NotImplementedError  # UnreadObjects._name_reads

    def read_by_idle_handlers(self, svc: Service, rel: str, name: str) -> bool:
        """Whether the code ``svc`` runs reads the top-level name ``name`` of ``rel`` at least
        once, and only in request handlers that never run there (see the module's docstring):
        each read, ``settings.NAME`` or ``NAME``, lies in a route handler or a view's method, or
        in a view's class attribute that nothing outside the view's own methods reads, and no
        server of the container receives those requests.  A module that cannot be parsed, or
        one naming ``NAME`` in a string (``getattr(settings, "NAME")``), may read it anywhere."""
        if self._may_serve(svc):
            return False  # (asked first: the search below parses every module naming it)
        key = (self.view(svc), rel, name)
        hit = self._handler_reads.get(key)
        if hit is None:
            hit = self._handler_reads[key] = self._idle_reads(svc, name)
        return hit

    def _idle_reads(self, svc: Service, name: str) -> bool:
        t = tables(self.knowledge)
        reads = self._name_reads(svc, name)
        if not reads:
            return False
        for _, mod, node in reads:
            handler = route_handler(t, mod, node)
            if handler is None:
                kept = view_attribute(t, mod, node)
                if kept is None or not self._own_attributes(svc, mod, *kept):
                    return False
                handler = kept[0]
            if not self.serves_no_requests(svc, handler):
                return False
        return True

    def _own_attributes(self, svc: Service, home: Any, cls: str, attributes: tuple[str, ...]) -> bool:
        """Nothing ``svc`` runs reads the class attributes ``attributes`` of the view ``cls``
        but the view's own methods (``self.upstream``) or the framework, by the name: no
        ``View.upstream`` read from a task module."""
        for attribute in attributes:
            reads = self._name_reads(svc, attribute)
            if reads is None:
                return False
            for _, mod, node in reads:
                owner = mod.class_of(node)
                if mod.rel != home.rel or owner is None or owner.name != cls \
                        or not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                                and node.value.id == "self"):
                    return False
        return True
