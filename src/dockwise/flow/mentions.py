"""Where a name written in a module's text is a mention of the code, not a word.

Searches over a container's modules find a name by its text (fast: most modules never name
it); these say which of those places are no use of the name: an import statement or an export
list (``statement_spans``), and a word of a comment or a sentence (``prose``).  Shared by the
searches of :mod:`dockwise.flow.called` and :mod:`dockwise.flow.taskbodies`.
"""
from __future__ import annotations

import keyword
import re

from dockwise.words import line_starts_holding

__all__ = ["prose", "statement_spans"]

# an import statement or an export list (`__all__ = [...]`), from the start of its line: tried
# only at the lines that hold "import" or "__all__" (see statement_spans)
_IMPORT = re.compile(r"[ \t]*(?:(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+(?:\([^)]*\)|[^\n]*)"
                     r"|__all__[ \t]*\+?=[ \t]*(?:\[[^\]]*\]|\([^)]*\)))")
# the words that may stand next to a name in code (`return main`, `main if x else y`)
_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
_WORD_BEFORE = re.compile(r"([A-Za-z_]\w*)[ \t]+\Z")
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z_]\w*)")


def prose(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a word of a comment or of a sentence (a docstring, a message),
    not a name the code uses: an unquoted ``#`` comes before it on its line, or a word that
    is no keyword stands next to it (``the main module``: in code two names never do)."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    quote = ""
    for ch in before:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return True
    left = _WORD_BEFORE.search(before)
    if left is not None and left.group(1) not in _KEYWORDS:
        return True
    right = _WORD_AFTER.match(text, end)
    return right is not None and right.group(1) not in _KEYWORDS


def statement_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of ``text``'s import statements and export lists, the pattern
    tried only at the lines that hold its keyword (``dockwise.words``)."""
    match = _IMPORT.match
    return [m.span() for start in line_starts_holding(text, ("import", "__all__"))
            if (m := match(text, start)) is not None]
