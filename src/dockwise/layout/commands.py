"""A service's commands as :class:`Command` values: Compose ``command``/``entrypoint``
and ``healthcheck.test`` (string or list form), and the command a container starts with
(Compose's entrypoint/command over the Dockerfile's ENTRYPOINT/CMD, Docker's rules)."""
from __future__ import annotations

import dataclasses
from typing import Any

from dockwise.layout.model import Command
from dockwise.layout.nodes import node_error, scalar_text
from dockwise.layout.shell import split_shell
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import FileError, Text


def _split_shell(text: Text) -> tuple[Text, ...]:
    return split_shell(text)


def read_command(node: YNode | None, errors: list[FileError], working_dir: str | None, what: str) -> Command | None:
    if node is None:
        return None
    if isinstance(node, YScalar):
        if node.value is None:
            return Command((), False, "compose", working_dir, node.span)
        text = scalar_text(node) or Text("")
        return Command(_split_shell(text), True, "compose", working_dir, node.span)
    if isinstance(node, YSeq):
        tokens = []
        for item in node.items:
            t = scalar_text(item)
            if t is None:
                if not (isinstance(item, YScalar)):
                    node_error(errors, item, f"{what} entries must be strings")
                continue
            tokens.append(t)
        return Command(tuple(tokens), False, "compose", working_dir, node.span)
    node_error(errors, node, f"{what} must be a string or a list: ignored")
    return None


def read_healthcheck(node: YNode | None, errors: list[FileError], working_dir: str | None) -> tuple[Command | None, bool]:
    """(command, disabled) of a Compose healthcheck."""
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return None, False
    if not isinstance(node, YMap):
        node_error(errors, node, "healthcheck must be a mapping: ignored")
        return None, False
    disable = node.items.get("disable")
    if isinstance(disable, YScalar) and disable.value is True:
        return None, True
    test = node.items.get("test")
    if test is None:
        return None, False
    if isinstance(test, YScalar):
        text = scalar_text(test)
        if text is None:
            return None, False
        return Command(_split_shell(text), True, "compose", working_dir, test.span), False
    if isinstance(test, YSeq):
        items = [t for t in map(scalar_text, test.items) if t is not None]
        if not items:
            return None, False
        kind = items[0].value.upper()
        if kind == "NONE":
            return None, True
        if kind == "CMD-SHELL":
            text = items[1] if len(items) > 1 else Text("")
            return Command(_split_shell(text), True, "compose", working_dir, test.span), False
        if kind == "CMD":
            return Command(tuple(items[1:]), False, "compose", working_dir, test.span), False
        return Command(tuple(items), False, "compose", working_dir, test.span), False
    node_error(errors, test, "healthcheck test must be a string or a list")
    return None, False

def effective_command(
    compose_entrypoint: Command | None, compose_command: Command | None, df: Any, working_dir: str | None
) -> Command | None:
    """Compose ``entrypoint``/``command`` over the Dockerfile's ENTRYPOINT/CMD.

    The one definition of a container's start command: the layout computes
    ``Service.command`` with it, and ``dockwise.extract.layout_commands`` uses it (without a
    Dockerfile) for a Service that has Compose parts but no computed command."""
    df_entry = getattr(df, "entrypoint", None) if df is not None else None
    df_cmd = getattr(df, "cmd", None) if df is not None else None
    entry: Command | None
    cmd: Command | None
    passed: tuple[Text, ...] | None = None
    if compose_entrypoint is not None:
        entry = compose_entrypoint
        cmd = compose_command  # a Compose entrypoint resets the image's CMD
    else:
        entry = df_entry
        cmd = compose_command if compose_command is not None else df_cmd
        if entry is not None and entry.shell and entry.origin != "compose":
            # a shell-form ENTRYPOINT gets CMD and command arguments as `sh -c`'s $0 $1 ...,
            # and ignores them unless it passes them on (`/start.sh $0 $@`)
            passed = _pass_on(entry, cmd) if cmd is not None else None
            if passed is None:
                cmd = None
    if cmd is None:
        if entry is None:
            return None
        return dataclasses.replace(entry, working_dir=working_dir) if entry.working_dir != working_dir else entry
    if entry is None:
        return dataclasses.replace(cmd, working_dir=working_dir) if cmd.working_dir != working_dir else cmd
    if passed is not None:
        tokens = passed
    elif not entry.shell and cmd.shell and cmd.origin == "dockerfile" and cmd.source is not None:
        # Docker runs a shell-form CMD under an exec-form ENTRYPOINT as `ENTRYPOINT /bin/sh -c
        # CMD` ("Understand how CMD and ENTRYPOINT interact"): `tini -- /bin/sh -c "cd /srv &&
        # exec nginx"`, whose `cd` and `&&` the shell reads, not the entrypoint
        tokens = entry.tokens + (Text("/bin/sh"), Text("-c"), cmd.source)
    else:
        tokens = entry.tokens + cmd.tokens
    origin = "compose" if "compose" in (entry.origin, cmd.origin) else "dockerfile"
    span = (cmd.span if cmd.origin == "compose" else None) or entry.span
    return Command(tokens, bool(entry.shell or cmd.shell), origin, working_dir, span)


_ZERO = ("$0", "${0}")
_REST = ("$@", "${@}", "$*", "${*}")


def _pass_on(entry: Command, cmd: Command) -> tuple[Text, ...] | None:
    """The shell-form entrypoint's words with ``sh -c``'s parameters (``$0``: the command's
    first word, ``$@``: the rest) put in, or None when it uses neither."""
    if not any(t.value in _ZERO + _REST for t in entry.tokens):
        return None
    out: list[Text] = []
    for t in entry.tokens:
        if t.value in _ZERO:
            out.extend(cmd.tokens[:1])
        elif t.value in _REST:
            out.extend(cmd.tokens[1:])
        else:
            out.append(t)
    return tuple(out)
