"""The arm a ``case "$ROLE" in`` block of a start script takes in one service.

One image often serves several services, its entrypoint choosing what to start from a variable
each service sets::

    case "$SERVICE_ROLE" in
      api)    exec uvicorn app.api:app ;;
      worker) exec python -m app.worker ;;
    esac

or ``if [ "$SERVICE_ROLE" = "worker" ]; then ...; elif ...; else ...; fi``.  Read as a whole,
the script starts every arm in every service: the API container was judged as running the
worker's modules.  Where the service's environment decides the variable, the
block is replaced by the arm it takes (nothing, where no arm matches); where it does not (the
variable comes from the shell, an unread env_file, the script assigns it itself, a
fall-through ``;&``), the block is kept whole.  ``case "$1"`` (the arguments) is
``dispatch.py``'s.
"""
from __future__ import annotations

import fnmatch
import re
from typing import Mapping

from dockwise.layout.dispatch import arms_of, if_chains
from dockwise.model import HOLE, Text

__all__ = ["select_env_cases"]

# case "$VAR" in / case ${VAR} in / case "${VAR:-default}" in (not $1: the arguments)
_CASE_ON_VAR = re.compile(r"""\bcase[ \t]+(")?\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(?(2)(?::?-([^}"'\s]*))?\})(?(1)")[ \t]+in\b""")
MAX_BLOCKS = 64  # blocks decided per script
# a whole condition testing one variable for equality: [ "$ROLE" = "worker" ]; / [[ ${ROLE} == api ]]
# (or for inequality: [ "$ROLE" != "migrate" ], the branch every role but one takes)
_VAR_EQUALS = re.compile(r"""\s*(?:\[\[?|test)[ \t]+(")?\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(?(2)(?::?-([^}"'\s]*))?\})(?(1)")"""
                         r"""[ \t]*(?P<op>!=|==?)[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s\]"';&|]+)[ \t]*(?:\]\]?)?[ \t]*;?\s*""")


def select_env_cases(text: str, env: Mapping[str, Text | None], env_unknown: bool) -> str:
    """``text`` with each ``case`` on a variable the environment decides cut to its arm."""
    pos = 0
    for _ in range(MAX_BLOCKS):
        m = _CASE_ON_VAR.search(text, pos)
        if m is None:
            break
        var, default = m.group(3), m.group(4)
        arms, end = arms_of(text, m.end())
        value = _value(text[:m.start()], var, default, env, env_unknown)
        if end is None or value is None or re.search(r";;&|;&", text[m.end():end]):
            pos = m.end()
            continue
        body = next((b for patterns, b in arms if any(fnmatch.fnmatchcase(value, p) for p in patterns)), "")
        text = text[:m.start()] + "\n" + body + "\n" + text[end:]
        pos = m.start()  # the arm kept may hold a block of its own
    return _select_if_chains(text, env, env_unknown)


def _select_if_chains(text: str, env: Mapping[str, Text | None], env_unknown: bool) -> str:
    """``text`` with each ``if``/``elif`` chain whose every condition tests one variable the
    environment decides (``=``, ``==`` or ``!=``) cut to the branch taken (the ``else``, or
    nothing, where none is)."""
    pos = 0
    for _ in range(MAX_BLOCKS):
        chain = _next_chain(text, pos)
        if chain is None:
            break
        start, branches, end = chain
        tests = [_VAR_EQUALS.fullmatch(cond) if cond is not None else None for cond, _ in branches]
        variables = {t.group(3) for t in tests if t is not None}
        decided = len(variables) == 1 and all(t is not None or cond is None for t, (cond, _) in zip(tests, branches, strict=True))
        value = _value(text[:start], next(iter(variables)), None, env, env_unknown) if decided else None
        if value is None:
            pos = start + 2
            continue
        body = ""
        for t, (cond, branch) in zip(tests, branches, strict=True):
            if cond is None:  # the else
                body = branch
                break
            assert t is not None
            wanted = t.group(6).strip("\"'")
            given = value if value or t.group(4) is None else t.group(4)
            if (given == wanted) != (t.group("op") == "!="):
                body = branch
                break
        text = text[:start] + "\n" + body + "\n" + text[end:]
        pos = start
    return text


def _next_chain(text: str, pos: int) -> tuple[int, list[tuple[str | None, str]], int] | None:
    """The first well-formed ``if`` chain at or after ``pos``: where it starts, its branches
    and where its ``fi`` ends."""
    # comment lines blanked, offsets kept: an `if` in a comment starts no chain
    scan = re.sub(r"(?m)^[ \t]*#.*$", lambda c: " " * len(c.group()), text)
    for start, branches, end, clean in if_chains(text, pos, scan):
        if clean and end is not None:
            return start, branches, end
    return None


# where a word is in command position: an assignment there sets the variable
_AT_COMMAND = r"(?:^|[;&|({]|\b(?:export|local|declare|readonly|typeset|then|do|else))[ \t]*(?:-\w+[ \t]+)*"


def _value(before: str, var: str, default: str | None, env: Mapping[str, Text | None],
           env_unknown: bool) -> str | None:
    """The value ``$VAR`` has at the block, or None where the service does not decide it."""
    v = re.escape(var)
    # `ROLE="${ROLE:-all}"` keeps the environment's value and defaults only an unset one:
    # the case's default, not the script's own choice
    own = re.compile(rf"""{_AT_COMMAND}{v}=(")?\$\{{{v}:?-([^}}"'\s]*)\}}(?(1)")(?=[\s;]|$)""", re.MULTILINE)
    defaults = [m.group(2) for m in own.finditer(before)]
    if defaults:
        before = own.sub("", before)
    # `: "${ROLE:=all}"` assigns the default to an unset variable the same way
    defaults += re.findall(rf"""\$\{{{v}:?=([^}}"'\s]*)\}}""", before)
    if defaults:
        default = defaults[-1] or default
    # an assignment stands in command position (`echo "ROLE=$ROLE"` assigns nothing)
    if re.search(rf"{_AT_COMMAND}{v}=|\bread\b[^\n;]*\b{v}\b|\bgetopts\b", before, re.MULTILINE):
        return None  # the script sets it itself
    if var in env:
        given = env[var]
        if given is None or HOLE in given.value:
            return None  # from the shell at run time, or an unknown part
        value = given.value
    elif env_unknown:
        return None
    else:
        value = ""
    if default is not None and value == "":
        value = default
    return value
