"""Tab indentation that CPython accepts and LibCST's tokenizer rejects.

CPython measures indentation with tab stops of 8 columns (and checks that a tab-size of 1
gives the same blocks); LibCST's native tokenizer refuses some of the mixes CPython takes,
such as a block indented ``"\\t    "`` under one indented with four spaces ("no matching
outer block for dedent"). Such a file is valid Python: reporting a syntax error in it is
wrong, and analysing nothing in it loses its findings.

``expand`` rewrites only the indentation of the lines that begin a logical line, each tab to
CPython's next 8-column stop, which keeps CPython's blocks; text inside strings and
bracketed continuation lines is untouched, so every value stays as written. It returns the
new text and, per changed line, how many columns longer its indentation became, so that
positions in the new text can be moved back to the file's own columns (``column``).
"""
from __future__ import annotations

import io
import tokenize

__all__ = ["expand", "column"]

_SKIP = frozenset({tokenize.INDENT, tokenize.DEDENT, tokenize.NL, tokenize.COMMENT,
                   tokenize.NEWLINE, tokenize.ENCODING})


def expand(source: str) -> tuple[str, dict[int, tuple[int, int]]] | None:
    """(the source with the tabs of its logical lines' indentation expanded, {1-based line:
    (width of the new indentation, columns added)}), or None when no such line holds a tab
    or CPython's tokenizer cannot read the source."""
    if "\t" not in source:
        return None
    starts: set[int] = set()
    at_start = True
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NEWLINE:
                at_start = True
            elif at_start and tok.type not in _SKIP:
                starts.add(tok.start[0])
                at_start = False
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    lines = io.StringIO(source).readlines()  # the lines as the tokenizer numbered them
    shifts: dict[int, tuple[int, int]] = {}
    for number in sorted(starts):
        if number > len(lines):
            continue
        text = lines[number - 1]
        body = text.lstrip(" \t")
        indent = text[:len(text) - len(body)]
        if "\t" not in indent:
            continue
        wide = indent.expandtabs(8)
        lines[number - 1] = wide + body
        shifts[number] = (len(wide), len(wide) - len(indent))
    if not shifts:
        return None
    return "".join(lines), shifts


def column(shifts: dict[int, tuple[int, int]], line: int, col: int) -> int:
    """The file's own 1-based column of ``col`` on ``line`` of the expanded text."""
    shift = shifts.get(line)
    if shift is None:
        return col
    width, added = shift
    if col - 1 >= width:
        return col - added
    return min(col, width - added + 1)  # inside the indentation: its end in the file
