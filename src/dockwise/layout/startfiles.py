"""The project files a service's start command and healthcheck run: the command is read
by :mod:`dockwise.layout.startcmd` (ports it listens on, files it runs, server config
files) and each container path is mapped back through the service's code roots to the
project file it is, when the project holds one."""
from __future__ import annotations

import posixpath
from typing import Any, Callable, Iterable, Sequence

from dockwise.layout import startcmd
from dockwise.layout.compose import outside_root
from dockwise.layout.model import CodeRoot, Command, EnvVar
from dockwise.layout.paths import EXEC_PATH_DIRS, norm_path


def start_files(
    command: Command | None, working_dir: str | None, code: Sequence[CodeRoot], env: Iterable[EnvVar],
    knowledge: Any, is_file: Callable[[str], bool], read: Callable[[str], str | None] | None = None,
) -> tuple[tuple[int, ...], list[str], list[str], list[str]]:
    """(ports, entry files, server config files, those of them whose bind the command's own
    bind option replaces) of a start command."""
    if command is None or not command.tokens:
        return (), [], [], []
    info = startcmd.analyze_command(command.tokens, knowledge, working_dir=working_dir, env=tuple(env))
    ports = tuple(p for p in (getattr(info, "ports", ()) or ()) if isinstance(p, int))
    paths = startcmd.container_paths(info, main_only=True)
    servers = getattr(info, "servers", ()) or ()
    servers = [s for s in servers if _config_may_bind(s, knowledge, working_dir, code, is_file, read)]
    configs = _config_files(servers, working_dir)
    replaced = _config_files([s for s in servers if getattr(s, "config_bind_replaced", False)], working_dir)
    mapped = _map_paths(configs, code, is_file)
    return ports, _map_paths(paths, code, is_file), mapped, [c for c in _map_paths(replaced, code, is_file) if c in mapped]


def _config_may_bind(server: Any, knowledge: Any, working_dir: str | None, code: Sequence[CodeRoot],
                     is_file: Callable[[str], bool], read: Callable[[str], str | None] | None) -> bool:
    """Whether ``server``'s config files may move its bind.  A server whose YAML config gives
    the bind under a known key (MkDocs' ``dev_addr``, ``rules/commands.yaml`` config_bind_keys)
    moves it only where a file of the project sets that key to a host other than loopback
    (or one not read: a variable, a YAML tag); a file that sets none, or a loopback one, or
    one not in the project leaves the default bind, which is judged."""
    commands = getattr(knowledge, "commands", None)
    record = commands.server_named(getattr(server, "name", "")) if commands is not None else None
    keys = getattr(record, "config_bind_keys", ()) if record is not None else ()
    if not keys:
        return True
    if read is None:
        return False
    for rel in _map_paths(_config_files([server], working_dir), code, is_file):
        host = _yaml_bind_host(read(rel), keys)
        if host is not None and not _loopback(host):
            return True
    return False


def _yaml_bind_host(text: str | None, keys: Sequence[str]) -> str | None:
    """The host a YAML config's top-level bind key gives (``dev_addr: 0.0.0.0:8000``); ``"?"``
    where the key is set to something not read as a plain host:port; None where it is unset."""
    if not text:
        return None
    import yaml  # lazy: start-up time

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        # a tag of the tool's own loader (MkDocs' ``!ENV``): unread, and so any key may be set
        return "?" if any(k in text for k in keys) else None
    if not isinstance(data, dict):
        return None
    for key in keys:
        if key not in data:
            continue
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            return "?"
        host = value.strip().rsplit(":", 1)[0] if value.count(":") == 1 or value.startswith("[") else value.strip()
        return host.strip("[]") or "?"
    return None


def _loopback(host: str) -> bool:
    h = host.lower()
    return h in ("localhost", "::1") or h.startswith("127.")


def _config_files(servers: Iterable[Any], working_dir: str | None) -> list[str]:
    return [posixpath.join(working_dir or "/", _config_path(c)) for server in servers
            for c in (getattr(server, "config_files", ()) or ()) if isinstance(c, str) and c]

def healthcheck_files(
    hc: Command | None, working_dir: str | None, code: Sequence[CodeRoot], env: Iterable[EnvVar],
    knowledge: Any, is_file: Callable[[str], bool],
) -> list[str]:
    if hc is None or not hc.tokens:
        return []
    info = startcmd.healthcheck_info(hc.tokens, knowledge, working_dir=working_dir, env=tuple(env))
    paths = startcmd.container_paths(info, main_only=True)  # the probe scripts, not an app a runner loads
    return _map_paths(paths, code, is_file)

def _map_paths(paths: Iterable[str], code: Sequence[CodeRoot], is_file: Callable[[str], bool]) -> list[str]:
    out: list[str] = []
    for cpath in paths or ():
        if not isinstance(cpath, str):
            continue
        rel = to_project(cpath, code, is_file)
        if rel is not None and rel not in out:
            out.append(rel)
    return out

def to_project(cpath: str, code: Sequence[CodeRoot], is_file: Callable[[str], bool]) -> str | None:
    """The project file at container path ``cpath`` (through the code roots), if any."""
    if not cpath.startswith("/"):
        return None
    cpath = posixpath.normpath(cpath)
    candidates: list[tuple[int, int, str]] = []
    for order, root in enumerate(code):
        if not root.target or not root.target.startswith("/"):
            continue
        t = posixpath.normpath(root.target)
        found = root.project_path(cpath, t)
        if found is None:
            continue
        rel = norm_path(found)
        if any(rel == e or rel.startswith(e + "/") for e in root.excludes):
            continue
        candidates.append((len(t), order, rel))
    for _, _, rel in sorted(candidates, reverse=True):  # the deepest mount; later (bind) first
        if rel and not outside_root(rel) and is_file(rel):
            return rel
    return None

# a start script larger than this is no hand-written one: its first 200,000 characters are read
MAX_SCRIPT_CHARS = 200_000


def command_script(command: Command | None, code: Sequence[CodeRoot], is_file: Callable[[str], bool],
                   read: Callable[[str], str | None]) -> tuple[int, str] | None:
    """``(index, text)`` of the first word of ``command`` that names a project file (through the
    code roots), where that file is a shell script (a shebang that is not Python's, or ``.sh``):
    an entrypoint or wait script given the rest of the words.  None where no word names a
    project file, or the first one named is no shell script."""
    if command is None:
        return None
    tokens = command.tokens
    for i, tok in enumerate(tokens[:-1]):
        value = tok.value
        if not value or "$" in value:
            continue
        cpath = value if value.startswith("/") else posixpath.join(command.working_dir or "/", value)
        rel = to_project(posixpath.normpath(cpath), code, is_file)
        if rel is None and "/" not in value and not value.startswith("."):
            # a bare word is run from PATH (`ENTRYPOINT ["docker-entrypoint.sh"]` after
            # `COPY docker-entrypoint.sh /usr/local/bin/`), as runs/entries.py finds it
            rel = next((r for r in (to_project(posixpath.join(d, value), code, is_file) for d in EXEC_PATH_DIRS)
                        if r is not None), None)
        if rel is None:
            continue
        text = read(rel)
        shebang = text.split("\n", 1)[0] if text and text.startswith("#!") else ""
        if not text or not (shebang or rel.endswith(".sh")) or "python" in shebang:
            return None
        return i, text[:MAX_SCRIPT_CHARS]
    return None


def _config_path(value: str) -> str:
    """A server's config file as a path: gunicorn's ``python:config.gunicorn`` names a module."""
    if value.startswith("python:"):
        return value[len("python:"):].replace(".", "/") + ".py"
    return value


def told_ports(command: Command | None, working_dir: str | None, env: Iterable[EnvVar],
               knowledge: Any) -> tuple[int, ...]:
    """The ports a start command tells its servers to listen on, where that is all it runs:
    every program it starts is a known server given its port (an option, an argument, a
    variable it reads), a TCP one whose config file, if any, cannot move its bind
    (``uvicorn app:app --port 8007``).  Empty where the command starts anything else (a
    script, a program not known as a server, a server left at its default port or given a
    config file): what listens in the container is then not known whole."""
    if command is None or not command.tokens:
        return ()
    info = startcmd.analyze_command(command.tokens, knowledge, working_dir=working_dir, env=tuple(env))
    servers = info.servers
    programs = info.programs
    if not servers or info.shell_scripts or len(programs) != len(servers):
        return ()
    names = {s.program.value for s in servers if s.program is not None}
    for prog in programs:
        base = posixpath.basename(prog.value)
        if prog.value not in names and not base.startswith("python"):
            return ()
    ports: list[int] = []
    for s in servers:
        if s.no_tcp or not s.port_texts or not s.ports or (s.config_files and not s.config_bind_replaced):
            return ()
        ports.extend(p for p in s.ports if p not in ports)
    return tuple(ports)
