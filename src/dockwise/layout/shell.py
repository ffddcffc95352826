"""POSIX-shell-like word splitting that keeps the map back to the source text.

``split_shell(Text("python app.py --host 'a b'"))`` returns one located ``Text`` per word,
quotes removed.  Every character copied verbatim from the input keeps its source location
(so ``token.span(0, len(token.value))`` points at the word as written); characters produced
by an escape (``\\"``, ``\\ ``) have no piece.  Parameter expansions (``$VAR``, ``${VAR}``),
command substitutions and globs are kept as literal text; nothing is ever expanded.

Control operators (``&&``, ``||``, ``;``, ``|``, ``&``) are tokens of their own, and so
are redirection operators (``>``, ``2>&1``'s ``2>&``, ``<``...) so that callers can drop
them with their target.  ``split_words`` says which tokens are operators (a quoted ``"&&"``
is a word, not an operator).

Nothing here raises: an unterminated quote takes the rest of the input as its word.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from dockwise.model import Piece, Text

__all__ = [
    "Word", "split_shell", "split_words", "split_plain", "plain_text", "located", "slice_text", "CONTROL_OPERATORS",
]

CONTROL_OPERATORS = frozenset({"&&", "||", ";", "|", "&", ";;", "|&"})


@dataclass(frozen=True)
class Word:
    """One token of a command line: a located word, or an operator."""

    text: Text
    operator: bool = False  # a control or redirection operator written unquoted

    @property
    def value(self) -> str:
        return self.text.value

    @property
    def control(self) -> bool:
        """A control operator that ends a simple command (``&&``, ``;``, ``|``...)."""
        return self.operator and self.text.value in CONTROL_OPERATORS

    @property
    def redirect(self) -> bool:
        return self.operator and not self.control


def _locations(text: Text) -> list:
    locs: list = [None] * len(text.value)
    for piece in text.pieces:
        start = max(piece.start, 0)
        end = min(piece.end, len(text.value))
        for k in range(start, end):
            locs[k] = (piece.path, piece.line, piece.column + (k - piece.start))
    return locs


def located(chars: list) -> Text:
    """A Text from ``[(char, (path, line, column) | None), ...]``."""
    value = "".join(c for c, _ in chars)
    pieces: list[Piece] = []
    run_start = None
    prev = None
    for i, (_, loc) in enumerate(chars):
        if loc is not None and prev is not None and run_start is not None and (
            loc[0] == prev[0] and loc[1] == prev[1] and loc[2] == prev[2] + 1
        ):
            prev = loc
            continue
        if run_start is not None and prev is not None:
            first = chars[run_start][1]
            pieces.append(Piece(run_start, i, first[0], first[1], first[2]))
        if loc is not None:
            run_start, prev = i, loc
        else:
            run_start, prev = None, None
    if run_start is not None and prev is not None:
        first = chars[run_start][1]
        pieces.append(Piece(run_start, len(chars), first[0], first[1], first[2]))
    return Text(value, tuple(pieces))


def slice_text(text: Text, start: int, end: int) -> Text:
    """``text.value[start:end]`` with its pieces (the located sub-string)."""
    n = len(text.value)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if start == 0 and end == n:
        return text
    pieces = []
    for p in text.pieces:
        s, e = max(p.start, start), min(p.end, end)
        if s < e:
            pieces.append(Piece(s - start, e - start, p.path, p.line, p.column + (s - p.start)))
    return Text(text.value[start:end], tuple(pieces))


class _Splitter:
    def __init__(self, text: Text, newline_is_separator: bool, comments: bool) -> None:
        self.s = text.value
        self.locs = _locations(text)
        self.n = len(self.s)
        self.i = 0
        self.nl_sep = newline_is_separator
        self.comments = comments
        self.words: list[Word] = []
        self.cur: list = []
        self.in_word = False  # a word has started (even an empty quoted one: '')
        self.quoted = False  # the current word has a quoted part

    # -- helpers -------------------------------------------------------------------------
    def emit(self, ch: str, i: int | None) -> None:
        self.cur.append((ch, self.locs[i] if i is not None and 0 <= i < self.n else None))
        self.in_word = True

    def flush(self) -> None:
        if self.in_word:
            self.words.append(Word(located(self.cur)))
        self.cur = []
        self.in_word = False
        self.quoted = False

    def operator(self, start: int, end: int, prefix: list | None = None) -> None:
        chars = list(prefix or []) + [(self.s[k], self.locs[k]) for k in range(start, end)]
        self.words.append(Word(located(chars), operator=True))

    def copy(self, start: int, end: int) -> None:
        for k in range(start, end):
            self.emit(self.s[k], k)

    # -- nested constructs kept literally ------------------------------------------------
    def _skip_balanced(self, i: int, open_: str, close: str) -> int:
        """From just after an opening ``open_``, the index just after its ``close``."""
        depth = 1
        s = self.s
        while i < self.n:
            c = s[i]
            if c == "\\":
                i += 2
                continue
            if c == "'" and open_ == "(":
                j = s.find("'", i + 1)
                i = self.n if j < 0 else j + 1
                continue
            if c == '"':
                i = self._skip_double(i + 1)
                continue
            if c == open_:
                depth += 1
            elif c == close:
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return self.n

    def _skip_double(self, i: int) -> int:
        s = self.s
        while i < self.n:
            c = s[i]
            if c == "\\":
                i += 2
                continue
            if c == '"':
                return i + 1
            if c == "$" and i + 1 < self.n and s[i + 1] in "({":
                i = self._skip_balanced(i + 2, s[i + 1], ")" if s[i + 1] == "(" else "}")
                continue
            i += 1
        return self.n

    def dollar(self, i: int) -> int:
        """Copy a ``$...`` expansion literally; returns the index after it."""
        s = self.s
        if i + 1 < self.n and s[i + 1] == "{":
            end = self._skip_balanced(i + 2, "{", "}")
        elif i + 1 < self.n and s[i + 1] == "(":
            end = self._skip_balanced(i + 2, "(", ")")
        else:
            end = i + 1
        self.copy(i, end)
        return end

    # -- the main loop -------------------------------------------------------------------
    def run(self) -> list[Word]:
        s = self.s
        while self.i < self.n:
            c = s[self.i]
            i = self.i
            if c == "\\":
                if i + 1 >= self.n:
                    self.emit("\\", i)
                    self.i += 1
                elif s[i + 1] == "\n":
                    self.i += 2  # line continuation
                elif s[i + 1] == "\r" and i + 2 < self.n and s[i + 2] == "\n":
                    self.i += 3
                else:
                    self.emit(s[i + 1], None)
                    self.i += 2
            elif c == "'":
                j = s.find("'", i + 1)
                end = self.n if j < 0 else j
                self.in_word = True
                self.quoted = True
                self.copy(i + 1, end)
                self.i = end + 1
            elif c == '"':
                self.in_word = True
                self.quoted = True
                self.double(i + 1)
            elif c == "$":
                self.i = self.dollar(i)
            elif c == "`":
                j = s.find("`", i + 1)
                end = self.n if j < 0 else j + 1
                self.copy(i, end)
                self.i = end
            elif c in " \t\r" or (c == "\n" and not self.nl_sep):
                self.flush()
                self.i += 1
            elif c == "\n":
                self.flush()
                if self.words and not self.words[-1].control:
                    self.words.append(Word(Text(";"), operator=True))
                self.i += 1
            elif c == "#" and self.comments and not self.in_word:
                j = s.find("\n", i)
                self.i = self.n if j < 0 else j
            elif c in "&|;":
                self.flush()
                two = s[i : i + 2]
                if two in ("&&", "||", ";;", "|&") or two == "&>":
                    if two == "&>" and s[i : i + 3] == "&>>":
                        self.operator(i, i + 3)
                        self.i = i + 3
                        continue
                    self.operator(i, i + 2)
                    self.i = i + 2
                else:
                    self.operator(i, i + 1)
                    self.i = i + 1
            elif c in "<>":
                prefix: list = []
                if self.in_word and not self.quoted and self.cur and all(ch.isdigit() for ch, _ in self.cur):
                    prefix = self.cur  # an io number: 2>&1
                    self.cur = []
                    self.in_word = False
                else:
                    self.flush()
                end = i + 1
                if end < self.n and s[end] in "<>&|":
                    end += 1
                if c == "<" and s[i : i + 3] == "<<-":
                    end = i + 3
                self.operator(i, end, prefix)
                self.i = end
            else:
                self.emit(c, i)
                self.i += 1
        self.flush()
        return self.words

    def double(self, i: int) -> None:
        s = self.s
        while i < self.n:
            c = s[i]
            if c == '"':
                self.i = i + 1
                return
            if c == "\\" and i + 1 < self.n:
                nxt = s[i + 1]
                if nxt == "\n":
                    i += 2
                    continue
                if nxt in '$`"\\':
                    self.emit(nxt, None)
                    i += 2
                    continue
                self.emit("\\", i)
                i += 1
                continue
            if c == "$" and i + 1 < self.n and s[i + 1] in "({":
                end = self._skip_balanced(i + 2, s[i + 1], ")" if s[i + 1] == "(" else "}")
                self.copy(i, end)
                i = end
                continue
            self.emit(c, i)
            i += 1
        self.i = self.n


def split_words(text: Text, *, newline_is_separator: bool = False, comments: bool = True) -> tuple[Word, ...]:
    """Split ``text`` into words and operators (see the module docstring).

    ``newline_is_separator``: a newline ends a command like ``;`` (a ``sh -c`` script);
    otherwise it is blank space (a Compose ``command`` string).  ``comments``: an unquoted
    ``#`` at the start of a word starts a comment that runs to the end of the line.
    """
    return _split_words(text, newline_is_separator, comments)


# One script is split once per service whose start command runs it (a platform's shared
# entrypoint of a thousand lines, read for each of 30 services, was a tenth of a cold run):
# the words are immutable, so every reader of the same text shares them.
@functools.lru_cache(maxsize=256)
def _split_words(text: Text, newline_is_separator: bool, comments: bool) -> tuple[Word, ...]:
    try:
        return tuple(_Splitter(text, newline_is_separator, comments).run())
    except RecursionError:  # "$( "$( "$(... nested past the stack: plain words, unlocated
        return tuple(Word(Text(part)) for part in text.value.split())


def split_shell(text: Text, *, newline_is_separator: bool = False, comments: bool = True) -> tuple[Text, ...]:
    """The words of a command string as located Texts (operators included as tokens)."""
    return tuple(w.text for w in split_words(text, newline_is_separator=newline_is_separator, comments=comments))


def plain_text(value: str, path: str, line: int, column: int) -> Text:
    """A Text for ``value`` written verbatim at (line, column); later lines start at column 1."""
    pieces: list[Piece] = []
    offset = 0
    for n, part in enumerate(value.split("\n")):
        if part:
            pieces.append(Piece(offset, offset + len(part), path, line + n, column if n == 0 else 1))
        offset += len(part) + 1
    return Text(value, tuple(pieces))


def split_plain(value: str, path: str, line: int, column: int, **options: bool) -> tuple[Text, ...]:
    """``split_shell`` of a string written verbatim at (line, column) of ``path``."""
    return split_shell(plain_text(value, path, line, column), **options)
