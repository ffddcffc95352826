"""The words a start command's script takes off its own arguments before it runs the rest.

Docker's "Control startup order" example is a script given what it waits for, then the
command: ``command: ["./wait-for-postgres.sh", "db", "python", "app.py"]`` with

    host="$1"
    shift
    until psql -h "$host" ...; do sleep 1; done
    exec "$@"

The script keeps ``db`` (``shift`` takes it off ``$@``) and runs ``python app.py``: read as a
command, ``db`` would be the program and the service would run nothing of the project.  Where
the first project file the command names is a shell script whose own level takes its first
words off with ``shift`` (or ``shift N``) and then runs ``"$@"``, the command is read with
``--`` after those words, the wait-for-it convention the walk already follows
(``./wait-for-db.sh db -- python app.py``).  Only a plain prefix is read: a ``shift`` in a loop,
a branch or a function, an option parser (``getopts``), ``set --``, a sourced file, or any
``shift`` the reading cannot place leaves the command as written.
"""
from __future__ import annotations

import posixpath
import re
from typing import Callable, Sequence

from dockwise.layout.model import CodeRoot, Command
from dockwise.layout.startfiles import command_script

__all__ = ["shifted_argument_count", "shifted_arguments"]

# the script's own level runs its arguments: `exec "$@"`, `"$@"`, `exec ${@}`, `exec $*`
_RUNS_ARGS = re.compile(r"""(?:exec[ \t]+)?(?:"\$@"|\$@|"\$\{@\}"|\$\{@\}|\$\*|"\$\*")[ \t]*;?[ \t]*""")
# a line of the script's own level that takes words off: `shift`, `shift 2`
_SHIFT_LINE = re.compile(r"shift(?:[ \t]+([1-9]))?[ \t]*;?[ \t]*")
_SHIFT_WORD = re.compile(r"(?<![\w.$-])shift(?![\w.-])")
# `cmd="$@"` on the script's own level, run later as `exec $cmd` (an older form of the example)
_HOLDS_ARGS = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*)=(?:"\$@"|"\$\*"|\$@|\$\*)[ \t]*;?[ \t]*""")
# lines that open a loop, a branch or a function: a `shift` after one may run any number of times
_COMPOUND = re.compile(r"^\s*(?:while|until|for|select|case|if|function)\b|^\s*[A-Za-z_][\w-]*\s*\(\s*\)")
# what rewrites, parses or shares the arguments: the words left are not known from the shifts
_REWRITES = re.compile(r"(?<![\w.-])(?:set[ \t]+--|getopts|source)(?![\w.-])|^\s*\.[ \t]")


def shifted_argument_count(text: str) -> int | None:
    """How many of its first arguments the shell script ``text`` takes off with ``shift`` on its
    own level before it runs the rest (``exec "$@"``), or None where it does not do so plainly."""
    return _plain_shifts(text) or None


def _plain_shifts(text: str) -> int | None:
    """``shifted_argument_count``, with 0 for a script that runs all its arguments as given."""
    lines = [line for line in text.split("\n") if not line.lstrip().startswith("#")]
    count = 0
    compound = False
    holders: set[str] = set()
    for line in lines:
        top = line[:1] not in (" ", "\t")
        if top and (_RUNS_ARGS.fullmatch(line.rstrip()) or _runs_holder(line.rstrip(), holders)):
            return count
        held = _HOLDS_ARGS.fullmatch(line.rstrip()) if top else None
        if held is not None:
            holders.add(held.group(1))
            continue
        if _REWRITES.search(line):
            return None
        if _COMPOUND.search(line):
            compound = True
        if _SHIFT_WORD.search(line):
            m = _SHIFT_LINE.fullmatch(line.rstrip())
            if m is None or compound:
                return None  # a shift the reading cannot place (in a block, after other words)
            count += int(m.group(1) or 1)
    return None


def _runs_holder(line: str, holders: set[str]) -> bool:
    """Whether ``line`` runs a variable that holds the arguments (``exec $cmd``)."""
    m = re.fullmatch(r"""(?:exec[ \t]+)?"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?[ \t]*;?[ \t]*""", line)
    return m is not None and m.group(1) in holders


def shifted_arguments(command: Command | None, code: Sequence[CodeRoot], is_file: Callable[[str], bool],
                      read: Callable[[str], str | None],
                      dash_only: Callable[[str], bool] = lambda name: False) -> int | None:
    """The index in ``command.tokens`` where the words its script takes off its arguments end
    (the command it runs starts there), or None.  A script that takes none off and runs them
    all counts only where its name is that of a wrapper which runs its command after ``--``
    alone (``dash_only``: ``wait-for-postgres.sh``, beside wait-for-it in rules/commands.yaml):
    the script the tree holds is read, not the convention of its name, and runs its arguments
    from the first (``bin/wait-for-postgres.sh python manage.py runserver``).  Any other script
    that runs them as given is already read so (an entrypoint script's ``exec "$@"``)."""
    found = command_script(command, code, is_file, read)
    if found is None or command is None:
        return None
    i, text = found
    rest = [t.value for t in command.tokens[i + 1:]]
    n = _plain_shifts(text)
    if n == 0 and not dash_only(posixpath.basename(command.tokens[i].value)):
        return None
    if n is None or "--" in rest or len(rest) <= n:
        return None
    if any(w.startswith("-") or "$" in w for w in rest[:n + 1]):
        return None  # options, or words only known at run time
    return i + 1 + n
