"""The words of a Dockerfile instruction, located: BuildKit's lexing with the
``escape`` character, quotes and ``$VAR``/``${VAR:-x}`` substitution from ARG/ENV (each
character keeps where it came from; unknown variables become ``HOLE`` or stay as
written), bounded so that repeated doubling (``ARG A=$A$A``) cannot blow up, and the
exec (JSON) form of CMD/ENTRYPOINT/RUN."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Mapping

from dockwise.layout.shell import located
from dockwise.model import HOLE, Text

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# one word after substitution: `ARG A=$A$A$A$A` repeated would double it at every line
_MAX_WORD = 16_384


MAX_WORDS_TEXT = 4 * _MAX_WORD  # all the words of one instruction
MAX_SUBSTITUTED = 1_000_000  # characters substituted in one Dockerfile; past it: unknown (HOLE)

Env = Mapping[str, "Text | None"]  # name -> value (None: declared without a value)


def _locs(text: Text) -> list:
    locs: list = [None] * len(text.value)
    for p in text.pieces:
        for k in range(max(p.start, 0), min(p.end, len(text.value))):
            locs[k] = (p.path, p.line, p.column + (k - p.start))
    return locs


class Lexer:
    """Dockerfile word processing: quotes, the escape character and variable substitution."""

    def __init__(self, escape: str, env: Env, unknown: str, budget: list[int] | None = None) -> None:
        self.escape = escape
        self.env = env
        self.unknown = unknown  # "hole" | "keep" | "empty"
        self.budget = budget if budget is not None else [MAX_SUBSTITUTED]  # shared by a file's lexers

    def _extend(self, cur: list, make) -> None:
        """Append a substitution's characters, within the word and the file's bounds."""
        room = min(_MAX_WORD - len(cur), self.budget[0])
        if room <= 0:
            if self.budget[0] <= 0 and not (cur and cur[-1][0] == HOLE):
                cur.append((HOLE, None))  # past the file's budget: the value is unknown
            return
        items = make()
        if len(items) > room:
            items = items[:room]
        cur.extend(items)
        self.budget[0] -= len(items)

    def words(self, text: Text, split: bool = True, quotes: bool = True) -> list[Text]:
        s = text.value
        locs = _locs(text)
        out: list[Text] = []
        cur: list = []
        started = False
        total = 0
        i, n = 0, len(s)
        esc = self.escape
        while i < n:
            c = s[i]
            if c == esc and quotes:
                if i + 1 < n:
                    cur.append((s[i + 1], None))
                    i += 2
                else:
                    cur.append((c, locs[i]))
                    i += 1
                started = True
            elif c == "'" and quotes:
                j = s.find("'", i + 1)
                end = n if j < 0 else j
                cur.extend((s[k], locs[k]) for k in range(i + 1, end))
                i = end + 1
                started = True
            elif c == '"' and quotes:
                i += 1
                started = True
                while i < n and s[i] != '"':
                    if s[i] == esc and i + 1 < n and s[i + 1] in ('"', "$", esc):
                        cur.append((s[i + 1], None))
                        i += 2
                    elif s[i] == "$":
                        i = self._dollar(s, locs, i, cur)
                    else:
                        cur.append((s[i], locs[i]))
                        i += 1
                i += 1
            elif c == "$":
                i = self._dollar(s, locs, i, cur)
                started = True
            elif split and c in " \t\r\n":
                if started:
                    out.append(located(cur))
                    total += len(cur)
                    if total > MAX_WORDS_TEXT:  # substitution blew the instruction up: cut
                        return out
                cur, started = [], False
                i += 1
            else:
                cur.append((c, locs[i]))
                started = True
                i += 1
        if started or (not split and not out):
            out.append(located(cur))
        return out

    def _value(self, name: str) -> Text | None:
        if name in self.env:
            return self.env[name]
        return None

    def _unknown(self, s: str, locs: list, start: int, end: int, cur: list) -> None:
        if self.unknown == "hole":
            cur.append((HOLE, None))
        elif self.unknown == "keep":
            cur.extend((s[k], locs[k]) for k in range(start, end))

    def _dollar(self, s: str, locs: list, i: int, cur: list) -> int:
        n = len(s)
        if i + 1 < n and s[i + 1] == "{":
            depth, j = 1, i + 2
            while j < n:
                if s[j] == "{":
                    depth += 1
                elif s[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            end = min(j + 1, n)
            inner_start = i + 2
            m = NAME.match(s, inner_start)
            if not m or m.end() > j:
                self._unknown(s, locs, i, end, cur)
                return end
            name = m.group(0)
            k = m.end()
            value = self._value(name)
            if k >= j:  # ${NAME}
                if value is None:
                    self._unknown(s, locs, i, end, cur)
                else:
                    self._extend(cur, lambda: _chars(value))
                return end
            op = s[k : k + 2] if s[k] == ":" else s[k]
            if op in (":-", ":+", ":?", "-", "+", "?"):
                word_start = k + len(op)
                word = _Slice(s, locs, word_start, j)
                is_set = name in self.env and self.env[name] is not None
                non_empty = is_set and bool(value.value if value is not None else "")
                cond = non_empty if op.startswith(":") else is_set
                if op.endswith("-"):
                    if cond and value is not None:
                        self._extend(cur, lambda: _chars(value))
                    else:
                        self._extend(cur, lambda: self._word_chars(word))
                elif op.endswith("+"):
                    if cond:
                        self._extend(cur, lambda: self._word_chars(word))
                else:  # ?: error when unset
                    if cond and value is not None:
                        self._extend(cur, lambda: _chars(value))
                    else:
                        self._unknown(s, locs, i, end, cur)
                return end
            self._unknown(s, locs, i, end, cur)  # ${x#pattern} and the like
            return end
        m = NAME.match(s, i + 1)
        if not m:
            cur.append(("$", locs[i] if i < len(locs) else None))
            return i + 1
        value = self._value(m.group(0))
        if value is None:
            self._unknown(s, locs, i, m.end(), cur)
        else:
            self._extend(cur, lambda: _chars(value))
        return m.end()

    def _word_chars(self, word: "_Slice") -> list:
        pieces_text = located([(word.s[k], word.locs[k]) for k in range(word.start, word.end)])
        words = self.words(pieces_text, split=False)
        return _chars(words[0]) if words else []


@dataclass
class _Slice:
    s: str
    locs: list
    start: int
    end: int


def _chars(text: Text) -> list:
    locs = _locs(text)
    return [(c, locs[k]) for k, c in enumerate(text.value)]


def raw_words(text: Text, escape: str) -> list[tuple[int, int]]:
    """(start, end) of whitespace-separated words, respecting quotes and the escape char."""
    s = text.value
    out = []
    i, n = 0, len(s)
    start = None
    quote = None
    while i < n:
        c = s[i]
        if quote:
            if c == escape and quote == '"' and i + 1 < n:
                i += 2
                continue
            if c == quote:
                quote = None
            i += 1
            continue
        if c in " \t\r\n":
            if start is not None:
                out.append((start, i))
                start = None
            i += 1
            continue
        if start is None:
            start = i
        if c == escape and i + 1 < n:
            i += 2
            continue
        if c in "'\"":
            quote = c
        i += 1
    if start is not None:
        out.append((start, n))
    return out


def json_tokens(text: Text) -> tuple[Text, ...] | None:
    """The strings of a JSON array written in ``text`` (exec form), located inside their
    quotes; None when ``text`` is not a JSON array of strings."""
    raw = text.value.strip()
    if not raw.startswith("["):
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        return None
    s = text.value
    locs = _locs(text)
    out: list[Text] = []
    i, n = 0, len(s)
    while i < n:
        if s[i] != '"':
            i += 1
            continue
        i += 1
        cur: list = []
        while i < n and s[i] != '"':
            if s[i] == "\\" and i + 1 < n:
                e = s[i + 1]
                if e == "u" and i + 6 <= n:
                    try:
                        code = int(s[i + 2 : i + 6], 16)
                    except ValueError:
                        code = 0xFFFD
                    cur.append((chr(code), None))
                    i += 6
                    continue
                cur.append(({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(e, e), None))
                i += 2
                continue
            cur.append((s[i], locs[i]))
            i += 1
        i += 1
        out.append(located(cur))
    if len(out) != len(data) or [t.value for t in out] != data:
        # surrogate pairs and the like: fall back to the decoded values (unlocated where different)
        out = [t if t.value == d else Text(d) for t, d in zip(out, data, strict=False)] if len(out) == len(data) else [
            Text(d) for d in data
        ]
    return tuple(out)
