"""Pages a remote browser is told to open: ``driver.get("http://web:8000/")`` where the
module builds ``driver`` as ``webdriver.Remote(command_executor="http://grid:4444/wd/hub")``.
The browser runs in another container (a Selenium Grid or standalone node) and dials the
page from there; the container running the test script only sends it the command.  A local
driver (``webdriver.Chrome()``) starts the browser in this container and stays a dial here.

A name counts as a remote browser where every binding of it in the module (by its last
part: ``self.driver = webdriver.Remote(...)`` then ``driver = self.driver``) is a call of
one of ``rules/flow.yaml`` remote_browsers, or another such name, or ``None`` before it is
built; one bound to anything else as well (``driver = get_driver()``) is not known to be one."""
from __future__ import annotations

import ast
from typing import Any, Iterable

_UNKNOWN = ast.Tuple(elts=[], ctx=ast.Load())  # a value not written out


def _last(expr: ast.AST) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def _bindings(tree: ast.AST) -> dict[str, list[ast.AST]]:
    """Last part of each name or attribute the module assigns -> the values bound to it (a
    binding whose value is not read, a loop target, a tuple target: ``_UNKNOWN``, no browser)."""
    out: dict[str, list[ast.AST]] = {}

    def bind(target: ast.AST, value: ast.AST | None) -> None:
        name = _last(target)
        if name is not None:
            out.setdefault(name, []).append(value if value is not None else _UNKNOWN)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                bind(t, None)

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                bind(t, node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            bind(node.target, node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            bind(node.target, None)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    bind(item.optional_vars, None)
        elif isinstance(node, ast.NamedExpr):
            bind(node.target, node.value)
    return out


def remote_browser_names(mod: Any, classes: Iterable[str]) -> frozenset[str]:
    """The names (last parts) the module binds only to remote browsers."""
    wanted = frozenset(classes)
    if not wanted:
        return frozenset()
    bindings = _bindings(mod.tree)

    def is_remote(value: ast.AST) -> bool:
        return isinstance(value, ast.Call) and mod.qname(value.func, call=True) in wanted

    def unset(value: ast.AST) -> bool:
        return isinstance(value, ast.Constant) and value.value is None

    # every binding a remote browser or a name that is one (the largest such set), and at
    # least one way back to a remote browser's construction
    names = {n for n, values in bindings.items() if any(is_remote(v) or _last(v) in bindings for v in values)}
    changed = True
    while changed:
        changed = False
        for n in list(names):
            if not all(is_remote(v) or unset(v) or _last(v) in names for v in bindings[n]):
                names.discard(n)
                changed = True
    grown = {n for n in names if any(is_remote(v) for v in bindings[n])}
    changed = True
    while changed:
        changed = False
        for n in names - grown:
            if any(_last(v) in grown for v in bindings[n]):
                grown.add(n)
                changed = True
    return frozenset(grown)


def opened_by_remote_browser(mod: Any, node: ast.AST, classes: Iterable[str], navigations: Iterable[str]) -> bool:
    """The string ``node`` is the page argument of a navigation method (``get``) called on a
    name the module binds only to remote browsers."""
    call = mod.parent(node)
    if not (isinstance(call, ast.Call) and call.args and call.args[0] is node
            and isinstance(call.func, ast.Attribute) and call.func.attr in frozenset(navigations)):
        return False
    receiver = _last(call.func.value)
    return receiver is not None and receiver in remote_browser_names(mod, classes)
