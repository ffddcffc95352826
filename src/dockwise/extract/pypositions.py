"""Where a LibCST node stands in the source.  Positions come from a sequential search of
each string and comment token (LibCST visits in lexical order and code outside tokens
holds no quote or ``#``), exact and much cheaper than ``PositionProvider``; when the
search loses its way (``_Desync``) the provider takes over.

``Positions`` is mixed into the extractor (``dockwise.extract.python``): it keeps the
search's state there (``cursor``, ``tok_starts``, ``tok_ends``, ``offsets``, ``positions``)."""
from __future__ import annotations

import bisect
import re
from typing import Any

import libcst as cst

from dockwise.extract import tabindent
from dockwise.extract.pynodes import FIELD_ORDER, IDENT, NEWLINE, field_order
from dockwise.model import Span

# the opening parenthesis of a call after its name (spaces, backslash continuations between)
_OPENS_CALL = re.compile(r"[ \t]*(?:\\\n[ \t]*)*\(")


class _Desync(Exception):
    """The sequential token search lost its way: positions come from PositionProvider."""


class Positions:
    # set by the extractor's __init__ (the source, its file, the search's state)
    source: str
    path: str
    line_map: list[int] | None
    module: cst.Module | None
    comments: list[tuple[cst.Comment, int]]
    _starts: list[int] | None
    cursor: int
    tok_starts: list[int]
    tok_ends: list[int]
    offsets: dict[cst.CSTNode, int]
    positions: Any
    _seen: dict[str, int]
    # lines whose indentation's tabs were expanded for LibCST (tabindent.py), else None
    tab_shifts: dict[int, tuple[int, int]] | None

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a source offset."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in NEWLINE.finditer(self.source)]
        line = bisect.bisect_right(self._starts, offset)
        return self.orig(line), self._column(line, offset - self._starts[line - 1] + 1)

    def _column(self, line: int, col: int) -> int:
        """The file's own column of ``col`` on ``line`` of the source parsed."""
        return col if self.tab_shifts is None else tabindent.column(self.tab_shifts, line, col)

    def orig(self, line: int) -> int:
        """The file's line number of ``line`` of the (focused) source."""
        m = self.line_map
        if m is None or not m:
            return line
        return m[min(max(line, 1), len(m)) - 1]

    def _offset_at(self, line: int, column0: int) -> int:
        if self._starts is None:
            self.line_col(0)
        assert self._starts is not None
        return self._starts[line - 1] + column0

    def _anchor(self, value: str) -> int:
        p = self.source.find(value, self.cursor)
        if p < 0:
            raise _Desync
        if self._seen:
            self._seen = {}
        self.tok_starts.append(p)
        self.tok_ends.append(p + len(value))
        self.cursor = p + len(value)
        return p

    def _anchor_fstring(self, node: cst.FormattedString) -> None:
        assert self.module is not None
        head = node.start
        p = self.source.find(head, self.cursor)
        if p < 0:
            raise _Desync
        self.offsets[node] = p
        q = p + len(head)
        for part in node.parts:
            if type(part) is cst.FormattedStringText:
                self.offsets[part] = q
                q += len(part.value)
            else:
                q += len(self.module.code_for_node(part))
        if self.source[q:q + len(node.end)] != node.end:
            raise _Desync
        end = q + len(node.end)
        if self._seen:
            self._seen = {}
        self.tok_starts.append(p)
        self.tok_ends.append(end)
        self.cursor = end

    def _paren_comments(self, parens: Any) -> None:
        """Anchor the comments inside the parentheses of a token (``(  # c\n "x")``)."""
        stack = list(reversed(parens))
        while stack:
            node = stack.pop()
            if type(node) is cst.Comment:
                p = self._anchor(node.value)
                self.comments.append((node, self.line_col(p)[0]))
                continue
            kids = []
            for attr in FIELD_ORDER.get(type(node)) or field_order(node):
                value = getattr(node, attr)
                if type(value) in (tuple, list):
                    kids.extend(value)
                elif isinstance(value, cst.CSTNode):
                    kids.append(value)
            stack.extend(reversed(kids))

    def _use_provider(self) -> None:
        from libcst.metadata import MetadataWrapper, PositionProvider

        assert self.module is not None
        self.positions = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)

    def offset_of(self, node: cst.CSTNode) -> int | None:
        if self.positions is not None:
            rng = self.positions.get(node)
            return None if rng is None else self._offset_at(rng.start.line, rng.start.column)
        return self.offsets.get(node)

    def _inside_token(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.tok_starts, pos) - 1
        if i >= 0 and self.tok_ends[i] > pos:
            return self.tok_ends[i]
        return None

    def code_span(self, node: cst.CSTNode, start: int, skip: int = 0, called: bool = False) -> Span | None:
        """Span of a code node (not a string): the ``skip``+1-th occurrence of its code
        after ``start`` (the end of the last token before it) outside tokens; ``called``: one
        that a ``(`` follows (a call's name, not the import above it that names it too)."""
        if self.positions is not None:
            rng = self.positions.get(node)
            if rng is None:
                return None
            return Span(self.path, self.orig(rng.start.line), self._column(rng.start.line, rng.start.column + 1),
                        self.orig(rng.end.line), self._column(rng.end.line, rng.end.column + 1))
        assert self.module is not None
        code = node.value if isinstance(node, (cst.Integer, cst.Name)) else self.module.code_for_node(node)
        code = code.strip()
        if not code:
            return None
        src = self.source
        pos = start
        while True:
            p = src.find(code, pos)
            if p < 0:
                return None
            inside = self._inside_token(p)
            if inside is not None:
                pos = inside
                continue
            if (p > 0 and IDENT.match(src[p - 1])) or (p + len(code) < len(src) and IDENT.match(src[p + len(code)])):
                pos = p + 1
                continue
            if called and not _OPENS_CALL.match(src, p + len(code)):
                pos = p + 1
                continue
            if skip:
                skip -= 1
                pos = p + len(code)
                continue
            line, col = self.line_col(p)
            end_line, end_col = self.line_col(p + len(code))
            return Span(self.path, line, col, end_line, end_col)

    def string_span(self, node: cst.CSTNode) -> Span | None:
        off = self.offset_of(node)
        if off is None:
            return None
        assert self.module is not None
        code = node.value if isinstance(node, cst.SimpleString) else self.module.code_for_node(node)
        line, col = self.line_col(off)
        end_line, end_col = self.line_col(off + len(code))
        return Span(self.path, line, col, end_line, end_col)
