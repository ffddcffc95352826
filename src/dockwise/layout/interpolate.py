"""Compose's ``${VAR}`` interpolation of located text.

``${VAR}``, ``$VAR``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:?err}``,
``${VAR?err}``, ``${VAR:+alt}``, ``${VAR+alt}``, nested defaults and ``$$`` are
interpolated with the variables given (the project's ``.env`` only, never the shell of the
machine running dockwise: results must not depend on it).  Text copied from a variable keeps
the variable's location (its ``.env`` line), text copied from a default the default's
position.  An unset variable without a default becomes "" (Compose's own semantics;
recorded in ``unset``); a required (``?``) variable that is unset becomes HOLE (unknown: it
must come from the environment at run time; recorded in ``required``, not an error).
Nothing raises: a malformed expression is a :class:`~dockwise.model.FileError`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from dockwise.layout.shell import slice_text
from dockwise.model import HOLE, FileError, Piece, Span, Text
from dockwise.redact import redact

__all__ = ["MAX_VALUE_CHARS", "MAX_INTERPOLATION_DEPTH", "interpolate", "concat_text"]

MAX_VALUE_CHARS = 16_384  # one interpolated value
MAX_INTERPOLATION_DEPTH = 16  # ${A:-${B:-${C...}}}


def concat_text(parts: Iterable[Text]) -> Text:
    """Concatenate located texts (pieces shifted)."""
    value: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    for part in parts:
        if not part.value:
            continue
        value.append(part.value)
        for p in part.pieces:
            pieces.append(Piece(p.start + offset, p.end + offset, p.path, p.line, p.column))
        offset += len(part.value)
    return Text("".join(value), tuple(pieces))


_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = (":-", ":?", ":+", "-", "?", "+")


@dataclass
class _InterpState:
    env: Mapping[str, Text]
    path: str
    errors: list[FileError]
    unset: list[tuple[str, Span | None]]
    required: list[tuple[str, Span | None]]


def _match_brace(v: str, k: int) -> int:
    depth, n = 1, len(v)
    while k < n:
        c = v[k]
        if c == "$" and k + 1 < n and v[k + 1] in "${":
            if v[k + 1] == "{":
                depth += 1
            k += 2
            continue
        if c == "}":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return -1


def _interp(text: Text, st: _InterpState, depth: int, where: Span | None) -> Text:
    v = text.value
    if "$" not in v:
        return text
    if depth > MAX_INTERPOLATION_DEPTH:
        st.errors.append(_err_at(st.path, "interpolation nested too deeply", where))
        return Text(HOLE)
    out: list[Text] = []
    length = 0
    full = False

    def add(part: Text) -> None:
        nonlocal length, full
        if full or not part.value:
            return
        if length + len(part.value) > MAX_VALUE_CHARS:
            part = slice_text(part, 0, MAX_VALUE_CHARS - length)
            full = True
        out.append(part)
        length += len(part.value)

    i = lit = 0
    n = len(v)
    while not full:
        j = v.find("$", i)
        if j < 0 or j + 1 >= n:
            break
        nxt = v[j + 1]
        if nxt == "$":
            add(slice_text(text, lit, j + 1))  # "$$" -> "$" (located at the first)
            i = lit = j + 2
            continue
        if nxt == "{":
            end = _match_brace(v, j + 2)
            if end < 0:
                st.errors.append(_err_at(st.path, f"invalid interpolation: unterminated '${{' in {redact(v[:80])!r}", where))
                break
            res = _braced(slice_text(text, j + 2, end), st, depth, where)
            if res is None:
                st.errors.append(_err_at(st.path, f"invalid interpolation format {redact(v[j:end + 1][:80])!r}", where))
                i = end + 1
                continue
            add(slice_text(text, lit, j))
            add(res)
            i = lit = end + 1
            continue
        m = _NAME_RE.match(v, j + 1)
        if m:
            add(slice_text(text, lit, j))
            add(_lookup(m.group(), st, where))
            i = lit = m.end()
            continue
        i = j + 1  # a lone '$' stays
    add(slice_text(text, lit, n))
    if full:
        st.errors.append(_err_at(st.path, f"interpolated value longer than {MAX_VALUE_CHARS} characters: cut", where))
    return concat_text(out)


def _lookup(name: str, st: _InterpState, where: Span | None) -> Text:
    hit = st.env.get(name)
    if hit is None:
        st.unset.append((name, where))
        return Text("")
    return hit


def _braced(inner: Text, st: _InterpState, depth: int, where: Span | None) -> Text | None:
    v = inner.value
    m = _NAME_RE.match(v)
    if not m:
        return None
    name = m.group()
    rest = v[m.end():]
    if not rest:
        return _lookup(name, st, where)
    op = next((o for o in _OPS if rest.startswith(o)), None)
    if op is None:
        return None
    word = slice_text(inner, m.end() + len(op), len(v))
    value = st.env.get(name)
    unset = value is None
    empty = value is None or value.value == ""
    if op in (":-", "-"):
        if (op == ":-" and empty) or (op == "-" and unset):
            return _interp(word, st, depth + 1, where)
        return value
    if op in (":?", "?"):
        if (op == ":?" and empty) or (op == "?" and unset):
            st.required.append((name, where))
            return Text(HOLE)
        return value
    # ":+" / "+"
    if (op == ":+" and not empty) or (op == "+" and not unset):
        return _interp(word, st, depth + 1, where)
    return Text("")




def _err_at(path: str, message: str, where: Span | None) -> FileError:
    if where is not None:
        return FileError(where.path, message, where.line, where.column)
    return FileError(path, message)


def interpolate(
    text: Text,
    env: Mapping[str, Text],
    *,
    path: str = "",
    where: Span | None = None,
    errors: list[FileError] | None = None,
    unset: list[tuple[str, Span | None]] | None = None,
    required: list[tuple[str, Span | None]] | None = None,
) -> Text:
    """Compose interpolation of ``text`` with ``env`` (see the module docstring)."""
    st = _InterpState(env, path, errors if errors is not None else [], unset if unset is not None else [],
                      required if required is not None else [])
    return _interp(text, st, 0, where)
