"""What a start command runs: the server, where it binds, which Python files it runs.

``analyze_command(tokens, knowledge)`` reads a container's argv (Compose ``command`` /
``entrypoint`` or the Dockerfile's CMD / ENTRYPOINT, concatenated by the caller) through
wrappers (``sh -c "…"``, ``exec``, ``env A=b``, ``&&`` chains, ``poetry run``, ``tini --``,
``opentelemetry-instrument``, ``python -m …``) and reports the server it starts (flask,
uvicorn, gunicorn, …), the host it is told to bind (a located slice of the token) or the
server's default host, the ports it listens on, and the Python scripts and modules it runs.
``healthcheck_info`` reads a healthcheck test the same way and reports what it probes.

Every program, option and default is data in ``rules/commands.yaml`` (``commands:``);
this module only knows how command lines are shaped.  Nothing here raises.

This module holds the entry points; the walk itself is :mod:`dockwise.layout.startcmd_walk`,
the words it reads :mod:`dockwise.layout.startcmd_args`, the knowledge it reads them with
:mod:`dockwise.knowledge.commands`, and what it returns :mod:`dockwise.layout.startcmd_results`.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from dockwise.layout.model import Command, EnvVar
from dockwise.layout.startcmd_args import (
    base_name,
    container_join,
    normalize_env,
    split_hostport,
    url_host,
)
from dockwise.layout.startcmd_results import (
    HealthcheckInfo,
    ProbeInfo,
    PythonTarget,
    ServerInfo,
    StartInfo,
)
from dockwise.layout.startcmd_walk import Walk
from dockwise.model import HOLE, Text

__all__ = [
    "PythonTarget",
    "ServerInfo",
    "StartInfo",
    "ProbeInfo",
    "HealthcheckInfo",
    "analyze_command",
    "healthcheck_info",
    "container_paths",
    "combine_commands",
    "split_hostport",
    "url_host",
    "known_program",
]

def known_program(name: str, knowledge: Any) -> str | None:
    """What ``rules/commands.yaml`` knows a program (argv[0]'s basename) as: "python",
    "shell", "wrapper", "server", "runner", "probe", "entry-script", or None."""
    spec = knowledge.commands
    prog = base_name(name)
    if spec.interpreters.matches(prog):
        return "python"
    if spec.shells.matches(prog):
        return "shell"
    if any(w.matches(prog) for w in spec.wrappers):
        return "wrapper"
    if any(s.runs_program(prog) or s.runs_script(prog) for s in spec.servers):
        return "server"
    if any(r.matches(prog) for r in spec.runners):
        return "runner"
    if any(p.matches(prog) for p in spec.probes):
        return "probe"
    if spec.is_entry_script(prog):
        return "entry-script"
    return None


def _tokens(tokens: Any) -> list[Text]:
    if isinstance(tokens, Command):
        tokens = tokens.tokens
    out = []
    for t in tokens or ():
        if isinstance(t, Text):
            out.append(t)
        elif isinstance(t, str):
            out.append(Text(t))
    return out


def analyze_command(
    tokens: Sequence[Text] | Command,
    knowledge: Any,
    working_dir: str | None = None,
    env: Mapping[str, Text | str | None] | Iterable[EnvVar] | None = None,
) -> StartInfo:
    """Read a start command's argv (entrypoint + command, concatenated by the caller).

    ``env`` (the container's environment, a mapping or EnvVars) resolves ``$PORT``-style
    arguments and the servers' environment settings (FLASK_RUN_HOST, UVICORN_HOST,
    GUNICORN_CMD_ARGS ...).  Any text is read (the walk is bounded by MAX_DEPTH): what
    raises is a bug, reported by the caller's stage."""
    if isinstance(tokens, Command) and working_dir is None:
        working_dir = tokens.working_dir
    toks = _tokens(tokens)
    envmap = normalize_env(env)
    # services of one image started the same way (workers, replicas, the same service in a
    # project's variants) give the same command, directory and environment, to the same
    # written text: one walk serves them all, so a layout's cost stays per distinct start
    try:
        key: Any = (id(knowledge.commands), tuple(toks), working_dir, frozenset(envmap.items()))
    except TypeError:  # an unhashable value: walk it
        key = None
    if key is not None:
        known = _ANALYSED.get(key)
        if known is not None and known[0] is knowledge.commands:
            return known[1]
    info = _analyze(toks, knowledge, working_dir, envmap)
    if key is not None:
        if len(_ANALYSED) >= _ANALYSED_MAX:
            _ANALYSED.clear()  # a long-lived process (the language server) stays bounded
        _ANALYSED[key] = (knowledge.commands, info)
    return info


# (commands' id, tokens, directory, environment) -> (the commands table, the result); the table
# is kept beside the result so an id reused by a new table after the old one is gone never hits
_ANALYSED: dict[Any, tuple[Any, StartInfo]] = {}
_ANALYSED_MAX = 4096


def _analyze(toks: list[Text], knowledge: Any, working_dir: str | None, envmap: dict[str, Text | None]) -> StartInfo:
    walk = Walk(knowledge.commands, envmap)
    walk.run(toks, working_dir, envmap)
    first = walk.servers[0] if walk.servers else None
    ports: list[int] = []
    for s in walk.servers:
        for p in s.ports:
            if p not in ports:
                ports.append(p)
    return StartInfo(
        server=first.name if first else None,
        bind=first.bind if first else None,
        bind_default=first.bind_default if first else None,
        ports=tuple(ports),
        python_targets=_dedupe(walk.targets),
        working_dir=working_dir,
        servers=tuple(walk.servers),
        programs=tuple(walk.programs),
        shell_scripts=tuple(dict.fromkeys(walk.scripts)),
        script_dirs=tuple(walk.script_dirs.items()),
        argvs=tuple(walk.argvs),
    )


def _dedupe(targets: list[PythonTarget]) -> tuple[PythonTarget, ...]:
    seen = set()
    out = []
    for t in targets:
        key = (t.kind, t.value, t.working_dir, t.main, t.args)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return tuple(out)


def healthcheck_info(
    tokens: Sequence[Text] | Command,
    knowledge: Any,
    working_dir: str | None = None,
    env: Mapping[str, Text | str | None] | Iterable[EnvVar] | None = None,
) -> HealthcheckInfo:
    """Read a healthcheck test: Compose ``["CMD", ...]`` / ``["CMD-SHELL", "..."]`` /
    ``["NONE"]``, a string (split, shell form), or a Dockerfile HEALTHCHECK CMD."""
    if isinstance(tokens, Command) and working_dir is None:
        working_dir = tokens.working_dir
    toks = _tokens(tokens)
    envmap = normalize_env(env)
    walk = Walk(knowledge.commands, envmap, probes=True)
    if toks and toks[0].value == "NONE":
        return HealthcheckInfo(disabled=True)
    if toks and toks[0].value == "CMD-SHELL":
        for script in toks[1:2]:
            walk.script(script, {"cwd": working_dir, "env": dict(envmap)}, 0)
    elif toks and toks[0].value == "CMD":
        walk.run(toks[1:], working_dir, envmap)
    else:
        walk.run(toks, working_dir, envmap)
    hosts = tuple(h for p in walk.probes for h in p.hosts)
    ipv6 = any(
        p.localhost_ipv6_first and any(h.value.lower() == "localhost" for h in p.hosts) for p in walk.probes
    )
    return HealthcheckInfo(
        disabled=False,
        program=walk.probes[0].program if walk.probes else None,
        hosts=hosts,
        probes=tuple(walk.probes),
        python_targets=_dedupe(walk.targets),
        localhost_ipv6_first=ipv6,
    )


def combine_commands(entrypoint: Command | None, command: Command | None) -> Command | None:
    """The argv a container runs: ENTRYPOINT + CMD (a shell-form entrypoint ignores CMD).

    Compose semantics are the caller's: a Compose ``entrypoint`` drops the image's CMD
    unless Compose also sets ``command``."""
    if entrypoint is None or not entrypoint.tokens:
        return command
    if entrypoint.shell or command is None:
        return entrypoint
    return Command(
        tokens=tuple(entrypoint.tokens) + tuple(command.tokens),
        shell=command.shell,
        origin=command.origin if command.origin == entrypoint.origin else entrypoint.origin,
        working_dir=command.working_dir or entrypoint.working_dir,
        span=command.span or entrypoint.span,
    )


def container_paths(info: StartInfo | HealthcheckInfo | Iterable[PythonTarget], *, main_only: bool = False) -> tuple[str, ...]:
    """Absolute container paths of the files the command may run: ``python app.py`` in
    /app → /app/app.py; ``python -m app.worker`` → /app/app/worker.py,
    /app/app/worker/__init__.py, /app/app/worker/__main__.py; ``gunicorn app.main:app`` →
    /app/app/main.py, /app/app/main/__init__.py.  ``main_only``: only code run as
    ``__main__``."""
    targets = info.python_targets if isinstance(info, (StartInfo, HealthcheckInfo)) else tuple(info)
    out: list[str] = []
    for t in targets:
        if main_only and not t.main:
            continue
        if HOLE in t.value or t.value.startswith("$"):
            continue
        base = t.working_dir or "/"
        if t.kind == "script":
            out.append(container_join(base, t.value))
        elif t.kind == "module":
            rel = t.value.replace(".", "/")
            out.append(container_join(base, rel + ".py"))
            out.append(container_join(base, rel + "/__init__.py"))
            if t.main:
                out.append(container_join(base, rel + "/__main__.py"))
    return tuple(dict.fromkeys(out))
