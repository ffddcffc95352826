"""The options classes of command-line subcommands a table lists, and the lines they span.

Twisted's ``usage.Options`` declares a program's subcommands as a class attribute,
``subCommands = [["serve", None, ServeOptions, "..."], ["dev-proxy", "dp", DevProxyOptions,
"..."]]`` (``rules/frameworks.yaml`` subcommand_tables): the program builds the options
class of the subcommand its command line gives, and no other.  So what a listed class's
body names (the dotted path of the function the program runs next, buildbot's
``subcommandFunction = "pkg.scripts.devproxy.devproxy"``, an import in one of its methods)
is imported only where the start command gives that subcommand or its shortcut.

Read with ``ast``, only in a module whose text holds a table's attribute name.  A class
written anywhere else in the module besides its rows (a base of another class, a call) may
run under other subcommands too: not gated.
"""
from __future__ import annotations

import ast
from typing import Sequence

from dockwise.knowledge.records import SubcommandTable
from dockwise.pysyntax import parse as parse_source

__all__ = ["subcommand_spans"]


def subcommand_spans(text: str, tables: Sequence[SubcommandTable]) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """(first line, last line, the subcommand names and shortcuts) of each module-level class
    that a subcommand table of ``text`` lists, and nothing else in the module names."""
    wanted = [t for t in tables if t.attribute in text]
    if not wanted:
        return ()
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    words: dict[str, set[str]] = {}
    in_rows: set[int] = set()  # id() of the class names the rows write
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, (ast.List, ast.Tuple))):
            continue
        table = next((t for t in wanted if t.attribute == node.targets[0].id), None)
        if table is None:
            continue
        for row in node.value.elts:
            if not isinstance(row, (ast.List, ast.Tuple)) or len(row.elts) <= max(table.name, table.parser):
                continue
            parser = row.elts[table.parser]
            if not isinstance(parser, ast.Name) or parser.id not in classes:
                continue
            cells = [row.elts[i] for i in (table.name, table.shortcut) if i < len(row.elts)]
            names = [c.value for c in cells if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            if names:
                words.setdefault(parser.id, set()).update(names)
                in_rows.add(id(parser))
    if not words:
        return ()
    # a listed class named anywhere else (subclassed, built, handed on) may run with other subcommands
    elsewhere = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in words and id(n) not in in_rows}
    out = []
    for name, listed in words.items():
        if name in elsewhere:
            continue
        cls = classes[name]
        first = min([cls.lineno, *(d.lineno for d in cls.decorator_list)])
        out.append((first, cls.end_lineno or cls.lineno, tuple(sorted(listed))))
    return tuple(sorted(out))
