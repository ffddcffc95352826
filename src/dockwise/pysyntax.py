"""CPython's parse of a module written for a newer Python than the one running dockwise.

A project built on ``python:3.12`` is linted by whatever Python runs dockwise (a pre-commit
hook, a CI job on 3.11).  Python 3.12's type parameter lists and type alias statements (PEP
695: ``def first[T](items: list[T])``, ``class Box[T]:``, ``type Pair[T] = tuple[T, T]``) do
not parse under 3.11, and a module that does not parse is followed nowhere: its settings, its
server starts, its imports are unseen, and every search that must assume the worst of it does.
Such lines are read in an older syntax, every other character in its column, so the positions
of what the module holds stay its own.
"""
from __future__ import annotations

import ast
import re
import warnings

__all__ = ["older_source", "older_syntax", "parse"]

# a definition with a type parameter list, and a type alias statement (PEP 695)
_GENERIC_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+\w+[ \t]*(\[)")
_TYPE_ALIAS = re.compile(r"^([ \t]*)type[ \t]+(\w+)[ \t]*(?:\[[^\]]*\])?[ \t]*=")


def older_syntax(line: str) -> str | None:
    """``line`` in the syntax of an older Python where it uses what only a newer one parses,
    every other character in its column: a definition's type parameter list blanked (``def
    first   (items: list[T]):``), a type alias as an assignment (``Pair = tuple[T, T]``, its
    value where it was).  None where the line has neither, or its brackets do not close on it."""
    m = _GENERIC_DEF.match(line)
    if m is not None:
        depth = 0
        for i in range(m.start(1), len(line)):
            depth += {"[": 1, "]": -1}.get(line[i], 0)
            if depth == 0:
                return line[:m.start(1)] + " " * (i + 1 - m.start(1)) + line[i + 1:]
        return None
    m = _TYPE_ALIAS.match(line)
    if m is not None:
        head = m.group(1) + m.group(2)
        return head + " " * (m.end() - 1 - len(head)) + line[m.end() - 1:]
    return None


def older_source(text: str) -> str | None:
    """``text`` with every line :func:`older_syntax` rewrites rewritten; None where none is."""
    lines = text.split("\n")
    older = [older_syntax(line) if "[" in line or "type" in line else None for line in lines]
    if all(o is None for o in older):
        return None
    return "\n".join(o if o is not None else line for o, line in zip(older, lines, strict=True))


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(text)``, and where that fails, of the text in an older syntax
    (:func:`older_source`); the first SyntaxError where neither parses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(text, filename)
        except SyntaxError as err:
            first = err
        older = older_source(text)
        if older is not None:
            try:
                return ast.parse(older, filename)
            except SyntaxError:
                pass
    raise first  # (the error of the text as written)
