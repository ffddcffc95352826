"""The dotted name a CPython syntax-tree expression spells (``os.environ.get`` of an
``Attribute`` chain over a ``Name``): shared by the stages that read Python with ``ast``
(``extract``, ``runs``, ``flow``), which each had a copy."""
from __future__ import annotations

import ast

__all__ = ["dotted", "final_name", "test_run_check", "TEST_RUN_WORDS"]


def final_name(node: ast.AST) -> str | None:
    """``c`` for ``a.b.c`` or ``c``; None for anything else (a call, a subscript)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for ``Attribute(Attribute(Name(a), b), c)``; None for anything else
    (a call, a subscript, a string on the way)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


# the words a test run is asked by, against the command line or the loaded modules (and a
# start command that makes one writes: `manage.py test`, `pytest`)
TEST_RUN_WORDS = frozenset({"test", "pytest", "tests", "unittest"})


def test_run_check(test: ast.Compare) -> bool:
    """A comparison that asks whether this is a test run: ``sys.argv`` or ``sys.modules``
    against "test" / "pytest" (``TESTING = sys.argv[1:2] == ["test"]``)."""
    names = {dotted(n) for n in ast.walk(test) if isinstance(n, (ast.Attribute, ast.Name))}
    if not names & {"sys.argv", "sys.modules", "argv"}:
        return False
    words = {n.value for n in ast.walk(test) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return bool(words & TEST_RUN_WORDS)
