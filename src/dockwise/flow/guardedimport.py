"""The modules a dial's line depends on through an import guarded by ``except ImportError``.

``try: from acme_exporter import Exporter; Exporter(endpoint=URL) except ImportError: pass``:
the call on the try's body runs only where the import before it succeeds.  Which modules
those are is read here; whether the container's image installs them is ``runs/installed.py``.
"""
from __future__ import annotations

import ast

__all__ = ["guarded_modules"]

_IMPORT_ERRORS = frozenset(("ImportError", "ModuleNotFoundError"))


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    t = handler.type
    items = t.elts if isinstance(t, ast.Tuple) else [t] if t is not None else []
    names = {i.id if isinstance(i, ast.Name) else i.attr if isinstance(i, ast.Attribute) else "" for i in items}
    return bool(names & _IMPORT_ERRORS)


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
    around ``line`` that catch ``ImportError`` (or ``ModuleNotFoundError``)."""
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
