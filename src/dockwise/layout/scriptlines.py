"""Build scripts (Makefiles, shell scripts, CI files) read as command lines: what the image
builds (``imagebuilds.py``) and the Compose files the scripts name (``namedcompose.py``) are
both found on these lines."""
from __future__ import annotations

import shlex
from typing import Iterable

__all__ = ["logical_lines", "split_command"]


def logical_lines(text: str) -> Iterable[str]:
    """The lines of ``text`` with backslash continuations joined."""
    buf = ""
    for line in text.splitlines():
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        yield buf + line
        buf = ""
    if buf:
        yield buf


def split_command(command: str) -> list[str]:
    """A command's words as a shell splits them (on whitespace where the quoting is broken)."""
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()
