"""Servers the code of a container starts itself.

An app that launches a helper server as a child process
(``subprocess.Popen(["proxy", "--config", path, "--port", "4000"])``) and then dials it
(``base_url="http://0.0.0.0:4000"``) reaches a server in its own container: the loopback
address is right there.  The start is recognised by the calls that start a process
(``rules/flow.yaml`` ``process_starts``) given an argument list written out in the code, with
a listen option of ``listen_options`` followed by the port (``--port 4000``,
``--port=4000``), or its arguments one by one (``asyncio.create_subprocess_exec("proxy",
"--port", "4000")``).  A start given a listen address but no port (``"--address",
"0.0.0.0"``) listens on the program's own default port, which the code does not say: a
loopback URL dialled by the module that starts it may be that server's.  A start of a server
program that needs no option to listen (``subprocess.Popen(["vault", "server", "-config",
path])``, ``["redis-server"]``: ``rules/commands.yaml`` daemons) listens on the port its
options give, else its default port.  Only literal argument lists count: a command built at
run time says nothing of a port.  But a program of the interpreter's own environment whose name
the code computes (``os.path.join(sys.prefix, "bin", f"app{name}")``, ``[sys.executable, "-m",
module]``) is the project's own, started beside the code (a test harness starting its servers):
it may listen on any port (``starts_own_programs``, judged like a process manager's program).
"""
from __future__ import annotations

import ast
import re
from typing import Any

from dockwise.knowledge.globs import glob_matcher
from dockwise.words import has_whole

__all__ = ["starts_listener", "starts_own_programs"]

# The interpreter's own environment: a program under its prefix is a console script installed
# beside the project (``<prefix>/bin/<name>``), ``sys.executable`` the interpreter itself.
_PREFIXES = frozenset({"sys.prefix", "sys.exec_prefix", "sys.base_prefix"})
_PATH_JOINS = frozenset({"os.path.join", "posixpath.join"})


def starts_listener(flow: Any, knowledge: Any, port: int | None, modules: tuple[str, ...] = ()) -> bool:
    """Some module of ``flow``'s search set starts a process that listens on ``port``, or one
    of ``modules`` (where the URL is written and dialled) starts one on a port it does not say."""
    tables = knowledge.flow
    options = tuple(tables.listen_options)
    if port is not None:
        cache: dict[int, bool] = flow._self_started
        hit = cache.get(port)
        if hit is None:
            patterns = tuple(tables.process_starts)
            # a module is parsed only where its text names the port, a listen option and a
            # process start: most modules that write a port only dial it
            mods = (flow.module(rel) for rel, text in flow._naming(str(port))
                    if any(o in text for o in options) and _may_start(text, patterns))
            hit = cache[port] = bool(options) and any(
                _starts(words, options, port)
                for mod in mods if mod is not None
                for words in _process_starts(flow, mod, tables.process_starts))
            if not hit:
                # a daemon started on its default port: the module need not name the port, but
                # it names the daemon and a process start (only such modules are parsed: every
                # module of a client library names its server's program, `redis`, `mongod`)
                daemons = _daemon_words(knowledge)
                rels = [rel for rel, text in _start_texts(flow, patterns)
                        if any(name in text and has_whole(text, name) for name in daemons)]
                hit = cache[port] = any(
                    _daemon_port(knowledge, words) == port
                    for mod in (flow.module(rel) for rel in rels) if mod is not None
                    for words in _process_starts(flow, mod, tables.process_starts))
            if not hit:
                # a sidecar script the module writing the port launches (a Node server beside the app)
                hit = cache[port] = _starts_project_script(flow, knowledge, port)
        if hit:
            return True
    addresses = tuple(tables.listen_address_options)
    for rel in modules:
        mod = flow.module(rel)
        if mod is not None and addresses and any(
                _starts_unsaid(words, options, addresses)
                for words in _process_starts(flow, mod, tables.process_starts)):
            return True
    return False


def starts_own_programs(flow: Any, knowledge: Any) -> bool:
    """Some module of ``flow``'s search set starts a process (``process_starts``) whose program
    is one of the interpreter's own environment named only at run time: a console script
    under ``sys.prefix`` (``os.path.join(sys.prefix, "bin", f"app{name}")``), or the
    interpreter given a module or a script the code computes (``[sys.executable, "-m",
    module]``).  Such a program is the project's own (a test harness starting the project's
    servers one by one), and the ports it listens on are its configuration's: the code does
    not say them.  A program written out (``[sys.executable, "-m", "pip", ...]``) is no such
    start."""
    hit: bool | None = flow._own_starts
    if hit is None:
        patterns = tuple(knowledge.flow.process_starts)
        starts = glob_matcher(patterns) if patterns else None
        hit = flow._own_starts = starts is not None and any(
            _own_program_start(mod, starts)
            for rel, text in flow._naming("sys")
            if (any(p in text for p in _PREFIXES) or "executable" in text) and _may_start(text, patterns)
            and (mod := flow.module(rel)) is not None)
    return hit


def _starts_project_script(flow: Any, knowledge: Any, port: int) -> bool:
    """A module of ``flow``'s search set that writes ``port`` also starts a script of the
    project under an interpreter and leaves it running (``subprocess.Popen([shutil.which("node"),
    "server.js"], cwd=...)`` beside ``SIDECAR_URL = "http://localhost:3001"``: ``rules/flow.yaml``
    script_interpreters, script_extensions, background_process_starts): the sidecar it launches
    is the server that port means, on the port the script's own configuration gives.  A module
    that only writes the port, or a one-shot run (``subprocess.run``), is no such evidence."""
    tables = knowledge.flow
    background = tuple(tables.background_process_starts)
    interpreters = frozenset(tables.script_interpreters)
    extensions = tuple(tables.script_extensions)
    if not background or not interpreters or not extensions:
        return False
    starts = glob_matcher(background)
    return any(_script_start(mod, starts, interpreters, extensions)
               for rel, text in flow._naming(str(port))
               if _may_start(text, background) and any(ext in text for ext in extensions)
               and (mod := flow.module(rel)) is not None)


def _script_start(mod: Any, starts: Any, interpreters: frozenset[str], extensions: tuple[str, ...]) -> bool:
    """``mod`` starts, in the background, an interpreter given a script path written out
    (see :func:`_starts_project_script`)."""
    for node in ast.walk(mod.tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = mod.qname(node.func, call=True)
        if not name or starts.fullmatch(name) is None:
            continue
        first = node.args[0]
        elts = first.elts if isinstance(first, (ast.List, ast.Tuple)) else node.args
        if len(elts) < 2:
            continue
        script = elts[1]
        if not (isinstance(script, ast.Constant) and isinstance(script.value, str)
                and script.value.endswith(extensions) and not script.value.startswith(("-", "/"))):
            continue
        if _interpreter(mod, elts[0], interpreters):
            return True
    return False


def _interpreter(mod: Any, node: ast.AST, interpreters: frozenset[str]) -> bool:
    """``node`` names an interpreter: written out (``"node"``), looked up by name
    (``shutil.which("node")``), or a name the module binds to such a lookup."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.rsplit("/", 1)[-1] in interpreters
    if isinstance(node, ast.Call):
        return mod.qname(node.func, call=True) == "shutil.which" and bool(node.args) \
            and isinstance(node.args[0], ast.Constant) and node.args[0].value in interpreters
    if isinstance(node, ast.Name):
        return any(isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)
                   and any(isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets)
                   and _interpreter(mod, stmt.value, interpreters)
                   for stmt in ast.walk(mod.tree))
    return False


def _constant_name(mod: Any, node: ast.AST) -> bool:
    """``node`` is a name the module binds once, at its top level, to a string
    (``_RUNNER = "app.isolated_runner"``): a program written out under another name."""
    if not isinstance(node, ast.Name):
        return False
    values = [stmt.value for stmt in mod.tree.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
              and any(isinstance(t, ast.Name) and t.id == node.id
                      for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]))]
    return len(values) == 1 and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str)


def _own_program_start(mod: Any, starts: Any) -> bool:
    """``mod`` both starts a process and names a program of the interpreter's environment
    that it computes at run time (see :func:`starts_own_programs`)."""
    spawns = own = False
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Call):
            name = mod.qname(node.func, call=True)
            if name and starts.fullmatch(name) is not None:
                spawns = True
            elif name in _PATH_JOINS and node.args and mod.qname(node.args[0]) in _PREFIXES \
                    and not all(isinstance(a, ast.Constant) for a in node.args[1:]):
                own = True  # os.path.join(sys.prefix, "bin", f"app{name}")
        elif isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) >= 2 \
                and mod.qname(node.elts[0]) == "sys.executable":
            rest = node.elts[1:]
            if isinstance(rest[0], ast.Constant) and rest[0].value == "-m" and len(rest) >= 2:
                rest = rest[1:]  # [sys.executable, "-m", module]
            if not isinstance(rest[0], ast.Constant) and not _constant_name(mod, rest[0]):
                own = True  # the module or script is computed at run time
        if spawns and own:
            return True
    return False


def _start_texts(flow: Any, patterns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(module, text) of ``flow``'s search set that may start a process (``_may_start``): one
    pass over the texts, not one for each of the daemons' names."""
    hit: list[tuple[str, str]] | None = flow._start_texts
    if hit is None:
        hit = flow._start_texts = [(rel, text) for rel, text in flow.texts() if _may_start(text, patterns)]
    return hit


def _daemon_words(knowledge: Any) -> tuple[str, ...]:
    """The program names of the daemons (``rules/commands.yaml``), which a module that starts
    one names."""
    return tuple(dict.fromkeys(n for d in knowledge.commands.daemons for n in d.names))


def _daemon_port(knowledge: Any, words: list[str | None]) -> int | None:
    """The port the daemon a process start runs listens on (its options, else its default);
    None for another program, a program not written out, or a port option whose value is not
    (a word computed at run time is no subcommand, and no port: ``["vault", "server",
    "-config", cli()]`` still starts the server)."""
    if not words or words[0] is None:
        return None
    return knowledge.commands.daemon_started([w if w is not None else "" for w in words])


def _process_starts(flow: Any, mod: Any, patterns: Any) -> list[list[str | None]]:
    """The argument lists of the process starts ``mod`` writes out, once per module and
    flow: every endpoint of a module asks, and walking the whole tree each time cost a
    third of a cold run on a large code base.  A module whose text names no process start
    (its module and its function, ``subprocess`` and ``Popen``) is not walked."""
    memo: dict[str, list[list[str | None]]] = flow._process_starts
    found = memo.get(mod.rel)
    if found is None:
        found = memo[mod.rel] = []
        if _may_start(mod.text, tuple(patterns)):
            starts = glob_matcher(patterns)
            for node in ast.walk(mod.tree):
                if isinstance(node, ast.Call) and node.args:
                    words = _argv(mod, node, starts)
                    if words is not None:
                        found.append(words)
    return found


def _may_start(text: str, patterns: tuple[str, ...]) -> bool:
    """``text`` names both ends of some process start (``subprocess`` and ``run``); a
    pattern with a wildcard is always possible."""
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            return True
        first, _, last = pattern.partition(".")
        if first in text and pattern.rsplit(".", 1)[-1] in text:
            return True
    return False


def _argv(mod: Any, call: ast.Call, starts: Any) -> list[str | None] | None:
    """The words of a process start's argument list written out in the code (a list, or the
    arguments one by one), None for an unknown word; None where the call starts no process."""
    name = mod.qname(call.func, call=True)
    if not name or starts.fullmatch(name) is None:
        return None
    first = call.args[0]
    if isinstance(first, (ast.List, ast.Tuple)):
        elts = first.elts
    elif isinstance(first, ast.Constant) and isinstance(first.value, str) and len(call.args) > 1:
        elts = call.args  # create_subprocess_exec("prog", "--port", "4000")
    else:
        return None
    return [str(e.value) if isinstance(e, ast.Constant) and isinstance(e.value, (str, int)) else None
            for e in elts]


def _starts(words: list[str | None], options: tuple[str, ...], port: int) -> bool:
    for i, word in enumerate(words):
        if word in options and i + 1 < len(words) and words[i + 1] == str(port):
            return True
        if word is not None and any(word == f"{opt}={port}" for opt in options):
            return True
    return False


def _starts_unsaid(words: list[str | None], options: tuple[str, ...], addresses: tuple[str, ...]) -> bool:
    """A process start given a listen address without a port (``--address 0.0.0.0``; not
    ``--bind 0.0.0.0:8000``) and no port option: the program's default port."""
    address = False
    for i, word in enumerate(words):
        if word is None:
            continue
        option, eq, value = word.partition("=")
        if option in options:
            return False  # the port is said
        if option in addresses:
            given = value if eq else (words[i + 1] if i + 1 < len(words) else None)
            if given is None or re.search(r":\d+$", given):
                return False  # a port within the address, or an address unknown
            address = True
    return address
