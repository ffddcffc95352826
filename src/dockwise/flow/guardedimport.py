"""The modules a dial's line depends on through an import guarded by ``except ImportError``.

``try: from acme_exporter import Exporter; Exporter(endpoint=URL) except ImportError: pass``:
the call on the try's body runs only where the import before it succeeds.  Which modules
those are is read here; whether the container's image installs them is ``runs/installed.py``.
"""
from __future__ import annotations

import ast
from collections import deque
from typing import Iterator

__all__ = ["fallback_guards", "guarded_modules"]

_IMPORT_ERRORS = frozenset(("ImportError", "ModuleNotFoundError"))
# Handlers that catch an ImportError among everything else: after a failed import in the ``try``
# they run too, so the rest of its body does not.
_BROAD = frozenset(("Exception", "BaseException"))


def _caught(handler: ast.ExceptHandler) -> set[str]:
    t = handler.type
    items = t.elts if isinstance(t, ast.Tuple) else [t] if t is not None else []
    return {i.id if isinstance(i, ast.Name) else i.attr if isinstance(i, ast.Attribute) else "" for i in items}


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    """The handler catches a failed import: ``except ImportError``, ``except Exception``,
    ``except BaseException`` or a bare ``except:``."""
    return handler.type is None or bool(_caught(handler) & (_IMPORT_ERRORS | _BROAD))


def _imports_before(body: list[ast.stmt], line: int) -> list[str]:
    out: list[str] = []
    for stmt in body:
        if stmt.lineno >= line:
            break
        for node in ast.walk(stmt):
            if isinstance(node, ast.Import):
                out.extend(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                out.append(node.module)
    return out


def guarded_modules(tree: ast.AST, line: int) -> tuple[str, ...]:
    """The absolute modules imported, before ``line``, in the bodies of the ``try`` statements
    around ``line`` that catch ``ImportError`` (or ``ModuleNotFoundError``, or everything:
    ``Exception``, a bare ``except:``)."""
    out: list[str] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            start = getattr(child, "lineno", None)
            end = getattr(child, "end_lineno", None)
            if start is not None and end is not None and not start <= line <= end:
                continue
            if isinstance(child, ast.Try) and child.body and child.body[0].lineno <= line \
                    <= (child.body[-1].end_lineno or child.body[-1].lineno) \
                    and any(_catches_import_error(h) for h in child.handlers):
                out.extend(_imports_before(child.body, line))
            stack.append(child)
    return tuple(dict.fromkeys(out))


def fallback_guards(tree: ast.AST, line: int) -> list[tuple[str, ...]]:
    """For each ``try`` around ``line`` whose handler holding ``line`` catches ImportError (or
    ModuleNotFoundError) alone, the absolute modules its body imports: the handler runs only where
    one of them fails to import (``try: import dj_database_url ... except ImportError: DATABASES =
    {...}``).  A body that imports nothing, or a module relative to its package, gives ``()``: what
    it may raise is not read."""
    out: list[tuple[str, ...]] = []
    for node in _around(tree, line):
        if not isinstance(node, ast.Try):
            continue
        for h in node.handlers:
            end = h.end_lineno or h.lineno
            if not h.lineno <= line <= end or not h.body or line < h.body[0].lineno:
                continue
            if not _caught(h) or not _caught(h) <= _IMPORT_ERRORS:
                continue
            mods: list[str] = []
            relative = False
            for stmt in node.body:
                for sub in ast.walk(stmt):
                    if isinstance(sub, ast.Import):
                        mods.extend(a.name for a in sub.names)
                    elif isinstance(sub, ast.Call) and (isinstance(sub.func, ast.Name) and sub.func.id == "__import__"
                                                        or isinstance(sub.func, ast.Attribute | ast.Name)
                                                        and getattr(sub.func, "attr", None) == "import_module"
                                                        or isinstance(sub.func, ast.Name)
                                                        and sub.func.id == "import_module"):
                        relative = True  # a module named at run time
                    elif isinstance(sub, ast.ImportFrom):
                        if sub.level or not sub.module:
                            relative = True
                        else:
                            mods.append(sub.module)
            out.append(() if relative else tuple(dict.fromkeys(mods)))
    return out


def _around(tree: ast.AST, line: int) -> Iterator[ast.AST]:
    """The nodes of ``tree`` whose lines hold ``line`` (and those without a position), outer
    ones first: ``ast.walk`` of only the branches that can hold a ``try`` around the line.
    Walking the whole tree once per asked line was a twentieth of a cold run on large modules."""
    queue = deque([tree])
    while queue:
        node = queue.popleft()
        yield node
        for child in ast.iter_child_nodes(node):
            start = getattr(child, "lineno", None)
            end = getattr(child, "end_lineno", None)
            if start is None or end is None or start <= line <= end:
                queue.append(child)
