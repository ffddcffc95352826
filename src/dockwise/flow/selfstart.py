"""Servers the code of a container starts itself.

An app that launches a helper server as a child process
(``subprocess.Popen(["proxy", "--config", path, "--port", "4000"])``) and then dials it
(``base_url="http://0.0.0.0:4000"``) reaches a server in its own container: the loopback
address is right there.  The start is recognised by the calls that start a process
(``rules/flow.yaml`` ``process_starts``) given an argument list written out in the code, with
a listen option of ``listen_options`` followed by the port (``--port 4000``,
``--port=4000``).  Only literal argument lists count: a command built at run time says
nothing.
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.knowledge.globs import glob_regex

__all__ = ["starts_listener"]


def starts_listener(flow: Any, knowledge: Any, port: int | None) -> bool:
    """Some module of ``flow``'s search set starts a process that listens on ``port``."""
    if port is None:
        return False
    cache: dict[int, bool] = flow._self_started
    hit = cache.get(port)
    if hit is None:
        tables = knowledge.flow
        starts = glob_regex(tables.process_starts)
        options = tuple(tables.listen_options)
        hit = cache[port] = bool(options) and any(
            _starts(mod, node, starts, options, port)
            for mod in flow._containing(str(port), *options)
            for node in ast.walk(mod.tree) if isinstance(node, ast.Call) and node.args)
    return hit


def _starts(mod: Any, call: ast.Call, starts: Any, options: tuple[str, ...], port: int) -> bool:
    name = mod.qname(call.func, call=True)
    argv = call.args[0]
    if not name or starts.fullmatch(name) is None or not isinstance(argv, (ast.List, ast.Tuple)):
        return False
    words = [str(e.value) if isinstance(e, ast.Constant) and isinstance(e.value, (str, int)) else None
             for e in argv.elts]
    for i, word in enumerate(words):
        if word in options and i + 1 < len(words) and words[i + 1] == str(port):
            return True
        if word is not None and any(word == f"{opt}={port}" for opt in options):
            return True
    return False
