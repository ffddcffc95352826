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
"""
from __future__ import annotations

import posixpath
import re
from typing import Callable, Sequence

from dockwise.knowledge.commands import Programs
from dockwise.layout.model import CodeRoot, Command, EnvVar
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
                       read: Callable[[str], str | None], shells: Programs) -> tuple[EnvVar, ...]:
    """The variables the script that starts ``command`` exports before its ``exec``.
    ``shells``: the shell programs of ``rules/commands.yaml`` (``bash entrypoint.sh``)."""
    script = _script(command, shells)
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
    return tuple(EnvVar(name, None, origin="entrypoint") for name in names)


def _script(command: Command | None, shells: Programs) -> str | None:
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
