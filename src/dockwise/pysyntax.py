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

__all__ = ["older", "older_fstrings", "older_source", "older_syntax", "parse"]

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
    """``text`` with every line :func:`older_syntax` rewrites rewritten; None where none is.
    A definition's type parameter list written over several lines (``class Service[`` ...
    ``](Base):``) is blanked over all of them, each line it spans ending in a backslash that
    joins it to the next, so the definition stays one statement and what follows the list
    keeps its place."""
    lines = text.split("\n")
    older: list[str | None] = [None] * len(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if "[" in line or "type" in line:
            older[i] = older_syntax(line)
            m = _GENERIC_DEF.match(line) if older[i] is None else None
            if m is not None:
                i = _blank_parameters(lines, older, i, m.start(1))
        i += 1
    if all(o is None for o in older):
        return None
    return "\n".join(o if o is not None else line for o, line in zip(older, lines, strict=True))


def _blank_parameters(lines: list[str], older: list[str | None], first: int, start: int) -> int:
    """Blank the type parameter list opened at column ``start`` of line ``first`` and closed
    on a later line (into ``older``); the index of the line where it closes, or ``first``
    where it does not close within a few lines (left as written)."""
    depth = 0
    for i in range(first, min(first + 50, len(lines))):
        line = lines[i]
        for j in range(start if i == first else 0, len(line)):
            depth += {"[": 1, "]": -1}.get(line[j], 0)
            if depth == 0:
                for k in range(first, i):  # each spanned line: its list part blanked, a backslash last
                    head = lines[k][:start] if k == first else ""
                    older[k] = head + " " * max(len(lines[k]) - len(head) - 1, 0) + "\\"
                older[i] = " " * (j + 1) + line[j + 1:]
                return i
    return first


def older(text: str) -> str | None:
    """``text`` in the syntax of an older Python, column for column: its type parameter lists
    and aliases (:func:`older_source`), then its f-strings only Python 3.12 parses
    (:func:`older_fstrings`); None where nothing is rewritten."""
    source = older_source(text)
    plain = older_fstrings(source if source is not None else text)
    return plain if plain is not None else source


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(text)``, and where that fails, of the text in an older syntax
    (:func:`older`); the first SyntaxError where neither parses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(text, filename)
        except SyntaxError as err:
            first = err
        rewritten = older(text)
        if rewritten is not None:
            try:
                return ast.parse(rewritten, filename)
            except SyntaxError:
                pass
    raise first  # (the error of the text as written)


_PREFIX = frozenset("rRbBuUfF")


def older_fstrings(text: str) -> str | None:
    """``text`` with each f-string only Python 3.12 parses (PEP 701: a backslash, a comment
    or the f-string's own quote inside a replacement field, ``f"{'\\n'.join(rows)}"``,
    ``f"{row["host"]}"``) written as a blank string of the same extent, its line breaks kept
    (an empty tuple where a single-quoted one spans lines): the module parses, every other
    position stays, and what the f-string held is unread.  None where there is none."""
    out: list[str] | None = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c not in "'\"":
            i += 1
            continue
        start = i
        while start > 0 and text[start - 1] in _PREFIX and i - start < 2:
            start -= 1
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start = i  # (the end of a name, not a prefix)
        fstring = "f" in text[start:i].lower()
        stop, newer = _string_end(text, i, fstring)
        if stop is None:
            return None
        if newer:
            if out is None:
                out = list(text)
            for k in range(start, stop):
                if out[k] != "\n":
                    out[k] = " "
            if "\n" not in text[start:stop]:
                out[start], out[stop - 1] = '"', '"'
            elif text[i:i + 3] in ('"""', "\'\'\'"):
                out[start:start + 3] = out[stop - 3:stop] = ['"'] * 3
            else:  # (a single-quoted f-string whose field spans lines: no string keeps its breaks)
                out[start], out[stop - 1] = "(", ")"
        i = stop
    return "".join(out) if out is not None else None


def _string_end(text: str, i: int, fstring: bool) -> tuple[int | None, bool]:
    """The end of the string literal whose quote opens at ``i``, and whether it is an
    f-string only Python 3.12 parses; (None, False) where it does not close."""
    quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else text[i]
    j, n = i + len(quote), len(text)
    depth, newer = 0, False
    while j < n:
        c = text[j]
        if depth == 0:
            if text.startswith(quote, j):
                return j + len(quote), newer
            if c == "\\":
                j += 2
                continue
            if c == "\n" and len(quote) == 1:
                return None, False
            if fstring and c == "{":
                if text.startswith("{{", j):
                    j += 2
                    continue
                depth = 1
            j += 1
            continue
        # in a replacement field: brackets nest, strings and comments are skipped
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif c == "\\" or c == "#" or c == "\n" and len(quote) == 1:
            newer = True
            if c == "#":
                end = text.find("\n", j)
                j = n if end < 0 else end
                continue
        elif c in "'\"":
            if text.startswith(quote[0], j):
                newer = True  # the f-string's own quote inside a field
            k = j
            while k > 0 and text[k - 1] in _PREFIX and j - k < 2:
                k -= 1
            stop, inner = _string_end(text, j, "f" in text[k:j].lower())
            if stop is None:
                return None, False
            newer = newer or inner or "\\" in text[j:stop]  # (`'\\n'` in a field: 3.12 only)
            j = stop
            continue
        j += 1
    return None, False
