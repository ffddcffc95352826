"""Where a name is written as a whole identifier in source text (``port``, not ``report``),
and the lines that hold a keyword.

Value-following asks this of whole modules many times a run.  A regular expression with a
look-behind (``(?<!\\w)port(?!\\w)``) cannot jump to its literal and steps through every
character: some 60 times slower than ``str.find``, which these functions use, checking the
characters around each hit.  ``\\w`` here is what it is in ``re``: a letter, a digit or ``_``
(``str.isalnum``).  Likewise a pattern anchored at every line (``^`` with MULTILINE) is
tried only at the starts of the lines that hold its keyword (:func:`line_starts_holding`).
"""
from __future__ import annotations

import re
from typing import Iterator

__all__ = ["call_positions", "has_call", "has_whole", "line_starts_holding", "lines_with_whole", "names_as_base", "positions_whole"]


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def positions_whole(text: str, word: str) -> Iterator[int]:
    """Start offsets of ``word`` where it is not part of a longer identifier: the character
    before (when ``word`` starts with a word character) and after (when it ends with one)
    is not a word character."""
    if not word:
        return
    n, size = len(word), len(text)
    guard_before = _word_char(word[0])
    guard_after = _word_char(word[-1])
    find = text.find
    pos = find(word)
    while pos >= 0:
        end = pos + n
        if not (guard_before and pos and _word_char(text[pos - 1])) \
                and not (guard_after and end < size and _word_char(text[end])):
            yield pos
            pos = find(word, end)  # (whole words do not overlap)
        else:
            pos = find(word, pos + 1)


def has_whole(text: str, word: str) -> bool:
    return next(positions_whole(text, word), None) is not None


_BETWEEN_CALL = " \t\r\n\\\f"  # what may stand between a called name and its "(" (a line continuation too)


def has_call(text: str, word: str) -> bool:
    """``word`` stands as a whole identifier right before a ``(`` (spaces, line breaks and a
    line continuation between): where the text holds no such place, no call of a function
    or method of that name is written in it."""
    return next(call_positions(text, word), None) is not None


def call_positions(text: str, word: str) -> Iterator[int]:
    """Start offsets of ``word`` where it stands as a whole identifier right before a ``(``
    (as in :func:`has_call`)."""
    size = len(text)
    for pos in positions_whole(text, word):
        end = pos + len(word)
        while end < size and text[end] in _BETWEEN_CALL:
            end += 1
        if end < size and text[end] == "(":
            yield pos


def lines_with_whole(text: str, word: str) -> list[int]:
    """The lines (1-based, ascending, each once) where ``word`` is a whole identifier."""
    out: list[int] = []
    line = 1
    at = 0
    count = text.count
    for pos in positions_whole(text, word):
        line += count("\n", at, pos)
        at = pos
        if not out or out[-1] != line:
            out.append(line)
    return out


def line_starts_holding(text: str, keywords: tuple[str, ...]) -> Iterator[int]:
    """The offset where each line that holds one of ``keywords`` starts, each line once: in
    ascending order for each keyword in turn."""
    find, rfind = text.find, text.rfind
    seen: set[int] = set()
    for keyword in keywords:
        pos = find(keyword)
        while pos >= 0:
            start = rfind("\n", 0, pos) + 1
            if start not in seen:
                seen.add(start)
                yield start
            end = find("\n", pos)
            if end < 0:
                break
            pos = find(keyword, end + 1)


# from a ``class`` keyword to a base: the class's name, "(", then bases and keywords, no ":"
_IN_BASES = re.compile(r"class\s+\w+\s*\([^:]*\Z")


def names_as_base(text: str, word: str) -> bool:
    """Some ``class X(...)`` statement of ``text`` names ``word`` in its bases
    (``class Worker(base.Task, Mixin):``), written directly: the text between the last
    ``class`` keyword before the word and the word opens that statement's bases and holds no
    ``:``.  A cheap test before a module is parsed to look for subclasses; a base reached
    through an alias (``import Task as T``) is not seen."""
    for pos in positions_whole(text, word):
        k = pos
        while True:
            k = text.rfind("class", 0, k)
            if k < 0 or not (k and _word_char(text[k - 1])):
                break  # (inside ``metaclass`` / ``subclass``: look further back)
        if k >= 0 and _IN_BASES.match(text, k, pos):
            return True
    return False
