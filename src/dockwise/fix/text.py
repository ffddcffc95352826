"""Text positions and plain text edits: line starts, 1-based (line, column) <-> offsets,
the text under a span, splicing (start, end, content) edits, a text's newline, its BOM.

Lines end at \\r\\n, \\r or \\n, as Python and LibCST count them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Sequence

from dockwise.model import Span

_NEWLINE = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=8)
def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where each line starts (lines end at \\r\\n, \\r or \\n, as Python and LibCST
    count them).  Memoised: every finding of a file asks for the same text's."""
    if "\r" not in text:  # the common case, in C: each line's length + 1, summed up
        return tuple(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
    return (0, *(m.end() for m in _NEWLINE.finditer(text)))



def line_end(text: str, starts: Sequence[int], index: int) -> int:
    """Offset of the end of line ``index`` (0-based), newline excluded."""
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    while end > starts[index] and text[end - 1] in "\r\n":
        end -= 1
    return end


def offset_of(text: str, starts: Sequence[int], line: int, column: int) -> int | None:
    """The offset of 1-based (line, column), or None when it is not inside the text."""
    if not 1 <= line <= len(starts) or column < 1:
        return None
    begin = starts[line - 1]
    if begin + column - 1 > line_end(text, starts, line - 1):
        return None
    return begin + column - 1


def span_offsets(text: str, span: Span, starts: Sequence[int] | None = None) -> tuple[int, int] | None:
    starts = starts if starts is not None else line_starts(text)
    a = offset_of(text, starts, span.line, span.column)
    b = offset_of(text, starts, span.end_line, span.end_column)
    if a is None or b is None or b < a:
        return None
    return a, b


def position_of(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1


def text_at(text: str, span: Span, starts: Sequence[int] | None = None) -> str | None:
    hit = span_offsets(text, span, starts)
    return None if hit is None else text[hit[0]:hit[1]]


def splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """Apply non-overlapping (start, end, content) edits; an insertion at the end of a
    replaced range goes after the replacement."""
    out: list[str] = []
    pos = 0
    for start, end, content in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise ValueError("overlapping edits")
        out.append(text[pos:start])
        out.append(content)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def newline_of(text: str) -> str:
    m = _NEWLINE.search(text)
    return m.group(0) if m else "\n"


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text

