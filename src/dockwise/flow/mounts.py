"""Routes of a router that no code of the container hands on serve no request there.

A route registered on a router the module builds apart from the application (FastAPI's
``router = APIRouter()`` with ``@router.get("/x")``, Flask's ``bp = Blueprint(...)`` with
``@bp.route("/x")``: ``rules/flow.yaml`` router_classes) is served only by an application that
mounts the router (``app.include_router(settings.router)``, ``app.register_blueprint(bp)``).  In
a monorepo one service's server often imports another app's route modules for their models or
helpers without mounting their routers: that server receives requests, but never for those
routes.  So a handler's body does not run in a container where no module it runs hands the
router on at all: no reference to it outside its own decorators (``settings.router``, ``from
.settings import router``, the name passed, returned or listed in its own module, a string of
its name that a loader may look up).  Any such reference, whatever it does, leaves the route
possibly served.
"""
from __future__ import annotations

import ast
from typing import Callable, Iterable

from dockwise.flow.astfacts import module_names
from dockwise.flow.index import FUNCTIONS, ModuleAst
from dockwise.flow.sinks import Tables
from dockwise.words import has_whole

__all__ = ["handler_router", "router_handed_on"]


def handler_router(t: Tables, mod: ModuleAst, handler: str) -> str | None:
    """The module-level router (its variable's name) on which every route decorator of the
    module-level function ``handler`` registers it, where that variable is bound only to a
    router built by one of router_classes; None otherwise (a route on the application itself,
    a class-based view, a router built any other way)."""
    defs = [d for d in mod.functions.get(handler) or () if mod.parent(d) is mod.tree]
    if len(defs) != 1 or not isinstance(defs[0], FUNCTIONS):
        return None
    receivers: set[str] = set()
    for dec in defs[0].decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)):
            return None  # a decorator of another shape: what registers the function is not read
        receivers.add(target.value.id)
    if len(receivers) != 1:
        return None
    (name,) = receivers
    bound = [stmt.value for stmt in mod.tree.body
             if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None
             and any(isinstance(tg, ast.Name) and tg.id == name
                     for tg in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]))]
    if len(bound) != 1 or not isinstance(bound[0], ast.Call) \
            or not t.router_classes.fullmatch(mod.qname(bound[0].func, call=True) or ""):
        return None
    return name


def router_handed_on(rel: str, name: str, modules: Iterable[str], source: Callable[[str], str | None],
                     parse: Callable[[str], ModuleAst | None]) -> bool:
    """Some module of ``modules`` (those a container runs) refers to the router ``name`` of
    ``rel`` other than by its own route decorators (see the module docstring); a module that
    cannot be read or parsed may."""
    owner = frozenset(f"{dotted}.{name}" for dotted in module_names(rel))
    for other in modules:
        text = source(other)
        if text is None:
            return True
        if not has_whole(text, name):
            continue
        mod = parse(other)
        if mod is None:
            return True
        if _refers(mod, name, owner, own=other == rel):
            return True
    return False


def _refers(mod: ModuleAst, name: str, owner: frozenset[str], own: bool) -> bool:
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Constant) and node.value == name:
            return True  # `getattr(module, "router")`: a loader may look it up by its name
        if isinstance(node, ast.ImportFrom) and any(a.name in (name, "*") for a in node.names) \
                and f"{mod.import_base(node)}.{name}" in owner:
            return True  # `from .settings import router` (or every name of the module)
        if isinstance(node, ast.Attribute) and node.attr == name:
            if (mod.qname(node) or "") in owner:
                return True  # `settings.router`
            if not (isinstance(node.value, ast.Name) and node.value.id in mod.imports):
                return True  # `module.router` of a module in a loop variable: it may be this one
        if own and isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            parent = mod.parent(node)
            if isinstance(parent, ast.Attribute) and parent.value is node:
                continue  # `router.get(...)`, `router.routes`: used, not handed on
            return True  # passed, returned, listed, bound to another name
    return False
