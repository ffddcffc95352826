"""The variables a service's entrypoint script exports before it hands over to what it runs.

An entrypoint script in the tree (``ENTRYPOINT ["/entrypoint.sh"]``) that writes
``export DATABASE_URL="postgresql://$DB_USER@$DB_HOST/app"`` and then ``exec "$@"`` sets
that variable for every process it starts: a Python default for it
(``os.environ.get("DATABASE_URL", "postgresql://localhost/app")``) never applies in that
container, as it would not where Compose's ``environment`` set it.

Only exports at the script's top level count (not under ``if``/``case``/a loop/a function,
which may not run), and only those before its first top-level ``exec``, the line that
hands the container over.  A script without such an ``exec`` exports nothing here.  The
values are not read (they are built from other variables at run time): the variables are
set, to values unknown.  A name the service already sets (Compose, an env file, ``ENV``)
keeps that value: the common ``export X=${X:-default}`` passes it on.

Two shapes more set a variable on every path (``_set_at_every_start``):

* a top-level ``if``/``elif``/``else`` (with an ``else``) that exports it in every branch
  sets it after its ``fi``, as a top-level export would;
* a script without a top-level ``exec`` that starts the program itself (the last command,
  or in the background before ``wait``) passes its exports on, as a child inherits them.
  There a variable counts where it is set at every line that starts a program
  ``rules/commands.yaml`` knows (Python, a runner, a server, a shell, a wrapper, ``"$@"``,
  or a ``.py`` script run by its path, ``/app/worker.py "$@"``, which its shebang starts):
  exported before that line on every path to it (at the top level, directly in its
  ``if`` branch or loop body, or by an ``if``/``else`` that exports it in every branch), or
  written as the line's own prefix (``VAR=value prog &``).  A program started in the
  foreground at the top level with another start after it is a step that ends before the
  rest runs (a download, a migration), not the program the container serves: it is not
  required to see the variable.  The script must be all the start command runs (no
  ``./prep.sh && python app.py``); one with an ``exec`` inside a block, a subshell, a
  block left open or a line it cannot split sets nothing here.
"""
from __future__ import annotations

import posixpath
import re
import shlex
from typing import Any, Callable, Sequence

from dockwise.layout.model import CodeRoot, Command, EnvVar
from dockwise.layout.scriptlines import logical_lines
from dockwise.layout.shell import CONTROL_OPERATORS
from dockwise.layout.startcmd import known_program
from dockwise.layout.startfiles import to_project

__all__ = ["entrypoint_exports"]

# one name, with its value: each item ends at a blank or the line's end (no backtracking)
_ITEM = r"""[A-Za-z_]\w*(?:=(?:"[^"\n]*"|'[^'\n]*'|[^ \t\n;#"']*))?"""
_EXPORT = re.compile(rf"export[ \t]+({_ITEM}(?:[ \t]+{_ITEM})*)[ \t]*(?:[;#]|$)")
_NAME = re.compile(r"([A-Za-z_]\w*)(=?)")
_ASSIGN = re.compile(r"([A-Za-z_]\w*)=")
_OPEN = re.compile(r"(?:if|case|for|while|until|select|function)\b|[A-Za-z_][\w-]*[ \t]*\([ \t]*\)|\{[ \t]*$")
_CLOSE = re.compile(r"(?:fi|esac|done|\})(?:[ \t;&|]|$)")
_HEREDOC = re.compile(r"<<-?[ \t]*[\"']?(\w+)[\"']?")


def entrypoint_exports(command: Command | None, code: Sequence[CodeRoot], is_file: Callable[[str], bool],
                       read: Callable[[str], str | None], knowledge: Any) -> tuple[EnvVar, ...]:
    """The variables the script that starts ``command`` exports before its ``exec`` (or
    before every line that starts a program, in a script without one).
    ``knowledge``: ``rules/commands.yaml``'s programs (``bash entrypoint.sh``)."""
    script = _script(command, knowledge.commands.shells)
    if script is None or command is None:
        return ()
    cpath = script if script.startswith("/") else posixpath.join(command.working_dir or "/", script)
    rel = to_project(posixpath.normpath(cpath), code, is_file)
    if rel is None:
        return ()
    text = read(rel)
    if not text or not text.startswith("#!") and not rel.endswith(".sh"):  # a shell script, not a binary
        return ()
    names = _exported_before_exec(text)
    # and those an if/else exports in every branch before the exec
    names += [n for n in _set_at_every_start(text, knowledge, handover=True) if n not in names]
    if not names and _script_alone(command):  # no exec: what every program start is given
        names = _set_at_every_start(text, knowledge, handover=False)
    return tuple(EnvVar(name, None, origin="entrypoint") for name in names)


def _script(command: Command | None, shells: Any) -> str | None:
    """The script a start command runs first: ``/entrypoint.sh ...``, ``bash entrypoint.sh``."""
    if command is None or not command.tokens:
        return None
    first = command.tokens[0].value
    if shells.matches(posixpath.basename(first)):
        rest = [t.value for t in command.tokens[1:2]]
        return rest[0] if rest and not rest[0].startswith("-") else None
    return first if "/" in first or first.endswith(".sh") else None


def _exported_before_exec(text: str) -> list[str]:
    depth = 0
    assigned: set[str] = set()
    out: dict[str, None] = {}
    lines = iter(text.split("\n"))
    for raw in lines:
        line = raw.strip()
        heredoc = _HEREDOC.search(line)
        if heredoc:  # its body is text, not commands
            for body in lines:
                if body.strip() == heredoc.group(1):
                    break
        if not line or line.startswith("#"):
            continue
        if _CLOSE.match(line):
            depth = max(0, depth - 1)
            continue
        if _OPEN.match(line):
            if not re.search(r"(?:;[ \t]*|\b)(?:fi|esac|done)[ \t]*$|\}[ \t]*$", line[1:]):
                depth += 1  # a block on one line (if ...; then ...; fi) opens nothing
            continue
        if depth:
            continue
        if line.startswith("exec ") or line == "exec":
            return list(out)
        m = _EXPORT.match(line)
        if m:
            for name, eq in _NAME.findall(re.sub(r"=(?:\"[^\"]*\"|'[^']*'|\S*)", "=", m.group(1))):
                if eq or name in assigned:
                    out[name] = None
            continue
        a = _ASSIGN.match(line)
        if a and " " not in line.split("=", 1)[0]:
            assigned.add(a.group(1))
    return []


def _script_alone(command: Command) -> bool:
    """The start command runs its script and nothing else (no ``./prep.sh && python app.py``)."""
    return not any(t.value in CONTROL_OPERATORS for t in command.tokens)


# the words a command list's own syntax puts before a command (`then python app.py`)
_LEADING = frozenset({"then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"})
_STARTS = frozenset({"python", "wrapper", "server", "runner", "entry-script", "shell"})
_ELSE = re.compile(r"(?:else|elif)\b")
_SUBSHELL = re.compile(r"\((?!\()")


class _Frame:
    """A block being read: the names exported directly in it on the current path, and for an
    ``if`` those of the branches it has closed."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.names: dict[str, None] = {}
        self.branches: list[set[str]] = []
        self.has_else = False


def _segments(line: str) -> list[tuple[list[str], bool]] | None:
    """The simple commands of one line, each as its words and whether it runs in the
    background (``&``).  None where the line's quoting is broken."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()<>")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        toks = list(lexer)
    except ValueError:
        return None
    out: list[tuple[list[str], bool]] = []
    cur: list[str] = []
    for t in toks:
        if t and all(c in ";&|()<>" for c in t):
            if t in (";", "&", "&&", "||", "|", ";;", "(", ")", "|&"):
                if cur:
                    out.append((cur, t == "&"))
                cur = []
            continue  # a redirection operator: its target stays a word of the command
        cur.append(t)
    if cur:
        out.append((cur, False))
    return out


def _start_of(words: list[str], knowledge: Any) -> tuple[bool, set[str]]:
    """Whether the simple command starts a program, and the names its own prefix sets."""
    i = 0
    while i < len(words) and words[i] in _LEADING:
        i += 1
    prefix: set[str] = set()
    while i < len(words) and _ASSIGN.match(words[i]):
        prefix.add(words[i].split("=", 1)[0])
        i += 1
    if i >= len(words):
        return False, prefix
    word = words[i]
    if word in ("$@", "${@}"):
        return True, prefix
    if word.endswith(".py"):  # a Python script run by its shebang (`/app/worker.py "$@"`), as the start walk reads it
        return True, prefix
    return known_program(word, knowledge) in _STARTS, prefix


def _set_at_every_start(text: str, knowledge: Any, handover: bool) -> list[str]:
    """The names set at every program start of a script (see the module's note); with
    ``handover``, those set at the top level when its first top-level ``exec`` runs."""
    stack = [_Frame("top")]
    assigned: set[str] = set()
    # each start: (the names set for it, whether it is a foreground one at the top level)
    starts: list[tuple[set[str], bool]] = []
    lines = iter(logical_lines(text))
    for raw in lines:
        line = raw.strip()
        heredoc = _HEREDOC.search(line)
        if heredoc:
            for body in lines:
                if body.strip() == heredoc.group(1):
                    break
        if not line or line.startswith("#"):
            continue
        top = stack[-1]
        if _CLOSE.match(line):
            if len(stack) == 1:
                return []
            stack.pop()
            if top.kind == "if":
                top.branches.append(set(top.names))
                if top.has_else and stack[-1].kind != "case":
                    for name in sorted(set.intersection(*top.branches)):
                        stack[-1].names[name] = None
            continue
        if _ELSE.match(line):
            if top.kind != "if":
                return []
            top.branches.append(set(top.names))
            top.names = {}
            top.has_else = top.has_else or line.startswith("else")
            if line.startswith("elif") or re.match(r"else[ \t]*(?:#.*)?$", line):
                continue
            return []  # `else cmd` on one line: not read
        if _SUBSHELL.match(line):
            return []
        opened = _OPEN.match(line) and not re.search(
            r"(?:;[ \t]*|\b)(?:fi|esac|done)[ \t]*$|\}[ \t]*$", line[1:])
        if line.startswith("exec ") or line == "exec":
            if len(stack) == 1 and handover:
                return list(stack[0].names)
            return []  # the hand-over is in a block: which path takes it is not read here
        segments = _segments(line)
        if segments is None:
            return []
        for words, background in segments:
            is_start, prefix = _start_of(words, knowledge)
            if is_start:
                have = set(prefix).union(*(f.names for f in stack))
                starts.append((have, len(stack) == 1 and not background and not opened))
        if opened:
            stack.append(_Frame("if" if line.startswith("if") else "case" if line.startswith("case") else "block"))
            continue
        if line.startswith("unset ") or line.startswith("export -n"):
            for name in line.split()[1:]:
                for f in stack:
                    f.names.pop(name, None)
            continue
        m = _EXPORT.match(line)
        if m and top.kind != "case":
            for name, eq in _NAME.findall(re.sub(r"=(?:\"[^\"]*\"|'[^']*'|\S*)", "=", m.group(1))):
                if eq or name in assigned:
                    top.names[name] = None
            continue
        a = _ASSIGN.match(line)
        if a and " " not in line.split("=", 1)[0]:
            assigned.add(a.group(1))
    if len(stack) != 1 or handover or not starts:
        return []
    # a foreground start at the top level with another start after it is a step that ends
    serving = [have for n, (have, step) in enumerate(starts) if not (step and n < len(starts) - 1)]
    common = set.intersection(*serving)
    order = {name: None for f in stack for name in f.names}
    order.update({name: None for have, _ in starts for name in sorted(have)})
    return [name for name in order if name in common]
