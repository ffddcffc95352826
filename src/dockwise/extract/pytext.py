"""Located text out of Python string expressions: a literal, an f-string, an implicit
or ``+`` concatenation decoded into a :class:`Text` whose every character keeps its place
in the source (escapes decoded, unknown parts a ``HOLE``), and ``%``/``.format`` fields
substituted by holes.

``LocatedText`` is mixed into the extractor (``dockwise.extract.python``): it uses the
extractor's positions (``offset_of``, ``line_col``)."""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Callable, Protocol

import libcst as cst

from dockwise.extract.pynodes import NEWLINE, PERCENT_FIELD, SIMPLE_ESCAPES
from dockwise.model import HOLE, Piece, Text


class _Locates(Protocol):
    """What a TextBuilder needs of its owner: where a source offset stands."""

    path: str

    def line_col(self, offset: int) -> tuple[int, int]: ...


class TextBuilder:
    def __init__(self, owner: _Locates) -> None:
        self.owner = owner
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0

    def literal(self, text: str, offset: int) -> None:
        """``text`` copied verbatim from the source at ``offset``."""
        if not text:
            return
        pos = 0
        for m in NEWLINE.finditer(text):
            self._piece(text[pos:m.start()], offset + pos)
            self.char(m.group(0))
            pos = m.end()
        self._piece(text[pos:], offset + pos)

    def _piece(self, text: str, offset: int) -> None:
        if not text:
            return
        line, col = self.owner.line_col(offset)
        self.pieces.append(Piece(self.length, self.length + len(text), self.owner.path, line, col))
        self.parts.append(text)
        self.length += len(text)

    def char(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def hole(self) -> None:
        self.char(HOLE)

    def text(self) -> Text:
        return Text("".join(self.parts), tuple(self.pieces))


def substitute(text: Text, pattern: re.Pattern[str]) -> Text:
    """``text`` with every match of ``pattern`` replaced by HOLE, pieces remapped."""
    value = text.value
    matches = [m for m in pattern.finditer(value) if m.group(0) != "%%"]
    if not matches:
        return text
    kept: list[tuple[int, int, int]] = []  # (old start, old end, new start)
    out: list[str] = []
    pos = new = 0
    for m in matches:
        if m.start() > pos:
            kept.append((pos, m.start(), new))
            out.append(value[pos:m.start()])
            new += m.start() - pos
        out.append(HOLE)
        new += 1
        pos = m.end()
    if pos < len(value):
        kept.append((pos, len(value), new))
        out.append(value[pos:])
    pieces: list[Piece] = []
    for p in text.pieces:
        for s, e, n in kept:
            a, b = max(s, p.start), min(e, p.end)
            if a < b:
                pieces.append(Piece(n + a - s, n + b - s, p.path, p.line, p.column + a - p.start))
    return Text("".join(out), tuple(pieces))


class NoPosition(Exception):
    pass


class LocatedText:
    # the extractor's (dockwise.extract.pypositions.Positions)
    path: str
    line_col: Callable[[int], tuple[int, int]]
    offset_of: Callable[[cst.CSTNode], int | None]

    def text_of(self, node: cst.CSTNode) -> Text | None:
        b = TextBuilder(self)
        try:
            if type(node) is cst.BinaryOperation and type(node.operator) is cst.Modulo:
                left = self.text_of(node.left)
                return None if left is None else substitute(left, PERCENT_FIELD)
            self._add(node, b)
        except NoPosition:
            return None
        return b.text()

    def _add(self, node: cst.CSTNode, b: TextBuilder) -> None:
        # Any: dispatched on type(n) (faster than isinstance), which mypy cannot narrow
        stack: list[Any] = [node]
        while stack:
            n = stack.pop()
            kind = type(n)
            if kind is cst.SimpleString:
                self._add_simple(n, b)
            elif kind is cst.FormattedString:
                self._add_fstring(n, b)
            elif kind is cst.ConcatenatedString:
                stack.append(n.right)
                stack.append(n.left)
            elif kind is cst.BinaryOperation and type(n.operator) is cst.Add:
                stack.append(n.right)
                stack.append(n.left)
            else:
                b.hole()

    def _add_simple(self, node: cst.SimpleString, b: TextBuilder) -> None:
        off = self.offset_of(node)
        if off is None:
            raise NoPosition
        prefix = node.prefix.lower()
        quote = node.quote
        body = node.value[len(prefix) + len(quote):len(node.value) - len(quote)]
        self._add_body(body, off + len(prefix) + len(quote), "r" in prefix, "b" in prefix, b)

    def _add_fstring(self, node: cst.FormattedString, b: TextBuilder) -> None:
        raw = "r" in node.prefix.lower()
        for part in node.parts:
            if type(part) is cst.FormattedStringText:
                off = self.offset_of(part)
                if off is None:
                    raise NoPosition
                value = part.value
                pos = 0
                while True:
                    j = min((k for k in (value.find("{{", pos), value.find("}}", pos)) if k >= 0), default=-1)
                    if j < 0:
                        break
                    self._add_body(value[pos:j], off + pos, raw, False, b)
                    b.char(value[j])
                    pos = j + 2
                self._add_body(value[pos:], off + pos, raw, False, b)
            else:
                b.hole()

    def _add_body(self, body: str, offset: int, raw: bool, is_bytes: bool, b: TextBuilder) -> None:
        if raw or "\\" not in body:
            b.literal(body, offset)
            return
        pos = run = 0
        n = len(body)
        while True:
            j = body.find("\\", pos)
            if j < 0 or j + 1 >= n:
                break
            c = body[j + 1]
            decoded: str | None = None
            length = 2
            if c in "\r\n":
                decoded = ""
                if c == "\r" and body[j + 2:j + 3] == "\n":
                    length = 3
            elif c in SIMPLE_ESCAPES:
                decoded = SIMPLE_ESCAPES[c]
            elif c in "01234567":
                m = re.match(r"[0-7]{1,3}", body[j + 1:])
                assert m is not None
                decoded = chr(int(m.group(0), 8))
                length = 1 + len(m.group(0))
            elif c == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", body[j + 2:j + 4]):
                decoded = chr(int(body[j + 2:j + 4], 16))
                length = 4
            elif not is_bytes and c == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[j + 2:j + 6]):
                decoded = chr(int(body[j + 2:j + 6], 16))
                length = 6
            elif not is_bytes and c == "U" and re.fullmatch(r"[0-9a-fA-F]{8}", body[j + 2:j + 10]):
                try:
                    decoded = chr(int(body[j + 2:j + 10], 16))
                    length = 10
                except ValueError:
                    decoded = None
            elif not is_bytes and c == "N" and body[j + 2:j + 3] == "{":
                close = body.find("}", j + 3)
                if close > 0:
                    try:
                        decoded = unicodedata.lookup(body[j + 3:close])
                        length = close + 1 - j
                    except KeyError:
                        decoded = None
            if decoded is None:  # not an escape: the backslash stays
                pos = j + 2
                continue
            b.literal(body[run:j], offset + run)
            b.char(decoded)
            pos = run = j + length
        b.literal(body[run:], offset + run)
