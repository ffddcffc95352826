"""Servers an image's own build installs and starts: the ports its container may serve itself.

An all-in-one image (a test image holding its database, a demo image) installs a server with
the system's packages and starts it in a ``RUN`` step to set it up (``service postgresql start
&& psql -c "..."``, ``/etc/init.d/redis-server start``, ``mysqld & ...``).  A server started
in a build does not keep running, but the image holds it, set up to serve there: a loopback
address of its port in a container of that image may well be that server, started again by
whoever runs the container.  That is no evidence of a brittle address, so the container is
taken to serve the port (``checks.context.Context.self_listens``), as for a daemon its start
command runs (``runs.entries``).  Which programs and init scripts start which server, on which
port, is ``rules/commands.yaml`` (``daemons``, ``init_programs``, ``init_dirs``).
"""
from __future__ import annotations

import shlex
from typing import Any

from dockwise.knowledge.commands import Commands

__all__ = ["build_servers"]

# words before a command that leave it the command (`sudo service postgresql start`)
_PREFIXES = frozenset({"sudo", "exec", "nohup", "command"})


def build_servers(df: Any, target: str | None, commands: Commands) -> tuple[int, ...]:
    """The ports of the servers the ``RUN`` steps of the stage ``df`` builds for ``target``
    (the final stage without one), and of the stages it is built ``FROM``, start."""
    stage = df.stage(target) if df is not None and hasattr(df, "stage") else None
    chain: set[int] = set()
    while stage is not None and stage.index not in chain:
        chain.add(stage.index)
        stage = df.stages[stage.parent] if stage.parent is not None else None
    ports: list[int] = []
    for ins in getattr(df, "instructions", ()) if chain else ():
        if ins.keyword != "RUN" or ins.stage not in chain:
            continue
        for text in (ins.args, *ins.heredocs):
            for argv in _commands(text):
                port = commands.daemon_started(argv)
                if port is not None and port not in ports:
                    ports.append(port)
    return tuple(ports)


def _commands(text: str) -> list[list[str]]:
    """The simple commands of a shell text, split at ``&&``, ``||``, ``;``, ``|``, ``&`` and
    line ends; a text the shell lexer cannot read gives none."""
    out: list[list[str]] = []
    for line in text.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            words = list(lexer)
        except ValueError:
            continue
        argv: list[str] = []
        for word in words + [";"]:
            if word and all(c in "();<>|&" for c in word):
                while argv and (argv[0] in _PREFIXES or "=" in argv[0] and argv[0].split("=", 1)[0].isidentifier()):
                    argv.pop(0)
                if argv:
                    out.append(argv)
                argv = []
            else:
                argv.append(word)
    return out
