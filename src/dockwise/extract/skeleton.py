"""Blank out the statements ``focus`` can neither keep nor consult, before CPython parses.

``focus`` (``focus.py``) needs CPython's syntax tree of a file to pick the statements
LibCST parses, and that parse of the whole file was the largest cost of a cold run: a
file of 3,000 lines with ``localhost`` in one test fixture took 40 ms to parse for the
sake of one statement.

``mask(source, lines)`` finds the file's logical lines with a scan for string literals
and comments (one regular expression, in C) and the brackets outside them, and returns
the source with every logical line blanked except:

* the logical lines on the candidate ``lines`` (1-based);
* every import, every class header, every ``model_config`` / ``env_prefix`` line, and
  every assignment (``x = …``, ``x: T = …``, ``with … as x``) of a dotted name that the
  kept lines mention, to a fixed point: all that ``focus`` consults (see its docstring);
* the headers of the statements around a kept line, with all their clauses (``elif``,
  ``else``, ``except``, ``finally``) and decorators; a body left empty gets ``pass``.  A
  ``match`` statement with anything kept stays whole.

Kept lines are byte-for-byte the same and every line keeps its number, so CPython's tree
of the result is the tree of the kept statements, positioned as in the file, and
``focus`` picks from it what it picks from the whole file (``tests/test_skeleton.py``
compares both).  Where the scan cannot vouch for its reading (a carriage return or form
feed, a tab in an indentation, an unterminated string, unbalanced brackets, a backslash
outside a string, an f-string whose replacement field holds a quote: Python 3.12's
nesting), ``mask`` returns None and the caller parses the whole file; so it does when
CPython rejects the masked source, and then the error is the whole file's.

A blanked statement is not syntax-checked: when a directory is checked, a syntax error
in a statement no rule can report on goes unreported.  Files named on the command line
(pre-commit's), editor buffers and files under ``limits.MASK_MIN_CHARS`` are
parsed whole.
"""
from __future__ import annotations

import keyword
import re
import sys
from bisect import bisect_right
from itertools import accumulate
from typing import Iterable

from dockwise.extract.focus import SETTINGS_NAMES

__all__ = ["mask"]

# a string literal (prefixes stay outside: letters), a comment, a backslash (a
# continuation when a newline follows), or a lone quote (an unterminated string)
_P = "+" if sys.version_info >= (3, 11) else ""  # possessive quantifiers: 3.11+, faster
_TOKENS = re.compile(
    rf"""'''(?:[^'\\]+{_P}|\\.|'(?!''))*{_P}'''|\"\"\"(?:[^"\\]+{_P}|\\.|"(?!""))*{_P}\"\"\""""
    rf"""|'(?:[^'\\\n]+{_P}|\\.)*{_P}'|"(?:[^"\\\n]+{_P}|\\.)*{_P}"|\#[^\n]*|\\\n?|['"]""",
    re.S,
)
_TAB_INDENT = re.compile(r"\n *\t")  # (Python's tab stops: not read here)
_F_PREFIX = re.compile(r"(?<!\w)[rRbBuU]?[fF][rR]?\Z")
_NOT_BRACKET = re.compile(r"[^()\[\]{}\n]+")
_ONE_KIND = str.maketrans("[{]}", "(())")
_BRACKETS = re.compile(r"[()]+")
_WORD = re.compile(r"(?!\d)\w+")
_DOTTED = re.compile(rf"[^\W\d]\w*{_P}(?:\s*{_P}\.\s*{_P}[^\W\d]\w*{_P})*{_P}")
_AS = re.compile(r"\bas\s+((?!\d)\w+(?:\s*\.\s*(?!\d)\w+)*)")
# the logical lines read whatever the candidates: imports, class headers, settings
# fields and ``with`` headers; and the assignments (``x = …``, ``x: T = …``, ``x.y = …``)
_CONTEXT = re.compile(rf"\n[ ]*(?:import|from|class|{'|'.join(SETTINGS_NAMES)}|with|async)\b")
_TARGETS = re.compile(rf"\n *{_P}([^\W\d]\w*{_P}(?:[ \t]*{_P}\.[ \t]*{_P}[^\W\d]\w*{_P})*{_P})[ \t]*{_P}(?::[^=\n]*{_P})?=(?!=)")
_CALLED = re.compile(rf"([^\W\d]\w*{_P}(?:\s*{_P}\.\s*{_P}[^\W\d]\w*{_P})*{_P})\s*{_P}\(")
_KEYWORDS = frozenset(keyword.kwlist)
_CLAUSES = frozenset({"elif", "else", "except", "finally"})
# the first words of statements that have clauses or are one (``async for … else``)
_CLAUSED = frozenset({"if", "elif", "else", "try", "except", "finally", "for", "while", "async"})
_UNITS = _CLAUSED | {"def", "class", "match"}  # statements with decorators or clauses


def mask(source: str, lines: Iterable[int]) -> str | None:
    """``source`` with what ``focus`` cannot use blanked (same lines, same columns), or
    None when the scan cannot vouch for the file's structure (parse it whole)."""
    if "\r" in source or "\x0c" in source or ("\t" in source and _TAB_INDENT.search("\n" + source)):
        return None
    text = source.split("\n")
    starts = list(accumulate(map((1).__add__, map(len, text[:-1])), initial=0))  # each line's offset
    scanned = _scan(source, text, starts)
    if scanned is None:
        return None
    joined, comment_at = scanned
    return _Masker(text, joined, comment_at, source, starts).run(lines)


def _scan(source: str, text: list[str], starts: list[int]) -> tuple[bytearray, dict[int, int]] | None:
    """(for each line, 1 when it continues the logical line above it; line -> the column
    of its comment), or None where the reading is not certain."""
    joined = bytearray(len(text))
    comment_at: dict[int, int] = {}
    pieces: list[str] = []  # the source without strings and comments (newlines kept)
    pos = 0
    for m in _TOKENS.finditer(source):
        a, b = m.span()
        ch = source[a]
        pieces.append(source[pos:a])
        pos = b
        if ch == "#":
            line = bisect_right(starts, a) - 1
            comment_at[line] = a - starts[line]
        elif ch == "\\":
            if b - a != 2:
                return None  # a backslash outside a string, not before a newline
            line = bisect_right(starts, a)
            if line < len(joined):
                joined[line] = 1
            pieces.append("\n")
        elif b - a == 1:
            return None  # a quote that opens no complete string
        else:
            if a and source[a - 1] in "fFrR" and _F_PREFIX.search(source, max(0, a - 3), a) \
                    and "{" in source[a:b] and not _fields_closed(source, a, b):
                return None  # a replacement field holds a quote (3.12): read it whole
            k = source.count("\n", a, b)
            if k:
                first = bisect_right(starts, a)
                joined[first:first + k] = b"\x01" * k
                pieces.append("\n" * k)
    pieces.append(source[pos:])
    # brackets: what is left after removing the pairs opened and closed on one line
    marks = _NOT_BRACKET.sub("", "".join(pieces)).translate(_ONE_KIND)
    while "()" in marks:
        marks = marks.replace("()", "")
    depth = line = at = opened = 0
    for m in _BRACKETS.finditer(marks):
        line += marks.count("\n", at, m.start())
        at = m.start()
        for ch in m.group():
            if ch == "(":
                if depth == 0:
                    opened = line
                depth += 1
            else:
                depth -= 1
                if depth < 0:
                    return None
                if depth == 0 and line > opened:
                    joined[opened + 1:line + 1] = b"\x01" * (line - opened)
    if depth:
        return None
    return joined, comment_at


class _Masker:
    """The logical-line structure around the kept lines, read on demand (most of a file
    is never looked at): logical lines are named by their first line (0-based)."""

    def __init__(self, text: list[str], joined: bytearray, comment_at: dict[int, int], source: str,
                 starts: list[int]) -> None:
        self.text = text
        self.starts = starts
        self.comment_at = comment_at
        self.source = source
        self.n = len(text)
        # the indentation of each line that starts a logical line, -1 for the others
        # (continuations, blank lines, comment lines)
        self.ind = [len(t) - len(b) if b and b[0] != "#" and not j else -1
                    for t, b, j in zip(text, [t.lstrip(" ") for t in text], joined, strict=False)]
        self.joined = joined
        self._parent: dict[int, int] = {}
        self._last: dict[int, int] = {}

    # ------------------------------------------------------------------ logical lines
    def start_of(self, i: int) -> int:
        while i > 0 and self.joined[i]:
            i -= 1
        return i

    def last_of(self, k: int) -> int:
        last = self._last.get(k)
        if last is None:
            last = k + 1
            joined, n = self.joined, self.n
            while last < n and joined[last]:
                last += 1
            last = self._last[k] = last - 1
        return last

    def code(self, k: int) -> str:
        """The logical line's text without its comments."""
        get = self.comment_at.get
        last = self.last_of(k)
        return "\n".join(t[:c] if (c := get(f)) is not None else t
                         for f, t in zip(range(k, last + 1), self.text[k:last + 1], strict=False))

    def is_header(self, k: int) -> bool:
        last = self.last_of(k)
        line = self.text[last]
        c = self.comment_at.get(last)
        return (line[:c] if c is not None else line).rstrip(" \t").endswith(":")

    def word(self, k: int) -> str:
        w = _WORD.match(self.text[k], self.ind[k])
        return w.group() if w else ""

    def next_start(self, i: int) -> int:
        """The first logical line at or after line ``i`` (``n`` if none)."""
        ind, n = self.ind, self.n
        while i < n and ind[i] < 0:
            i += 1
        return i

    def parent(self, k: int) -> int:
        """The header of the block holding logical line ``k`` (-1: the module)."""
        found = self._parent.get(k)
        if found is not None:
            return found
        ind, memo = self.ind, self._parent
        depth = ind[k]
        p = -1
        siblings = []  # the lines passed in the same block: the same parent
        j = k - 1
        while depth and j >= 0:
            d = ind[j]
            if d < 0:
                j -= 1
            elif d < depth:
                p = j
                break
            else:
                if d == depth:
                    siblings.append(j)
                # a known parent of a line at least as deep is a jump over lines at least as
                # deep (no recursion: a block of thousands of statements is common)
                q = memo.get(j)
                j = q if q is not None and q < j else j - 1
        memo[k] = p
        for j in siblings:
            memo[j] = p
        return p

    def previous_sibling(self, k: int) -> int:
        """The logical line before ``k`` in its block (-1: none)."""
        ind = self.ind
        depth = ind[k]
        j = k - 1
        while j >= 0:
            d = ind[j]
            if d < 0:
                j -= 1
            elif d == depth:
                return j
            elif d < depth:
                return -1
            else:
                j = self.parent(j)
        return -1

    def next_sibling(self, k: int) -> int:
        """The logical line after ``k``'s statement in its block (-1: none)."""
        ind = self.ind
        depth = ind[k]
        i = self.last_of(k) + 1
        while True:
            i = self.next_start(i)
            if i >= self.n:
                return -1
            d = ind[i]
            if d == depth:
                return i
            if d < depth:
                return -1
            i = self.last_of(i) + 1

    def block_end(self, k: int) -> int:
        """The last line of header ``k``'s block (its own last line if it has none)."""
        depth = self.ind[k]
        end = self.last_of(k)
        i = end + 1
        while True:
            i = self.next_start(i)
            if i >= self.n or self.ind[i] <= depth:
                return end
            end = self.last_of(i)
            i = end + 1

    # ------------------------------------------------------------------ what stays
    def run(self, lines: Iterable[int]) -> str | None:
        keep: set[int] = set()  # logical lines kept as they are
        uses: list[int] = []  # of those, the ones whose names count
        self._keep_candidates(lines, keep, uses)
        # the context focus consults (``src``: each line's newline before it, the first
        # line's too, at the offset where the line starts in ``source``)
        src = "\n" + self.source
        withs = self._keep_context(src, keep, uses)
        self._keep_assignments(src, withs, keep, uses)
        around = self._keep_around(keep)
        if around is None:
            return None  # not Python as read
        has_kept_child, whole = around
        return self._render(keep, has_kept_child, whole)

    def _keep_candidates(self, lines: Iterable[int], keep: set[int], uses: list[int]) -> None:
        """Keep the logical lines on candidate ``lines`` (their names count)."""
        for ln in sorted(set(lines)):
            i = ln - 1
            if 0 <= i < self.n:
                k = self.start_of(i)
                if self.ind[k] < 0:
                    k = self.next_start(k)  # a blank / comment line: nothing to keep
                    if k >= self.n or k > i:
                        continue
                if k not in keep:
                    keep.add(k)
                    uses.append(k)

    def _keep_context(self, src: str, keep: set[int], uses: list[int]) -> dict[str, list[int]]:
        """Keep the imports, classes and settings lines focus consults; the ``with … as x:``
        headers, by the name they bind, for :meth:`_keep_assignments`."""
        starts = self.starts
        withs: dict[str, list[int]] = {}  # "with … as x:" -> its logical lines
        for m in _CONTEXT.finditer(src):
            k = bisect_right(starts, m.start()) - 1
            if self.ind[k] < 0:
                continue
            word = self.word(k)
            if word in ("import", "from"):
                keep.add(k)
            elif word == "class":
                if self.is_header(k) and k not in keep:
                    keep.add(k)
                    uses.append(k)
            elif word in SETTINGS_NAMES:
                if not self.is_header(k) and k not in keep:
                    keep.add(k)
                    uses.append(k)
            elif self.is_header(k):
                for a in _AS.finditer(self.code(k)):
                    withs.setdefault(_squash(a.group(1)), []).append(k)
        return withs

    def _keep_assignments(self, src: str, withs: dict[str, list[int]], keep: set[int],
                          uses: list[int]) -> None:
        """Keep the assignments of the names the kept lines call through, to a fixed point."""
        starts = self.starts
        names: set[str] = set()
        targets: dict[str, list[int]] | None = None  # assignment target -> offsets in ``src``
        while uses:
            fresh: set[str] = set()
            for k in uses:
                code = self.code(k)
                for d in (_DOTTED if self.word(k) == "class" else _CALLED).findall(code):
                    parts = _squash(d).split(".") if (" " in d or "\t" in d or "\n" in d) else d.split(".")
                    for i in range(1, len(parts) + 1):
                        name = ".".join(parts[:i])
                        if name not in names:
                            names.add(name)
                            fresh.add(name)
            uses = []
            if not fresh:
                break
            if targets is None:
                targets = {}
                for m in _TARGETS.finditer(src):
                    t = m.group(1)
                    targets.setdefault(_squash(t) if (" " in t or "\t" in t) else t, []).append(m.start())
            found = [k for name in fresh & targets.keys() for offset in targets[name]
                     if self.ind[k := bisect_right(starts, offset) - 1] >= 0]
            found.extend(k for name in fresh & withs.keys() for k in withs[name])
            for k in found:
                if k not in keep:
                    word = self.word(k)
                    if word in ("with", "async") or (word not in _KEYWORDS and not self.is_header(k)):
                        keep.add(k)
                        uses.append(k)

    def _keep_around(self, keep: set[int]) -> tuple[set[int], list[int]] | None:
        """Keep the statements around what is kept: headers, their clauses and decorators.
        The headers with a kept line inside and the match statements, or None when a line
        sits deeper than a simple statement (not Python as read)."""
        todo = list(keep)
        has_kept_child: set[int] = set()
        whole: list[int] = []
        while todo:
            k = todo.pop()
            p = self.parent(k)
            if p >= 0:
                if not self.is_header(p):
                    return None  # deeper than a simple statement: not Python as read
                has_kept_child.add(p)
                if p not in keep:
                    keep.add(p)
                    todo.append(p)
            word = self.word(k)
            if word in _UNITS or self.text[k][self.ind[k]] == "@":
                for s in self._unit(k, word):
                    if s not in keep:
                        keep.add(s)
                        todo.append(s)
            if word == "match" and self.is_header(k):
                whole.append(k)
        return has_kept_child, whole

    def _render(self, keep: set[int], has_kept_child: set[int], whole: list[int]) -> str | None:
        """The skeleton: the kept lines, the rest blank, ``pass`` in a header emptied of its
        body (None: a header without one)."""
        out = [""] * self.n
        text = self.text
        for k in whole:  # a match statement stays whole (its cases cannot be emptied)
            for f in range(k, self.block_end(k) + 1):
                out[f] = text[f]
        for k in keep:
            last = self.last_of(k)
            out[k:last + 1] = text[k:last + 1]
        for k in keep:
            if k not in has_kept_child and self.is_header(k):
                c = self.next_start(self.last_of(k) + 1)
                if c >= self.n or self.ind[c] <= self.ind[k]:
                    return None  # a header without a body
                if not out[c]:
                    out[c] = " " * self.ind[c] + "pass"
        return "\n".join(out)

    def _unit(self, k: int, word: str) -> list[int]:
        """The other logical lines of ``k``'s statement: the decorators of a ``def`` or
        ``class``, what a decorator decorates, and the first line and every clause of a
        compound statement."""
        out = []
        text, ind = self.text, self.ind
        if text[k][ind[k]] == "@":  # a decorator: the ones after it and the statement
            j = self.next_sibling(k)
            while j >= 0:
                out.append(j)
                if text[j][ind[j]] != "@":
                    k, word = j, self.word(j)
                    break
                j = self.next_sibling(j)
            else:
                return out
        if word in ("def", "class", "async"):
            j = self.previous_sibling(k)
            while j >= 0 and text[j][ind[j]] == "@":
                out.append(j)
                j = self.previous_sibling(j)
        if word not in _CLAUSED:
            return out
        head = k
        while self.word(head) in _CLAUSES:
            prev = self.previous_sibling(head)
            if prev < 0:
                break
            head = prev
            out.append(head)
        nxt = self.next_sibling(k)
        while nxt >= 0 and self.word(nxt) in _CLAUSES:
            out.append(nxt)
            nxt = self.next_sibling(nxt)
        return out


def _squash(dotted: str) -> str:
    return "".join(dotted.split())


def _fields_closed(source: str, a: int, b: int) -> bool:
    """Whether every ``{`` replacement field of the f-string ``source[a:b]`` closes inside
    it (``{{`` and ``}}`` outside fields are literal braces)."""
    depth = 0
    i = a
    while i < b:
        ch = source[i]
        if ch == "{":
            if depth == 0 and source.startswith("{", i + 1):
                i += 2
                continue
            depth += 1
        elif ch == "}":
            if depth == 0:
                if source.startswith("}", i + 1):
                    i += 2
                    continue
                return False
            depth -= 1
        i += 1
    return depth == 0
