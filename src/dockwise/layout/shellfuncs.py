"""Shell functions a start script defines but never calls run nothing.

Entrypoint scripts often define one function per role (``start_api() { exec uvicorn ...; }``,
``start_worker() { exec celery ...; }``) and call the one the container's role selects.  Read
as flat text, every body counted as a command the container runs.  Here a function whose name
the rest of the script never uses (after ``envcase`` cut the branches other services take) is
removed, repeatedly, so a function only an uncalled one calls goes too.  A script that may call
functions by a computed name (``"$1"``, ``"$@"`` or ``start_$ROLE`` in command position) is
left whole: any of them may run.
"""
from __future__ import annotations

import re

__all__ = ["without_function_bodies", "without_uncalled_functions"]

_DEF = re.compile(r"^[ \t]*(?:function[ \t]+([A-Za-z_][\w-]*)(?:[ \t]*\(\))?|([A-Za-z_][\w-]*)[ \t]*\(\))[ \t]*\{",
                  re.MULTILINE)
# a command word built from a variable: "$1" / $@ / ${CMD} at the start of a command, or start_$ROLE
# (`exec "$@"` runs a program, never a function: it is no such call)
_COMPUTED = re.compile(r"""(?:^|[;&|(){]|\b(?:then|do|else))[ \t]*"?\$[\w{@*]|[A-Za-z_]\$\{?\w""", re.MULTILINE)
MAX_ROUNDS = 8


def without_uncalled_functions(text: str) -> str:
    """``text`` without the definitions of the functions nothing else in it calls."""
    if _COMPUTED.search(_commands_only(text)) is not None:
        return text
    for _ in range(MAX_ROUNDS):
        defs = [(m.group(1) or m.group(2), m.start(), _body_end(text, m.end())) for m in _DEF.finditer(text)]
        dead = []
        for name, start, end in defs:
            if end is None:
                return text  # a body this does not read to its end: keep the script as it is
            rest = text[:start] + text[end:]
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", rest) is None:
                dead.append((start, end))
        if not dead:
            break
        for start, end in sorted(dead, reverse=True):
            text = text[:start] + "\n" * text.count("\n", start, end) + text[end:]
    return text


def without_function_bodies(text: str) -> str | None:
    """``text`` with the body of every function it defines (``name() { ... }``, ``function
    name { ... }``) blanked, its lines kept: what the script runs on its own level, where
    ``$1``, ``"$@"``, ``shift`` and ``getopts`` are the script's arguments, not a function's.
    None where a body is not read to its end."""
    spans: list[tuple[int, int]] = []
    for m in _DEF.finditer(text):
        end = _body_end(text, m.end())
        if end is None:
            return None
        spans.append((m.start(), end))
    out, pos = [], 0
    for start, end in sorted(spans):
        if end <= pos:
            continue  # a function defined inside one already blanked
        start = max(start, pos)
        out.append(text[pos:start])
        out.append("\n" * text.count("\n", start, end))
        pos = end
    out.append(text[pos:])
    return "".join(out)


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_COMMAND_POSITION = re.compile(r"(?:^|[;&|(){]|\b(?:then|do|else))[ \t]*\Z", re.MULTILINE)


def _commands_only(text: str) -> str:
    """``text`` as far as command words go: continuation lines joined (`  ${EXTRA_ARGS} &`
    after `celery ... \\` is an argument), and the quoted arguments emptied (`echo "waiting
    ($i/30)"` calls nothing); a quoted word in command position (`"$@"`) is kept."""
    text = re.sub(r"\\\n", " ", text)
    def one(m: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, m.start()) + 1
        return m.group(0) if _COMMAND_POSITION.search(text, line_start, m.start()) else '""'
    return _QUOTED.sub(one, text)


def _body_end(text: str, pos: int) -> int | None:
    """Where the ``{ ... }`` body opened just before ``pos`` closes (quotes and comments
    skipped), or None."""
    depth, i, n = 1, pos, len(text)
    while i < n:
        c = text[i]
        if c == "#" and (i == 0 or text[i - 1] in " \t\n;"):
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if c in "'\"":
            close = text.find(c, i + 1)
            while c == '"' and close > 0 and text[close - 1] == "\\":
                close = text.find(c, close + 1)
            if close < 0:
                return None
            i = close + 1
            continue
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None
