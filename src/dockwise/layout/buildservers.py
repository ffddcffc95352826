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

The same steps say whether the image puts another ``wget`` before BusyBox's
(``replaces_busybox_wget``: DW202).
"""
from __future__ import annotations

import posixpath
import re
from typing import Any, Iterator

from dockwise.layout.startcmd import analyze_command
from dockwise.model import Text

__all__ = ["build_argvs", "build_servers", "replaces_busybox_wget"]


def build_servers(df: Any, target: str | None, knowledge: Any) -> tuple[int, ...]:
    """The ports of the servers the ``RUN`` steps of the stage ``df`` builds for ``target``
    (the final stage without one), and of the stages it is built ``FROM``, start.  Each step
    is read as the start commands are (``layout.startcmd``: its simple commands, with the
    wrappers of ``rules/commands.yaml`` such as ``sudo`` or ``exec`` taken off)."""
    commands = knowledge.commands
    ports: list[int] = []
    for argv in build_argvs(df, target, knowledge):
        port = commands.daemon_started(argv)
        if port is not None and port not in ports:
            ports.append(port)
    return tuple(ports)


def replaces_busybox_wget(df: Any, target: str | None, knowledge: Any) -> bool:
    """A ``RUN`` step of the image built for ``target`` (or of a stage it is built ``FROM``)
    installs a package that puts another ``wget`` before BusyBox's (Alpine's ``apk add wget``
    is GNU Wget, which tries each address of ``localhost`` in turn: ``rules/images.yaml``'s
    ``busybox_wget_packages``), and no later ``apk del`` removes it again (by its name, or by
    the ``--virtual`` group it was added under: ``apk add --virtual .deps wget && ... && apk
    del .deps``)."""
    packages = frozenset(knowledge.hosts.busybox_wget_packages)
    if not packages:
        return False
    installed: set[str] = set()  # the names whose removal removes it: the package, its group
    for argv in build_argvs(df, target, knowledge):
        if len(argv) < 3 or posixpath.basename(argv[0]) != "apk":
            continue
        words = list(argv[1:])
        verb = next((w for w in words if not w.startswith("-")), "")
        rest = words[words.index(verb) + 1:] if verb else []
        if verb == "add":
            group = ""
            for i, word in enumerate(rest):
                if word in ("--virtual", "-t") and i + 1 < len(rest):
                    group = rest[i + 1]
                elif word.startswith("--virtual="):
                    group = word.partition("=")[2]
            names = {re.split(r"[=~<>]", w, maxsplit=1)[0] for w in rest if not w.startswith("-") and w != group}
            for name in names & packages:
                installed.update((name, group) if group else (name,))
        elif verb == "del" and installed & {w for w in rest if not w.startswith("-")}:
            installed.clear()
    return bool(installed)


def build_argvs(df: Any, target: str | None, knowledge: Any) -> Iterator[tuple[str, ...]]:
    """Every simple command (its argv, wrappers taken off) of the ``RUN`` steps of the stage
    ``df`` builds for ``target`` (the final stage without one) and of the stages it is built
    ``FROM``."""
    stage = df.stage(target) if df is not None and hasattr(df, "stage") else None
    chain: set[int] = set()
    while stage is not None and stage.index not in chain:
        chain.add(stage.index)
        stage = df.stages[stage.parent] if stage.parent is not None else None
    for ins in getattr(df, "instructions", ()) if chain else ():
        if ins.keyword != "RUN" or ins.stage not in chain:
            continue
        for text in (ins.args, *ins.heredocs):
            yield from analyze_command([Text("sh"), Text("-c"), Text(text)], knowledge).argvs
