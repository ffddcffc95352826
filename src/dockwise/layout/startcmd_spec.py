"""The knowledge ``dockwise.layout.startcmd`` reads command lines with: the
``commands:`` section of ``rules/commands.yaml`` turned into a :class:`CommandSpec`
(wrappers, servers and their options and defaults, runners, probes, entry scripts), built
once per knowledge and memoised."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Mapping

from dockwise.knowledge import glob_regex


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
class NamePatterns:
    patterns: tuple[str, ...]

    def __post_init__(self) -> None:
        # compiled once: every word of every start command of every service is matched
        # against every runner's names
        object.__setattr__(self, "_rx", glob_regex(self.patterns))

    def match(self, name: str) -> bool:
        # _rx: set by __post_init__, not a field of this frozen dataclass
        return self._rx.fullmatch(name) is not None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WrapperSpec:
    names: NamePatterns
    with_value: frozenset[str] = frozenset()
    all_take_value: bool = False
    subcommand: str | None = None
    positionals: int = 0
    assignments: bool = False
    double_dash: str | None = None
    single_argument: bool = False
    single_dash: bool = False


@dataclass(frozen=True)
class ServerSpec:
    name: str
    programs: NamePatterns
    modules: tuple[str, ...]
    scripts: NamePatterns
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
class RunnerSpec:
    names: NamePatterns
    with_value: frozenset[str] = frozenset()
    subcommand: str | None = None
    app: str | None = None
    app_kind: str = "module"
    app_options: tuple[str, ...] = ()
    app_dir_options: tuple[str, ...] = ()
    ignore_app: bool = False


@dataclass(frozen=True)
class ProbeSpec:
    names: NamePatterns
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
class CommandSpec:
    interpreters: NamePatterns = NamePatterns(())
    interp_with_value: frozenset[str] = frozenset()
    shells: NamePatterns = NamePatterns(())
    shell_with_value: frozenset[str] = frozenset()
    wrappers: tuple[WrapperSpec, ...] = ()
    entry_scripts: NamePatterns = NamePatterns(())
    servers: tuple[ServerSpec, ...] = ()
    runners: tuple[RunnerSpec, ...] = ()
    probes: tuple[ProbeSpec, ...] = ()
    server_modules: frozenset[str] = frozenset()


def _entries(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _wrapper(w: dict) -> WrapperSpec:
    return WrapperSpec(
        names=NamePatterns(_strs(w.get("names"))),
        with_value=frozenset(_strs(w.get("options_with_value"))),
        all_take_value=bool(w.get("all_options_take_value", False)),
        subcommand=w.get("subcommand") if isinstance(w.get("subcommand"), str) else None,
        positionals=_int(w.get("positionals")) or 0,
        assignments=bool(w.get("assignments", False)),
        double_dash=w.get("double_dash") if isinstance(w.get("double_dash"), str) else None,
        single_argument=bool(w.get("single_argument", False)),
        single_dash=bool(w.get("single_dash_options", False)),
    )


def _server(s: dict) -> ServerSpec | None:
    name = s.get("name")
    if not isinstance(name, str):
        return None
    host_o, port_o, bind_o = _strs(s.get("host_options")), _strs(s.get("port_options")), _strs(s.get("bind_options"))
    sock_o, app_o = _strs(s.get("socket_options")), _strs(s.get("app_options"))
    dir_o, conf_o = _strs(s.get("app_dir_options")), _strs(s.get("config_options"))
    with_value = frozenset(_strs(s.get("options_with_value")) + host_o + port_o + bind_o + sock_o + app_o + dir_o + conf_o)
    dh = s.get("default_host")
    return ServerSpec(
        name=name,
        programs=NamePatterns(_strs(s.get("programs"))),
        modules=_strs(s.get("modules")),
        scripts=NamePatterns(_strs(s.get("scripts"))),
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


def _runner(r: dict) -> RunnerSpec:
    app_o, dir_o = _strs(r.get("app_options")), _strs(r.get("app_dir_options"))
    return RunnerSpec(
        names=NamePatterns(_strs(r.get("names"))),
        with_value=frozenset(_strs(r.get("options_with_value")) + app_o + dir_o),
        subcommand=r.get("subcommand") if isinstance(r.get("subcommand"), str) else None,
        app=r.get("app") if isinstance(r.get("app"), str) else None,
        app_kind=str(r.get("app_kind", "module")),
        app_options=app_o,
        app_dir_options=dir_o,
        ignore_app=bool(r.get("ignore_app", False)),
    )


def _probe(p: dict) -> ProbeSpec:
    host_o, port_o = _strs(p.get("host_options")), _strs(p.get("port_options"))
    url_o, hp_o = _strs(p.get("url_options")), _strs(p.get("hostport_options"))
    return ProbeSpec(
        names=NamePatterns(_strs(p.get("names"))),
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


def _build_spec(raw: Mapping[str, Any]) -> CommandSpec:
    raw = raw if isinstance(raw, Mapping) else {}
    interp = raw.get("interpreters")
    interp = interp if isinstance(interp, dict) else {}
    shells = raw.get("shells")
    shells = shells if isinstance(shells, dict) else {}
    wrappers = [_wrapper(w) for w in _entries(raw.get("wrappers"))]
    servers = [s for s in map(_server, _entries(raw.get("servers"))) if s is not None]
    runners = [_runner(r) for r in _entries(raw.get("runners"))]
    probes = [_probe(p) for p in _entries(raw.get("probes"))]
    return CommandSpec(
        interpreters=NamePatterns(_strs(interp.get("names"))),
        interp_with_value=frozenset(_strs(interp.get("options_with_value"))),
        shells=NamePatterns(_strs(shells.get("names"))),
        shell_with_value=frozenset(_strs(shells.get("options_with_value"))),
        wrappers=tuple(wrappers),
        entry_scripts=NamePatterns(_strs(raw.get("entrypoint_scripts"))),
        servers=tuple(servers),
        runners=tuple(runners),
        probes=tuple(probes),
        server_modules=frozenset(m for s in servers for m in s.modules),
    )


@functools.lru_cache(maxsize=16)
def command_spec(knowledge: Any) -> CommandSpec:
    """The start-command tables of the run's knowledge (rules/commands.yaml and the packs'),
    compiled once per knowledge."""
    try:
        return _build_spec(knowledge.commands)
    except (TypeError, ValueError, KeyError, AttributeError, re.error):
        return CommandSpec()  # a malformed pack's table: no start-command knowledge, no crash
