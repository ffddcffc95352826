"""Edits to a Python file through LibCST: only the string-literal nodes (``SimpleString``,
``FormattedStringText``, also inside ``ConcatenatedString``) and integer nodes (a port
argument) that contain the edits are rewritten; a pure insertion between arguments of a
call (DW201's ``host="0.0.0.0"``) re-parses that call only.  The result must re-parse and
must equal the original with exactly the edits spliced in (nothing else changed, byte for
byte); anything else is a FixError.

LibCST takes 0.2 s to import: fix/verify.py imports this module only where a Python file
is fixed, not for a Compose fix.
"""
from __future__ import annotations

import functools
import re
from typing import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from dockwise.fix.errors import FixError
from dockwise.fix.text import line_starts, splice

# what LibCST raises on a text it cannot parse: a syntax error, a lone surrogate (ValueError),
# nesting past the stack
_PARSE_ERRORS = (cst.ParserSyntaxError, cst.CSTValidationError, ValueError, RecursionError, MemoryError)
_LITERAL_CONTENT = re.compile(r"[A-Za-z0-9._:\-\[\]%@/]*\Z")


class _LiteralEditor(cst.CSTTransformer):
    """Applies offset edits to the literals (and calls) of ``text`` that hold them; what it
    applied is in ``done``, what fell outside every literal stays in ``pending``."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, text: str, starts: Sequence[int], edits: list[tuple[int, int, str]]) -> None:
        super().__init__()
        self.text = text
        self.starts = starts
        self.pending = list(edits)
        self.done: list[tuple[int, int, str]] = []

    def _range(self, node) -> tuple[int, int]:
        rng = self.get_metadata(PositionProvider, node)
        return (self.starts[rng.start.line - 1] + rng.start.column, self.starts[rng.end.line - 1] + rng.end.column)

    def _take(self, lo: int, hi: int, literal: bool) -> list[tuple[int, int, str]]:
        mine = [e for e in self.pending if lo <= e[0] and e[1] <= hi]
        if literal:
            for e in mine:
                if not _LITERAL_CONTENT.match(e[2]):
                    raise FixError(f"refusing to write {e[2]!r} into a string literal")
        for e in mine:
            self.pending.remove(e)
            self.done.append(e)
        return mine

    def _rewrite(self, node, start: int, lo: int, hi: int, literal: bool = True):
        mine = self._take(lo, hi, literal)
        if not mine:
            return None
        value = node.value
        if self.text[start:start + len(value)] != value:
            raise FixError("the positions of a literal do not match its text")
        return splice(value, [(a - start, b - start, c) for a, b, c in mine])

    def leave_SimpleString(self, original_node, updated_node):
        s, e = self._range(original_node)
        prefix, quote = len(original_node.prefix), len(original_node.quote)
        new = self._rewrite(original_node, s, s + prefix + quote, e - quote)
        return updated_node if new is None else updated_node.with_changes(value=new)

    def leave_FormattedStringText(self, original_node, updated_node):
        s, e = self._range(original_node)
        new = self._rewrite(original_node, s, s, e)
        return updated_node if new is None else updated_node.with_changes(value=new)

    def leave_Integer(self, original_node, updated_node):
        s, e = self._range(original_node)
        mine = [x for x in self.pending if s <= x[0] and x[1] <= e]
        if mine and all(x[2].isdigit() for x in mine):
            new = self._rewrite(original_node, s, s, e, literal=False)
            return updated_node.with_changes(value=new)
        return updated_node

    def leave_Call(self, original_node, updated_node):
        s, e = self._range(original_node)
        inserts = [x for x in self.pending if x[0] == x[1] and s < x[0] < e]
        if not inserts:
            return updated_node
        inner = [x for x in self.pending + self.done if s <= x[0] and x[1] <= e]
        for x in inner:
            if x in self.pending:
                self.pending.remove(x)
            if x not in self.done:
                self.done.append(x)
        new_text = splice(self.text[s:e], [(a - s, b - s, c) for a, b, c in inner])
        try:
            node = cst.parse_expression(new_text)
        except _PARSE_ERRORS:
            raise FixError("an inserted argument does not parse") from None
        if not isinstance(node, cst.Call):
            raise FixError("an inserted argument does not parse as a call")
        return node.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)


@functools.lru_cache(maxsize=8)
def parses_exactly(text: str) -> bool:
    """LibCST parses ``text`` and reproduces it exactly: what :func:`python_edits` needs
    (kept for the last few sources: a file's findings ask one after another)."""
    try:
        return cst.parse_module(text).code == text
    except _PARSE_ERRORS:
        return False


def python_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with ``edits`` applied to its literals, verified; raises FixError."""
    try:
        module = cst.parse_module(text)
    except _PARSE_ERRORS as exc:
        raise FixError(f"LibCST cannot parse the file ({type(exc).__name__})") from None
    if module.code != text:
        raise FixError("LibCST does not reproduce the file exactly")
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    editor = _LiteralEditor(text, line_starts(text), edits)
    try:
        new_module = wrapper.visit(editor)
    except RecursionError:
        raise FixError("too deeply nested to fix") from None
    if editor.pending:
        raise FixError("an edit lies outside every string literal")
    code = new_module.code
    if code != splice(text, edits):
        raise FixError("the rewritten file differs outside the edited spans")
    try:
        cst.parse_module(code)
    except _PARSE_ERRORS:
        raise FixError("the fixed file no longer parses") from None
    return code
