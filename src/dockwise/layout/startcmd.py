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
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from dockwise.knowledge import glob_regex
from dockwise.layout.model import Command, EnvVar
from dockwise.layout.shell import CONTROL_OPERATORS, slice_text, split_words
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

_MAX_DEPTH = 12


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PythonTarget:
    """Python code a command runs.

    kind: "script" (a file path as written), "module" (a dotted module name), "code"
      (``python -c`` source).
    main: True when it runs as ``__main__`` (``python app.py``, ``python -m pkg``,
      ``streamlit run app.py``); False when a server or runner imports it
      (``gunicorn app:app``, ``celery -A tasks worker``): an ``if __name__ == "__main__"``
      block there does not run.
    working_dir: the container directory relative names are resolved against (the
      command's working directory, changed by ``cd``, ``--chdir``, ``--app-dir``...).
    """

    kind: str
    value: str
    text: Text | None = None
    working_dir: str | None = None
    main: bool = True
    attr: str | None = None  # "app" of "app.main:app"
    via: str | None = None  # the program that runs it: "python", "gunicorn", "celery", ...
    args: tuple[str, ...] = ()  # the arguments after a script or module (manage.py <command>)


@dataclass(frozen=True)
class ServerInfo:
    name: str
    program: Text | None = None  # the token naming the server (or its module)
    bind: Text | None = None  # the host given to it (last one wins), a located slice
    binds: tuple[Text, ...] = ()  # every host given (gunicorn -b is repeatable)
    bind_default: str | None = None  # the default host, when no host is given
    host_source: str | None = None  # "option" | "positional" | "env:NAME" | None
    ports: tuple[int, ...] = ()
    port_texts: tuple[Text, ...] = ()
    config_files: tuple[str, ...] = ()  # config files it reads (may set the bind); as written
    no_tcp: bool = False  # listens on a Unix socket / inherited fd only


@dataclass(frozen=True)
class StartInfo:
    server: str | None = None  # the first server the command starts
    bind: Text | None = None
    bind_default: str | None = None
    ports: tuple[int, ...] = ()  # ports of every server started
    python_targets: tuple[PythonTarget, ...] = ()
    working_dir: str | None = None
    servers: tuple[ServerInfo, ...] = ()
    programs: tuple[Text, ...] = ()  # argv[0] of every simple command, after wrappers
    shell_scripts: tuple[str, ...] = ()  # shell scripts it runs (entrypoint.sh), as written
    argvs: tuple[tuple[str, ...], ...] = ()  # every simple command's argv, after wrappers

    @property
    def server_info(self) -> ServerInfo | None:
        return self.servers[0] if self.servers else None

    @property
    def program(self) -> Text | None:
        """The token naming the (first) server: where a finding about a missing host
        option points."""
        return self.servers[0].program if self.servers else None


@dataclass(frozen=True)
class ProbeInfo:
    program: str
    program_text: Text | None = None
    hosts: tuple[Text, ...] = ()  # located host slices it connects to
    ports: tuple[int, ...] = ()
    urls: tuple[Text, ...] = ()
    localhost_ipv6_first: bool = False  # busybox wget: "localhost" is tried as ::1 first


@dataclass(frozen=True)
class HealthcheckInfo:
    disabled: bool = False  # ["NONE"] / HEALTHCHECK NONE
    program: str | None = None  # the first probe's program
    hosts: tuple[Text, ...] = ()  # every probed host
    probes: tuple[ProbeInfo, ...] = ()
    python_targets: tuple[PythonTarget, ...] = ()
    localhost_ipv6_first: bool = False  # some probe of "localhost" resolves ::1 first


# --------------------------------------------------------------------------- knowledge


def _strs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool))
    return ()


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


@dataclass(frozen=True)
class _Names:
    patterns: tuple[str, ...]

    def __post_init__(self) -> None:
        # compiled once: every word of every start command of every service is matched
        # against every runner's names
        object.__setattr__(self, "_rx", glob_regex(self.patterns))

    def match(self, name: str) -> bool:
        return self._rx.fullmatch(name) is not None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Wrapper:
    names: _Names
    with_value: frozenset[str] = frozenset()
    all_take_value: bool = False
    subcommand: str | None = None
    positionals: int = 0
    assignments: bool = False
    double_dash: str | None = None
    single_argument: bool = False
    single_dash: bool = False


@dataclass(frozen=True)
class _Server:
    name: str
    programs: _Names
    modules: tuple[str, ...]
    scripts: _Names
    subcommands: tuple[str, ...] = ()
    subcommand_optional: bool = False
    subcommand_optional_for: tuple[str, ...] = ()
    host_options: tuple[str, ...] = ()
    port_options: tuple[str, ...] = ()
    bind_options: tuple[str, ...] = ()
    socket_options: tuple[str, ...] = ()
    socket_prefixes: tuple[str, ...] = ()
    ipv6_options: tuple[str, ...] = ()
    with_value: frozenset[str] = frozenset()
    positional_addrport: bool = False
    positional_port: bool = False
    default_host: str | None = None
    default_host_ipv6: str | None = None
    default_port: int | None = None
    host_env: tuple[str, ...] = ()
    port_env: tuple[str, ...] = ()
    args_env: tuple[str, ...] = ()
    app: str | None = None
    app_kind: str = "module"
    app_options: tuple[str, ...] = ()
    app_env: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    config_options: tuple[str, ...] = ()
    default_config: tuple[str, ...] = ()
    all_interfaces: tuple[str, ...] = ()
    runs_python: bool = False


@dataclass(frozen=True)
class _Runner:
    names: _Names
    with_value: frozenset[str] = frozenset()
    subcommand: str | None = None
    app: str | None = None
    app_kind: str = "module"
    app_options: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    ignore_app: bool = False


@dataclass(frozen=True)
class _Probe:
    names: _Names
    with_value: frozenset[str] = frozenset()
    url: bool = False
    host_options: tuple[str, ...] = ()
    port_options: tuple[str, ...] = ()
    url_options: tuple[str, ...] = ()
    hostport_options: tuple[str, ...] = ()
    positional_host: bool = False
    positional_port: bool = False
    ipv6_first: bool = False
    single_dash: bool = False


@dataclass(frozen=True)
class _Spec:
    interpreters: _Names = _Names(())
    interp_with_value: frozenset[str] = frozenset()
    shells: _Names = _Names(())
    shell_with_value: frozenset[str] = frozenset()
    wrappers: tuple[_Wrapper, ...] = ()
    entry_scripts: _Names = _Names(())
    servers: tuple[_Server, ...] = ()
    runners: tuple[_Runner, ...] = ()
    probes: tuple[_Probe, ...] = ()
    server_modules: frozenset[str] = frozenset()


def _entries(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _build_spec(raw: Mapping[str, Any]) -> _Spec:
    raw = raw if isinstance(raw, Mapping) else {}
    interp = raw.get("interpreters") if isinstance(raw.get("interpreters"), dict) else {}
    shells = raw.get("shells") if isinstance(raw.get("shells"), dict) else {}
    wrappers = []
    for w in _entries(raw.get("wrappers")):
        wrappers.append(
            _Wrapper(
                names=_Names(_strs(w.get("names"))),
                with_value=frozenset(_strs(w.get("options_with_value"))),
                all_take_value=bool(w.get("all_options_take_value", False)),
                subcommand=w.get("subcommand") if isinstance(w.get("subcommand"), str) else None,
                positionals=_int(w.get("positionals")) or 0,
                assignments=bool(w.get("assignments", False)),
                double_dash=w.get("double_dash") if isinstance(w.get("double_dash"), str) else None,
                single_argument=bool(w.get("single_argument", False)),
                single_dash=bool(w.get("single_dash_options", False)),
            )
        )
    servers = []
    for s in _entries(raw.get("servers")):
        name = s.get("name")
        if not isinstance(name, str):
            continue
        host_o, port_o, bind_o = _strs(s.get("host_options")), _strs(s.get("port_options")), _strs(s.get("bind_options"))
        sock_o, app_o = _strs(s.get("socket_options")), _strs(s.get("app_options"))
        dir_o, conf_o = _strs(s.get("app_dir_options")), _strs(s.get("config_options"))
        with_value = frozenset(_strs(s.get("options_with_value")) + host_o + port_o + bind_o + sock_o + app_o + dir_o + conf_o)
        dh = s.get("default_host")
        servers.append(
            _Server(
                name=name,
                programs=_Names(_strs(s.get("programs"))),
                modules=_strs(s.get("modules")),
                scripts=_Names(_strs(s.get("scripts"))),
                subcommands=_strs(s.get("subcommands")),
                subcommand_optional=bool(s.get("subcommand_optional", False)),
                subcommand_optional_for=_strs(s.get("subcommand_optional_for")),
                host_options=host_o,
                port_options=port_o,
                bind_options=bind_o,
                socket_options=sock_o,
                socket_prefixes=_strs(s.get("socket_prefixes")),
                ipv6_options=_strs(s.get("ipv6_options")),
                with_value=with_value,
                positional_addrport=bool(s.get("positional_addrport", False)),
                positional_port=bool(s.get("positional_port", False)),
                default_host=str(dh) if isinstance(dh, (str, int)) and not isinstance(dh, bool) else None,
                default_host_ipv6=s.get("default_host_ipv6") if isinstance(s.get("default_host_ipv6"), str) else None,
                default_port=_int(s.get("default_port")),
                host_env=_strs(s.get("host_env")),
                port_env=_strs(s.get("port_env")),
                args_env=_strs(s.get("args_env")),
                app=s.get("app") if isinstance(s.get("app"), str) else None,
                app_kind=str(s.get("app_kind", "module")),
                app_options=app_o,
                app_env=_strs(s.get("app_env")),
                app_dir_options=dir_o,
                config_options=conf_o,
                default_config=_strs(s.get("default_config")),
                all_interfaces=_strs(s.get("all_interfaces")),
                runs_python=bool(s.get("runs_python", False)),
            )
        )
    runners = []
    for r in _entries(raw.get("runners")):
        app_o, dir_o = _strs(r.get("app_options")), _strs(r.get("app_dir_options"))
        runners.append(
            _Runner(
                names=_Names(_strs(r.get("names"))),
                with_value=frozenset(_strs(r.get("options_with_value")) + app_o + dir_o),
                subcommand=r.get("subcommand") if isinstance(r.get("subcommand"), str) else None,
                app=r.get("app") if isinstance(r.get("app"), str) else None,
                app_kind=str(r.get("app_kind", "module")),
                app_options=app_o,
                app_dir_options=dir_o,
                ignore_app=bool(r.get("ignore_app", False)),
            )
        )
    probes = []
    for p in _entries(raw.get("probes")):
        host_o, port_o = _strs(p.get("host_options")), _strs(p.get("port_options"))
        url_o, hp_o = _strs(p.get("url_options")), _strs(p.get("hostport_options"))
        probes.append(
            _Probe(
                names=_Names(_strs(p.get("names"))),
                with_value=frozenset(_strs(p.get("options_with_value")) + host_o + port_o + url_o + hp_o),
                url=bool(p.get("url", False)),
                host_options=host_o,
                port_options=port_o,
                url_options=url_o,
                hostport_options=hp_o,
                positional_host=bool(p.get("positional_host", False)),
                positional_port=bool(p.get("positional_port", False)),
                ipv6_first=bool(p.get("localhost_ipv6_first", False)),
                single_dash=bool(p.get("single_dash_options", False)),
            )
        )
    return _Spec(
        interpreters=_Names(_strs(interp.get("names"))),
        interp_with_value=frozenset(_strs(interp.get("options_with_value"))),
        shells=_Names(_strs(shells.get("names"))),
        shell_with_value=frozenset(_strs(shells.get("options_with_value"))),
        wrappers=tuple(wrappers),
        entry_scripts=_Names(_strs(raw.get("entrypoint_scripts"))),
        servers=tuple(servers),
        runners=tuple(runners),
        probes=tuple(probes),
        server_modules=frozenset(m for s in servers for m in s.modules),
    )


@functools.lru_cache(maxsize=16)
def _spec_for(knowledge: Any) -> _Spec:
    try:
        return _build_spec(getattr(knowledge, "commands", None) or {})
    except Exception:  # pragma: no cover - malformed packs never crash analysis
        return _Spec()


def _spec(knowledge: Any) -> _Spec:
    try:
        return _spec_for(knowledge)
    except TypeError:  # unhashable knowledge stand-in
        return _build_spec(getattr(knowledge, "commands", None) or {})


# --------------------------------------------------------------------------- helpers

_VAR = re.compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])(.*))?\}|([A-Za-z_][A-Za-z0-9_]*))$", re.S)
_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_REDIRECT = re.compile(r"^\d*(?:>>?|<<?-?|>&|<&|&>>?|>\||<>)$")
_RESERVED = {"then", "do", "else", "elif", "if", "while", "until", "!", "{", "(", "time"}


def _basename(value: str) -> str:
    return posixpath.basename(value.rstrip("/")) if "/" in value else value


def _env_text(value: Any) -> Text | None:
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value)
    return None


def _normalize_env(env: Any) -> dict[str, Text | None]:
    out: dict[str, Text | None] = {}
    if env is None:
        return out
    try:
        if isinstance(env, Mapping):
            for k, v in env.items():
                out[str(k)] = _env_text(v)
        else:
            for var in env:
                if isinstance(var, EnvVar):
                    out[var.name] = var.value
    except Exception:
        return {}
    return out


def _resolve(text: Text, env: Mapping[str, Text | None]) -> Text:
    """A value that is a whole ``$VAR`` / ``${VAR:-default}``: its value from ``env`` (a
    located Text when the environment says where it is set), else the default (located in
    ``text``), else a HOLE.  Other values are returned unchanged."""
    m = _VAR.match(text.value)
    if not m:
        return text
    name = m.group(1) or m.group(4)
    value = env.get(name)
    if value is not None and (value.value or m.group(2) != ":-"):
        return value
    if m.group(2) is not None and m.group(3) is not None:
        start = m.start(3)
        return slice_text(text, start, start + len(m.group(3)))
    return Text(HOLE)


def _port_of(text: Text | None, env: Mapping[str, Text | None]) -> int | None:
    if text is None:
        return None
    value = _resolve(text, env).value.strip()
    if value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    return None


def split_hostport(text: Text) -> tuple[Text | None, Text | None]:
    """``host:port`` → (host, port) slices.  ``[::1]:8000`` → ("::1", "8000");
    ``:8000`` → ("", "8000"); ``8000`` → (None, "8000"); ``0.0.0.0`` → ("0.0.0.0", None);
    ``::`` (an IPv6 address without brackets) → ("::", None).  ``tcp://`` is skipped."""
    v = text.value
    off = 0
    if v.lower().startswith("tcp://"):
        off = 6
    rest = v[off:]
    if rest.startswith("["):
        close = rest.find("]")
        if close < 0:
            return slice_text(text, off + 1, len(v)), None
        host = slice_text(text, off + 1, off + close)
        tail = rest[close + 1 :]
        if tail.startswith(":") and len(tail) > 1:
            return host, slice_text(text, off + close + 2, len(v))
        return host, None
    if rest.count(":") > 1 and re.fullmatch(r"[0-9A-Fa-f:.]+(?:%\w+)?", rest):
        return slice_text(text, off, len(v)), None  # an IPv6 address without brackets
    if ":" in rest:
        i = rest.index(":")
        port = slice_text(text, off + i + 1, len(v)) if i + 1 < len(rest) else None
        return slice_text(text, off, off + i), port
    if rest.isdigit() or (rest.startswith("$") and "PORT" in rest.upper()):
        return None, slice_text(text, off, len(v))
    return slice_text(text, off, len(v)), None


def url_host(text: Text) -> tuple[Text | None, Text | None, str | None]:
    """(host, port, scheme) slices of a URL or ``host[:port][/path]`` string."""
    v = text.value
    i = 0
    scheme = None
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", v)
    if m:
        scheme = m.group(1).lower()
        i = m.end()
    end = len(v)
    for ch in "/?#":
        j = v.find(ch, i)
        if j >= 0:
            end = min(end, j)
    at = v.rfind("@", i, end)
    if at >= 0:
        i = at + 1
    host, port = split_hostport(slice_text(text, i, end))
    if host is not None and host.value == "" and port is None:
        host = None
    return host, port, scheme


@dataclass
class _Opt:
    name: str
    value: Text | None
    token: Text


def _scan(
    args: Sequence[Text],
    with_value: frozenset[str],
    *,
    all_take_value: bool = False,
    single_dash: bool = False,
    stop_at_positional: bool = False,
) -> tuple[list[_Opt], list[Text], int]:
    """Options and positional arguments.  Returns (options, positionals, index of the first
    positional when ``stop_at_positional``, else len(args))."""
    opts: list[_Opt] = []
    pos: list[Text] = []
    i, n = 0, len(args)
    while i < n:
        tok = args[i]
        v = tok.value
        if v == "--":
            if stop_at_positional:
                return opts, pos, i + 1
            pos.extend(args[i + 1 :])
            return opts, pos, n
        if v.startswith("--") and len(v) > 2 or (single_dash and v.startswith("-") and len(v) > 2):
            name, eq, _ = v.partition("=")
            if eq:
                opts.append(_Opt(name, slice_text(tok, len(name) + 1, len(v)), tok))
            elif (name in with_value or (all_take_value and v.startswith("--"))) and i + 1 < n:
                opts.append(_Opt(name, args[i + 1], tok))
                i += 1
            elif single_dash and v[:2] in with_value and not v.startswith("--"):
                opts.append(_Opt(v[:2], slice_text(tok, 2, len(v)), tok))
            else:
                opts.append(_Opt(name, None, tok))
            i += 1
            continue
        if v.startswith("-") and len(v) >= 2 and v != "-":
            short = v[:2]
            if v in with_value:
                if i + 1 < n:
                    opts.append(_Opt(v, args[i + 1], tok))
                    i += 2
                else:
                    opts.append(_Opt(v, None, tok))
                    i += 1
                continue
            if "=" in v and v.partition("=")[0] in with_value:  # -addr=host:port
                name = v.partition("=")[0]
                opts.append(_Opt(name, slice_text(tok, len(name) + 1, len(v)), tok))
                i += 1
                continue
            if short in with_value and len(v) > 2:
                opts.append(_Opt(short, slice_text(tok, 2, len(v)), tok))
                i += 1
                continue
            # a cluster of flags; the last may take a value (-vp 8000)
            for k in range(1, len(v)):
                flag = "-" + v[k]
                if flag in with_value:
                    if k + 1 < len(v):
                        opts.append(_Opt(flag, slice_text(tok, k + 1, len(v)), tok))
                    elif i + 1 < n:
                        opts.append(_Opt(flag, args[i + 1], tok))
                        i += 1
                    else:
                        opts.append(_Opt(flag, None, tok))
                    break
                opts.append(_Opt(flag, None, tok))
            i += 1
            continue
        if stop_at_positional:
            return opts, pos, i
        pos.append(tok)
        i += 1
    return opts, pos, n


def _last(opts: list[_Opt], names: Iterable[str]) -> _Opt | None:
    names = set(names)
    hit = None
    for o in opts:
        if o.name in names:
            hit = o
    return hit


def _join(base: str | None, path: str) -> str:
    if path.startswith("/"):
        return posixpath.normpath(path)
    return posixpath.normpath(posixpath.join(base or "/", path))


# --------------------------------------------------------------------------- analysis


class _Walk:
    def __init__(self, spec: _Spec, env: dict[str, Text | None], probes: bool = False) -> None:
        self.spec = spec
        self.base_env = env
        self.want_probes = probes
        self.servers: list[ServerInfo] = []
        self.targets: list[PythonTarget] = []
        self.programs: list[Text] = []
        self.scripts: list[str] = []
        self.probes: list[ProbeInfo] = []
        self.argvs: list[tuple[str, ...]] = []

    # -- command lists -------------------------------------------------------------------
    def run(self, tokens: Sequence[Text], cwd: str | None, env: dict, depth: int = 0, operators: Sequence[bool] | None = None) -> None:
        if depth > _MAX_DEPTH:
            return
        env = dict(env)
        state = {"cwd": cwd, "env": env}
        cmd: list[Text] = []
        ops = list(operators) if operators is not None else [t.value in CONTROL_OPERATORS for t in tokens]
        for tok, is_op in zip(tokens, ops):
            if is_op and tok.value in CONTROL_OPERATORS:
                self.simple(cmd, state, depth)
                cmd = []
            else:
                cmd.append(tok)
        self.simple(cmd, state, depth)

    def script(self, text: Text, state: dict, depth: int) -> None:
        words = split_words(text, newline_is_separator=True)
        self.run([w.text for w in words], state["cwd"], state["env"], depth + 1, [w.control for w in words])

    def simple(self, argv: list[Text], state: dict, depth: int) -> None:
        # drop redirections (and their targets)
        clean: list[Text] = []
        skip = False
        for tok in argv:
            if skip:
                skip = False
                continue
            if _REDIRECT.match(tok.value):
                skip = True
                continue
            clean.append(tok)
        while clean and clean[0].value in _RESERVED:
            clean = clean[1:]
        while clean and clean[-1].value in ("}", ")", "fi", "done", "esac"):
            clean = clean[:-1]
        if clean and clean[0].value.startswith("(") and len(clean[0].value) > 1:
            clean[0] = slice_text(clean[0], 1, len(clean[0].value))
        env = dict(state["env"])
        while clean and _ASSIGN.match(clean[0].value):
            name = clean[0].value.split("=", 1)[0]
            env[name] = slice_text(clean[0], len(name) + 1, len(clean[0].value))
            clean = clean[1:]
        if not clean:
            state["env"].update(env)  # A=b on its own sets a shell variable
            return
        prog = clean[0].value
        if prog == "cd":
            if len(clean) > 1 and not clean[1].value.startswith("$") and clean[1].value not in ("-", "~"):
                state["cwd"] = _join(state["cwd"], clean[1].value)
            return
        if prog in ("export", "declare", "typeset", "local", "readonly"):
            for tok in clean[1:]:
                if _ASSIGN.match(tok.value):
                    name = tok.value.split("=", 1)[0]
                    state["env"][name] = slice_text(tok, len(name) + 1, len(tok.value))
            return
        self.command(clean, state["cwd"], env, depth)

    # -- one simple command ----------------------------------------------------------------
    def command(self, argv: list[Text], cwd: str | None, env: dict, depth: int) -> None:
        if not argv or depth > _MAX_DEPTH:
            return
        prog_tok = argv[0]
        if _VAR.match(prog_tok.value):
            value = _resolve(prog_tok, env)  # "$PY" app.py, with PY=python3 set before
            if value.value and HOLE not in value.value and not value.value.startswith("$"):
                words = split_words(value)
                if len(words) == 1:
                    prog_tok = words[0].text
                    argv = [prog_tok, *argv[1:]]
        prog = _basename(prog_tok.value)
        args = argv[1:]
        spec = self.spec
        if spec.shells.match(prog):
            self.shell(prog_tok, args, cwd, env, depth)
            return
        for w in spec.wrappers:
            if w.names.match(prog):
                self.wrapper(w, args, cwd, env, depth)
                return
        self.argvs.append(tuple(t.value for t in argv))
        if spec.interpreters.match(prog):
            self.programs.append(prog_tok)
            self.python(prog_tok, args, cwd, env, depth)
            return
        self.programs.append(prog_tok)
        if self.server_program(prog, prog_tok, args, cwd, env, depth):
            return
        for r in spec.runners:
            if r.names.match(prog):
                self.runner(r, prog, args, cwd, env)
                return
        if self.want_probes:
            for p in spec.probes:
                if p.names.match(prog):
                    self.probe(p, prog, prog_tok, args, env)
                    return
        if prog.endswith(".py"):
            self.targets.append(PythonTarget("script", prog_tok.value, prog_tok, cwd, True, None, None,
                                             tuple(a.value for a in args)))
            self.server_script(prog, prog_tok, args, cwd, env)
            return
        if spec.entry_scripts.match(prog):
            self.scripts.append(prog_tok.value)
            if args and not args[0].value.startswith("-"):
                self.command(list(args), cwd, env, depth + 1)

    def shell(self, prog_tok: Text, args: list[Text], cwd, env, depth) -> None:
        i, n = 0, len(args)
        has_c = False
        while i < n:
            v = args[i].value
            if v in self.spec.shell_with_value:
                i += 2
                continue
            if (v.startswith("-") or v.startswith("+")) and len(v) > 1 and v != "--":
                if not v.startswith("--") and "c" in v[1:]:
                    has_c = True
                i += 1
                continue
            if v == "--":
                i += 1
            break
        if has_c:
            if i < n:
                self.script(args[i], {"cwd": cwd, "env": dict(env)}, depth)
            return
        if i < n:
            script = args[i]
            self.scripts.append(script.value)
            rest = args[i + 1 :]
            if rest and self.spec.entry_scripts.match(_basename(script.value)) and not rest[0].value.startswith("-"):
                self.command(list(rest), cwd, env, depth + 1)

    def wrapper(self, w: _Wrapper, args: list[Text], cwd, env, depth) -> None:
        env = dict(env)
        if w.double_dash == "required":
            for k, tok in enumerate(args):
                if tok.value == "--":
                    self.command(list(args[k + 1 :]), cwd, env, depth + 1)
                    return
            return
        i, n = 0, len(args)
        need_sub = w.subcommand
        left = w.positionals
        while i < n:
            tok = args[i]
            v = tok.value
            if v == "--":
                i += 1
                if need_sub:
                    return
                break
            if w.assignments and _ASSIGN.match(v):
                name = v.split("=", 1)[0]
                env[name] = slice_text(tok, len(name) + 1, len(v))
                i += 1
                continue
            if v.startswith("-") and len(v) > 1:
                name = v.partition("=")[0]
                # "-n10" (an attached value) is one word: only "-n 10" takes the next one
                takes = "=" not in v and (name in w.with_value or (w.all_take_value and v.startswith("--")))
                if name in ("-C", "--chdir") and w.assignments:
                    target = args[i + 1].value if "=" not in v and i + 1 < n else v.partition("=")[2]
                    cwd = _join(cwd, target) if target else cwd
                i += 2 if takes else 1
                continue
            if need_sub:
                if v != need_sub:
                    return
                need_sub = None
                i += 1
                continue
            if left:
                left -= 1
                i += 1
                continue
            break
        if need_sub or i >= n:
            return
        if w.single_argument:
            self.script(args[i], {"cwd": cwd, "env": env}, depth)
            return
        self.command(list(args[i:]), cwd, env, depth + 1)

    def python(self, prog_tok: Text, args: list[Text], cwd, env, depth, via: str = "python") -> None:
        i, n = 0, len(args)
        with_value = self.spec.interp_with_value
        while i < n:
            tok = args[i]
            v = tok.value
            if v == "-" or not v.startswith("-"):
                break
            if v == "--":
                i += 1
                break
            if v.startswith("--"):
                i += 2 if (v in with_value and "=" not in v) else 1
                continue
            if v in with_value:
                i += 2
                continue
            k = 1
            consumed_next = False
            while k < len(v):
                c = v[k]
                if c in "mc":
                    if k + 1 < len(v):
                        value = slice_text(tok, k + 1, len(v))
                    elif i + 1 < n:
                        value = args[i + 1]
                        consumed_next = True
                    else:
                        return
                    rest = list(args[i + 2 :] if consumed_next else args[i + 1 :])
                    if c == "c":
                        self.targets.append(PythonTarget("code", value.value, value, cwd, True, None, via))
                    else:
                        self.module(value, rest, cwd, env, depth, via)
                    return
                if "-" + c in with_value:
                    if k + 1 == len(v):
                        consumed_next = True
                    break
                k += 1
            i += 2 if consumed_next else 1
        if i >= n:
            return
        script = args[i]
        if script.value == "-":
            return
        self.targets.append(PythonTarget("script", script.value, script, cwd, True, None, via,
                                         tuple(a.value for a in args[i + 1:])))
        self.server_script(_basename(script.value), script, list(args[i + 1 :]), cwd, env)

    def module(self, mod_tok: Text, rest: list[Text], cwd, env, depth, via: str) -> None:
        mod = mod_tok.value
        for s in self.spec.servers:
            if mod in s.modules:
                if self.server(s, mod_tok, rest, cwd, env, depth, program=mod, from_module=True):
                    return
        if mod in self.spec.server_modules:
            return  # python -m flask db upgrade: a tool, not the app
        for r in self.spec.runners:
            if r.names.match(mod):
                self.runner(r, mod, rest, cwd, env)
                return
        for w in self.spec.wrappers:
            if w.names.match(mod):
                self.wrapper(w, rest, cwd, env, depth)
                return
        self.targets.append(PythonTarget("module", mod, mod_tok, cwd, True, None, via, tuple(a.value for a in rest)))

    # -- servers -------------------------------------------------------------------------
    def server_program(self, prog, prog_tok, args, cwd, env, depth) -> bool:
        for s in self.spec.servers:
            if s.programs.match(prog):
                if self.server(s, prog_tok, args, cwd, env, depth, program=prog):
                    return True
        return False

    def server_script(self, prog, prog_tok, args, cwd, env) -> None:
        for s in self.spec.servers:
            if s.scripts.match(prog):
                if self.server(s, prog_tok, args, cwd, env, 0, program=prog, record_app=False):
                    return

    def server(self, s: _Server, prog_tok: Text, args: list[Text], cwd, env, depth, *, program: str,
               from_module: bool = False, record_app: bool = True) -> bool:
        extra: list[Text] = []
        for name in s.args_env:
            val = env.get(name)
            if val is not None and val.value.strip():
                extra.extend(w.text for w in split_words(val) if not w.operator)
        all_args = extra + list(args)
        if s.runs_python:
            return self.python_server(s, prog_tok, all_args, cwd, env, depth)
        opts, pos, _ = _scan(all_args, s.with_value)
        sub_idx = None
        if s.subcommands:
            optional = s.subcommand_optional or program in s.subcommand_optional_for
            if pos and pos[0].value in s.subcommands:
                sub_idx = 0
            elif not optional:
                return False
            elif pos and any(pos[0].value in t.subcommands for t in self.spec.servers if t is not s and t.programs.match(program)):
                return False
        positionals = pos[1:] if sub_idx is not None else pos
        socket = any(o.name in s.socket_options for o in opts)
        binds: list[Text] = []
        ports: list[int] = []
        port_texts: list[Text] = []
        host_source = None
        host_opt = _last(opts, s.host_options)
        if host_opt is not None and host_opt.value is not None:
            binds.append(self._host(host_opt.value, env, s))
            host_source = "option"
        for o in opts:
            if o.name in s.bind_options and o.value is not None:
                val = _resolve(o.value, env) if _VAR.match(o.value.value) else o.value
                if any(val.value.startswith(p) for p in s.socket_prefixes):
                    continue
                h, p = split_hostport(val)
                if h is not None:
                    binds.append(self._host(h, env, s))
                    host_source = "option"
                if p is not None:
                    port = _port_of(p, env)
                    if port is not None:
                        ports.append(port)
                        port_texts.append(p)
                elif s.default_port is not None and h is not None:
                    ports.append(s.default_port)
        if any(o.name in s.bind_options for o in opts) and not binds and not ports:
            socket = True  # every bind was a Unix socket
        port_opt = _last(opts, s.port_options)
        if port_opt is not None and port_opt.value is not None:
            port = _port_of(port_opt.value, env)
            if port is not None:
                ports.append(port)
                port_texts.append(port_opt.value)
        addr_tok = None
        if s.positional_addrport and positionals:
            addr_tok = positionals[0]
            val = _resolve(addr_tok, env) if _VAR.match(addr_tok.value) else addr_tok
            h, p = split_hostport(val)
            if h is not None:
                binds.append(self._host(h, env, s))
                host_source = "positional"
            if p is not None and _port_of(p, env) is not None:
                ports.append(_port_of(p, env))  # type: ignore[arg-type]
                port_texts.append(p)
        if s.positional_port and positionals and _port_of(positionals[0], env) is not None:
            addr_tok = positionals[0]
            ports.append(_port_of(addr_tok, env))  # type: ignore[arg-type]
            port_texts.append(addr_tok)
        if not binds:
            for name in s.host_env:
                val = env.get(name)
                if val is not None and val.value:
                    binds.append(self._host(val, env, s))
                    host_source = f"env:{name}"
                    break
        if not ports:
            for name in s.port_env:
                val = env.get(name)
                if val is not None and _port_of(val, env) is not None:
                    ports.append(_port_of(val, env))  # type: ignore[arg-type]
                    port_texts.append(val)
                    break
        if not ports and s.default_port is not None:
            ports.append(s.default_port)
        bind_default = None
        if not binds:
            ipv6 = any(o.name in s.ipv6_options for o in opts)
            bind_default = s.default_host_ipv6 if ipv6 and s.default_host_ipv6 else s.default_host
        config = tuple(o.value.value for o in opts if o.name in s.config_options and o.value is not None)
        if config:
            bind_default = None  # a config file named on the command line may set the bind: cannot tell
        else:
            config = s.default_config
        if socket:
            binds, ports, port_texts, bind_default, host_source = [], [], [], None, None
        self.servers.append(
            ServerInfo(
                name=s.name,
                program=prog_tok,
                bind=binds[-1] if binds else None,
                binds=tuple(binds),
                bind_default=bind_default,
                host_source=host_source,
                ports=tuple(dict.fromkeys(ports)),
                port_texts=tuple(port_texts),
                config_files=config,
                no_tcp=socket,
            )
        )
        if record_app:
            app_dir = _last(opts, s.app_dir_options)
            base = _join(cwd, app_dir.value.value) if app_dir is not None and app_dir.value is not None else cwd
            app_tok = None
            app_opt = _last(opts, s.app_options)
            if app_opt is not None and app_opt.value is not None:
                app_tok = app_opt.value
            elif s.app == "positional":
                cands = [p for p in positionals if p is not addr_tok and not _VAR.match(p.value)]
                if s.app_kind == "module":
                    app_tok = next((p for p in cands if ":" in p.value), cands[0] if cands else None)
                else:
                    app_tok = cands[0] if cands else None
            else:
                for name in s.app_env:
                    val = env.get(name)
                    if val is not None and val.value and HOLE not in val.value:
                        app_tok = val
                        break
            if app_tok is not None:
                self._app(app_tok, s.app_kind, base, via=s.name)
        return True

    def python_server(self, s: _Server, prog_tok: Text, args: list[Text], cwd, env, depth) -> bool:
        """debugpy and the like: a listener, then the program it runs (-m mod | script)."""
        i, n = 0, len(args)
        opts: list[_Opt] = []
        while i < n:
            v = args[i].value
            if v in ("-m", "-c") or not v.startswith("-"):
                break
            name, eq, _ = v.partition("=")
            if eq:
                opts.append(_Opt(name, slice_text(args[i], len(name) + 1, len(v)), args[i]))
                i += 1
            elif name in s.with_value and i + 1 < n:
                opts.append(_Opt(name, args[i + 1], args[i]))
                i += 2
            else:
                i += 1
        binds, ports, port_texts = [], [], []
        for o in opts:
            if o.name in s.bind_options and o.value is not None:
                h, p = split_hostport(o.value)
                if h is not None:
                    binds.append(self._host(h, env, s))
                if p is not None and _port_of(p, env) is not None:
                    ports.append(_port_of(p, env))
                    port_texts.append(p)
        if any(o.name in s.bind_options for o in opts):
            self.servers.append(
                ServerInfo(
                    name=s.name,
                    program=prog_tok,
                    bind=binds[-1] if binds else None,
                    binds=tuple(binds),
                    bind_default=None if binds else s.default_host,
                    host_source="option" if binds else None,
                    ports=tuple(ports),
                    port_texts=tuple(port_texts),
                )
            )
        self.python(prog_tok, list(args[i:]), cwd, env, depth + 1, via=s.name)
        return True

    def _host(self, text: Text, env, s: _Server) -> Text:
        return _resolve(text, env) if _VAR.match(text.value) else text

    def _app(self, tok: Text, kind: str, base: str | None, via: str) -> None:
        v = tok.value
        if not v or HOLE in v or v.startswith("$"):
            return
        if kind == "script" or kind == "path" or v.endswith(".py") or "/" in v:
            path = v.split(":", 1)[0] if kind != "script" else v
            main = kind == "script"
            self.targets.append(PythonTarget("script", path, slice_text(tok, 0, len(path)), base, main, None, via))
            return
        module, _, attr = v.partition(":")
        if not module or not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*", module):
            return
        self.targets.append(
            PythonTarget("module", module, slice_text(tok, 0, len(module)), base, False, attr or None, via)
        )

    def runner(self, r: _Runner, prog: str, args: list[Text], cwd, env) -> None:
        opts, pos, _ = _scan(args, r.with_value)
        if r.subcommand and not (pos and pos[0].value == r.subcommand):
            return
        if r.subcommand:
            pos = pos[1:]
        if r.ignore_app:
            return
        app_dir = _last(opts, r.app_dir_options)
        base = _join(cwd, app_dir.value.value) if app_dir is not None and app_dir.value is not None else cwd
        app_opt = _last(opts, r.app_options)
        tok = None
        if app_opt is not None and app_opt.value is not None:
            tok = app_opt.value
        elif r.app == "positional" and pos:
            tok = pos[0]
        if tok is not None:
            self._app(tok, r.app_kind, base, via=prog)

    # -- probes --------------------------------------------------------------------------
    def probe(self, p: _Probe, prog: str, prog_tok: Text, args: list[Text], env) -> None:
        opts, pos, _ = _scan(args, p.with_value, single_dash=p.single_dash)
        hosts: list[Text] = []
        ports: list[int] = []
        urls: list[Text] = []
        for o in opts:
            if o.value is None:
                continue
            if o.name in p.host_options:
                hosts.append(_resolve(o.value, env))
            elif o.name in p.port_options:
                port = _port_of(o.value, env)
                if port is not None:
                    ports.append(port)
            elif o.name in p.url_options:
                urls.append(o.value)
            elif o.name in p.hostport_options:
                h, pt = split_hostport(o.value)
                if h is not None:
                    hosts.append(h)
                if pt is not None and _port_of(pt, env) is not None:
                    ports.append(_port_of(pt, env))  # type: ignore[arg-type]
        if p.url and pos:
            urls.append(pos[0])
        elif p.positional_host and pos:
            hosts.append(_resolve(pos[0], env))
            if p.positional_port and len(pos) > 1 and _port_of(pos[1], env) is not None:
                ports.append(_port_of(pos[1], env))  # type: ignore[arg-type]
        for u in urls:
            h, pt, _ = url_host(u)
            if h is not None:
                hosts.append(h)
            if pt is not None and _port_of(pt, env) is not None:
                ports.append(_port_of(pt, env))  # type: ignore[arg-type]
        self.probes.append(ProbeInfo(prog, prog_tok, tuple(hosts), tuple(ports), tuple(urls), p.ipv6_first))


def known_program(name: str, knowledge: Any) -> str | None:
    """What ``rules/commands.yaml`` knows a program (argv[0]'s basename) as: "python",
    "shell", "wrapper", "server", "runner", "probe", "entry-script", or None."""
    spec = _spec(knowledge)
    prog = _basename(name)
    if spec.interpreters.match(prog):
        return "python"
    if spec.shells.match(prog):
        return "shell"
    if any(w.names.match(prog) for w in spec.wrappers):
        return "wrapper"
    if any(s.programs.match(prog) or s.scripts.match(prog) for s in spec.servers):
        return "server"
    if any(r.names.match(prog) for r in spec.runners):
        return "runner"
    if any(p.names.match(prog) for p in spec.probes):
        return "probe"
    if spec.entry_scripts.match(prog):
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
    GUNICORN_CMD_ARGS ...).  Never raises."""
    try:
        if isinstance(tokens, Command) and working_dir is None:
            working_dir = tokens.working_dir
        toks = _tokens(tokens)
        envmap = _normalize_env(env)
        walk = _Walk(_spec(knowledge), envmap)
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
            argvs=tuple(walk.argvs),
        )
    except Exception:  # pragma: no cover - defensive: never raise
        return StartInfo(working_dir=working_dir)


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
    try:
        if isinstance(tokens, Command) and working_dir is None:
            working_dir = tokens.working_dir
        toks = _tokens(tokens)
        envmap = _normalize_env(env)
        walk = _Walk(_spec(knowledge), envmap, probes=True)
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
    except Exception:  # pragma: no cover - defensive
        return HealthcheckInfo()


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
            out.append(_join(base, t.value))
        elif t.kind == "module":
            rel = t.value.replace(".", "/")
            out.append(_join(base, rel + ".py"))
            out.append(_join(base, rel + "/__init__.py"))
            if t.main:
                out.append(_join(base, rel + "/__main__.py"))
    return tuple(dict.fromkeys(out))
