"""Whether the settings a container loads give a server's address.

A server subcommand given no address may bind what a setting of the framework says
(django-extensions' ``runserver_plus`` reads ``RUNSERVERPLUS_SERVER_ADDRESS_PORT`` from the
Django settings; ``rules/commands.yaml`` settings_bind_keys).  Where a module the container
runs binds that name at its top level to anything but a loopback ``host:port`` literal
(``"0.0.0.0:8000"``, an environment read, a computed string), the server's default loopback
bind is no evidence: its address is the setting's.
"""
from __future__ import annotations

import ast
from typing import Any, Callable, Iterable

from dockwise.extract.hostkind import host_kind
from dockwise.pysyntax import parse as parse_source

__all__ = ["sets_bind"]


def sets_bind(modules: Iterable[str], source: Callable[[str], str | None], name: str, knowledge: Any) -> bool:
    """Some module of ``modules`` binds ``name`` at its top level (or in a top-level ``if`` or
    ``try``) to a value that is not a loopback address literal (rules/hosts.yaml's names)."""
    for rel in modules:
        text = source(rel)
        if not text or name not in text:
            continue
        try:
            tree = parse_source(text)
        except (SyntaxError, ValueError, RecursionError):
            continue
        if any(not _loopback_literal(value, knowledge) for value in _top_values(tree.body, name)):
            return True
    return False


def _top_values(body: list[ast.stmt], name: str) -> Iterable[ast.expr]:
    for stmt in body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            yield stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name \
                and stmt.value is not None:
            yield stmt.value
        elif isinstance(stmt, ast.If):
            yield from _top_values(stmt.body, name)
            yield from _top_values(stmt.orelse, name)
        elif isinstance(stmt, ast.Try):
            for part in (stmt.body, stmt.orelse, stmt.finalbody, *(h.body for h in stmt.handlers)):
                yield from _top_values(part, name)


def _loopback_literal(value: ast.expr, knowledge: Any) -> bool:
    """``"127.0.0.1:8000"``, ``"localhost:8000"`` (the setting's own loopback address)."""
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
        return False
    text = value.value.strip()
    host = text.rsplit(":", 1)[0] if ":" in text and not text.startswith("[") else text.partition("]")[0].lstrip("[")
    return host_kind(host, knowledge) == "loopback"
