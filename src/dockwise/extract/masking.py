"""Shell and Docker expansions (``$VAR``, ``${...}``, ``$(...)``) masked as unknown text.

Commands, Dockerfile ENV values and standalone env files are expanded later by a shell
or by Docker: their ``$`` parts stand for text nobody knows statically.
"""
from __future__ import annotations

from dockwise.layout.shell import located
from dockwise.model import HOLE, Text


def mask_expansions(text: Text) -> Text:
    """``$VAR``, ``${...}`` and ``$(...)`` replaced by one HOLE each (unknown text).

    Used where the text is expanded later by a shell or Docker (commands, Dockerfile ENV,
    standalone env files), so that ``redis://$REDIS_HOST:6379`` has no literal host.
    """
    value = text.value
    if "$" not in value:
        return text
    locs: list = [None] * len(value)
    for piece in text.pieces:
        for k in range(max(piece.start, 0), min(piece.end, len(value))):
            locs[k] = (piece.path, piece.line, piece.column + (k - piece.start))
    chars: list = []
    i, n = 0, len(value)
    while i < n:
        c = value[i]
        if c == "$" and i + 1 < n:
            nxt = value[i + 1]
            end = None
            if nxt == "$":
                chars.append(("$", locs[i]))
                i += 2
                continue
            if nxt in "{(":
                close = "}" if nxt == "{" else ")"
                depth, j = 1, i + 2
                while j < n and depth:
                    if value[j] == nxt:
                        depth += 1
                    elif value[j] == close:
                        depth -= 1
                    j += 1
                end = j
            elif nxt == "_" or nxt.isalpha():
                j = i + 1
                while j < n and (value[j] == "_" or value[j].isalnum()):
                    j += 1
                end = j
            elif nxt.isdigit() or nxt in "@*#?!-":
                end = i + 2
            if end is not None:
                chars.append((HOLE, None))
                i = end
                continue
        chars.append((c, locs[i]))
        i += 1
    return located(chars)
